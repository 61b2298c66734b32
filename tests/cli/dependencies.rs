//! Dependency hygiene, offline: every package's licence fits the allow-list
//! of `.ci/dependency-policy.txt` (compatible with EUPL-1.2), every package
//! comes from crates.io (no git dependencies), and a crate in two versions is
//! an accepted, commented duplicate. Read from `cargo metadata --locked
//! --offline` for this platform: no advisory database (that needs the
//! network; see README).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::{Value, json};

use crate::dockerfile::{host_triple, repo};

const POLICY: &str = ".ci/dependency-policy.txt";
const CRATES_IO: [&str; 2] = [
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

#[derive(Debug, Default)]
struct Policy {
    licenses: BTreeSet<String>,
    duplicates: BTreeSet<String>,
}

fn parse_policy(text: &str) -> Policy {
    let mut policy = Policy::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (rule, reason) = line
            .split_once(" -- ")
            .unwrap_or_else(|| panic!("a rule without its reason: {line}"));
        assert!(
            !reason.trim().is_empty(),
            "a rule without its reason: {line}"
        );
        match rule.split_once(' ') {
            Some(("license", id)) => policy.licenses.insert(id.trim().to_owned()),
            Some(("duplicate", name)) => policy.duplicates.insert(name.trim().to_owned()),
            _ => panic!("unknown rule: {line}"),
        };
    }
    policy
}

/// Whether an SPDX expression (`OR`, `AND`, `WITH`, parentheses, and the
/// old `/` for `OR`) can be met with the allowed licences.
fn license_allowed(expression: &str, allowed: &BTreeSet<String>) -> Result<bool, String> {
    let spaced = expression
        .replace('/', " OR ")
        .replace('(', " ( ")
        .replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    let ok = or_expr(&tokens, &mut pos, allowed)?;
    if pos != tokens.len() {
        return Err(format!("cannot read licence expression ‘{expression}’"));
    }
    Ok(ok)
}

fn or_expr(t: &[&str], pos: &mut usize, allowed: &BTreeSet<String>) -> Result<bool, String> {
    let mut ok = and_expr(t, pos, allowed)?;
    while t.get(*pos) == Some(&"OR") {
        *pos += 1;
        ok |= and_expr(t, pos, allowed)?;
    }
    Ok(ok)
}

fn and_expr(t: &[&str], pos: &mut usize, allowed: &BTreeSet<String>) -> Result<bool, String> {
    let mut ok = atom(t, pos, allowed)?;
    while t.get(*pos) == Some(&"AND") {
        *pos += 1;
        ok &= atom(t, pos, allowed)?;
    }
    Ok(ok)
}

fn atom(t: &[&str], pos: &mut usize, allowed: &BTreeSet<String>) -> Result<bool, String> {
    match t.get(*pos) {
        Some(&"(") => {
            *pos += 1;
            let ok = or_expr(t, pos, allowed)?;
            if t.get(*pos) != Some(&")") {
                return Err("unbalanced parentheses".into());
            }
            *pos += 1;
            Ok(ok)
        }
        Some(id) if !["OR", "AND", "WITH", ")"].contains(id) => {
            *pos += 1;
            let mut license = (*id).to_owned();
            if t.get(*pos) == Some(&"WITH") {
                let exception = t.get(*pos + 1).ok_or("WITH without an exception")?;
                license = format!("{license} WITH {exception}");
                *pos += 2;
            }
            Ok(allowed.contains(&license))
        }
        other => Err(format!("unexpected {other:?}")),
    }
}

/// What breaks the policy in a `cargo metadata` document, one line each.
fn problems(metadata: &Value, policy: &Policy) -> Vec<String> {
    let resolved: Option<BTreeSet<&str>> = metadata["resolve"]["nodes"]
        .as_array()
        .map(|nodes| nodes.iter().filter_map(|n| n["id"].as_str()).collect());
    let members: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut found = Vec::new();
    let mut versions: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in metadata["packages"].as_array().into_iter().flatten() {
        let id = p["id"].as_str().unwrap_or_default();
        if resolved.as_ref().is_some_and(|r| !r.contains(id)) {
            continue;
        }
        let name = p["name"].as_str().unwrap_or_default();
        let version = p["version"].as_str().unwrap_or_default();
        versions.entry(name).or_default().insert(version);
        match p["source"].as_str() {
            None if members.contains(id) => {}
            None => found.push(format!(
                "{name} {version}: a path dependency outside the workspace"
            )),
            Some(s) if CRATES_IO.contains(&s) => {}
            Some(s) if s.starts_with("git+") => {
                found.push(format!("{name} {version}: a git dependency ({s})"));
            }
            Some(s) => found.push(format!("{name} {version}: not from crates.io ({s})")),
        }
        match p["license"].as_str() {
            None => found.push(format!("{name} {version}: no licence field")),
            Some(l) => match license_allowed(l, &policy.licenses) {
                Ok(true) => {}
                Ok(false) => found.push(format!(
                    "{name} {version}: licence ‘{l}’ is not on the allow-list"
                )),
                Err(e) => found.push(format!("{name} {version}: {e}")),
            },
        }
    }
    for (name, v) in &versions {
        if v.len() > 1 && !policy.duplicates.contains(*name) {
            found.push(format!(
                "{name}: versions {} (not an accepted duplicate)",
                v.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for name in &policy.duplicates {
        if versions.get(name.as_str()).is_none_or(|v| v.len() < 2) {
            found.push(format!(
                "{name}: listed as a duplicate but is not one now; remove it from the list"
            ));
        }
    }
    found
}

fn policy() -> Policy {
    parse_policy(&std::fs::read_to_string(repo().join(POLICY)).unwrap())
}

#[test]
fn every_dependency_fits_the_policy() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--locked", "--offline", "--format-version", "1"])
        .args(["--filter-platform", &host_triple()])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        metadata["packages"].as_array().unwrap().len() > 100,
        "the whole graph was read"
    );
    let found = problems(&metadata, &policy());
    assert!(found.is_empty(), "against {POLICY}:\n{}", found.join("\n"));
}

fn package(name: &str, version: &str, license: Value, source: Value) -> Value {
    json!({
        "name": name, "version": version, "license": license, "source": source,
        "id": format!("{name}@{version}"),
    })
}

#[test]
fn a_disallowed_licence_a_git_source_and_a_new_duplicate_are_caught() {
    let crates_io = json!(CRATES_IO[0]);
    let sample = json!({
        "workspace_members": ["klankbord@0.1.0"],
        "packages": [
            package("klankbord", "0.1.0", json!("EUPL-1.2"), Value::Null),
            package("fine", "1.0.0", json!("MIT OR Apache-2.0"), crates_io.clone()),
            package("strong", "2.1.0", json!("GPL-3.0-only"), crates_io.clone()),
            package("mixed", "0.3.0", json!("(MIT OR Apache-2.0) AND LGPL-2.1"), crates_io.clone()),
            package("forked", "0.9.0", json!("MIT"), json!("git+https://github.com/someone/forked?branch=main#0123abcd")),
            package("bare", "1.2.0", Value::Null, crates_io.clone()),
            package("twice", "1.0.0", json!("MIT"), crates_io.clone()),
            package("twice", "2.0.0", json!("MIT"), crates_io.clone()),
            package("base64", "0.22.1", json!("MIT"), crates_io.clone()),
        ],
    });
    let found = problems(&sample, &policy());
    let expect = [
        "strong 2.1.0: licence ‘GPL-3.0-only’ is not on the allow-list",
        "mixed 0.3.0: licence ‘(MIT OR Apache-2.0) AND LGPL-2.1’ is not on the allow-list",
        "forked 0.9.0: a git dependency",
        "bare 1.2.0: no licence field",
        "twice: versions 1.0.0, 2.0.0 (not an accepted duplicate)",
        "base64: listed as a duplicate but is not one now",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.starts_with(e)),
            "missing ‘{e}’ in {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|f| f.starts_with("fine ") || f.starts_with("klankbord ")),
        "{found:#?}"
    );
}

#[test]
fn licence_expressions_are_read_as_spdx_says() {
    let allowed: BTreeSet<String> = [
        "MIT",
        "Apache-2.0",
        "BSD-3-Clause",
        "Apache-2.0 WITH LLVM-exception",
    ]
    .map(String::from)
    .into();
    let cases = [
        ("MIT", true),
        ("MIT/Apache-2.0", true),
        ("Apache-2.0 / MIT", true),
        ("GPL-2.0 OR MIT", true),
        ("(Apache-2.0 OR MIT) AND BSD-3-Clause", true),
        ("Apache-2.0 WITH LLVM-exception OR GPL-3.0", true),
        ("MIT AND GPL-3.0", false),
        ("GPL-3.0 WITH Classpath-exception-2.0", false),
        ("MIT WITH LLVM-exception", false),
    ];
    for (expression, ok) in cases {
        assert_eq!(
            license_allowed(expression, &allowed),
            Ok(ok),
            "{expression}"
        );
    }
    assert!(license_allowed("(MIT", &allowed).is_err());
    assert!(license_allowed("MIT OR", &allowed).is_err());
}

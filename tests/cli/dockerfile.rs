//! The container image's build stage gets only what its `COPY` lines name.
//! No Docker engine runs in CI, so this copies exactly that set into a clean
//! folder and lets cargo load and resolve the package there, offline and with
//! the lock file as it is. `cargo fetch` (for this host's platform) is the
//! cheap command that reads the whole manifest, its targets included, and
//! resolves every dependency: `cargo metadata` quietly drops a `[[bench]]`
//! whose file is missing, where `cargo build` stops with an error.

use std::path::{Path, PathBuf};
use std::process::Command;

const DOCKERFILE: &str = "deploy/Dockerfile";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One `COPY` of the build stage: sources in the build context, destination
/// relative to the stage's `WORKDIR`.
#[derive(Debug, PartialEq)]
struct Copy {
    sources: Vec<String>,
    dest: String,
}

/// The `COPY` lines of the first stage (up to the next `FROM`), without
/// `--from=` copies; continuation lines are joined first.
fn build_stage_copies(dockerfile: &str) -> Result<Vec<Copy>, String> {
    let joined = dockerfile.replace("\\\n", " ");
    let mut stages = 0;
    let mut workdir: Option<String> = None;
    let mut copies = Vec::new();
    for line in joined.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let instruction = words.next().unwrap_or_default().to_ascii_uppercase();
        match instruction.as_str() {
            "FROM" => {
                stages += 1;
                if stages > 1 {
                    break;
                }
            }
            "WORKDIR" => workdir = words.next().map(str::to_owned),
            "COPY" | "ADD" => {
                let args: Vec<&str> = words.collect();
                if args.iter().any(|a| a.starts_with("--from")) {
                    continue;
                }
                let args: Vec<&str> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
                let Some((dest, sources)) = args.split_last() else {
                    return Err(format!("COPY without arguments: {line}"));
                };
                if sources.is_empty() || sources.iter().any(|s| s.starts_with('[')) {
                    return Err(format!("unsupported COPY form: {line}"));
                }
                let dest = match (&workdir, dest.strip_prefix('/')) {
                    (Some(w), Some(_)) => dest
                        .strip_prefix(w.as_str())
                        .map(|d| d.trim_start_matches('/').to_owned())
                        .ok_or_else(|| format!("COPY outside WORKDIR {w}: {line}"))?,
                    (None, Some(_)) => return Err(format!("COPY before WORKDIR: {line}")),
                    (_, None) => dest.to_string(),
                };
                copies.push(Copy {
                    sources: sources.iter().map(|s| s.to_string()).collect(),
                    dest,
                });
            }
            _ => {}
        }
    }
    Ok(copies)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, to).map(|_| ())
    }
}

/// Docker's rules, as far as this Dockerfile uses them: a destination ending
/// in `/` (or `.`) is a folder that receives each source by its name; a single
/// folder source copies its contents into the destination.
fn place(copy: &Copy, context: &Path, root: &Path) -> Result<(), String> {
    let dest = copy.dest.trim_start_matches("./");
    let into_folder = dest.is_empty() || dest == "." || dest.ends_with('/');
    for source in &copy.sources {
        let from = context.join(source);
        if !from.exists() {
            return Err(format!("COPY names {source}, which the repository lacks"));
        }
        let name = Path::new(source)
            .file_name()
            .ok_or_else(|| format!("COPY source without a name: {source}"))?;
        let to = if into_folder && from.is_file() {
            root.join(dest).join(name)
        } else {
            root.join(dest)
        };
        copy_tree(&from, &to).map_err(|e| format!("copying {source}: {e}"))?;
    }
    Ok(())
}

pub fn host_triple() -> String {
    let out = Command::new("rustc").arg("-vV").output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap()
        .to_owned()
}

/// Copies the Dockerfile's build-stage set into a clean folder and asks cargo
/// to load and resolve the package there: `Err` with cargo's message if the
/// build in the image would stop before compiling.
fn copy_set_loads(dockerfile: &str) -> Result<(), String> {
    let copies = build_stage_copies(dockerfile)?;
    if copies.is_empty() {
        return Err("the build stage copies nothing".into());
    }
    let clean = tempfile::tempdir().unwrap();
    for copy in &copies {
        place(copy, &repo(), clean.path())?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["fetch", "--locked", "--offline", "--target", &host_triple()])
        .current_dir(clean.path())
        // Only for cargo's cache of what rustc reports (the probe of a fresh
        // folder failed now and then here, see .ci/run); nothing is built.
        .env("CARGO_TARGET_DIR", repo().join("target"))
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn dockerfile() -> String {
    std::fs::read_to_string(repo().join(DOCKERFILE)).unwrap()
}

#[test]
fn the_images_build_stage_gets_everything_cargo_needs() {
    let copies = build_stage_copies(&dockerfile()).unwrap();
    assert!(
        copies
            .iter()
            .any(|c| c.sources == ["Cargo.toml", "Cargo.lock"]),
        "{copies:?}"
    );
    // The bundled SQLite's build flags (the query planner stability
    // guarantee) come from .cargo/config.toml: without it the image's SQLite
    // would parse every `LIMIT ?` query anew.
    assert!(
        copies
            .iter()
            .any(|c| c.sources == [".cargo"] && c.dest.trim_end_matches('/').ends_with(".cargo")),
        "{copies:?}"
    );
    if let Err(e) = copy_set_loads(&dockerfile()) {
        panic!("the Dockerfile's build stage lacks files cargo needs:\n{e}");
    }
}

#[test]
fn a_dockerfile_that_leaves_out_the_benches_is_caught() {
    let without: String = dockerfile()
        .lines()
        .filter(|l| !l.trim_start().starts_with("COPY benches"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, dockerfile(), "the Dockerfile copies benches/");
    let err = copy_set_loads(&without).unwrap_err();
    // Cargo names the first benchmark it misses (which one is its choice).
    assert!(
        err.contains("can't find `") && err.contains("` bench at `benches/"),
        "{err}"
    );
}

#[test]
fn copies_of_later_stages_and_continuation_lines_are_read_as_docker_does() {
    let text = "FROM rust AS build\nWORKDIR /src\nCOPY Cargo.toml \\\n  Cargo.lock ./\n\
                COPY --chown=1:1 src /src/src\nFROM debian\nCOPY --from=build /out/x /x\nCOPY assets ./assets\n";
    assert_eq!(
        build_stage_copies(text).unwrap(),
        vec![
            Copy {
                sources: vec!["Cargo.toml".into(), "Cargo.lock".into()],
                dest: "./".into()
            },
            Copy {
                sources: vec!["src".into()],
                dest: "src".into()
            },
        ]
    );
}

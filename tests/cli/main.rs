//! The command line, run as a newcomer or a hosting provider would: the real
//! binary, its environment, its output and exit status.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../staff/support.rs"]
mod support;

mod backup;
mod dependencies;
mod dockerfile;
mod healthcheck;
mod tls;

use std::path::Path;
use std::process::{Command, Output};

use common::{Backend, TestDb};

mod shutdown;

struct Cli {
    dir: tempfile::TempDir,
    db: TestDb,
}

impl Cli {
    fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = TestDb::create(backend, dir.path());
        Self { dir, db }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(args, env).output().unwrap()
    }

    /// The binary with this test's environment, not started yet.
    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_klankbord"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &self.db.url)
            .env("KLANKBORD_BASE_URL", "https://klankbord.example.nl")
            .env("RUST_LOG", "warn");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

fn id_after(text: &str, prefix: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no '{prefix}' in {text}"));
    line[prefix.len()..].trim().to_owned()
}

fn eml_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
        .unwrap_or(0)
}

fn postgres_or_skip() -> bool {
    common::db::postgres_or_skip()
}

fn a_griffier_sets_up_invites_reminds_and_closes_a_round(backend: Backend) {
    let cli = Cli::new(backend);
    let out = cli.ok(&[
        "create-municipality",
        "--name",
        "Dorpstad",
        "--clerk-name",
        "Gerda Griffier",
        "--clerk-email",
        "griffie@dorpstad.example",
    ]);
    assert!(out.contains("Gemeente aangemaakt"));
    cli.ok(&[
        "create-mayor",
        "--municipality",
        "Dorpstad",
        "--name",
        "Bert Burgemeester",
        "--email",
        "bm@dorpstad.example",
    ]);
    let today = jiff::Zoned::now().date();
    let d = |days: i64| {
        today
            .checked_add(jiff::ToSpan::days(days))
            .unwrap()
            .to_string()
    };
    let out = cli.ok(&[
        "create-round",
        "--municipality",
        "Dorpstad",
        "--kind",
        "midterm",
        "--opens",
        &d(0),
        "--closes",
        &d(14),
        "--meeting",
        &d(30),
        "--k",
        "4",
        "--sharing",
        "ook-burgemeester",
    ]);
    let round = id_after(&out, "Ronde aangemaakt:");

    std::fs::write(cli.path("ok.csv"), "\u{feff}naam;email;groep\nAnna;anna@politie.example;Veiligheidspartners\nBas;bas@raad.example;gemeenteraad\n").unwrap();
    assert!(
        cli.ok(&["import-raters", &round, "ok.csv"])
            .contains("2 referenten")
    );
    let listed = cli.ok(&["rounds"]);
    assert!(
        listed.contains(&round) && listed.contains("voorbereiding") && listed.contains("Dorpstad"),
        "{listed}"
    );

    let invited = cli.ok(&["invite", &round]);
    assert!(invited.contains("2 uitnodigingen"), "{invited}");
    assert_eq!(
        eml_count(&cli.dir.path().join("outbox")),
        2,
        "mail written to ./outbox"
    );
    assert!(cli.ok(&["rounds"]).contains("open"));
    assert!(cli.ok(&["remind", &round]).contains("2 herinneringen"));
    assert_eq!(eml_count(&cli.dir.path().join("outbox")), 4);
    let raters = cli.ok(&["raters", &round]);
    assert!(
        raters.contains("anna@politie.example") && raters.contains("uitgenodigd"),
        "{raters}"
    );
    let counts = cli.ok(&["counts", &round]);
    assert!(
        counts.contains("Veiligheidspartners") && counts.contains("k = 4"),
        "{counts}"
    );
    assert!(cli.ok(&["close", &round]).contains("gesloten"));
    let again = cli.run(&["close", &round]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("al gesloten"));

    // Every step is in the municipality's audit log, done by the command
    // line (no person); the refused second close left no line.
    let mut log = cli.db.query(
        "SELECT action || ' | ' || detail || ' | ' || COALESCE(system_actor, '-') || ' | ' || COALESCE(staff_id, '-') AS v FROM audit_log",
    );
    log.sort();
    assert_eq!(
        log,
        [
            "burgemeester toegevoegd | Bert Burgemeester | opdrachtregel | -",
            "gemeente aangemaakt | Dorpstad | opdrachtregel | -",
            "herinneringen verstuurd | 2 | opdrachtregel | -",
            "referenten toegevoegd | 2 | opdrachtregel | -",
            &format!(
                "ronde aangemaakt | midterm-klankbordgesprek, gesprek {} | opdrachtregel | -",
                klankbord::dutch::date(today.checked_add(jiff::ToSpan::days(30)).unwrap())
            ),
            "ronde gesloten | midterm-klankbordgesprek | opdrachtregel | -",
            "uitnodigingen verstuurd | 2 nieuw | opdrachtregel | -",
        ],
    );
}

fn a_csv_with_bad_rows_changes_nothing_and_names_the_lines(backend: Backend) {
    let cli = Cli::new(backend);
    cli.ok(&[
        "create-municipality",
        "--name",
        "Dorpstad",
        "--clerk-name",
        "G",
        "--clerk-email",
        "g@dorpstad.example",
    ]);
    cli.ok(&[
        "create-mayor",
        "--municipality",
        "Dorpstad",
        "--name",
        "B",
        "--email",
        "b@dorpstad.example",
    ]);
    let today = jiff::Zoned::now().date();
    let d = |days: i64| {
        today
            .checked_add(jiff::ToSpan::days(days))
            .unwrap()
            .to_string()
    };
    let round = id_after(
        &cli.ok(&[
            "create-round",
            "--municipality",
            "Dorpstad",
            "--opens",
            &d(0),
            "--closes",
            &d(14),
            "--meeting",
            &d(30),
        ]),
        "Ronde aangemaakt:",
    );
    std::fs::write(cli.path("bad.csv"), "naam,email,groep\nGoed,goed@x.example,college\nFout,geen-adres,college\nOok fout,o@x.example,pers\n").unwrap();
    let out = cli.run(&["import-raters", &round, "bad.csv"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("regel 3") && err.contains("regel 4") && err.contains("niets geïmporteerd"),
        "{err}"
    );
    assert!(
        cli.ok(&["raters", &round]).contains("nog geen referenten"),
        "nothing imported"
    );
}

fn the_demo_creates_a_round_with_invitations_in_the_outbox(backend: Backend) {
    let cli = Cli::new(backend);
    let out = cli.ok(&["demo"]);
    assert!(
        out.contains("Demo aangemaakt") && out.contains("Voorbeeldrecht"),
        "{out}"
    );
    assert!(
        out.contains("https://klankbord.example.nl/r/"),
        "demo links are printed"
    );
    // 20 invitations of the open round, the link for the kabinet of the
    // commissaris van de Koning to the earlier round's verslag (its concept
    // mails are skipped: that verslag is vastgesteld by now), and the concept
    // mails of Voorbeeldveen's verslag to its voorzitter and burgemeester.
    assert_eq!(eml_count(&cli.dir.path().join("outbox")), 23);
    let again = cli.ok(&["demo"]);
    assert!(again.contains("bestond al"), "the demo is made once");
    assert_eq!(
        eml_count(&cli.dir.path().join("outbox")),
        23,
        "no second round of invitations"
    );
    assert!(
        out.contains("`klankbord demo-code kabinet@voorbeeldland.example`")
            && out.contains("Kabinet van de commissaris van de Koning"),
        "{out}"
    );
    assert!(cli.ok(&["rounds"]).contains("Voorbeeldrecht"));
    // Every demo role can sign in: addresses, what to try, and how to get the code of now.
    for who in [
        "beheer@",
        "griffie@",
        "voorzitter@",
        "commissielid@",
        "burgemeester@",
        "raadslid@",
    ] {
        assert!(
            out.contains(&format!(
                "`klankbord demo-code {who}voorbeeldrecht.example`"
            )),
            "{who} in {out}"
        );
    }
    assert!(out.contains("Platformbeheerder") && out.contains("voordrachten"));
    assert!(
        out.contains("als .eml-bestand in"),
        "where the sign-in links land"
    );
    for who in [
        "voorzitter@voorbeeldrecht.example",
        "beheer@voorbeeldrecht.example",
        "kabinet@voorbeeldland.example",
    ] {
        let code = cli.ok(&["demo-code", who]);
        assert!(
            code.trim().len() == 6 && code.trim().chars().all(|c| c.is_ascii_digit()),
            "{code}"
        );
    }
    cli.ok(&[
        "add-staff",
        "--email",
        "echt@voorbeeldrecht.example",
        "--name",
        "Echt Persoon",
        "--municipality",
        "Voorbeeldrecht",
        "--role",
        "delegatielid",
    ]);
    assert!(
        !cli.run(&["demo-code", "echt@voorbeeldrecht.example"])
            .status
            .success(),
        "no codes for accounts outside the demo"
    );
    let bad = cli.run(&[
        "add-staff",
        "--email",
        "x@y.example",
        "--name",
        "X",
        "--municipality",
        "Voorbeeldrecht",
        "--role",
        "wethouder",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Onbekende rol"));
}

fn a_recognisable_comment_can_be_redacted_and_nothing_else_changes(backend: Backend) {
    let cli = Cli::new(backend);
    cli.ok(&["demo"]);
    let rounds = cli.ok(&["rounds"]);
    let closed = rounds
        .lines()
        .find(|l| l.contains("gesloten"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_owned();
    let listed = cli.ok(&["comments", &closed]);
    assert!(
        listed.contains("Vraag 1:") && listed.contains("  1. "),
        "{listed}"
    );
    // The demo's referenten wrote their own comments: none twice.
    let texts: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.trim_start().split_once(". "))
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .map(|(_, text)| text)
        .collect();
    let distinct: std::collections::BTreeSet<&str> = texts.iter().copied().collect();
    assert!(texts.len() >= 20, "{listed}");
    assert_eq!(distinct.len(), texts.len(), "a comment repeated: {listed}");
    let before = cli.ok(&["results", &closed, "--format", "json"]);
    let first = listed
        .lines()
        .find(|l| l.starts_with("  1. "))
        .unwrap()
        .trim_start_matches("  1. ")
        .to_owned();

    cli.ok(&[
        "redact",
        &closed,
        "1",
        "1",
        "--text",
        "Goed aanspreekbaar voor [naam weggelaten].",
    ]);
    let after = cli.ok(&["results", &closed, "--format", "json"]);
    assert!(after.contains("Goed aanspreekbaar voor [naam weggelaten]."));
    assert_eq!(
        after.replace("Goed aanspreekbaar voor [naam weggelaten].", &first),
        before,
        "only that comment's text changed"
    );
    cli.ok(&["redact", &closed, "1", "1"]);
    assert!(cli.ok(&["comments", &closed]).contains("[Tekst weggelaten"));
    // Both are in the audit log as done by the command line, with which
    // comment but never its text.
    let log = cli.db.query(
        "SELECT detail || ' | ' || COALESCE(system_actor, '-') AS v FROM audit_log WHERE action = 'toelichting weggelakt'",
    );
    assert_eq!(
        log,
        [
            "open vraag 1, toelichting 1 | opdrachtregel",
            "open vraag 1, toelichting 1 | opdrachtregel"
        ]
    );

    let missing = cli.run(&["redact", &closed, "1", "999"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("bestaat niet"));
    let open = rounds
        .lines()
        .find(|l| l.contains(" open "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_owned();
    assert!(
        !cli.run(&["redact", &open, "1", "1"]).status.success(),
        "nothing to redact while open"
    );
}

fn the_results_export_as_json_csv_and_html_and_only_json_while_open(backend: Backend) {
    let cli = Cli::new(backend);
    cli.ok(&["demo"]);
    let rounds = cli.ok(&["rounds"]);
    let round_in = |state: &str| {
        rounds
            .lines()
            .find(|l| l.contains(state))
            .and_then(|l| l.split_whitespace().next())
            .unwrap()
            .to_owned()
    };
    let (closed, open) = (round_in(" gesloten "), round_in(" open "));

    let json = cli.ok(&["results", &closed]);
    assert!(json.contains("\"state\": \"closed\""), "{json}");
    assert_eq!(cli.ok(&["results", &closed, "--format", "json"]), json);
    let semicolon = cli.ok(&["results", &closed, "--format", "csv"]);
    assert!(semicolon.starts_with('\u{feff}'), "BOM for Excel");
    assert!(semicolon.lines().next().unwrap().contains(';'));
    assert_eq!(
        cli.ok(&["results", &closed, "--format", "csv", "--separator", ";"]),
        semicolon
    );
    let comma = cli.ok(&["results", &closed, "--format", "csv", "--separator", ","]);
    let header = comma.lines().next().unwrap();
    assert!(header.contains(',') && !header.contains(';'), "{header}");
    let html = cli.ok(&["results", &closed, "--format", "html"]);
    assert!(html.contains("<style>"), "the style sheet is inline");
    assert!(
        !html.contains("/assets/style.css"),
        "one self-contained file"
    );

    let open_json = cli.ok(&["results", &open]);
    assert!(open_json.contains("\"state\": \"open\""), "{open_json}");
    for format in ["csv", "html"] {
        let out = cli.run(&["results", &open, "--format", format]);
        assert!(!out.status.success(), "{format} while open");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .starts_with("Fout: De ronde is nog open: alleen `--format json`"),
            "{format}"
        );
    }
}

macro_rules! cli_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    super::$name(super::Backend::Sqlite)
                }
                #[test]
                fn postgres() {
                    if super::postgres_or_skip() {
                        super::$name(super::Backend::Postgres)
                    }
                }
            }
        )*
    };
}

cli_both!(
    a_griffier_sets_up_invites_reminds_and_closes_a_round,
    a_csv_with_bad_rows_changes_nothing_and_names_the_lines,
    the_demo_creates_a_round_with_invitations_in_the_outbox,
    a_recognisable_comment_can_be_redacted_and_nothing_else_changes,
    the_results_export_as_json_csv_and_html_and_only_json_while_open,
);

#[test]
fn bad_configuration_values_stop_the_server_with_a_clear_message() {
    let cli = Cli::new(Backend::Sqlite);
    let cases: &[(&str, &str, &str)] = &[
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL"),
        (
            "DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/none",
            "DATABASE_URL",
        ),
        ("KLANKBORD_BIND", "geen-adres", "KLANKBORD_BIND"),
        ("KLANKBORD_BASE_URL", "ftp://x", "KLANKBORD_BASE_URL"),
        ("KLANKBORD_MAIL", "pop3://mail.example", "KLANKBORD_MAIL"),
        (
            "KLANKBORD_MAIL",
            "smtp://mail.example.nl?tls=none",
            "KLANKBORD_MAIL",
        ),
        (
            "KLANKBORD_TRUST_PROXY",
            "misschien",
            "KLANKBORD_TRUST_PROXY",
        ),
        (
            "KLANKBORD_METRICS_ADDR",
            "geen-adres",
            "KLANKBORD_METRICS_ADDR",
        ),
        // The default KLANKBORD_BIND: metrics never on the public port.
        (
            "KLANKBORD_METRICS_ADDR",
            "127.0.0.1:8080",
            "KLANKBORD_METRICS_ADDR: moet een ander adres zijn",
        ),
    ];
    for (var, value, expected) in cases {
        let out = cli.run_env(&["serve"], &[(var, value)]);
        assert!(!out.status.success(), "{var}={value} must stop the server");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(expected) && err.starts_with("Fout:"),
            "{var}={value}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // A key file others can read is refused rather than used.
    let key = cli.path("open.key");
    std::fs::write(&key, [7u8; 32]).unwrap();
    let out = cli.run_env(&["serve"], &[("KLANKBORD_SECRET_FILE", &key)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("0600"));
}

#[test]
fn the_key_file_is_created_private_on_first_start() {
    let cli = Cli::new(Backend::Sqlite);
    cli.ok(&["migrate"]);
    let meta = std::fs::metadata(cli.dir.path().join("klankbord.key")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), 32);
}

#[test]
fn an_unknown_choice_is_refused_in_dutch_before_anything_connects() {
    let cli = Cli::new(Backend::Sqlite);
    // No database answers here: a choice is checked before connecting.
    let unreachable = [("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")];
    let round = "0190f3a4-0000-7000-8000-000000000000";
    let create_round = |flag: &'static str, value: &'static str| {
        vec![
            "create-round",
            "--municipality",
            "Teststad",
            "--opens",
            "2026-11-23",
            "--closes",
            "2026-12-11",
            "--meeting",
            "2026-12-18",
            flag,
            value,
        ]
    };
    let add_staff = vec![
        "add-staff",
        "--email",
        "x@y.example",
        "--name",
        "X",
        "--municipality",
        "Teststad",
        "--role",
        "wethouder",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            create_round("--kind", "jubileum"),
            "--kind: Onbekende soort gesprek 'jubileum'. Kies uit: 100-dagen,",
        ),
        (
            create_round("--sharing", "iedereen"),
            "--sharing: Onbekende deelmodus 'iedereen'. Kies uit: alleen-commissie,",
        ),
        (
            add_staff,
            "--role: Onbekende rol 'wethouder'. Kies uit: griffier,",
        ),
        (
            vec!["results", round, "--format", "xml"],
            "--format: ‘xml’; kies json, csv of html",
        ),
        (
            vec!["results", round, "--separator", "|"],
            "--separator: ‘|’; kies ; of ,",
        ),
    ];
    for (args, expected) in cases {
        let out = cli.run_env(&args, &unreachable);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("DATABASE_URL"), "{args:?} connected: {err}");
    }
    // The accepted spellings are listed in the help.
    let help = cli.ok(&["add-staff", "--help"]);
    assert!(
        help.contains(
            "[possible values: griffier, voorzitter, delegatielid, burgemeester, raadslid]"
        ),
        "{help}"
    );
}

//! The referent's path under load (issue 15), on SQLite and PostgreSQL, with
//! the database's own ceiling and a trivial endpoint measured in the same run.
//!
//! For each backend: a fresh database, a round with `--referenten` (default
//! 2,000) referenten made through the service layer and their invitations
//! delivered to a file outbox; then the release server (`klankbord serve`,
//! the binary cargo builds for benchmarks) on a loopback port, driven by
//! `--clients` (default 8) threads, each a hand-written HTTP/1.1 client on
//! one keep-alive `TcpStream`, asking for gzip like a browser:
//!
//! 1. the trivial endpoints: `GET /health/live` (touches nothing) and
//!    `GET /healthz` (asks the database), the reference for the form;
//! 2. `GET /vragenlijst` with a questionnaire cookie, plain and with gzip;
//! 3. the referent's path: open the link (`GET /r/{token}`), the form
//!    (`GET /vragenlijst/thema/1`, gzip, its CSRF field read from the page),
//!    the submit (`POST /vragenlijst` with every answer; 303 expected):
//!    half of the referenten in a round with no responses yet, the other
//!    half after `PREFILLED` (10,000) more were sealed into the round. In
//!    each half a third walk the whole path as one timed item; the others
//!    first open link and form (timed as their own phase), and then only
//!    their submits are timed, to compare with the commit ceiling.
//!    Right after each half's submits, the commit ceiling: as many writes
//!    shaped like a submit (the round's lock as a submit takes it and one
//!    sealed record of the round's length, in one write transaction) straight
//!    on the database, one connection on SQLite (one writer at a time
//!    anyway), `--clients` connections on PostgreSQL;
//! 4. with `PLATFORM_RESPONSES` (100,000) responses on the platform, a
//!    signed-in griffier's start page, round page and referenten list;
//! 5. the round closed (its results published), the griffier's dashboard.
//!
//! It prints requests per second, p50/p99 latency, the server's CPU per
//! request (from `/proc/<pid>/stat`), the driver's own CPU, the ratios, and
//! the server's RSS idle, at its peak and again idle after the load.
//!
//! Run: `cargo bench --bench load` (both backends; PostgreSQL at
//! `KLANKBORD_TEST_POSTGRES` or postgres://postgres@127.0.0.1:5432/postgres,
//! a fresh database dropped afterwards), or with `-- --sqlite`,
//! `-- --postgres`, `-- --clients 16`, `-- --referenten 5000`, `-- --quick`
//! (500 referenten, fewer requests, 20,000 responses on the platform). Bounded: every phase stops after its
//! count or `PHASE_SECS`, every socket read after `IO_TIMEOUT`; loopback only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use klankbord::app::services;
use klankbord::config::Settings;
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{MunicipalityId, RoundId};
use klankbord::domain::response::{Response, padded_len};
use klankbord::domain::staff::Role;
use klankbord::domain::text::PersonName;
use klankbord::security::totp;
use klankbord::service::sealed_storage::store_response;
use klankbord::service::{Klankbord, system_clock};
use klankbord::store::connection::build_pool;
use klankbord::store::{rounds, write_transaction};

mod support;

use support::{Backend, FreshDb};

/// The longest any phase runs.
const PHASE_SECS: u64 = 20;
/// The longest one socket read or write may take.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the server may take to start.
const START_SECS: u64 = 60;
/// Sealed responses added to the round between the two halves of the path.
const PREFILLED: usize = 10_000;
/// Responses on the platform when the staff pages are measured.
const PLATFORM_RESPONSES: usize = 100_000;
/// Times each staff page is asked for.
const STAFF_REQUESTS: usize = 30;
/// The idle time before the RSS is read again after the load.
const SETTLE: Duration = Duration::from_secs(5);

struct Args {
    backends: Vec<Backend>,
    clients: usize,
    referenten: usize,
    requests: usize,
    platform_responses: usize,
}

impl Args {
    fn parse() -> Self {
        let args: Vec<String> = std::env::args().collect();
        let has = |f: &str| args.iter().any(|a| a == f);
        let value = |f: &str| {
            args.iter()
                .position(|a| a == f)
                .and_then(|i| args.get(i + 1))
                .map(|v| v.parse::<usize>().expect("a number"))
        };
        let quick = has("--quick");
        Self {
            backends: Backend::from_args(&args),
            clients: value("--clients").unwrap_or(8).clamp(1, 64),
            referenten: value("--referenten")
                .unwrap_or(if quick { 500 } else { 2_000 })
                .clamp(100, 20_000),
            requests: if quick { 2_000 } else { 10_000 },
            platform_responses: if quick { 20_000 } else { PLATFORM_RESPONSES },
        }
    }
}

fn main() {
    let args = Args::parse();
    println!(
        "load benchmark: {} clients, {} referenten; load average before: {}",
        args.clients,
        args.referenten,
        load_average()
    );
    for backend in args.backends.clone() {
        run(backend, &args);
    }
}

/// The three load averages of `/proc/loadavg`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A referent as the bench knows them: the link from their mail and the
/// answers their group's form asks for.
struct Referent {
    link_path: String,
    answers: Arc<Vec<(String, String)>>,
}

fn run(backend: Backend, args: &Args) {
    let dir = tempfile::tempdir().unwrap();
    let db = FreshDb::create(backend, dir.path());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let outbox = dir.path().join("outbox");
    let key = dir.path().join("key");
    let env: Vec<(&str, String)> = vec![
        ("DATABASE_URL", db.url.clone()),
        ("KLANKBORD_BIND", format!("127.0.0.1:{port}")),
        ("KLANKBORD_BASE_URL", base.clone()),
        ("KLANKBORD_SECRET_FILE", key.display().to_string()),
        ("KLANKBORD_MAIL", format!("file:{}", outbox.display())),
        // As deploy/ runs the server (systemd unit and container image).
        ("MALLOC_ARENA_MAX", "2".to_owned()),
    ];
    let lookup: HashMap<&str, String> = env.iter().cloned().collect();
    let settings = Settings::from_lookup(|k| lookup.get(k).cloned()).unwrap();
    let svc = services(&settings, system_clock()).unwrap();

    let started = Instant::now();
    let (municipality, round, referenten) = setup(&svc, args.referenten, &outbox);
    let group_ids: Vec<_> = svc
        .round_groups(round)
        .unwrap()
        .into_iter()
        .filter(|g| !g.is_self)
        .map(|g| g.id)
        .collect();
    println!(
        "\n== {}: {} referenten set up in {:.1} s",
        backend.name(),
        referenten.len(),
        started.elapsed().as_secs_f64()
    );

    let referenten_count = referenten.len();
    let server = Server::start(&env, port);
    let idle_rss = server.rss_kb();
    let mut rows: Vec<Row> = Vec::new();
    let c = args.clients;

    for (label, path) in [
        ("GET /health/live (no database)", "/health/live"),
        ("GET /healthz (trivial, database)", "/healthz"),
    ] {
        rows.push(server.phase(label, c, args.requests, move |client, _| {
            client.get(path, &[]).expect_status(200);
            1
        }));
    }

    // One questionnaire cookie per client, from a referent kept for it.
    let mut pool = referenten.into_iter();
    let sessions: Vec<Vec<(String, String)>> = (0..c)
        .map(|_| {
            let r = pool.next().expect("enough referenten");
            let mut client = Client::connect(port);
            client.get(&r.link_path, &[]).expect_status(303);
            client.cookies.clone()
        })
        .collect();
    let sessions = Arc::new(sessions);
    {
        let mut client = Client::connect(port);
        client.cookies = sessions[0].clone();
        let plain = client.get("/vragenlijst", &[]);
        let gzip = client.get("/vragenlijst", &[("Accept-Encoding", "gzip")]);
        println!(
            "(the form's start page: {} bytes, {} gzipped)",
            plain.wire_len, gzip.wire_len
        );
    }
    for (label, encoding) in [
        ("GET /vragenlijst (plain)", "identity"),
        ("GET /vragenlijst (gzip)", "gzip"),
    ] {
        let s = sessions.clone();
        rows.push(server.phase(label, c, args.requests, move |client, i| {
            if client.cookies.is_empty() {
                client.cookies = s[i % s.len()].clone();
            }
            client
                .get("/vragenlijst", &[("Accept-Encoding", encoding)])
                .expect_status(200);
            1
        }));
    }

    // In two halves: first in a round with (almost) no responses, then
    // again after `PREFILLED` more were sealed into it. In each, a third of
    // the half walks the whole path; the others open their link and form
    // first, and then only their submits are timed.
    let left: Arc<Vec<Referent>> = Arc::new(pool.collect());
    let half = left.len() / 2;
    for (suffix, range) in [("", 0..half), (" +PREFILLED", half..left.len())] {
        if range.start > 0 {
            let started = Instant::now();
            let pool = build_pool(&settings.database.url, 1).unwrap();
            support::prefill(&svc, &pool, round, &group_ids, PREFILLED);
            println!(
                "({PREFILLED} responses sealed into the round in {:.1} s)",
                started.elapsed().as_secs_f64()
            );
        }
        let suffix = suffix.replace("PREFILLED", &PREFILLED.to_string());
        let whole = range.start..range.start + range.len() / 3;
        let split = range.start + range.len() / 3..range.end;
        let l = left.clone();
        rows.push(server.phase(
            &format!("path: link → form → submit{suffix}"),
            c,
            whole.len(),
            move |client, i| {
                let r = &l[whole.start + i];
                let (csrf, cookies) = open_form(client, r);
                client.cookies = cookies;
                submit(client, r, csrf);
                1
            },
        ));
        let prepared: Arc<Vec<std::sync::Mutex<Option<Opened>>>> =
            Arc::new((0..split.len()).map(|_| Default::default()).collect());
        let (l, p, start) = (left.clone(), prepared.clone(), split.start);
        rows.push(server.phase(
            &format!("  link → form{suffix}"),
            c,
            split.len(),
            move |client, i| {
                let (csrf, cookies) = open_form(client, &l[start + i]);
                *p[i].lock().unwrap() = Some((cookies, csrf));
                2
            },
        ));
        let (l, p) = (left.clone(), prepared.clone());
        rows.push(server.phase(
            &format!("  submit (POST only){suffix}"),
            c,
            split.len(),
            move |client, i| {
                let (cookies, csrf) = p[i].lock().unwrap().take().expect("prepared");
                client.cookies = cookies;
                submit(client, &l[start + i], csrf);
                1
            },
        ));
        // The database's own ceiling, right after, as many writes as submits.
        let mut ceiling = commit_ceiling(&svc, &settings, backend, round, c, split.len());
        ceiling.label.push_str(&suffix);
        rows.push(ceiling);
    }
    // The rest of the platform's responses, in another municipality's round.
    let started = Instant::now();
    let other = support::regular_round(&svc, support::municipality_named(&svc, "Vergelijkstad"));
    svc.import_raters(
        System::Cli,
        other,
        b"naam,email,groep\nEen,een@vergelijkstad.example,gemeenteraad\n",
    )
    .unwrap();
    svc.send_invitations(System::Cli, other).unwrap();
    let platform = build_pool(&settings.database.url, 1).unwrap();
    let other_groups: Vec<_> = svc
        .round_groups(other)
        .unwrap()
        .into_iter()
        .filter(|g| !g.is_self)
        .map(|g| g.id)
        .collect();
    let rest = args
        .platform_responses
        .saturating_sub(PREFILLED + referenten_count);
    support::prefill(&svc, &platform, other, &other_groups, rest);
    println!(
        "({rest} responses sealed into another round in {:.1} s: {} on the platform)",
        started.elapsed().as_secs_f64(),
        args.platform_responses
    );
    let staff = signed_in_griffier(&server, &svc, &outbox, municipality);
    rows.extend(staff_pages(&server, &staff, round));

    let peak_rss = server.peak_rss_kb();
    std::thread::sleep(SETTLE);
    let after_rss = server.rss_kb();
    let after_anon = server.status_kb("RssAnon:");

    // The dashboard of the round once closed: its view is made at closing.
    let started = Instant::now();
    svc.close_round(System::Cli, round).unwrap();
    println!(
        "(round closed and its results published in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    rows.push(staff_page(
        &server,
        &staff,
        "staff: dashboard (closed round)",
        format!("/mijn/rondes/{round}/uitkomsten"),
    ));
    server.stop();

    print_rows(&rows);
    let rate = |label: &str| {
        rows.iter()
            .find(|r| r.label == label)
            .map(Row::rate)
            .expect("a phase with this label")
    };
    let healthz = rate("GET /healthz (trivial, database)");
    let plus = format!(" +{PREFILLED}");
    let ceiling = |suffix: &str| {
        rows.iter()
            .find(|r| {
                r.label.trim_start().starts_with("commit ceiling") && r.label.ends_with(suffix)
            })
            .map(Row::rate)
            .expect("a ceiling")
    };
    let (empty, full) = (ceiling(")"), ceiling(&plus));
    println!(
        "ratios: form plain / healthz {:.1} %, form gzip / healthz {:.1} %; submits / commit ceiling {:.1} %, and {:.1} % with {PREFILLED} more in the round; paths / commit ceiling {:.1} % and {:.1} %",
        100.0 * rate("GET /vragenlijst (plain)") / healthz,
        100.0 * rate("GET /vragenlijst (gzip)") / healthz,
        100.0 * rate("  submit (POST only)") / empty,
        100.0 * rate(&format!("  submit (POST only){plus}")) / full,
        100.0 * rate("path: link → form → submit") / empty,
        100.0 * rate(&format!("path: link → form → submit{plus}")) / full,
    );
    println!(
        "server RSS: {:.1} MB idle, {:.1} MB peak, {:.1} MB {} s after the load ({:.1} MB of it anonymous); load average now: {}",
        idle_rss as f64 / 1024.0,
        peak_rss as f64 / 1024.0,
        after_rss as f64 / 1024.0,
        SETTLE.as_secs(),
        after_anon as f64 / 1024.0,
        load_average()
    );
    drop(svc);
    drop(db);
}

/// A referent's cookies and the form's CSRF field, once link and form are open.
type Opened = (Vec<(String, String)>, String);

/// Opens the referent's link and the first theme page (gzip, as a browser
/// asks); the form's CSRF field and the cookies the path set.
fn open_form(client: &mut Client, r: &Referent) -> (String, Vec<(String, String)>) {
    client.cookies.clear();
    client.get(&r.link_path, &[]).expect_status(303);
    let form = client.get("/vragenlijst/thema/1", &[("Accept-Encoding", "gzip")]);
    form.expect_status(200);
    (form.csrf(), std::mem::take(&mut client.cookies))
}

/// Posts every answer of the referent's group at once (303 expected).
fn submit(client: &mut Client, r: &Referent, csrf: String) {
    let mut fields = vec![("csrf".to_owned(), csrf)];
    fields.extend(r.answers.iter().cloned());
    let body = serde_urlencoded::to_string(&fields).unwrap();
    client
        .post(
            "/vragenlijst",
            body.as_bytes(),
            &[("Accept-Encoding", "gzip")],
        )
        .expect_status(303);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A round with `n` referenten spread over its groups, invited; the link of
/// each from its mail, with the answers of their group.
fn setup(
    svc: &Klankbord,
    n: usize,
    outbox: &std::path::Path,
) -> (MunicipalityId, RoundId, Vec<Referent>) {
    let m = support::municipality(svc);
    let round = support::regular_round(svc, m);
    let groups: Vec<_> = svc
        .round_groups(round)
        .unwrap()
        .into_iter()
        .filter(|g| !g.is_self)
        .collect();
    let mut csv = String::from("naam,email,groep\n");
    for i in 0..n {
        let g = &groups[i % groups.len()];
        csv.push_str(&format!("Referent {i},r{i}@meetstad.example,{}\n", g.key));
    }
    svc.import_raters(System::Cli, round, csv.as_bytes())
        .unwrap();
    svc.send_invitations(System::Cli, round).unwrap();
    let report = svc.deliver_due().unwrap();
    assert!(report.sent >= n, "every invitation delivered");
    let whole = svc.self_questionnaire(System::Cli, round).unwrap();
    let answers: HashMap<String, Arc<Vec<(String, String)>>> = groups
        .iter()
        .map(|g| {
            let fields =
                support::full_answers(whole.for_group(g.id).items(), "Goed werk, ga zo door.");
            (g.key.clone(), Arc::new(fields))
        })
        .collect();
    let parser = mail_parser::MessageParser::default();
    let mut referenten = Vec::with_capacity(n);
    for entry in std::fs::read_dir(outbox).unwrap() {
        let raw = std::fs::read(entry.unwrap().path()).unwrap();
        let mail = parser.parse(&raw[..]).unwrap();
        let to = mail.to().and_then(|a| a.first()).and_then(|a| a.address());
        // Only the invitations (`r<i>@meetstad.example`).
        let Some(i) = to
            .and_then(|t| t.strip_prefix('r'))
            .and_then(|t| t.split('@').next())
            .and_then(|i| i.parse::<usize>().ok())
        else {
            continue;
        };
        let text = mail.body_text(0).unwrap();
        let at = text.find("/r/").expect("a link in the mail");
        let link_path = text[at..at + 3 + 43].to_owned();
        referenten.push(Referent {
            link_path,
            answers: answers[&groups[i % groups.len()].key].clone(),
        });
    }
    (m, round, referenten)
}

type Staff = Arc<std::sync::Mutex<Client>>;

/// A griffier of the municipality, signed in (mail link, second factor set
/// up with the code of their authenticator).
fn signed_in_griffier(
    server: &Server,
    svc: &Klankbord,
    outbox: &std::path::Path,
    municipality: MunicipalityId,
) -> Staff {
    let email = "griffier.bench@meetstad.example";
    let person = svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse(email).unwrap(),
            &PersonName::parse("Bench Griffier").unwrap(),
            false,
        )
        .unwrap();
    svc.add_membership(System::Cli, person, municipality, Role::Clerk)
        .unwrap();
    let mut client = Client::connect(server.port);
    let body = serde_urlencoded::to_string([("email", email)]).unwrap();
    client
        .post("/aanmelden", body.as_bytes(), &[])
        .expect_status(200);
    // The server's worker sends it too; whoever comes first.
    svc.deliver_due().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let path = loop {
        let found = std::fs::read_dir(outbox).unwrap().find_map(|e| {
            let raw = std::fs::read(e.ok()?.path()).ok()?;
            let mail = mail_parser::MessageParser::default().parse(&raw[..])?;
            let to = mail.to()?.first()?.address()?.to_owned();
            let text = mail.body_text(0)?.into_owned();
            let at = text.find("/aanmelden/link/")?;
            (to == email).then(|| text[at..at + "/aanmelden/link/".len() + 43].to_owned())
        });
        if let Some(p) = found {
            break p;
        }
        assert!(Instant::now() < deadline, "no sign-in mail");
        std::thread::sleep(Duration::from_millis(100));
    };
    client.post(&path, b"", &[]).expect_status(303);
    let step = client.get("/aanmelden/tweede-stap", &[]);
    step.expect_status(200);
    let at = step.body.find("<code>").unwrap() + "<code>".len();
    let b32 = step.body[at..].split('<').next().unwrap();
    let secret = data_encoding::BASE32_NOPAD.decode(b32.as_bytes()).unwrap();
    let key_at = step.body.find("name=\"sleutel\" value=\"").unwrap() + 22;
    let sleutel = step.body[key_at..].split('"').next().unwrap().to_owned();
    let code = format!(
        "{:06}",
        totp::code_at(&secret, totp::step_of(svc.now().as_second()))
    );
    let form =
        serde_urlencoded::to_string([("csrf", step.csrf()), ("sleutel", sleutel), ("code", code)])
            .unwrap();
    client
        .post("/aanmelden/tweede-stap", form.as_bytes(), &[])
        .expect_status(200);
    Arc::new(std::sync::Mutex::new(client))
}

/// The griffier's start page, the round page and the referenten list.
fn staff_pages(server: &Server, staff: &Staff, round: RoundId) -> Vec<Row> {
    [
        ("staff: GET /mijn", "/mijn".to_owned()),
        ("staff: round page", format!("/mijn/rondes/{round}")),
        (
            "staff: referenten list",
            format!("/mijn/rondes/{round}/referenten"),
        ),
    ]
    .into_iter()
    .map(|(label, page)| staff_page(server, staff, label, page))
    .collect()
}

/// `page` asked for `STAFF_REQUESTS` times, one request at a time.
fn staff_page(server: &Server, staff: &Staff, label: &str, page: String) -> Row {
    let client = staff.clone();
    server.phase(label, 1, STAFF_REQUESTS, move |_, _| {
        client
            .lock()
            .unwrap()
            .get(&page, &[("Accept-Encoding", "gzip")])
            .expect_status(200);
        1
    })
}

/// One phase's measurements.
struct Row {
    label: String,
    done: usize,
    secs: f64,
    latencies: Vec<Duration>,
    server_cpu: f64,
    driver_cpu: f64,
}

impl Row {
    fn rate(&self) -> f64 {
        self.done as f64 / self.secs
    }

    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[i].as_secs_f64() * 1000.0
    }
}

fn print_rows(rows: &[Row]) {
    println!(
        "{:<38} {:>7} {:>9} {:>9} {:>9} {:>12} {:>11}",
        "phase", "done", "per s", "p50 ms", "p99 ms", "server CPU", "driver CPU"
    );
    for r in rows {
        println!(
            "{:<38} {:>7} {:>9.0} {:>9.1} {:>9.1} {:>9.2} ms {:>8.0} %",
            r.label,
            r.done,
            r.rate(),
            r.percentile(0.5),
            r.percentile(0.99),
            1000.0 * r.server_cpu / r.done.max(1) as f64,
            100.0 * r.driver_cpu / r.secs
        );
    }
}

/// The release server as a child process.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(env: &[(&str, String)], port: u16) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_klankbord"))
            .arg("serve")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(START_SECS);
        loop {
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
                let mut client = Client::from_stream(stream);
                if client.get("/health/ready", &[]).status == 200 {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn status_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn rss_kb(&self) -> u64 {
        self.status_kb("VmRSS:")
    }

    fn peak_rss_kb(&self) -> u64 {
        self.status_kb("VmHWM:")
    }

    /// The server's CPU time so far, in seconds.
    fn cpu(&self) -> f64 {
        proc_cpu(&format!("/proc/{}/stat", self.child.id()))
    }

    /// Runs `work` for items `0..count` on `clients` threads (each with its
    /// own connection), until done or `PHASE_SECS`; `work` returns how many
    /// requests the item counts as.
    fn phase(
        &self,
        label: &str,
        clients: usize,
        count: usize,
        work: impl Fn(&mut Client, usize) -> usize + Send + Sync + 'static,
    ) -> Row {
        let profile = Profile::start(label, self.child.id());
        let work = Arc::new(work);
        let next = Arc::new(AtomicUsize::new(0));
        let deadline = Instant::now() + Duration::from_secs(PHASE_SECS);
        let cpu_before = self.cpu();
        let driver_before = proc_cpu("/proc/self/stat");
        let started = Instant::now();
        let threads: Vec<_> = (0..clients)
            .map(|_| {
                let (work, next, port) = (work.clone(), next.clone(), self.port);
                std::thread::spawn(move || {
                    let mut client = Client::connect(port);
                    let mut latencies = Vec::new();
                    let mut done = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count || Instant::now() > deadline {
                            break;
                        }
                        let t = Instant::now();
                        done += work(&mut client, i);
                        latencies.push(t.elapsed());
                    }
                    (done, latencies)
                })
            })
            .collect();
        let mut done = 0;
        let mut latencies = Vec::new();
        for t in threads {
            let (d, l) = t.join().unwrap();
            done += d;
            latencies.extend(l);
        }
        let secs = started.elapsed().as_secs_f64();
        drop(profile);
        latencies.sort();
        Row {
            label: label.to_owned(),
            done,
            secs,
            latencies,
            server_cpu: self.cpu() - cpu_before,
            driver_cpu: proc_cpu("/proc/self/stat") - driver_before,
        }
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `perf record` of the server during the phases whose label holds
/// one of the comma-separated `KLANKBORD_BENCH_PERF` (e.g. `submit,gzip`), into `target/perf-<phase>.data`;
/// `perf report -i …` reads it (the bench profile keeps the symbols).
struct Profile(Option<Child>);

impl Profile {
    fn start(label: &str, pid: u32) -> Self {
        let wanted = std::env::var("KLANKBORD_BENCH_PERF").unwrap_or_default();
        if !wanted
            .split(',')
            .any(|w| !w.is_empty() && label.contains(w))
        {
            return Self(None);
        }
        let name: String = label
            .trim()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let out = format!("{}/../perf-{name}.data", env!("CARGO_TARGET_TMPDIR"));
        let child = Command::new("perf")
            .args([
                "record",
                "-F",
                "499",
                "--call-graph",
                "dwarf,32768",
                "-o",
                &out,
                "-p",
                &pid.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok();
        std::thread::sleep(Duration::from_millis(300));
        println!("(perf record of this phase into {out})");
        Self(child)
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

/// User plus system time of the process whose `stat` file this is, in seconds.
fn proc_cpu(stat: &str) -> f64 {
    let text = std::fs::read_to_string(stat).unwrap_or_default();
    // The fields after the command name (which may hold spaces) in parentheses.
    let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat: 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// A write shaped like a submit, straight on the database: the round's lock
/// and one sealed record of the round's length, in one write transaction.
fn commit_ceiling(
    svc: &Klankbord,
    settings: &Settings,
    backend: Backend,
    round: RoundId,
    clients: usize,
    count: usize,
) -> Row {
    let whole = svc.self_questionnaire(System::Cli, round).unwrap();
    let len = padded_len(&whole);
    let group = svc
        .round_groups(round)
        .unwrap()
        .into_iter()
        .find(|g| !g.is_self)
        .unwrap()
        .id;
    let mut dice = klankbord::service::demo_answers::Dice(0x9E37_79B9_7F4A_7C15);
    let response: Response = support::synthetic_response(&whole, group, 0, 0, &mut dice);
    let writers = match backend {
        Backend::Sqlite => 1,
        Backend::Postgres => clients,
    };
    let pool = build_pool(&settings.database.url, writers as u32).unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(PHASE_SECS);
    let driver_before = proc_cpu("/proc/self/stat");
    let started = Instant::now();
    let threads: Vec<_> = (0..writers)
        .map(|_| {
            let (pool, next, svc, response) =
                (pool.clone(), next.clone(), svc.clone(), response.clone());
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || Instant::now() > deadline {
                        break;
                    }
                    let t = Instant::now();
                    write_transaction(&mut conn, |c| -> Result<(), klankbord::store::StoreError> {
                        // As a submit locks it once the round has its key.
                        rounds::lock_round_shared(c, round)?;
                        store_response(c, svc.key(), round, len, &response)
                    })
                    .unwrap();
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let secs = started.elapsed().as_secs_f64();
    latencies.sort();
    Row {
        label: format!("  commit ceiling ({writers} writer(s))"),
        done: latencies.len(),
        secs,
        latencies,
        server_cpu: 0.0,
        driver_cpu: proc_cpu("/proc/self/stat") - driver_before,
    }
}

/// A reply, its body decompressed.
struct Reply {
    status: u16,
    body: String,
    /// The body's length on the wire.
    wire_len: usize,
}

impl Reply {
    fn expect_status(&self, status: u16) {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {:.300}",
            self.body
        );
    }

    /// The value of the form's `csrf` field.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a csrf field");
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_owned()
    }
}

/// A minimal HTTP/1.1 client on one keep-alive connection, with a cookie jar.
struct Client {
    port: u16,
    reader: BufReader<TcpStream>,
    cookies: Vec<(String, String)>,
}

impl Client {
    fn connect(port: u16) -> Self {
        let mut c = Self::from_stream(TcpStream::connect(("127.0.0.1", port)).unwrap());
        c.port = port;
        c
    }

    fn from_stream(stream: TcpStream) -> Self {
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_nodelay(true).unwrap();
        let port = stream.peer_addr().map(|a| a.port()).unwrap_or(0);
        Self {
            port,
            reader: BufReader::new(stream),
            cookies: Vec::new(),
        }
    }

    fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request("GET", path, None, headers)
    }

    fn post(&mut self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Reply {
        self.request("POST", path, Some(body), headers)
    }

    /// Sends the request; on a connection the server closed (keep-alive
    /// timeout), once more on a new one.
    fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> Reply {
        match self.try_request(method, path, body, headers) {
            Ok(r) => r,
            Err(_) => {
                let cookies = std::mem::take(&mut self.cookies);
                *self = Self::connect(self.port);
                self.cookies = cookies;
                self.try_request(method, path, body, headers).unwrap()
            }
        }
    }

    fn try_request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> std::io::Result<Reply> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            self.port
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            head.push_str(&format!("Cookie: {}\r\n", jar.join("; ")));
        }
        if let Some(b) = body {
            head.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        out.extend_from_slice(body.unwrap_or_default());
        self.reader.get_mut().write_all(&out)?;

        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or(std::io::ErrorKind::InvalidData)?;
        let (mut length, mut chunked, mut gzip, mut close) = (0usize, false, false, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let Some((name, value)) = l.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().unwrap_or(0),
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "content-encoding" => gzip = value.eq_ignore_ascii_case("gzip"),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                "set-cookie" => self.set_cookie(value),
                _ => {}
            }
        }
        let mut raw = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim(), 16)
                    .map_err(|_| std::io::ErrorKind::InvalidData)?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                raw.extend_from_slice(&chunk[..size]);
            }
        } else {
            raw.resize(length, 0);
            self.reader.read_exact(&mut raw)?;
        }
        if close {
            *self = Self {
                cookies: std::mem::take(&mut self.cookies),
                ..Self::connect(self.port)
            };
        }
        let body = if gzip {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text)?;
            text
        } else {
            String::from_utf8_lossy(&raw).into_owned()
        };
        Ok(Reply {
            status,
            body,
            wire_len: raw.len(),
        })
    }

    fn set_cookie(&mut self, value: &str) {
        let pair = value.split(';').next().unwrap_or("");
        let Some((name, v)) = pair.split_once('=') else {
            return;
        };
        self.cookies.retain(|(n, _)| n != name);
        let removed = v.is_empty() || value.to_ascii_lowercase().contains("max-age=0");
        if !removed {
            self.cookies.push((name.to_owned(), v.to_owned()));
        }
    }
}

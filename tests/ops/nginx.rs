//! Two instances of the real `klankbord serve` on one PostgreSQL database,
//! behind nginx running `deploy/nginx.conf` itself (only ports, certificate
//! and file paths substituted): no mail goes out twice although both workers
//! share the outbox, a staff session made through nginx is valid on either
//! instance, concurrent submits through nginx are each stored once, and the
//! proxy's limits, headers and access log are what the READMEs say.
//!
//! Needs Debian's nginx (`/usr/sbin/nginx`, installed by `.ci/run`): without
//! it the test prints SKIPPED, under CI=true it fails.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use awc::http::header::{HeaderMap, HeaderName, HeaderValue};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

use crate::common::db::postgres_or_skip;
use crate::common::smtp_sink::SmtpSink;
use crate::common::tls::ServerTls;
use crate::common::{Backend, Resp, TestDb, free_port, mail, respond, wait_for};

const NGINX: &str = "/usr/sbin/nginx";
/// The host name `deploy/nginx.conf` serves (its placeholder, kept as is).
const HOST: &str = "klankbord.example.nl";
/// Referenten who submit at the same moment through nginx.
const CONCURRENT_SUBMITS: usize = 6;
/// The outbox rows of the demo's open round's invitations (its closed round's
/// contact data is deleted by the retention job as soon as a worker runs).
const OPEN_INVITATIONS: &str =
    "kind = 'invitation' AND round_id IN (SELECT id FROM rounds WHERE state = 'open')";

/// A process this test started, stopped with SIGTERM (bounded) when dropped.
struct Running {
    child: Child,
    log: PathBuf,
}

impl Running {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn assert_alive(&mut self, what: &str) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("{what} exited ({status}):\n{}", self.log());
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces every `from` in the deploy configuration; fails if it is gone,
/// so a change to `deploy/nginx.conf` cannot silently escape this test.
fn substitute(conf: &mut String, from: &str, to: &str) {
    assert!(
        conf.contains(from),
        "deploy/nginx.conf no longer contains `{from}`: adapt tests/ops/nginx.rs (and check that \
         deploy/README.md still describes the file)"
    );
    *conf = conf.replace(from, to);
}

struct Ports {
    instances: [u16; 2],
    http: u16,
    https: u16,
}

/// `deploy/nginx.conf` with loopback ports, the test certificate and every
/// file nginx writes inside `dir`.
fn nginx_conf(dir: &Path, ports: &Ports, tls: &ServerTls) -> String {
    let mut conf =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .unwrap();
    let [one, two] = ports.instances;
    let (http, https) = (ports.http, ports.https);
    substitute(
        &mut conf,
        "server klankbord-1:8080 ",
        &format!("server 127.0.0.1:{one} "),
    );
    substitute(
        &mut conf,
        "server klankbord-2:8080 ",
        &format!("server 127.0.0.1:{two} "),
    );
    // IPv4 loopback only: the IPv6 twins of each listen go.
    substitute(
        &mut conf,
        "listen 80 default_server;",
        &format!("listen 127.0.0.1:{http} default_server;"),
    );
    substitute(&mut conf, "listen [::]:80 default_server;", "");
    substitute(
        &mut conf,
        "listen 443 ssl http2 default_server;",
        &format!("listen 127.0.0.1:{https} ssl http2 default_server;"),
    );
    substitute(&mut conf, "listen [::]:443 ssl http2 default_server;", "");
    substitute(
        &mut conf,
        "listen 443 ssl http2;",
        &format!("listen 127.0.0.1:{https} ssl http2;"),
    );
    substitute(&mut conf, "listen [::]:443 ssl http2;", "");
    substitute(
        &mut conf,
        "/etc/nginx/tls/fullchain.pem",
        &tls.cert.display().to_string(),
    );
    substitute(
        &mut conf,
        "/etc/nginx/tls/privkey.pem",
        &tls.key.display().to_string(),
    );
    let d = dir.display();
    substitute(&mut conf, "/var/log/nginx/", &format!("{d}/"));
    // Debian's nginx keeps request bodies and buffered answers under
    // /var/lib/nginx; here they go to the test's folder.
    let temp: String = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .iter()
        .map(|t| format!("    {t}_temp_path {d}/{t};\n"))
        .collect();
    substitute(&mut conf, "http {\n", &format!("http {{\n{temp}"));
    conf
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(2))
        == Some("0")
}

fn start_nginx(dir: &Path, conf: &str) -> Running {
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).unwrap();
    // As root, nginx would run its workers as `nobody`, who cannot write
    // request bodies into the test's private folder.
    let globals = format!(
        "daemon off; pid {}/nginx.pid;{}",
        dir.display(),
        if running_as_root() { " user root;" } else { "" }
    );
    let log = dir.join("nginx.stderr");
    let child = Command::new(NGINX)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&path)
        .args(["-g", &globals])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    Running { child, log }
}

/// One of the two instances: `klankbord serve` on `port` with the shared
/// database, key file, base URL and mail server.
fn start_instance(dir: &Path, n: usize, port: u16, env: &[(&str, String)]) -> Running {
    let log = dir.join(format!("instance-{n}.log"));
    let child = Command::new(env!("CARGO_BIN_EXE_klankbord"))
        .arg("serve")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("KLANKBORD_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    Running { child, log }
}

fn run_cli(dir: &Path, args: &[&str], env: &[(&str, String)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_klankbord"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "klankbord {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Sends `request` and reads the answer until the server closes.
fn exchange(mut stream: impl Read + Write, request: &[u8]) -> Resp {
    // A server that refuses the body early (413) may stop reading; its answer
    // is what counts.
    let _ = stream.write_all(request).and_then(|()| stream.flush());
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if !raw.is_empty() => {
                assert!(
                    matches!(
                        e.kind(),
                        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset
                    ),
                    "{e}"
                );
                break;
            }
            Err(e) => panic!("no answer: {e}"),
        }
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Resp {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let mut headers = HeaderMap::new();
    for line in lines {
        let (k, v) = line.split_once(':').expect("a header line");
        headers.append(
            HeaderName::from_bytes(k.trim().as_bytes()).unwrap(),
            HeaderValue::from_str(v.trim()).unwrap(),
        );
    }
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .get("transfer-encoding")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        bytes: body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        out.extend_from_slice(&rest[start..start + size]);
        rest = &rest[start + size + 2..];
    }
}

/// A browser speaking HTTPS to nginx under the deploy configuration's host
/// name (SNI and Host), trusting only the test's CA; keeps its cookies.
struct Client {
    port: u16,
    config: Arc<rustls::ClientConfig>,
    cookies: HashMap<String, String>,
}

fn client_config(tls: &ServerTls) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(&tls.ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth(),
    )
}

impl Client {
    fn new(port: u16, config: &Arc<rustls::ClientConfig>) -> Self {
        Self {
            port,
            config: config.clone(),
            cookies: HashMap::new(),
        }
    }

    fn origin(&self) -> String {
        format!("https://{HOST}:{}", self.port)
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn send(&mut self, method: &str, path: &str, body: &[u8]) -> Resp {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {HOST}:{}\r\nConnection: close\r\n",
            self.port
        );
        if method == "POST" {
            head.push_str(&format!(
                "Origin: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\n",
                self.origin(),
                body.len()
            ));
        }
        if !self.cookies.is_empty() {
            head.push_str(&format!("Cookie: {}\r\n", self.cookie_header()));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        let conn =
            rustls::ClientConnection::new(self.config.clone(), ServerName::try_from(HOST).unwrap())
                .unwrap();
        let tcp = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let resp = exchange(rustls::StreamOwned::new(conn, tcp), &request);
        for set in resp.headers.get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        resp
    }

    fn get(&mut self, path: &str) -> Resp {
        self.send("GET", path, b"")
    }

    fn post(&mut self, path: &str, form: &[(String, String)]) -> Resp {
        let body = serde_urlencoded::to_string(form).unwrap();
        self.send("POST", path, body.as_bytes())
    }

    /// The referent's whole form, as `respond::open_form` reads it.
    fn open_form(&mut self, link_path: &str) -> Resp {
        let opened = self.get(link_path);
        assert_eq!(opened.status, 303, "opening the link redirects");
        assert_eq!(opened.location().as_deref(), Some("/vragenlijst"));
        let start = self.get("/vragenlijst");
        assert_eq!(start.status, 200);
        let count = respond::theme_count(&start);
        assert!(count > 0, "the start page lists the themes");
        let mut body = String::new();
        for n in 1..=count {
            let page = self.get(&format!("/vragenlijst/thema/{n}"));
            assert_eq!(page.status, 200);
            body.push_str(&page.body);
        }
        body.push_str(&start.body);
        Resp { body, ..start }
    }
}

/// A plain HTTP GET to `port` on loopback (an instance directly, or nginx's
/// port 80 server), with `Host` and an optional `Cookie` header.
fn plain_get(port: u16, host: &str, path: &str, cookie: Option<&str>) -> Resp {
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n");
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    exchange(tcp, request.as_bytes())
}

/// A TLS handshake with nginx for the host name `name`.
fn handshake(config: &Arc<rustls::ClientConfig>, name: &str, port: u16) -> std::io::Result<()> {
    let mut conn = rustls::ClientConnection::new(
        config.clone(),
        ServerName::try_from(name.to_owned()).unwrap(),
    )
    .unwrap();
    let mut tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp)?;
    }
    Ok(())
}

fn count(db: &TestDb, sql: &str) -> usize {
    db.query(&format!("SELECT CAST(({sql}) AS TEXT) AS v"))[0]
        .parse()
        .unwrap()
}

fn message_id(raw: &[u8]) -> String {
    mail_parser::MessageParser::default()
        .parse(raw)
        .and_then(|m| m.message_id().map(|id| format!("<{id}>")))
        .expect("a Message-ID")
}

#[test]
fn two_instances_behind_the_deploy_nginx_configuration_share_one_postgresql() {
    if !Path::new(NGINX).exists() {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true" || v == "1"),
            "CI=true but {NGINX} is missing (Debian package nginx; .ci/run installs it)"
        );
        println!("SKIPPED: {NGINX} is missing (Debian package nginx)");
        return;
    }
    if !postgres_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = TestDb::create(Backend::Postgres, d);
    let tls = ServerTls::for_names("Klankbord nginx test CA", &format!("DNS:{HOST}"));
    let ports = Ports {
        instances: [free_port(), free_port()],
        http: free_port(),
        https: free_port(),
    };
    let base = format!("https://{HOST}:{}", ports.https);
    let sink = SmtpSink::start();
    let env = vec![
        ("DATABASE_URL", db.url.clone()),
        (
            "KLANKBORD_SECRET_FILE",
            d.join("klankbord.key").display().to_string(),
        ),
        ("KLANKBORD_BASE_URL", base.clone()),
        ("KLANKBORD_MAIL", sink.url()),
        ("KLANKBORD_TRUST_PROXY", "true".to_owned()),
    ];

    // As compose does: migrate once (this makes the key file), then the
    // demo; its invitations go to files and are queued again below, so the
    // two instances' workers race for them.
    run_cli(d, &["migrate"], &env);
    let mut demo_env = env.clone();
    demo_env.retain(|(k, _)| *k != "KLANKBORD_MAIL");
    demo_env.push((
        "KLANKBORD_MAIL",
        format!("file:{}", d.join("demo-outbox").display()),
    ));
    let demo = run_cli(d, &["demo"], &demo_env);
    db.execute(&format!(
        "UPDATE outbox SET status = 'pending', next_attempt_at = 0, sent_at = NULL WHERE {OPEN_INVITATIONS}"
    ));
    let queued = count(
        &db,
        &format!("SELECT COUNT(*) FROM outbox WHERE {OPEN_INVITATIONS}"),
    );
    assert!(queued > CONCURRENT_SUBMITS);

    let mut instances = [
        start_instance(d, 1, ports.instances[0], &env),
        start_instance(d, 2, ports.instances[1], &env),
    ];
    let mut nginx = start_nginx(d, &nginx_conf(d, &ports, &tls));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for (i, port) in ports.instances.iter().enumerate() {
            wait_for("an instance listens", Duration::from_secs(60), || {
                instances[i].assert_alive("an instance");
                TcpStream::connect(("127.0.0.1", *port)).is_ok()
            });
        }
        wait_for("nginx listens", Duration::from_secs(30), || {
            nginx.assert_alive("nginx");
            TcpStream::connect(("127.0.0.1", ports.https)).is_ok()
        });
        exercise(d, &db, &ports, &tls, &sink, &env, &demo, queued);
    }));
    if let Err(e) = result {
        for (name, p) in [
            ("instance 1", &instances[0]),
            ("instance 2", &instances[1]),
            ("nginx", &nginx),
        ] {
            eprintln!("--- {name}:\n{}", p.log());
        }
        eprintln!(
            "--- nginx error.log:\n{}",
            std::fs::read_to_string(d.join("error.log")).unwrap_or_default()
        );
        std::panic::resume_unwind(e);
    }
}

#[allow(clippy::too_many_arguments)]
fn exercise(
    d: &Path,
    db: &TestDb,
    ports: &Ports,
    tls: &ServerTls,
    sink: &SmtpSink,
    env: &[(&str, String)],
    demo: &str,
    queued: usize,
) {
    let config = client_config(tls);
    let base = format!("https://{HOST}:{}", ports.https);

    // No mail twice: both workers deliver from one outbox; each queued
    // invitation arrives exactly once, with its stored Message-ID.
    wait_for(
        "both workers deliver the queue",
        Duration::from_secs(90),
        || {
            count(
                db,
                &format!(
                    "SELECT COUNT(*) FROM outbox WHERE {OPEN_INVITATIONS} AND status <> 'sent'"
                ),
            ) == 0
        },
    );
    let received = sink.received();
    let ids: Vec<String> = received.iter().map(|m| message_id(m)).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "a message arrived twice");
    let stored: HashSet<String> = db
        .query(&format!(
            "SELECT message_id AS v FROM outbox WHERE {OPEN_INVITATIONS}"
        ))
        .into_iter()
        .collect();
    assert_eq!(stored.len(), queued);
    assert_eq!(unique.into_iter().cloned().collect::<HashSet<_>>(), stored);

    // A staff session made through nginx is valid on each instance.
    let clerk = demo
        .lines()
        .find(|l| l.starts_with("  ") && l.contains("(Griffier)"))
        .and_then(|l| l.split_whitespace().next())
        .expect("the demo's griffier")
        .to_owned();
    let mut staff = Client::new(ports.https, &config);
    let asked = staff.post("/aanmelden", &[("email".into(), clerk.clone())]);
    assert_eq!(asked.status, 200, "{}", asked.body);
    let mut link = None;
    wait_for("the sign-in link arrives", Duration::from_secs(30), || {
        link = sink
            .received()
            .iter()
            .map(|m| mail::parse(m))
            .find_map(|m| {
                let at = m.text.find("/aanmelden/link/")?;
                (m.to == clerk).then(|| m.text[at..at + "/aanmelden/link/".len() + 43].to_owned())
            });
        link.is_some()
    });
    let link = link.unwrap();
    assert_eq!(staff.get(&link).status, 200);
    assert_eq!(staff.post(&link, &[]).status, 303);
    let step = staff.get("/aanmelden/tweede-stap");
    assert_eq!(step.status, 200, "{}", step.body);
    let code = run_cli(d, &["demo-code", &clerk], env);
    let signed_in = staff.post(
        "/aanmelden/tweede-stap",
        &[
            ("csrf".into(), step.csrf()),
            ("code".into(), code.trim().to_owned()),
        ],
    );
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let cookie = staff.cookie_header();
    for port in ports.instances {
        let page = plain_get(port, HOST, "/mijn", Some(&cookie));
        assert_eq!(
            page.status, 200,
            "the session on the instance at {port}: {}",
            page.body
        );
        assert_eq!(
            plain_get(port, HOST, "/mijn", None).status,
            303,
            "without the cookie"
        );
    }

    // No submit lost: several referenten send their answers at once.
    let links: Vec<String> = demo
        .split_whitespace()
        .filter(|w| w.starts_with(&format!("{base}/r/")))
        .map(|w| w[base.len()..].trim_end_matches(['.', ',', ')']).to_owned())
        .take(CONCURRENT_SUBMITS)
        .collect();
    assert_eq!(links.len(), CONCURRENT_SUBMITS, "open demo links: {demo}");
    let answered = "SELECT COUNT(*) FROM invitations WHERE status = 'beantwoord'";
    let sealed = "SELECT COUNT(*) FROM sealed_responses";
    let (answered_before, sealed_before) = (count(db, answered), count(db, sealed));
    let forms: Vec<(Client, Vec<(String, String)>)> = links
        .iter()
        .map(|l| {
            let mut c = Client::new(ports.https, &config);
            let form = c.open_form(l);
            (c, respond::full_answers(&form))
        })
        .collect();
    let barrier = Arc::new(Barrier::new(forms.len()));
    let submits: Vec<_> = forms
        .into_iter()
        .map(|(mut c, fields)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                c.post("/vragenlijst", &fields)
            })
        })
        .collect();
    for s in submits {
        let r = s.join().unwrap();
        assert_eq!(r.status, 303, "{}", r.body);
        let thanks = r.location().unwrap_or_default();
        assert!(thanks.starts_with("/vragenlijst/bedankt"), "{thanks}");
    }
    assert_eq!(count(db, answered), answered_before + CONCURRENT_SUBMITS);
    assert_eq!(count(db, sealed), sealed_before + CONCURRENT_SUBMITS);

    // Headers: HSTS from nginx, once; the application's own security headers
    // passed through; no nginx version.
    let mut visitor = Client::new(ports.https, &config);
    let home = visitor.get("/?q=geheim-zoekwoord");
    assert_eq!(home.status, 200);
    let hsts: Vec<_> = home
        .headers
        .get_all("strict-transport-security")
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(hsts, ["max-age=63072000"], "HSTS once, nginx's value");
    assert_eq!(
        home.header("server").as_deref(),
        Some("nginx"),
        "server_tokens off"
    );
    let direct = plain_get(ports.instances[0], HOST, "/", None);
    for name in [
        "content-security-policy",
        "referrer-policy",
        "x-content-type-options",
        "x-frame-options",
    ] {
        assert!(direct.header(name).is_some(), "the application sets {name}");
        assert_eq!(
            home.header(name),
            direct.header(name),
            "{name} passes through nginx"
        );
    }

    // The body limit: 256 KiB reaches the application, one byte more is
    // nginx's 413 (with HSTS: "always").
    let limit = 256 * 1024;
    let filler = |len: usize| format!("email={}", "a".repeat(len - "email=".len()));
    let at_limit = visitor.send("POST", "/aanmelden", filler(limit).as_bytes());
    assert_ne!(
        at_limit.status, 413,
        "a form of exactly 256 KiB is not refused"
    );
    assert!(
        at_limit.header("content-security-policy").is_some(),
        "answered by the application"
    );
    let over = visitor.send("POST", "/aanmelden", filler(limit + 1).as_bytes());
    assert_eq!(over.status, 413);
    assert!(over.header("strict-transport-security").is_some());

    // Plain HTTP only redirects; an unknown host name gets no TLS handshake.
    let plain = plain_get(ports.http, HOST, "/mijn?x=1", None);
    assert_eq!(plain.status, 301);
    assert_eq!(
        plain.location().as_deref(),
        Some("https://klankbord.example.nl/mijn?x=1")
    );
    assert!(handshake(&config, HOST, ports.https).is_ok());
    assert!(
        handshake(&config, "ander.example.nl", ports.https).is_err(),
        "a TLS handshake for another host name is refused"
    );

    // The access log: both instances served, /r/ paths without their token,
    // no query string.
    let access = std::fs::read_to_string(d.join("access.log")).unwrap();
    for port in ports.instances {
        assert!(
            access.contains(&format!("upstream=127.0.0.1:{port}")),
            "{access}"
        );
    }
    assert!(access.contains(" /r/[token] "), "{access}");
    let errors = std::fs::read_to_string(d.join("error.log")).unwrap_or_default();
    for l in &links {
        let token = &l["/r/".len()..];
        assert!(
            !access.contains(token) && !errors.contains(token),
            "a token in nginx's logs"
        );
    }
    assert!(
        !access.contains("geheim-zoekwoord"),
        "a query string in the access log"
    );
}

//! Stopping the real server with SIGTERM while a referent's submit is still
//! uploading and the mail worker is in the middle of a message: the submit
//! completes and is stored, the worker finishes its message and hands the
//! rest back to the queue, and the process exits with status 0.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::smtp_sink::SmtpSink;
use crate::common::{Backend, Browser, free_port, wait_for};
use crate::{Cli, postgres_or_skip};

/// Submitted invitations of open rounds (the demo's closed round loses its
/// invitations to the retention job whenever a worker gets that far).
const ANSWERED_IN_OPEN_ROUNDS: &str = "SELECT CAST(COUNT(*) AS TEXT) AS v FROM invitations \
     WHERE status = 'beantwoord' AND round_id IN (SELECT id FROM rounds WHERE state = 'open')";

/// Whether the server's end of the connection from `client_port` to `port`
/// exists and has nothing left unread in its receive queue (Linux's
/// `/proc/net/tcp`, loopback only).
fn server_has_read_all(port: u16, client_port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let local = format!("0100007F:{port:04X}");
    let remote = format!("0100007F:{client_port:04X}");
    table.lines().skip(1).any(|line| {
        let cols: Vec<&str> = line.split_whitespace().collect();
        cols.len() > 4
            && cols[1] == local
            && cols[2] == remote
            && cols[4].rsplit(':').next() == Some("00000000")
    })
}

fn count(cli: &Cli, sql: &str) -> usize {
    cli.db.query(sql)[0].parse().unwrap()
}

fn sigterm_finishes_a_slow_submit_and_the_message_in_progress(backend: Backend) {
    let cli = Cli::new(backend);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let demo = cli.run_env(&["demo"], &[("KLANKBORD_BASE_URL", &base)]);
    assert!(demo.status.success());
    let out = String::from_utf8(demo.stdout).unwrap();
    let link = out
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{base}/r/")))
        .expect("a demo link")
        .trim_end_matches(['.', ',', ')'])
        .to_owned();
    // Mail waiting in the outbox: the demo's invitations once more.
    cli.db.execute(
        "UPDATE outbox SET status = 'pending', next_attempt_at = 0, sent_at = NULL \
         WHERE kind = 'invitation'",
    );
    let queued = count(
        &cli,
        "SELECT CAST(COUNT(*) AS TEXT) AS v FROM outbox WHERE status = 'pending'",
    );
    assert!(queued > 1);
    let answered_before = count(&cli, ANSWERED_IN_OPEN_ROUNDS);

    let sink = SmtpSink::start();
    sink.hold();
    let log = std::fs::File::create(cli.dir.path().join("serve.log")).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_klankbord"))
        .arg("serve")
        .current_dir(cli.dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &cli.db.url)
        .env("KLANKBORD_BIND", format!("127.0.0.1:{port}"))
        .env("KLANKBORD_BASE_URL", &base)
        .env("KLANKBORD_MAIL", sink.url())
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let pid = server.id().to_string();
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_for("the server listens", Duration::from_secs(30), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        assert!(
            sink.wait_until_holding(1, Duration::from_secs(30)),
            "the worker is in the middle of a message"
        );

        // The referent opens the form and starts to send it, slowly.
        let (cookies, body) = actix_web::rt::System::new().block_on(async {
            let mut b = Browser::new(&base);
            let form = crate::common::respond::open_form(&mut b, &link[base.len()..]).await;
            let fields = crate::common::respond::full_answers(&form);
            let cookie = b
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            (cookie, serde_urlencoded::to_string(&fields).unwrap())
        });
        let mut conn = TcpStream::connect(("127.0.0.1", port)).unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            conn,
            "POST /vragenlijst HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {base}\r\n\
             Cookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        let half = body.len() / 2;
        conn.write_all(&body.as_bytes()[..half]).unwrap();
        conn.flush().unwrap();
        // In flight means the server has read what was sent: the request head
        // is parsed and the handler waits for the rest of the body. A request
        // still unread in the socket when SIGTERM comes is never started
        // (actix-http's graceful drain closes the connection), so SIGTERM
        // right after the write raced with the server reading it.
        let client_port = conn.local_addr().unwrap().port();
        wait_for(
            "the server reads the request head",
            Duration::from_secs(20),
            || server_has_read_all(port, client_port),
        );

        // SIGTERM; once the server takes no new connections, the rest.
        let kill = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(kill.success());
        wait_for(
            "the server stops listening",
            Duration::from_secs(20),
            || TcpStream::connect(("127.0.0.1", port)).is_err(),
        );
        conn.write_all(&body.as_bytes()[half..]).unwrap();
        let mut response = String::new();
        conn.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 303") && response.contains("/vragenlijst/bedankt"),
            "{response}"
        );

        // The message in progress goes through; then the process ends.
        wait_for(
            "the worker is told to stop",
            Duration::from_secs(20),
            || {
                std::fs::read_to_string(cli.dir.path().join("serve.log"))
                    .is_ok_and(|l| l.contains("stopping the background jobs"))
            },
        );
        sink.release();
        let start = Instant::now();
        loop {
            if let Some(status) = server.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(40),
                "the server exits"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }));
    let _ = server.kill();
    let _ = server.wait();
    let status = stopped.unwrap_or_else(|e| {
        let log = std::fs::read_to_string(cli.dir.path().join("serve.log")).unwrap_or_default();
        eprintln!("{log}");
        std::panic::resume_unwind(e)
    });
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        count(&cli, ANSWERED_IN_OPEN_ROUNDS),
        answered_before + 1,
        "the submit was stored"
    );
    assert_eq!(sink.received().len(), 1, "the message in progress, no more");
    assert_eq!(
        count(
            &cli,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM outbox WHERE status = 'sending'"
        ),
        0,
        "nothing left claimed"
    );
    assert!(
        count(
            &cli,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM outbox WHERE status = 'pending'"
        ) > 0,
        "the rest back in the queue"
    );
}

#[test]
fn sigterm_finishes_a_slow_submit_and_the_message_in_progress_sqlite() {
    sigterm_finishes_a_slow_submit_and_the_message_in_progress(Backend::Sqlite);
}

#[test]
fn sigterm_finishes_a_slow_submit_and_the_message_in_progress_postgres() {
    if postgres_or_skip() {
        sigterm_finishes_a_slow_submit_and_the_message_in_progress(Backend::Postgres);
    }
}

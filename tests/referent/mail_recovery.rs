//! Mail after a crash: every message keeps one `Message-ID` through its
//! retries, a worker that died holds its messages for one short lease only,
//! and a worker that is still sending keeps its claim with a heartbeat.

use std::time::{Duration, Instant};

use crate::both_backends;
use crate::common::smtp_sink::SmtpSink;
use crate::common::{Backend, Options, TestApp, setup_round, spawn_app_with};
use klankbord::domain::audit::System;
use klankbord::domain::ids::RoundId;
use klankbord::service::mail_delivery::{HEARTBEAT_SECS, LEASE_SECS, backoff_secs};

/// An app whose mail goes to `sink`, from an address at teststad.example.
async fn app_mailing_to(backend: Backend, sink: &SmtpSink) -> TestApp {
    spawn_app_with(
        backend,
        Options {
            mail: Some(sink.url()),
            env: vec![(
                "KLANKBORD_MAIL_FROM",
                "Klankbord <noreply@teststad.example>".into(),
            )],
        },
    )
    .await
}

/// A round with one referent whose invitation is queued, not yet sent.
fn one_invitation_queued(app: &TestApp) -> RoundId {
    let round = setup_round(app, 3);
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nAnna Agent,anna@politie.example,gemeenteraad\n",
        )
        .unwrap();
    app.svc.send_invitations(System::Cli, round).unwrap();
    round
}

/// The `Message-ID` header of a raw message.
fn message_id(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    text.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("message-id")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no Message-ID in {text}"))
}

fn stored_message_ids(app: &TestApp) -> Vec<String> {
    app.db.query("SELECT message_id AS v FROM outbox")
}

fn claimed_until(app: &TestApp) -> i64 {
    app.db
        .query("SELECT CAST(claimed_until AS TEXT) AS v FROM outbox")
        .first()
        .and_then(|v| v.parse().ok())
        .expect("a claimed message")
}

async fn a_retried_mail_carries_the_same_message_id(backend: Backend) {
    let sink = SmtpSink::start();
    // The mail server takes the first copy, then answers "try again".
    sink.refuse_after_data(1);
    let app = app_mailing_to(backend, &sink).await;
    let round = one_invitation_queued(&app);
    app.deliver();
    assert_eq!(
        app.svc.mail_counts(System::Cli, round).unwrap().pending,
        1,
        "kept for a retry"
    );
    app.advance(backoff_secs(1) + 1);
    app.deliver();
    let received = sink.received();
    assert_eq!(received.len(), 2, "the first copy and the retry");
    let stored = stored_message_ids(&app);
    assert_eq!(stored.len(), 1);
    assert_eq!(message_id(&received[0]), stored[0]);
    assert_eq!(message_id(&received[1]), stored[0], "the same Message-ID");
    assert!(
        stored[0].starts_with('<') && stored[0].ends_with("@teststad.example>"),
        "{}",
        stored[0]
    );
    assert_eq!(app.svc.mail_counts(System::Cli, round).unwrap().sent, 1);
}

async fn a_crashed_workers_claim_is_taken_over_after_one_short_lease(backend: Backend) {
    const {
        assert!(
            LEASE_SECS <= 60,
            "a crashed worker delays mail a minute at most"
        )
    };
    let sink = SmtpSink::start();
    let app = app_mailing_to(backend, &sink).await;
    let round = one_invitation_queued(&app);
    // A worker claims the message and dies before sending it.
    let now = app.svc.now().as_second();
    app.db.execute(&format!(
        "UPDATE outbox SET status = 'sending', attempts = 1, claimed_until = {}",
        now + LEASE_SECS
    ));
    let other = app.second_instance();
    assert_eq!(
        other.deliver_due().unwrap().sent,
        0,
        "the claim still holds"
    );
    assert!(sink.received().is_empty());

    app.advance(LEASE_SECS + 1);
    assert_eq!(other.deliver_due().unwrap().sent, 1, "taken over");
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(message_id(&received[0]), stored_message_ids(&app)[0]);
    assert_eq!(app.svc.mail_counts(System::Cli, round).unwrap().sent, 1);
}

async fn the_heartbeat_keeps_a_slow_send_from_being_taken_over(backend: Backend) {
    let sink = SmtpSink::start();
    sink.hold();
    let app = app_mailing_to(backend, &sink).await;
    let round = one_invitation_queued(&app);
    let first = app.svc.clone();
    let sending = std::thread::spawn(move || first.deliver_due().unwrap());
    assert!(
        sink.wait_until_holding(1, Duration::from_secs(20)),
        "the worker reached the mail server"
    );
    let claimed = claimed_until(&app);

    // One beat later the claim reaches a whole lease further.
    app.advance(HEARTBEAT_SECS + 1);
    let deadline = Instant::now() + Duration::from_secs(20);
    while claimed_until(&app) <= claimed {
        assert!(Instant::now() < deadline, "the heartbeat extends the claim");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Past the first claim: without the heartbeat it would be taken over.
    app.advance(LEASE_SECS - HEARTBEAT_SECS);
    let other = app.second_instance().deliver_due().unwrap();
    assert_eq!(
        other.sent + other.retried + other.failed,
        0,
        "not taken over"
    );

    sink.release();
    assert_eq!(sending.join().unwrap().sent, 1);
    assert_eq!(sink.received().len(), 1, "sent once");
    assert_eq!(app.svc.mail_counts(System::Cli, round).unwrap().sent, 1);
}

both_backends!(
    a_retried_mail_carries_the_same_message_id,
    a_crashed_workers_claim_is_taken_over_after_one_short_lease,
    the_heartbeat_keeps_a_slow_send_from_being_taken_over,
);

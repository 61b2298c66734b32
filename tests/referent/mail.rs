//! Invitations and reminders through the outbox: retries, failures the
//! griffier can see, reminders only to those who have not reacted, and no
//! message sent twice by two server instances.

use crate::answering::{RATERS, answer, open_form};
use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::smtp_sink::SmtpSink;
use crate::common::{Backend, Options, invite, setup_round, spawn_app, spawn_app_with};
use klankbord::domain::audit::System;

async fn reminders_go_only_to_raters_who_have_not_reacted(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    assert_eq!(
        answer(&app, &link_for(&mails, "anna@politie.example"))
            .await
            .status,
        303
    );
    let mut b = app.browser();
    let form = open_form(&mut b, &link_for(&mails, "bas@raad.example")).await;
    let _ = form;
    let confirm = b.get("/vragenlijst/liever-gesprek").await;
    assert_eq!(
        b.post(
            "/vragenlijst/liever-gesprek",
            &[("csrf".into(), confirm.csrf())]
        )
        .await
        .status,
        303
    );

    assert_eq!(app.svc.send_reminders(System::Cli, round).unwrap(), 1);
    assert_eq!(
        app.svc.send_reminders(System::Cli, round).unwrap(),
        0,
        "no second reminder while one waits"
    );
    app.deliver();
    let reminders: Vec<_> = mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.subject.starts_with("Herinnering"))
        .collect();
    assert_eq!(reminders.len(), 1);
    assert_eq!(reminders[0].to, "carla@college.example");
    assert_eq!(
        mail::link(&reminders[0]),
        link_for(&mails, "carla@college.example"),
        "the reminder carries the same link"
    );
}

async fn a_mail_refused_for_good_is_marked_for_the_griffier(backend: Backend) {
    let sink = SmtpSink::start_rejecting();
    let app = spawn_app_with(
        backend,
        Options {
            mail: Some(sink.url()),
            ..Options::default()
        },
    )
    .await;
    let round = setup_round(&app, 3);
    invite(&app, round, &RATERS[..1]);
    let statuses = app.svc.rater_statuses(System::Cli, round).unwrap();
    assert!(statuses[0].mail_failed, "a 550 is final");
    assert_eq!(app.svc.mail_counts(System::Cli, round).unwrap().failed, 1);
}

async fn an_unreachable_mail_server_is_retried_with_backoff_then_marked_failed(backend: Backend) {
    // A port where nothing listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(
        backend,
        Options {
            mail: Some(format!("smtp://127.0.0.1:{port}?tls=none")),
            ..Options::default()
        },
    )
    .await;
    let round = setup_round(&app, 3);
    invite(&app, round, &RATERS[..1]);
    let counts = app.svc.mail_counts(System::Cli, round).unwrap();
    assert_eq!(
        (counts.pending, counts.failed),
        (1, 0),
        "kept for a retry, not lost"
    );
    app.deliver();
    assert_eq!(
        app.svc.mail_counts(System::Cli, round).unwrap().pending,
        1,
        "not retried before the backoff has passed"
    );
    for _ in 0..klankbord::service::mail_delivery::MAX_ATTEMPTS {
        app.advance(7 * 3600);
        app.deliver();
    }
    let counts = app.svc.mail_counts(System::Cli, round).unwrap();
    assert_eq!((counts.pending, counts.failed), (0, 1));
    assert!(app.svc.rater_statuses(System::Cli, round).unwrap()[0].mail_failed);
}

async fn two_server_instances_never_send_one_mail_twice(backend: Backend) {
    let sink = SmtpSink::start();
    let app = spawn_app_with(
        backend,
        Options {
            mail: Some(sink.url()),
            ..Options::default()
        },
    )
    .await;
    let round = setup_round(&app, 3);
    let mut csv = String::from("naam,email,groep\n");
    for i in 0..40 {
        csv.push_str(&format!("R{i},r{i}@x.example,gemeenteraad\n"));
    }
    app.svc
        .import_raters(System::Cli, round, csv.as_bytes())
        .unwrap();
    app.svc.send_invitations(System::Cli, round).unwrap();
    let a = app.svc.clone();
    let b = app.second_instance();
    let ta = std::thread::spawn(move || a.deliver_due().unwrap());
    let tb = std::thread::spawn(move || b.deliver_due().unwrap());
    let (ra, rb) = (ta.join().unwrap(), tb.join().unwrap());
    assert_eq!(ra.sent + rb.sent, 40);
    let mut recipients: Vec<String> = sink.received().iter().map(|m| mail::parse(m).to).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 40);
    assert_eq!(sink.received().len(), 40, "each invitation exactly once");
}

both_backends!(
    reminders_go_only_to_raters_who_have_not_reacted,
    a_mail_refused_for_good_is_marked_for_the_griffier,
    an_unreachable_mail_server_is_retried_with_backoff_then_marked_failed,
    two_server_instances_never_send_one_mail_twice,
);

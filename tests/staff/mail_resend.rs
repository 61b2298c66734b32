//! "Opnieuw versturen": the griffier sends one referent's failed mail again,
//! after a confirmation page; exactly that message goes out once more (with
//! its own Message-ID), nobody else gets anything, and the audit log says so.

use klankbord::config::{MailTransportSettings, SmtpTls};
use klankbord::domain::audit::System;
use klankbord::service::Klankbord;

use crate::both_backends;
use crate::common::smtp_sink::SmtpSink;
use crate::common::{Backend, TestApp, mail};
use crate::support::*;

/// Another instance on the app's database whose mail goes to `sink` (the
/// app's own mail, the sign-in links, stays in its file outbox).
fn instance_mailing_to(app: &TestApp, sink: &SmtpSink) -> Klankbord {
    let mut settings = app.settings.clone();
    settings.mail.transport = MailTransportSettings::Smtp {
        host: "127.0.0.1".into(),
        port: sink.port,
        user: None,
        password: None,
        tls: SmtpTls::None,
    };
    klankbord::app::services(&settings, klankbord::service::system_clock()).unwrap()
}

fn message_id(raw: &str) -> String {
    raw.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("message-id")
                .then(|| value.trim().to_owned())
        })
        .expect("a Message-ID")
}

async fn one_failed_mail_is_sent_again_after_asking_and_no_other(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nAnna Agent,anna@politie.example,gemeenteraad\nBas Bode,bas@raad.example,gemeenteraad\n",
        )
        .unwrap();
    app.svc.send_invitations(System::Cli, round).unwrap();
    let sink = SmtpSink::start_rejecting();
    let worker = instance_mailing_to(&app, &sink);
    assert_eq!(worker.deliver_due().unwrap().failed, 2, "a 550 is final");

    let base = format!("/mijn/rondes/{round}");
    let page = g.get(&base).await;
    // Two rows, and the table's caption.
    assert_eq!(page.body.matches("mail mislukt").count(), 3);
    assert_eq!(page.body.matches("Opnieuw versturen").count(), 2);
    let anna = app
        .svc
        .rater_statuses(System::Cli, round)
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Anna Agent")
        .unwrap()
        .invitation;
    let action = format!("{base}/referenten/{anna}/opnieuw-versturen");
    assert!(page.body.contains(&action), "the link on the round page");

    // The address is right after all; the mail server takes mail again.
    sink.set_rejecting(false);
    let confirm = g.get(&action).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Mail opnieuw versturen?"));
    assert!(confirm.body.contains("Anna Agent") && confirm.body.contains("anna@politie.example"));
    assert!(!confirm.body.contains("Bas Bode"));
    assert_eq!(
        worker.deliver_due().unwrap().sent,
        0,
        "asking sends nothing"
    );
    let done = g.post(&action, &[("csrf".into(), confirm.csrf())]).await;
    assert_eq!(done.status, 303);
    assert_eq!(
        done.location().unwrap(),
        format!("{base}?melding=mail-opnieuw")
    );
    assert_eq!(worker.deliver_due().unwrap().sent, 1);
    let received: Vec<_> = sink.received().iter().map(|m| mail::parse(m)).collect();
    assert_eq!(received.len(), 1, "exactly one mail");
    assert_eq!(received[0].to, "anna@politie.example");
    let stored = app.db.query(&format!(
        "SELECT message_id AS v FROM outbox WHERE invitation_id = '{anna}'"
    ));
    assert_eq!(message_id(&received[0].raw), stored[0]);

    let page = g.get(&base).await;
    assert_eq!(
        page.body.matches("mail mislukt").count(),
        2,
        "Bas's still failed"
    );
    assert_eq!(
        app.db
            .query("SELECT action AS v FROM audit_log WHERE action = 'mail opnieuw verstuurd'")
            .len(),
        1
    );
    // Nothing failed for Anna any more: refused, nothing queued.
    let again = g.post(&action, &[("csrf".into(), confirm.csrf())]).await;
    assert_eq!(again.status, 409);
    assert_eq!(worker.deliver_due().unwrap().sent, 0);
    assert_eq!(sink.received().len(), 1);
}

both_backends!(one_failed_mail_is_sent_again_after_asking_and_no_other);

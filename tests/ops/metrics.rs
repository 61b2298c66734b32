//! The metrics endpoint on its own address: route patterns, never paths or
//! tokens; the outbox read from the database; the background jobs counted.

use klankbord::domain::audit::System;

use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::{Backend, Options, TestApp, setup_round, spawn_app, spawn_app_with};

async fn metrics_app(backend: Backend) -> TestApp {
    spawn_app_with(
        backend,
        Options {
            env: vec![("KLANKBORD_METRICS_ADDR", "127.0.0.1:0".into())],
            ..Options::default()
        },
    )
    .await
}

async fn scrape(app: &TestApp) -> String {
    let base = app.metrics_address.as_deref().expect("a metrics address");
    let res = crate::common::Browser::new(base).get("/metrics").await;
    assert_eq!(res.status, 200);
    assert!(
        res.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4"),
        "the Prometheus text format"
    );
    res.body
}

/// The value of the sample with exactly this name and these labels.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().unwrap())
}

async fn requests_are_counted_by_route_pattern_and_no_token_shows(backend: Backend) {
    let app = metrics_app(backend).await;
    let metrics = app.metrics_address.clone().unwrap();
    assert_ne!(metrics, app.address, "the metrics port is not the app port");
    assert_eq!(
        app.browser().get("/metrics").await.status,
        404,
        "the public port has no metrics"
    );

    let round = setup_round(&app, 3);
    let rows = "naam,email,groep\nAnna Politie,anna@politie.example,veiligheidspartners\n\
                Bas Raad,bas@raad.example,gemeenteraad\n";
    app.svc
        .import_raters(System::Cli, round, rows.as_bytes())
        .unwrap();
    app.svc.send_invitations(System::Cli, round).unwrap();
    let before = scrape(&app).await;
    assert_eq!(
        sample(&before, "klankbord_outbox_messages{status=\"pending\"}"),
        Some(2.0),
        "{before}"
    );
    assert_eq!(sample(&before, "klankbord_database_up"), Some(1.0));

    // The server's own worker is off in tests: one pass by hand.
    klankbord::jobs::run_once(&app.svc, &app.metrics);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert!(token.len() > 10, "{link}");
    let mut b = app.browser();
    assert_eq!(b.get(&link).await.status, 303);
    let unknown = b.get("/r/onzin-token-dat-niet-bestaat").await.status;
    assert_ne!(unknown, 303, "an unknown token opens nothing");
    assert_eq!(b.get("/bestaat-niet").await.status, 404);
    assert_eq!(b.get("/health/ready").await.status, 200);

    let text = scrape(&app).await;
    assert!(
        !text.contains(&token),
        "a referent's token is in the metrics"
    );
    assert!(
        !text.contains("onzin-token"),
        "a requested path is in the metrics"
    );
    assert!(!text.contains("anna") && !text.contains("politie.example"));
    assert_eq!(
        sample(
            &text,
            "klankbord_http_requests_total{method=\"GET\",route=\"/r/{token}\",status=\"303\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            &format!(
                "klankbord_http_requests_total{{method=\"GET\",route=\"/r/{{token}}\",status=\"{unknown}\"}}"
            )
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "klankbord_http_requests_total{method=\"GET\",route=\"(none)\",status=\"404\"}"
        ),
        Some(2.0),
        "/metrics on the public port and /bestaat-niet\n{text}"
    );
    assert_eq!(
        sample(
            &text,
            "klankbord_http_request_duration_seconds_count{route=\"/r/{token}\"}"
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "klankbord_http_request_duration_seconds_bucket{route=\"/r/{token}\",le=\"+Inf\"}"
        ),
        Some(2.0)
    );
    // The outbox as the database has it now, and what the jobs did.
    assert_eq!(
        sample(&text, "klankbord_outbox_messages{status=\"pending\"}"),
        Some(0.0)
    );
    assert_eq!(
        sample(&text, "klankbord_outbox_messages{status=\"sent\"}"),
        Some(2.0)
    );
    assert_eq!(
        sample(&text, "klankbord_outbox_messages{status=\"failed\"}"),
        Some(0.0)
    );
    assert_eq!(
        sample(&text, "klankbord_mail_deliveries_total{outcome=\"sent\"}"),
        Some(2.0)
    );
    for job in ["close_rounds", "deliver_mail"] {
        assert_eq!(
            sample(
                &text,
                &format!("klankbord_job_runs_total{{job=\"{job}\",outcome=\"ok\"}}")
            ),
            Some(1.0),
            "{text}"
        );
    }
    // Every label value is a pattern, a code or a name from the code.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some(route) = line.split("route=\"").nth(1) {
            let route = route.split('"').next().unwrap();
            assert!(
                route == "(none)" || !route.contains("/r/") || route == "/r/{token}",
                "{line}"
            );
        }
    }
}

async fn without_a_metrics_address_there_is_no_metrics_endpoint(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.metrics_address, None);
    assert_eq!(app.browser().get("/metrics").await.status, 404);
}

both_backends!(
    requests_are_counted_by_route_pattern_and_no_token_shows,
    without_a_metrics_address_there_is_no_metrics_endpoint,
);

//! `/health/live`, `/health/ready` and its alias `/healthz`.

use crate::both_backends;
use crate::common::{Backend, spawn_app};

async fn a_migrated_instance_is_live_and_ready(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut b = app.browser();
    for path in ["/health/live", "/health/ready", "/healthz"] {
        let res = b.get(path).await;
        assert_eq!((res.status, res.body.as_str()), (200, "ok"), "{path}");
        assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
    }
}

async fn a_database_without_the_latest_migration_is_not_ready_but_live(backend: Backend) {
    let app = spawn_app(backend).await;
    // As if this version's last migration had not been applied (an older
    // database, or `migrate` not run yet).
    app.db.execute(
        "DELETE FROM __diesel_schema_migrations WHERE version = \
         (SELECT MAX(version) FROM __diesel_schema_migrations)",
    );
    let mut b = app.browser();
    for path in ["/health/ready", "/healthz"] {
        let res = b.get(path).await;
        assert_eq!(res.status, 503, "{path}");
        assert_eq!(res.body, "database mist 1 migratie(s)", "{path}");
        assert!(
            res.header("content-type")
                .unwrap()
                .starts_with("text/plain"),
            "a short plain body, not a page"
        );
    }
    let live = b.get("/health/live").await;
    assert_eq!((live.status, live.body.as_str()), (200, "ok"));
}

both_backends!(
    a_migrated_instance_is_live_and_ready,
    a_database_without_the_latest_migration_is_not_ready_but_live,
);

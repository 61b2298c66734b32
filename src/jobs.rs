//! The background jobs of a server instance: close rounds whose closing
//! moment passed (finishing any pending shredding), deliver due mail, and
//! delete contact data past its bewaartermijn (`service::retention`).
//! They drive the service's use cases; `mail/` only sends. Several instances
//! may run them at once on one PostgreSQL database: the use cases claim their
//! work with row locks (`store::outbox`, `store::sealed`,
//! `store::retention`), so nothing is sent, closed or deleted twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::service::Klankbord;
use crate::telemetry::metrics::Metrics;

/// How often the loop looks for work.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// The loop on its own thread; dropping it stops the loop and waits for the
/// pass in progress.
pub struct Worker {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    pub fn spawn(svc: Klankbord, metrics: Metrics) -> std::io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::Builder::new()
            .name("klankbord-worker".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    run_once_until(&svc, &metrics, &|| flag.load(Ordering::Relaxed));
                    let mut waited = Duration::ZERO;
                    while waited < POLL_INTERVAL && !flag.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(100));
                        waited += Duration::from_millis(100);
                    }
                }
            })?;
        Ok(Self {
            stop,
            handle: Some(handle),
        })
    }
}

/// One pass: close due rounds, deliver due mail, apply the bewaartermijnen.
/// Errors are logged, not fatal; each job's run is counted in `metrics`.
pub fn run_once(svc: &Klankbord, metrics: &Metrics) {
    run_once_until(svc, metrics, &|| false);
}

/// One pass that stops delivering after the message in progress once `stop`
/// says so (the server shuts down: the worker finishes its current message,
/// the rest of its claim goes back to the queue).
fn run_once_until(svc: &Klankbord, metrics: &Metrics, stop: &dyn Fn() -> bool) {
    let closed = svc.close_due_rounds();
    metrics.record_job_run("close_rounds", closed.is_ok());
    match closed {
        Ok(0) => {}
        Ok(n) => tracing::info!(rounds = n, "closed rounds past their closing moment"),
        Err(e) => tracing::warn!(error = %e, "closing due rounds failed"),
    }
    let delivered = svc.deliver_due_until(stop);
    metrics.record_job_run("deliver_mail", delivered.is_ok());
    match delivered {
        Ok(r) => {
            metrics.record_deliveries("sent", r.sent);
            metrics.record_deliveries("retried", r.retried);
            metrics.record_deliveries("failed", r.failed);
            metrics.record_deliveries("skipped", r.skipped);
        }
        Err(e) => tracing::warn!(error = %e, "mail delivery pass failed"),
    }
    // Shutting down: no new job after the message in progress.
    if stop() {
        return;
    }
    let purged = svc.apply_retention();
    metrics.record_job_run("retention", purged.is_ok());
    match purged {
        Ok(0) => {}
        Ok(n) => tracing::info!(rounds = n, "deleted contact data past its retention period"),
        Err(e) => tracing::warn!(error = %e, "retention pass failed"),
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        tracing::info!("stopping the background jobs after the message in progress");
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

//! The background jobs of a server instance: close rounds whose closing
//! moment passed (finishing any pending shredding), then deliver due mail.
//! They drive the service's use cases; `mail/` only sends. Several instances
//! may run them at once on one PostgreSQL database: the use cases claim their
//! work with row locks (`store::outbox`, `store::sealed`), so nothing is sent
//! or closed twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::service::Klankbord;

/// How often the loop looks for work.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// The loop on its own thread; dropping it stops the loop and waits for the
/// pass in progress.
pub struct Worker {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    pub fn spawn(svc: Klankbord) -> std::io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::Builder::new()
            .name("klankbord-worker".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    run_once_until(&svc, &|| flag.load(Ordering::Relaxed));
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

/// One pass: close due rounds, then deliver due mail. Errors are logged, not fatal.
pub fn run_once(svc: &Klankbord) {
    run_once_until(svc, &|| false);
}

/// One pass that stops after the message in progress once `stop` says so
/// (the server shuts down: the worker finishes its current message, the
/// rest of its claim goes back to the queue).
fn run_once_until(svc: &Klankbord, stop: &dyn Fn() -> bool) {
    match svc.close_due_rounds() {
        Ok(0) => {}
        Ok(n) => tracing::info!(rounds = n, "closed rounds past their closing moment"),
        Err(e) => tracing::warn!(error = %e, "closing due rounds failed"),
    }
    if let Err(e) = svc.deliver_due_until(stop) {
        tracing::warn!(error = %e, "mail delivery pass failed");
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

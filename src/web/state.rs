//! What every handler may use: the use cases and how the server is reached.

use crate::service::Klankbord;
use crate::telemetry::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub svc: Klankbord,
    /// `KLANKBORD_BASE_URL` is `https://`: `Secure` cookies and HSTS.
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    /// This instance's request counters (served on `KLANKBORD_METRICS_ADDR`).
    pub metrics: Metrics,
}

impl AppState {
    /// Runs a (blocking) use case on the thread pool, off the executor.
    pub async fn run<T, F>(&self, f: F) -> Result<T, crate::web::errors::WebError>
    where
        F: FnOnce(&Klankbord) -> Result<T, crate::service::ServiceError> + Send + 'static,
        T: Send + 'static,
    {
        let svc = self.svc.clone();
        Ok(actix_web::web::block(move || f(&svc)).await??)
    }
}

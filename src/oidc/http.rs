//! The HTTP client of the OpenID Connect calls (discovery, keys, token):
//! ureq, blocking (the service runs off the async executor), with no
//! redirects followed, a size limit on every answer and a time limit on
//! every call. TLS through rustls with the webpki roots.

use std::time::Duration;

use openidconnect::http;

/// The most an answer of the provider may hold (discovery, keys, tokens).
pub const MAX_RESPONSE_BYTES: u64 = 256 * 1024;
/// The most one call to the provider may take, connecting included.
pub const TIMEOUT_SECS: u64 = 10;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("HTTP call to the identity provider failed: {0}")]
    Call(#[from] ureq::Error),
    #[error("answer of the identity provider unreadable: {0}")]
    Build(#[from] http::Error),
}

pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    pub fn new() -> Self {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(TIMEOUT_SECS)))
            .build()
            .into();
        Self { agent }
    }
}

impl openidconnect::SyncHttpClient for Client {
    type Error = HttpError;

    fn call(
        &self,
        request: openidconnect::HttpRequest,
    ) -> Result<openidconnect::HttpResponse, Self::Error> {
        let response = self.agent.run(request)?;
        let (parts, body) = response.into_parts();
        let bytes = body
            .into_with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()?;
        let mut out = http::Response::builder().status(parts.status);
        for (name, value) in &parts.headers {
            out = out.header(name, value);
        }
        Ok(out.body(bytes)?)
    }
}

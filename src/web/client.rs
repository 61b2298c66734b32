//! The client's address, for rate limiting only (never stored or logged as is).

use actix_web::HttpRequest;

/// The peer address, or the first `X-Forwarded-For` entry when the server
/// is told to trust its reverse proxy.
pub fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy && let Some(addr) = req.connection_info().realip_remote_addr() {
        return addr.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "onbekend".into())
}

//! What every handler may use: the use cases and how the server is reached.

use crate::service::Klankbord;

#[derive(Clone)]
pub struct AppState {
    pub svc: Klankbord,
    /// `KLANKBORD_BASE_URL` is `https://`: `Secure` cookies and HSTS.
    pub secure_cookies: bool,
    pub trust_proxy: bool,
}

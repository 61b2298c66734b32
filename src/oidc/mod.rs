//! Sign-in through a municipality's identity provider: Klankbord as an
//! OpenID Connect relying party (authorization code flow with PKCE, `state`
//! and `nonce`). This adapter speaks the protocol; the service decides who
//! the person is and what they may do.
//!
//! What is checked on the way back: the provider's discovery document names
//! the configured issuer; the code is exchanged with PKCE and the client
//! secret; the ID token is signed (RS256) by a key of the provider's JWKS,
//! its `iss` is the issuer, its `aud` holds the client id (and `azp` is it
//! when there are more audiences), it has not expired, and its `nonce` is
//! the one sent. The `state` is compared by the service.

mod http;

use std::fmt;

use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, TokenResponse,
};
use serde::{Deserialize, Serialize};

pub use http::{MAX_RESPONSE_BYTES, TIMEOUT_SECS};

/// A client secret as read from its file; never printed.
#[derive(Clone)]
pub struct ClientSecretValue(String);

impl ClientSecretValue {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
}

impl fmt::Debug for ClientSecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecretValue([verborgen])")
    }
}

/// One municipality's provider, ready to use.
#[derive(Clone, Debug)]
pub struct Provider {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: ClientSecretValue,
    /// Klankbord's callback, e.g. `https://klankbord.example/aanmelden/oidc/terug`.
    pub redirect_uri: String,
}

/// What the browser carries between leaving for the provider and coming
/// back (sealed in a cookie): never printed.
#[derive(Clone, Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending([verborgen])")
    }
}

/// A person as the provider vouches for them in a verified ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// The `amr` claim (how the person authenticated), if any.
    pub amr: Vec<String>,
    /// The `acr` claim, if any.
    pub acr: Option<String>,
    /// When the person last authenticated at the provider (`auth_time`,
    /// seconds since the epoch), if the provider said.
    pub auth_time: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("issuer or redirect address is not a valid URL: {0}")]
    Config(String),
    #[error("discovery failed: {0}")]
    Discovery(String),
    #[error("the provider has no token endpoint")]
    NoTokenEndpoint,
    #[error("code exchange failed: {0}")]
    Exchange(String),
    #[error("the token answer holds no ID token")]
    NoIdToken,
    #[error("ID token refused: {0}")]
    Verification(String),
}

/// Whether an issuer URL may be used: HTTPS, or plain HTTP to this machine
/// only (a provider in a test, or behind a local proxy).
pub fn acceptable_issuer(issuer: &str) -> bool {
    let Ok(url) = url::Url::parse(issuer) else {
        return false;
    };
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

/// The issuer from a discovery URL or an issuer (a trailing
/// `/.well-known/openid-configuration` and slash removed).
pub fn issuer_from(discovery_or_issuer: &str) -> String {
    let s = discovery_or_issuer.trim();
    let s = s
        .strip_suffix("/.well-known/openid-configuration")
        .unwrap_or(s);
    s.trim_end_matches('/').to_owned()
}

fn client(
    provider: &Provider,
    http: &http::Client,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    OidcError,
> {
    let issuer =
        IssuerUrl::new(provider.issuer.clone()).map_err(|e| OidcError::Config(e.to_string()))?;
    let metadata = CoreProviderMetadata::discover(&issuer, http)
        .map_err(|e| OidcError::Discovery(error_chain(&e)))?;
    let redirect = RedirectUrl::new(provider.redirect_uri.clone())
        .map_err(|e| OidcError::Config(e.to_string()))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.0.clone())),
    )
    .set_redirect_uri(redirect))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

/// How the person must authenticate at the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// A session the person already has at the provider will do.
    Any,
    /// The person authenticates anew (`prompt=login`, `max_age=0`): to
    /// confirm who they are before signing a verslag.
    Now,
}

/// Starts a sign-in: the provider's address to send the browser to (with
/// PKCE, `state`, `nonce` and the scope `openid` only: Klankbord needs the
/// subject and nothing else of the person's account) and what the browser
/// must bring back.
pub fn start(provider: &Provider, freshness: Freshness) -> Result<(String, Pending), OidcError> {
    let http = http::Client::new();
    let client = client(provider, &http)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    if freshness == Freshness::Now {
        request = request
            .add_prompt(CoreAuthPrompt::Login)
            .set_max_age(std::time::Duration::ZERO);
    }
    let (url, state, nonce) = request.url();
    Ok((
        url.to_string(),
        Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        },
    ))
}

/// Finishes a sign-in: exchanges the code and verifies the ID token (see
/// the module's text for what is checked). The caller has compared `state`.
pub fn finish(provider: &Provider, pending: &Pending, code: &str) -> Result<Identity, OidcError> {
    let http = http::Client::new();
    let client = client(provider, &http)?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|_| OidcError::NoTokenEndpoint)?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request(&http)
        .map_err(|e| OidcError::Exchange(error_chain(&e)))?;
    let id_token = token.id_token().ok_or(OidcError::NoIdToken)?;
    let claims: &CoreIdTokenClaims = id_token
        .claims(
            &client.id_token_verifier(),
            &Nonce::new(pending.nonce.clone()),
        )
        .map_err(|e| OidcError::Verification(error_chain(&e)))?;
    Ok(Identity {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        amr: claims
            .auth_method_refs()
            .map(|v| v.iter().map(|a| a.as_str().to_owned()).collect())
            .unwrap_or_default(),
        acr: claims.auth_context_ref().map(|a| a.as_str().to_owned()),
        auth_time: claims.auth_time().map(|t| t.timestamp()),
    })
}

/// The `amr` values that say a second factor was used (RFC 8176: `mfa`
/// multiple factors, `otp` one-time code, `hwk` hardware key; Entra ID
/// sends `mfa`).
pub const MFA_AMR: &[&str] = &["mfa", "otp", "hwk"];

/// Whether the provider says a second factor was used: an `amr` value of
/// [`MFA_AMR`], or the configured `acr` value (if one is set).
pub fn used_mfa(identity: &Identity, mfa_acr: &str) -> bool {
    identity.amr.iter().any(|a| MFA_AMR.contains(&a.as_str()))
        || (!mfa_acr.is_empty() && identity.acr.as_deref() == Some(mfa_acr))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(amr: &[&str], acr: Option<&str>) -> Identity {
        Identity {
            issuer: "https://idp.example".into(),
            subject: "s".into(),
            amr: amr.iter().map(|s| (*s).to_owned()).collect(),
            acr: acr.map(str::to_owned),
            auth_time: None,
        }
    }

    #[test]
    fn only_amr_or_the_configured_acr_count_as_a_second_factor() {
        assert!(used_mfa(&identity(&["pwd", "mfa"], None), ""));
        assert!(used_mfa(&identity(&["hwk"], None), ""));
        assert!(!used_mfa(&identity(&["pwd"], None), ""));
        assert!(!used_mfa(&identity(&[], Some("")), ""));
        assert!(used_mfa(&identity(&["pwd"], Some("urn:mfa")), "urn:mfa"));
        assert!(!used_mfa(&identity(&["pwd"], Some("urn:low")), "urn:mfa"));
    }

    #[test]
    fn issuers_are_https_or_loopback_and_discovery_urls_are_cut_to_the_issuer() {
        assert!(acceptable_issuer(
            "https://login.microsoftonline.com/t/v2.0"
        ));
        assert!(acceptable_issuer("http://127.0.0.1:4000"));
        assert!(!acceptable_issuer("http://idp.example"));
        assert!(!acceptable_issuer("ftp://idp.example"));
        assert_eq!(
            issuer_from(
                "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration"
            ),
            "https://login.microsoftonline.com/t/v2.0"
        );
        assert_eq!(issuer_from("https://idp.example/"), "https://idp.example");
    }

    #[test]
    fn secrets_never_print() {
        let p = Provider {
            issuer: "https://idp.example".into(),
            client_id: "c".into(),
            client_secret: ClientSecretValue::new("geheim-123"),
            redirect_uri: "https://k.example/aanmelden/oidc/terug".into(),
        };
        assert!(!format!("{p:?}").contains("geheim-123"));
        let pending = Pending {
            state: "st".into(),
            nonce: "no".into(),
            verifier: "ve".into(),
        };
        assert_eq!(format!("{pending:?}"), "Pending([verborgen])");
    }
}

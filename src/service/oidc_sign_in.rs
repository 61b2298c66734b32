//! Sign-in through the municipality's identity provider. The browser leaves
//! with a sealed cookie (the municipality, PKCE verifier, `state`, `nonce`
//! and, when completing a link invitation, its hash) and comes back with a
//! code; the person is then found by (issuer, subject). A provider that
//! says a second factor was used (`amr`/`acr`) signs the person in at once;
//! otherwise Klankbord's own TOTP step follows.
//!
//! The same journey confirms, before signing a verslag, that the person at
//! the keyboard is the signer: they authenticate anew at the provider
//! (`prompt=login`, `max_age=0`), with a second factor, and their session
//! counts as having entered a second factor just now.

use serde::{Deserialize, Serialize};

use crate::domain::audit::AuditAction;
use crate::domain::ids::{MunicipalityId, RoundId, StaffId};
use crate::oidc::{self, Freshness, Pending, Provider};
use crate::security::secret::SessionSecret;
use crate::security::{constant_time_eq, seal};
use crate::service::{Klankbord, ServiceError};
use crate::store::identity_providers as store;
use crate::store::{parse_id, staff, write_transaction};

/// How long the way to the provider and back may take.
pub const PENDING_VALID_SECS: i64 = 10 * 60;

/// How far the provider's clock may be behind Klankbord's when it says when
/// the person authenticated (`auth_time`) for a confirmation.
pub const CLOCK_SKEW_SECS: i64 = 2 * 60;

const PENDING_PURPOSE: &str = "klankbord/oidc-pending/v1";

/// The longest journey cookie accepted (a confirmation's is about 900
/// characters; browsers keep cookies up to 4096).
const MAX_JOURNEY_COOKIE: usize = 1536;

/// What the sealed cookie holds.
#[derive(Serialize, Deserialize)]
struct Journey {
    municipality: String,
    pending: Pending,
    /// The keyed hash of a link invitation being completed.
    invitation: Option<String>,
    /// Set when the person confirms who they are before signing.
    #[serde(default)]
    confirm: Option<Confirmation>,
    started_at: i64,
    /// The wall clock at the start, for the provider's `auth_time` (the
    /// provider's times are read against the wall clock, as the ID token's
    /// `exp` and `iat` are).
    #[serde(default)]
    started_wall: i64,
}

/// A confirmation before signing: whose session, and the round to go back to.
#[derive(Serialize, Deserialize)]
struct Confirmation {
    /// The keyed hash of the session that asked.
    session: String,
    staff: String,
    round: String,
}

/// Where to send the browser, and the sealed cookie to give it.
#[derive(Debug)]
pub struct OidcStart {
    pub redirect: String,
    pub cookie: String,
}

#[derive(Debug)]
pub enum OidcOutcome {
    /// Signed in (the provider vouched for a second factor).
    SignedIn(SessionSecret),
    /// Known, but Klankbord's own second factor is still to come.
    SecondFactor(SessionSecret),
    /// The signer confirmed who they are; back to the round's signing page.
    Confirmed(RoundId),
    Refused(OidcRefusal),
}

/// Why a return from the provider was refused (each has its own Dutch page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidcRefusal {
    /// No or an expired journey cookie, or `state` not the one sent.
    Expired,
    /// The provider's answer did not check out (code, signature, `iss`,
    /// `aud`, `nonce`, …) or the provider said no.
    NotVerified,
    /// Nobody in Klankbord is linked to this account at the provider.
    UnknownPerson,
    /// The link invitation was used, expired, or the account is linked to
    /// someone else already.
    LinkRefused,
    /// A confirmation before signing: the provider did not vouch for a fresh
    /// sign-in with a second factor by the signer themself.
    ConfirmationRefused,
}

/// Seconds since the epoch by the machine's clock.
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Klankbord {
    /// The municipalities whose identity provider can be used to sign in.
    pub fn sign_in_providers(&self) -> Result<Vec<(MunicipalityId, String)>, ServiceError> {
        let mut conn = self.conn()?;
        store::with_provider(&mut conn)?
            .into_iter()
            .map(|(id, name)| Ok((parse_id(&id)?, name)))
            .collect()
    }

    /// Whether a link invitation still works (the page before leaving).
    pub fn link_invitation_works(
        &self,
        token: &str,
    ) -> Result<Option<MunicipalityId>, ServiceError> {
        let mut conn = self.conn()?;
        let hash = self.link_invitation_hash(token);
        store::invitation(&mut conn, &hash, self.now_secs())?
            .map(|(_, m)| Ok(parse_id(&m)?))
            .transpose()
    }

    /// Starts signing in at a municipality's provider (to complete a link
    /// invitation when `invitation` is given); `None` if the municipality
    /// has no provider (or the invitation does not work).
    pub fn start_oidc_sign_in(
        &self,
        municipality: MunicipalityId,
        invitation: Option<&str>,
    ) -> Result<Option<OidcStart>, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        let invitation = match invitation {
            None => None,
            Some(token) => {
                let hash = self.link_invitation_hash(token);
                match store::invitation(&mut conn, &hash, now)? {
                    Some((_, m)) if m == municipality.to_string() => Some(hash),
                    _ => return Ok(None),
                }
            }
        };
        let Some((provider, _)) = self.provider_of(&mut conn, municipality)? else {
            return Ok(None);
        };
        drop(conn);
        let journey = |pending| Journey {
            municipality: municipality.to_string(),
            pending,
            invitation,
            confirm: None,
            started_at: now,
            started_wall: wall_clock(),
        };
        self.leave_for(&provider, Freshness::Any, journey).map(Some)
    }

    /// Starts a confirmation at the provider before signing the verslag of
    /// `round`: `None` if the person is not linked at the provider of the
    /// round's municipality (they sign with Klankbord's own code then).
    pub fn start_oidc_confirmation(
        &self,
        session: &crate::service::signin::StaffSession,
        round: RoundId,
    ) -> Result<Option<OidcStart>, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        // Only a signer of the current definitive version confirms.
        let municipality = self
            .signer(&mut conn, session.staff, round)?
            .0
            .municipality_id;
        if !self.can_confirm_at_provider(&mut conn, session.staff, municipality)? {
            return Ok(None);
        }
        let Some((provider, _)) = self.provider_of(&mut conn, municipality)? else {
            return Ok(None);
        };
        drop(conn);
        let journey = |pending| Journey {
            municipality: municipality.to_string(),
            pending,
            invitation: None,
            confirm: Some(Confirmation {
                session: session.id_hash.clone(),
                staff: session.staff.to_string(),
                round: round.to_string(),
            }),
            started_at: now,
            started_wall: wall_clock(),
        };
        self.leave_for(&provider, Freshness::Now, journey).map(Some)
    }

    /// Whether `person` is linked at the provider of `municipality`.
    pub(crate) fn can_confirm_at_provider(
        &self,
        c: &mut crate::store::DbConnection,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<bool, ServiceError> {
        Ok(match store::provider(c, &municipality.to_string())? {
            Some(row) => store::staff_linked_at(c, &person.to_string(), &row.issuer)?,
            None => false,
        })
    }

    /// The provider's address and the sealed journey cookie.
    fn leave_for(
        &self,
        provider: &Provider,
        freshness: Freshness,
        journey: impl FnOnce(Pending) -> Journey,
    ) -> Result<OidcStart, ServiceError> {
        let (redirect, pending) = oidc::start(provider, freshness).map_err(|e| {
            tracing::warn!(error = %e, "identity provider unreachable");
            ServiceError::Unavailable("identity provider unreachable".into())
        })?;
        let bytes = serde_json::to_vec(&journey(pending))
            .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
        tracing::info!(?freshness, "sign-in at identity provider started");
        Ok(OidcStart {
            redirect,
            cookie: seal::seal(self.key(), PENDING_PURPOSE, &bytes),
        })
    }

    /// The browser is back from the provider with `state` and `code`;
    /// `session` is the browser's Klankbord session cookie, if any (a
    /// confirmation must come back to the session that asked for it).
    pub fn finish_oidc_sign_in(
        &self,
        cookie: Option<&str>,
        session: Option<&str>,
        state: &str,
        code: &str,
    ) -> Result<OidcOutcome, ServiceError> {
        let now = self.now_secs();
        let refused = |why: OidcRefusal| {
            tracing::info!(outcome = ?why, "sign-in at identity provider refused");
            Ok(OidcOutcome::Refused(why))
        };
        let Some(journey) = cookie
            .and_then(|c| seal::open_up_to(self.key(), PENDING_PURPOSE, c, MAX_JOURNEY_COOKIE))
            .and_then(|b| serde_json::from_slice::<Journey>(&b).ok())
            .filter(|j| now - j.started_at <= PENDING_VALID_SECS && j.started_at <= now)
        else {
            return refused(OidcRefusal::Expired);
        };
        if !constant_time_eq(journey.pending.state.as_bytes(), state.as_bytes()) {
            return refused(OidcRefusal::Expired);
        }
        let municipality: MunicipalityId = parse_id(&journey.municipality)?;
        let mut conn = self.conn()?;
        let Some((provider, mfa_acr)) = self.provider_of(&mut conn, municipality)? else {
            return refused(OidcRefusal::Expired);
        };
        drop(conn);
        let identity = match oidc::finish(&provider, &journey.pending, code) {
            Ok(identity) => identity,
            Err(e) => {
                tracing::info!(error = %e, "identity provider answer refused");
                return refused(OidcRefusal::NotVerified);
            }
        };
        if identity.issuer != provider.issuer {
            return refused(OidcRefusal::NotVerified);
        }
        let mfa = oidc::used_mfa(&identity, &mfa_acr);
        if let Some(confirm) = &journey.confirm {
            let fresh = identity
                .auth_time
                .is_some_and(|t| t >= journey.started_wall - CLOCK_SKEW_SECS);
            return match self.confirm_signer(confirm, session, &identity, mfa && fresh, now)? {
                Some(round) => {
                    tracing::info!("signer confirmed at identity provider");
                    Ok(OidcOutcome::Confirmed(round))
                }
                None => refused(OidcRefusal::ConfirmationRefused),
            };
        }
        let mut conn = self.conn()?;
        let outcome = write_transaction(&mut conn, |c| -> Result<_, ServiceError> {
            let person = match &journey.invitation {
                Some(hash) => {
                    let Some((person, m)) = store::invitation(c, hash, now)? else {
                        return Ok(Err(OidcRefusal::LinkRefused));
                    };
                    if m != journey.municipality
                        || store::linked_staff(c, &identity.issuer, &identity.subject)?.is_some()
                        || store::staff_linked_at(c, &person, &identity.issuer)?
                        || !store::consume_invitation(c, hash)?
                    {
                        return Ok(Err(OidcRefusal::LinkRefused));
                    }
                    store::link(c, &identity.issuer, &identity.subject, &person, now)?;
                    let name = staff::get(c, &person)?.name;
                    let person_id: StaffId = parse_id(&person)?;
                    self.audit(
                        c,
                        municipality,
                        person_id,
                        AuditAction::IdentityLinked,
                        &name,
                    )?;
                    person
                }
                None => match store::linked_staff(c, &identity.issuer, &identity.subject)? {
                    Some(person) => person,
                    None => return Ok(Err(OidcRefusal::UnknownPerson)),
                },
            };
            let secret = if mfa {
                OidcOutcome::SignedIn(self.activate_session(c, parse_id(&person)?, now)?)
            } else {
                OidcOutcome::SecondFactor(self.half_session(c, &person, now)?)
            };
            Ok(Ok(secret))
        })?;
        match outcome {
            Ok(o) => {
                tracing::info!(mfa, "sign-in at identity provider accepted");
                Ok(o)
            }
            Err(why) => refused(why),
        }
    }

    /// Records a confirmation: the session that asked is still this
    /// browser's, the provider vouched for a fresh sign-in with a second
    /// factor (`vouched`), and the account at the provider is linked to the
    /// signer. Then the session counts as having entered a second factor
    /// now. `None` when refused.
    fn confirm_signer(
        &self,
        confirm: &Confirmation,
        session: Option<&str>,
        identity: &oidc::Identity,
        vouched: bool,
        now: i64,
    ) -> Result<Option<RoundId>, ServiceError> {
        let same_session = session
            .map(|raw| self.session_hash(raw))
            .is_some_and(|h| constant_time_eq(h.as_bytes(), confirm.session.as_bytes()));
        if !vouched || !same_session {
            return Ok(None);
        }
        let round: RoundId = parse_id(&confirm.round)?;
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| -> Result<_, ServiceError> {
            let linked = store::linked_staff(c, &identity.issuer, &identity.subject)?;
            let session = staff::session(c, &confirm.session)?;
            if linked.as_deref() != Some(confirm.staff.as_str())
                || session.is_none_or(|s| s.staff_id != confirm.staff)
            {
                return Ok(None);
            }
            crate::store::verslag_writes::set_factor_at(c, &confirm.session, now)?;
            Ok(Some(round))
        })
    }
}

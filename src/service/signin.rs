//! Staff sign-in: an emailed link (single use, ten minutes, only its keyed
//! hash stored, the same answer whether or not the address is known or its
//! mails are throttled), then a second factor (TOTP, with recovery codes).
//! Requests are limited per client; mails per address are throttled, but the
//! person is never refused because of requests others made for their
//! address: the newest link mailed to them always works. Sessions live in the
//! database so they can be ended and work across server instances; a new
//! session id at every step up.

use crate::domain::email::{EmailAddress, StaffEmail};
use crate::domain::ids::StaffId;
use crate::domain::token::hex;
use crate::mail::sign_in;
use crate::security::keys::random_bytes;
use crate::security::secret::{RecoveryCode, SessionSecret, SignInToken};
use crate::security::{seal, totp};
use crate::service::{Klankbord, ServiceError};
pub use crate::store::staff::Stage;
use crate::store::staff::{self, SessionRow};
use crate::store::{DbConnection, parse_id, rate_limits, write_transaction};

/// How long a sign-in link works.
pub const LINK_VALID_SECS: i64 = 10 * 60;
/// A session ends after this long without a request…
pub const IDLE_SECS: i64 = 30 * 60;
/// …and this long after sign-in, whatever happens.
pub const ABSOLUTE_SECS: i64 = 12 * 3600;
/// Time to enter the second factor after using the link.
pub const SECOND_FACTOR_SECS: i64 = 10 * 60;
/// Codes checked per half-signed-in session; the last wrong one ends it.
pub const MAX_CODE_FAILURES: i32 = 5;
/// Sign-in requests per client address per window (the asker's own
/// client; above it 429).
pub const REQUESTS_PER_CLIENT: i32 = 20;
pub const RATE_WINDOW_SECS: i64 = 15 * 60;
/// While a link mailed to an address still works, a new one is mailed at
/// most once per this many seconds…
pub const LINK_MAIL_INTERVAL_SECS: i64 = 60;
/// …and at most this many times per [`LINK_MAIL_WINDOW_SECS`]. When no link
/// works any more (expired or used), the next request always mails one, so
/// under a flood of requests an address gets at most this many plus one per
/// [`LINK_VALID_SECS`] an hour, and the newest mail always holds a link that
/// works.
pub const LINK_MAILS_PER_WINDOW: i32 = 3;
pub const LINK_MAIL_WINDOW_SECS: i64 = 3600;
pub const RECOVERY_CODES: usize = 10;

const _: () = assert!(
    RATE_WINDOW_SECS <= rate_limits::MAX_WINDOW_SECS
        && LINK_MAIL_WINDOW_SECS <= rate_limits::MAX_WINDOW_SECS
        && LINK_MAIL_INTERVAL_SECS <= rate_limits::MAX_WINDOW_SECS
);

/// A valid session, as the screens need it.
#[derive(Clone, Debug)]
pub struct StaffSession {
    pub staff: StaffId,
    pub name: String,
    pub email: String,
    pub stage: Stage,
    pub enrolled: bool,
    pub platform_admin: bool,
    /// The keyed hash of the session id (CSRF tokens are bound to it).
    pub id_hash: String,
}

#[derive(Debug)]
pub enum RequestOutcome {
    /// The same whether or not the address is known.
    Sent,
    RateLimited {
        retry_after_secs: i64,
    },
}

#[derive(Debug)]
pub enum FactorOutcome {
    /// Signed in: the new session id for the cookie (and, after enrolment,
    /// the recovery codes to show once).
    SignedIn {
        session: SessionSecret,
        recovery_codes: Vec<RecoveryCode>,
    },
    WrongCode,
    /// Too many wrong codes, or the session timed out: start again.
    Ended,
}

fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

impl Klankbord {
    fn hash_of(&self, label: &str, value: &str) -> String {
        hex(&self.key().mac(label, &[value.as_bytes()]))
    }

    pub(crate) fn session_hash(&self, raw: &str) -> String {
        self.hash_of("klankbord/staff-session/v1", raw)
    }

    /// Asks for a sign-in link. Known addresses get a mail (sent in the
    /// background, so the answer takes as long either way) unless their
    /// mails are throttled; the answer is the same in every case. Only the
    /// asker's own client can be refused.
    pub fn request_sign_in(
        &self,
        email: &EmailAddress,
        client: &str,
    ) -> Result<RequestOutcome, ServiceError> {
        let email = StaffEmail::from(email);
        let now = self.now_secs();
        let client_bucket = format!(
            "aanmelden-client:{}",
            self.hash_of("klankbord/rate-client/v1", client)
        );
        let mut conn = self.conn()?;
        let found = write_transaction(&mut conn, |c| -> Result<_, ServiceError> {
            if let Some((started, hits)) =
                rate_limits::current(c, &client_bucket, now, RATE_WINDOW_SECS)?
                && hits >= REQUESTS_PER_CLIENT
            {
                return Ok(Err(started + RATE_WINDOW_SECS - now));
            }
            rate_limits::prune(c, now)?;
            rate_limits::hit(c, &client_bucket, now, RATE_WINDOW_SECS)?;
            let Some(person) = staff::by_email(c, &email)? else {
                return Ok(Ok(None));
            };
            staff::lock(c, &person.id)?;
            if !self.link_mail_due(c, &person.id, &email, now)? {
                return Ok(Ok(None));
            }
            let token = SignInToken::random();
            staff::prune_links(c, now)?;
            staff::insert_link(
                c,
                &self.link_hash(&token),
                &person.id,
                now + LINK_VALID_SECS,
            )?;
            Ok(Ok(Some((person, token))))
        })?;
        match found {
            Err(retry_after_secs) => Ok(RequestOutcome::RateLimited { retry_after_secs }),
            Ok(None) => {
                tracing::info!(outcome = "unknown-or-sent", "sign-in link requested");
                Ok(RequestOutcome::Sent)
            }
            Ok(Some((person, token))) => {
                let link = format!("{}/aanmelden/link/{}", self.base_url(), token.expose());
                let mail = sign_in::render(&person.name, &link, LINK_VALID_SECS / 60);
                let svc = self.clone();
                std::thread::spawn(move || {
                    if let Err(e) = svc.mail().send(
                        &person.name,
                        &person.email,
                        &svc.mail().new_message_id(),
                        &mail,
                    ) {
                        tracing::warn!(error = %e, "sign-in mail not sent");
                    }
                });
                tracing::info!(outcome = "unknown-or-sent", "sign-in link requested");
                Ok(RequestOutcome::Sent)
            }
        }
    }

    /// Whether a new link is to be mailed to a person now (and if so, counts
    /// the mail): always when none of their links works any more, otherwise
    /// within [`LINK_MAIL_INTERVAL_SECS`] and [`LINK_MAILS_PER_WINDOW`].
    fn link_mail_due(
        &self,
        c: &mut DbConnection,
        person: &str,
        email: &StaffEmail,
        now: i64,
    ) -> Result<bool, ServiceError> {
        let address = self.hash_of("klankbord/rate-address/v1", email.as_str());
        let interval = format!("aanmelden-mail-interval:{address}");
        let window = format!("aanmelden-mail-venster:{address}");
        if staff::has_working_link(c, person, now)? {
            return Ok(
                rate_limits::try_hit(c, &interval, now, LINK_MAIL_INTERVAL_SECS, 1)?
                    && rate_limits::try_hit(
                        c,
                        &window,
                        now,
                        LINK_MAIL_WINDOW_SECS,
                        LINK_MAILS_PER_WINDOW,
                    )?,
            );
        }
        rate_limits::hit(c, &interval, now, LINK_MAIL_INTERVAL_SECS)?;
        rate_limits::hit(c, &window, now, LINK_MAIL_WINDOW_SECS)?;
        Ok(true)
    }

    fn link_hash(&self, token: &SignInToken) -> String {
        self.hash_of("klankbord/sign-in-link/v1", token.expose())
    }

    /// Uses a sign-in link: a new session waiting for the second factor.
    pub fn sign_in_with_link(&self, token: &str) -> Result<Option<SessionSecret>, ServiceError> {
        let Some(token) = SignInToken::parse(token) else {
            tracing::info!(outcome = "refused", "sign-in link used");
            return Ok(None);
        };
        let now = self.now_secs();
        let hash = self.link_hash(&token);
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let Some(person) = staff::consume_link(c, &hash, now)? else {
                tracing::info!(outcome = "refused", "sign-in link used");
                return Ok(None);
            };
            let raw = self.half_session(c, &person, now)?;
            tracing::info!(outcome = "accepted", "sign-in link used");
            Ok(Some(raw))
        })
    }

    /// A new session waiting for the second factor (TOTP), inside the
    /// caller's transaction.
    pub(crate) fn half_session(
        &self,
        c: &mut DbConnection,
        staff_id: &str,
        now: i64,
    ) -> Result<SessionSecret, ServiceError> {
        let raw = SessionSecret::random();
        staff::insert_session(
            c,
            &SessionRow {
                id_hash: self.session_hash(raw.expose()),
                staff_id: staff_id.to_owned(),
                stage: Stage::SecondFactor,
                created_at: now,
                last_seen: now,
                failures: 0,
            },
        )?;
        Ok(raw)
    }

    /// The session behind a cookie value, if it is still valid (and marks
    /// it as used now). Expired sessions are deleted.
    pub fn staff_session(&self, raw: &str) -> Result<Option<StaffSession>, ServiceError> {
        let now = self.now_secs();
        let hash = self.session_hash(raw);
        let mut conn = self.conn()?;
        let Some(row) = staff::session(&mut conn, &hash)? else {
            return Ok(None);
        };
        let stage = row.stage;
        let idle = match stage {
            Stage::Active => IDLE_SECS,
            Stage::SecondFactor => SECOND_FACTOR_SECS,
        };
        if now - row.last_seen > idle || now - row.created_at > ABSOLUTE_SECS {
            staff::delete_session(&mut conn, &hash)?;
            return Ok(None);
        }
        staff::touch_session(&mut conn, &hash, now)?;
        let person = staff::get(&mut conn, &row.staff_id)?;
        Ok(Some(StaffSession {
            staff: parse_id(&person.id)?,
            name: person.name,
            email: person.email,
            stage,
            enrolled: person.totp_sealed.is_some(),
            platform_admin: person.platform_admin != 0,
            id_hash: hash,
        }))
    }

    /// A new TOTP secret for enrolment, sealed to this session (kept in the
    /// form until the first code confirms it), with what the screen shows.
    pub fn totp_offer(&self, session: &StaffSession) -> (String, Vec<u8>) {
        let secret = random_bytes::<{ totp::SECRET_BYTES }>().to_vec();
        let sealed = seal::seal(self.key(), &self.enrol_purpose(session), &secret);
        (sealed, secret)
    }

    /// Opens a sealed enrolment secret of this session.
    pub fn totp_offered(&self, session: &StaffSession, sealed: &str) -> Option<Vec<u8>> {
        seal::open(self.key(), &self.enrol_purpose(session), sealed)
    }

    fn enrol_purpose(&self, session: &StaffSession) -> String {
        format!("klankbord/totp-enrol/v1/{}", session.id_hash)
    }

    /// First use of the authenticator app: the code confirms the secret,
    /// which is then stored sealed; recovery codes are made (shown once).
    pub fn confirm_enrolment(
        &self,
        session: &StaffSession,
        sealed: &str,
        code: &str,
    ) -> Result<FactorOutcome, ServiceError> {
        let Some(secret) = self.totp_offered(session, sealed) else {
            return Ok(FactorOutcome::WrongCode);
        };
        let now = self.now_secs();
        let codes: Vec<RecoveryCode> = (0..RECOVERY_CODES)
            .map(|_| RecoveryCode::random())
            .collect();
        let person = session.staff.to_string();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| self.recovery_hash(&person, c.expose()))
            .collect();
        let sealed_secret = seal::seal(self.key(), &format!("klankbord/totp/v1/{person}"), &secret);
        let mut conn = self.conn()?;
        let outcome = write_transaction(&mut conn, |c| {
            self.code_attempt(c, session, now, |c| {
                let Some(step) = totp::verify(&secret, code, now, None) else {
                    return Ok(false);
                };
                staff::set_totp(c, &person, &sealed_secret)?;
                staff::accept_step(c, &person, step)?;
                staff::replace_recovery_codes(c, &person, &hashes)?;
                Ok(true)
            })
        })?;
        Ok(match outcome {
            FactorOutcome::SignedIn { session, .. } => {
                tracing::info!(outcome = "enrolled", "second factor set up");
                FactorOutcome::SignedIn {
                    session,
                    recovery_codes: codes,
                }
            }
            other => other,
        })
    }

    fn recovery_hash(&self, person: &str, code: &str) -> String {
        hex(&self.key().mac(
            "klankbord/recovery-code/v1",
            &[person.as_bytes(), normalise_code(code).as_bytes()],
        ))
    }

    /// The second factor: a TOTP code (once per time step) or an unused
    /// recovery code.
    pub fn second_factor(
        &self,
        session: &StaffSession,
        code: &str,
    ) -> Result<FactorOutcome, ServiceError> {
        let now = self.now_secs();
        let person = session.staff.to_string();
        let mut conn = self.conn()?;
        let row = staff::get(&mut conn, &person)?;
        let Some(secret) = row
            .totp_sealed
            .as_deref()
            .and_then(|s| seal::open(self.key(), &format!("klankbord/totp/v1/{person}"), s))
        else {
            return Ok(FactorOutcome::Ended);
        };
        let outcome = write_transaction(&mut conn, |c| {
            self.code_attempt(c, session, now, |c| {
                Ok(match totp::verify(&secret, code, now, row.totp_last_step) {
                    Some(step) => staff::accept_step(c, &person, step)?,
                    None => {
                        staff::use_recovery_code(c, &person, &self.recovery_hash(&person, code))?
                    }
                })
            })
        })?;
        if matches!(outcome, FactorOutcome::SignedIn { .. }) {
            tracing::info!(outcome = "signed-in", "second factor accepted");
        }
        Ok(outcome)
    }

    /// One attempt at the second factor, inside the caller's transaction:
    /// counted first (so at most [`MAX_CODE_FAILURES`] codes are ever checked
    /// per session, however many arrive at once), then `check` (whether the
    /// code was right). A right code steps up; the last wrong one, or any
    /// attempt after it, ends the session.
    fn code_attempt(
        &self,
        c: &mut DbConnection,
        session: &StaffSession,
        now: i64,
        check: impl FnOnce(&mut DbConnection) -> Result<bool, ServiceError>,
    ) -> Result<FactorOutcome, ServiceError> {
        let Some(attempts) = staff::claim_attempt(c, &session.id_hash, MAX_CODE_FAILURES)? else {
            staff::delete_session(c, &session.id_hash)?;
            tracing::info!(outcome = "ended", "second factor refused");
            return Ok(FactorOutcome::Ended);
        };
        if check(c)? {
            return Ok(FactorOutcome::SignedIn {
                session: self.step_up(c, session, now)?,
                recovery_codes: Vec::new(),
            });
        }
        tracing::info!(outcome = "wrong-code", "second factor refused");
        if attempts >= MAX_CODE_FAILURES {
            staff::delete_session(c, &session.id_hash)?;
            return Ok(FactorOutcome::Ended);
        }
        Ok(FactorOutcome::WrongCode)
    }

    /// A fresh second factor for an active session (signing a verslag): a
    /// TOTP code (once per time step) or an unused recovery code, checked
    /// inside the caller's transaction. Right: `factor_at` is now.
    pub(crate) fn refresh_factor(
        &self,
        c: &mut DbConnection,
        session: &StaffSession,
        code: &str,
        now: i64,
    ) -> Result<bool, ServiceError> {
        let person = session.staff.to_string();
        let row = staff::get(c, &person)?;
        let Some(secret) = row
            .totp_sealed
            .as_deref()
            .and_then(|s| seal::open(self.key(), &format!("klankbord/totp/v1/{person}"), s))
        else {
            return Ok(false);
        };
        let right = match totp::verify(&secret, code, now, row.totp_last_step) {
            Some(step) => staff::accept_step(c, &person, step)?,
            None => staff::use_recovery_code(c, &person, &self.recovery_hash(&person, code))?,
        };
        if right {
            crate::store::verslag_writes::set_factor_at(c, &session.id_hash, now)?;
        }
        Ok(right)
    }

    /// Replaces the half-signed-in session by a new, active one and records
    /// the sign-in in the audit log of each municipality of the person.
    fn step_up(
        &self,
        c: &mut DbConnection,
        session: &StaffSession,
        now: i64,
    ) -> Result<SessionSecret, ServiceError> {
        staff::delete_session(c, &session.id_hash)?;
        self.activate_session(c, session.staff, now)
    }

    /// A new, active session for a person whose second factor was just
    /// checked (here or by their identity provider), recorded as a sign-in
    /// in the audit log of each municipality of the person.
    pub(crate) fn activate_session(
        &self,
        c: &mut DbConnection,
        staff_id: StaffId,
        now: i64,
    ) -> Result<SessionSecret, ServiceError> {
        let person = staff_id.to_string();
        let raw = SessionSecret::random();
        staff::insert_session(
            c,
            &SessionRow {
                id_hash: self.session_hash(raw.expose()),
                staff_id: person.clone(),
                stage: Stage::Active,
                created_at: now,
                last_seen: now,
                failures: 0,
            },
        )?;
        // Signing a verslag asks for a second factor entered recently.
        crate::store::verslag_writes::set_factor_at(c, &self.session_hash(raw.expose()), now)?;
        for (municipality, _) in staff::memberships_of(c, &person)? {
            crate::store::audit::write(
                c,
                Some(parse_id(&municipality)?),
                staff_id.into(),
                crate::domain::audit::AuditAction::SignedIn,
                "",
                now,
            )?;
        }
        Ok(raw)
    }

    /// Ends a session for good.
    pub fn sign_out(&self, raw: &str) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        staff::delete_session(&mut conn, &self.session_hash(raw))?;
        Ok(())
    }

    /// The CSRF token of a session's forms.
    pub fn staff_csrf(&self, session: &StaffSession) -> String {
        self.hash_of("klankbord/staff-csrf/v1", &session.id_hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_never_shows_its_secrets() {
        let session = SessionSecret::random();
        let codes = vec![RecoveryCode::random(), RecoveryCode::random()];
        let shown = format!(
            "{:?}",
            FactorOutcome::SignedIn {
                session: session.clone(),
                recovery_codes: codes.clone(),
            }
        );
        assert!(shown.contains("[verborgen]"), "{shown}");
        assert!(!shown.contains(session.expose()), "{shown}");
        for code in &codes {
            assert!(!shown.contains(code.expose()), "{shown}");
        }
    }

    #[test]
    fn stages_round_trip_through_their_codes_and_nothing_else_is_one() {
        for stage in [Stage::SecondFactor, Stage::Active] {
            assert_eq!(Stage::parse(stage.code()), Some(stage));
        }
        assert_eq!(Stage::parse("halverwege"), None);
        assert_eq!(Stage::parse(""), None);
    }
}

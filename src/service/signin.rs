//! Staff sign-in: an emailed link (single use, ten minutes, only its keyed
//! hash stored, the same answer whether or not the address is known, rate
//! limited per address and per client), then a second factor (TOTP, with
//! recovery codes). Sessions live in the database so they can be ended and
//! work across server instances; a new session id at every step up.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::domain::ids::StaffId;
use crate::domain::token::hex;
use crate::mail::sign_in;
use crate::security::keys::random_bytes;
use crate::security::{seal, totp};
use crate::service::{Klankbord, ServiceError};
use crate::store::staff::{self, SessionRow};
use crate::store::{parse_id, rate_limits, write_transaction};

/// How long a sign-in link works.
pub const LINK_VALID_SECS: i64 = 10 * 60;
/// A session ends after this long without a request…
pub const IDLE_SECS: i64 = 30 * 60;
/// …and this long after sign-in, whatever happens.
pub const ABSOLUTE_SECS: i64 = 12 * 3600;
/// Time to enter the second factor after using the link.
pub const SECOND_FACTOR_SECS: i64 = 10 * 60;
/// Wrong codes before the half-signed-in session is ended.
pub const MAX_CODE_FAILURES: i32 = 5;
/// Sign-in links per address, and requests per client, per window.
pub const LINKS_PER_ADDRESS: i32 = 5;
pub const REQUESTS_PER_CLIENT: i32 = 20;
pub const RATE_WINDOW_SECS: i64 = 15 * 60;
pub const RECOVERY_CODES: usize = 10;

const STAGE_SECOND_FACTOR: &str = "tweede-stap";
const STAGE_ACTIVE: &str = "actief";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The link was used; the second factor is still to come.
    SecondFactor,
    Active,
}

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
        session: String,
        recovery_codes: Vec<String>,
    },
    WrongCode,
    /// Too many wrong codes, or the session timed out: start again.
    Ended,
}

fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
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

    fn session_hash(&self, raw: &str) -> String {
        self.hash_of("klankbord/staff-session/v1", raw)
    }

    /// Asks for a sign-in link. Known addresses get a mail (sent in the
    /// background, so the answer takes as long either way).
    pub fn request_sign_in(
        &self,
        email: &str,
        client: &str,
    ) -> Result<RequestOutcome, ServiceError> {
        let email = email.trim().to_lowercase();
        let now = self.now_secs();
        let address_bucket = format!(
            "aanmelden-adres:{}",
            self.hash_of("klankbord/rate-address/v1", &email)
        );
        let client_bucket = format!(
            "aanmelden-client:{}",
            self.hash_of("klankbord/rate-client/v1", client)
        );
        let mut conn = self.conn()?;
        let found = write_transaction(&mut conn, |c| -> Result<_, ServiceError> {
            for (bucket, limit) in [
                (&address_bucket, LINKS_PER_ADDRESS),
                (&client_bucket, REQUESTS_PER_CLIENT),
            ] {
                if let Some((started, hits)) =
                    rate_limits::current(c, bucket, now, RATE_WINDOW_SECS)?
                    && hits >= limit
                {
                    return Ok(Err(started + RATE_WINDOW_SECS - now));
                }
            }
            rate_limits::prune(c, now - RATE_WINDOW_SECS)?;
            rate_limits::hit(c, &address_bucket, now, RATE_WINDOW_SECS)?;
            rate_limits::hit(c, &client_bucket, now, RATE_WINDOW_SECS)?;
            let Some(person) = staff::by_email(c, &email)? else {
                return Ok(Ok(None));
            };
            let token = random_token();
            staff::prune_links(c, now)?;
            staff::insert_link(
                c,
                &self.hash_of("klankbord/sign-in-link/v1", &token),
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
                let link = format!("{}/aanmelden/link/{token}", self.base_url());
                let mail = sign_in::render(&person.name, &link, LINK_VALID_SECS / 60);
                let svc = self.clone();
                std::thread::spawn(move || {
                    if let Err(e) = svc.mail().send(&person.name, &person.email, &mail) {
                        tracing::warn!(error = %e, "sign-in mail not sent");
                    }
                });
                tracing::info!(outcome = "unknown-or-sent", "sign-in link requested");
                Ok(RequestOutcome::Sent)
            }
        }
    }

    /// Uses a sign-in link: a new session waiting for the second factor.
    pub fn sign_in_with_link(&self, token: &str) -> Result<Option<String>, ServiceError> {
        let now = self.now_secs();
        let hash = self.hash_of("klankbord/sign-in-link/v1", token);
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let Some(person) = staff::consume_link(c, &hash, now)? else {
                tracing::info!(outcome = "refused", "sign-in link used");
                return Ok(None);
            };
            let raw = random_token();
            staff::insert_session(
                c,
                &SessionRow {
                    id_hash: self.session_hash(&raw),
                    staff_id: person,
                    stage: STAGE_SECOND_FACTOR.into(),
                    created_at: now,
                    last_seen: now,
                    failures: 0,
                },
            )?;
            tracing::info!(outcome = "accepted", "sign-in link used");
            Ok(Some(raw))
        })
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
        let stage = if row.stage == STAGE_ACTIVE {
            Stage::Active
        } else {
            Stage::SecondFactor
        };
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
        let Some(step) = totp::verify(&secret, code, now, None) else {
            return self.code_failed(session);
        };
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| {
                let raw = data_encoding::BASE32_NOPAD
                    .encode(&random_bytes::<7>())
                    .to_ascii_lowercase();
                format!("{}-{}", &raw[..5], &raw[5..10])
            })
            .collect();
        let person = session.staff.to_string();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| self.recovery_hash(&person, c))
            .collect();
        let mut conn = self.conn()?;
        let raw = write_transaction(&mut conn, |c| -> Result<String, ServiceError> {
            staff::set_totp(
                c,
                &person,
                &seal::seal(self.key(), &format!("klankbord/totp/v1/{person}"), &secret),
            )?;
            staff::accept_step(c, &person, step)?;
            staff::replace_recovery_codes(c, &person, &hashes)?;
            self.step_up(c, session, now)
        })?;
        tracing::info!(outcome = "enrolled", "second factor set up");
        Ok(FactorOutcome::SignedIn {
            session: raw,
            recovery_codes: codes,
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
        let accepted = write_transaction(&mut conn, |c| -> Result<Option<String>, ServiceError> {
            let ok = match totp::verify(&secret, code, now, row.totp_last_step) {
                Some(step) => staff::accept_step(c, &person, step)?,
                None => staff::use_recovery_code(c, &person, &self.recovery_hash(&person, code))?,
            };
            if ok {
                Ok(Some(self.step_up(c, session, now)?))
            } else {
                Ok(None)
            }
        })?;
        match accepted {
            Some(raw) => {
                tracing::info!(outcome = "signed-in", "second factor accepted");
                Ok(FactorOutcome::SignedIn {
                    session: raw,
                    recovery_codes: Vec::new(),
                })
            }
            None => self.code_failed(session),
        }
    }

    fn code_failed(&self, session: &StaffSession) -> Result<FactorOutcome, ServiceError> {
        let mut conn = self.conn()?;
        let failures = staff::session_failure(&mut conn, &session.id_hash)?;
        tracing::info!(outcome = "wrong-code", "second factor refused");
        if failures >= MAX_CODE_FAILURES {
            staff::delete_session(&mut conn, &session.id_hash)?;
            return Ok(FactorOutcome::Ended);
        }
        Ok(FactorOutcome::WrongCode)
    }

    /// Replaces the half-signed-in session by a new, active one and records
    /// the sign-in in the audit log of each municipality of the person.
    fn step_up(
        &self,
        c: &mut crate::store::DbConnection,
        session: &StaffSession,
        now: i64,
    ) -> Result<String, ServiceError> {
        let person = session.staff.to_string();
        staff::delete_session(c, &session.id_hash)?;
        let raw = random_token();
        staff::insert_session(
            c,
            &SessionRow {
                id_hash: self.session_hash(&raw),
                staff_id: person.clone(),
                stage: STAGE_ACTIVE.into(),
                created_at: now,
                last_seen: now,
                failures: 0,
            },
        )?;
        for (municipality, _) in staff::memberships_of(c, &person)? {
            crate::store::audit::write(
                c,
                Some(parse_id(&municipality)?),
                session.staff.into(),
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

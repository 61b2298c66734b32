//! Use cases. Each public method owns its transaction; web and CLI call these
//! and have no logic of their own. A use case takes its actor (a person, or a
//! named system actor for the CLI, the worker and the demo), checks one
//! `Permission` (`access.rs`) and writes its `AuditAction` in that same
//! transaction. Methods are blocking (diesel): the web layer runs them with
//! `web::block`.

pub mod access;
pub mod admin;
pub mod backup;
pub mod clerk;
pub mod contact_details;
pub mod demo;
pub mod demo_answers;
pub mod demo_comments;
pub mod demo_concept;
pub mod demo_meeting;
pub mod demo_staff;
pub mod demo_verslag;
pub mod dossier;
pub mod draft_storage;
pub mod drafts;
pub mod error;
pub mod fixed_questionnaires;
pub mod house_style;
pub mod identity_providers;
pub mod invitations;
pub mod mail_delivery;
pub mod mail_resend;
pub mod meeting;
pub mod nominations;
pub mod oidc_sign_in;
pub mod people;
pub mod provinces;
pub mod questionnaire_edit;
pub mod raters;
pub mod redaction;
pub mod respond;
pub mod results;
pub mod retention;
pub mod round_info;
pub mod round_setup;
pub mod rounds;
pub mod sealed_storage;
pub mod self_assessment;
pub mod setup;
pub mod sharing;
pub mod signin;
pub mod staff;
pub mod verslag;
pub mod verslag_settings;
pub mod verslag_status;

use std::sync::Arc;

use jiff::Timestamp;

pub use error::ServiceError;

use crate::domain::token::{InvitationToken, TokenSeed};
use crate::mail::MailTransport;
use crate::security::ServerKey;
use crate::store::{Pool, PooledConnection, corrupt};

/// A source of the current time (tests move it forward).
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Timestamp::now)
}

/// Everything the use cases need, cheap to clone into handlers and threads.
#[derive(Clone)]
pub struct Klankbord {
    pool: Pool,
    key: Arc<ServerKey>,
    base_url: Arc<str>,
    mail: Arc<MailTransport>,
    clock: Clock,
    /// Where the client secrets of the municipalities' identity providers
    /// are (`KLANKBORD_OIDC_SECRET_DIR`).
    oidc_secret_dir: Option<Arc<std::path::Path>>,
    /// The questionnaires of rounds past preparation (they cannot change).
    questionnaires: Arc<fixed_questionnaires::FixedQuestionnaires>,
}

impl Klankbord {
    pub fn new(
        pool: Pool,
        key: ServerKey,
        base_url: &str,
        mail: MailTransport,
        clock: Clock,
    ) -> Self {
        Self {
            pool,
            key: Arc::new(key),
            base_url: Arc::from(base_url),
            mail: Arc::new(mail),
            clock,
            oidc_secret_dir: None,
            questionnaires: Arc::default(),
        }
    }

    /// The folder of the identity providers' client secrets.
    pub fn with_oidc_secret_dir(mut self, dir: Option<&std::path::Path>) -> Self {
        self.oidc_secret_dir = dir.map(Arc::from);
        self
    }

    pub(crate) fn oidc_secret_dir(&self) -> Option<&std::path::Path> {
        self.oidc_secret_dir.as_deref()
    }

    pub(crate) fn conn(&self) -> Result<PooledConnection, ServiceError> {
        self.pool
            .get()
            .map_err(|e| ServiceError::Unavailable(e.to_string()))
    }

    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    pub(crate) fn now_secs(&self) -> i64 {
        self.now().as_second()
    }

    pub fn key(&self) -> &ServerKey {
        &self.key
    }

    pub(crate) fn mail(&self) -> &MailTransport {
        &self.mail
    }

    /// A new outbox message of `kind` for `round`, due `now`, with its
    /// `Message-ID` in the sender's domain.
    pub(crate) fn message(
        &self,
        round: crate::domain::ids::RoundId,
        kind: &str,
        now: i64,
    ) -> crate::store::outbox::MessageRow {
        crate::store::outbox::MessageRow::pending(round, kind, now, self.mail.message_id_domain())
    }

    /// Where mail goes (no credentials), for start-up messages.
    pub fn mail_description(&self) -> &str {
        self.mail.describe()
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The token of an invitation, derived from its stored seed with the server key.
    pub(crate) fn token_from_seed(&self, seed_hex: &str) -> Result<InvitationToken, ServiceError> {
        let seed =
            TokenSeed::from_hex(seed_hex).ok_or_else(|| corrupt("invitations.token_seed"))?;
        Ok(self.key.invitation_token(&seed))
    }

    /// The link a referent opens.
    pub(crate) fn link_for(&self, token: &InvitationToken) -> String {
        format!("{}/r/{}", self.base_url, token.encode())
    }

    /// Whether this instance can serve requests (for `/health/ready`): the
    /// database answers and holds every migration this build embeds. Mail
    /// plays no part (the outbox waits for a relay that is down).
    pub fn readiness(&self) -> Readiness {
        // Shorter than the pool's 10 s, within a health check's 5 s timeout.
        let wait = std::time::Duration::from_secs(3);
        let Ok(mut conn) = self.pool.get_timeout(wait) else {
            return Readiness::DatabaseUnreachable;
        };
        match crate::store::connection::pending_migrations(&mut conn) {
            Ok(0) => Readiness::Ready,
            Ok(n) => Readiness::MigrationsPending(n),
            Err(_) => Readiness::DatabaseUnreachable,
        }
    }
}

/// The answer of [`Klankbord::readiness`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    DatabaseUnreachable,
    /// The database lacks this many of the build's migrations.
    MigrationsPending(usize),
}

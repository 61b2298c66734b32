//! A municipality's own identity provider (OpenID Connect): set by the
//! platform admin (who also places the client secret's file on the server,
//! and whose choice of issuer decides where the server connects to), and
//! the griffier's one-time invitations that let a person link their
//! account at the provider to their existing staff account. Linking never
//! happens by e-mail address: the invitation goes to the person's own
//! address and is completed by signing in at the provider.

use std::path::{Path, PathBuf};

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::token::hex;
use crate::mail::identity_link;
use crate::oidc::{self, ClientSecretValue, Provider};
use crate::security::secret::SignInToken;
use crate::service::access::Platform;
use crate::service::{Klankbord, ServiceError};
use crate::store::identity_providers::{self as store, ProviderRow};
use crate::store::{DbConnection, memberships, municipalities, staff, write_transaction};

/// How long a link invitation works.
pub const LINK_INVITATION_DAYS: i64 = 7;

/// A provider as the platform admin sets it.
#[derive(Clone, Debug)]
pub struct ProviderSetting {
    /// The issuer, or its discovery URL (`…/.well-known/openid-configuration`).
    pub issuer: String,
    pub client_id: String,
    /// The name of the secret's file in `KLANKBORD_OIDC_SECRET_DIR`.
    pub secret_file: String,
    /// An `acr` value that says a second factor was used ('' for none).
    pub mfa_acr: String,
}

/// One person with a role in the municipality and whether they are linked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkStatus {
    pub staff: StaffId,
    pub name: String,
    pub email: String,
    pub linked: bool,
}

/// What the griffier's page shows.
#[derive(Clone, Debug)]
pub struct IdentityProviderPage {
    pub municipality: String,
    /// The issuer, if a provider is set.
    pub issuer: Option<String>,
    pub people: Vec<LinkStatus>,
}

/// Whether a secret's file name is a plain name (no folders, no dot files).
fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl Klankbord {
    /// Sets (or replaces) a municipality's identity provider (platform
    /// admins only). The secret's file must exist and be readable now.
    pub fn set_identity_provider(
        &self,
        actor: impl Into<Actor>,
        municipality: MunicipalityId,
        setting: &ProviderSetting,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let issuer = oidc::issuer_from(&setting.issuer);
        if !oidc::acceptable_issuer(&issuer) {
            return Err(ServiceError::Invalid(format!(
                "‘{issuer}’ is geen https-adres (http alleen op deze machine)"
            )));
        }
        let client_id = setting.client_id.trim();
        if client_id.is_empty() || client_id.len() > 200 {
            return Err(ServiceError::Invalid(
                "client id ontbreekt of is te lang".into(),
            ));
        }
        if !plain_file_name(&setting.secret_file) {
            return Err(ServiceError::Invalid(
                "de naam van het geheim-bestand mag alleen letters, cijfers, -, _ en . bevatten"
                    .into(),
            ));
        }
        self.read_client_secret(&setting.secret_file)?;
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
            municipalities::get_municipality(c, municipality)?;
            store::set_provider(
                c,
                &ProviderRow {
                    municipality_id: municipality.to_string(),
                    issuer: issuer.clone(),
                    client_id: client_id.to_owned(),
                    secret_file: setting.secret_file.clone(),
                    mfa_acr: setting.mfa_acr.trim().to_owned(),
                    updated_at: self.now_secs(),
                },
            )?;
            self.audit(
                c,
                municipality,
                actor,
                AuditAction::IdentityProviderSet,
                &issuer,
            )
        })
    }

    fn secret_dir(&self) -> Result<&Path, ServiceError> {
        self.oidc_secret_dir().ok_or_else(|| {
            ServiceError::Unavailable(
                "KLANKBORD_OIDC_SECRET_DIR is not set: no client secret can be read".into(),
            )
        })
    }

    /// Reads a client secret from its file (at every use, so a new secret
    /// works without a restart). The value is never logged.
    fn read_client_secret(&self, file: &str) -> Result<ClientSecretValue, ServiceError> {
        let path: PathBuf = self.secret_dir()?.join(file);
        let value = std::fs::read_to_string(&path).map_err(|e| {
            ServiceError::Unavailable(format!("client secret {} unreadable: {e}", path.display()))
        })?;
        let value = value.trim();
        if value.is_empty() {
            return Err(ServiceError::Unavailable(format!(
                "client secret {} is empty",
                path.display()
            )));
        }
        Ok(ClientSecretValue::new(value))
    }

    /// A municipality's provider, ready for the protocol, with its `acr`
    /// value for MFA; `None` without one.
    pub(crate) fn provider_of(
        &self,
        c: &mut DbConnection,
        municipality: MunicipalityId,
    ) -> Result<Option<(Provider, String)>, ServiceError> {
        let Some(row) = store::provider(c, &municipality.to_string())? else {
            return Ok(None);
        };
        Ok(Some((
            Provider {
                issuer: row.issuer,
                client_id: row.client_id,
                client_secret: self.read_client_secret(&row.secret_file)?,
                redirect_uri: format!("{}{}", self.base_url(), CALLBACK_PATH),
            },
            row.mfa_acr,
        )))
    }

    /// The griffier's page: the provider (if any) and who is linked.
    pub fn identity_provider_page(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<IdentityProviderPage, ServiceError> {
        let mut conn = self.conn()?;
        let name = self
            .require(&mut conn, person, municipality, Permission::ManagePeople)?
            .name;
        let issuer = store::provider(&mut conn, &municipality.to_string())?.map(|p| p.issuer);
        let mut people: Vec<LinkStatus> = Vec::new();
        for (id, name, email, _) in memberships::members_of(&mut conn, municipality)? {
            if people.iter().any(|p| p.staff == id) {
                continue;
            }
            let linked = match &issuer {
                Some(issuer) => store::staff_linked_at(&mut conn, &id.to_string(), issuer)?,
                None => false,
            };
            people.push(LinkStatus {
                staff: id,
                name,
                email,
                linked,
            });
        }
        Ok(IdentityProviderPage {
            municipality: name,
            issuer,
            people,
        })
    }

    /// The griffier invites a person with a role in the municipality to
    /// link their account at the provider: a one-time link, mailed to the
    /// person's own address (never shown to the griffier, who could
    /// otherwise complete it with an account of their own).
    pub fn invite_identity_link(
        &self,
        actor: StaffId,
        municipality: MunicipalityId,
        person: StaffId,
    ) -> Result<(), ServiceError> {
        let token = SignInToken::random();
        let hash = self.link_invitation_hash(token.expose());
        let now = self.now_secs();
        let mut conn = self.conn()?;
        let (row, municipality_name) = write_transaction(&mut conn, |c| {
            let m = self.require(c, actor, municipality, Permission::ManagePeople)?;
            let Some(provider) = store::provider(c, &municipality.to_string())? else {
                return Err(ServiceError::Conflict(
                    "Voor deze gemeente is geen inlogdienst ingesteld.".into(),
                ));
            };
            let who = person.to_string();
            if !memberships::members_of(c, municipality)?
                .iter()
                .any(|(id, ..)| *id == person)
            {
                return Err(ServiceError::NotFound(
                    "Deze persoon heeft hier geen rol.".into(),
                ));
            }
            if store::staff_linked_at(c, &who, &provider.issuer)? {
                return Err(ServiceError::Conflict(
                    "Deze persoon is al gekoppeld aan een account van de gemeente.".into(),
                ));
            }
            store::insert_invitation(
                c,
                &hash,
                &who,
                &municipality.to_string(),
                &actor.to_string(),
                now + LINK_INVITATION_DAYS * 86_400,
            )?;
            let row = staff::get(c, &who)?;
            self.audit(
                c,
                municipality,
                actor,
                AuditAction::IdentityLinkInvited,
                &row.name,
            )?;
            Ok((row, m.name))
        })?;
        let link = format!("{}/aanmelden/koppelen/{}", self.base_url(), token.expose());
        let mail =
            identity_link::render(&row.name, &municipality_name, &link, LINK_INVITATION_DAYS);
        self.mail()
            .send(&row.name, &row.email, &self.mail().new_message_id(), &mail)
            .map_err(|e| {
                tracing::warn!(error = %e, "identity link invitation not sent");
                ServiceError::Unavailable("mail not sent".into())
            })?;
        tracing::info!("identity link invitation sent");
        Ok(())
    }

    pub(crate) fn link_invitation_hash(&self, token: &str) -> String {
        hex(&self
            .key()
            .mac("klankbord/identity-link-invitation/v1", &[token.as_bytes()]))
    }
}

/// Klankbord's callback at the providers.
pub const CALLBACK_PATH: &str = "/aanmelden/oidc/terug";

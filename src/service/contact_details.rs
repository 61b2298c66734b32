//! A municipality's contact details: the griffier keeps them, the public
//! contact page and privacyverklaring show them (with the griffier contact
//! stored on the municipality where one is not set).

use crate::domain::audit::AuditAction;
use crate::domain::contact::ContactDetails;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::service::{Klankbord, ServiceError};
use crate::store::municipality_contacts::{self, ContactsRow};
use crate::store::{municipalities, write_transaction};

/// What the contact page and the privacyverklaring of a municipality show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicContact {
    pub municipality: MunicipalityId,
    pub name: String,
    /// The griffier contact stored on the municipality.
    pub clerk_name: String,
    /// The griffie's address: the one set, else the griffier's.
    pub griffie_email: String,
    pub griffie_phone: Option<String>,
    /// Whom to ask about personal data: the one set, else the griffie.
    pub privacy_email: String,
    /// Whether a separate privacy contact was set.
    pub privacy_set: bool,
}

/// The settings form as stored: each field the text set, or empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredContacts {
    pub name: String,
    pub clerk_name: String,
    pub clerk_email: String,
    pub griffie_email: String,
    pub griffie_phone: String,
    pub privacy_email: String,
}

impl Klankbord {
    /// The public contact details of a municipality (no sign-in: these are
    /// the pages a referent reads); `NotFound` for an unknown id.
    pub fn public_contact(
        &self,
        municipality: MunicipalityId,
    ) -> Result<PublicContact, ServiceError> {
        let mut conn = self.conn()?;
        let Some(m) = municipalities::find_municipality(&mut conn, municipality)? else {
            return Err(ServiceError::NotFound("Deze gemeente bestaat niet.".into()));
        };
        let set = municipality_contacts::find(&mut conn, municipality)?;
        let field =
            |f: fn(&ContactsRow) -> &Option<String>| set.as_ref().and_then(|r| f(r).clone());
        let griffie_email = field(|r| &r.griffie_email).unwrap_or(m.clerk_email);
        let privacy = field(|r| &r.privacy_email);
        Ok(PublicContact {
            municipality,
            name: m.name,
            clerk_name: m.clerk_name,
            privacy_set: privacy.is_some(),
            privacy_email: privacy.unwrap_or_else(|| griffie_email.clone()),
            griffie_email,
            griffie_phone: field(|r| &r.griffie_phone),
        })
    }

    /// The contact details as the griffier edits them.
    pub fn contact_details(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<StoredContacts, ServiceError> {
        let mut conn = self.conn()?;
        self.require(
            &mut conn,
            person,
            municipality,
            Permission::ManageContactDetails,
        )?;
        let m = municipalities::get_municipality(&mut conn, municipality)?;
        let set = municipality_contacts::find(&mut conn, municipality)?;
        let text = |f: fn(&ContactsRow) -> &Option<String>| {
            set.as_ref().and_then(|r| f(r).clone()).unwrap_or_default()
        };
        Ok(StoredContacts {
            griffie_email: text(|r| &r.griffie_email),
            griffie_phone: text(|r| &r.griffie_phone),
            privacy_email: text(|r| &r.privacy_email),
            name: m.name,
            clerk_name: m.clerk_name,
            clerk_email: m.clerk_email,
        })
    }

    /// Stores the contact details (the griffier), in the audit log.
    pub fn set_contact_details(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        details: &ContactDetails,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, municipality, Permission::ManageContactDetails)?;
            municipality_contacts::replace(
                c,
                &ContactsRow {
                    municipality_id: municipality.to_string(),
                    griffie_email: details
                        .griffie_email
                        .as_ref()
                        .map(|e| e.as_str().to_owned()),
                    griffie_phone: details
                        .griffie_phone
                        .as_ref()
                        .map(|p| p.as_str().to_owned()),
                    privacy_email: details
                        .privacy_email
                        .as_ref()
                        .map(|e| e.as_str().to_owned()),
                    updated_at: self.now_secs(),
                },
            )?;
            self.audit(
                c,
                municipality,
                person,
                AuditAction::ContactDetailsChanged,
                "contactpagina en privacyverklaring",
            )
        })
    }
}

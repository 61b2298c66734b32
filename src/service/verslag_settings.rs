//! A municipality's verslag settings: the default headings, who signs, the
//! confidentiality marking of the archive copy, and whether the current
//! klankbordcommissie reads earlier councils' verslagen. The griffier's.

use crate::domain::audit::AuditAction;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::verslag::{AGREEMENTS_HEADING, SigningRule, VerslagSettings};
use crate::domain::verslag_text::{parse_headings, parse_marking};
use crate::service::{Klankbord, ServiceError};
use crate::store::verslagen::{self, SettingsRow};
use crate::store::write_transaction;

/// The settings form as typed (or as stored).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsForm {
    /// One heading per line, in order.
    pub headings: String,
    /// The heading that holds the agreements, typed as in the list.
    pub agreements: String,
    pub clerk_signs: bool,
    pub every_participant: bool,
    pub marking: String,
    pub commission_reads_earlier: bool,
}

impl SettingsForm {
    pub fn of(s: &VerslagSettings) -> Self {
        Self {
            headings: s
                .headings
                .iter()
                .map(|h| h.heading.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            agreements: s
                .headings
                .iter()
                .find(|h| h.agreements)
                .map_or_else(|| AGREEMENTS_HEADING.to_owned(), |h| h.heading.clone()),
            clerk_signs: s.signing.clerk_signs,
            every_participant: s.signing.every_participant,
            marking: s.marking.clone(),
            commission_reads_earlier: s.commission_reads_earlier,
        }
    }

    /// The settings, or (field id, Dutch message) per wrong field.
    pub fn parse(&self) -> Result<VerslagSettings, Vec<(String, String)>> {
        let headings = parse_headings(&self.headings, &self.agreements);
        let marking = parse_marking(&self.marking);
        match (headings, marking) {
            (Ok(headings), Ok(marking)) => Ok(VerslagSettings {
                headings,
                signing: SigningRule {
                    clerk_signs: self.clerk_signs,
                    every_participant: self.every_participant,
                },
                marking,
                commission_reads_earlier: self.commission_reads_earlier,
            }),
            (h, m) => Err([("koppen", h.err()), ("markering", m.err())]
                .into_iter()
                .filter_map(|(f, e)| e.map(|e| (f.to_owned(), e)))
                .collect()),
        }
    }
}

impl Klankbord {
    /// The settings as the griffier edits them, and the municipality's name.
    pub fn verslag_settings(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<(String, VerslagSettings), ServiceError> {
        let mut conn = self.conn()?;
        let name = self
            .require(
                &mut conn,
                person,
                municipality,
                Permission::ManageVerslagSettings,
            )?
            .name;
        Ok((name, verslagen::settings(&mut conn, municipality)?))
    }

    /// Stores the settings; `Err` with the wrong fields stores nothing.
    pub fn save_verslag_settings(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        form: &SettingsForm,
    ) -> Result<Result<(), Vec<(String, String)>>, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, municipality, Permission::ManageVerslagSettings)?;
            let settings = match form.parse() {
                Ok(s) => s,
                Err(errors) => return Ok(Err(errors)),
            };
            verslagen::save_settings(c, &SettingsRow::from_settings(municipality, &settings, now))?;
            self.audit(
                c,
                municipality,
                person,
                AuditAction::VerslagSettingsChanged,
                "",
            )?;
            Ok(Ok(()))
        })
    }
}

//! The confidential dossier over one burgemeester's term (issue 13, item
//! 5): every gesprek of the term, its vastgesteld verslag, its agreements
//! with their status history and the way to its results; and the term in
//! one view (the released figures of every round side by side). Who may
//! open it is `domain::dossier`; every opening is a line in the audit log
//! (who and whose dossier, never its content).

use jiff::Timestamp;

use crate::domain::agreement::AgreementStatus;
use crate::domain::audit::AuditAction;
use crate::domain::dossier::{DossierReader, DossierScope, REFUSAL, dossier_scope, sees_gesprek};
use crate::domain::house_style::HouseStyleStamp;
use crate::domain::ids::{MayorId, MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::round::RoundState;
use crate::domain::staff::{ResultsAccess, Role, results_access};
use crate::domain::verslag::{SignatureLine, may_read_verslag};
use crate::results::ReleasedView;
use crate::results::term::{RoundFigures, TermRound, TermView, term_view};
use crate::service::access::roles_in;
use crate::service::meeting::{Agreement, load_agreements};
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError};
use crate::store::agreement_status_changes;
use crate::store::municipalities::{self, MayorRow};
use crate::store::{DbConnection, corrupt, house_styles, questionnaire, results, rounds, staff};
use crate::store::{verslagen, write_transaction};

/// A burgemeester the dossier can be about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MayorChoice {
    pub id: MayorId,
    pub name: String,
}

/// What every dossier page shows at the top.
pub struct DossierHeader {
    pub municipality_id: MunicipalityId,
    pub municipality: String,
    pub house_style: Option<HouseStyleStamp>,
    /// Whose term it is.
    pub mayor: MayorChoice,
    /// Every burgemeester of the municipality, newest first (the choice).
    pub mayors: Vec<MayorChoice>,
    /// All gesprekken, or only those the reader took part in.
    pub scope: DossierScope,
    /// The reader is the griffier (the rounds' own pages exist for them).
    pub clerk: bool,
}

/// A vastgesteld verslag as the dossier lists it (not its text).
pub struct AdoptedVerslag {
    pub adopted_at: Timestamp,
    pub signatures: Vec<SignatureLine>,
    /// The SHA-256 of the version that was signed.
    pub hash: String,
}

/// One change in an agreement's history.
pub struct StatusChange {
    pub status: AgreementStatus,
    pub note: String,
    /// Who made it; `None` for the platform itself (or before the history).
    pub by: Option<String>,
    pub at: Timestamp,
}

pub struct AgreementHistory {
    pub agreement: Agreement,
    /// Oldest first.
    pub changes: Vec<StatusChange>,
}

/// One gesprek of the term.
pub struct DossierEntry {
    pub info: RoundInfo,
    pub verslag: Option<AdoptedVerslag>,
    pub agreements: Vec<AgreementHistory>,
    /// What the reader may see of its results (a link when not `None`).
    pub results: ResultsAccess,
}

pub struct Dossier {
    pub header: DossierHeader,
    /// In the order of the term.
    pub entries: Vec<DossierEntry>,
}

pub struct TermOverview {
    pub header: DossierHeader,
    pub view: TermView,
}

/// A round's released view with its themes as (title, key).
type Figures = (ReleasedView, Vec<(String, String)>);

/// The facts of an opened dossier.
struct Opened {
    header: DossierHeader,
    roles: Vec<Role>,
    /// The rounds the reader sees, in order, and whether they took part.
    rounds: Vec<(RoundInfo, bool)>,
    term_mayor: bool,
    commission_reads_earlier: bool,
}

impl Klankbord {
    /// The dossier of a burgemeester's term (`mayor`: the newest when not
    /// given), as far as the reader may read it; the opening is audited.
    pub fn dossier(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        mayor: Option<MayorId>,
    ) -> Result<Dossier, ServiceError> {
        let mut conn = self.conn()?;
        let opened = self.open_dossier(&mut conn, person, municipality, mayor)?;
        let mut entries = Vec::with_capacity(opened.rounds.len());
        for (info, took_part) in &opened.rounds {
            let verslag = if may_read_verslag(
                &opened.roles,
                *took_part || opened.term_mayor,
                opened.commission_reads_earlier,
            ) {
                adopted(&mut conn, info)?
            } else {
                None
            };
            entries.push(DossierEntry {
                verslag,
                agreements: agreement_histories(&mut conn, info)?,
                results: results_access(&opened.roles, info.sharing, info.state),
                info: info.clone(),
            });
        }
        self.audit_opening(&mut conn, &opened.header, person, "dossier")?;
        Ok(Dossier {
            header: opened.header,
            entries,
        })
    }

    /// The term in one view: per theme the released figures of every round
    /// the reader sees, side by side ("niet gedeeld" where the round's
    /// sharing mode keeps them from the reader); the opening is audited.
    pub fn term_overview(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        mayor: Option<MayorId>,
    ) -> Result<TermOverview, ServiceError> {
        let mut conn = self.conn()?;
        let opened = self.open_dossier(&mut conn, person, municipality, mayor)?;
        let mut loaded: Vec<(String, Option<Figures>, bool)> = Vec::new();
        for (info, _) in &opened.rounds {
            let label = format!(
                "{} {}",
                capitalised(info.kind.label()),
                crate::dutch::date(info.meeting_on)
            );
            let shared = results_access(&opened.roles, info.sharing, RoundState::Closed)
                == ResultsAccess::Full;
            let figures = if shared && info.state == RoundState::Closed {
                match results::get_view(&mut conn, info.id)? {
                    Some(json) => {
                        let view: ReleasedView = serde_json::from_str(&json)
                            .map_err(|_| corrupt("released_views.view"))?;
                        let keys = questionnaire::themes_of(&mut conn, info.id)?
                            .into_iter()
                            .map(|t| (t.title, t.key))
                            .collect();
                        Some((view, keys))
                    }
                    None => None,
                }
            } else {
                None
            };
            loaded.push((label, figures, shared));
        }
        let rounds: Vec<TermRound> = loaded
            .iter()
            .map(|(label, figures, shared)| TermRound {
                label: label.clone(),
                figures: match (figures, shared) {
                    (_, false) => RoundFigures::NotShared,
                    (None, true) => RoundFigures::NotYet,
                    (Some((view, keys)), true) => RoundFigures::Released {
                        view,
                        theme_keys: keys,
                    },
                },
            })
            .collect();
        let view = term_view(&rounds);
        self.audit_opening(&mut conn, &opened.header, person, "verloop")?;
        Ok(TermOverview {
            header: opened.header,
            view,
        })
    }

    /// The one check of both pages: a role in the municipality (else 404),
    /// the burgemeester asked for (else 404), and the dossier rule (else 403).
    fn open_dossier(
        &self,
        c: &mut DbConnection,
        person: StaffId,
        municipality: MunicipalityId,
        mayor: Option<MayorId>,
    ) -> Result<Opened, ServiceError> {
        let name = self
            .require(c, person, municipality, Permission::ReadDossier)?
            .name;
        let roles = roles_in(c, person, municipality)?;
        let mayors = municipalities::mayors_of(c, municipality)?;
        let chosen: &MayorRow = match mayor {
            Some(id) => mayors.iter().find(|m| m.id == id),
            None => mayors.first(),
        }
        .ok_or_else(|| {
            ServiceError::NotFound(match mayor {
                Some(_) => "Deze burgemeester hoort niet bij deze gemeente.".into(),
                None => "Deze gemeente heeft nog geen burgemeester in Klankbord.".into(),
            })
        })?;
        let own_email = staff::get(c, &person.to_string())?.email;
        let term_mayor = roles.contains(&Role::Mayor)
            && own_email.trim().eq_ignore_ascii_case(chosen.email.trim());
        let settings = verslagen::settings(c, municipality)?;
        let mut all = Vec::new();
        for row in rounds::of_mayor(c, chosen.id)? {
            let took_part = verslagen::took_part(c, row.id, person)?;
            all.push((round_info::from_row(c, row)?, took_part));
        }
        let scope = dossier_scope(&DossierReader {
            roles: &roles,
            term_mayor,
            took_part_any: all.iter().any(|(_, t)| *t),
            commission_reads_earlier: settings.commission_reads_earlier,
        })
        .ok_or_else(|| ServiceError::Forbidden(REFUSAL.into()))?;
        all.retain(|(_, took_part)| sees_gesprek(scope, *took_part));
        Ok(Opened {
            header: DossierHeader {
                municipality_id: municipality,
                municipality: name,
                house_style: house_styles::stamp(c, municipality)?,
                mayor: MayorChoice {
                    id: chosen.id,
                    name: chosen.name.clone(),
                },
                mayors: mayors
                    .iter()
                    .map(|m| MayorChoice {
                        id: m.id,
                        name: m.name.clone(),
                    })
                    .collect(),
                scope,
                clerk: roles.contains(&Role::Clerk),
            },
            roles,
            rounds: all,
            term_mayor,
            commission_reads_earlier: settings.commission_reads_earlier,
        })
    }

    /// "dossier geopend": which page, whose term; no content.
    fn audit_opening(
        &self,
        c: &mut DbConnection,
        header: &DossierHeader,
        person: StaffId,
        page: &str,
    ) -> Result<(), ServiceError> {
        let detail = format!("{page} van burgemeester {}", header.mayor.name);
        write_transaction(c, |c| {
            self.audit(
                c,
                header.municipality_id,
                person,
                AuditAction::DossierOpened,
                &detail,
            )
        })
    }
}

/// "Klankbordgesprek" from "klankbordgesprek".
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn adopted(c: &mut DbConnection, info: &RoundInfo) -> Result<Option<AdoptedVerslag>, ServiceError> {
    let Some(copy) = verslagen::adopted_copy_of_round(c, info.id)? else {
        return Ok(None);
    };
    let adopted_at = copy
        .adopted_at
        .parse()
        .map_err(|_| corrupt("verslagen.adopted_at"))?;
    Ok(Some(AdoptedVerslag {
        adopted_at,
        signatures: copy.signatures,
        hash: copy.hash,
    }))
}

fn agreement_histories(
    c: &mut DbConnection,
    info: &RoundInfo,
) -> Result<Vec<AgreementHistory>, ServiceError> {
    let agreements = load_agreements(c, info.id)?;
    let ids: Vec<_> = agreements.iter().map(|a| a.id).collect();
    let mut history = agreement_status_changes::history_of(c, &ids)?;
    agreements
        .into_iter()
        .map(|agreement| {
            let changes = history
                .iter_mut()
                .filter(|(row, _)| row.agreement_id == agreement.id)
                .map(|(row, by)| {
                    Ok(StatusChange {
                        status: row.status,
                        note: std::mem::take(&mut row.note),
                        by: by.take(),
                        at: Timestamp::from_second(row.changed_at)
                            .map_err(|_| corrupt("agreement_status_changes.changed_at"))?,
                    })
                })
                .collect::<Result<_, ServiceError>>()?;
            Ok(AgreementHistory { agreement, changes })
        })
        .collect()
}

//! Setting up: municipalities, mayors, rounds (with the default groups and
//! question bank copied in) and raters.

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::email::EmailAddress;
use crate::domain::group::{DefaultGroup, RaterGroup};
use crate::domain::ids::{
    GroupId, InvitationId, ItemId, MayorId, MunicipalityId, RaterId, RoundId, ThemeId,
};
use crate::domain::invitation::InvitationStatus;
use crate::domain::permission::Permission;
use crate::domain::question_bank::{BANK, BankItem};
use crate::domain::questionnaire::{ItemKind, ItemSource};
use crate::domain::rater_import::{NewRater, parse_raters};
use crate::domain::round::{MinGroupSize, RoundDates, RoundKind, RoundState};
use crate::domain::round_setup::{FieldError, RoundSettings, field};
use crate::domain::sharing::SharingMode;
use crate::domain::text::{PersonName, PlaceName};
use crate::security::ServerKey;
use crate::service::access::Platform;
use crate::service::round_setup::FormOutcome;
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::invitations::{InvitationRow, RaterRow};
use crate::store::municipalities::{MayorRow, MunicipalityRow};
use crate::store::questionnaire::{ItemRow, ThemeRow};
use crate::store::rounds::{GroupRow, RoundRow};
use crate::store::{
    DbConnection, invitations, municipalities, questionnaire, rounds, write_transaction,
};

pub struct NewMunicipality {
    pub name: PlaceName,
    pub clerk_name: PersonName,
    pub clerk_email: EmailAddress,
}

pub struct NewRound {
    pub municipality: MunicipalityId,
    /// The mayor; `None` takes the municipality's most recent one.
    pub mayor: Option<MayorId>,
    pub kind: RoundKind,
    pub dates: RoundDates,
    pub min_group_size: MinGroupSize,
    pub sharing: SharingMode,
}

impl NewRound {
    /// A round as the griffier's form sets it up: for the municipality's
    /// current burgemeester, who chooses the sharing mode later (until then
    /// only the delegation would see the results).
    pub fn from_settings(municipality: MunicipalityId, settings: RoundSettings) -> Self {
        NewRound {
            municipality,
            mayor: None,
            kind: settings.kind,
            dates: settings.dates,
            min_group_size: settings.min_group_size,
            sharing: SharingMode::DelegationOnly,
        }
    }
}

impl Klankbord {
    /// Creates a municipality (the griffier is its contact; their account
    /// is a separate step, see [`Self::create_municipality_with_clerk`]).
    /// A person needs to be a platform admin; in the new municipality's
    /// audit log.
    #[tracing::instrument(skip_all)]
    pub fn create_municipality(
        &self,
        actor: impl Into<Actor>,
        m: NewMunicipality,
    ) -> Result<MunicipalityId, ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| self.insert_municipality(c, actor, &m))
    }

    /// [`Self::create_municipality`] inside the caller's transaction.
    pub(crate) fn insert_municipality(
        &self,
        c: &mut DbConnection,
        actor: Actor,
        m: &NewMunicipality,
    ) -> Result<MunicipalityId, ServiceError> {
        self.require(c, actor, Platform, Permission::AdministerPlatform)?;
        if municipalities::find_municipality_by_name(c, m.name.as_str())?.is_some() {
            return Err(ServiceError::Conflict(format!(
                "De gemeente {} bestaat al.",
                m.name
            )));
        }
        let id = MunicipalityId::random();
        municipalities::insert_municipality(
            c,
            &MunicipalityRow {
                id,
                name: m.name.to_string(),
                clerk_name: m.clerk_name.to_string(),
                clerk_email: m.clerk_email.to_string(),
                created_at: self.now_secs(),
            },
        )?;
        self.audit(
            c,
            id,
            actor,
            AuditAction::MunicipalityCreated,
            m.name.as_str(),
        )?;
        Ok(id)
    }

    /// Finds a municipality by id or by name.
    pub fn find_municipality(&self, id_or_name: &str) -> Result<MunicipalityId, ServiceError> {
        let mut conn = self.conn()?;
        let found = match id_or_name.parse::<MunicipalityId>() {
            Ok(id) => municipalities::list_municipalities(&mut conn)?
                .into_iter()
                .find(|m| m.id == id),
            Err(_) => municipalities::find_municipality_by_name(&mut conn, id_or_name.trim())?,
        };
        found
            .map(|m| m.id)
            .ok_or_else(|| ServiceError::NotFound(format!("Gemeente ‘{id_or_name}’ bestaat niet.")))
    }

    /// Adds the burgemeester of a municipality (the one of its new rounds);
    /// a person needs [`Permission::ManagePeople`] there.
    #[tracing::instrument(skip_all)]
    pub fn create_mayor(
        &self,
        actor: impl Into<Actor>,
        municipality: MunicipalityId,
        name: PersonName,
        email: EmailAddress,
    ) -> Result<MayorId, ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, municipality, Permission::ManagePeople)?;
            let id = self.insert_mayor(c, municipality, &name, &email)?;
            self.audit(
                c,
                municipality,
                actor,
                AuditAction::MayorAdded,
                name.as_str(),
            )?;
            Ok(id)
        })
    }

    /// [`Self::create_mayor`] inside the caller's transaction.
    pub(crate) fn insert_mayor(
        &self,
        c: &mut DbConnection,
        municipality: MunicipalityId,
        name: &PersonName,
        email: &EmailAddress,
    ) -> Result<MayorId, ServiceError> {
        municipalities::find_municipality(c, municipality)?
            .ok_or_else(|| ServiceError::NotFound("Deze gemeente bestaat niet.".into()))?;
        let id = MayorId::random();
        municipalities::insert_mayor(
            c,
            &MayorRow {
                id,
                municipality_id: municipality,
                name: name.to_string(),
                email: email.to_string(),
                created_at: self.now_secs(),
            },
        )?;
        Ok(id)
    }

    /// Creates a round in preparation, with the default rater groups and a
    /// copy of the question bank (from then on the round's own, editable
    /// data). A person needs [`Permission::ManageRound`] in the
    /// municipality, and [`Permission::ChooseSharingMode`] for any sharing
    /// mode but the delegation's own (the burgemeester chooses it later).
    /// A closing day in the past is refused for the form; in the audit log
    /// as "ronde aangemaakt".
    #[tracing::instrument(skip_all)]
    pub fn create_round(
        &self,
        actor: impl Into<Actor>,
        r: NewRound,
    ) -> Result<FormOutcome<RoundId>, ServiceError> {
        let actor = actor.into();
        let id = RoundId::random();
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, r.municipality, Permission::ManageRound)?;
            if r.sharing != SharingMode::DelegationOnly {
                self.require(c, actor, r.municipality, Permission::ChooseSharingMode)?;
            }
            if r.dates.closes_at <= self.now() {
                return Ok(FormOutcome::Refused(vec![FieldError {
                    field: field::CLOSES,
                    message: "De sluitingsdatum ligt in het verleden.".into(),
                }]));
            }
            let mayor = match r.mayor {
                Some(m) => {
                    let row = municipalities::find_mayor(c, m)?.ok_or_else(|| {
                        ServiceError::NotFound("Deze burgemeester bestaat niet.".into())
                    })?;
                    if row.municipality_id != r.municipality {
                        return Err(ServiceError::Invalid(
                            "Deze burgemeester hoort bij een andere gemeente.".into(),
                        ));
                    }
                    m
                }
                None => {
                    let latest = municipalities::mayors_of(c, r.municipality)?.into_iter().next().ok_or_else(|| {
                        ServiceError::Invalid("Deze gemeente heeft nog geen burgemeester. Voeg eerst een burgemeester toe.".into())
                    })?;
                    latest.id
                }
            };
            rounds::insert_round(
                c,
                &RoundRow {
                    id,
                    municipality_id: r.municipality,
                    mayor_id: mayor,
                    kind: r.kind,
                    state: RoundState::Draft,
                    opens_on: r.dates.opens_on.to_string(),
                    closes_at: r.dates.closes_at.as_second(),
                    meeting_on: r.dates.meeting_on.to_string(),
                    min_group_size: r.min_group_size.get() as i32,
                    sharing_mode: r.sharing,
                    created_at: now,
                    mayor_sees_raters: 1,
                },
            )?;
            copy_defaults(c, id)?;
            self.audit(
                c,
                r.municipality,
                actor,
                AuditAction::RoundCreated,
                &format!(
                    "{}, gesprek {}",
                    r.kind.label(),
                    crate::dutch::date(r.dates.meeting_on)
                ),
            )?;
            Ok(FormOutcome::Done(id))
        })
    }

    /// Changes k. The parameters are fixed when the first invitation goes
    /// out (anonymity.md): afterwards this is refused and nothing changes.
    /// In the audit log with old → new.
    pub fn set_min_group_size(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        k: MinGroupSize,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, round, Permission::ManageRound)?;
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            let stored = i32::try_from(k.get()).map_err(|_| ServiceError::Invalid("k".into()))?;
            if !rounds::set_min_group_size(c, round, RoundState::Draft, stored)? {
                return Err(ServiceError::Conflict(
                    crate::domain::round_setup::K_FIXED.into(),
                ));
            }
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::MinGroupSizeChanged,
                &format!("{} → {}", info.min_group_size.get(), k.get()),
            )
        })
    }
}

/// Inside a transaction: imports a list of raters into a round that is not
/// closed, all rows or none; how many.
pub(crate) fn import_raters_in(
    c: &mut DbConnection,
    key: &ServerKey,
    round: RoundId,
    csv: &[u8],
    now: i64,
) -> Result<usize, ServiceError> {
    refuse_closed(c, round)?;
    let groups = rounds::groups_of(c, round)?;
    let existing = invitations::emails_in_round(c, round)?;
    let raters = parse_raters(csv, &groups, &existing)?;
    for r in &raters {
        insert_rater(c, key, round, r, now)?;
    }
    Ok(raters.len())
}

/// Locks the round and refuses adding referenten to a closed one.
pub(crate) fn refuse_closed(c: &mut DbConnection, round: RoundId) -> Result<(), ServiceError> {
    round_info::lock_unclosed(
        c,
        round,
        "Deze ronde is gesloten; er kunnen geen referenten meer bij.",
    )
    .map(|_| ())
}

/// A rater and their invitation, whose token is derived from a fresh random seed.
pub(crate) fn insert_rater(
    c: &mut DbConnection,
    key: &ServerKey,
    round: RoundId,
    r: &NewRater,
    now: i64,
) -> Result<(), ServiceError> {
    let rater_id = RaterId::random();
    let seed = ServerKey::new_seed();
    let hash = key.token_hash(&key.invitation_token(&seed));
    invitations::insert_rater(
        c,
        &RaterRow {
            id: rater_id,
            round_id: round,
            rater_group_id: r.group,
            name: r.name.to_string(),
            email: r.email.to_string(),
            created_at: now,
        },
        &InvitationRow {
            id: InvitationId::random(),
            round_id: round,
            rater_id,
            token_seed: seed.to_hex(),
            token_hash: hash.to_hex(),
            status: InvitationStatus::NotSent,
        },
    )?;
    Ok(())
}

/// Copies the default groups and the question bank into a new round.
fn copy_defaults(c: &mut DbConnection, round: RoundId) -> Result<(), ServiceError> {
    let mut groups = Vec::new();
    for (pos, g) in DefaultGroup::ALL.iter().enumerate() {
        let group = RaterGroup {
            id: GroupId::random(),
            key: g.key().into(),
            name: g.name().into(),
            description: g.description().into(),
            is_self: g.is_self(),
        };
        rounds::insert_group(
            c,
            &GroupRow {
                id: group.id,
                round_id: round,
                key: group.key.clone(),
                name: group.name.clone(),
                description: group.description.clone(),
                is_self: group.is_self,
                position: pos as i32,
            },
        )?;
        groups.push(group);
    }
    let mut position = 0;
    for (tpos, theme) in BANK.iter().enumerate() {
        let theme_id = ThemeId::random();
        questionnaire::insert_theme(
            c,
            &ThemeRow {
                id: theme_id,
                round_id: round,
                key: theme.key.into(),
                title: theme.title.into(),
                intro: theme.intro.into(),
                position: tpos as i32,
            },
        )?;
        for item in theme.items {
            insert_bank_item(c, round, theme_id, item, position, &groups)?;
            position += 1;
        }
    }
    Ok(())
}

/// The targets of an item: the chosen groups plus the self-assessment,
/// which gets every item of the round.
pub(crate) fn with_self(chosen: Vec<GroupId>, groups: &[RaterGroup]) -> Vec<GroupId> {
    let mut targets = chosen;
    targets.extend(groups.iter().filter(|g| g.is_self).map(|g| g.id));
    targets.sort();
    targets.dedup();
    targets
}

/// One item of the bank in a round: its groups matched by key, plus the self-assessment.
pub(crate) fn insert_bank_item(
    c: &mut DbConnection,
    round: RoundId,
    theme_id: ThemeId,
    item: &BankItem,
    position: i32,
    groups: &[RaterGroup],
) -> Result<(), ServiceError> {
    let chosen = item
        .groups
        .iter()
        .filter_map(|d| groups.iter().find(|g| g.key == d.key()).map(|g| g.id))
        .collect();
    let max_chars = match item.kind {
        ItemKind::Scale => None,
        ItemKind::Open { max_chars } => Some(max_chars as i32),
    };
    questionnaire::insert_item(
        c,
        &ItemRow {
            id: ItemId::random(),
            round_id: round,
            theme_id,
            key: item.key.into(),
            kind: item.kind.code().into(),
            text: item.text.into(),
            max_chars,
            position,
            source: ItemSource::Bank,
        },
        &with_self(chosen, groups),
    )?;
    Ok(())
}

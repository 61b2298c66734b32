//! The griffier sets up a round from the screens: creates it, edits its
//! settings (kind, dates, k, whether the burgemeester sees the list of
//! referenten) and its rater groups, with a forecast of which groups can be
//! shown apart. Every use case checks the role and writes the audit log.

use jiff::civil::Date;

use crate::anonymity::Params;
use crate::anonymity::forecast::{GroupForecast, forecast, needed_apart};
use crate::domain::audit::AuditAction;
use crate::domain::group::{RaterGroup, find_group};
use crate::domain::ids::{GroupId, ItemId, MunicipalityId, RoundId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::round::{RoundState, amsterdam};
use crate::domain::round_setup::{
    FieldError, GROUP_DESCRIPTION_MAX, GroupName, K_FIXED, MAX_RATER_GROUPS, RoundSettings,
    RoundSetup, changes, new_group_key,
};
use crate::domain::text::check_length;
use crate::service::results::DEFAULT_COALITION;
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError};
use crate::store::round_setup::{self as store, SettingsRow};
use crate::store::rounds::GroupRow;
use crate::store::{municipalities, rounds, write_transaction};

/// What the form for a new round needs.
#[derive(Clone, Debug)]
pub struct NewRoundContext {
    pub municipality: String,
    /// The municipality's current burgemeester, if there is one.
    pub mayor: Option<String>,
    pub today: Date,
}

/// Done, or refused with per field why (the form comes back, nothing stored).
#[derive(Debug)]
pub enum FormOutcome<T> {
    Done(T),
    Refused(Vec<FieldError>),
}

impl<T> FormOutcome<T> {
    /// The result, a refusal as `Invalid` with every field's message (for
    /// callers without a form: the command line, the demo).
    pub fn into_result(self) -> Result<T, ServiceError> {
        match self {
            FormOutcome::Done(t) => Ok(t),
            FormOutcome::Refused(errors) => Err(ServiceError::Invalid(
                errors
                    .into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
        }
    }
}

/// One group on the groups page.
#[derive(Clone, Debug)]
pub struct GroupLine {
    pub group: RaterGroup,
    /// Referenten and nominations pointing at it (it cannot be removed then).
    pub in_use: bool,
}

/// The groups page: the groups, and what the partition would do if every
/// referent on the list answered.
#[derive(Clone, Debug)]
pub struct GroupsOverview {
    pub info: RoundInfo,
    pub groups: Vec<GroupLine>,
    pub forecast: Vec<GroupForecast<GroupId>>,
    /// Referenten a group needs to be shown apart (`k + c`).
    pub needed: u32,
}

/// What the griffier asks to do to a group.
pub enum GroupEdit {
    Add {
        name: String,
        description: String,
    },
    Change {
        group: GroupId,
        name: String,
        description: String,
    },
    Remove {
        group: GroupId,
    },
}

/// The current settings of a round as the domain sees them.
fn setup_of(info: &RoundInfo) -> RoundSetup {
    RoundSetup {
        settings: RoundSettings {
            kind: info.kind,
            dates: crate::domain::round::RoundDates {
                opens_on: info.opens_on,
                closes_at: info.closes_at,
                meeting_on: info.meeting_on,
            },
            min_group_size: info.min_group_size,
        },
        mayor_sees_raters: info.mayor_sees_raters,
    }
}

impl Klankbord {
    /// For the form: the municipality, its burgemeester and today.
    pub fn new_round_context(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<NewRoundContext, ServiceError> {
        let mut conn = self.conn()?;
        let name = self
            .require(&mut conn, person, municipality, Permission::ManageRound)?
            .name;
        let mayor = municipalities::mayors_of(&mut conn, municipality)?
            .into_iter()
            .next()
            .map(|m| m.name);
        Ok(NewRoundContext {
            municipality: name,
            mayor,
            today: self.now().to_zoned(amsterdam()).date(),
        })
    }

    /// Changes a round's settings: everything before the first invitation;
    /// afterwards only what the domain still allows. Every change is in the
    /// audit log with old → new.
    pub fn update_round_settings(
        &self,
        person: StaffId,
        round: RoundId,
        wanted: RoundSetup,
    ) -> Result<FormOutcome<usize>, ServiceError> {
        let now = self.now();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, round, Permission::ManageRound)?;
            let info = round_info::lock_unclosed(
                c,
                round,
                "Deze ronde is gesloten; de instellingen liggen vast.",
            )?;
            let current = setup_of(&info);
            let invited = info.state != RoundState::Draft;
            let list = match changes(&current, &wanted, invited, now) {
                Ok(list) => list,
                Err(errors) => return Ok(FormOutcome::Refused(errors)),
            };
            let w = &wanted.settings;
            store::update_settings(
                c,
                round,
                &SettingsRow {
                    kind: w.kind,
                    opens_on: w.dates.opens_on.to_string(),
                    closes_at: w.dates.closes_at.as_second(),
                    meeting_on: w.dates.meeting_on.to_string(),
                    mayor_sees_raters: i32::from(wanted.mayor_sees_raters),
                },
            )?;
            if w.min_group_size != current.settings.min_group_size {
                let k = i32::try_from(w.min_group_size.get())
                    .map_err(|_| ServiceError::Invalid("k".into()))?;
                if !rounds::set_min_group_size(c, round, RoundState::Draft, k)? {
                    return Err(ServiceError::Conflict(K_FIXED.into()));
                }
            }
            for change in &list {
                let (action, detail) = change.audit_line(crate::dutch::date);
                self.audit(c, info.municipality_id, person, action, &detail)?;
            }
            Ok(FormOutcome::Done(list.len()))
        })
    }

    /// A round as its settings form shows it, for its griffier.
    pub fn round_settings(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<RoundInfo, ServiceError> {
        let mut conn = self.conn()?;
        Ok(self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info)
    }

    /// The groups of a round with the forecast, for its griffier.
    pub fn groups_overview(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<GroupsOverview, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info;
        let groups = rounds::groups_of(&mut conn, round)?;
        let counts = store::raters_per_group(&mut conn, round)?;
        let mut lines = Vec::new();
        for g in groups {
            let in_use = store::uses_of_group(&mut conn, g.id)? > 0;
            lines.push(GroupLine { group: g, in_use });
        }
        let headcounts: Vec<(GroupId, u32)> = lines
            .iter()
            .filter(|l| !l.group.is_self)
            .map(|l| {
                let n = counts
                    .iter()
                    .find(|(id, _)| *id == l.group.id)
                    .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
                (l.group.id, n)
            })
            .collect();
        let params = Params {
            k: info.min_group_size.get(),
            ..Params::DEFAULT
        };
        Ok(GroupsOverview {
            forecast: forecast(&headcounts, &params, DEFAULT_COALITION),
            needed: needed_apart(&params, DEFAULT_COALITION),
            groups: lines,
            info,
        })
    }

    /// Adds, changes or removes a rater group, only while the round is in
    /// preparation; the self-assessment group stays as it is, and a group
    /// with referenten (or nominations) is not removed. Refusals are
    /// `Invalid` (bad input) or `Conflict` (not now), in Dutch.
    pub fn edit_group(
        &self,
        person: StaffId,
        round: RoundId,
        edit: GroupEdit,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, round, Permission::ManageRound)?;
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if info.state != RoundState::Draft {
                return Err(ServiceError::Conflict(
                    "De uitnodigingen zijn verstuurd: de groepen liggen nu vast.".into(),
                ));
            }
            let groups = rounds::groups_of(c, round)?;
            let existing = |id: GroupId| {
                let g = groups.iter().find(|g| g.id == id).cloned().ok_or_else(|| {
                    ServiceError::NotFound("Deze groep hoort niet bij deze ronde.".into())
                })?;
                if g.is_self {
                    return Err(ServiceError::Conflict(
                        "De zelfevaluatie van de burgemeester is geen groep van referenten; die verandert u niet."
                            .into(),
                    ));
                }
                Ok(g)
            };
            let checked = |name: &str, description: &str, except: Option<GroupId>| {
                let name = GroupName::parse(name)
                    .map_err(|e| ServiceError::Invalid(format!("Naam van de groep: {e}")))?;
                let description = description.trim().to_owned();
                check_length(&description, GROUP_DESCRIPTION_MAX)
                    .map_err(|e| ServiceError::Invalid(format!("Omschrijving: {e}")))?;
                if description.chars().any(char::is_control) {
                    return Err(ServiceError::Invalid(
                        "Omschrijving: gebruik één regel tekst.".into(),
                    ));
                }
                let others: Vec<RaterGroup> = groups
                    .iter()
                    .filter(|g| Some(g.id) != except)
                    .cloned()
                    .collect();
                if let Some(same) = find_group(&others, name.as_str()) {
                    return Err(ServiceError::Invalid(format!(
                        "Er is al een groep ‘{}’. Kies een andere naam.",
                        same.name
                    )));
                }
                Ok((name, description))
            };
            let (action, detail) = match edit {
                GroupEdit::Add { name, description } => {
                    if groups.iter().filter(|g| !g.is_self).count() >= MAX_RATER_GROUPS {
                        return Err(ServiceError::Conflict(format!(
                            "Een ronde heeft hoogstens {MAX_RATER_GROUPS} groepen van referenten. Voeg groepen samen of verwijder er een."
                        )));
                    }
                    let (name, description) = checked(&name, &description, None)?;
                    let taken: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
                    let id = GroupId::random();
                    let position = store::next_group_position(c, round)?;
                    rounds::insert_group(
                        c,
                        &GroupRow {
                            id,
                            round_id: round,
                            key: new_group_key(name.as_str(), &taken),
                            name: name.to_string(),
                            description,
                            is_self: false,
                            position,
                        },
                    )?;
                    // The new group gets the questions every group of referenten gets.
                    let raters: Vec<GroupId> =
                        groups.iter().filter(|g| !g.is_self).map(|g| g.id).collect();
                    let targets = store::item_targets(c, round)?;
                    let mut common: Vec<ItemId> = targets
                        .iter()
                        .map(|(item, _)| *item)
                        .filter(|item| {
                            raters
                                .iter()
                                .all(|g| targets.iter().any(|(i, t)| i == item && t == g))
                        })
                        .collect();
                    common.sort();
                    common.dedup();
                    store::add_targets(c, id, &common)?;
                    (AuditAction::GroupAdded, name.to_string())
                }
                GroupEdit::Change {
                    group,
                    name,
                    description,
                } => {
                    let old = existing(group)?;
                    let (name, description) = checked(&name, &description, Some(group))?;
                    if old.name == name.as_str() && old.description == description {
                        return Ok(());
                    }
                    store::update_group(c, group, name.as_str(), &description)?;
                    let detail = if old.name == name.as_str() {
                        format!("{}: omschrijving aangepast", old.name)
                    } else {
                        format!("{} → {}", old.name, name)
                    };
                    (AuditAction::GroupChanged, detail)
                }
                GroupEdit::Remove { group } => {
                    let old = existing(group)?;
                    if store::uses_of_group(c, group)? > 0 {
                        return Err(ServiceError::Conflict(format!(
                            "De groep ‘{}’ heeft referenten. Haal ze eerst van de lijst (of zet ze in een andere groep) voordat u de groep verwijdert.",
                            old.name
                        )));
                    }
                    store::delete_group(c, group)?;
                    (AuditAction::GroupRemoved, old.name)
                }
            };
            self.audit(c, info.municipality_id, person, action, &detail)
        })
    }
}

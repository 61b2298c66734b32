//! The conversation is two-way (issue 4, items 6 and 7): the burgemeester's
//! reflection on the council, the agenda both sides add to, and the
//! agreements carried into the next round for the same burgemeester. Each
//! use case checks the role, owns its transaction and writes the audit log
//! (never the content).

use jiff::civil::Date;

use crate::domain::agenda::{AgendaSide, AgendaText, agenda_open};
use crate::domain::agreement::{AgreementForm, AgreementStatus, agreements_open, parse_note};
use crate::domain::answers::ScaleAnswer;
use crate::domain::audit::AuditAction;
use crate::domain::council_reflection::{
    CouncilReflection, InvalidReflection, TopicAnswer, parse_reflection,
};
use crate::domain::ids::{AgendaItemId, AgreementId, AgreementStatusChangeId, RoundId, StaffId};
use crate::domain::order::{Move, moved};
use crate::domain::permission::Permission;
use crate::domain::round::{RoundState, amsterdam};
use crate::domain::staff::Role;
use crate::service::access::{RoundAccess, also};
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError};
use crate::store::agreement_status_changes::{self, StatusChangeRow};
use crate::store::meeting::{self, AgendaRow, AgreementRow, ReflectionRow};
use crate::store::{DbConnection, corrupt, rounds, write_transaction};

/// What a change from a form led to.
#[derive(Debug, PartialEq, Eq)]
pub enum Edit {
    Done,
    /// Nothing stored: (field id, Dutch message) per wrong field.
    Invalid(Vec<(String, String)>),
}

/// The reflection page as one person may see it.
pub struct ReflectionPage {
    pub info: RoundInfo,
    /// The burgemeester's answers, once submitted.
    pub reflection: Option<CouncilReflection>,
    /// The person is the burgemeester (the author).
    pub author: bool,
    /// The burgemeester can still fill it in (not yet done, round not closed).
    pub may_write: bool,
}

#[derive(Debug)]
pub enum ReflectionOutcome {
    Saved,
    Invalid(InvalidReflection),
}

pub struct AgendaItem {
    pub id: AgendaItemId,
    pub side: AgendaSide,
    pub text: String,
}

pub struct Agreement {
    pub id: AgreementId,
    pub what: String,
    pub responsible: String,
    pub monitor: String,
    pub due_on: Date,
    pub status: AgreementStatus,
    pub note: String,
}

/// The agreements of the previous round for the same burgemeester.
pub struct PreviousAgreements {
    pub round: RoundInfo,
    pub agreements: Vec<Agreement>,
}

pub struct AgendaView {
    pub info: RoundInfo,
    pub items: Vec<AgendaItem>,
    /// Items can still be added, moved and removed (before the meeting day).
    pub open: bool,
    /// The side the person adds items for, if any.
    pub side: Option<AgendaSide>,
    /// The person orders the agenda (the griffier).
    pub orders: bool,
    pub previous: Option<PreviousAgreements>,
}

pub struct AgreementsView {
    pub info: RoundInfo,
    pub agreements: Vec<Agreement>,
    /// The meeting day has come (in Amsterdam).
    pub meeting_held: bool,
    /// The person records agreements and their status (the griffier).
    pub clerk: bool,
    pub previous: Option<PreviousAgreements>,
}

/// A change to the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaChange {
    Add(String),
    Move(AgendaItemId, Move),
    Remove(AgendaItemId),
}

impl Klankbord {
    fn today(&self) -> Date {
        self.now().to_zoned(amsterdam()).date()
    }

    /// The reflection on the council: the burgemeester's form, or their
    /// answers for the delegation and the griffier once submitted.
    pub fn council_reflection(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<ReflectionPage, ServiceError> {
        let mut conn = self.conn()?;
        let RoundAccess { info, roles } =
            self.require(&mut conn, person, round, Permission::ReadReflection)?;
        let reflection = load_reflection(&mut conn, round)?;
        let author = roles.contains(&Role::Mayor);
        Ok(ReflectionPage {
            may_write: author && reflection.is_none() && info.state != RoundState::Closed,
            info,
            reflection,
            author,
        })
    }

    /// Stores the burgemeester's reflection on the council, once, while the
    /// round is in preparation or open.
    pub fn submit_council_reflection(
        &self,
        person: StaffId,
        round: RoundId,
        fields: &[(String, String)],
    ) -> Result<ReflectionOutcome, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::WriteReflection)?
                .info;
            let reflection = match parse_reflection(fields) {
                Ok(r) => r,
                Err(invalid) => return Ok(ReflectionOutcome::Invalid(invalid)),
            };
            rounds::lock_round(c, round)?;
            if !meeting::reflection_of(c, round)?.is_empty() {
                return Err(ServiceError::Conflict(
                    "U heeft de reflectie op de raad al ingevuld. Die kunt u maar één keer invullen; de klankbordcommissie leest wat u eerder verstuurde."
                        .into(),
                ));
            }
            if round_info::load(c, round)?.state == RoundState::Closed {
                return Err(ServiceError::Conflict(
                    "De ronde is gesloten; de reflectie op de raad kan niet meer worden ingevuld."
                        .into(),
                ));
            }
            let rows: Vec<ReflectionRow> = reflection
                .answers()
                .iter()
                .map(|a| ReflectionRow {
                    round_id: round,
                    topic: a.topic,
                    score: match a.answer {
                        ScaleAnswer::Score(s) => Some(i32::from(s.get())),
                        ScaleAnswer::CannotJudge => None,
                    },
                    remark: a.remark.clone().unwrap_or_default(),
                    created_at: now,
                })
                .collect();
            meeting::insert_reflection(c, &rows)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::ReflectionSubmitted,
                info.kind.label(),
            )?;
            Ok(ReflectionOutcome::Saved)
        })
    }

    /// The agenda in order, with the agreements of the previous round.
    pub fn agenda(&self, person: StaffId, round: RoundId) -> Result<AgendaView, ServiceError> {
        let mut conn = self.conn()?;
        let RoundAccess { info, roles } =
            self.require(&mut conn, person, round, Permission::TakePart)?;
        let items = meeting::agenda_of(&mut conn, round)?
            .into_iter()
            .map(agenda_item)
            .collect();
        let previous = load_previous(&mut conn, round)?;
        Ok(AgendaView {
            open: agenda_open(info.meeting_on, self.today()),
            side: AgendaSide::of(&roles),
            orders: roles.contains(&Role::Clerk),
            info,
            items,
            previous,
        })
    }

    /// Adds an item (the delegation and the burgemeester), or moves or
    /// removes one (the griffier), before the meeting day.
    pub fn change_agenda(
        &self,
        person: StaffId,
        round: RoundId,
        change: AgendaChange,
    ) -> Result<Edit, ServiceError> {
        let mut conn = self.conn()?;
        let RoundAccess { info, roles } =
            self.require(&mut conn, person, round, Permission::TakePart)?;
        also(
            &roles,
            match change {
                AgendaChange::Add(_) => Permission::AddAgendaItem,
                AgendaChange::Move(..) | AgendaChange::Remove(_) => Permission::OrderAgenda,
            },
        )?;
        let side = AgendaSide::of(&roles);
        let (side, text) = match (&change, side) {
            (AgendaChange::Add(raw), Some(side)) => match AgendaText::parse(raw) {
                Ok(text) => (Some(side), Some(text)),
                Err(e) => {
                    return Ok(Edit::Invalid(vec![(
                        "tekst".into(),
                        format!("Het agendapunt: {e}"),
                    )]));
                }
            },
            _ => (None, None),
        };
        if !agenda_open(info.meeting_on, self.today()) {
            return Err(ServiceError::Conflict(
                "Het klankbordgesprek is begonnen of voorbij; de agenda ligt vast.".into(),
            ));
        }
        let now = self.now_secs();
        let detail = match side {
            Some(s) => s.label().to_owned(),
            None => info.kind.label().to_owned(),
        };
        write_transaction(&mut conn, |c| -> Result<(), ServiceError> {
            rounds::lock_round(c, round)?;
            let order: Vec<AgendaItemId> = meeting::agenda_of(c, round)?
                .into_iter()
                .map(|a| a.id)
                .collect();
            let action = match (&change, side, text) {
                (AgendaChange::Add(_), Some(side), Some(text)) => {
                    meeting::insert_agenda_item(
                        c,
                        &AgendaRow {
                            id: AgendaItemId::random(),
                            round_id: round,
                            added_by: person,
                            side,
                            text: text.as_str().to_owned(),
                            position: i32::try_from(order.len()).unwrap_or(i32::MAX),
                            created_at: now,
                        },
                    )?;
                    Ok(AuditAction::AgendaItemAdded)
                }
                (AgendaChange::Move(id, m), _, _) => {
                    let Some(new) = moved(&order, id, *m) else {
                        return Err(ServiceError::Conflict(
                            "Dit agendapunt kan niet verder die kant op.".into(),
                        ));
                    };
                    for (position, id) in new.iter().enumerate() {
                        let position = i32::try_from(position).unwrap_or(i32::MAX);
                        meeting::set_agenda_position(c, round, *id, position)?;
                    }
                    Ok(AuditAction::AgendaItemMoved)
                }
                (AgendaChange::Remove(id), _, _) => {
                    if !meeting::delete_agenda_item(c, round, *id)? {
                        return Err(ServiceError::NotFound(
                            "Dit agendapunt staat niet (meer) op de agenda.".into(),
                        ));
                    }
                    Ok(AuditAction::AgendaItemRemoved)
                }
                _ => Err(ServiceError::Forbidden(
                    Permission::AddAgendaItem.refusal().text().into(),
                )),
            }?;
            self.audit(c, info.municipality_id, person, action, &detail)
        })?;
        Ok(Edit::Done)
    }

    /// The agreements of a round.
    pub fn agreements(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<AgreementsView, ServiceError> {
        let mut conn = self.conn()?;
        let RoundAccess { info, roles } =
            self.require(&mut conn, person, round, Permission::TakePart)?;
        Ok(AgreementsView {
            agreements: load_agreements(&mut conn, round)?,
            meeting_held: agreements_open(info.meeting_on, self.today()),
            clerk: roles.contains(&Role::Clerk),
            previous: load_previous(&mut conn, round)?,
            info,
        })
    }

    /// The agreements of the previous round for the same burgemeester, for
    /// the participants of this one.
    pub fn previous_agreements(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<Option<PreviousAgreements>, ServiceError> {
        let mut conn = self.conn()?;
        self.require(&mut conn, person, round, Permission::TakePart)?;
        load_previous(&mut conn, round)
    }

    /// The griffier records an agreement, once the meeting day has come.
    pub fn record_agreement(
        &self,
        person: StaffId,
        round: RoundId,
        form: &AgreementForm,
    ) -> Result<Edit, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::RecordAgreements)?
            .info;
        if !agreements_open(info.meeting_on, self.today()) {
            return Err(ServiceError::Conflict(format!(
                "Afspraken legt u vast na het klankbordgesprek, vanaf {}.",
                crate::dutch::date(info.meeting_on)
            )));
        }
        let new = match form.parse() {
            Ok(a) => a,
            Err(errors) => {
                return Ok(Edit::Invalid(
                    errors.into_iter().map(|(f, m)| (f.to_owned(), m)).collect(),
                ));
            }
        };
        let now = self.now_secs();
        let id = AgreementId::random();
        write_transaction(&mut conn, |c| {
            meeting::insert_agreement(
                c,
                &AgreementRow {
                    id,
                    round_id: round,
                    what: new.what.clone(),
                    responsible: new.responsible.as_str().to_owned(),
                    monitor: new.monitor.as_str().to_owned(),
                    due_on: new.due_on.to_string(),
                    status: AgreementStatus::Open,
                    status_note: String::new(),
                    created_at: now,
                    updated_at: now,
                },
            )?;
            record_status(c, id, AgreementStatus::Open, "", person, now)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::AgreementRecorded,
                info.kind.label(),
            )
        })?;
        Ok(Edit::Done)
    }

    /// The griffier updates the status of an agreement of this round or of
    /// the previous round for the same burgemeester.
    pub fn update_agreement_status(
        &self,
        person: StaffId,
        round: RoundId,
        agreement: AgreementId,
        status: &str,
        note: &str,
    ) -> Result<Edit, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::RecordAgreements)?
            .info;
        let mut errors = Vec::new();
        let parsed = AgreementStatus::parse(status);
        if parsed.is_none() {
            errors.push((
                format!("status-{agreement}"),
                "Kies de status van de afspraak.".to_owned(),
            ));
        }
        let note = parse_note(note).map_err(|e| {
            errors.push((
                format!("toelichting-{agreement}"),
                format!("De toelichting: {e}"),
            ));
        });
        let (Some(status), Ok(note)) = (parsed, note) else {
            return Ok(Edit::Invalid(errors));
        };
        let now = self.now_secs();
        write_transaction(&mut conn, |c| -> Result<(), ServiceError> {
            let row = meeting::get_agreement(c, agreement)?;
            let previous = meeting::previous_round(c, round)?;
            let Some(row) = row.filter(|a| a.round_id == round || Some(a.round_id) == previous)
            else {
                return Err(ServiceError::NotFound(
                    "Deze afspraak hoort niet bij deze ronde of de vorige.".into(),
                ));
            };
            let old = row.status;
            meeting::set_agreement_status(c, row.id, status, &note, now)?;
            // The history holds changes only (saving the same again is none).
            if row.status != status || row.status_note != *note {
                record_status(c, row.id, status, &note, person, now)?;
            }
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::AgreementStatusChanged,
                &format!("{} → {}", old.label(), status.label()),
            )
        })?;
        Ok(Edit::Done)
    }
}

/// One entry of an agreement's status history, in the transaction of the change.
fn record_status(
    c: &mut DbConnection,
    agreement: AgreementId,
    status: AgreementStatus,
    note: &str,
    by: StaffId,
    now: i64,
) -> Result<(), ServiceError> {
    agreement_status_changes::insert(
        c,
        &StatusChangeRow {
            id: AgreementStatusChangeId::random(),
            agreement_id: agreement,
            status,
            note: note.to_owned(),
            changed_by: Some(by),
            changed_at: now,
            position: 0,
        },
    )?;
    Ok(())
}

fn load_reflection(
    conn: &mut DbConnection,
    round: RoundId,
) -> Result<Option<CouncilReflection>, ServiceError> {
    let rows = meeting::reflection_of(conn, round)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let answers = rows
        .into_iter()
        .map(|row| {
            Ok(TopicAnswer {
                topic: row.topic,
                answer: match row.score {
                    None => ScaleAnswer::CannotJudge,
                    Some(v) => ScaleAnswer::from_stored(v)
                        .filter(|a| *a != ScaleAnswer::CannotJudge)
                        .ok_or_else(|| corrupt("council_reflections.score"))?,
                },
                remark: Some(row.remark).filter(|r| !r.is_empty()),
            })
        })
        .collect::<Result<Vec<_>, crate::store::StoreError>>()?;
    CouncilReflection::from_answers(answers)
        .map(Some)
        .ok_or_else(|| corrupt("council_reflections.topic").into())
}

fn agenda_item(row: AgendaRow) -> AgendaItem {
    AgendaItem {
        id: row.id,
        side: row.side,
        text: row.text,
    }
}

pub(crate) fn load_agreements(
    conn: &mut DbConnection,
    round: RoundId,
) -> Result<Vec<Agreement>, ServiceError> {
    meeting::agreements_of(conn, round)?
        .into_iter()
        .map(|row| {
            Ok(Agreement {
                id: row.id,
                due_on: row
                    .due_on
                    .parse()
                    .map_err(|_| corrupt("agreements.due_on"))?,
                status: row.status,
                what: row.what,
                responsible: row.responsible,
                monitor: row.monitor,
                note: row.status_note,
            })
        })
        .collect()
}

fn load_previous(
    conn: &mut DbConnection,
    round: RoundId,
) -> Result<Option<PreviousAgreements>, ServiceError> {
    let Some(previous) = meeting::previous_round(conn, round)? else {
        return Ok(None);
    };
    Ok(Some(PreviousAgreements {
        round: round_info::load(conn, previous)?,
        agreements: load_agreements(conn, previous)?,
    }))
}

//! The verslag of a round (handreiking, stap 4): the griffier writes it
//! after the meeting day, shares a concept, processes the participants'
//! comments, makes the definitive version; the signers sign it with a fresh
//! second factor; with every signature it is vastgesteld and never changes
//! again. Each use case checks its permission, owns its transaction and
//! audits what happened (never the text).

use crate::domain::agreement::agreements_open;
use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::{KanttekeningId, RoundId, StaffId, VerslagCommentId, VerslagId};
use crate::domain::permission::{Permission, VERSLAG_READERS};
use crate::domain::round::{RoundState, amsterdam};
use crate::domain::staff::{ResultsAccess, Role, results_access};
use crate::domain::verslag::{
    AgreementEntry, Appendix, ArchiveCopy, COMMENT_MAX, CommentOutcome, Correction,
    FRESH_FACTOR_SECS, HeadingSpec, Kanttekening, ParticipantEntry, REPLY_MAX, ResultsAppendix,
    SECTION_MAX, Section, VerslagDocument, VerslagState, may_read_verslag, must_sign,
};
use crate::domain::verslag_text::{limited, paragraphs, parse_headings};
use crate::mail::templates::{self, RenderedMail};
use crate::security::digest::sha256_hex;
use crate::service::access::RoundAccess;
use crate::service::round_info::RoundInfo;
use crate::service::signin::{MAX_CODE_FAILURES, StaffSession};
use crate::service::{Klankbord, ServiceError};
use crate::store::outbox::{self, MessageRow};
use crate::store::verslag_writes::{
    self as writes, CommentRow, KanttekeningRow, SectionRow, SignatureRow,
};
use crate::store::verslagen::{self, VersionRow, VerslagRow};
use crate::store::{DbConnection, corrupt, meeting, memberships, write_transaction};

pub const STAGE_CONCEPT: &str = "concept";
/// The outbox kind of the mail that the concept is ready (one per participant).
pub const KIND_VERSLAG_CONCEPT: &str = "verslag-concept";
pub const STAGE_DEFINITIVE: &str = "definitief";
/// Every write to a vastgesteld verslag gets this (409).
pub const ADOPTED: &str = "Dit verslag is vastgesteld en kan niet meer worden gewijzigd. Een correctie is een nieuw verslag dat naar dit verslag verwijst.";

/// A correction of a verslag that is not vastgesteld (409).
const NOT_ADOPTED: &str = "Een correctie maakt u op een vastgesteld verslag. Zolang het verslag niet is vastgesteld, past u de tekst zelf aan.";

/// (field id, Dutch message) per wrong field of a form.
type FieldErrors = Vec<(String, String)>;

/// What a change from a form led to.
#[derive(Debug, PartialEq, Eq)]
pub enum VerslagEdit {
    Done,
    /// Nothing stored: (field id, Dutch message) per wrong field.
    Invalid(FieldErrors),
    /// Nothing stored: the change voids signatures; ask first.
    ConfirmVoid,
    /// Too many wrong codes while signing: the session has ended.
    SessionEnded,
}

/// A comment as the page shows it.
pub struct CommentView {
    pub id: VerslagCommentId,
    pub section: usize,
    pub author: String,
    pub own: bool,
    pub body: String,
    pub named: bool,
    pub outcome: Option<CommentOutcome>,
    pub reply: String,
}

/// Someone who must sign, and whether they did (on the current version).
pub struct SignerView {
    pub person: StaffId,
    pub name: String,
    pub role: Role,
    pub signed_at: Option<i64>,
}

pub struct VerslagView {
    pub state: VerslagState,
    /// The griffier's working text per heading (empty for others).
    pub sections: Vec<SectionRow>,
    pub kanttekeningen: Vec<KanttekeningRow>,
    /// What the reader reads: the working text for the griffier, the latest
    /// fixed version for others.
    pub document: VerslagDocument,
    /// The latest fixed version: (number, hash).
    pub version: Option<(i32, String)>,
    pub participants: Vec<(StaffId, Role, String)>,
    /// All comments for the griffier; one's own for a participant.
    pub comments: Vec<CommentView>,
    pub signers: Vec<SignerView>,
    /// Valid signatures on the latest version.
    pub signed: usize,
    pub archive: Option<ArchiveCopy>,
}

pub struct VerslagPage {
    pub info: RoundInfo,
    pub clerk: bool,
    /// The meeting day has come (writing can start).
    pub meeting_held: bool,
    pub may_comment: bool,
    /// The reader must sign the current definitive version and has not yet.
    pub to_sign: bool,
    /// `None`: not started, or not shared with this reader yet.
    pub verslag: Option<VerslagView>,
    /// While the current verslag is a correction: the vastgesteld verslag
    /// it corrects, which stays readable as it is.
    pub original: Option<ArchiveCopy>,
    /// The municipality's people who may take part (the griffier's choice):
    /// (person, name, role, chosen).
    pub candidates: Vec<(StaffId, String, Role, bool)>,
}

/// The signing page.
pub struct SigningPage {
    pub info: RoundInfo,
    pub number: i32,
    pub hash: String,
    pub role: Role,
    pub signed: bool,
    /// The session's second factor is recent enough to sign without a code.
    pub fresh: bool,
    /// The signer can confirm who they are at the municipality's own
    /// identity provider instead of typing a code.
    pub confirm_at_provider: bool,
}

/// Roles that take part in a gesprek, in the order a person's role is chosen.
pub(crate) const GESPREK_ROLES: [Role; 4] = [
    Role::Chair,
    Role::Mayor,
    Role::DelegationMember,
    Role::Clerk,
];

impl Klankbord {
    /// The verslag page of a round for one reader; opening a verslag that
    /// is shared is audited.
    pub fn verslag_page(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<VerslagPage, ServiceError> {
        let today = self.now().to_zoned(amsterdam()).date();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let RoundAccess { info, roles } =
                self.require(c, person, round, Permission::ReadVerslag)?;
            let clerk = roles.contains(&Role::Clerk);
            let v = verslagen::current_of_round(c, round)?;
            let participants = match &v {
                Some(v) => verslagen::participants(c, v.id)?,
                None => Vec::new(),
            };
            let took_part = participants.iter().any(|p| p.0 == person);
            let adopted = v.as_ref().is_some_and(|v| v.state == VerslagState::Adopted);
            let settings = verslagen::settings(c, info.municipality_id)?;
            let gesprek_role = roles.iter().any(|r| GESPREK_ROLES.contains(r));
            let original = match v.as_ref().and_then(|v| v.corrects_id) {
                Some(old) => {
                    let old = writes::get(c, old)?;
                    verslagen::archive_copy(c, &old)?
                }
                None => None,
            };
            let allowed = clerk
                || took_part
                || ((adopted || original.is_some())
                    && may_read_verslag(&roles, false, settings.commission_reads_earlier))
                || (gesprek_role && v.as_ref().is_none_or(|v| v.state == VerslagState::Writing));
            if !allowed {
                return Err(ServiceError::Forbidden(VERSLAG_READERS.into()));
            }
            let meeting_held = agreements_open(info.meeting_on, today);
            let candidates = if clerk {
                candidates(c, &info, &participants)?
            } else {
                Vec::new()
            };
            if original.is_some() {
                self.audit(
                    c,
                    info.municipality_id,
                    person,
                    AuditAction::VerslagOpened,
                    "vastgesteld, wordt gecorrigeerd",
                )?;
            }
            // Others read what is shared with them: the concept and the
            // definitive version if they take part (not yet while the
            // griffier writes), and a vastgesteld verslag. One who may read
            // vastgestelde verslagen but takes no part in a correction reads
            // only the original.
            let shown = |v: &VerslagRow| {
                clerk
                    || (v.state != VerslagState::Writing
                        && (took_part || v.state == VerslagState::Adopted))
            };
            let Some(v) = v.filter(shown) else {
                return Ok(VerslagPage {
                    info,
                    clerk,
                    meeting_held,
                    may_comment: false,
                    to_sign: false,
                    verslag: None,
                    original,
                    candidates,
                });
            };
            if v.state != VerslagState::Writing {
                self.audit(
                    c,
                    info.municipality_id,
                    person,
                    AuditAction::VerslagOpened,
                    v.state.label(),
                )?;
            }
            let view = load_view(c, &info, &v, person, clerk, participants)?;
            let me = view.signers.iter().find(|s| s.person == person);
            Ok(VerslagPage {
                may_comment: took_part && !clerk && v.state == VerslagState::Concept,
                to_sign: v.state == VerslagState::Definitive
                    && me.is_some_and(|s| s.signed_at.is_none()),
                info,
                clerk,
                meeting_held,
                verslag: Some(view),
                original,
                candidates,
            })
        })
    }

    /// The griffier starts the verslag from the meeting day: the headings
    /// of the municipality's settings and the default participants.
    pub fn start_verslag(&self, person: StaffId, round: RoundId) -> Result<(), ServiceError> {
        let today = self.now().to_zoned(amsterdam()).date();
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::WriteVerslag)?
                .info;
            if !agreements_open(info.meeting_on, today) {
                return Err(ServiceError::Conflict(format!(
                    "Het verslag schrijft u na het klankbordgesprek, vanaf {}.",
                    crate::dutch::date(info.meeting_on)
                )));
            }
            crate::store::rounds::lock_round(c, round)?;
            if verslagen::current_of_round(c, round)?.is_some() {
                return Err(ServiceError::Conflict(
                    "Het verslag van dit gesprek is al begonnen.".into(),
                ));
            }
            let id = VerslagId::random();
            writes::insert_verslag(
                c,
                &VerslagRow {
                    id,
                    round_id: round,
                    corrects_id: None,
                    state: VerslagState::Writing,
                    created_at: now,
                    updated_at: now,
                    adopted_at: None,
                    marking: None,
                },
            )?;
            let settings = verslagen::settings(c, info.municipality_id)?;
            let sections: Vec<SectionRow> = settings
                .headings
                .iter()
                .enumerate()
                .map(|(i, h)| SectionRow {
                    verslag_id: id,
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                    heading: h.heading.clone(),
                    body: String::new(),
                    agreements: i32::from(h.agreements),
                })
                .collect();
            writes::replace_sections(c, id, &sections)?;
            for (who, _, role, _) in candidates(c, &info, &[])? {
                writes::insert_participant(c, id, who, role)?;
            }
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagStarted,
                info.kind.label(),
            )
        })
    }

    /// The griffier starts a correction of the round's vastgesteld verslag:
    /// a new verslag that refers to it (its hash and the day it was
    /// vastgesteld), starting from its text, kanttekeningen and
    /// participants. It goes through concept, definitive version and
    /// signatures again; the original stays as it is and readable, and the
    /// correction becomes the round's current verslag.
    pub fn start_verslag_correction(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::WriteVerslag)?
                .info;
            crate::store::rounds::lock_round(c, round)?;
            let old = verslagen::current_of_round(c, round)?
                .filter(|v| v.state == VerslagState::Adopted)
                .ok_or_else(|| ServiceError::Conflict(NOT_ADOPTED.into()))?;
            let id = VerslagId::random();
            writes::insert_verslag(
                c,
                &VerslagRow {
                    id,
                    round_id: round,
                    corrects_id: Some(old.id),
                    state: VerslagState::Writing,
                    created_at: now,
                    updated_at: now,
                    adopted_at: None,
                    marking: None,
                },
            )?;
            let sections: Vec<SectionRow> = writes::sections(c, old.id)?
                .into_iter()
                .map(|s| SectionRow {
                    verslag_id: id,
                    ..s
                })
                .collect();
            writes::replace_sections(c, id, &sections)?;
            for k in writes::kanttekeningen(c, old.id)? {
                writes::insert_kanttekening(
                    c,
                    &KanttekeningRow {
                        id: KanttekeningId::random(),
                        verslag_id: id,
                        comment_id: None,
                        ..k
                    },
                )?;
            }
            for (who, role, _) in verslagen::participants(c, old.id)? {
                writes::insert_participant(c, id, who, role)?;
            }
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagCorrectionStarted,
                info.kind.label(),
            )
        })
    }

    /// The round, if the griffier may start a correction now (its verslag
    /// is vastgesteld), for the confirmation page; 409 otherwise.
    pub fn verslag_correction_check(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<RoundInfo, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::WriteVerslag)?
            .info;
        if !verslagen::current_of_round(&mut conn, round)?
            .is_some_and(|v| v.state == VerslagState::Adopted)
        {
            return Err(ServiceError::Conflict(NOT_ADOPTED.into()));
        }
        Ok(info)
    }

    /// The griffier chooses who took part (before the verslag is
    /// vastgesteld; after a signature only when confirmed).
    pub fn set_verslag_participants(
        &self,
        person: StaffId,
        round: RoundId,
        chosen: &[StaffId],
        confirmed: bool,
    ) -> Result<VerslagEdit, ServiceError> {
        self.change_verslag(person, round, confirmed, Ok(()), |c, info, v, ()| {
            let offered = candidates(c, info, &[])?;
            let picked: Vec<_> = offered
                .into_iter()
                .filter(|(who, ..)| chosen.contains(who))
                .collect();
            if picked.is_empty() || picked.len() != chosen.len() {
                return Ok(Some(vec![(
                    "deelnemers".into(),
                    "Kies wie aan het gesprek deelnam, uit de lijst.".into(),
                )]));
            }
            writes::clear_participants(c, v.id)?;
            for (who, _, role, _) in picked {
                writes::insert_participant(c, v.id, who, role)?;
            }
            Ok(None)
        })
    }

    /// The griffier changes the headings of this round's verslag, typed one
    /// per line with the agreements heading named (the same rules as the
    /// municipality's default headings). Only while writing, before the
    /// concept is shared: comments point at headings by position.
    ///
    /// Before any text is written the list is free: rename, add, remove and
    /// move. Once a heading holds text, line `i` stays heading `i`: headings
    /// can be renamed and new ones added at the end, but none removed and the
    /// agreements heading stays where it is. That protects the text: no
    /// heading's text is ever dropped or moved under another heading.
    pub fn set_verslag_headings(
        &self,
        person: StaffId,
        round: RoundId,
        lines: &str,
        agreements: &str,
    ) -> Result<VerslagEdit, ServiceError> {
        let specs = parse_headings(lines, agreements).map_err(|e| vec![("koppen".into(), e)]);
        self.change_verslag(person, round, false, specs, |c, _, v, specs| {
            if v.state != VerslagState::Writing {
                return Err(ServiceError::Conflict(
                    "De koppen verandert u zolang u schrijft, voordat het concept is gedeeld."
                        .into(),
                ));
            }
            let old = writes::sections(c, v.id)?;
            let rows = match heading_change(&old, &specs) {
                Ok(rows) => rows,
                Err(e) => return Ok(Some(vec![("koppen".into(), e)])),
            };
            writes::replace_sections(c, v.id, &rows)?;
            Ok(None)
        })
    }

    /// The griffier writes the text under one heading.
    pub fn save_verslag_section(
        &self,
        person: StaffId,
        round: RoundId,
        position: i32,
        body: &str,
        confirmed: bool,
    ) -> Result<VerslagEdit, ServiceError> {
        let body = limited(body, SECTION_MAX, false)
            .map_err(|e| vec![(format!("tekst-{position}"), format!("De tekst: {e}"))]);
        self.change_verslag(person, round, confirmed, body, |c, _, v, body| {
            if !writes::set_body(c, v.id, position, &body)? {
                return Err(ServiceError::NotFound(
                    "Deze kop staat niet (meer) in het verslag.".into(),
                ));
            }
            Ok(None)
        })
    }

    /// The griffier changes the text of a kanttekening.
    pub fn edit_kanttekening(
        &self,
        person: StaffId,
        round: RoundId,
        id: KanttekeningId,
        text: &str,
        confirmed: bool,
    ) -> Result<VerslagEdit, ServiceError> {
        let text = limited(text, COMMENT_MAX, true).map_err(|e| {
            vec![(
                format!("kanttekening-{id}"),
                format!("De kanttekening: {e}"),
            )]
        });
        self.change_verslag(person, round, confirmed, text, |c, _, v, text| {
            if !writes::set_kanttekening_text(c, v.id, id, &text)? {
                return Err(ServiceError::NotFound(
                    "Deze kanttekening hoort niet bij dit verslag.".into(),
                ));
            }
            Ok(None)
        })
    }

    /// One change by the griffier: refused once vastgesteld; after a
    /// signature only when confirmed, and then the signatures are void; in
    /// the definitive stage every change makes a new definitive version.
    /// `input` is the form, checked already; its errors are shown only to
    /// someone who may write (the role is checked first).
    fn change_verslag<T>(
        &self,
        person: StaffId,
        round: RoundId,
        confirmed: bool,
        input: Result<T, FieldErrors>,
        apply: impl FnOnce(
            &mut DbConnection,
            &RoundInfo,
            &VerslagRow,
            T,
        ) -> Result<Option<FieldErrors>, ServiceError>,
    ) -> Result<VerslagEdit, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let (info, v) = self.writable(c, person, round)?;
            let input = match input {
                Ok(input) => input,
                Err(errors) => return Ok(VerslagEdit::Invalid(errors)),
            };
            let signed = match verslagen::latest_version(c, v.id)? {
                Some(ver) if v.state == VerslagState::Definitive => {
                    !verslagen::signatures(c, ver.id)?.is_empty()
                }
                _ => false,
            };
            if signed && !confirmed {
                return Ok(VerslagEdit::ConfirmVoid);
            }
            if let Some(errors) = apply(c, &info, &v, input)? {
                return Ok(VerslagEdit::Invalid(errors));
            }
            if v.state == VerslagState::Definitive {
                writes::void_signatures(c, v.id, now)?;
                store_version(c, &info, &v, STAGE_DEFINITIVE, now)?;
            }
            writes::set_state(c, v.id, v.state, now)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagEdited,
                v.state.label(),
            )?;
            Ok(VerslagEdit::Done)
        })
    }

    /// The verslag the griffier may change: there is one and it is not
    /// vastgesteld (409).
    fn writable(
        &self,
        c: &mut DbConnection,
        person: StaffId,
        round: RoundId,
    ) -> Result<(RoundInfo, VerslagRow), ServiceError> {
        let info = self
            .require(c, person, round, Permission::WriteVerslag)?
            .info;
        let Some(v) = verslagen::current_of_round(c, round)? else {
            return Err(ServiceError::NotFound(
                "Het verslag van dit gesprek is nog niet begonnen.".into(),
            ));
        };
        writes::lock(c, v.id)?;
        let v = writes::get(c, v.id)?;
        if v.state == VerslagState::Adopted {
            return Err(ServiceError::Conflict(ADOPTED.into()));
        }
        Ok((info, v))
    }

    /// The round, if the griffier may still change its verslag (for the
    /// confirmation pages).
    pub fn verslag_write_check(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<RoundInfo, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| Ok(self.writable(c, person, round)?.0))
    }

    /// "Concept delen": a fixed concept version; each participant but the
    /// griffier gets a mail with a link (no content), queued in the outbox
    /// in the same transaction.
    pub fn share_verslag_concept(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let (info, v) = self.writable(c, person, round)?;
            if v.state != VerslagState::Writing {
                return Err(ServiceError::Conflict("Het concept is al gedeeld.".into()));
            }
            store_version(c, &info, &v, STAGE_CONCEPT, now)?;
            writes::set_state(c, v.id, VerslagState::Concept, now)?;
            let mut queued = 0_usize;
            for (who, role, _) in verslagen::participants(c, v.id)? {
                if role == Role::Clerk {
                    continue;
                }
                outbox::insert(
                    c,
                    &MessageRow {
                        staff_id: Some(who),
                        ..self.message(round, KIND_VERSLAG_CONCEPT, now)
                    },
                )?;
                queued += 1;
            }
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagConceptShared,
                &queued.to_string(),
            )
        })
    }

    /// The mail that the concept is ready, for one participant: (name,
    /// address, mail), or `None` when it no longer applies (the person no
    /// longer takes part, or the verslag is vastgesteld meanwhile).
    pub(crate) fn concept_mail(
        &self,
        c: &mut DbConnection,
        round: RoundId,
        to: StaffId,
    ) -> Result<Option<(String, String, RenderedMail)>, ServiceError> {
        let Some(v) = verslagen::current_of_round(c, round)? else {
            return Ok(None);
        };
        let takes_part = verslagen::participants(c, v.id)?.iter().any(|p| p.0 == to);
        if v.state == VerslagState::Adopted || !takes_part {
            return Ok(None);
        }
        let info = crate::service::round_info::load(c, round)?;
        let row = crate::store::staff::get(c, &to.to_string())?;
        let link = format!("{}/mijn/rondes/{round}/verslag", self.base_url());
        let mail = templates::verslag_concept(&row.name, &info.municipality, &link);
        Ok(Some((row.name, row.email, mail)))
    }

    /// A participant comments on one heading of the concept.
    pub fn comment_on_verslag(
        &self,
        person: StaffId,
        round: RoundId,
        section: Option<i32>,
        body: &str,
        named: bool,
    ) -> Result<VerslagEdit, ServiceError> {
        let body = limited(body, COMMENT_MAX, true);
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::CommentVerslag)?
                .info;
            let Some(v) = verslagen::current_of_round(c, round)? else {
                return Err(ServiceError::NotFound("Er is nog geen verslag.".into()));
            };
            if !verslagen::participants(c, v.id)?
                .iter()
                .any(|p| p.0 == person)
            {
                return Err(ServiceError::Forbidden(
                    Permission::CommentVerslag.refusal().text().into(),
                ));
            }
            if v.state != VerslagState::Concept {
                return Err(ServiceError::Conflict(match v.state {
                    VerslagState::Adopted => ADOPTED.into(),
                    _ => "Commentaar geeft u op het concept; dat is er nu niet.".into(),
                }));
            }
            let version =
                verslagen::latest_version(c, v.id)?.ok_or_else(|| corrupt("verslag_versions"))?;
            let sections = version.document()?.sections.len();
            let Some(section) = section.filter(|&s| usize::try_from(s).is_ok_and(|s| s < sections))
            else {
                return Err(ServiceError::NotFound(
                    "Deze kop staat niet in het concept.".into(),
                ));
            };
            let body = match body {
                Ok(b) => b,
                Err(e) => {
                    return Ok(VerslagEdit::Invalid(vec![(
                        format!("commentaar-{section}"),
                        format!("Uw commentaar: {e}"),
                    )]));
                }
            };
            writes::insert_comment(
                c,
                &CommentRow {
                    id: VerslagCommentId::random(),
                    verslag_id: v.id,
                    version_id: version.id,
                    section,
                    author_id: person,
                    body,
                    named: i32::from(named),
                    created_at: now,
                    outcome: None,
                    reply: String::new(),
                    processed_at: None,
                },
            )?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagCommented,
                info.kind.label(),
            )?;
            Ok(VerslagEdit::Done)
        })
    }

    /// The griffier processes a comment: the text was changed, it becomes a
    /// kanttekening (named only if the commenter agreed), or it is not
    /// taken over (with a reply).
    pub fn process_verslag_comment(
        &self,
        person: StaffId,
        round: RoundId,
        comment: VerslagCommentId,
        outcome: &str,
        text: &str,
    ) -> Result<VerslagEdit, ServiceError> {
        let checked = checked_processing(comment, outcome, text);
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let (info, v) = self.writable(c, person, round)?;
            if v.state != VerslagState::Concept {
                return Err(ServiceError::Conflict(
                    "Commentaar verwerkt u zolang het verslag een concept is.".into(),
                ));
            }
            let Some(row) = writes::comments(c, v.id)?
                .into_iter()
                .find(|r| r.id == comment)
            else {
                return Err(ServiceError::NotFound(
                    "Dit commentaar hoort niet bij dit verslag.".into(),
                ));
            };
            let (outcome, text) = match checked {
                Ok(checked) => checked,
                Err(errors) => return Ok(VerslagEdit::Invalid(errors)),
            };
            if outcome == CommentOutcome::Kanttekening {
                let holder = if row.named != 0 {
                    Some(writes::name_of(c, row.author_id)?)
                } else {
                    None
                };
                writes::insert_kanttekening(
                    c,
                    &KanttekeningRow {
                        id: KanttekeningId::random(),
                        verslag_id: v.id,
                        section: row.section,
                        text: if text.is_empty() {
                            row.body.clone()
                        } else {
                            text.clone()
                        },
                        holder,
                        comment_id: Some(row.id),
                        created_at: now,
                    },
                )?;
            }
            let reply = if outcome == CommentOutcome::Kanttekening {
                ""
            } else {
                &text
            };
            writes::process_comment(c, row.id, outcome, reply, now)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagCommentProcessed,
                outcome.label(),
            )?;
            Ok(VerslagEdit::Done)
        })
    }

    /// The definitive version, once every comment is processed.
    pub fn make_verslag_definitive(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let (info, v) = self.writable(c, person, round)?;
            if v.state != VerslagState::Concept {
                return Err(ServiceError::Conflict(
                    "De definitieve versie maakt u nadat het concept is gedeeld, en één keer."
                        .into(),
                ));
            }
            let open = writes::comments(c, v.id)?
                .iter()
                .filter(|r| r.outcome.is_none())
                .count();
            if open > 0 {
                return Err(ServiceError::Conflict(format!(
                    "Verwerk eerst al het commentaar: er {} nog {open} open.",
                    if open == 1 { "staat" } else { "staan" }
                )));
            }
            store_version(c, &info, &v, STAGE_DEFINITIVE, now)?;
            writes::set_state(c, v.id, VerslagState::Definitive, now)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagDefinitive,
                info.kind.label(),
            )
        })
    }

    /// The signing page of a signer.
    pub fn verslag_signing(
        &self,
        session: &StaffSession,
        round: RoundId,
    ) -> Result<SigningPage, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        let (info, v, version, role) = self.signer(&mut conn, session.staff, round)?;
        let signed = verslagen::signatures(&mut conn, version.id)?
            .iter()
            .any(|s| s.0 == session.staff);
        let _ = v;
        let fresh = writes::factor_at(&mut conn, &session.id_hash)?
            .is_some_and(|at| now - at <= FRESH_FACTOR_SECS);
        let confirm_at_provider =
            self.can_confirm_at_provider(&mut conn, session.staff, info.municipality_id)?;
        Ok(SigningPage {
            info,
            number: version.number,
            hash: version.hash,
            role,
            signed,
            fresh,
            confirm_at_provider,
        })
    }

    /// A required signer of the current definitive version.
    pub(crate) fn signer(
        &self,
        c: &mut DbConnection,
        person: StaffId,
        round: RoundId,
    ) -> Result<(RoundInfo, VerslagRow, VersionRow, Role), ServiceError> {
        let info = self
            .require(c, person, round, Permission::SignVerslag)?
            .info;
        let refused = || ServiceError::Forbidden(Permission::SignVerslag.refusal().text().into());
        let v = verslagen::current_of_round(c, round)?.ok_or_else(refused)?;
        let settings = verslagen::settings(c, info.municipality_id)?;
        let role = verslagen::participants(c, v.id)?
            .into_iter()
            .find(|p| p.0 == person && must_sign(settings.signing, p.1))
            .map(|p| p.1)
            .ok_or_else(refused)?;
        match v.state {
            VerslagState::Definitive => {}
            VerslagState::Adopted => return Err(ServiceError::Conflict(ADOPTED.into())),
            _ => {
                return Err(ServiceError::Conflict(
                    "Er is nog geen definitieve versie om te ondertekenen.".into(),
                ));
            }
        }
        let version =
            verslagen::latest_version(c, v.id)?.ok_or_else(|| corrupt("verslag_versions"))?;
        Ok((info, v, version, role))
    }

    /// A signer signs the current definitive version: with a code typed now,
    /// or a second factor entered within [`FRESH_FACTOR_SECS`]. The last
    /// required signature makes the verslag vastgesteld.
    pub fn sign_verslag(
        &self,
        session: &StaffSession,
        round: RoundId,
        hash: &str,
        code: &str,
    ) -> Result<VerslagEdit, ServiceError> {
        let now = self.now_secs();
        let person = session.staff;
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let (info, v, version, role) = self.signer(c, person, round)?;
            writes::lock(c, v.id)?;
            if hash != version.hash {
                return Err(ServiceError::Conflict(
                    "De tekst is intussen gewijzigd. Lees de nieuwe versie en onderteken die."
                        .into(),
                ));
            }
            if !code.trim().is_empty() {
                // Counted as the sign-in's second factor is: at most
                // MAX_CODE_FAILURES wrong codes per session; the last one
                // ends the session. A right code starts the count again.
                let Some(attempts) =
                    crate::store::staff::claim_attempt(c, &session.id_hash, MAX_CODE_FAILURES)?
                else {
                    crate::store::staff::delete_session(c, &session.id_hash)?;
                    return Ok(VerslagEdit::SessionEnded);
                };
                if self.refresh_factor(c, session, code, now)? {
                    writes::clear_failures(c, &session.id_hash)?;
                } else {
                    tracing::info!(outcome = "wrong-code", "verslag signature refused");
                    if attempts >= MAX_CODE_FAILURES {
                        crate::store::staff::delete_session(c, &session.id_hash)?;
                        return Ok(VerslagEdit::SessionEnded);
                    }
                    let left = MAX_CODE_FAILURES - attempts;
                    return Ok(VerslagEdit::Invalid(vec![(
                        "code".into(),
                        format!(
                            "Deze code klopt niet. Typ de code die nu in uw authenticator-app staat, of een ongebruikte herstelcode. U kunt het nog {left} keer proberen; daarna wordt u afgemeld."
                        ),
                    )]));
                }
            }
            let fresh = writes::factor_at(c, &session.id_hash)?
                .is_some_and(|at| now - at <= FRESH_FACTOR_SECS);
            if !fresh {
                return Ok(VerslagEdit::Invalid(vec![(
                    "code".into(),
                    format!(
                        "Bevestig eerst dat u het bent: typ de code uit uw authenticator-app. Dat is nodig als u de code meer dan {} minuten geleden invoerde.",
                        FRESH_FACTOR_SECS / 60
                    ),
                )]));
            }
            let signed = verslagen::signatures(c, version.id)?;
            if signed.iter().any(|s| s.0 == person) {
                return Err(ServiceError::Conflict(
                    "U heeft deze versie al ondertekend.".into(),
                ));
            }
            writes::insert_signature(
                c,
                &SignatureRow {
                    version_id: version.id,
                    staff_id: person,
                    role,
                    hash: version.hash.clone(),
                    signed_at: now,
                    voided_at: None,
                },
            )?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagSigned,
                &format!("versie {}", version.number),
            )?;
            let settings = verslagen::settings(c, info.municipality_id)?;
            let signed = verslagen::signatures(c, version.id)?;
            let complete = verslagen::participants(c, v.id)?
                .iter()
                .filter(|p| must_sign(settings.signing, p.1))
                .all(|p| signed.iter().any(|s| s.0 == p.0));
            if complete {
                writes::adopt(c, v.id, &settings.marking, now)?;
                self.audit(
                    c,
                    info.municipality_id,
                    person,
                    AuditAction::VerslagAdopted,
                    &format!("versie {}", version.number),
                )?;
            }
            Ok(VerslagEdit::Done)
        })
    }

    /// The round's vastgesteld verslag for the dossier, the kabinet and the
    /// archive copy: who may read it, opening audited; `NotFound` if none.
    pub fn read_adopted_verslag(
        &self,
        actor: Actor,
        round: RoundId,
    ) -> Result<ArchiveCopy, ServiceError> {
        self.adopted_verslag_for(actor, round, AuditAction::VerslagOpened)
    }

    /// The same, for downloading its archive copy (PDF/A): audited as a
    /// download.
    pub fn download_archive_copy(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<ArchiveCopy, ServiceError> {
        self.adopted_verslag_for(person.into(), round, AuditAction::ArchiveCopyDownloaded)
    }

    fn adopted_verslag_for(
        &self,
        actor: Actor,
        round: RoundId,
        action: AuditAction,
    ) -> Result<ArchiveCopy, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let RoundAccess { info, roles } =
                self.require(c, actor, round, Permission::ReadVerslag)?;
            if let Actor::Person(person) = actor {
                let settings = verslagen::settings(c, info.municipality_id)?;
                let took_part = verslagen::took_part(c, round, person)?;
                if !may_read_verslag(&roles, took_part, settings.commission_reads_earlier) {
                    return Err(ServiceError::Forbidden(VERSLAG_READERS.into()));
                }
            }
            let copy = verslagen::adopted_copy_of_round(c, round)?.ok_or_else(|| {
                ServiceError::NotFound(
                    "Er is (nog) geen vastgesteld verslag van dit gesprek.".into(),
                )
            })?;
            self.audit(
                c,
                info.municipality_id,
                actor,
                action,
                VerslagState::Adopted.label(),
            )?;
            Ok(copy)
        })
    }
}

/// The griffier's processing of a comment, checked: the outcome and its
/// text (a reply is required when the comment is not taken over).
fn checked_processing(
    comment: VerslagCommentId,
    outcome: &str,
    text: &str,
) -> Result<(CommentOutcome, String), FieldErrors> {
    let Some(outcome) = CommentOutcome::parse(outcome) else {
        return Err(vec![(
            format!("uitkomst-{comment}"),
            "Kies wat u met het commentaar doet.".into(),
        )]);
    };
    let checked = match outcome {
        CommentOutcome::Changed => limited(text, REPLY_MAX, false),
        CommentOutcome::Kanttekening => limited(text, COMMENT_MAX, false),
        CommentOutcome::NotTakenOver => limited(text, REPLY_MAX, true),
    };
    checked.map(|t| (outcome, t)).map_err(|e| {
        let what = if outcome == CommentOutcome::NotTakenOver {
            "Uw antwoord (nodig als u het commentaar niet overneemt)"
        } else {
            "De toelichting"
        };
        vec![(format!("toelichting-{comment}"), format!("{what}: {e}"))]
    })
}

/// The municipality's people who can take part, each with their role in
/// the gesprek, and whether they are among `chosen`.
fn candidates(
    c: &mut DbConnection,
    info: &RoundInfo,
    chosen: &[(StaffId, Role, String)],
) -> Result<Vec<(StaffId, String, Role, bool)>, ServiceError> {
    let members = memberships::members_of(c, info.municipality_id)?;
    let mut out: Vec<(StaffId, String, Role, bool)> = Vec::new();
    for role in GESPREK_ROLES {
        for (who, name, _, r) in &members {
            if *r == role && !out.iter().any(|o| o.0 == *who) {
                out.push((*who, name.clone(), role, chosen.iter().any(|p| p.0 == *who)));
            }
        }
    }
    Ok(out)
}

/// The new sections for `specs`: any list while no heading holds text;
/// after that only renames and additions at the end (see
/// [`Klankbord::set_verslag_headings`]). `Err` is the Dutch reason.
fn heading_change(old: &[SectionRow], specs: &[HeadingSpec]) -> Result<Vec<SectionRow>, String> {
    let written = old.iter().any(|s| !s.body.trim().is_empty());
    if written {
        if specs.len() < old.len() {
            return Err(format!(
                "Er staat al tekst in het verslag. Dan kunt u koppen wel een andere naam geven, maar niet weghalen: geef er ten minste {}.",
                old.len()
            ));
        }
        let moved = old
            .iter()
            .zip(specs)
            .any(|(o, n)| (o.agreements != 0) != n.agreements);
        if moved {
            return Err("Er staat al tekst in het verslag. De kop met de afspraken blijft dan op dezelfde plaats in de lijst.".into());
        }
    }
    let Some(first) = old.first() else {
        return Err("Dit verslag heeft geen koppen.".into());
    };
    Ok(specs
        .iter()
        .enumerate()
        .map(|(i, h)| SectionRow {
            verslag_id: first.verslag_id,
            position: i32::try_from(i).unwrap_or(i32::MAX),
            heading: h.heading.clone(),
            body: if written {
                old.get(i).map_or_else(String::new, |o| o.body.clone())
            } else {
                String::new()
            },
            agreements: i32::from(h.agreements),
        })
        .collect())
}

/// Everything the page shows of a verslag, for one reader.
fn load_view(
    c: &mut DbConnection,
    info: &RoundInfo,
    v: &VerslagRow,
    person: StaffId,
    clerk: bool,
    participants: Vec<(StaffId, Role, String)>,
) -> Result<VerslagView, ServiceError> {
    let latest = verslagen::latest_version(c, v.id)?;
    let document = match (&latest, clerk) {
        (Some(ver), false) => ver.document()?,
        _ => build_document(c, info, v, latest.as_ref().map_or(1, |l| l.number + 1))?,
    };
    let names: Vec<(StaffId, String)> = participants.iter().map(|p| (p.0, p.2.clone())).collect();
    let comments = writes::comments(c, v.id)?
        .into_iter()
        .filter(|r| clerk || r.author_id == person)
        .map(|r| CommentView {
            id: r.id,
            section: usize::try_from(r.section).unwrap_or(usize::MAX),
            author: names
                .iter()
                .find(|n| n.0 == r.author_id)
                .map_or_else(String::new, |n| n.1.clone()),
            own: r.author_id == person,
            body: r.body,
            named: r.named != 0,
            outcome: r.outcome,
            reply: r.reply,
        })
        .collect();
    let settings = verslagen::settings(c, info.municipality_id)?;
    let signed = match &latest {
        Some(ver) if ver.stage == STAGE_DEFINITIVE => verslagen::signatures(c, ver.id)?,
        _ => Vec::new(),
    };
    let signers = participants
        .iter()
        .filter(|p| must_sign(settings.signing, p.1))
        .map(|p| SignerView {
            person: p.0,
            name: p.2.clone(),
            role: p.1,
            signed_at: signed.iter().find(|s| s.0 == p.0).map(|s| s.3),
        })
        .collect();
    Ok(VerslagView {
        state: v.state,
        sections: if clerk {
            writes::sections(c, v.id)?
        } else {
            Vec::new()
        },
        kanttekeningen: if clerk {
            writes::kanttekeningen(c, v.id)?
        } else {
            Vec::new()
        },
        document,
        version: latest.as_ref().map(|l| (l.number, l.hash.clone())),
        participants,
        comments,
        signers,
        signed: signed.len(),
        archive: verslagen::archive_copy(c, v)?,
    })
}

/// Stores the current text as the next fixed version.
fn store_version(
    c: &mut DbConnection,
    info: &RoundInfo,
    v: &VerslagRow,
    stage: &str,
    now: i64,
) -> Result<VersionRow, ServiceError> {
    let number = verslagen::latest_version(c, v.id)?.map_or(1, |l| l.number + 1);
    let doc = build_document(c, info, v, number)?;
    let row = VersionRow {
        id: crate::domain::ids::VerslagVersionId::random(),
        verslag_id: v.id,
        number,
        stage: stage.to_owned(),
        document: serde_json::to_string(&doc).map_err(|_| corrupt("verslag document"))?,
        hash: sha256_hex(&doc.canonical_text()),
        created_at: now,
    };
    writes::insert_version(c, &row)?;
    Ok(row)
}

/// The one way a verslag's working text becomes a [`VerslagDocument`]
/// (every version is built here).
pub(crate) fn build_document(
    c: &mut DbConnection,
    info: &RoundInfo,
    v: &VerslagRow,
    number: i32,
) -> Result<VerslagDocument, ServiceError> {
    let kanttekeningen = writes::kanttekeningen(c, v.id)?;
    let sections = writes::sections(c, v.id)?
        .into_iter()
        .map(|s| Section {
            paragraphs: if s.agreements != 0 {
                Vec::new()
            } else {
                paragraphs(&s.body)
            },
            kanttekeningen: kanttekeningen
                .iter()
                .filter(|k| k.section == s.position)
                .map(|k| Kanttekening {
                    text: k.text.clone(),
                    holder: k.holder.clone(),
                })
                .collect(),
            agreements: s.agreements != 0,
            heading: s.heading,
        })
        .collect();
    let agreements = meeting::agreements_of(c, info.id)?
        .into_iter()
        .map(|a| AgreementEntry {
            what: a.what,
            responsible: a.responsible,
            monitor: a.monitor,
            due_on: a.due_on,
        })
        .collect();
    let participants = verslagen::participants(c, v.id)?
        .into_iter()
        .map(|(_, role, name)| ParticipantEntry {
            name,
            role: role.label().to_owned(),
        })
        .collect();
    Ok(VerslagDocument {
        municipality: info.municipality.clone(),
        mayor: info.mayor_name.clone(),
        kind: info.kind.label().to_owned(),
        meeting_on: info.meeting_on.to_string(),
        version: u32::try_from(number).map_err(|_| corrupt("verslag_versions.number"))?,
        participants,
        sections,
        agreements,
        appendix: appendix(c, info)?,
        corrects: correction_of(c, v)?,
    })
}

/// What a correction refers to: the corrected verslag's hash and the day
/// it was vastgesteld.
fn correction_of(c: &mut DbConnection, v: &VerslagRow) -> Result<Option<Correction>, ServiceError> {
    let Some(old) = v.corrects_id else {
        return Ok(None);
    };
    let old = writes::get(c, old)?;
    let copy = verslagen::archive_copy(c, &old)?.ok_or_else(|| corrupt("verslagen.corrects_id"))?;
    let adopted_on = old
        .adopted_at
        .and_then(|at| jiff::Timestamp::from_second(at).ok())
        .map(|t| t.to_zoned(amsterdam()).date().to_string())
        .ok_or_else(|| corrupt("verslagen.adopted_at"))?;
    Ok(Some(Correction {
        hash: copy.hash,
        adopted_on,
    }))
}

/// The released summary when the burgemeester may see results of this
/// round; otherwise (or before results exist) the commissie-only sentence.
fn appendix(c: &mut DbConnection, info: &RoundInfo) -> Result<Appendix, ServiceError> {
    if info.state != RoundState::Closed
        || results_access(&[Role::Mayor], info.sharing, RoundState::Closed) == ResultsAccess::None
    {
        return Ok(Appendix::CommissionOnly);
    }
    let Some(json) = crate::store::results::get_view(c, info.id)? else {
        return Ok(Appendix::CommissionOnly);
    };
    let view: crate::results::view::ReleasedView =
        serde_json::from_str(&json).map_err(|_| corrupt("released_views.view"))?;
    let summary = crate::results::summary::summarize(&view);
    Ok(Appendix::Results(ResultsAppendix {
        signals: summary.sentences,
        columns: vec![
            "Thema".into(),
            "Alle referenten".into(),
            "Basis".into(),
        ],
        rows: summary
            .themes
            .iter()
            .map(|t| {
                vec![
                    t.title.clone(),
                    t.overall
                        .mean
                        .map_or_else(|| "—".to_owned(), crate::results::summary::nl),
                    t.overall.basis(),
                ]
            })
            .collect(),
        note: "Gemiddelde op een schaal van 1 tot 5, over de stellingen die getoond mochten worden. Een streepje (—): te weinig antwoorden om te tonen.".into(),
    }))
}

//! The commissaris van de Koning (issue 13, item 6; handreiking, stap 5):
//! the platform admin's provinces, municipalities and kabinet accounts; the
//! kabinet's page of its province (the verslagen sent to it, the planning
//! of both cycles of gesprekken, its own voortgangsgesprekken); and the
//! griffier's one action that sends a vastgesteld verslag. Nothing of a
//! verslag's text goes into a mail or a log line: the mail holds a link,
//! the audit log what happened.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::email::EmailAddress;
use crate::domain::ids::{CdkMeetingId, MayorId, MunicipalityId, ProvinceId, RoundId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::province::{CdkStep, PlanningWarning, planning_warning};
use crate::domain::round::{RoundKind, amsterdam};
use crate::domain::text::{PersonName, PlaceName};
use crate::domain::verslag::{ArchiveCopy, VerslagState};
use crate::mail::{RenderedMail, templates};
use crate::service::access::{Platform, ProvinceAccess};
use crate::service::meeting::Edit;
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError};
use crate::store::outbox;
use crate::store::provinces::{self, CdkMeetingRow, DeliveryRow, ProvinceRow};
use crate::store::verslagen::{self, VerslagRow};
use crate::store::{DbConnection, corrupt, municipalities, rounds, write_transaction};

/// The outbox kind of the mail to a kabinet.
pub const KIND_CDK_VERSLAG: &str = "cdk-verslag";
/// The most voortgangsgesprekken a province keeps (the page lists them all).
pub const CDK_MEETINGS_MAX: usize = 2_000;
/// Voortgangsgesprekken are recorded for these years only.
pub const CDK_YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

const NO_PROVINCE: &str = "Deze provincie bestaat niet.";

/// A new province as the platform admin typed it.
pub struct NewProvince {
    pub name: PlaceName,
    pub contact_email: EmailAddress,
}

/// A province as the platform admin sees it.
pub struct ProvinceOverview {
    pub id: ProvinceId,
    pub name: String,
    pub contact_email: String,
    pub municipalities: Vec<(MunicipalityId, String)>,
    /// The kabinet's accounts: (id, name, e-mail).
    pub kabinet: Vec<(StaffId, String, String)>,
}

/// The platform admin's page: the provinces, and the municipalities that
/// belong to none yet.
pub struct ProvincesAdmin {
    pub provinces: Vec<ProvinceOverview>,
    pub unlinked: Vec<(MunicipalityId, String)>,
}

/// A verslag sent to the province, as the kabinet's list shows it.
pub struct SentVerslag {
    pub round: RoundId,
    pub municipality: String,
    pub mayor: String,
    pub kind: RoundKind,
    pub meeting_on: Date,
    pub sent_at: Timestamp,
}

/// One burgemeester's two cycles side by side.
pub struct PlanningRow {
    pub municipality: String,
    pub mayor_id: MayorId,
    pub mayor: String,
    /// The klankbordgesprekken (meeting day and kind), by date.
    pub klankbord: Vec<(Date, RoundKind)>,
    /// The CdK's voortgangsgesprekken, by date.
    pub cdk: Vec<(CdkMeetingId, Date)>,
}

/// The kabinet's page of its province.
pub struct ProvincePage {
    pub id: ProvinceId,
    pub name: String,
    pub verslagen: Vec<SentVerslag>,
    pub planning: Vec<PlanningRow>,
}

/// A vastgesteld verslag as the kabinet reads it.
pub struct KabinetVerslag {
    pub province: ProvinceId,
    pub round: RoundId,
    pub province_name: String,
    pub copy: ArchiveCopy,
}

/// A voortgangsgesprek, for the confirmation before it is removed.
pub struct CdkMeetingView {
    pub province: ProvinceId,
    pub province_name: String,
    pub id: CdkMeetingId,
    pub municipality: String,
    pub mayor: String,
    pub held_on: Date,
}

/// A voortgangsgesprek as the kabinet typed it (`burgemeester`, `datum`).
pub struct CdkMeetingForm {
    pub mayor: String,
    pub held_on: String,
}

/// What the griffier's round page says about the verslag and the CdK.
pub struct CdkStatus {
    pub step: CdkStep,
    pub province: Option<String>,
    /// When and by whom the verslag was sent.
    pub sent: Option<(Timestamp, String)>,
    /// The klankbordgesprek is less than eight weeks before the next
    /// voortgangsgesprek of the CdK with the same burgemeester.
    pub warning: Option<PlanningWarning>,
}

/// What sending will do, for the confirmation page.
pub struct SendCheck {
    pub info: RoundInfo,
    pub province: String,
}

/// A municipality or a kabinet account of a province, to unlink or revoke.
#[derive(Clone, Copy, Debug)]
pub enum ProvinceMember {
    Municipality(MunicipalityId),
    Kabinet(StaffId),
}

/// The name of a municipality or kabinet account of `province` (404 when
/// it is not one of the province's).
fn member_name(
    c: &mut DbConnection,
    province: ProvinceId,
    target: ProvinceMember,
) -> Result<String, ServiceError> {
    let found = match target {
        ProvinceMember::Municipality(m) => provinces::municipalities_of(c, province)?
            .into_iter()
            .find(|(id, _)| *id == m)
            .map(|(_, name)| name),
        ProvinceMember::Kabinet(person) => provinces::members_of(c, province)?
            .into_iter()
            .find(|(id, ..)| *id == person)
            .map(|(_, name, _)| name),
    };
    found.ok_or_else(|| {
        ServiceError::NotFound(match target {
            ProvinceMember::Municipality(_) => {
                "Deze gemeente hoort niet bij deze provincie.".into()
            }
            ProvinceMember::Kabinet(_) => {
                "Dit account hoort niet bij het kabinet van deze provincie.".into()
            }
        })
    })
}

impl Klankbord {
    // --- The platform admin ------------------------------------------------

    /// Every province with its municipalities and kabinet accounts.
    pub fn provinces_admin(&self, person: StaffId) -> Result<ProvincesAdmin, ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut conn;
        self.require(c, person, Platform, Permission::AdministerPlatform)?;
        let mut linked = Vec::new();
        let mut all = Vec::new();
        for p in provinces::list(c)? {
            let municipalities = provinces::municipalities_of(c, p.id)?;
            linked.extend(municipalities.iter().map(|(m, _)| *m));
            all.push(ProvinceOverview {
                kabinet: provinces::members_of(c, p.id)?,
                municipalities,
                id: p.id,
                name: p.name,
                contact_email: p.contact_email,
            });
        }
        let unlinked = municipalities::list_municipalities(c)?
            .into_iter()
            .filter(|m| !linked.contains(&m.id))
            .map(|m| (m.id, m.name))
            .collect();
        Ok(ProvincesAdmin {
            provinces: all,
            unlinked,
        })
    }

    /// Creates a province with the kabinet's contact address.
    #[tracing::instrument(skip_all)]
    pub fn create_province(
        &self,
        actor: impl Into<Actor>,
        p: NewProvince,
    ) -> Result<ProvinceId, ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
            if provinces::by_name(c, p.name.as_str())?.is_some() {
                return Err(ServiceError::Conflict(format!(
                    "De provincie {} bestaat al.",
                    p.name.as_str()
                )));
            }
            let id = ProvinceId::random();
            provinces::insert(
                c,
                &ProvinceRow {
                    id,
                    name: p.name.as_str().to_owned(),
                    contact_email: p.contact_email.to_string(),
                    created_at: self.now_secs(),
                },
            )?;
            crate::store::audit::write(
                c,
                None,
                actor,
                AuditAction::ProvinceCreated,
                p.name.as_str(),
                self.now_secs(),
            )?;
            Ok(id)
        })
    }

    /// Links a municipality to a province; a municipality belongs to at
    /// most one (409 when it already does).
    #[tracing::instrument(skip_all)]
    pub fn link_municipality_to_province(
        &self,
        actor: impl Into<Actor>,
        province: ProvinceId,
        municipality: MunicipalityId,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
            let p = load_province(c, province)?;
            let m = municipalities::find_municipality(c, municipality)?
                .ok_or_else(|| ServiceError::NotFound("Deze gemeente bestaat niet.".into()))?;
            if let Some(other) = provinces::of_municipality(c, municipality)? {
                return Err(ServiceError::Conflict(format!(
                    "{} hoort al bij de provincie {}. Een gemeente hoort bij één provincie.",
                    m.name, other.name
                )));
            }
            provinces::link(c, municipality, province)?;
            self.audit(
                c,
                municipality,
                actor,
                AuditAction::ProvinceMunicipalityLinked,
                &p.name,
            )
        })
    }

    /// What unlinking or revoking would touch, for its confirmation page:
    /// the province's name and the municipality's or person's name (404
    /// when they are not linked to the province).
    pub fn province_change_check(
        &self,
        person: StaffId,
        province: ProvinceId,
        target: ProvinceMember,
    ) -> Result<(String, String), ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut conn;
        self.require(c, person, Platform, Permission::AdministerPlatform)?;
        let p = load_province(c, province)?;
        let name = member_name(c, province, target)?;
        Ok((p.name, name))
    }

    /// Unlinks a municipality from its province: its griffier can no
    /// longer send verslagen there. What was sent stays with the kabinet.
    #[tracing::instrument(skip_all)]
    pub fn unlink_municipality_from_province(
        &self,
        actor: impl Into<Actor>,
        province: ProvinceId,
        municipality: MunicipalityId,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
            let p = load_province(c, province)?;
            member_name(c, province, ProvinceMember::Municipality(municipality))?;
            provinces::unlink(c, municipality, province)?;
            self.audit(
                c,
                municipality,
                actor,
                AuditAction::ProvinceMunicipalityUnlinked,
                &p.name,
            )
        })
    }

    /// Ends a person's role kabinet van de CdK in a province, at once:
    /// access is checked on every request.
    #[tracing::instrument(skip_all)]
    pub fn remove_kabinet_member(
        &self,
        actor: impl Into<Actor>,
        province: ProvinceId,
        member: StaffId,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
            let p = load_province(c, province)?;
            let name = member_name(c, province, ProvinceMember::Kabinet(member))?;
            provinces::remove_member(c, member, province)?;
            crate::store::audit::write(
                c,
                None,
                actor,
                AuditAction::KabinetMemberRemoved,
                &format!("{}: {name}", p.name),
                self.now_secs(),
            )?;
            Ok(())
        })
    }

    /// Gives an account (existing, or new with this address and name) the
    /// role kabinet van de CdK in a province.
    #[tracing::instrument(skip_all)]
    pub fn add_kabinet_member(
        &self,
        actor: impl Into<Actor>,
        province: ProvinceId,
        email: &EmailAddress,
        name: &PersonName,
    ) -> Result<StaffId, ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
            let p = load_province(c, province)?;
            let person = self.staff_account(c, email, name, false)?;
            if provinces::add_member(c, person, province)? {
                crate::store::audit::write(
                    c,
                    None,
                    actor,
                    AuditAction::KabinetMemberAdded,
                    &format!("{}: {}", p.name, name.as_str()),
                    self.now_secs(),
                )?;
            }
            Ok(person)
        })
    }

    /// The provinces a person is kabinet van de CdK in (id, name): their
    /// own, for the menu and the overview.
    pub fn kabinet_memberships(
        &self,
        person: StaffId,
    ) -> Result<Vec<(ProvinceId, String)>, ServiceError> {
        Ok(provinces::kabinet_of(&mut *self.conn()?, person)?)
    }

    // --- The kabinet ----------------------------------------------------------

    /// The kabinet's page: the verslagen sent to the province and the
    /// planning of its municipalities. Nothing else of a round.
    pub fn province_page(
        &self,
        person: StaffId,
        province: ProvinceId,
    ) -> Result<ProvincePage, ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut conn;
        let ProvinceAccess { province: p } =
            self.require(c, person, province, Permission::ActAsKabinet)?;
        let mut verslagen = Vec::new();
        for d in provinces::deliveries_to(c, province)? {
            let info = round_info::load(c, d.round_id)?;
            verslagen.push(SentVerslag {
                round: d.round_id,
                municipality: info.municipality,
                mayor: info.mayor_name,
                kind: info.kind,
                meeting_on: info.meeting_on,
                sent_at: timestamp(d.sent_at)?,
            });
        }
        let meetings = provinces::meetings_of(c, province)?;
        let mut planning = Vec::new();
        for (m, municipality) in provinces::municipalities_of(c, province)? {
            let rounds = rounds::list_rounds(c, Some(m))?;
            for mayor in municipalities::mayors_of(c, m)? {
                let mut klankbord = rounds
                    .iter()
                    .filter(|r| r.mayor_id == mayor.id)
                    .map(|r| Ok((parse_date(&r.meeting_on)?, r.kind)))
                    .collect::<Result<Vec<_>, ServiceError>>()?;
                klankbord.sort_by_key(|(d, _)| *d);
                let cdk = meetings
                    .iter()
                    .filter(|x| x.mayor_id == mayor.id)
                    .map(|x| Ok((x.id, parse_date(&x.held_on)?)))
                    .collect::<Result<Vec<_>, ServiceError>>()?;
                planning.push(PlanningRow {
                    municipality: municipality.clone(),
                    mayor_id: mayor.id,
                    mayor: mayor.name,
                    klankbord,
                    cdk,
                });
            }
        }
        Ok(ProvincePage {
            id: p.id,
            name: p.name,
            verslagen,
            planning,
        })
    }

    /// A verslag sent to the province, as the kabinet reads it; the
    /// opening is written to the municipality's audit log (never content).
    pub fn kabinet_verslag(
        &self,
        person: StaffId,
        province: ProvinceId,
        round: RoundId,
    ) -> Result<KabinetVerslag, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let ProvinceAccess { province: p } =
                self.require(c, person, province, Permission::ActAsKabinet)?;
            let missing = || ServiceError::NotFound("Dit verslag bestaat niet.".into());
            let sent = provinces::delivery_of_round(c, round)?
                .filter(|(d, _)| d.province_id == province)
                .ok_or_else(missing)?;
            let copy = verslagen::adopted_copy_of_round(c, round)?.ok_or_else(missing)?;
            let info = round_info::load(c, sent.0.round_id)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagReadByKabinet,
                &format!("{}, {}", p.name, info.kind.label()),
            )?;
            Ok(KabinetVerslag {
                province,
                round,
                province_name: p.name,
                copy,
            })
        })
    }

    /// Records a voortgangsgesprek of the CdK with a burgemeester of one of
    /// the province's municipalities.
    #[tracing::instrument(skip_all)]
    pub fn record_cdk_meeting(
        &self,
        person: StaffId,
        province: ProvinceId,
        form: &CdkMeetingForm,
    ) -> Result<Edit, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, province, Permission::ActAsKabinet)?;
            let mut errors = Vec::new();
            let ours: Vec<MunicipalityId> = provinces::municipalities_of(c, province)?
                .into_iter()
                .map(|(m, _)| m)
                .collect();
            let mayor = match form.mayor.parse::<MayorId>() {
                Ok(id) => {
                    municipalities::find_mayor(c, id)?.filter(|m| ours.contains(&m.municipality_id))
                }
                Err(_) => None,
            };
            if mayor.is_none() {
                errors.push((
                    "burgemeester-0".to_owned(),
                    "Kies de burgemeester van een gemeente in deze provincie.".to_owned(),
                ));
            }
            let held_on = form
                .held_on
                .trim()
                .parse::<Date>()
                .ok()
                .filter(|d| CDK_YEARS.contains(&d.year()));
            if held_on.is_none() {
                errors.push((
                    "datum".to_owned(),
                    format!(
                        "Vul de datum van het voortgangsgesprek in als jjjj-mm-dd, tussen {} en {}.",
                        CDK_YEARS.start(),
                        CDK_YEARS.end()
                    ),
                ));
            }
            let (Some(mayor), Some(held_on)) = (mayor, held_on) else {
                return Ok(Edit::Invalid(errors));
            };
            if provinces::meetings_of(c, province)?.len() >= CDK_MEETINGS_MAX {
                return Err(ServiceError::Conflict(format!(
                    "Deze provincie heeft al {CDK_MEETINGS_MAX} voortgangsgesprekken vastgelegd; verwijder eerst oude."
                )));
            }
            provinces::insert_meeting(
                c,
                &CdkMeetingRow {
                    id: CdkMeetingId::random(),
                    province_id: province,
                    municipality_id: mayor.municipality_id,
                    mayor_id: mayor.id,
                    held_on: held_on.to_string(),
                    created_by: person,
                    created_at: self.now_secs(),
                },
            )?;
            self.audit(
                c,
                mayor.municipality_id,
                person,
                AuditAction::CdkMeetingRecorded,
                &held_on.to_string(),
            )?;
            Ok(Edit::Done)
        })
    }

    /// A voortgangsgesprek of the province (for the confirmation page).
    pub fn cdk_meeting(
        &self,
        person: StaffId,
        province: ProvinceId,
        meeting: CdkMeetingId,
    ) -> Result<CdkMeetingView, ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut conn;
        let ProvinceAccess { province: p } =
            self.require(c, person, province, Permission::ActAsKabinet)?;
        let row = meeting_of(c, province, meeting)?;
        let mayor = municipalities::get_mayor(c, row.mayor_id)?;
        let municipality = municipalities::get_municipality(c, row.municipality_id)?;
        Ok(CdkMeetingView {
            province,
            province_name: p.name,
            id: row.id,
            municipality: municipality.name,
            mayor: mayor.name,
            held_on: parse_date(&row.held_on)?,
        })
    }

    /// Removes a voortgangsgesprek of the province.
    #[tracing::instrument(skip_all)]
    pub fn remove_cdk_meeting(
        &self,
        person: StaffId,
        province: ProvinceId,
        meeting: CdkMeetingId,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, province, Permission::ActAsKabinet)?;
            let row = meeting_of(c, province, meeting)?;
            provinces::delete_meeting(c, meeting)?;
            self.audit(
                c,
                row.municipality_id,
                person,
                AuditAction::CdkMeetingRemoved,
                &row.held_on,
            )
        })
    }

    // --- The griffier -----------------------------------------------------------

    /// The verslag and the CdK on the griffier's round page: the week-9
    /// step, when it was sent and by whom, and the planning warning.
    pub fn cdk_status(&self, person: StaffId, round: RoundId) -> Result<CdkStatus, ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut conn;
        let info = self
            .require(c, person, round, Permission::ManageRound)?
            .info;
        let province = provinces::of_municipality(c, info.municipality_id)?;
        let adopted = verslagen::current_of_round(c, round)?
            .is_some_and(|v| v.state == VerslagState::Adopted);
        let sent = provinces::delivery_of_round(c, round)?;
        let sent_on = sent
            .as_ref()
            .map(|(d, _)| timestamp(d.sent_at).map(|t| t.to_zoned(amsterdam()).date()))
            .transpose()?;
        let row = rounds::get_round(c, round)?.ok_or_else(|| corrupt("rounds"))?;
        let cdk_dates = provinces::meeting_dates_of_mayor(c, row.mayor_id)?
            .iter()
            .map(|d| parse_date(d))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CdkStatus {
            step: CdkStep::of(adopted, province.is_some(), sent_on),
            province: province.map(|p| p.name),
            sent: sent
                .map(|(d, name)| Ok::<_, ServiceError>((timestamp(d.sent_at)?, name)))
                .transpose()?,
            warning: planning_warning(info.meeting_on, &cdk_dates),
        })
    }

    /// What sending the verslag will do (409 when it cannot be sent).
    pub fn cdk_send_check(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<SendCheck, ServiceError> {
        let mut conn = self.conn()?;
        let c = &mut conn;
        self.require(c, person, round, Permission::SendVerslagToCdk)?;
        let (_, province, info) = sendable(c, round)?;
        Ok(SendCheck {
            info,
            province: province.name,
        })
    }

    /// Sends the round's vastgesteld verslag to the kabinet of the
    /// municipality's province: the delivery, a mail with a link (and no
    /// content) through the outbox and the audit line, in one transaction.
    /// Once per verslag; 409 for a second send or a verslag that is not
    /// vastgesteld.
    #[tracing::instrument(skip_all)]
    pub fn send_verslag_to_cdk(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<String, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, round, Permission::SendVerslagToCdk)?;
            rounds::lock_round(c, round)?;
            let (verslag, province, info) = sendable(c, round)?;
            provinces::insert_delivery(
                c,
                &DeliveryRow {
                    verslag_id: verslag.id,
                    round_id: round,
                    province_id: province.id,
                    sent_by: person,
                    sent_at: now,
                },
            )?;
            outbox::insert(c, &self.message(round, KIND_CDK_VERSLAG, now))?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::VerslagSentToCdk,
                &province.name,
            )?;
            Ok(province.name)
        })
    }

    /// The mail to the kabinet of the round's newest delivery: (name,
    /// address, mail), or `None` when there is no delivery.
    pub(crate) fn cdk_mail(
        &self,
        c: &mut DbConnection,
        round: RoundId,
    ) -> Result<Option<(String, String, RenderedMail)>, ServiceError> {
        let Some((d, _)) = provinces::delivery_of_round(c, round)? else {
            return Ok(None);
        };
        let p = load_province(c, d.province_id)?;
        let info = round_info::load(c, round)?;
        let link = format!(
            "{}/mijn/provincies/{}/verslagen/{}",
            self.base_url(),
            p.id,
            round
        );
        Ok(Some((
            format!("Kabinet van de commissaris van de Koning in {}", p.name),
            p.contact_email,
            templates::cdk_verslag(&info.municipality, &link),
        )))
    }
}

/// The round's verslag if it can be sent: vastgesteld, not sent before,
/// and its municipality in a province. Otherwise 409 with the reason.
fn sendable(
    c: &mut DbConnection,
    round: RoundId,
) -> Result<(VerslagRow, ProvinceRow, RoundInfo), ServiceError> {
    let info = round_info::load(c, round)?;
    let verslag = verslagen::current_of_round(c, round)?
        .filter(|v| v.state == VerslagState::Adopted)
        .ok_or_else(|| {
            ServiceError::Conflict(
                "Het verslag is nog niet vastgesteld. Pas als iedereen heeft ondertekend, kunt u het naar de commissaris van de Koning sturen."
                    .into(),
            )
        })?;
    if let Some(d) = provinces::delivery_of_verslag(c, verslag.id)? {
        return Err(ServiceError::Conflict(format!(
            "Dit verslag is al naar de commissaris van de Koning gestuurd, op {}. Het gaat maar één keer.",
            crate::dutch::instant(timestamp(d.sent_at)?)
        )));
    }
    let province = provinces::of_municipality(c, info.municipality_id)?.ok_or_else(|| {
        ServiceError::Conflict(
            "De gemeente hoort in Klankbord nog niet bij een provincie. Vraag de beheerder van het platform om de gemeente te koppelen."
                .into(),
        )
    })?;
    Ok((verslag, province, info))
}

fn load_province(c: &mut DbConnection, id: ProvinceId) -> Result<ProvinceRow, ServiceError> {
    provinces::get(c, id)?.ok_or_else(|| ServiceError::NotFound(NO_PROVINCE.into()))
}

/// A voortgangsgesprek of this province (404 for another's).
fn meeting_of(
    c: &mut DbConnection,
    province: ProvinceId,
    meeting: CdkMeetingId,
) -> Result<CdkMeetingRow, ServiceError> {
    provinces::meeting(c, meeting)?
        .filter(|m| m.province_id == province)
        .ok_or_else(|| ServiceError::NotFound("Dit voortgangsgesprek bestaat niet.".into()))
}

fn parse_date(s: &str) -> Result<Date, ServiceError> {
    s.parse().map_err(|_| corrupt("date").into())
}

fn timestamp(secs: i64) -> Result<Timestamp, ServiceError> {
    Timestamp::from_second(secs).map_err(|_| corrupt("timestamp").into())
}

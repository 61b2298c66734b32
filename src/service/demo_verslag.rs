//! The demo's steps 4 and 5, made with the same use cases the screens use:
//! the earlier round's verslag written after its meeting, shared as a
//! concept, commented on by a delegatielid (recorded as a kanttekening),
//! made definitive, signed by the voorzitter and the burgemeester with a
//! code from their authenticator (so vastgesteld) and sent to the kabinet
//! of the demo province, which planned its voortgangsgesprekken. The open
//! round's meeting lies ahead, so its verslag cannot start yet: the demo
//! shows the concept and definitive states in the audit trail and on the
//! vastgesteld verslag, not as a second verslag.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::audit::System;
use crate::domain::email::EmailAddress;
use crate::domain::ids::{MunicipalityId, ProvinceId, RoundId, StaffId};
use crate::domain::text::{PersonName, PlaceName};
use crate::domain::verslag::CommentOutcome;
use crate::security::keys::random_bytes;
use crate::security::totp;
use crate::service::demo::days_between;
use crate::service::demo_staff::{DEMO_KABINET, DEMO_PROVINCE, DemoPeople};
use crate::service::meeting::Edit;
use crate::service::provinces::{CdkMeetingForm, NewProvince};
use crate::service::signin::{StaffSession, Stage};
use crate::service::verslag::VerslagEdit;
use crate::service::{Klankbord, ServiceError};
use crate::store::staff::{self, SessionRow};
use crate::store::write_transaction;

/// The verslag's text per heading (the default headings, in order; the
/// agreements heading is filled from the agreements).
const TEXT: [&str; 5] = [
    "De commissie en de burgemeester liepen de afspraken van het 100-dagengesprek na. De burgemeester heeft de raad vaker vooraf geïnformeerd over besluiten in de openbare orde; de commissie ziet dat terug in de vragen uit de raad.\n\nDe afspraak over werkbezoeken aan de afdelingen is deels uitgevoerd.",
    "De referenten zien een burgemeester die benaderbaar is en snel schakelt bij incidenten. Als aandachtspunt noemen zij de zichtbaarheid in de wijken buiten het centrum.\n\nDe burgemeester herkent dat beeld en wil vaker aanschuiven bij wijkavonden.",
    "De burgemeester vindt dat de raad scherp doorvraagt, maar ziet ruimte om eerder kaders mee te geven bij grote projecten. De commissie neemt dat mee naar het presidium.",
    "Voor de tweede helft van de ambtsperiode staan de woningbouwopgave en de samenwerking in de veiligheidsregio centraal. De burgemeester wil de raad daar periodiek over bijpraten.",
    "De gemeente groeit; de regiotaken vragen meer tijd van de burgemeester. Commissie en burgemeester spreken af dit bij het volgende gesprek opnieuw te wegen.",
];

/// The delegatielid's comment on the second heading, kept as a kanttekening.
const COMMENT: &str =
    "Ik zou sterker willen opschrijven dat de zichtbaarheid in de wijken al langer een punt is.";
const KANTTEKENING: &str = "Een lid van de commissie vindt dat de zichtbaarheid in de wijken al langer aandacht vraagt dan het verslag doet vermoeden.";

fn parse_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

fn refused(what: &str) -> ServiceError {
    ServiceError::Conflict(format!("demo: {what} was refused"))
}

fn done(edit: VerslagEdit, what: &str) -> Result<(), ServiceError> {
    match edit {
        VerslagEdit::Done => Ok(()),
        _ => Err(refused(what)),
    }
}

impl Klankbord {
    /// The demo province with its kabinet account, the demo municipality in it.
    pub(crate) fn demo_province(
        &self,
        municipality: MunicipalityId,
    ) -> Result<(ProvinceId, StaffId), ServiceError> {
        let province = self.create_province(
            System::Demo,
            NewProvince {
                name: PlaceName::parse(DEMO_PROVINCE.0).map_err(parse_err)?,
                contact_email: EmailAddress::parse(DEMO_PROVINCE.1).map_err(parse_err)?,
            },
        )?;
        self.link_municipality_to_province(System::Demo, province, municipality)?;
        let kabinet = self.demo_account(DEMO_KABINET.0, DEMO_KABINET.1, false)?;
        self.add_kabinet_member(
            System::Demo,
            province,
            &EmailAddress::parse(DEMO_KABINET.0).map_err(parse_err)?,
            &PersonName::parse(DEMO_KABINET.1).map_err(parse_err)?,
        )?;
        Ok((province, kabinet))
    }

    /// The earlier round's verslag, from the first words (a few days after
    /// the meeting) to vastgesteld and sent to the commissaris van de
    /// Koning, each step on its own day.
    pub(crate) fn demo_verslag(
        &self,
        round: RoundId,
        people: &DemoPeople,
        meeting: Date,
        today: Date,
    ) -> Result<(), ServiceError> {
        let on = |days: i64| -> Result<Klankbord, ServiceError> {
            let day = meeting.checked_add(days.days()).map_err(parse_err)?;
            Ok(self.days_ago(days_between(day, today)))
        };
        let clerk = people.clerk;
        let writing = on(4)?;
        writing.start_verslag(clerk, round)?;
        for (position, text) in TEXT.iter().enumerate() {
            let position = i32::try_from(position).map_err(parse_err)?;
            done(
                writing.save_verslag_section(clerk, round, position, text, false)?,
                "a section",
            )?;
        }
        on(6)?.share_verslag_concept(clerk, round)?;
        done(
            on(8)?.comment_on_verslag(people.member, round, Some(1), COMMENT, false)?,
            "the comment",
        )?;
        let processing = on(10)?;
        let page = processing.verslag_page(clerk, round)?;
        let comment = page
            .verslag
            .and_then(|v| v.comments.into_iter().next())
            .ok_or_else(|| refused("finding the comment"))?;
        done(
            processing.process_verslag_comment(
                clerk,
                round,
                comment.id,
                CommentOutcome::Kanttekening.code(),
                KANTTEKENING,
            )?,
            "the kanttekening",
        )?;
        on(11)?.make_verslag_definitive(clerk, round)?;
        on(13)?.demo_sign(people.chair, round)?;
        on(14)?.demo_sign(people.mayor, round)?;
        on(15)?.send_verslag_to_cdk(clerk, round)?;
        Ok(())
    }

    /// The kabinet's voortgangsgesprekken with the burgemeester: one after
    /// the earlier round, and the next one six weeks after the open round's
    /// meeting, so the griffier's round page shows the eight-week warning.
    pub(crate) fn demo_cdk_meetings(
        &self,
        province: ProvinceId,
        kabinet: StaffId,
        mayor: String,
        dates: [Date; 2],
    ) -> Result<(), ServiceError> {
        for held_on in dates {
            let form = CdkMeetingForm {
                mayor: mayor.clone(),
                held_on: held_on.to_string(),
            };
            match self.record_cdk_meeting(kabinet, province, &form)? {
                Edit::Done => {}
                _ => return Err(refused("a voortgangsgesprek")),
            }
        }
        Ok(())
    }

    /// Signs as a demo person who just typed the code from their
    /// authenticator: a session of a moment, the code of this moment, the
    /// real use case.
    fn demo_sign(&self, person: StaffId, round: RoundId) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let id_hash = crate::domain::token::hex(&random_bytes::<32>());
        let account = {
            let mut conn = self.conn()?;
            staff::get(&mut conn, &person.to_string())?
        };
        write_transaction(&mut *self.conn()?, |c| {
            staff::insert_session(
                c,
                &SessionRow {
                    id_hash: id_hash.clone(),
                    staff_id: person.to_string(),
                    stage: Stage::Active,
                    created_at: now,
                    last_seen: now,
                    failures: 0,
                },
            )
        })?;
        let session = StaffSession {
            staff: person,
            name: account.name.clone(),
            email: account.email.clone(),
            stage: Stage::Active,
            enrolled: true,
            platform_admin: false,
            id_hash: id_hash.clone(),
        };
        let code = format!(
            "{:06}",
            totp::code_at(&self.demo_secret(&account.email), totp::step_of(now))
        );
        let signing = self.verslag_signing(&session, round)?;
        let outcome = self.sign_verslag(&session, round, &signing.hash, &code);
        write_transaction(&mut *self.conn()?, |c| staff::delete_session(c, &id_hash))?;
        done(outcome?, "a signature")
    }
}

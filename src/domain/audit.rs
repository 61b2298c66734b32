//! Who did what: the actor of a use case (a person, or the platform itself
//! under a name) and the actions the audit log records, each with its Dutch
//! label as the griffier reads it. Never the content of feedback.

use crate::domain::ids::StaffId;

/// A part of the platform that acts without a person: its name is in the
/// audit log instead of a person's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum System {
    /// The command line of the hosting provider or the griffier's IT staff.
    Cli,
    /// The background loop (closing due rounds, sending mail).
    Worker,
    /// Filling the demo municipality.
    Demo,
}

impl System {
    pub const ALL: [System; 3] = [System::Cli, System::Worker, System::Demo];

    /// How it is stored in the audit log.
    pub fn code(self) -> &'static str {
        match self {
            System::Cli => "opdrachtregel",
            System::Worker => "achtergrondtaak",
            System::Demo => "demo",
        }
    }

    pub fn parse(code: &str) -> Option<System> {
        System::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Who the audit log names.
    pub fn label(self) -> &'static str {
        match self {
            System::Cli => "systeem (opdrachtregel)",
            System::Worker => "systeem (achtergrondtaak)",
            System::Demo => "systeem (demo)",
        }
    }
}

/// Who triggers a use case: a signed-in person (whose roles are checked) or
/// a named part of the platform (trusted: it runs with the server's keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    Person(StaffId),
    System(System),
}

impl Actor {
    /// The person, if a person acts.
    pub fn person(self) -> Option<StaffId> {
        match self {
            Actor::Person(p) => Some(p),
            Actor::System(_) => None,
        }
    }
}

impl From<StaffId> for Actor {
    fn from(person: StaffId) -> Self {
        Actor::Person(person)
    }
}

impl From<System> for Actor {
    fn from(system: System) -> Self {
        Actor::System(system)
    }
}

/// Everything the audit log records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    SignedIn,
    ResultsViewed,
    ExportDownloaded,
    MunicipalityCreated,
    MayorAdded,
    RoleGranted,
    RoleRevoked,
    RoundCreated,
    KindChanged,
    OpensOnChanged,
    ClosesOnChanged,
    MeetingOnChanged,
    MinGroupSizeChanged,
    MayorSeesRatersChanged,
    GroupAdded,
    GroupChanged,
    GroupRemoved,
    QuestionnaireChanged,
    RatersImported,
    RaterAdded,
    RaterRemoved,
    InvitationsSent,
    RemindersSent,
    RoundClosed,
    SharingModeChanged,
    SelfAssessed,
    ReflectionSubmitted,
    AgendaItemAdded,
    AgendaItemMoved,
    AgendaItemRemoved,
    AgreementRecorded,
    AgreementStatusChanged,
    Nominated,
    NominationApproved,
    NominationDeclined,
    CommentRedacted,
    ContactDetailsChanged,
    HouseStyleChanged,
    DossierOpened,
    VerslagSettingsChanged,
    VerslagStarted,
    VerslagEdited,
    VerslagConceptShared,
    VerslagCommented,
    VerslagCommentProcessed,
    VerslagDefinitive,
    VerslagSigned,
    VerslagAdopted,
    VerslagOpened,
    VerslagCorrectionStarted,
    ProvinceCreated,
    ProvinceMunicipalityLinked,
    KabinetMemberAdded,
    KabinetMemberRemoved,
    ProvinceMunicipalityUnlinked,
    VerslagSentToCdk,
    VerslagReadByKabinet,
    CdkMeetingRecorded,
    CdkMeetingRemoved,
    ArchiveCopyDownloaded,
    RetentionSettingsChanged,
    ContactDataDeleted,
    AddressErased,
    MailResent,
    IdentityProviderSet,
    IdentityLinkInvited,
    IdentityLinked,
}

impl AuditAction {
    pub const ALL: [AuditAction; 67] = [
        Self::SignedIn,
        Self::ResultsViewed,
        Self::ExportDownloaded,
        Self::MunicipalityCreated,
        Self::MayorAdded,
        Self::RoleGranted,
        Self::RoleRevoked,
        Self::RoundCreated,
        Self::KindChanged,
        Self::OpensOnChanged,
        Self::ClosesOnChanged,
        Self::MeetingOnChanged,
        Self::MinGroupSizeChanged,
        Self::MayorSeesRatersChanged,
        Self::GroupAdded,
        Self::GroupChanged,
        Self::GroupRemoved,
        Self::QuestionnaireChanged,
        Self::RatersImported,
        Self::RaterAdded,
        Self::RaterRemoved,
        Self::InvitationsSent,
        Self::RemindersSent,
        Self::RoundClosed,
        Self::SharingModeChanged,
        Self::SelfAssessed,
        Self::ReflectionSubmitted,
        Self::AgendaItemAdded,
        Self::AgendaItemMoved,
        Self::AgendaItemRemoved,
        Self::AgreementRecorded,
        Self::AgreementStatusChanged,
        Self::Nominated,
        Self::NominationApproved,
        Self::NominationDeclined,
        Self::CommentRedacted,
        Self::ContactDetailsChanged,
        Self::HouseStyleChanged,
        Self::DossierOpened,
        Self::VerslagSettingsChanged,
        Self::VerslagStarted,
        Self::VerslagEdited,
        Self::VerslagConceptShared,
        Self::VerslagCommented,
        Self::VerslagCommentProcessed,
        Self::VerslagDefinitive,
        Self::VerslagSigned,
        Self::VerslagAdopted,
        Self::VerslagOpened,
        Self::VerslagCorrectionStarted,
        Self::ProvinceCreated,
        Self::ProvinceMunicipalityLinked,
        Self::KabinetMemberAdded,
        Self::KabinetMemberRemoved,
        Self::ProvinceMunicipalityUnlinked,
        Self::VerslagSentToCdk,
        Self::VerslagReadByKabinet,
        Self::CdkMeetingRecorded,
        Self::CdkMeetingRemoved,
        Self::ArchiveCopyDownloaded,
        Self::RetentionSettingsChanged,
        Self::ContactDataDeleted,
        Self::AddressErased,
        Self::MailResent,
        Self::IdentityProviderSet,
        Self::IdentityLinkInvited,
        Self::IdentityLinked,
    ];

    /// The Dutch label, stored and shown in the audit log as it is.
    pub fn label(self) -> &'static str {
        match self {
            Self::SignedIn => "aangemeld",
            Self::ResultsViewed => "uitkomsten bekeken",
            Self::ExportDownloaded => "export gedownload",
            Self::MunicipalityCreated => "gemeente aangemaakt",
            Self::MayorAdded => "burgemeester toegevoegd",
            Self::RoleGranted => "rol toegekend",
            Self::RoleRevoked => "rol ingetrokken",
            Self::RoundCreated => "ronde aangemaakt",
            Self::KindChanged => "soort gesprek gewijzigd",
            Self::OpensOnChanged => "openingsdatum gewijzigd",
            Self::ClosesOnChanged => "sluitingsdatum gewijzigd",
            Self::MeetingOnChanged => "datum gesprek gewijzigd",
            Self::MinGroupSizeChanged => "minimale groepsgrootte gewijzigd",
            Self::MayorSeesRatersChanged => "burgemeester ziet referentenlijst gewijzigd",
            Self::GroupAdded => "groep toegevoegd",
            Self::GroupChanged => "groep gewijzigd",
            Self::GroupRemoved => "groep verwijderd",
            Self::QuestionnaireChanged => "vragenlijst gewijzigd",
            Self::RatersImported => "referenten toegevoegd",
            Self::RaterAdded => "referent toegevoegd",
            Self::RaterRemoved => "referent verwijderd",
            Self::InvitationsSent => "uitnodigingen verstuurd",
            Self::RemindersSent => "herinneringen verstuurd",
            Self::RoundClosed => "ronde gesloten",
            Self::SharingModeChanged => "deelmodus gewijzigd",
            Self::SelfAssessed => "zelfevaluatie ingevuld",
            Self::ReflectionSubmitted => "reflectie op de raad ingevuld",
            Self::AgendaItemAdded => "agendapunt toegevoegd",
            Self::AgendaItemMoved => "agendapunt verplaatst",
            Self::AgendaItemRemoved => "agendapunt verwijderd",
            Self::AgreementRecorded => "afspraak vastgelegd",
            Self::AgreementStatusChanged => "status afspraak gewijzigd",
            Self::Nominated => "referent voorgedragen",
            Self::NominationApproved => "voordracht goedgekeurd",
            Self::NominationDeclined => "voordracht afgewezen",
            Self::CommentRedacted => "toelichting weggelakt",
            Self::ContactDetailsChanged => "contactgegevens gemeente gewijzigd",
            Self::HouseStyleChanged => "huisstijl gewijzigd",
            Self::DossierOpened => "dossier geopend",
            Self::VerslagSettingsChanged => "instellingen verslag gewijzigd",
            Self::VerslagStarted => "verslag begonnen",
            Self::VerslagEdited => "verslag bewerkt",
            Self::VerslagConceptShared => "concept verslag gedeeld",
            Self::VerslagCommented => "commentaar op verslag gegeven",
            Self::VerslagCommentProcessed => "commentaar op verslag verwerkt",
            Self::VerslagDefinitive => "definitieve versie verslag gemaakt",
            Self::VerslagSigned => "verslag ondertekend",
            Self::VerslagAdopted => "verslag vastgesteld",
            Self::VerslagOpened => "verslag geopend",
            Self::VerslagCorrectionStarted => "correctie verslag begonnen",
            Self::ProvinceCreated => "provincie aangemaakt",
            Self::ProvinceMunicipalityLinked => "gemeente aan provincie gekoppeld",
            Self::KabinetMemberAdded => "kabinetaccount toegevoegd",
            Self::KabinetMemberRemoved => "kabinetaccount ingetrokken",
            Self::ProvinceMunicipalityUnlinked => "gemeente van provincie ontkoppeld",
            Self::VerslagSentToCdk => "verslag naar de commissaris van de koning gestuurd",
            Self::VerslagReadByKabinet => "verslag gelezen door het kabinet van de cdk",
            Self::CdkMeetingRecorded => "voortgangsgesprek cdk vastgelegd",
            Self::CdkMeetingRemoved => "voortgangsgesprek cdk verwijderd",
            Self::ArchiveCopyDownloaded => "archiefexemplaar verslag gedownload",
            Self::RetentionSettingsChanged => "bewaartermijnen gewijzigd",
            Self::ContactDataDeleted => "gegevens referenten verwijderd na bewaartermijn",
            Self::AddressErased => "adres referent verwijderd op verzoek",
            Self::MailResent => "mail opnieuw verstuurd",
            Self::IdentityProviderSet => "aanmelden via eigen inlogdienst ingesteld",
            Self::IdentityLinkInvited => "uitnodiging koppelen inlogaccount verstuurd",
            Self::IdentityLinked => "inlogaccount van de gemeente gekoppeld",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_audit_action_has_its_own_label() {
        let labels: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.label()).collect();
        assert_eq!(labels.len(), AuditAction::ALL.len(), "labels are distinct");
        for a in AuditAction::ALL {
            let l = a.label();
            assert!(!l.trim().is_empty() && l == l.trim(), "{a:?}");
            assert_eq!(l, l.to_lowercase(), "{a:?}: a label starts lower case");
        }
    }

    #[test]
    fn every_system_actor_is_named_and_round_trips_its_code() {
        for s in System::ALL {
            assert_eq!(System::parse(s.code()), Some(s));
            assert!(s.label().starts_with("systeem ("), "{s:?}");
        }
        assert_eq!(System::parse("iemand"), None);
    }
}

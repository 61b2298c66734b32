//! What a person may do or see, which roles grant it (with the round's state
//! and settings where the rule depends on them), and the one Dutch text a
//! refusal shows. The service checks one [`Permission`] per use case.

use crate::domain::nomination::{DECIDERS, INVOLVED, NOMINATORS, may_see_rater_list};
use crate::domain::round::RoundState;
use crate::domain::sharing::SharingMode;
use crate::domain::staff::{ResultsAccess, Role, results_access};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Create a round, change its settings, groups and referenten, invite,
    /// remind and close it.
    ManageRound,
    /// Compose the questionnaire of a round.
    ComposeQuestionnaire,
    /// See the form as one group of referenten will get it.
    PreviewQuestionnaire,
    /// Give and take back roles in a municipality.
    ManagePeople,
    /// Read the municipality's audit log.
    ReadAuditLog,
    /// Choose who sees the results besides the delegation.
    ChooseSharingMode,
    /// Fill in the burgemeester's self-assessment.
    SelfAssess,
    /// Read the burgemeester's reflection on the council.
    ReadReflection,
    /// Write the reflection on the council.
    WriteReflection,
    /// See the suggestions of referenten (voordrachten).
    ReadNominations,
    /// Suggest a referent.
    Nominate,
    /// Approve or decline a suggestion.
    DecideNominations,
    /// Read the final list of referenten (names and groups).
    ReadRaterList,
    /// Take part in the conversation: read the agenda and the agreements.
    TakePart,
    /// Add an item to the agenda.
    AddAgendaItem,
    /// Move and remove agenda items.
    OrderAgenda,
    /// Record agreements and their status.
    RecordAgreements,
    /// Read a round's results (the dashboard or the council's summary).
    ReadResults,
    /// Download the whole results as CSV.
    ExportResults,
    /// Replace a published comment that makes someone recognisable.
    RedactComments,
    /// The platform admin's pages (a flag of the account, not a role).
    AdministerPlatform,
    /// Change the municipality's contact details (griffie, privacy contact)
    /// shown on its contact page and privacyverklaring.
    ManageContactDetails,
    /// Upload and remove the municipality's logo and design tokens (the
    /// platform admin may too, see `service::theme`).
    ManageHouseStyle,
    /// Open the confidential dossier over a burgemeester's term (the rule
    /// itself is `domain::dossier::dossier_scope`; every role may ask).
    ReadDossier,
    /// Set the municipality's verslag settings (headings, signers, marking).
    ManageVerslagSettings,
    /// Set the municipality's bewaartermijnen (retention policy).
    ManageRetention,
    /// Write a round's verslag and process the comments on it.
    WriteVerslag,
    /// Open a round's verslag (the service also asks `may_read_verslag`).
    ReadVerslag,
    /// Comment on a concept verslag (the service also asks: took part).
    CommentVerslag,
    /// Sign a definitive verslag (the service also asks: must sign).
    SignVerslag,
    /// Send the vastgesteld verslag to the commissaris van de Koning.
    SendVerslagToCdk,
    /// The kabinet van de CdK's pages of its province (a role of its own,
    /// see `domain::province`; no municipality role grants it).
    ActAsKabinet,
}

/// How a refusal answers: 403 with the reason, or as if the page did not
/// exist (404), for pages whose existence is itself not for others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Forbidden(&'static str),
    Hidden(&'static str),
    /// 403 because the round is not closed yet (the roles would be allowed
    /// after close): the caller adds when it closes.
    NotClosed(&'static str),
}

impl Refusal {
    pub fn text(self) -> &'static str {
        match self {
            Refusal::Forbidden(t) | Refusal::Hidden(t) | Refusal::NotClosed(t) => t,
        }
    }
}

/// What of a round a rule may depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoundFacts {
    pub state: RoundState,
    pub sharing: SharingMode,
    pub mayor_sees_raters: bool,
}

const ONLY_MAYOR: &str = "Alleen de burgemeester kan dit doen.";
const NO_PAGE: &str = "Deze pagina bestaat niet.";
const RESULTS: &str = "U kunt deze uitkomsten niet inzien: de burgemeester koos een deelmodus die ze u niet laat zien.";
/// Results asked for by someone who may read them once the round is closed.
pub const RESULTS_NOT_CLOSED: &str =
    "De uitkomsten zijn er nog niet: de ronde is nog niet gesloten.";
/// The burgemeester of a round that keeps the final list from them.
const LIST_HIDDEN: &str = "In deze ronde ziet de burgemeester de lijst van referenten niet; zo is het afgesproken. Uw eigen voordrachten en wat ermee gebeurde, ziet u bij ‘Voordrachten’.";
/// Who may open a verslag (`domain::verslag::may_read_verslag`).
pub const VERSLAG_READERS: &str = "Dit verslag is vertrouwelijk. Alleen de griffier, wie aan het gesprek deelnam en de klankbordcommissie lezen het.";
const PARTICIPANTS: [Role; 4] = [
    Role::Clerk,
    Role::Chair,
    Role::DelegationMember,
    Role::Mayor,
];

/// Who comments on a concept verslag: its readers from the gesprek, not
/// the griffier who writes it and processes the comments.
const COMMENTERS: [Role; 3] = [Role::Chair, Role::DelegationMember, Role::Mayor];

impl Permission {
    pub const ALL: [Permission; 32] = [
        Self::ManageRound,
        Self::ComposeQuestionnaire,
        Self::PreviewQuestionnaire,
        Self::ManagePeople,
        Self::ReadAuditLog,
        Self::ChooseSharingMode,
        Self::SelfAssess,
        Self::ReadReflection,
        Self::WriteReflection,
        Self::ReadNominations,
        Self::Nominate,
        Self::DecideNominations,
        Self::ReadRaterList,
        Self::TakePart,
        Self::AddAgendaItem,
        Self::OrderAgenda,
        Self::RecordAgreements,
        Self::ReadResults,
        Self::ExportResults,
        Self::RedactComments,
        Self::AdministerPlatform,
        Self::ManageContactDetails,
        Self::ManageHouseStyle,
        Self::ReadDossier,
        Self::ManageVerslagSettings,
        Self::ManageRetention,
        Self::WriteVerslag,
        Self::ReadVerslag,
        Self::CommentVerslag,
        Self::SignVerslag,
        Self::SendVerslagToCdk,
        Self::ActAsKabinet,
    ];

    /// The roles that grant it (before any condition on the round).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Self::ManageRound
            | Self::ComposeQuestionnaire
            | Self::ManagePeople
            | Self::ReadAuditLog
            | Self::OrderAgenda
            | Self::RecordAgreements
            | Self::ManageContactDetails
            | Self::SendVerslagToCdk => &[Role::Clerk],
            Self::ManageHouseStyle => &[Role::Clerk],
            Self::ManageVerslagSettings | Self::WriteVerslag | Self::ManageRetention => {
                &[Role::Clerk]
            }
            Self::ReadVerslag => &Role::ALL,
            Self::CommentVerslag => &COMMENTERS,
            Self::SignVerslag => &PARTICIPANTS,
            Self::ChooseSharingMode | Self::SelfAssess | Self::WriteReflection => &[Role::Mayor],
            Self::PreviewQuestionnaire | Self::ReadReflection | Self::TakePart => &PARTICIPANTS,
            Self::ReadNominations | Self::ReadRaterList => &INVOLVED,
            Self::Nominate | Self::AddAgendaItem => &NOMINATORS,
            Self::DecideNominations | Self::RedactComments => &DECIDERS,
            Self::ReadResults | Self::ExportResults | Self::ReadDossier => &Role::ALL,
            Self::AdministerPlatform | Self::ActAsKabinet => &[],
        }
    }

    /// The refusal for someone of the municipality whose roles do not grant it.
    pub fn refusal(self) -> Refusal {
        use Refusal::{Forbidden, Hidden};
        match self {
            Self::ManageRound => Forbidden("Alleen de griffier beheert een ronde."),
            Self::ComposeQuestionnaire => {
                Forbidden("Alleen de griffier stelt de vragenlijst samen.")
            }
            Self::PreviewQuestionnaire => Forbidden(
                "Het voorbeeld van de vragenlijst is voor de griffier, de klankbordcommissie en de burgemeester.",
            ),
            Self::ManagePeople | Self::AdministerPlatform | Self::ActAsKabinet => Hidden(NO_PAGE),
            Self::ReadAuditLog => Hidden("Dit logboek bestaat niet."),
            Self::ChooseSharingMode | Self::SelfAssess => Forbidden(ONLY_MAYOR),
            Self::ReadReflection => Forbidden(
                "De reflectie op de raad is voor de klankbordcommissie en de griffier, en wordt ingevuld door de burgemeester.",
            ),
            Self::WriteReflection => {
                Forbidden("Alleen de burgemeester vult de reflectie op de raad in.")
            }
            Self::ReadNominations => Forbidden(
                "Voordrachten zijn voor de burgemeester, de klankbordcommissie en de griffier.",
            ),
            Self::Nominate => Forbidden(
                "Alleen de burgemeester en de leden van de klankbordcommissie dragen referenten voor.",
            ),
            Self::DecideNominations => Forbidden(
                "Alleen de klankbordcommissie, of de griffier namens haar, beslist over voordrachten.",
            ),
            Self::ReadRaterList => Forbidden(
                "De lijst van referenten is voor de klankbordcommissie, de griffier en, als de ronde dat toestaat, de burgemeester.",
            ),
            Self::TakePart => Forbidden(
                "Alleen de klankbordcommissie, de burgemeester en de griffier werken aan het klankbordgesprek.",
            ),
            Self::AddAgendaItem => {
                Forbidden("Agendapunten komen van de klankbordcommissie en de burgemeester.")
            }
            Self::OrderAgenda => Forbidden("Alleen de griffier bepaalt de volgorde van de agenda."),
            Self::RecordAgreements => Forbidden("Alleen de griffier kan dit doen."),
            Self::ManageHouseStyle => Forbidden(
                "Alleen de griffier (of de beheerder van het platform) stelt de huisstijl van de gemeente in.",
            ),
            Self::ReadResults | Self::ExportResults => Forbidden(RESULTS),
            Self::ManageContactDetails => {
                Forbidden("Alleen de griffier past de contactgegevens van de gemeente aan.")
            }
            Self::ReadDossier => Forbidden(crate::domain::dossier::REFUSAL),
            Self::SendVerslagToCdk => Forbidden(
                "Alleen de griffier stuurt het verslag naar de commissaris van de Koning.",
            ),
            Self::RedactComments => Forbidden(
                "Alleen de klankbordcommissie of de griffier laat een herkenbare toelichting weg.",
            ),
            Self::ManageVerslagSettings => {
                Forbidden("Alleen de griffier past de instellingen voor het verslag aan.")
            }
            Self::WriteVerslag => Forbidden("Alleen de griffier schrijft het verslag."),
            Self::ManageRetention => {
                Forbidden("Alleen de griffier stelt de bewaartermijnen van de gemeente in.")
            }
            Self::ReadVerslag => Forbidden(VERSLAG_READERS),
            Self::CommentVerslag => Forbidden(
                "Alleen wie aan het klankbordgesprek deelnam, geeft commentaar op het concept; de griffier verwerkt het.",
            ),
            Self::SignVerslag => {
                Forbidden("Alleen wie het verslag moet ondertekenen, ondertekent het.")
            }
        }
    }

    /// Whether `roles` (of one municipality, not empty) may do this, in a
    /// round with `facts` if the use case is about a round: `Ok`, or the
    /// refusal to answer with.
    pub fn check(self, roles: &[Role], round: Option<&RoundFacts>) -> Result<(), Refusal> {
        if !roles.iter().any(|r| self.roles().contains(r)) {
            return Err(self.refusal());
        }
        let Some(facts) = round else {
            return Ok(());
        };
        let access = || results_access(roles, facts.sharing, facts.state);
        let after_close = || results_access(roles, facts.sharing, RoundState::Closed);
        let granted = match self {
            Self::ReadResults | Self::ExportResults
                if facts.state != RoundState::Closed
                    && (after_close() == ResultsAccess::Full
                        || (self == Self::ReadResults && after_close() != ResultsAccess::None)) =>
            {
                return Err(Refusal::NotClosed(RESULTS_NOT_CLOSED));
            }
            Self::ReadResults => access() != ResultsAccess::None,
            Self::ExportResults => access() == ResultsAccess::Full,
            Self::ReadRaterList if !may_see_rater_list(roles, facts.mayor_sees_raters) => {
                return Err(Refusal::Forbidden(LIST_HIDDEN));
            }
            _ => true,
        };
        if granted { Ok(()) } else { Err(self.refusal()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(state: RoundState, sharing: SharingMode, mayor_sees_raters: bool) -> RoundFacts {
        RoundFacts {
            state,
            sharing,
            mayor_sees_raters,
        }
    }

    #[test]
    fn every_permission_has_a_refusal_text() {
        for p in Permission::ALL {
            let text = p.refusal().text();
            assert!(text.len() > 10 && text.ends_with('.'), "{p:?}: {text}");
            assert_eq!(text, text.trim(), "{p:?}");
        }
        assert_eq!(
            Permission::ALL
                .iter()
                .filter(|p| matches!(p.refusal(), Refusal::Hidden(_)))
                .count(),
            4,
            "only the people, the log, the platform and the province pages hide themselves"
        );
    }

    #[test]
    fn the_roles_of_a_permission_grant_it_and_no_others() {
        let open = facts(RoundState::Open, SharingMode::AlsoMayor, true);
        for p in Permission::ALL {
            for role in Role::ALL {
                let got = p.check(&[role], Some(&open));
                let expected = match p {
                    Permission::ReadResults | Permission::ExportResults => false,
                    _ => p.roles().contains(&role),
                };
                assert_eq!(got.is_ok(), expected, "{p:?} {role:?}");
                if let Err(refusal) = got {
                    let results = matches!(p, Permission::ReadResults | Permission::ExportResults);
                    let later = if p == Permission::ExportResults {
                        results_access(&[role], open.sharing, RoundState::Closed)
                            == ResultsAccess::Full
                    } else {
                        results_access(&[role], open.sharing, RoundState::Closed)
                            != ResultsAccess::None
                    };
                    if results && later {
                        assert_eq!(refusal, Refusal::NotClosed(RESULTS_NOT_CLOSED));
                    } else {
                        assert_eq!(refusal, p.refusal(), "{p:?} {role:?}");
                    }
                }
            }
            assert!(p.check(&[], None).is_err(), "{p:?}: no roles, no access");
        }
        assert!(
            Permission::AdministerPlatform
                .check(&Role::ALL, None)
                .is_err()
        );
    }

    #[test]
    fn results_follow_the_access_rule_and_the_list_the_round_setting() {
        for mode in SharingMode::ALL {
            let closed = facts(RoundState::Closed, mode, true);
            for role in Role::ALL {
                let access = results_access(&[role], mode, RoundState::Closed);
                assert_eq!(
                    Permission::ReadResults
                        .check(&[role], Some(&closed))
                        .is_ok(),
                    access != ResultsAccess::None
                );
                assert_eq!(
                    Permission::ExportResults
                        .check(&[role], Some(&closed))
                        .is_ok(),
                    access == ResultsAccess::Full
                );
            }
        }
        let hidden = facts(RoundState::Open, SharingMode::AlsoMayor, false);
        assert_eq!(
            Permission::ReadRaterList.check(&[Role::Mayor], Some(&hidden)),
            Err(Refusal::Forbidden(LIST_HIDDEN))
        );
        assert!(
            Permission::ReadRaterList
                .check(&[Role::Mayor, Role::Chair], Some(&hidden))
                .is_ok()
        );
        assert_eq!(
            Permission::ReadRaterList.check(&[Role::CouncilMember], Some(&hidden)),
            Err(Permission::ReadRaterList.refusal())
        );
    }
}

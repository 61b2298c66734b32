//! What a page says after a change was made: the handler redirects to
//! `page?melding=<code>` (post/redirect/get), the page shows the notice's
//! Dutch text. Only these notices exist: nothing from the address is shown.

/// The most a count in a notice can say (a rater list is far smaller).
const MAX_COUNT: u32 = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    InvitationsSent,
    RemindersSent,
    RoundClosed,
    Nominated,
    NominationApproved,
    /// Approved after the invitations went out: the griffier must invite.
    NominationApprovedLate,
    NominationDeclined,
    RatersImported(u32),
    RaterAdded,
    RaterRemoved,
    RoleGranted,
    RoleRevoked,
    IdentityLinkInvited,
    MunicipalityCreated,
    SettingsSaved,
    GroupAdded,
    GroupChanged,
    GroupRemoved,
    ItemRemoved,
    ItemRestored,
    ItemTextChanged,
    ItemGroupsChanged,
    ProfileAdded,
    ItemAdded,
    CommentRedacted,
    ItemMoved,
    ThemeMoved,
    LogoSaved,
    LogoRemoved,
    DesignTokensSaved,
    DesignTokensRemoved,
    ProvinceCreated,
    ProvinceMunicipalityLinked,
    KabinetMemberAdded,
    KabinetMemberRemoved,
    ProvinceMunicipalityUnlinked,
    VerslagSentToCdk,
    CdkMeetingRecorded,
    CdkMeetingRemoved,
    AddressErased,
    MailResent,
}

use Notice::*;

/// Every notice without a count, with its code in the address.
const CODES: &[(Notice, &str)] = &[
    (InvitationsSent, "uitgenodigd"),
    (RemindersSent, "herinnerd"),
    (RoundClosed, "gesloten"),
    (Nominated, "voorgedragen"),
    (NominationApproved, "goedgekeurd"),
    (NominationApprovedLate, "goedgekeurd-open"),
    (NominationDeclined, "afgewezen"),
    (RaterAdded, "referent-toegevoegd"),
    (RaterRemoved, "referent-verwijderd"),
    (RoleGranted, "rol-toegekend"),
    (RoleRevoked, "rol-ingetrokken"),
    (IdentityLinkInvited, "koppeling-uitgenodigd"),
    (MunicipalityCreated, "gemeente-aangemaakt"),
    (SettingsSaved, "opgeslagen"),
    (GroupAdded, "groep-toegevoegd"),
    (GroupChanged, "groep-gewijzigd"),
    (GroupRemoved, "groep-verwijderd"),
    (ItemRemoved, "vraag-weggehaald"),
    (ItemRestored, "vraag-teruggezet"),
    (ItemTextChanged, "tekst-aangepast"),
    (ItemGroupsChanged, "groepen-aangepast"),
    (ProfileAdded, "profielschets"),
    (ItemAdded, "vraag-toegevoegd"),
    (CommentRedacted, "weggelakt"),
    (ItemMoved, "vraag-verplaatst"),
    (ThemeMoved, "thema-verplaatst"),
    (LogoSaved, "logo-geplaatst"),
    (LogoRemoved, "logo-verwijderd"),
    (DesignTokensSaved, "ontwerptokens-geplaatst"),
    (DesignTokensRemoved, "ontwerptokens-verwijderd"),
    (ProvinceCreated, "provincie-aangemaakt"),
    (ProvinceMunicipalityLinked, "gemeente-gekoppeld"),
    (KabinetMemberAdded, "kabinet-toegevoegd"),
    (KabinetMemberRemoved, "kabinet-ingetrokken"),
    (ProvinceMunicipalityUnlinked, "gemeente-ontkoppeld"),
    (VerslagSentToCdk, "naar-cdk"),
    (CdkMeetingRecorded, "voortgangsgesprek-vastgelegd"),
    (CdkMeetingRemoved, "voortgangsgesprek-verwijderd"),
    (AddressErased, "adres-verwijderd"),
    (MailResent, "mail-opnieuw"),
];

const IMPORTED: &str = "ingevoerd-";

impl Notice {
    /// Its code in the address.
    pub fn code(self) -> String {
        match self {
            RatersImported(n) => format!("{IMPORTED}{n}"),
            other => CODES
                .iter()
                .find(|(n, _)| *n == other)
                .map(|(_, c)| (*c).to_owned())
                .unwrap_or_default(),
        }
    }

    /// The notice an address names (`melding=<code>`), if any.
    pub fn from_query(query: &str) -> Option<Self> {
        let code = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("melding="))?;
        if let Some(n) = code.strip_prefix(IMPORTED) {
            let n: u32 = n.parse().ok().filter(|n| (1..=MAX_COUNT).contains(n))?;
            return Some(RatersImported(n));
        }
        CODES.iter().find(|(_, c)| *c == code).map(|(n, _)| *n)
    }

    /// `path?melding=<code>`, where to go after the change.
    pub fn on(self, path: &str) -> String {
        format!("{path}?melding={}", self.code())
    }

    /// What the page says.
    pub fn text(self) -> String {
        let fixed = match self {
            InvitationsSent => "De uitnodigingen staan klaar en worden nu verstuurd.",
            RemindersSent => {
                "De herinneringen worden nu verstuurd, alleen aan wie nog niet reageerde."
            }
            RoundClosed => "De vragenlijst is gesloten en de uitkomsten zijn berekend.",
            Nominated => {
                "Uw voordracht is opgeslagen. De klankbordcommissie beslist erover; het besluit ziet u hier."
            }
            NominationApproved => {
                "De voordracht is goedgekeurd. De referent staat op de lijst en krijgt de uitnodiging met de anderen."
            }
            NominationApprovedLate => {
                "De voordracht is goedgekeurd en de referent staat op de lijst. De uitnodigingen zijn al verstuurd: de griffier moet deze uitnodiging nog versturen, met ‘Nieuwe referenten uitnodigen’ op de pagina van de ronde."
            }
            NominationDeclined => "De voordracht is afgewezen. De burgemeester ziet uw reden.",
            RatersImported(1) | RaterAdded => {
                "De referent is toegevoegd. Hij of zij krijgt de uitnodiging als u die verstuurt op de pagina van de ronde."
            }
            RatersImported(n) => {
                return format!(
                    "{n} referenten toegevoegd. Ze krijgen hun uitnodiging als u die verstuurt op de pagina van de ronde."
                );
            }
            RaterRemoved => "De referent is van de lijst gehaald.",
            RoleGranted => "De rol is gegeven. De persoon kan zich nu aanmelden.",
            RoleRevoked => "De rol is ingetrokken en werkt vanaf nu niet meer.",
            IdentityLinkInvited => {
                "De uitnodiging is per e-mail verstuurd. De persoon koppelt het account door de link te openen en zich bij de gemeente aan te melden."
            }
            MunicipalityCreated => {
                "De gemeente is aangemaakt. De griffier kan zich nu aanmelden en de eerste ronde klaarzetten."
            }
            SettingsSaved => "De instellingen zijn opgeslagen.",
            GroupAdded => "De groep is toegevoegd.",
            GroupChanged => "De groep is gewijzigd.",
            GroupRemoved => "De groep is verwijderd.",
            ItemRemoved => "De vraag is uit de vragenlijst gehaald.",
            ItemRestored => "De vraag uit de vragenbank staat weer in de vragenlijst.",
            ItemTextChanged => "De tekst is aangepast.",
            ItemGroupsChanged => "De groepen zijn aangepast.",
            ProfileAdded => "De competenties staan als stellingen in het thema ‘Profielschets’.",
            ItemAdded => "De vraag is toegevoegd.",
            CommentRedacted => {
                "De toelichting is weggelakt. Op het dashboard en in de downloads staat nu de nieuwe tekst."
            }
            ItemMoved => "De vraag is verplaatst. Referenten krijgen de vragen in deze volgorde.",
            ThemeMoved => {
                "Het thema is verplaatst. Referenten krijgen de thema's in deze volgorde."
            }
            LogoSaved => "Het logo is geplaatst en staat nu bovenaan elke pagina van de gemeente.",
            LogoRemoved => "Het logo is verwijderd.",
            DesignTokensSaved => {
                "De ontwerptokens zijn geplaatst: de pagina’s van de gemeente volgen nu de eigen huisstijl."
            }
            DesignTokensRemoved => {
                "De ontwerptokens zijn verwijderd: Klankbord gebruikt weer zijn eigen kleuren."
            }
            ProvinceCreated => {
                "De provincie is aangemaakt. Koppel er nu gemeenten aan en voeg de accounts van het kabinet toe."
            }
            ProvinceMunicipalityLinked => {
                "De gemeente hoort nu bij de provincie. Haar griffier kan vastgestelde verslagen naar de commissaris van de Koning sturen."
            }
            KabinetMemberAdded => {
                "Het account van het kabinet is toegevoegd. De persoon kan zich nu aanmelden."
            }
            KabinetMemberRemoved => {
                "De rol bij het kabinet is ingetrokken. De persoon ziet de verslagen en de planning van deze provincie niet meer."
            }
            ProvinceMunicipalityUnlinked => {
                "De gemeente hoort niet meer bij de provincie. Verslagen die al gestuurd zijn, blijven bij het kabinet."
            }
            VerslagSentToCdk => {
                "Het verslag is naar de commissaris van de Koning gestuurd. Het kabinet krijgt een e-mail met een link."
            }
            CdkMeetingRecorded => "Het voortgangsgesprek staat in de planning.",
            CdkMeetingRemoved => "Het voortgangsgesprek is uit de planning gehaald.",
            AddressErased => "Het adres van de referent is verwijderd.",
            MailResent => {
                "De mail gaat opnieuw naar deze referent. Kijk over een paar minuten of hij is verstuurd."
            }
        };
        fixed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_notice() {
        for (n, _) in CODES {
            assert_eq!(
                Notice::from_query(&format!("melding={}", n.code())),
                Some(*n)
            );
        }
        assert_eq!(
            Notice::from_query("melding=ingevoerd-12"),
            Some(RatersImported(12))
        );
    }

    #[test]
    fn nothing_else_is_a_notice() {
        for query in [
            "",
            "melding=",
            "melding=%3Cscript%3E",
            "melding=ingevoerd-abc",
            "melding=ingevoerd-0",
            "melding=ingevoerd-999999999",
            "toegevoegd=1",
            "gedaan=sluiten",
        ] {
            assert_eq!(Notice::from_query(query), None, "{query}");
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = CODES.iter().map(|(_, c)| c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len());
    }
}

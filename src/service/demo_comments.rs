//! What the demo's referenten write in the open questions: per question and
//! per group, in the voice of that group (raadsleden, wethouders, ambtenaren,
//! veiligheidspartners, externe partners), kind and critical, about behaviour
//! they saw. No sentence is used twice, no person is named and nobody is
//! recognisable by a role only one person has. Deterministic: the n-th
//! referent of a group writes the n-th line ("" is no answer).

use crate::domain::group::DefaultGroup::{
    self, CivilService, Council, Executive, ExternalPartners, SafetyPartners,
};

/// The open questions of the question bank, by key.
const GOOD: &str = "open-goed";
const BETTER: &str = "open-beter";
const ADVICE: &str = "open-meegeven";

/// (open question, group, what its referenten write, in their order).
const COMMENTS: &[(&str, DefaultGroup, &[&str])] = &[
    (
        GOOD,
        Council,
        &[
            "Geeft in de raadsvergadering ook kleine fracties de ruimte en vat een debat eerlijk samen.",
            "Goed aanspreekbaar, ook buiten de vergadering. Je krijgt altijd een reactie.",
            "",
            "Blijft rustig als het debat scherp wordt en houdt de toon fatsoenlijk.",
            "Legt geduldig uit waarom een besluit over de openbare orde nodig was, ook aan de oppositie.",
            "",
            "Zichtbaar bij bijeenkomsten in de kernen; inwoners noemen dat vaak.",
            "Leidt de begrotingsvergadering strak maar rechtvaardig.",
        ],
    ),
    (
        BETTER,
        Council,
        &[
            "Grijpt soms te laat in als een debat uit de hand loopt; iets eerder het woord nemen zou helpen.",
            "",
            "De raad hoort besluiten over de openbare orde vaak pas uit de krant. Informeer ons eerder, ook als nog niet alles bekend is.",
            "Leg bij een punt van orde beter uit waarom iets wel of niet kan; nu blijft dat soms vaag.",
            "Vergaderingen lopen vaak uit. Strakker op de spreektijd letten scheelt iedereen een late avond.",
            "Kritiek uit de raad wordt soms persoonlijker opgevat dan bedoeld.",
            "",
            "Meer uitleg bij cameratoezicht en gebiedsverboden, zodat wij het aan inwoners kunnen uitleggen.",
        ],
    ),
    (
        ADVICE,
        Council,
        &[
            "Blijf de raad als geheel zien, ook als coalitie en oppositie tegenover elkaar staan.",
            "",
            "Neem de raad mee in de regionale samenwerking; daar gebeurt veel buiten ons zicht.",
            "",
            "Houd de deur open voor raadsleden, ook als de agenda vol zit.",
            "Zoek na een lastig debat vaker het gesprek met de fracties op; dat werkt.",
            "",
            "Help de raad bij het vernieuwen van de vergaderwijze; daar zijn al goede ideeën over.",
        ],
    ),
    (
        GOOD,
        Executive,
        &[
            "Houdt het college bij elkaar, ook als er spanning is tussen de coalitiepartijen.",
            "Vraagt in de collegevergadering door zonder het over te nemen; dat scherpt onze voorstellen.",
            "",
            "Staat naast de wethouders als het tegenzit, en zegt dat ook in het openbaar.",
            "Kent de stukken en stelt de goede vragen.",
        ],
    ),
    (
        BETTER,
        Executive,
        &[
            "Neemt soms te veel ruimte in het dossier van een ander; vraag eerst hoe de wethouder er zelf in staat.",
            "",
            "Bemiddel eerder bij meningsverschillen in het college, niet pas als het in de raad misgaat.",
            "Het wekelijkse overleg kan korter; niet elk onderwerp hoeft rond de tafel.",
            "",
        ],
    ),
    (
        ADVICE,
        Executive,
        &[
            "Blijf de verbinder in het college; dat hebben we het komende jaar hard nodig.",
            "Laat meer van uzelf zien in de communicatie met inwoners.",
            "",
            "",
            "Bewaak de samenhang van het collegeprogramma nu er minder geld is.",
        ],
    ),
    (
        GOOD,
        CivilService,
        &[
            "Toont echte belangstelling voor het werk van de afdelingen en komt ook op de werkvloer.",
            "Geeft ruimte aan het advies van de organisatie, ook als dat niet welkom is.",
            "",
            "Helder in wat er bij een crisis van ons wordt verwacht; de lijnen zijn kort.",
            "Bedankt medewerkers persoonlijk na een zware periode. Dat wordt gewaardeerd.",
            "",
        ],
    ),
    (
        BETTER,
        CivilService,
        &[
            "Reageert soms laat op stukken, waardoor adviezen onder tijdsdruk komen.",
            "Afspraken uit het overleg worden niet altijd vastgelegd; dan weet niet iedereen wat er besloten is.",
            "",
            "Laat weten wat er met een advies is gedaan, ook als het anders uitpakt.",
            "",
            "Meer aanwezig bij het ambtelijk apparaat, ook buiten crisismomenten.",
        ],
    ),
    (
        ADVICE,
        CivilService,
        &[
            "Blijf investeren in de relatie met de organisatie; die is het afgelopen jaar gegroeid.",
            "",
            "Betrek de ambtelijke organisatie eerder bij toezeggingen aan de raad.",
            "Heb aandacht voor de werkdruk bij openbare orde en veiligheid; het team is klein.",
            "",
            "",
        ],
    ),
    (
        GOOD,
        SafetyPartners,
        &[
            "Bij incidenten snel bereikbaar en besluitvaardig; we weten waar we aan toe zijn.",
            "Komt goed voorbereid naar het veiligheidsoverleg en kent de dossiers.",
            "Staat achter de mensen op straat, ook na een onrustige avond in het uitgaansgebied.",
            "",
            "Durft een lastig besluit te nemen, zoals het sluiten van een pand, en legt het goed uit.",
        ],
    ),
    (
        BETTER,
        SafetyPartners,
        &[
            "",
            "Vraag ons eerder om advies, voordat er iets aan de raad wordt toegezegd.",
            "De communicatie met inwoners na een incident kan sneller; nu wachten we soms op elkaar.",
            "",
            "Deel wat we leren van oefeningen in de veiligheidsregio ook met de eigen organisatie.",
        ],
    ),
    (
        ADVICE,
        SafetyPartners,
        &[
            "Houd de korte lijnen vast, ook als de bezetting bij de hulpdiensten krap is.",
            "",
            "Blijf investeren in de aanpak van ondermijning; de eerste resultaten zijn zichtbaar.",
            "",
            "",
        ],
    ),
    (
        GOOD,
        ExternalPartners,
        &[
            "Een sterke ambassadeur voor de gemeente in de regio; buurgemeenten luisteren.",
            "Komt naar bijeenkomsten en blijft daarna nog om te praten.",
            "Brengt partijen bij elkaar die anders langs elkaar heen werken.",
            "",
        ],
    ),
    (
        BETTER,
        ExternalPartners,
        &[
            "Terugkoppeling na overleg in de regio kan vaker en concreter.",
            "",
            "Soms is onduidelijk wie bij de gemeente het aanspreekpunt is; maak dat duidelijker.",
            "Wees ook zichtbaar bij de kleinere initiatieven in de dorpen, niet alleen bij de grote.",
        ],
    ),
    (
        ADVICE,
        ExternalPartners,
        &[
            "",
            "Blijf het gesprek over wonen en zorg in de regio aanjagen; daar bent u goed in.",
            "",
            "Neem de jongeren mee; zij zien de burgemeester nog te weinig.",
        ],
    ),
];

/// What the burgemeester writes in the self-assessment, per open question.
const SELF: &[(&str, &str)] = &[
    (
        GOOD,
        "Ik ben zichtbaar in de wijken en neem na ingrijpende gebeurtenissen de tijd voor inwoners.",
    ),
    (
        BETTER,
        "Ik wil de raad eerder meenemen bij dilemma's in de openbare orde.",
    ),
    (
        ADVICE,
        "De komende periode wil ik de regionale samenwerking beter terugkoppelen aan de raad.",
    ),
];

/// What the `nth` referent (0-based) of `group` writes in the open question
/// with bank key `question`: "" for no answer, also past the end of the list.
pub(crate) fn comment(question: &str, group: DefaultGroup, nth: usize) -> &'static str {
    COMMENTS
        .iter()
        .find(|(q, g, _)| *q == question && *g == group)
        .and_then(|(_, _, lines)| lines.get(nth))
        .copied()
        .unwrap_or("")
}

/// What the burgemeester writes in the open question with bank key `question`.
pub(crate) fn self_comment(question: &str) -> &'static str {
    SELF.iter()
        .find(|(q, _)| *q == question)
        .map(|(_, text)| *text)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::question_bank::BANK;
    use crate::domain::questionnaire::ItemKind;
    use std::collections::HashSet;

    fn open_questions() -> Vec<&'static str> {
        BANK.iter()
            .flat_map(|t| t.items.iter())
            .filter(|i| matches!(i.kind, ItemKind::Open { .. }))
            .map(|i| i.key)
            .collect()
    }

    #[test]
    fn no_comment_is_written_twice() {
        let mut seen = HashSet::new();
        let all = COMMENTS
            .iter()
            .flat_map(|(_, _, lines)| lines.iter())
            .chain(SELF.iter().map(|(_, text)| text))
            .filter(|text| !text.is_empty());
        for text in all {
            assert!(seen.insert(*text), "twice: {text}");
        }
        assert!(seen.len() >= 45, "{} comments", seen.len());
    }

    #[test]
    fn every_group_answers_every_open_question_of_the_bank_and_nothing_else() {
        let questions = open_questions();
        assert_eq!(questions, [GOOD, BETTER, ADVICE]);
        for q in &questions {
            for group in DefaultGroup::RATERS {
                let written = (0..10)
                    .filter(|n| !comment(q, group, *n).is_empty())
                    .count();
                assert!(written >= 2, "{q} {group:?}");
            }
            assert!(!self_comment(q).is_empty());
        }
        for (q, ..) in COMMENTS {
            assert!(questions.contains(q), "{q} is not in the bank");
        }
        assert_eq!(comment(GOOD, Council, 99), "");
        assert_eq!(comment("eigen-1", Council, 0), "");
    }

    #[test]
    fn comments_stay_short_and_plain() {
        for (_, _, lines) in COMMENTS {
            for text in lines.iter().filter(|t| !t.is_empty()) {
                assert!(text.chars().count() <= 160, "{text}");
                assert!(text.ends_with('.'), "{text}");
                assert!(!text.contains(['"', '&', '<']), "{text}");
            }
        }
    }
}

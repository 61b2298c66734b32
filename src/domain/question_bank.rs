//! The default Dutch question bank ("vragenbank").
//!
//! Every new round copies this bank into its own questionnaire; from then on
//! the round owns its copy, so the griffier can edit wording and targeting
//! per round without touching the bank or other rounds.
//!
//! The themes follow the roles of the burgemeester named in the national
//! handreiking (voorzitter van de raad en van het college, openbare orde en
//! veiligheid, burgervader of burgermoeder, vertegenwoordiger van de gemeente)
//! and the usual profielschets competencies (integriteit, samenwerken,
//! verbinden, communicatie). Statements describe behaviour a referent could
//! have seen or heard, so that feedback is about changeable behaviour.
//!
//! Targeting: an item lists only the rater groups that can judge it. The
//! self-assessment is never listed; it gets every item automatically.

use crate::domain::group::DefaultGroup;
use crate::domain::group::DefaultGroup::{
    CivilService, Council, Executive, ExternalPartners, SafetyPartners,
};
use crate::domain::questionnaire::{DEFAULT_OPEN_MAX_CHARS, ItemKind};

/// One theme of the bank: a role or competency of the burgemeester.
#[derive(Clone, Copy, Debug)]
pub struct BankTheme {
    /// Stable slug, unique within the bank.
    pub key: &'static str,
    pub title: &'static str,
    /// One or two plain sentences shown above the theme's items.
    pub intro: &'static str,
    pub items: &'static [BankItem],
}

/// One statement or open question of the bank.
#[derive(Clone, Copy, Debug)]
pub struct BankItem {
    /// Stable slug, unique across the whole bank.
    pub key: &'static str,
    pub kind: ItemKind,
    pub text: &'static str,
    /// The rater groups that can judge this item (never the self-assessment).
    pub groups: &'static [DefaultGroup],
}

const OPEN: ItemKind = ItemKind::Open {
    max_chars: DEFAULT_OPEN_MAX_CHARS,
};

/// Everyone who works with the burgemeester in some way.
const ALL_RATERS: &[DefaultGroup] = &DefaultGroup::RATERS;
/// Those who see the burgemeester in the raad.
const RAAD: &[DefaultGroup] = &[Council, Executive];
/// Those who see the burgemeester in and around the college.
const COLLEGE: &[DefaultGroup] = &[Executive];
/// Those who see the burgemeester govern from the inside.
const BESTUUR: &[DefaultGroup] = &[Council, Executive, CivilService];
/// Those who see the burgemeester in the community.
const GEMEENSCHAP: &[DefaultGroup] = &[Council, Executive, CivilService, ExternalPartners];

/// The default question bank, in the order the questionnaire shows it.
pub static BANK: &[BankTheme] = &[
    BankTheme {
        key: "voorzitter-raad",
        title: "Voorzitter van de raad",
        intro: "De burgemeester is voorzitter van de gemeenteraad. De burgemeester leidt de raadsvergaderingen \
                en zorgt voor een goed en eerlijk debat, maar stemt zelf niet mee.",
        items: &[
            BankItem {
                key: "raad-ruimte-fracties",
                kind: ItemKind::Scale,
                text: "De burgemeester leidt raadsvergaderingen zo dat alle fracties aan het woord komen.",
                groups: RAAD,
            },
            BankItem {
                key: "raad-onpartijdig",
                kind: ItemKind::Scale,
                text: "De burgemeester blijft als voorzitter onpartijdig, ook bij gevoelige onderwerpen.",
                groups: RAAD,
            },
            BankItem {
                key: "raad-orde-debat",
                kind: ItemKind::Scale,
                text: "De burgemeester grijpt in als het debat persoonlijk of onfatsoenlijk wordt.",
                groups: RAAD,
            },
            BankItem {
                key: "raad-samenvatten",
                kind: ItemKind::Scale,
                text: "De burgemeester vat na elk agendapunt duidelijk samen wat de raad heeft besloten.",
                groups: RAAD,
            },
            BankItem {
                key: "raad-rechten",
                kind: ItemKind::Scale,
                text: "De burgemeester komt op voor de rechten van de raad, ook als dat het college niet goed uitkomt.",
                groups: RAAD,
            },
        ],
    },
    BankTheme {
        key: "voorzitter-college",
        title: "Voorzitter van het college",
        intro: "De burgemeester is voorzitter van het college van burgemeester en wethouders. De burgemeester \
                zorgt dat het college als team werkt en dat het beleid een samenhangend geheel is.",
        items: &[
            BankItem {
                key: "college-team",
                kind: ItemKind::Scale,
                text: "De burgemeester zorgt ervoor dat het college als één team werkt.",
                groups: &[Executive, CivilService],
            },
            BankItem {
                key: "college-vergadering",
                kind: ItemKind::Scale,
                text: "De burgemeester leidt collegevergaderingen zo dat er op tijd besluiten worden genomen.",
                groups: COLLEGE,
            },
            BankItem {
                key: "college-ruimte-wethouders",
                kind: ItemKind::Scale,
                text: "De burgemeester geeft wethouders de ruimte om hun eigen portefeuille uit te voeren.",
                groups: COLLEGE,
            },
            BankItem {
                key: "college-meningsverschil",
                kind: ItemKind::Scale,
                text: "De burgemeester maakt meningsverschillen binnen het college bespreekbaar.",
                groups: COLLEGE,
            },
            BankItem {
                key: "college-samenhang",
                kind: ItemKind::Scale,
                text: "De burgemeester let erop dat de besluiten van het college goed op elkaar aansluiten.",
                groups: &[Executive, CivilService],
            },
        ],
    },
    BankTheme {
        key: "openbare-orde-veiligheid",
        title: "Openbare orde en veiligheid",
        intro: "De burgemeester is verantwoordelijk voor de openbare orde en veiligheid in de gemeente. \
                Bij een crisis of ramp heeft de burgemeester de leiding.",
        items: &[
            BankItem {
                key: "oov-bereikbaar",
                kind: ItemKind::Scale,
                text: "De burgemeester is ook buiten kantoortijd bereikbaar bij een ernstig incident.",
                groups: &[SafetyPartners, CivilService],
            },
            BankItem {
                key: "oov-crisis-besluit",
                kind: ItemKind::Scale,
                text: "De burgemeester neemt tijdens een crisis op tijd een besluit.",
                groups: &[SafetyPartners, Executive, CivilService],
            },
            BankItem {
                key: "oov-advies",
                kind: ItemKind::Scale,
                text: "De burgemeester vraagt de veiligheidspartners om advies voordat een besluit valt.",
                groups: &[SafetyPartners],
            },
            BankItem {
                key: "oov-voorbereid",
                kind: ItemKind::Scale,
                text: "De burgemeester komt goed voorbereid naar het overleg met politie en Openbaar Ministerie.",
                groups: &[SafetyPartners],
            },
            BankItem {
                key: "oov-raad-informeren",
                kind: ItemKind::Scale,
                text: "De burgemeester informeert de raad op tijd over belangrijke gebeurtenissen rond veiligheid.",
                groups: RAAD,
            },
            BankItem {
                key: "oov-raad-uitleg",
                kind: ItemKind::Scale,
                text: "De burgemeester legt de raad duidelijk uit waarom een veiligheidsmaatregel nodig is.",
                groups: &[Council],
            },
        ],
    },
    BankTheme {
        key: "burgervader-burgermoeder",
        title: "Burgervader of burgermoeder",
        intro: "De burgemeester is er voor alle inwoners, ook in moeilijke tijden. Als burgervader of \
                burgermoeder brengt de burgemeester mensen en groepen in de gemeente bij elkaar.",
        items: &[
            BankItem {
                key: "burger-zichtbaar",
                kind: ItemKind::Scale,
                text: "De burgemeester is zichtbaar aanwezig in de wijken en dorpen van de gemeente.",
                groups: GEMEENSCHAP,
            },
            BankItem {
                key: "burger-ingrijpend",
                kind: ItemKind::Scale,
                text: "De burgemeester steunt inwoners na ingrijpende gebeurtenissen, zoals een ramp of een zwaar ongeluk.",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "burger-gesprek",
                kind: ItemKind::Scale,
                text: "De burgemeester gaat in gesprek met inwoners die boos of ongerust zijn.",
                groups: GEMEENSCHAP,
            },
            BankItem {
                key: "burger-verbinden",
                kind: ItemKind::Scale,
                text: "De burgemeester brengt groepen bij elkaar als er spanning in de gemeente is.",
                groups: &[Council, Executive, SafetyPartners, ExternalPartners],
            },
            BankItem {
                key: "burger-stille-groepen",
                kind: ItemKind::Scale,
                text: "De burgemeester heeft aandacht voor inwoners die minder snel van zich laten horen.",
                groups: GEMEENSCHAP,
            },
        ],
    },
    BankTheme {
        key: "vertegenwoordiging",
        title: "Vertegenwoordiging naar buiten en in de regio",
        intro: "De burgemeester vertegenwoordigt de gemeente naar buiten: bij andere overheden, in de regio en \
                bij officiële gelegenheden. Daar komt de burgemeester op voor de belangen van de gemeente.",
        items: &[
            BankItem {
                key: "regio-belangen",
                kind: ItemKind::Scale,
                text: "De burgemeester komt in regionale overleggen duidelijk op voor de belangen van de gemeente.",
                groups: &[ExternalPartners, Executive, Council],
            },
            BankItem {
                key: "regio-buurgemeenten",
                kind: ItemKind::Scale,
                text: "De burgemeester zoekt actief samenwerking met buurgemeenten.",
                groups: &[ExternalPartners, Executive, SafetyPartners],
            },
            BankItem {
                key: "regio-netwerk",
                kind: ItemKind::Scale,
                text: "De burgemeester investeert in goede contacten met andere overheden en organisaties.",
                groups: &[ExternalPartners, Executive],
            },
            BankItem {
                key: "regio-officieel",
                kind: ItemKind::Scale,
                text: "De burgemeester vertegenwoordigt de gemeente op een passende manier bij officiële gelegenheden.",
                groups: &[ExternalPartners, Executive, Council],
            },
            BankItem {
                key: "regio-veiligheidsregio",
                kind: ItemKind::Scale,
                text: "De burgemeester levert een actieve bijdrage aan het bestuur van de veiligheidsregio.",
                groups: &[SafetyPartners, Executive],
            },
            BankItem {
                key: "regio-terugkoppeling",
                kind: ItemKind::Scale,
                text: "De burgemeester vertelt de raad wat er in regionale overleggen is besproken.",
                groups: RAAD,
            },
        ],
    },
    BankTheme {
        key: "integriteit-democratie",
        title: "Integriteit en hoeder van de lokale democratie",
        intro: "De burgemeester bevordert de integriteit van het bestuur en bewaakt goede verhoudingen tussen \
                raad en college. Daarbij geeft de burgemeester zelf het goede voorbeeld.",
        items: &[
            BankItem {
                key: "integriteit-voorbeeld",
                kind: ItemKind::Scale,
                text: "De burgemeester houdt zich zelf aan de regels die voor bestuurders gelden.",
                groups: BESTUUR,
            },
            BankItem {
                key: "integriteit-bespreekbaar",
                kind: ItemKind::Scale,
                text: "De burgemeester maakt integriteit regelmatig bespreekbaar.",
                groups: BESTUUR,
            },
            BankItem {
                key: "integriteit-meldingen",
                kind: ItemKind::Scale,
                text: "De burgemeester gaat zorgvuldig om met meldingen over mogelijk niet-integer gedrag.",
                groups: BESTUUR,
            },
            BankItem {
                key: "integriteit-nevenfuncties",
                kind: ItemKind::Scale,
                text: "De burgemeester is open over de eigen nevenfuncties.",
                groups: RAAD,
            },
            BankItem {
                key: "democratie-verhoudingen",
                kind: ItemKind::Scale,
                text: "De burgemeester grijpt in als de verhouding tussen raad en college onder druk staat.",
                groups: RAAD,
            },
            BankItem {
                key: "democratie-informatie",
                kind: ItemKind::Scale,
                text: "De burgemeester let erop dat het college de raad volledig informeert.",
                groups: BESTUUR,
            },
        ],
    },
    BankTheme {
        key: "samenwerking-communicatie",
        title: "Samenwerking en communicatie",
        intro: "Hier gaat het om hoe de burgemeester met u samenwerkt en communiceert. \
                Denk aan uw eigen contacten met de burgemeester.",
        items: &[
            BankItem {
                key: "samen-bereikbaar",
                kind: ItemKind::Scale,
                text: "De burgemeester is goed bereikbaar voor overleg.",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "samen-luisteren",
                kind: ItemKind::Scale,
                text: "De burgemeester luistert serieus naar standpunten die afwijken van de eigen mening.",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "samen-afspraken",
                kind: ItemKind::Scale,
                text: "De burgemeester komt gemaakte afspraken na.",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "samen-begrijpelijk",
                kind: ItemKind::Scale,
                text: "De burgemeester legt ingewikkelde onderwerpen uit in begrijpelijke taal.",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "samen-kritiek",
                kind: ItemKind::Scale,
                text: "De burgemeester reageert open op kritiek.",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "samen-waardering",
                kind: ItemKind::Scale,
                text: "De burgemeester spreekt waardering uit voor het werk van anderen.",
                groups: ALL_RATERS,
            },
        ],
    },
    BankTheme {
        key: "boodschap",
        title: "Uw boodschap aan de burgemeester",
        intro: "Tot slot vragen we wat u de burgemeester wilt meegeven. Beschrijf zo concreet mogelijk \
                gedrag dat u zelf hebt gezien of gehoord.",
        items: &[
            BankItem {
                key: "open-goed",
                kind: OPEN,
                text: "Wat gaat goed? Wat moet de burgemeester vooral blijven doen?",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "open-beter",
                kind: OPEN,
                text: "Wat kan beter? Welk gedrag kan de burgemeester concreet veranderen?",
                groups: ALL_RATERS,
            },
            BankItem {
                key: "open-meegeven",
                kind: OPEN,
                text: "Wat wilt u de burgemeester meegeven voor de komende periode?",
                groups: ALL_RATERS,
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn items() -> impl Iterator<Item = &'static BankItem> {
        BANK.iter().flat_map(|t| t.items.iter())
    }

    /// The items of the theme with this key (none if there is no such theme).
    fn theme_items(key: &str) -> &'static [BankItem] {
        BANK.iter().find(|t| t.key == key).map_or(&[], |t| t.items)
    }

    fn is_slug(key: &str) -> bool {
        !key.is_empty()
            && key.len() <= 40
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !key.starts_with('-')
            && !key.ends_with('-')
    }

    #[test]
    fn every_key_is_unique() {
        let mut seen = HashSet::new();
        for key in BANK.iter().map(|t| t.key).chain(items().map(|i| i.key)) {
            assert!(seen.insert(key), "duplicate key {key}");
        }
    }

    #[test]
    fn every_key_is_a_short_ascii_slug() {
        for key in BANK.iter().map(|t| t.key).chain(items().map(|i| i.key)) {
            assert!(is_slug(key), "not a slug: {key:?}");
        }
    }

    #[test]
    fn no_item_targets_the_self_assessment() {
        for item in items() {
            assert!(
                !item.groups.iter().any(|g| g.is_self()),
                "{} targets the self-assessment",
                item.key
            );
        }
    }

    #[test]
    fn every_item_targets_at_least_one_group_and_none_twice() {
        for item in items() {
            assert!(!item.groups.is_empty(), "{} targets nobody", item.key);
            let distinct: HashSet<_> = item.groups.iter().collect();
            assert_eq!(
                distinct.len(),
                item.groups.len(),
                "{} lists a group twice",
                item.key
            );
        }
    }

    #[test]
    fn every_rater_group_gets_at_least_eight_scale_items() {
        for group in DefaultGroup::RATERS {
            let count = items()
                .filter(|i| i.kind == ItemKind::Scale && i.groups.contains(&group))
                .count();
            assert!(count >= 8, "{} gets only {count} scale items", group.key());
        }
    }

    #[test]
    fn every_theme_has_an_intro_and_items() {
        for theme in BANK {
            assert!(!theme.title.trim().is_empty(), "{} has no title", theme.key);
            assert!(!theme.intro.trim().is_empty(), "{} has no intro", theme.key);
            assert!(
                theme.intro.ends_with('.'),
                "{} intro is not a sentence",
                theme.key
            );
            assert!(!theme.items.is_empty(), "{} has no items", theme.key);
        }
    }

    #[test]
    fn themes_follow_the_mayors_roles_and_end_with_the_open_questions() {
        let keys: Vec<_> = BANK.iter().map(|t| t.key).collect();
        assert_eq!(
            keys,
            [
                "voorzitter-raad",
                "voorzitter-college",
                "openbare-orde-veiligheid",
                "burgervader-burgermoeder",
                "vertegenwoordiging",
                "integriteit-democratie",
                "samenwerking-communicatie",
                "boodschap",
            ]
        );
        assert_eq!(
            BANK.last().map(|t| t.title),
            Some("Uw boodschap aan de burgemeester")
        );
    }

    #[test]
    fn role_themes_hold_four_to_six_statements_about_the_mayor() {
        for theme in &BANK[..BANK.len() - 1] {
            assert!(
                (4..=6).contains(&theme.items.len()),
                "{} has {} items",
                theme.key,
                theme.items.len()
            );
            for item in theme.items {
                assert_eq!(
                    item.kind,
                    ItemKind::Scale,
                    "{} is not a statement",
                    item.key
                );
                assert!(
                    item.text.starts_with("De burgemeester "),
                    "{} does not start with the mayor",
                    item.key
                );
                assert!(item.text.ends_with('.'), "{} is not a statement", item.key);
            }
        }
    }

    #[test]
    fn open_questions_reach_every_rater_group() {
        let open: Vec<_> = items()
            .filter(|i| matches!(i.kind, ItemKind::Open { .. }))
            .collect();
        assert_eq!(open.len(), 3);
        for item in &open {
            assert_eq!(
                item.kind,
                ItemKind::Open {
                    max_chars: DEFAULT_OPEN_MAX_CHARS
                }
            );
            assert!(item.text.ends_with('?'), "{} is not a question", item.key);
            for group in DefaultGroup::RATERS {
                assert!(
                    item.groups.contains(&group),
                    "{} misses {}",
                    item.key,
                    group.key()
                );
            }
        }
        let last = theme_items("boodschap");
        assert_eq!(last.len(), open.len());
        assert!(last.iter().all(|i| open.iter().any(|o| o.key == i.key)));
    }

    #[test]
    fn public_order_items_reach_the_safety_partners() {
        let oov = theme_items("openbare-orde-veiligheid");
        assert!(!oov.is_empty());
        let for_partners = oov
            .iter()
            .filter(|i| i.groups.contains(&SafetyPartners))
            .count();
        assert!(
            for_partners >= 4,
            "only {for_partners} public order items reach the safety partners"
        );
        // The others are about how the raad is informed, so the raad judges them.
        for item in oov.iter().filter(|i| !i.groups.contains(&SafetyPartners)) {
            assert!(
                item.groups.contains(&Council),
                "{} reaches neither safety partners nor raad",
                item.key
            );
        }
    }

    #[test]
    fn council_items_stay_with_those_who_see_the_raad() {
        let raad = theme_items("voorzitter-raad");
        assert!(!raad.is_empty());
        for item in raad {
            assert!(
                item.groups.contains(&Council),
                "{} misses the raad",
                item.key
            );
            assert!(
                item.groups.iter().all(|g| [Council, Executive].contains(g)),
                "{} reaches outsiders",
                item.key
            );
        }
    }

    #[test]
    fn statements_are_short_enough() {
        for item in items() {
            let len = item.text.chars().count();
            assert!(len <= 160, "{} has {len} characters", item.key);
        }
        for theme in BANK {
            assert!(
                theme.intro.chars().count() <= 300,
                "{} intro is too long",
                theme.key
            );
        }
    }

    #[test]
    fn texts_have_no_stray_whitespace() {
        let texts = BANK
            .iter()
            .flat_map(|t| [t.title, t.intro])
            .chain(items().map(|i| i.text));
        for text in texts {
            assert_eq!(text, text.trim());
            assert!(!text.contains("  "), "double space in {text:?}");
        }
    }
}

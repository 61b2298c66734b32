//! The verslag of a klankbordgesprek (handreiking, stap 4): its headings, its
//! states, who signs it, and the exact text of one version that signatures
//! bind to. Pure: the service stores a [`VerslagDocument`] as JSON next to
//! the SHA-256 of its [`VerslagDocument::canonical_text`] (computed in
//! `security::digest`), and the archive copy (`pdf::verslag`) is rendered
//! from that stored document only, so it can be rendered again identically.

use serde::{Deserialize, Serialize};

use crate::domain::staff::Role;

/// The headings a municipality starts from (the handreiking's "Opbouw
/// gesprek"); the griffier can change them per round before writing.
pub const DEFAULT_HEADINGS: [&str; 6] = [
    "Terugblik op gemaakte afspraken",
    "Reflectie op profielschets en rollen van de burgemeester",
    "Reflectie op de rollen van de gemeenteraad",
    "Toekomstverkenning",
    "Gemeentelijke ontwikkelingen en gevolgen voor het ambt",
    AGREEMENTS_HEADING,
];
/// The heading whose section is filled from the round's agreements.
pub const AGREEMENTS_HEADING: &str = "Afspraken";
/// The confidentiality marking on every page of the archive copy, unless the
/// municipality sets its own.
pub const DEFAULT_MARKING: &str = "Geheim — verslag van het klankbordgesprek";
/// Limits (the same in forms, README and `deploy/`).
pub const HEADING_MAX: usize = 120;
pub const HEADINGS_MAX: usize = 15;
pub const SECTION_MAX: usize = 20_000;
pub const COMMENT_MAX: usize = 2_000;
pub const REPLY_MAX: usize = 1_000;
pub const MARKING_MAX: usize = 120;
/// A signature needs a second factor entered at most this long ago.
pub const FRESH_FACTOR_SECS: i64 = 5 * 60;

/// Where a verslag is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerslagState {
    /// Opzet: the griffier writes; only the griffier sees it.
    Writing,
    /// Concept: participants read it and comment per heading.
    Concept,
    /// Definitieve versie: comments processed; open for signatures.
    Definitive,
    /// Vastgesteld: every required signature is there; never changes again.
    Adopted,
}

impl VerslagState {
    pub const ALL: [VerslagState; 4] = [
        Self::Writing,
        Self::Concept,
        Self::Definitive,
        Self::Adopted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Writing => "opzet",
            Self::Concept => "concept",
            Self::Definitive => "definitief",
            Self::Adopted => "vastgesteld",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Writing => "In voorbereiding",
            Self::Concept => "Concept",
            Self::Definitive => "Definitieve versie",
            Self::Adopted => "Vastgesteld",
        }
    }
}

/// What the griffier did with a comment on the concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommentOutcome {
    /// The text was changed.
    Changed,
    /// Recorded as a kanttekening: a dissenting view that stays in the verslag.
    Kanttekening,
    /// Not taken over, with a reply.
    NotTakenOver,
}

impl CommentOutcome {
    pub const ALL: [CommentOutcome; 3] = [Self::Changed, Self::Kanttekening, Self::NotTakenOver];

    pub fn code(self) -> &'static str {
        match self {
            Self::Changed => "verwerkt",
            Self::Kanttekening => "kanttekening",
            Self::NotTakenOver => "niet-overgenomen",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Changed => "Tekst aangepast",
            Self::Kanttekening => "Opgenomen als kanttekening",
            Self::NotTakenOver => "Niet overgenomen",
        }
    }
}

/// Who must sign: a municipality setting. The voorzitter and the
/// burgemeester always sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SigningRule {
    /// The griffier signs as secretaris.
    pub clerk_signs: bool,
    /// Every participant of the gesprek signs.
    pub every_participant: bool,
}

/// Whether a participant with this role in the gesprek must sign.
pub fn must_sign(rule: SigningRule, role: Role) -> bool {
    match role {
        Role::Chair | Role::Mayor => true,
        Role::Clerk => rule.clerk_signs || rule.every_participant,
        Role::DelegationMember => rule.every_participant,
        Role::CouncilMember => false,
    }
}

/// Who may open a round's verslag: the griffier; whoever took part in that
/// gesprek (the burgemeester of that gesprek among them); and, when the
/// municipality allows it (default), the current klankbordcommissie, also
/// for verslagen of an earlier council. A later burgemeester who did not
/// take part does not.
pub fn may_read_verslag(roles: &[Role], took_part: bool, commission_reads_earlier: bool) -> bool {
    roles.contains(&Role::Clerk)
        || took_part
        || (commission_reads_earlier
            && roles
                .iter()
                .any(|r| matches!(r, Role::Chair | Role::DelegationMember)))
}

/// A heading as a municipality or a round sets it before writing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingSpec {
    pub heading: String,
    /// The one heading filled from the round's agreements.
    pub agreements: bool,
}

/// The handreiking's headings.
pub fn default_headings() -> Vec<HeadingSpec> {
    DEFAULT_HEADINGS
        .iter()
        .map(|h| HeadingSpec {
            heading: (*h).to_owned(),
            agreements: *h == AGREEMENTS_HEADING,
        })
        .collect()
}

/// A municipality's verslag settings (defaults until the griffier changes them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerslagSettings {
    pub headings: Vec<HeadingSpec>,
    pub signing: SigningRule,
    pub marking: String,
    /// The current klankbordcommissie may read earlier councils' verslagen.
    pub commission_reads_earlier: bool,
}

impl Default for VerslagSettings {
    fn default() -> Self {
        Self {
            headings: default_headings(),
            signing: SigningRule::default(),
            marking: DEFAULT_MARKING.to_owned(),
            commission_reads_earlier: true,
        }
    }
}

/// One heading of a verslag and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    /// Plain-text paragraphs (no markup from users).
    pub paragraphs: Vec<String>,
    /// Dissenting views that stay in the verslag.
    pub kanttekeningen: Vec<Kanttekening>,
    /// Whether this section is the agreements list (filled from the round's
    /// recorded agreements, not typed).
    pub agreements: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kanttekening {
    pub text: String,
    /// Whose view it is, when the commenter agreed to be named.
    pub holder: Option<String>,
}

/// An agreement as the verslag lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementEntry {
    pub what: String,
    pub responsible: String,
    pub monitor: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

/// Someone who took part in the gesprek, as the verslag names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantEntry {
    pub name: String,
    /// "voorzitter", "burgemeester", … (`Role::label`).
    pub role: String,
}

/// The appendix: the published summary, or the sentence that says the
/// input of referenten was shared with the commissie only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Appendix {
    /// The sharing mode lets the burgemeester see results: the main signals
    /// and the theme table of the released view, as text.
    Results(ResultsAppendix),
    /// The sharing mode keeps results from the burgemeester.
    CommissionOnly,
}

/// Only what the released view shows, already written out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsAppendix {
    /// The main signals, one sentence each.
    pub signals: Vec<String>,
    /// Column headings of the theme table (first: "Thema").
    pub columns: Vec<String>,
    /// One row per theme: its title and one cell per column after the first.
    pub rows: Vec<Vec<String>>,
    /// What the figures mean (scale, k, hidden cells).
    pub note: String,
}

/// The sentence in place of the appendix when results stay with the commissie.
pub const COMMISSION_ONLY: &str = "De inbreng van de referenten is alleen met de klankbordcommissie gedeeld en is daarom niet bij dit verslag gevoegd.";

/// A verslag this one corrects (a vastgesteld verslag is never edited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The corrected verslag's version hash.
    pub hash: String,
    /// `YYYY-MM-DD`: when the corrected verslag was vastgesteld.
    pub adopted_on: String,
}

/// The whole text of one version: what is shown, signed, hashed and archived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerslagDocument {
    pub municipality: String,
    pub mayor: String,
    /// `RoundKind::label`, e.g. "klankbordgesprek richting herbenoeming".
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub meeting_on: String,
    /// 1, 2, …: every new version of the text counts up.
    pub version: u32,
    pub participants: Vec<ParticipantEntry>,
    pub sections: Vec<Section>,
    pub agreements: Vec<AgreementEntry>,
    pub appendix: Appendix,
    pub corrects: Option<Correction>,
}

impl VerslagDocument {
    /// The title: "Verslag van het klankbordgesprek met burgemeester X".
    pub fn title(&self) -> String {
        format!(
            "Verslag van het {} met burgemeester {}",
            self.kind, self.mayor
        )
    }

    /// The exact text a signature binds to: every field in a fixed order,
    /// each line prefixed by what it is, line breaks normalised to `\n`, no
    /// trailing spaces. Two documents have the same canonical text only if
    /// they say the same.
    pub fn canonical_text(&self) -> String {
        let mut out = String::new();
        let mut line = |label: &str, value: &str| {
            for (i, part) in normalise(value).split('\n').enumerate() {
                out.push_str(if i == 0 { label } else { "+" });
                out.push('\t');
                out.push_str(part.trim_end());
                out.push('\n');
            }
        };
        line("klankbord-verslag", "1");
        line("gemeente", &self.municipality);
        line("burgemeester", &self.mayor);
        line("gesprek", &self.kind);
        line("datum", &self.meeting_on);
        line("versie", &self.version.to_string());
        if let Some(c) = &self.corrects {
            line("corrigeert", &c.hash);
            line("vastgesteld-op", &c.adopted_on);
        }
        for p in &self.participants {
            line("aanwezig", &format!("{} ({})", p.name, p.role));
        }
        for s in &self.sections {
            line("kop", &s.heading);
            for p in &s.paragraphs {
                line("alinea", p);
            }
            for k in &s.kanttekeningen {
                line("kanttekening", &k.text);
                if let Some(h) = &k.holder {
                    line("van", h);
                }
            }
            if s.agreements {
                for a in &self.agreements {
                    line("afspraak", &a.what);
                    line("verantwoordelijk", &a.responsible);
                    line("bewaakt-door", &a.monitor);
                    line("uiterlijk", &a.due_on);
                }
            }
        }
        match &self.appendix {
            Appendix::CommissionOnly => line("bijlage", COMMISSION_ONLY),
            Appendix::Results(r) => {
                line("bijlage", "uitkomsten");
                for s in &r.signals {
                    line("signaal", s);
                }
                line("kolommen", &r.columns.join("\u{1f}"));
                for row in &r.rows {
                    line("rij", &row.join("\u{1f}"));
                }
                line("toelichting", &r.note);
            }
        }
        out
    }
}

/// `\r\n` and `\r` become `\n`.
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// One signature on the archive copy's last page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureLine {
    pub name: String,
    /// `Role::label` of the signer in the gesprek.
    pub role: String,
    /// RFC 3339 in UTC, seconds.
    pub signed_at: String,
}

/// A vastgesteld verslag with everything its archive copy shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveCopy {
    pub document: VerslagDocument,
    /// Lowercase hex SHA-256 of the canonical text.
    pub hash: String,
    /// The municipality's confidentiality marking.
    pub marking: String,
    pub signatures: Vec<SignatureLine>,
    /// RFC 3339 in UTC: the last required signature.
    pub adopted_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> VerslagDocument {
        VerslagDocument {
            municipality: "Gemeente Voorbeeld".into(),
            mayor: "A. de Vries".into(),
            kind: "klankbordgesprek".into(),
            meeting_on: "2026-11-30".into(),
            version: 1,
            participants: vec![ParticipantEntry {
                name: "B. Jansen".into(),
                role: "voorzitter".into(),
            }],
            sections: DEFAULT_HEADINGS
                .iter()
                .map(|h| Section {
                    heading: (*h).into(),
                    paragraphs: vec!["Eerste alinea.\r\nTweede regel.".into()],
                    kanttekeningen: vec![],
                    agreements: *h == AGREEMENTS_HEADING,
                })
                .collect(),
            agreements: vec![AgreementEntry {
                what: "Werkbezoek".into(),
                responsible: "burgemeester".into(),
                monitor: "voorzitter".into(),
                due_on: "2027-03-01".into(),
            }],
            appendix: Appendix::CommissionOnly,
            corrects: None,
        }
    }

    #[test]
    fn canonical_text_changes_with_every_field() {
        let base = doc().canonical_text();
        let mut changed = Vec::new();
        let mut d = doc();
        d.version = 2;
        changed.push(d);
        let mut d = doc();
        d.sections[0].paragraphs[0].push('!');
        changed.push(d);
        let mut d = doc();
        d.sections[1].kanttekeningen.push(Kanttekening {
            text: "Ik zie dat anders.".into(),
            holder: None,
        });
        changed.push(d);
        let mut d = doc();
        d.agreements[0].due_on = "2027-03-02".into();
        changed.push(d);
        let mut d = doc();
        d.appendix = Appendix::Results(ResultsAppendix {
            signals: vec![],
            columns: vec!["Thema".into()],
            rows: vec![],
            note: String::new(),
        });
        changed.push(d);
        let mut d = doc();
        d.participants.clear();
        changed.push(d);
        for d in changed {
            assert_ne!(d.canonical_text(), base);
        }
    }

    #[test]
    fn a_field_cannot_pose_as_another() {
        // A paragraph holding a line that looks like a heading stays a
        // continuation line, so it differs from a real heading.
        let mut a = doc();
        a.sections[0].paragraphs = vec!["Tekst\nkop\tNep".into()];
        let mut b = doc();
        b.sections[0].paragraphs = vec!["Tekst".into()];
        b.sections.insert(
            1,
            Section {
                heading: "Nep".into(),
                paragraphs: vec![],
                kanttekeningen: vec![],
                agreements: false,
            },
        );
        assert_ne!(a.canonical_text(), b.canonical_text());
    }

    #[test]
    fn line_breaks_are_normalised() {
        let mut a = doc();
        a.sections[0].paragraphs = vec!["Een\r\ntwee".into()];
        let mut b = doc();
        b.sections[0].paragraphs = vec!["Een\ntwee".into()];
        assert_eq!(a.canonical_text(), b.canonical_text());
    }

    #[test]
    fn chair_and_mayor_always_sign() {
        for rule in [
            SigningRule::default(),
            SigningRule {
                clerk_signs: true,
                every_participant: true,
            },
        ] {
            assert!(must_sign(rule, Role::Chair));
            assert!(must_sign(rule, Role::Mayor));
        }
        assert!(!must_sign(SigningRule::default(), Role::Clerk));
        assert!(!must_sign(SigningRule::default(), Role::DelegationMember));
        let all = SigningRule {
            clerk_signs: false,
            every_participant: true,
        };
        assert!(must_sign(all, Role::DelegationMember));
        assert!(must_sign(all, Role::Clerk));
    }

    #[test]
    fn who_reads_a_verslag() {
        assert!(may_read_verslag(&[Role::Clerk], false, false));
        assert!(may_read_verslag(&[Role::Mayor], true, false));
        assert!(!may_read_verslag(&[Role::Mayor], false, true));
        assert!(may_read_verslag(&[Role::DelegationMember], false, true));
        assert!(!may_read_verslag(&[Role::DelegationMember], false, false));
        assert!(!may_read_verslag(&[Role::CouncilMember], false, true));
    }

    #[test]
    fn states_round_trip() {
        for s in VerslagState::ALL {
            assert_eq!(VerslagState::parse(s.code()), Some(s));
        }
        for o in CommentOutcome::ALL {
            assert_eq!(CommentOutcome::parse(o.code()), Some(o));
        }
    }
}

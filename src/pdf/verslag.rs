//! The archive copy of a vastgesteld verslag (handreiking, stap 4): the
//! whole text of the signed version as a tagged PDF/A-2a document, with the
//! municipality's confidentiality marking on every page and, on the last
//! page, who signed when and the version's kenmerk (SHA-256 of its
//! canonical text). Built from the stored [`ArchiveCopy`] only, with the
//! document id derived from the kenmerk, so the same copy always gives the
//! same bytes.

use crate::domain::verslag::{
    AgreementEntry, Appendix, ArchiveCopy, COMMISSION_ONLY, ResultsAppendix, Section,
};
use crate::dutch::{date_text, instant_text};

use super::document::{Align, Block, Column, Conformance, Document, Style, Table};
use super::{PdfError, capitalised};

/// The archive copy as a PDF/A-2a file.
pub fn render_archive_copy(copy: &ArchiveCopy) -> Result<Vec<u8>, PdfError> {
    super::render(&archive_document(copy))
}

/// The file name for a download: "verslag-klankbordgesprek-2026-11-30-1a2b3c4d.pdf"
/// (the meeting day and the kenmerk's first 8 hex digits). Only ASCII
/// letters, digits and hyphens, whatever the stored fields hold.
pub fn archive_file_name(copy: &ArchiveCopy) -> String {
    let day = copy
        .document
        .meeting_on
        .parse::<jiff::civil::Date>()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let code: String = copy
        .hash
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let parts: Vec<&str> = ["verslag-klankbordgesprek", &day, &code]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    format!("{}.pdf", parts.join("-"))
}

/// How a reader checks the kenmerk on the last page.
pub const HASH_CHECK: &str = "Controleren: het kenmerk is de SHA-256 van de canonieke tekst van deze versie van het verslag, zoals Klankbord die bewaart; wie die tekst opnieuw met SHA-256 berekent en dezelfde 64 tekens krijgt, weet dat de tekst na de ondertekening niet is veranderd.";

/// "gemeente Teststad", also when the stored name already says "Gemeente".
fn municipality(name: &str) -> String {
    let name = name.trim();
    let bare = name
        .strip_prefix("Gemeente ")
        .or_else(|| name.strip_prefix("gemeente "))
        .unwrap_or(name);
    format!("gemeente {}", bare.trim())
}

/// The whole archive copy, in reading order.
pub fn archive_document(copy: &ArchiveCopy) -> Document {
    let doc = &copy.document;
    let place = municipality(&doc.municipality);
    let meeting = date_text(&doc.meeting_on);
    let mut blocks = vec![Block::Paragraph(Style::Note, capitalised(&place))];
    blocks.push(Block::Title(doc.title()));
    blocks.push(Block::Paragraph(
        Style::Lead,
        format!("{}, {}, op {meeting}.", capitalised(&doc.kind), place),
    ));
    blocks.push(Block::Paragraph(Style::Strong, copy.marking.clone()));
    if let Some(c) = &doc.corrects {
        blocks.push(Block::Aside {
            label: "Correctie".into(),
            text: format!(
                "Dit verslag corrigeert het verslag dat op {} werd vastgesteld, met kenmerk {}. Dat verslag blijft ongewijzigd bewaard.",
                date_text(&c.adopted_on),
                c.hash
            ),
        });
    }
    blocks.push(Block::Paragraph(
        Style::Body,
        format!(
            "Versie {}, vastgesteld op {}. Dit is het archiefexemplaar van de ondertekende versie.",
            doc.version,
            instant_text(&copy.adopted_at)
        ),
    ));
    blocks.push(Block::Heading(2, "Aanwezig".into()));
    if doc.participants.is_empty() {
        blocks.push(Block::Paragraph(
            Style::Note,
            "Er zijn geen deelnemers vastgelegd.".into(),
        ));
    } else {
        blocks.push(Block::List(
            doc.participants
                .iter()
                .map(|p| format!("{} ({})", p.name, p.role.to_lowercase()))
                .collect(),
        ));
    }
    for section in &doc.sections {
        section_blocks(&mut blocks, section, &doc.agreements);
    }
    blocks.push(Block::Heading(2, "Bijlage: inbreng van referenten".into()));
    match &doc.appendix {
        Appendix::CommissionOnly => {
            blocks.push(Block::Paragraph(Style::Body, COMMISSION_ONLY.into()))
        }
        Appendix::Results(r) => results_blocks(&mut blocks, r),
    }
    signature_blocks(&mut blocks, copy);
    Document {
        title: doc.title(),
        subject: format!(
            "Vastgesteld verslag van het {} met burgemeester {}, {place}, op {meeting} (versie {}, kenmerk {}).",
            doc.kind, doc.mayor, doc.version, copy.hash
        ),
        id: format!("klankbord/verslag/{}", copy.hash),
        running_head: format!("Verslag {} · {place}", doc.kind),
        marking: copy.marking.clone(),
        footer: format!(
            "Klankbord · archiefexemplaar · kenmerk {}",
            short(&copy.hash)
        ),
        created: copy.adopted_at.parse().ok(),
        conformance: Conformance::Archive,
        blocks,
    }
}

/// The kenmerk's first 16 hex digits (the full one is on the last page).
fn short(hash: &str) -> String {
    hash.chars().take(16).collect()
}

fn section_blocks(blocks: &mut Vec<Block>, section: &Section, agreements: &[AgreementEntry]) {
    blocks.push(Block::Heading(2, section.heading.clone()));
    for p in &section.paragraphs {
        blocks.push(Block::Paragraph(Style::Body, p.clone()));
    }
    if section.agreements {
        blocks.push(agreements_block(agreements));
    } else if section.paragraphs.is_empty() && section.kanttekeningen.is_empty() {
        blocks.push(Block::Paragraph(
            Style::Note,
            "Onder deze kop is niets vastgelegd.".into(),
        ));
    }
    for k in &section.kanttekeningen {
        blocks.push(Block::Aside {
            label: match &k.holder {
                Some(h) => format!("Kanttekening van {h}"),
                None => "Kanttekening".into(),
            },
            text: k.text.clone(),
        });
    }
}

fn column(title: &str, weight: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        weight,
        align,
    }
}

fn agreements_block(agreements: &[AgreementEntry]) -> Block {
    if agreements.is_empty() {
        return Block::Paragraph(Style::Body, "Er zijn geen afspraken vastgelegd.".into());
    }
    Block::Table(Table {
        caption: "Afspraken uit het gesprek".into(),
        columns: vec![
            column("Afspraak", 2.4, Align::Left),
            column("Verantwoordelijk", 1.3, Align::Left),
            column("Bewaakt door", 1.6, Align::Left),
            column("Uiterlijk", 1.4, Align::Left),
        ],
        rows: agreements
            .iter()
            .map(|a| {
                vec![
                    a.what.clone(),
                    a.responsible.clone(),
                    a.monitor.clone(),
                    date_text(&a.due_on),
                ]
            })
            .collect(),
        row_headers: true,
    })
}

fn results_blocks(blocks: &mut Vec<Block>, r: &ResultsAppendix) {
    if !r.signals.is_empty() {
        blocks.push(Block::Heading(3, "Belangrijkste signalen".into()));
        blocks.push(Block::List(r.signals.clone()));
    }
    if !r.columns.is_empty() {
        blocks.push(Block::Table(Table {
            caption: "Gemiddelde score per thema".into(),
            columns: r
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        column(c, 2.5, Align::Left)
                    } else {
                        column(c, 1.0, Align::Right)
                    }
                })
                .collect(),
            rows: r.rows.clone(),
            row_headers: true,
        }));
    }
    if !r.note.is_empty() {
        blocks.push(Block::Paragraph(Style::Note, r.note.clone()));
    }
}

/// The last page: who signed when, and the kenmerk with how to check it.
fn signature_blocks(blocks: &mut Vec<Block>, copy: &ArchiveCopy) {
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading(2, "Ondertekening".into()));
    blocks.push(Block::Paragraph(
        Style::Body,
        format!(
            "Dit verslag is vastgesteld op {}, toen de laatste vereiste handtekening er was. Iedere ondertekenaar heeft deze versie in Klankbord goedgekeurd na een nieuwe controle met de tweede factor.",
            instant_text(&copy.adopted_at)
        ),
    ));
    blocks.push(Block::Table(Table {
        caption: "Ondertekend door".into(),
        columns: vec![
            column("Naam", 1.6, Align::Left),
            column("Rol", 1.2, Align::Left),
            column("Ondertekend op (Nederlandse tijd)", 2.2, Align::Left),
        ],
        rows: copy
            .signatures
            .iter()
            .map(|s| vec![s.name.clone(), s.role.clone(), instant_text(&s.signed_at)])
            .collect(),
        row_headers: true,
    }));
    blocks.push(Block::Heading(
        3,
        "Kenmerk van deze versie (SHA-256)".into(),
    ));
    blocks.push(Block::Paragraph(Style::Strong, copy.hash.clone()));
    blocks.push(Block::Paragraph(Style::Note, HASH_CHECK.into()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::verslag::{
        Correction, Kanttekening, ParticipantEntry, SignatureLine, VerslagDocument,
    };
    use crate::pdf::layout;

    fn copy() -> ArchiveCopy {
        ArchiveCopy {
            document: VerslagDocument {
                municipality: "Teststad".into(),
                mayor: "A. de Vries".into(),
                kind: "klankbordgesprek".into(),
                meeting_on: "2026-11-30".into(),
                version: 2,
                participants: vec![ParticipantEntry {
                    name: "B. Jansen".into(),
                    role: "Voorzitter".into(),
                }],
                sections: vec![
                    Section {
                        heading: "Terugblik".into(),
                        paragraphs: vec!["Het gesprek verliep goed.".into()],
                        kanttekeningen: vec![Kanttekening {
                            text: "Ik zie dat anders.".into(),
                            holder: Some("C. Bakker".into()),
                        }],
                        agreements: false,
                    },
                    Section {
                        heading: "Afspraken".into(),
                        paragraphs: vec![],
                        kanttekeningen: vec![],
                        agreements: true,
                    },
                ],
                agreements: vec![AgreementEntry {
                    what: "Werkbezoek".into(),
                    responsible: "burgemeester".into(),
                    monitor: "voorzitter".into(),
                    due_on: "2027-03-01".into(),
                }],
                appendix: Appendix::CommissionOnly,
                corrects: None,
            },
            hash: "ab".repeat(32),
            marking: "Geheim — verslag van het klankbordgesprek".into(),
            signatures: vec![SignatureLine {
                name: "B. Jansen".into(),
                role: "voorzitter".into(),
                signed_at: "2026-12-03T09:15:00Z".into(),
            }],
            adopted_at: "2026-12-03T09:15:00Z".into(),
        }
    }

    #[test]
    fn the_document_says_what_was_signed_and_ends_with_the_signatures_and_the_kenmerk() {
        let c = copy();
        let doc = archive_document(&c);
        assert_eq!(doc.conformance, Conformance::Archive);
        assert_eq!(
            doc.title,
            "Verslag van het klankbordgesprek met burgemeester A. de Vries"
        );
        assert_eq!(doc.marking, c.marking);
        assert_eq!(doc.id, format!("klankbord/verslag/{}", c.hash));
        assert_eq!(doc.created, Some("2026-12-03T09:15:00Z".parse().unwrap()));
        assert!(
            doc.blocks
                .contains(&Block::Paragraph(Style::Strong, c.marking.clone())),
            "the marking on the first page"
        );
        let lead = format!("{:?}", doc.blocks[2]);
        assert!(lead.contains("maandag 30 november 2026"), "{lead}");
        assert!(doc.blocks.contains(&Block::Aside {
            label: "Kanttekening van C. Bakker".into(),
            text: "Ik zie dat anders.".into(),
        }));
        let tables: Vec<&Table> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(
            tables[0].rows,
            [[
                "Werkbezoek",
                "burgemeester",
                "voorzitter",
                "maandag 1 maart 2027"
            ]]
        );
        assert!(
            doc.blocks
                .contains(&Block::Paragraph(Style::Body, COMMISSION_ONLY.into()))
        );
        // Amsterdam time: 09:15 UTC is 10:15 in winter.
        assert_eq!(
            tables[1].rows,
            [[
                "B. Jansen",
                "voorzitter",
                "donderdag 3 december 2026 om 10:15 uur"
            ]]
        );
        // After the page break: only the signature page.
        let brk = doc
            .blocks
            .iter()
            .position(|b| *b == Block::PageBreak)
            .unwrap();
        let last = format!("{:?}", &doc.blocks[brk..]);
        assert!(last.contains("Ondertekening") && last.contains(&c.hash));
        assert!(!format!("{:?}", &doc.blocks[..brk]).contains(&c.hash));
    }

    #[test]
    fn a_correction_says_so_at_the_top() {
        let mut c = copy();
        c.document.corrects = Some(Correction {
            hash: "cd".repeat(32),
            adopted_on: "2026-10-01".into(),
        });
        let doc = archive_document(&c);
        let title = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Title(_)))
            .unwrap();
        let Block::Aside { label, text } = &doc.blocks[title + 3] else {
            panic!("{:?}", doc.blocks[title + 3]);
        };
        assert_eq!(label, "Correctie");
        assert!(text.contains("donderdag 1 oktober 2026") && text.contains(&"cd".repeat(32)));
    }

    #[test]
    fn the_signatures_fit_on_the_last_page() {
        let mut c = copy();
        c.signatures = (0..12)
            .map(|i| SignatureLine {
                name: format!("Ondertekenaar {i}"),
                role: "delegatielid".into(),
                signed_at: "2026-12-03T09:15:00Z".into(),
            })
            .collect();
        let doc = archive_document(&c);
        let fonts = crate::pdf::fonts::Fonts::load().unwrap();
        let pages = layout::paginate(layout::units(&doc.blocks, &fonts));
        let brk = doc
            .blocks
            .iter()
            .position(|b| *b == Block::PageBreak)
            .unwrap();
        let last = pages.last().unwrap();
        assert!(last.iter().all(|p| p.unit.block > brk));
        let first_after = pages
            .iter()
            .position(|p| p.iter().any(|u| u.unit.block > brk))
            .unwrap();
        assert_eq!(first_after, pages.len() - 1, "one page for the signatures");
    }

    #[test]
    fn the_file_name_holds_the_day_and_the_kenmerk() {
        let mut c = copy();
        c.hash = format!("1A2b3c4d{}", "0".repeat(56));
        assert_eq!(
            archive_file_name(&c),
            "verslag-klankbordgesprek-2026-11-30-1a2b3c4d.pdf"
        );
        c.document.meeting_on = "\"; rm -rf /".into();
        assert_eq!(
            archive_file_name(&c),
            "verslag-klankbordgesprek-1a2b3c4d.pdf"
        );
    }

    #[test]
    fn the_same_copy_gives_the_same_bytes_and_another_kenmerk_other_bytes() {
        let a = render_archive_copy(&copy()).unwrap();
        let b = render_archive_copy(&copy()).unwrap();
        assert!(a == b, "deterministic");
        assert!(a.starts_with(b"%PDF-"));
        let mut other = copy();
        other.hash = "cd".repeat(32);
        assert!(render_archive_copy(&other).unwrap() != a);
    }
}

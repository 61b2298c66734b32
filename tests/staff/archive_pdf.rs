//! The archive copy of a vastgesteld verslag as PDF/A-2a, checked with
//! Debian's tools (no veraPDF here): structure (`qpdf --check`), no
//! encryption, embedded subset fonts (`pdffonts`), tagging, title and
//! version (`pdfinfo`), the PDF/A identification in the XMP packet, no
//! JavaScript or transparency, the same bytes every time, and the text a
//! reader sees (`pdftotext`): the marking on every page, the signers and
//! the full kenmerk on the last one, and Dutch characters intact.

use std::path::Path;

use klankbord::domain::verslag::{
    AGREEMENTS_HEADING, AgreementEntry, Appendix, ArchiveCopy, Correction, DEFAULT_HEADINGS,
    DEFAULT_MARKING, Kanttekening, ParticipantEntry, ResultsAppendix, Section, SignatureLine,
    VerslagDocument,
};
use klankbord::pdf::verslag::{archive_file_name, render_archive_copy};
use klankbord::security::digest::sha256_hex;

use crate::results_pdf::{info_field, run};

const SIGNERS: [(&str, &str); 5] = [
    ("Joëlle van den Berg", "voorzitter"),
    ("Anneke de Vries", "burgemeester"),
    ("Pieter ’t Hart", "delegatielid"),
    ("Noël Bakker", "delegatielid"),
    ("Sanne Öztürk", "griffier"),
];

/// A long paragraph with Dutch characters, different per section.
fn paragraph(section: usize, n: usize) -> String {
    format!(
        "Alinea {n} onder kop {section}. De delegatie besprak de coördinatie met het college en de reële verwachtingen van de raad — ook ’s avonds, bij de wijkavonden. De burgemeester gaf aan dat de samenwerking met de raad in het afgelopen jaar is verbeterd, maar dat de rolverdeling bij crises nog niet voor iedereen duidelijk is. {}",
        "Daarnaast werd stilgestaan bij de zichtbaarheid in de gemeente, het contact met inwoners en ondernemers, en de manier waarop de burgemeester de raad informeert over openbare orde en veiligheid. ".repeat(3)
    )
}

fn document() -> VerslagDocument {
    let sections = DEFAULT_HEADINGS
        .iter()
        .enumerate()
        .map(|(i, h)| Section {
            heading: (*h).to_owned(),
            paragraphs: if *h == AGREEMENTS_HEADING {
                vec![]
            } else {
                (0..3).map(|n| paragraph(i, n)).collect()
            },
            kanttekeningen: match i {
                1 => vec![Kanttekening {
                    text: "Ik deel de conclusie over de crisisrol niet; de raad is te laat geïnformeerd.".into(),
                    holder: Some("Noël Bakker".into()),
                }],
                3 => vec![Kanttekening {
                    text: "Een delegatielid ziet de toekomst somberder in.".into(),
                    holder: None,
                }],
                _ => vec![],
            },
            agreements: *h == AGREEMENTS_HEADING,
        })
        .collect();
    VerslagDocument {
        municipality: "Teststad".into(),
        mayor: "Anneke de Vries".into(),
        kind: "klankbordgesprek".into(),
        meeting_on: "2026-11-30".into(),
        version: 3,
        participants: SIGNERS
            .iter()
            .map(|(name, role)| ParticipantEntry {
                name: (*name).into(),
                role: (*role).into(),
            })
            .collect(),
        sections,
        agreements: vec![
            AgreementEntry {
                what: "Werkbezoek aan de wijkcentra — samen met twee raadsleden".into(),
                responsible: "burgemeester".into(),
                monitor: "voorzitter klankbordcommissie".into(),
                due_on: "2027-03-01".into(),
            },
            AgreementEntry {
                what: "Afspraken over informatie bij crises vastleggen".into(),
                responsible: "griffier".into(),
                monitor: "voorzitter klankbordcommissie".into(),
                due_on: "2027-06-30".into(),
            },
        ],
        appendix: Appendix::Results(ResultsAppendix {
            signals: vec![
                "De raad waardeert de zichtbaarheid van de burgemeester.".into(),
                "Over de rol bij crises lopen de meningen uiteen.".into(),
            ],
            columns: vec![
                "Thema".into(),
                "Gemeenteraad".into(),
                "College".into(),
                "Alle referenten".into(),
            ],
            rows: vec![
                vec![
                    "Voorzitter van de raad".into(),
                    "4,1".into(),
                    "—".into(),
                    "4,0".into(),
                ],
                vec![
                    "Samenwerking".into(),
                    "3,6".into(),
                    "3,9".into(),
                    "3,7".into(),
                ],
            ],
            note: "Gemiddelden lopen van 1 tot 5; — betekent: niet getoond.".into(),
        }),
        corrects: Some(Correction {
            hash: "0123456789abcdef".repeat(4),
            adopted_on: "2026-10-01".into(),
        }),
    }
}

fn copy(document: VerslagDocument) -> ArchiveCopy {
    ArchiveCopy {
        hash: sha256_hex(&document.canonical_text()),
        document,
        marking: DEFAULT_MARKING.into(),
        signatures: SIGNERS
            .iter()
            .enumerate()
            .map(|(i, (name, role))| SignatureLine {
                name: (*name).into(),
                role: (*role).into(),
                signed_at: format!("2026-12-0{}T09:1{i}:00Z", 2 + i % 2),
            })
            .collect(),
        adopted_at: "2026-12-03T09:14:00Z".into(),
    }
}

#[test]
fn the_archive_copy_passes_the_pdf_a_checks_debian_can_run() {
    let copy = copy(document());
    let bytes = render_archive_copy(&copy).unwrap();
    assert!(
        bytes == render_archive_copy(&copy).unwrap(),
        "the same bytes"
    );
    let mut changed = copy.clone();
    changed.document.sections[0].paragraphs[0].push('.');
    changed.hash = sha256_hex(&changed.document.canonical_text());
    assert_ne!(changed.hash, copy.hash);
    assert!(
        bytes != render_archive_copy(&changed).unwrap(),
        "another version, other bytes"
    );
    assert_eq!(
        archive_file_name(&copy),
        format!(
            "verslag-klankbordgesprek-2026-11-30-{}.pdf",
            &copy.hash[..8]
        )
    );
    assert!(bytes.starts_with(b"%PDF-1.7"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(archive_file_name(&copy));
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    // A sample to look at or to check with veraPDF (see the README).
    if let Ok(keep) = std::env::var("KLANKBORD_ARCHIVE_SAMPLE") {
        std::fs::write(keep, &bytes).unwrap();
    }

    if let Some(out) = run("qpdf", &["--check", path]) {
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    }
    if let Some(out) = run("qpdf", &["--show-encryption", path]) {
        assert!(out.contains("File is not encrypted"), "{out}");
    }
    if let Some(out) = run("pdffonts", &[path]) {
        let fonts: Vec<&str> = out.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{out}");
        for line in fonts {
            // Columns: name type encoding emb sub uni object-id (two words).
            let cols: Vec<&str> = line.split_whitespace().collect();
            assert!(
                cols[0].contains("+NotoSans"),
                "a subset of Noto Sans: {line}"
            );
            assert_eq!(cols[cols.len() - 5], "yes", "embedded: {line}");
            assert_eq!(cols[cols.len() - 4], "yes", "subset: {line}");
        }
    }
    let mut pages = 0;
    if let Some(out) = run("pdfinfo", &[path]) {
        let field = |name: &str| info_field(&out, name);
        assert_eq!(field("Tagged:"), "yes", "{out}");
        assert_eq!(field("Title:"), copy.document.title(), "{out}");
        assert_eq!(field("Encrypted:"), "no", "{out}");
        assert!(field("PDF version:").starts_with("1.7"), "{out}");
        assert!(field("Page size:").contains("595.28 x 841.89"), "A4: {out}");
        pages = field("Pages:").parse::<usize>().unwrap();
        assert!(pages >= 4, "long paragraphs break over pages: {out}");
    }
    let qdf = dir.path().join("qdf.pdf");
    if run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            path,
            qdf.to_str().unwrap(),
        ],
    )
    .is_some()
    {
        let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
        let xmp = raw
            .find("<x:xmpmeta")
            .map(|start| &raw[start..])
            .and_then(|x| x.find("</x:xmpmeta>").map(|end| &x[..end]))
            .expect("an XMP packet");
        assert!(
            xmp.contains("<pdfaid:part>2</pdfaid:part>") || xmp.contains("pdfaid:part=\"2\""),
            "{xmp}"
        );
        assert!(
            xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>")
                || xmp.contains("pdfaid:conformance=\"A\""),
            "{xmp}"
        );
        assert!(xmp.contains("nl-NL"), "the language: {xmp}");
        for name in ["/JavaScript", "/JS", "/Encrypt", "/Transparency", "/SMask"] {
            assert!(!has_name(&raw, name), "{name} in the file");
        }
        assert!(has_name(&raw, "/StructTreeRoot") && has_name(&raw, "/MarkInfo"));
    }
    if run("pdftotext", &["-v"]).is_some() {
        let text = |from: usize, to: usize| {
            let out = dir.path().join(format!("{from}-{to}.txt"));
            let (f, l) = (from.to_string(), to.to_string());
            run(
                "pdftotext",
                &["-f", &f, "-l", &l, path, out.to_str().unwrap()],
            );
            let text = std::fs::read_to_string(Path::new(&out)).unwrap();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let all = text(1, pages);
        for expected in [
            "Verslag van het klankbordgesprek met burgemeester Anneke de Vries",
            "maandag 30 november 2026",
            "Dit verslag corrigeert het verslag dat op donderdag 1 oktober 2026 werd vastgesteld",
            "Kanttekening van Noël Bakker",
            "de raad is te laat geïnformeerd.",
            "Afspraken uit het gesprek",
            "Werkbezoek aan de wijkcentra — samen met twee raadsleden",
            "maandag 1 maart 2027",
            "Belangrijkste signalen",
            "Gemiddelde score per thema",
            "de reële verwachtingen van de raad — ook ’s avonds",
            "Pieter ’t Hart",
        ] {
            assert!(all.contains(expected), "{expected} in:\n{all}");
        }
        for page in 1..=pages {
            let t = text(page, page);
            assert!(
                t.contains(DEFAULT_MARKING),
                "the marking on page {page}: {t}"
            );
            assert!(t.contains(&format!("Pagina {page} van {pages}")), "{t}");
        }
        let last = text(pages, pages);
        assert!(last.contains("Ondertekening"), "{last}");
        for (name, _) in SIGNERS {
            assert!(last.contains(name), "{name} on the last page: {last}");
        }
        assert!(last.contains(&copy.hash), "the full kenmerk: {last}");
        assert!(
            last.contains("donderdag 3 december 2026 om 10:14 uur"),
            "{last}"
        );
        assert!(
            !text(pages - 1, pages - 1).contains(&copy.hash),
            "the kenmerk only on the last page"
        );
    }
}

/// Whether the PDF holds this name as a name token (not as the start of a
/// longer one).
fn has_name(raw: &str, name: &str) -> bool {
    raw.match_indices(name).any(|(at, _)| {
        raw[at + name.len()..].chars().next().is_none_or(|c| {
            !c.is_ascii_alphanumeric() && c != '#' && c != '_' && c != '-' && c != '+'
        })
    })
}

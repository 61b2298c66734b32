//! What the griffier and the participants type for a verslag, read and
//! checked: text per heading, comments, replies, headings and the marking.
//! Pure; every limit is the one in `domain::verslag`.

use crate::domain::verslag::{HEADING_MAX, HEADINGS_MAX, HeadingSpec, MARKING_MAX};

/// Plain text split into paragraphs on blank lines; each trimmed, line
/// breaks inside a paragraph kept as `\n`.
pub fn paragraphs(body: &str) -> Vec<String> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    body.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Text of at most `max` characters (trimmed); `required` refuses empty.
pub fn limited(raw: &str, max: usize, required: bool) -> Result<String, String> {
    let text = raw.trim().replace("\r\n", "\n");
    if required && text.is_empty() {
        return Err("vul dit in.".into());
    }
    let n = text.chars().count();
    if n > max {
        return Err(format!(
            "maximaal {max} tekens; u typte er {n}. Maak de tekst korter."
        ));
    }
    Ok(text)
}

/// The headings as typed, one per line (empty lines left out), and which of
/// them is the agreements heading (typed the same).
pub fn parse_headings(lines: &str, agreements: &str) -> Result<Vec<HeadingSpec>, String> {
    let agreements = agreements.trim();
    let headings: Vec<&str> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if headings.is_empty() {
        return Err("Geef ten minste één kop.".into());
    }
    if headings.len() > HEADINGS_MAX {
        return Err(format!(
            "Maximaal {HEADINGS_MAX} koppen; u gaf er {}.",
            headings.len()
        ));
    }
    if let Some(long) = headings.iter().find(|h| h.chars().count() > HEADING_MAX) {
        return Err(format!(
            "Een kop heeft maximaal {HEADING_MAX} tekens: ‘{long}’ is te lang."
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = headings.iter().find(|h| !seen.insert(h.to_lowercase())) {
        return Err(format!("De kop ‘{twice}’ staat er twee keer in."));
    }
    if !headings.contains(&agreements) {
        return Err(
            "Kies welke kop de afspraken bevat: typ die kop precies zoals hij in de lijst staat."
                .into(),
        );
    }
    Ok(headings
        .into_iter()
        .map(|h| HeadingSpec {
            heading: h.to_owned(),
            agreements: h == agreements,
        })
        .collect())
}

/// The confidentiality marking: one line, at most [`MARKING_MAX`] characters.
pub fn parse_marking(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("Vul de vertrouwelijkheidsaanduiding in.".into());
    }
    if text.contains(['\n', '\r']) {
        return Err("De vertrouwelijkheidsaanduiding is één regel.".into());
    }
    let n = text.chars().count();
    if n > MARKING_MAX {
        return Err(format!(
            "De vertrouwelijkheidsaanduiding heeft maximaal {MARKING_MAX} tekens; u typte er {n}."
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            paragraphs("Een\r\ntwee\r\n\r\n\r\n  Drie  \n\n"),
            vec!["Een\ntwee".to_owned(), "Drie".to_owned()]
        );
        assert!(paragraphs(" \n \n").is_empty());
    }

    #[test]
    fn limits_are_explicit() {
        assert!(limited(&"a".repeat(11), 10, false).is_err());
        assert_eq!(limited(" ok ", 10, true).unwrap(), "ok");
        assert!(limited("  ", 10, true).is_err());
        assert_eq!(limited("", 10, false).unwrap(), "");
    }

    #[test]
    fn exactly_one_agreements_heading() {
        let h = parse_headings("Terugblik\n\nAfspraken\n", "Afspraken").unwrap();
        assert_eq!(h.len(), 2);
        assert!(h[1].agreements && !h[0].agreements);
        assert!(parse_headings("Terugblik", "Afspraken").is_err());
        assert!(parse_headings("A\na\nAfspraken", "Afspraken").is_err());
        let many = (0..=HEADINGS_MAX)
            .map(|i| format!("Kop {i}\n"))
            .collect::<String>();
        assert!(parse_headings(&many, "Kop 0").is_err());
        assert!(
            parse_headings(&"x".repeat(HEADING_MAX + 1), &"x".repeat(HEADING_MAX + 1)).is_err()
        );
    }

    #[test]
    fn a_marking_is_one_short_line() {
        assert!(parse_marking("Geheim").is_ok());
        assert!(parse_marking("a\nb").is_err());
        assert!(parse_marking(&"x".repeat(MARKING_MAX + 1)).is_err());
        assert!(parse_marking(" ").is_err());
    }
}

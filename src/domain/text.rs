//! Bounded, trimmed text fields (names, titles, comments).

use std::fmt;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    #[error("Dit veld is verplicht.")]
    Empty,
    #[error("Dit veld is te lang: maximaal {max} tekens, u gebruikte er {actual}.")]
    TooLong { max: usize, actual: usize },
    #[error("Dit veld bevat tekens die niet zijn toegestaan.")]
    ControlCharacters,
}

/// Checks a length in characters (not bytes), as a person counts them.
pub fn check_length(s: &str, max: usize) -> Result<(), TextError> {
    let actual = s.chars().count();
    if actual > max {
        return Err(TextError::TooLong { max, actual });
    }
    Ok(())
}

/// Characters that change how text around them is shown without being
/// visible: bidirectional embeddings, overrides, isolates and marks (a name
/// could display as another), and the Unicode line and paragraph separators
/// (a "single line" that breaks).
pub fn is_display_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}'
    )
}

/// A single-line, non-empty, trimmed text of at most `MAX` characters,
/// without control or bidirectional formatting characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Line<const MAX: usize>(String);

impl<const MAX: usize> Line<MAX> {
    /// The most characters the field takes (for `maxlength` on a form).
    pub const MAX_CHARS: usize = MAX;

    pub fn parse(input: &str) -> Result<Self, TextError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(TextError::Empty);
        }
        check_length(s, MAX)?;
        if s.chars().any(|c| c.is_control() || is_display_control(c)) {
            return Err(TextError::ControlCharacters);
        }
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> fmt::Display for Line<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize> fmt::Debug for Line<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Line({} chars)", self.0.chars().count())
    }
}

/// A person's name as shown in a mail greeting.
pub type PersonName = Line<120>;
/// A municipality's name ("Gemeente Voorbeeldrecht" or "Voorbeeldrecht").
pub type PlaceName = Line<120>;

/// A free-text answer: multi-line, trimmed, at most `max` characters; empty means "no answer".
pub fn parse_comment(input: &str, max: usize) -> Result<Option<String>, TextError> {
    let normalised = input.replace("\r\n", "\n");
    let s = normalised.trim();
    if s.is_empty() {
        return Ok(None);
    }
    check_length(s, max)?;
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(TextError::ControlCharacters);
    }
    Ok(Some(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_bidi_overrides_or_line_separators_are_refused() {
        for bad in [
            "Jan\u{202E}reivirG",
            "Jan\u{2066}Griffier\u{2069}",
            "Jan\u{200F}",
            "Jan\u{2028}Griffier",
            "Jan\u{2029}Griffier",
        ] {
            assert_eq!(
                PersonName::parse(bad),
                Err(TextError::ControlCharacters),
                "{bad:?}"
            );
        }
        assert!(PersonName::parse("Zoë el-Amrani – van ’t Hof").is_ok());
    }

    #[test]
    fn lines_are_trimmed_and_bounded_in_characters() {
        assert_eq!(PersonName::parse("  Anna  ").unwrap().as_str(), "Anna");
        assert_eq!(PersonName::parse(" "), Err(TextError::Empty));
        assert!(Line::<3>::parse("ééé").is_ok());
        assert_eq!(
            Line::<3>::parse("éééé"),
            Err(TextError::TooLong { max: 3, actual: 4 })
        );
        assert_eq!(
            PersonName::parse("a\u{7}b"),
            Err(TextError::ControlCharacters)
        );
    }

    #[test]
    fn comments_keep_newlines_and_treat_blank_as_no_answer() {
        assert_eq!(parse_comment(" \r\n ", 10), Ok(None));
        assert_eq!(parse_comment("a\r\nb", 10), Ok(Some("a\nb".into())));
        assert!(matches!(
            parse_comment("abcdef", 5),
            Err(TextError::TooLong { .. })
        ));
    }
}

//! Importing raters from a CSV file (`naam,email,groep`): all rows or none.

use std::collections::HashSet;

use crate::domain::email::EmailAddress;
use crate::domain::group::{RaterGroup, find_group};
use crate::domain::ids::GroupId;
use crate::domain::text::PersonName;

/// The largest file accepted (about 10,000 raters).
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRater {
    pub name: PersonName,
    pub email: EmailAddress,
    pub group: GroupId,
}

/// One problem, with the line number as a spreadsheet shows it (header = line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("Het bestand is te groot (meer dan {} kB).", MAX_IMPORT_BYTES / 1024)]
    TooLarge,
    #[error("Het bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’.")]
    NotUtf8,
    #[error("Het bestand is leeg.")]
    Empty,
    #[error("De eerste regel moet de kolomnamen bevatten: naam, email, groep (gevonden: {0}).")]
    BadHeader(String),
    #[error("Het bestand heeft meer dan {MAX_IMPORT_ROWS} regels.")]
    TooManyRows,
    #[error("{} regel(s) bevatten fouten; er is niets geïmporteerd.", .0.len())]
    Rows(Vec<RowError>),
    /// One referent typed into the form, with what is wrong per field.
    #[error("De referent is niet toegevoegd: {}", .0.iter().map(|(f, m)| format!("{}: {m}", f.label())).collect::<Vec<_>>().join(" "))]
    Fields(Vec<(RaterField, String)>),
}

/// Parses the whole file. UTF-8 with or without BOM; `;` or `,` as separator
/// (taken from the header line); a header with the columns naam, email, groep
/// in any order. Any bad row fails the whole import.
pub fn parse_raters(
    bytes: &[u8],
    groups: &[RaterGroup],
    existing: &HashSet<String>,
) -> Result<Vec<NewRater>, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .ok_or(ImportError::Empty)?;
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| ImportError::BadHeader(header_line.to_owned()))?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let (Some(name_col), Some(email_col), Some(group_col)) = (
        column(&["naam", "name"]),
        column(&["email", "e-mail", "e-mailadres", "emailadres"]),
        column(&["groep", "group", "referentengroep"]),
    ) else {
        return Err(ImportError::BadHeader(header_line.to_owned()));
    };

    let mut raters = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_IMPORT_ROWS {
            return Err(ImportError::TooManyRows);
        }
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map(|p| p.line() as usize)
            .unwrap_or(i + 2);
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(RowError {
                    line,
                    message: "Deze regel kan niet worden gelezen (controleer de aanhalingstekens)."
                        .into(),
                });
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |c: usize| record.get(c).unwrap_or("");
        match check_rater(
            field(name_col),
            field(email_col),
            field(group_col),
            groups,
            existing,
            &mut seen,
        ) {
            Ok(rater) => raters.push(rater),
            Err(problems) => errors.push(RowError {
                line,
                message: problems
                    .iter()
                    .map(|(f, m)| format!("{}: {m}", f.label()))
                    .collect::<Vec<_>>()
                    .join(" "),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    if raters.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(raters)
}

/// A field of one referent (a column of the file, a field of the form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaterField {
    Name,
    Email,
    Group,
}

impl RaterField {
    /// How a row error names the column.
    pub fn label(self) -> &'static str {
        match self {
            RaterField::Name => "naam",
            RaterField::Email => "e-mailadres",
            RaterField::Group => "groep",
        }
    }
}

/// One referent typed into a form: the referent, or what is wrong per field.
pub fn parse_rater(
    name: &str,
    email: &str,
    group: &str,
    groups: &[RaterGroup],
    existing: &HashSet<String>,
) -> Result<NewRater, Vec<(RaterField, String)>> {
    check_rater(name, email, group, groups, existing, &mut HashSet::new())
}

/// The checks of one referent, the same for a row of a file and for the
/// form; `seen` collects the addresses met so far (doubles in one file).
fn check_rater(
    name: &str,
    email: &str,
    group: &str,
    groups: &[RaterGroup],
    existing: &HashSet<String>,
    seen: &mut HashSet<String>,
) -> Result<NewRater, Vec<(RaterField, String)>> {
    let mut problems = Vec::new();
    let name = PersonName::parse(name)
        .map_err(|e| problems.push((RaterField::Name, e.to_string())))
        .ok();
    let email = EmailAddress::parse(email)
        .map_err(|e| problems.push((RaterField::Email, e.to_string())))
        .ok();
    let group = match find_group(groups, group) {
        Some(g) if g.is_self => {
            problems.push((
                RaterField::Group,
                "de zelfevaluatie is alleen voor de burgemeester.".into(),
            ));
            None
        }
        Some(g) => Some(g.id),
        None => {
            let names: Vec<&str> = groups
                .iter()
                .filter(|g| !g.is_self)
                .map(|g| g.key.as_str())
                .collect();
            problems.push((
                RaterField::Group,
                if group.trim().is_empty() {
                    format!("kies een groep uit {}.", names.join(", "))
                } else {
                    format!("‘{group}’ bestaat niet; kies uit {}.", names.join(", "))
                },
            ));
            None
        }
    };
    if let Some(e) = &email {
        let key = e.as_str().to_lowercase();
        if existing.contains(&key) {
            problems.push((RaterField::Email, format!("{e} staat al in deze ronde.")));
        } else if !seen.insert(key) {
            problems.push((
                RaterField::Email,
                format!("{e} staat vaker in het bestand."),
            ));
        }
    }
    match (name, email, group) {
        (Some(name), Some(email), Some(group)) if problems.is_empty() => {
            Ok(NewRater { name, email, group })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::group::DefaultGroup;

    fn groups() -> Vec<RaterGroup> {
        DefaultGroup::ALL
            .iter()
            .map(|d| RaterGroup {
                id: GroupId::random(),
                key: d.key().into(),
                name: d.name().into(),
                description: String::new(),
                is_self: d.is_self(),
            })
            .collect()
    }

    #[test]
    fn one_referent_from_the_form_is_checked_per_field() {
        let g = groups();
        let r = parse_rater(" Anna ", "anna@x.nl", "college", &g, &HashSet::new()).unwrap();
        assert_eq!((r.name.as_str(), r.group), ("Anna", g[1].id));
        let existing: HashSet<String> = ["anna@x.nl".to_owned()].into();
        let errors = parse_rater("", "Anna@X.nl", "", &g, &existing).unwrap_err();
        let fields: Vec<RaterField> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [RaterField::Name, RaterField::Group, RaterField::Email]
        );
        assert!(errors[2].1.contains("staat al in deze ronde"));
        let own = g.iter().find(|g| g.is_self).unwrap();
        let errors = parse_rater("Bert", "b@x.nl", &own.key, &g, &HashSet::new()).unwrap_err();
        assert_eq!(errors[0].0, RaterField::Group);
    }

    #[test]
    fn semicolon_files_with_bom_are_read() {
        let g = groups();
        let file = "\u{feff}naam;email;groep\r\nAnna de Vries;anna@politie.nl;Veiligheidspartners\r\nBen;ben@gemeente.nl;college\r\n";
        let r = parse_raters(file.as_bytes(), &g, &HashSet::new()).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name.as_str(), "Anna de Vries");
        assert_eq!(r[0].group, g[3].id);
    }

    #[test]
    fn comma_files_with_quoted_fields_and_other_column_order_are_read() {
        let g = groups();
        let file = "email,naam,groep\nc@x.nl,\"Jansen, C.\",gemeenteraad\n\n";
        let r = parse_raters(file.as_bytes(), &g, &HashSet::new()).unwrap();
        assert_eq!(r[0].name.as_str(), "Jansen, C.");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_is_returned() {
        let g = groups();
        let file = "naam,email,groep\nA,a@x.nl,college\n,b@x.nl,college\nC,geen-adres,college\nD,d@x.nl,pers\nE,a@x.nl,college\nF,f@x.nl,zelfevaluatie\n";
        let Err(ImportError::Rows(errors)) = parse_raters(file.as_bytes(), &g, &HashSet::new())
        else {
            panic!("expected row errors")
        };
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert!(errors[2].message.contains("pers"));
        assert!(errors[3].message.contains("vaker"));
    }

    #[test]
    fn addresses_already_in_the_round_are_refused() {
        let g = groups();
        let existing = HashSet::from(["a@x.nl".to_owned()]);
        let file = "naam,email,groep\nA,A@X.NL,college\n";
        assert!(matches!(
            parse_raters(file.as_bytes(), &g, &existing),
            Err(ImportError::Rows(_))
        ));
    }

    #[test]
    fn headers_files_and_encodings_are_checked() {
        let g = groups();
        assert!(matches!(
            parse_raters(b"a,b,c\n1,2,3\n", &g, &HashSet::new()),
            Err(ImportError::BadHeader(_))
        ));
        assert_eq!(
            parse_raters(b"", &g, &HashSet::new()),
            Err(ImportError::Empty)
        );
        assert_eq!(
            parse_raters(b"naam,email,groep\n", &g, &HashSet::new()),
            Err(ImportError::Empty)
        );
        assert_eq!(
            parse_raters(&[0xff, 0xfe, 0x00], &g, &HashSet::new()),
            Err(ImportError::NotUtf8)
        );
    }
}

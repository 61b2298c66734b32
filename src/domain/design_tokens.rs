//! A municipality's design tokens: a CSS file of custom properties
//! (`--utrecht-link-color: #24578f;`) as NL Design System packages publish
//! them, parsed strictly so that only plain values are ever served again.
//!
//! Accepted: declarations, bare or inside one or more rule blocks whose
//! selector is `:root` or a single class (`.utrecht-theme { … }`); comments
//! (dropped); empty declarations (`;;`). Names are lower-case kebab-case
//! custom properties with a prefix (`--utrecht-…`, `--nl-…`, `--denhaag-…`).
//! Values are printable ASCII, at most [`MAX_VALUE_CHARS`], with
//! double- or single-quoted strings and only the functions of
//! [`ALLOWED_FUNCTIONS`] (colours, `var()`, `calc()`, gradients): no
//! `url()`, `image-set()`, `expression()`, no `@` rules, no `\` escapes, no
//! `<`, `!`, braces, or semicolons in strings. Everything else is refused with
//! the line it is on. What is stored is the cleaned list of declarations,
//! served again as one `:root { … }` block ([`DesignTokens::to_css`]).

use std::collections::HashMap;

/// The largest file accepted: 256 KiB (a full municipal token package is
/// about 90 KiB).
pub const MAX_TOKENS_BYTES: usize = 256 * 1024;
/// The most declarations in one file (a full package has about 1,250).
pub const MAX_DECLARATIONS: usize = 5_000;
/// The longest name, `--` included.
pub const MAX_NAME_CHARS: usize = 128;
/// The longest value.
pub const MAX_VALUE_CHARS: usize = 1_000;

/// The CSS functions a value may use: none of them loads anything.
pub const ALLOWED_FUNCTIONS: &[&str] = &[
    "var",
    "calc",
    "min",
    "max",
    "clamp",
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
    "color-mix",
    "light-dark",
    "linear-gradient",
    "radial-gradient",
    "conic-gradient",
    "repeating-linear-gradient",
    "repeating-radial-gradient",
    "repeating-conic-gradient",
    "cubic-bezier",
    "steps",
];

/// One custom property and its cleaned value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    name: String,
    value: String,
}

impl Declaration {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A checked set of design tokens: unique names, in the order of the file
/// (a name given twice keeps its last value, as CSS would).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesignTokens(Vec<Declaration>);

/// Why a file is refused (Dutch, shown on the form).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokensError {
    #[error("Het bestand is te groot: het mag hoogstens {} KiB zijn.", MAX_TOKENS_BYTES / 1024)]
    TooLarge,
    #[error("Het bestand is geen UTF-8-tekst.")]
    NotUtf8,
    #[error(
        "Het bestand bevat geen ontwerptokens. Verwacht: regels als ‘--utrecht-link-color: #24578f;’, eventueel binnen ‘:root {{ … }}’."
    )]
    Empty,
    #[error("Het bestand heeft meer dan {MAX_DECLARATIONS} ontwerptokens.")]
    TooMany,
    #[error("Regel {line}: {problem}")]
    At { line: usize, problem: Problem },
}

/// What is wrong on one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("een stuurteken; alleen gewone tekst is toegestaan.")]
    ControlCharacter,
    #[error("het commentaar (/* … */) wordt niet afgesloten.")]
    OpenComment,
    #[error("de tekst tussen aanhalingstekens wordt niet op dezelfde regel afgesloten.")]
    OpenString,
    #[error("@-regels (zoals @import of @media) zijn niet toegestaan.")]
    AtRule,
    #[error(
        "alleen ‘:root’ of één klasse (zoals ‘.utrecht-theme’) is toegestaan als selector, niet ‘{0}’."
    )]
    Selector(String),
    #[error("er ontbreekt een ‘{{’ na de selector.")]
    MissingBrace,
    #[error("het blok dat hier begint wordt niet afgesloten met ‘}}’.")]
    OpenBlock,
    #[error("een ‘}}’ zonder blok.")]
    StrayBrace,
    #[error("regels binnen regels zijn niet toegestaan.")]
    Nested,
    #[error(
        "‘{0}’ is geen ontwerptoken: alleen declaraties als ‘--naam-van-token: waarde;’ zijn toegestaan."
    )]
    NotACustomProperty(String),
    #[error(
        "‘{0}’ is geen geldige naam: gebruik kleine letters, cijfers en streepjes, met een voorvoegsel (‘--utrecht-…’), hoogstens {MAX_NAME_CHARS} tekens."
    )]
    BadName(String),
    #[error("‘{0}’ heeft geen waarde.")]
    EmptyValue(String),
    #[error("de waarde van ‘{0}’ is langer dan {MAX_VALUE_CHARS} tekens.")]
    LongValue(String),
    #[error("de waarde van ‘{name}’ bevat ‘{what}’; dat is niet toegestaan.")]
    Forbidden { name: String, what: String },
    #[error(
        "de waarde van ‘{name}’ gebruikt de functie ‘{function}()’; toegestaan zijn alleen kleuren, var(), calc() en verlopen."
    )]
    Function { name: String, function: String },
    #[error("de haakjes in de waarde van ‘{0}’ kloppen niet.")]
    Parentheses(String),
}

fn at(line: usize, problem: Problem) -> TokensError {
    TokensError::At { line, problem }
}

impl DesignTokens {
    /// Parses an uploaded file (see the module's documentation).
    pub fn parse(bytes: &[u8]) -> Result<DesignTokens, TokensError> {
        if bytes.len() > MAX_TOKENS_BYTES {
            return Err(TokensError::TooLarge);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| TokensError::NotUtf8)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let chars = without_comments(text)?;
        let raw = blocks(&chars)?;
        let mut tokens: Vec<Declaration> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (line, text) in raw {
            let Some(d) = declaration(line, &text)? else {
                continue;
            };
            match index.get(&d.name) {
                Some(&i) => tokens[i] = d,
                None => {
                    if tokens.len() == MAX_DECLARATIONS {
                        return Err(TokensError::TooMany);
                    }
                    index.insert(d.name.clone(), tokens.len());
                    tokens.push(d);
                }
            }
        }
        if tokens.is_empty() {
            return Err(TokensError::Empty);
        }
        Ok(DesignTokens(tokens))
    }

    pub fn declarations(&self) -> &[Declaration] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The declarations as one `:root` block: what is stored and served.
    pub fn to_css(&self) -> String {
        let mut out = String::from(":root {\n");
        for d in &self.0 {
            out.push_str("  ");
            out.push_str(&d.name);
            out.push_str(": ");
            out.push_str(&d.value);
            out.push_str(";\n");
        }
        out.push_str("}\n");
        out
    }
}

/// The text as (character, line) pairs with every comment replaced by one
/// space; strings are kept as they are (a `/*` inside one is no comment).
fn without_comments(text: &str) -> Result<Vec<(char, usize)>, TokensError> {
    let mut out = Vec::with_capacity(text.len());
    let mut line = 1;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_control() && c != '\n' && c != '\t' && c != '\r' {
            return Err(at(line, Problem::ControlCharacter));
        }
        match quote {
            Some(q) => {
                if c == '\n' || c == '\r' {
                    return Err(at(line, Problem::OpenString));
                }
                if c == q {
                    quote = None;
                }
                out.push((c, line));
            }
            None if c == '/' && chars.peek() == Some(&'*') => {
                chars.next();
                let start = line;
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == '\n' {
                        line += 1;
                    } else if c == '*' && chars.peek() == Some(&'/') {
                        chars.next();
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Err(at(start, Problem::OpenComment));
                }
                out.push((' ', line));
            }
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push((c, line));
            }
        }
        if c == '\n' {
            line += 1;
        }
    }
    if quote.is_some() {
        return Err(at(line, Problem::OpenString));
    }
    Ok(out)
}

/// Splits the comment-free text into declarations (the line each starts on
/// and its text): bare ones at the top level and those inside rule blocks.
fn blocks(chars: &[(char, usize)]) -> Result<Vec<(usize, String)>, TokensError> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    let skip_space = |i: &mut usize| {
        while *i < n && chars[*i].0.is_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_space(&mut i);
        if i >= n {
            return Ok(out);
        }
        let (c, line) = chars[i];
        match c {
            '@' => return Err(at(line, Problem::AtRule)),
            '}' => return Err(at(line, Problem::StrayBrace)),
            ';' => i += 1,
            '-' if chars.get(i + 1).map(|p| p.0) == Some('-') => {
                // A bare declaration, up to `;` or the end.
                let (text, next) = until_semicolon(chars, i);
                if let Some(&(c, l)) = chars.get(next) {
                    match c {
                        '{' => return Err(at(l, Problem::Nested)),
                        '}' => return Err(at(l, Problem::StrayBrace)),
                        _ => {}
                    }
                }
                out.push((line, text));
                i = next + 1;
            }
            _ => {
                // A rule: its selector up to `{`, then declarations up to `}`.
                let start = i;
                while i < n && !matches!(chars[i].0, '{' | '}' | ';') {
                    i += 1;
                }
                let selector: String = chars[start..i].iter().map(|c| c.0).collect();
                let selector = selector.trim();
                if i >= n || chars[i].0 != '{' {
                    if selector.contains(':') && !selector.starts_with(':') {
                        return Err(at(line, Problem::NotACustomProperty(shorten(selector))));
                    }
                    return Err(at(line, Problem::MissingBrace));
                }
                if selector.contains('@') {
                    return Err(at(line, Problem::AtRule));
                }
                if !allowed_selector(selector) {
                    return Err(at(line, Problem::Selector(shorten(selector))));
                }
                i += 1;
                loop {
                    skip_space(&mut i);
                    let Some(&(c, l)) = chars.get(i) else {
                        return Err(at(line, Problem::OpenBlock));
                    };
                    match c {
                        '}' => {
                            i += 1;
                            break;
                        }
                        ';' => i += 1,
                        '@' => return Err(at(l, Problem::AtRule)),
                        _ => {
                            let (text, next) = until_semicolon(chars, i);
                            match chars.get(next).map(|c| c.0) {
                                Some('{') => return Err(at(l, Problem::Nested)),
                                None => return Err(at(line, Problem::OpenBlock)),
                                _ => {}
                            }
                            out.push((l, text));
                            // A `}` ends the block after its last declaration.
                            i = if chars[next].0 == '}' { next } else { next + 1 };
                        }
                    }
                }
            }
        }
    }
}

/// The text from `i` up to the next `;`, `{` or `}` outside a string, and
/// where that stopped (`chars.len()` at the end).
fn until_semicolon(chars: &[(char, usize)], mut i: usize) -> (String, usize) {
    let mut text = String::new();
    let mut quote: Option<char> = None;
    while let Some(&(c, _)) = chars.get(i) {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                // A `;`, `{` or `}` in a string is refused by the value check.
            }
            None => {
                if matches!(c, ';' | '{' | '}') {
                    break;
                }
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
        text.push(c);
        i += 1;
    }
    (text, i)
}

fn allowed_selector(s: &str) -> bool {
    if s == ":root" {
        return true;
    }
    let Some(class) = s.strip_prefix('.') else {
        return false;
    };
    let mut chars = class.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && class.len() <= MAX_NAME_CHARS
}

/// At most 60 characters of something the user wrote, for a message.
fn shorten(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// One declaration's text (`--name: value`): `None` for an empty one.
fn declaration(line: usize, text: &str) -> Result<Option<Declaration>, TokensError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let Some((name, value)) = text.split_once(':') else {
        return Err(at(line, Problem::NotACustomProperty(shorten(text))));
    };
    let name = name.trim();
    if !name.starts_with("--") {
        return Err(at(line, Problem::NotACustomProperty(shorten(text))));
    }
    if !valid_name(name) {
        return Err(at(line, Problem::BadName(shorten(name))));
    }
    let value = clean_value(line, name, value)?;
    Ok(Some(Declaration {
        name: name.to_owned(),
        value,
    }))
}

/// `--prefix-rest`: lower-case letters and digits in hyphen-separated
/// parts, the first a letter, at least two parts.
fn valid_name(name: &str) -> bool {
    let Some(body) = name.strip_prefix("--") else {
        return false;
    };
    let parts: Vec<&str> = body.split('-').collect();
    name.len() <= MAX_NAME_CHARS
        && parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts[0].starts_with(|c: char| c.is_ascii_lowercase())
}

/// The value with runs of white space outside strings made one space, or
/// why it is refused.
fn clean_value(line: usize, name: &str, value: &str) -> Result<String, TokensError> {
    let value = value.trim();
    let refuse = |what: &str| {
        at(
            line,
            Problem::Forbidden {
                name: name.to_owned(),
                what: what.to_owned(),
            },
        )
    };
    if value.is_empty() {
        return Err(at(line, Problem::EmptyValue(name.to_owned())));
    }
    if value.chars().count() > MAX_VALUE_CHARS {
        return Err(at(line, Problem::LongValue(name.to_owned())));
    }
    for (what, label) in [
        ("\\", "\\"),
        ("<", "<"),
        ("@", "@"),
        ("!", "!"),
        ("{", "{"),
        ("}", "}"),
        (";", ";"),
        ("/*", "/*"),
        ("*/", "*/"),
    ] {
        if value.contains(what) {
            return Err(refuse(label));
        }
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_graphic() || *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r'))
    {
        return Err(refuse(&c.escape_unicode().to_string()));
    }
    let mut out = String::with_capacity(value.len());
    let mut quote: Option<char> = None;
    let mut depth: usize = 0;
    let mut ident = String::new();
    let mut space = false;
    for c in value.chars() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_ascii_whitespace() {
            space = true;
            ident.clear();
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match c {
            '"' | '\'' => {
                quote = Some(c);
                ident.clear();
            }
            '(' => {
                let function = ident.to_ascii_lowercase();
                if !function.is_empty() && !ALLOWED_FUNCTIONS.contains(&function.as_str()) {
                    return Err(at(
                        line,
                        Problem::Function {
                            name: name.to_owned(),
                            function: shorten(&function),
                        },
                    ));
                }
                depth += 1;
                ident.clear();
            }
            ')' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| at(line, Problem::Parentheses(name.to_owned())))?;
                ident.clear();
            }
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => ident.push(c),
            _ => ident.clear(),
        }
        out.push(c);
    }
    if depth != 0 {
        return Err(at(line, Problem::Parentheses(name.to_owned())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

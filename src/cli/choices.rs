//! The fixed choices of the command line as clap `ValueEnum`s. The spellings
//! of the domain's choices are their codes (`RoundKind::code`, …), the same
//! the screens and the database use. An unknown value is refused by clap,
//! before anything connects, with the domain's Dutch sentence.

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::ValueEnum;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;

use crate::domain::round::{RoundKind, UnknownRoundKind};
use crate::domain::sharing::{SharingMode, UnknownSharingMode};
use crate::domain::staff::{Role, UnknownRole};
use crate::results::csv::Separator;

/// A choice with a Dutch refusal for a value that is none of its spellings.
pub trait Choice: ValueEnum + Send + Sync + 'static {
    fn refusal(value: &str) -> String;
}

/// `value_parser = choice::<T>()`: `T`'s `ValueEnum` spellings (surrounding
/// spaces ignored, as the domain's `parse` does), listed in `--help`.
pub fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(PhantomData)
}

pub struct ChoiceParser<T>(PhantomData<fn() -> T>);

impl<T> Clone for ChoiceParser<T> {
    fn clone(&self) -> Self {
        Self(PhantomData)
    }
}

impl<T: Choice> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        let text = text.trim();
        T::from_str(text, false).map_err(|_| {
            let flag = arg
                .and_then(clap::Arg::get_long)
                .map(|long| format!("--{long}: "))
                .unwrap_or_default();
            clap::Error::raw(
                ErrorKind::InvalidValue,
                format!("{flag}{}\n", T::refusal(text)),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// A domain choice spelled by its `code()`, refused with its own error's text.
macro_rules! domain_choice {
    ($($choice:ty => $unknown:ident),* $(,)?) => {
        $(
            impl ValueEnum for $choice {
                fn value_variants<'a>() -> &'a [Self] {
                    &<$choice>::ALL
                }

                fn to_possible_value(&self) -> Option<PossibleValue> {
                    Some(PossibleValue::new(self.code()))
                }
            }

            impl Choice for $choice {
                fn refusal(value: &str) -> String {
                    $unknown(value.to_owned()).to_string()
                }
            }
        )*
    };
}

domain_choice!(
    RoundKind => UnknownRoundKind,
    SharingMode => UnknownSharingMode,
    Role => UnknownRole,
);

impl ValueEnum for Separator {
    fn value_variants<'a>() -> &'a [Self] {
        &[Separator::Semicolon, Separator::Comma]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            Separator::Semicolon => ";",
            Separator::Comma => ",",
        }))
    }
}

impl Choice for Separator {
    fn refusal(value: &str) -> String {
        format!("‘{value}’; kies ; of ,")
    }
}

/// `klankbord results --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    /// UTF-8 met BOM, voor Excel.
    Csv,
    /// Een dashboard om te openen of af te drukken.
    Html,
}

impl Choice for Format {
    fn refusal(value: &str) -> String {
        format!("‘{value}’; kies json, csv of html")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use clap::Parser;

    use super::*;

    #[derive(Parser, Debug)]
    struct Probe {
        #[arg(long, value_parser = choice::<RoundKind>())]
        kind: Option<RoundKind>,
        #[arg(long, value_parser = choice::<SharingMode>())]
        sharing: Option<SharingMode>,
        #[arg(long, value_parser = choice::<Role>())]
        role: Option<Role>,
        #[arg(long, value_parser = choice::<Separator>())]
        separator: Option<Separator>,
        #[arg(long, value_parser = choice::<Format>())]
        format: Option<Format>,
    }

    fn probe(args: &[&str]) -> Result<Probe, clap::Error> {
        Probe::try_parse_from(std::iter::once("probe").chain(args.iter().copied()))
    }

    #[test]
    fn every_domain_code_is_accepted_with_or_without_spaces() {
        for kind in RoundKind::ALL {
            assert_eq!(probe(&["--kind", kind.code()]).unwrap().kind, Some(kind));
            let padded = format!(" {} ", kind.code());
            assert_eq!(probe(&["--kind", &padded]).unwrap().kind, Some(kind));
        }
        for mode in SharingMode::ALL {
            assert_eq!(
                probe(&["--sharing", mode.code()]).unwrap().sharing,
                Some(mode)
            );
        }
        for role in Role::ALL {
            assert_eq!(probe(&["--role", role.code()]).unwrap().role, Some(role));
        }
        let p = probe(&["--separator", ",", "--format", "csv"]).unwrap();
        assert_eq!(p.separator, Some(Separator::Comma));
        assert_eq!(p.format, Some(Format::Csv));
        assert_eq!(
            probe(&["--separator", ";"]).unwrap().separator,
            Some(Separator::Semicolon)
        );
        for (code, format) in [
            ("json", Format::Json),
            ("csv", Format::Csv),
            ("html", Format::Html),
        ] {
            assert_eq!(probe(&["--format", code]).unwrap().format, Some(format));
        }
    }

    #[test]
    fn an_unknown_value_is_refused_in_dutch_naming_the_option() {
        for (args, expected) in [
            (
                ["--kind", "jubileum"],
                "--kind: Onbekende soort gesprek 'jubileum'.",
            ),
            (
                ["--sharing", "iedereen"],
                "--sharing: Onbekende deelmodus 'iedereen'.",
            ),
            (
                ["--role", "wethouder"],
                "--role: Onbekende rol 'wethouder'.",
            ),
            (["--role", "Griffier"], "--role: Onbekende rol 'Griffier'."),
            (["--separator", "|"], "--separator: ‘|’; kies ; of ,"),
            (
                ["--format", "xml"],
                "--format: ‘xml’; kies json, csv of html",
            ),
        ] {
            let err = probe(&args).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidValue);
            let text = err.to_string();
            assert!(text.contains(expected), "{args:?}: {text}");
        }
    }
}

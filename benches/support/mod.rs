//! What the benchmarks share: a municipality with its burgemeester, a
//! regular round, and synthetic responses that lean per group.

#![allow(dead_code)]

use std::path::Path;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use klankbord::domain::answers::{ScaleAnswer, Score};
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{GroupId, MunicipalityId, RoundId};
use klankbord::domain::questionnaire::{Item, ItemKind, Questionnaire};
use klankbord::domain::response::Response;
use klankbord::domain::round::{MinGroupSize, RoundDates, RoundKind, amsterdam};
use klankbord::domain::sharing::SharingMode;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::service::Klankbord;
use klankbord::service::demo_answers::Dice;
use klankbord::service::sealed_storage::store_response;
use klankbord::service::setup::{NewMunicipality, NewRound};
use klankbord::store::{Pool, rounds, write_transaction};

/// "Meetstad" with a griffier and a burgemeester.
pub fn municipality(svc: &Klankbord) -> MunicipalityId {
    municipality_named(svc, "Meetstad")
}

/// A municipality called `name` with a griffier and a burgemeester.
pub fn municipality_named(svc: &Klankbord, name: &str) -> MunicipalityId {
    let domain = format!("{}.example", name.to_lowercase());
    let m = svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse(name).unwrap(),
                clerk_name: PersonName::parse("Griffier").unwrap(),
                clerk_email: EmailAddress::parse(&format!("griffie@{domain}")).unwrap(),
            },
        )
        .unwrap();
    svc.create_mayor(
        System::Cli,
        m,
        PersonName::parse("Burgemeester").unwrap(),
        EmailAddress::parse(&format!("bm@{domain}")).unwrap(),
    )
    .unwrap();
    m
}

/// A regular round with the default groups and question bank, from today,
/// closing in three weeks.
pub fn regular_round(svc: &Klankbord, m: MunicipalityId) -> RoundId {
    let today = svc.now().to_zoned(amsterdam()).date();
    svc.create_round(
        System::Cli,
        NewRound {
            municipality: m,
            mayor: None,
            kind: RoundKind::Regular,
            dates: RoundDates::new(
                today,
                today.checked_add(jiff::ToSpan::days(21)).unwrap(),
                today.checked_add(jiff::ToSpan::days(28)).unwrap(),
            )
            .unwrap(),
            min_group_size: MinGroupSize::DEFAULT,
            sharing: SharingMode::AlsoMayor,
        },
    )
    .and_then(|created| created.into_result())
    .unwrap()
}

/// Response number `n` of group `group` (the `g`-th): answers leaning per
/// group, 10% "kan ik niet beoordelen", a comment on a quarter of the open
/// questions.
pub fn synthetic_response(
    q: &Questionnaire,
    group: GroupId,
    g: usize,
    n: usize,
    dice: &mut Dice,
) -> Response {
    let mut r = Response {
        group,
        scores: Vec::new(),
        comments: Vec::new(),
    };
    for item in q.for_group(group).items() {
        match item.kind {
            ItemKind::Scale if dice.next(10) == 0 => {
                r.scores.push((item.id, ScaleAnswer::CannotJudge));
            }
            ItemKind::Scale => {
                let v = (2 + g as u64 % 2 + dice.next(3)).min(5) as u8;
                r.scores
                    .push((item.id, ScaleAnswer::Score(Score::new(v).unwrap())));
            }
            ItemKind::Open { .. } if dice.next(4) == 0 => {
                r.comments.push((item.id, format!("Toelichting {n}")));
            }
            ItemKind::Open { .. } => {}
        }
    }
    r
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }

    /// The backends chosen with `--sqlite` / `--postgres` (both without).
    pub fn from_args(args: &[String]) -> Vec<Self> {
        let has = |f: &str| args.iter().any(|a| a == f);
        match (has("--sqlite"), has("--postgres")) {
            (true, false) => vec![Self::Sqlite],
            (false, true) => vec![Self::Postgres],
            _ => vec![Self::Sqlite, Self::Postgres],
        }
    }
}

/// The PostgreSQL server's maintenance database (`KLANKBORD_TEST_POSTGRES`).
pub fn admin_url() -> String {
    std::env::var("KLANKBORD_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database: an SQLite file in `dir`, or a PostgreSQL database
/// dropped with the value.
pub struct FreshDb {
    pub url: String,
    pg: Option<String>,
}

impl FreshDb {
    pub fn create(backend: Backend, dir: &Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: dir.join("bench.db").display().to_string(),
                pg: None,
            },
            Backend::Postgres => {
                let name = format!("kb_bench_{}", uuid::Uuid::new_v4().simple());
                let base = admin_url();
                let mut admin = diesel::PgConnection::establish(&base).unwrap();
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .unwrap();
                let i = base.rfind('/').unwrap();
                Self {
                    url: format!("{}/{name}", &base[..i]),
                    pg: Some(name),
                }
            }
        }
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg
            && let Ok(mut admin) = diesel::PgConnection::establish(&admin_url())
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// `n` sealed responses spread over `groups`, answers leaning per group,
/// written 500 to a transaction.
pub fn prefill(svc: &Klankbord, pool: &Pool, round: RoundId, groups: &[GroupId], n: usize) {
    let q = svc.self_questionnaire(System::Cli, round).unwrap();
    let len = klankbord::domain::response::padded_len(&q);
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let mut conn = pool.get().unwrap();
    let mut written = 0;
    while written < n {
        let batch = (n - written).min(500);
        write_transaction(&mut conn, |c| -> Result<(), klankbord::store::StoreError> {
            rounds::lock_round(c, round)?;
            for k in written..written + batch {
                let g = k % groups.len();
                let r = synthetic_response(&q, groups[g], g, k, &mut dice);
                store_response(c, svc.key(), round, len, &r)?;
            }
            Ok(())
        })
        .unwrap();
        written += batch;
    }
}

/// A whole form's fields as a referent posts them: every scale item a 4,
/// every open question `comment`.
pub fn full_answers<'a>(
    items: impl Iterator<Item = &'a Item>,
    comment: &str,
) -> Vec<(String, String)> {
    items
        .map(|item| {
            let value = match item.kind {
                ItemKind::Scale => "4".to_owned(),
                ItemKind::Open { .. } => comment.to_owned(),
            };
            (klankbord::domain::answers::field_name(item.id), value)
        })
        .collect()
}

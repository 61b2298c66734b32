//! What publishing a round costs, in three parts measured separately: the
//! SQL aggregation (counts per group, item and answer, and the comments),
//! the anonymity engine (partition, primary and complementary suppression,
//! comments), and rendering (dashboard HTML with its charts, CSV, JSON).
//!
//! Run: `cargo bench --bench publish` (all sizes, up to 100,000 responses)
//! or `cargo bench --bench publish -- --max 10000`. First, the engine alone
//! (`build_view` on counts, no database) on rounds of 5, 12, 20, 30 and 40
//! groups of 4 referenten with the default questionnaire;
//! `-- --engine-only` stops after that, `-- --max-groups 20` skips the
//! larger rounds. Every size is measured
//! `REPEATS` times on a fresh SQLite file; the median is reported. Bounded:
//! at most 100,000 responses and `REPEATS` runs per size.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use klankbord::domain::audit::System;
use std::time::{Duration, Instant};

use std::collections::HashMap;

use klankbord::anonymity::Params;
use klankbord::anonymity::release::{Counts, OPTIONS};
use klankbord::app::services;
use klankbord::config::Settings;
use klankbord::domain::group::{DefaultGroup, RaterGroup};
use klankbord::domain::ids::ThemeId;
use klankbord::domain::ids::{GroupId, ItemId, RoundId};
use klankbord::domain::question_bank::BANK;
use klankbord::domain::questionnaire::ItemKind;
use klankbord::domain::questionnaire::{Item, Questionnaire, Theme};
use klankbord::domain::response::padded_len;
use klankbord::domain::round::RoundState;
use klankbord::results::csv::{Separator, to_csv};
use klankbord::results::{RoundData, build_view};
use klankbord::service::demo_answers::Dice;
use klankbord::service::sealed_storage::store_response;
use klankbord::service::{Klankbord, system_clock};
use klankbord::store::connection::build_pool;
use klankbord::store::{rounds, write_transaction};
use klankbord::web::views::dashboard::dashboard;

mod support;

const REPEATS: usize = 5;
const LIMIT: usize = 100_000;

struct Setup {
    _dir: tempfile::TempDir,
    svc: Klankbord,
    round: RoundId,
}

/// A round with the default groups and question bank, and `shares` of
/// `responses` synthetic responses per rater group.
fn setup(responses: usize, shares: &[usize]) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let outbox = dir.path().join("outbox");
    let key = dir.path().join("key");
    let settings = Settings::from_lookup(|k| match k {
        "DATABASE_URL" => Some(db.display().to_string()),
        "KLANKBORD_MAIL" => Some(format!("file:{}", outbox.display())),
        "KLANKBORD_SECRET_FILE" => Some(key.display().to_string()),
        _ => None,
    })
    .unwrap();
    let svc = services(&settings, system_clock()).unwrap();
    let round = support::regular_round(&svc, support::municipality(&svc));
    let raters: Vec<GroupId> = svc
        .round_groups(round)
        .unwrap()
        .iter()
        .filter(|g| !g.is_self)
        .map(|g| g.id)
        .collect();
    let questionnaire = svc.self_questionnaire(System::Cli, round).unwrap();
    let record_len = padded_len(&questionnaire);
    let pool = build_pool(&settings.database.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let total: usize = shares.iter().sum();
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let mut written = 0;
    while written < responses {
        let batch = (responses - written).min(2_000);
        write_transaction(&mut conn, |c| -> Result<(), klankbord::store::StoreError> {
            for n in written..written + batch {
                // Group by share, answers leaning per group, 10% "kan ik niet beoordelen".
                let slot = n % total;
                let mut g = 0;
                let mut acc = shares[0];
                while slot >= acc {
                    g += 1;
                    acc += shares[g];
                }
                let response =
                    support::synthetic_response(&questionnaire, raters[g], g, n, &mut dice);
                store_response(c, svc.key(), round, record_len, &response)?;
            }
            Ok(())
        })
        .unwrap();
        written += batch;
    }
    // Closed without publishing: the sealed records stay for the measurement.
    rounds::set_state(&mut conn, round, RoundState::Draft, RoundState::Closed).unwrap();
    Setup {
        _dir: dir,
        svc,
        round,
    }
}

struct Timing {
    sql: Duration,
    engine: Duration,
    render: Duration,
    html_bytes: usize,
}

fn measure(s: &Setup) -> Timing {
    let info = s.svc.round_info(s.round).unwrap();
    let t0 = Instant::now();
    let input = s.svc.publish_input(s.round).unwrap();
    let t1 = Instant::now();
    let view = input.compute();
    let t2 = Instant::now();
    let html = dashboard(&info, &view).into_string();
    let csv = to_csv(&view, Separator::Semicolon);
    let json = serde_json::to_string(&view).unwrap();
    let t3 = Instant::now();
    assert!(!csv.is_empty() && !json.is_empty());
    Timing {
        sql: t1 - t0,
        engine: t2 - t1,
        render: t3 - t2,
        html_bytes: html.len(),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:8.2}", d.as_secs_f64() * 1000.0)
}

/// The engine alone on `groups` groups of `per_group` referenten: group `g`
/// plays the part of default rater group `g mod 5` (so the questionnaire's
/// targeting applies), answers as in `setup`, 10% "kan ik niet beoordelen".
fn engine_only(groups: usize, per_group: u32) -> (Duration, usize, usize) {
    let raters: Vec<(RaterGroup, DefaultGroup)> = (0..groups)
        .map(|g| {
            let d = DefaultGroup::RATERS[g % DefaultGroup::RATERS.len()];
            (
                RaterGroup {
                    id: GroupId::random(),
                    key: format!("{}-{g}", d.key()),
                    name: format!("{} {g}", d.name()),
                    description: String::new(),
                    is_self: false,
                },
                d,
            )
        })
        .collect();
    let questionnaire = Questionnaire {
        themes: BANK
            .iter()
            .map(|t| {
                let id = ThemeId::random();
                Theme {
                    id,
                    title: t.title.into(),
                    intro: String::new(),
                    items: t
                        .items
                        .iter()
                        .map(|i| Item {
                            id: ItemId::random(),
                            theme_id: id,
                            kind: i.kind,
                            text: i.text.into(),
                            groups: raters
                                .iter()
                                .filter(|(_, d)| i.groups.contains(d))
                                .map(|(g, _)| g.id)
                                .collect(),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let groups: Vec<RaterGroup> = raters.iter().map(|(g, _)| g.clone()).collect();
    let headcounts: HashMap<GroupId, u32> = groups.iter().map(|g| (g.id, per_group)).collect();
    let invited = headcounts.clone();
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let mut scores: HashMap<(GroupId, ItemId), Counts> = HashMap::new();
    for (n, group) in groups.iter().enumerate() {
        for item in questionnaire.items() {
            if item.kind != ItemKind::Scale || !item.groups.contains(&group.id) {
                continue;
            }
            let v = scores.entry((group.id, item.id)).or_insert([0; OPTIONS]);
            for _ in 0..per_group {
                if dice.next(10) == 0 {
                    v[0] += 1;
                } else {
                    v[(2 + n as u64 % 2 + dice.next(3)).min(5) as usize] += 1;
                }
            }
        }
    }
    let comments = HashMap::new();
    let data = RoundData {
        params: Params::DEFAULT,
        coalition: 1,
        groups: &groups,
        questionnaire: &questionnaire,
        headcounts: &headcounts,
        invited: &invited,
        scores: &scores,
        comments: &comments,
    };
    let started = Instant::now();
    let view = build_view(&data);
    let took = started.elapsed();
    let cells: Vec<_> = view
        .themes
        .iter()
        .flat_map(|t| &t.items)
        .flat_map(|i| &i.groups)
        .collect();
    let hidden = cells
        .iter()
        .filter(|c| **c == &klankbord::results::CellView::Hidden)
        .count();
    (took, cells.len(), hidden)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let max_groups = args
        .iter()
        .position(|a| a == "--max-groups")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(40);
    println!("engine only: groups x 4 referenten, default questionnaire");
    println!("groups  engine ms  group cells  hidden");
    for groups in [5, 12, 20, 30, 40].into_iter().filter(|g| *g <= max_groups) {
        let runs: Vec<(Duration, usize, usize)> =
            (0..REPEATS).map(|_| engine_only(groups, 4)).collect();
        let took = median(runs.iter().map(|r| r.0).collect());
        let (_, cells, hidden) = runs[0];
        println!("{groups:>6}   {}  {cells:>11}  {hidden:>6}", ms(took));
    }
    if args.iter().any(|a| a == "--engine-only") {
        return;
    }
    let max = args
        .iter()
        .position(|a| a == "--max")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(LIMIT)
        .min(LIMIT);
    println!(
        "responses  scenario          sql ms  engine ms  render ms  total ms  html KiB  setup s"
    );
    let scenarios: &[(&str, &[usize])] = &[
        ("spread", &[30, 20, 20, 15, 15]),
        ("small groups", &[40, 30, 20, 7, 3]),
    ];
    let mut base: Option<(usize, Duration, Duration, Duration)> = None;
    for n in [100, 1_000, 10_000, 100_000]
        .into_iter()
        .filter(|n| *n <= max)
    {
        for (name, shares) in scenarios {
            if n > 100 && *name != "spread" {
                continue;
            }
            let started = Instant::now();
            let s = setup(n, shares);
            let setup_time = started.elapsed();
            let runs: Vec<Timing> = (0..REPEATS).map(|_| measure(&s)).collect();
            let html = runs[0].html_bytes;
            let sql = median(runs.iter().map(|t| t.sql).collect());
            let engine = median(runs.iter().map(|t| t.engine).collect());
            let render = median(runs.iter().map(|t| t.render).collect());
            println!(
                "{n:>9}  {name:<14} {}   {}   {}  {}  {:8}  {:7.1}",
                ms(sql),
                ms(engine),
                ms(render),
                ms(sql + engine + render),
                html / 1024,
                setup_time.as_secs_f64()
            );
            if *name == "spread" {
                match base {
                    None => base = Some((n, sql, engine, render)),
                    Some((n0, s0, e0, r0)) => println!(
                        "           growth vs {n0}: responses ×{}, sql ×{:.1}, engine ×{:.1}, render ×{:.1}",
                        n / n0,
                        sql.as_secs_f64() / s0.as_secs_f64(),
                        engine.as_secs_f64() / e0.as_secs_f64(),
                        render.as_secs_f64() / r0.as_secs_f64()
                    ),
                }
            }
        }
    }
}

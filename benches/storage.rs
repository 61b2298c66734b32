//! What sealed storage costs (issue 10's benchmark), on SQLite and PostgreSQL:
//!
//! 1. **Submit** latency and throughput with 100, 1,000 and 5,000 responses
//!    already sealed in the round: `SUBMITS` real submits through the service
//!    (token look-up, validation, the submitting transaction), one client.
//! 2. **Close** of a round with 100 and 10,000 sealed responses: the whole
//!    close (short transaction, unseal and count in memory, engine, store,
//!    destroy) and its parts measured apart.
//! 3. **Close with many groups**: 5, 12, 20, 30 and 40 groups of 4 referenten
//!    with the default questionnaire, while another thread keeps submitting
//!    to another round: the close's time, and whether every concurrent submit
//!    succeeded (and the slowest one).
//!
//! Run: `cargo bench --bench storage` (both backends; PostgreSQL at
//! `KLANKBORD_TEST_POSTGRES` or postgres://postgres@127.0.0.1:5432/postgres,
//! a fresh database per case, dropped afterwards), or with `-- --sqlite`,
//! `-- --postgres`, `-- --quick` (smaller sizes). Bounded in count: at most
//! 10,000 prefilled responses per case, `SUBMITS` timed submits, and the
//! concurrent submitter stops when the close ends (or after 2,000 submits).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use klankbord::domain::audit::System;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use klankbord::app::services;
use klankbord::config::Settings;
use klankbord::domain::ids::{GroupId, RoundId};
use klankbord::domain::round::RoundState;
use klankbord::domain::token::InvitationToken;
use klankbord::service::respond::SubmitOutcome;
use klankbord::service::{Klankbord, system_clock};
use klankbord::store::connection::build_pool;
use klankbord::store::rounds::GroupRow;
use klankbord::store::{questionnaire, rounds, write_transaction};

mod support;

const SUBMITS: usize = 50;

const MAX_CONCURRENT_SUBMITS: usize = 2_000;

use support::{Backend, FreshDb};

/// One server's services on a fresh database (dropped with the value).
struct Instance {
    svc: Klankbord,
    pool: klankbord::store::Pool,
    dir: tempfile::TempDir,
    _db: FreshDb,
    municipality: klankbord::domain::ids::MunicipalityId,
}

fn instance(backend: Backend) -> Instance {
    let dir = tempfile::tempdir().unwrap();
    let db = FreshDb::create(backend, dir.path());
    let url = db.url.clone();
    let outbox = dir.path().join("outbox");
    let key = dir.path().join("key");
    let settings = Settings::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "KLANKBORD_MAIL" => Some(format!("file:{}", outbox.display())),
        "KLANKBORD_SECRET_FILE" => Some(key.display().to_string()),
        _ => None,
    })
    .unwrap();
    let svc = services(&settings, system_clock()).unwrap();
    let pool = build_pool(&settings.database.url, 1).unwrap();
    let municipality = support::municipality(&svc);
    Instance {
        svc,
        pool,
        dir,
        _db: db,
        municipality,
    }
}

fn new_round(i: &Instance) -> RoundId {
    support::regular_round(&i.svc, i.municipality)
}

/// `groups` extra rater groups shown every item of the round's first rater
/// group (the default groups are then removed from the items): a round of
/// `groups` groups with the default questionnaire.
fn with_groups(i: &Instance, round: RoundId, groups: usize) -> Vec<GroupId> {
    let template = i
        .svc
        .round_groups(round)
        .unwrap()
        .into_iter()
        .find(|g| !g.is_self)
        .unwrap()
        .id;
    let own = i
        .svc
        .round_groups(round)
        .unwrap()
        .into_iter()
        .find(|g| g.is_self)
        .unwrap()
        .id;
    let ids: Vec<GroupId> = (0..groups).map(|_| GroupId::random()).collect();
    let mut conn = i.pool.get().unwrap();
    write_transaction(&mut conn, |c| -> diesel::QueryResult<()> {
        for (n, id) in ids.iter().enumerate() {
            rounds::insert_group(
                c,
                &GroupRow {
                    id: *id,
                    round_id: round,
                    key: format!("bench-{n}"),
                    name: format!("Groep {n}"),
                    description: String::new(),
                    is_self: false,
                    position: 100 + n as i32,
                },
            )?;
        }
        let q = questionnaire::load(c, round)?;
        for item in q.items() {
            let mut shown = vec![own];
            if item.groups.contains(&template) {
                shown.extend(&ids);
            }
            questionnaire::set_item_groups(c, item.id, &shown)?;
        }
        Ok(())
    })
    .unwrap();
    ids
}

/// `n` sealed responses spread over `groups`, answers leaning per group.
fn prefill(i: &Instance, round: RoundId, groups: &[GroupId], n: usize) {
    support::prefill(&i.svc, &i.pool, round, groups, n);
}

/// Invites `n` referenten of `group_key` and returns their tokens, read from
/// the outbox as a referent's mail client would.
fn invite(i: &Instance, round: RoundId, group_key: &str, n: usize) -> Vec<InvitationToken> {
    let before: std::collections::HashSet<_> = outbox_files(i).into_iter().collect();
    let mut csv = String::from("naam,email,groep\n");
    for k in 0..n {
        csv.push_str(&format!(
            "Referent {k},r{k}.{}@meetstad.example,{group_key}\n",
            &round.to_string()[..8]
        ));
    }
    i.svc
        .import_raters(System::Cli, round, csv.as_bytes())
        .unwrap();
    i.svc.send_invitations(System::Cli, round).unwrap();
    i.svc.deliver_due().unwrap();
    outbox_files(i)
        .into_iter()
        .filter(|p| !before.contains(p))
        .map(|p| {
            let raw = std::fs::read(&p).unwrap();
            let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let text = msg.body_text(0).unwrap().into_owned();
            let at = text.find("/r/").unwrap() + 3;
            InvitationToken::parse(&text[at..at + 43]).unwrap()
        })
        .collect()
}

fn outbox_files(i: &Instance) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(i.dir.path().join("outbox"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// A complete answer to the referent's questionnaire.
fn fields(svc: &Klankbord, token: &InvitationToken) -> Vec<(String, String)> {
    let klankbord::service::respond::Lookup::Usable(ctx) = svc.context_for(token).unwrap() else {
        panic!("link not usable");
    };
    support::full_answers(
        ctx.questionnaire.items(),
        "Een toelichting van gemiddelde lengte.",
    )
}

fn submit(svc: &Klankbord, token: &InvitationToken, f: &[(String, String)]) -> bool {
    matches!(svc.submit(token, f).unwrap(), SubmitOutcome::Submitted(_))
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn quantile(v: &mut [Duration], q: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn submits(backend: Backend, sizes: &[usize]) {
    println!(
        "\n{} — submit with n responses already sealed in the round ({SUBMITS} submits, one client)",
        backend.name()
    );
    println!("  n        p50 ms   p90 ms   max ms   submits/s");
    for &n in sizes {
        let i = instance(backend);
        let round = new_round(&i);
        let council = i
            .svc
            .round_groups(round)
            .unwrap()
            .into_iter()
            .find(|g| g.key == "gemeenteraad")
            .unwrap()
            .id;
        let tokens = invite(&i, round, "gemeenteraad", SUBMITS);
        prefill(&i, round, &[council], n);
        let forms: Vec<_> = tokens.iter().map(|t| fields(&i.svc, t)).collect();
        let mut times = Vec::new();
        let start = Instant::now();
        for (t, f) in tokens.iter().zip(&forms) {
            let s = Instant::now();
            assert!(submit(&i.svc, t, f));
            times.push(s.elapsed());
        }
        let total = start.elapsed();
        println!(
            "  {n:<8} {:>7}  {:>7}  {:>7}  {:>9.1}",
            ms(quantile(&mut times, 0.5)),
            ms(quantile(&mut times, 0.9)),
            ms(quantile(&mut times, 1.0)),
            SUBMITS as f64 / total.as_secs_f64()
        );
    }
}

fn closes(backend: Backend, sizes: &[usize]) {
    println!(
        "\n{} — close a round of n sealed responses (default groups and questionnaire)",
        backend.name()
    );
    println!("  n        open+count ms  engine ms  whole close ms");
    for &n in sizes {
        let i = instance(backend);
        let round = new_round(&i);
        let groups: Vec<GroupId> = i
            .svc
            .round_groups(round)
            .unwrap()
            .into_iter()
            .filter(|g| !g.is_self)
            .map(|g| g.id)
            .collect();
        prefill(&i, round, &groups, n);
        // The parts, on a copy of the state: closed but not yet published.
        let mut conn = i.pool.get().unwrap();
        let (draft, closed) = (RoundState::Draft, RoundState::Closed);
        rounds::set_state(&mut conn, round, draft, closed).unwrap();
        let s = Instant::now();
        let input = i.svc.publish_input(round).unwrap();
        let open = s.elapsed();
        let s = Instant::now();
        let _view = input.compute();
        let engine = s.elapsed();
        rounds::set_state(&mut conn, round, closed, draft).unwrap();
        drop(conn);
        let s = Instant::now();
        i.svc.close_round(System::Cli, round).unwrap();
        let whole = s.elapsed();
        println!(
            "  {n:<8} {:>13}  {:>9}  {:>14}",
            ms(open),
            ms(engine),
            ms(whole)
        );
    }
}

fn closes_with_groups(backend: Backend, counts: &[usize]) {
    println!(
        "\n{} — close with g groups of 4 referenten, while another round takes submits",
        backend.name()
    );
    println!("  groups   close ms   concurrent submits ok/tried   slowest submit ms");
    for &g in counts {
        let i = instance(backend);
        let round = new_round(&i);
        let groups = with_groups(&i, round, g);
        prefill(&i, round, &groups, 4 * g);
        let other = new_round(&i);
        let tokens = invite(&i, other, "gemeenteraad", MAX_CONCURRENT_SUBMITS.min(400));
        let forms: Vec<_> = tokens.iter().map(|t| fields(&i.svc, t)).collect();
        let done = Arc::new(AtomicBool::new(false));
        let svc = i.svc.clone();
        let stop = done.clone();
        let submitter = std::thread::spawn(move || {
            let (mut ok, mut tried, mut slowest) = (0, 0, Duration::ZERO);
            for (t, f) in tokens.iter().zip(&forms) {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let s = Instant::now();
                tried += 1;
                if svc
                    .submit(t, f)
                    .is_ok_and(|o| matches!(o, SubmitOutcome::Submitted(_)))
                {
                    ok += 1;
                }
                slowest = slowest.max(s.elapsed());
            }
            (ok, tried, slowest)
        });
        std::thread::sleep(Duration::from_millis(50));
        let s = Instant::now();
        i.svc.close_round(System::Cli, round).unwrap();
        let close = s.elapsed();
        done.store(true, Ordering::SeqCst);
        let (ok, tried, slowest) = submitter.join().unwrap();
        println!(
            "  {g:<8} {:>8}   {ok:>6}/{tried:<20} {:>8}",
            ms(close),
            ms(slowest)
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |a: &str| args.iter().any(|x| x == a);
    let quick = has("--quick");
    let backends = Backend::from_args(&args);
    let submit_sizes: &[usize] = if quick { &[100] } else { &[100, 1_000, 5_000] };
    let close_sizes: &[usize] = if quick { &[100] } else { &[100, 10_000] };
    let group_counts: &[usize] = if quick {
        &[5, 12]
    } else {
        &[5, 12, 20, 30, 40]
    };
    for b in backends {
        submits(b, submit_sizes);
        closes(b, close_sizes);
        closes_with_groups(b, group_counts);
    }
}

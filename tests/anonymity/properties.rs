//! Properties 2, 4, 5 and 8 of anonymity.md over random rounds built
//! through the real publication code (`build_view`), and the renderers.

use std::collections::HashMap;

use klankbord::anonymity::release::{Counts, OPTIONS};
use klankbord::anonymity::release::{ReleaseType, n_valid, release};
use klankbord::anonymity::{Auditor, Cell, Params, allowed, publish_item};
use klankbord::domain::group::RaterGroup;
use klankbord::domain::ids::{GroupId, ItemId, MunicipalityId, RoundId, ThemeId};
use klankbord::domain::questionnaire::{Item, ItemKind, Questionnaire, Theme};
use klankbord::domain::round::{MinGroupSize, RoundKind, RoundState};
use klankbord::domain::sharing::SharingMode;
use klankbord::results::csv::{Separator, to_csv};
use klankbord::results::summary::summarize;
use klankbord::results::{Comment, ReleasedView, RoundData, build_view};
use klankbord::service::round_info::RoundInfo;
use klankbord::web::views::dashboard::dashboard;
use proptest::prelude::*;

/// A random round: group headcounts (the last group is the self-assessment)
/// and per item and respondent an answer.
#[derive(Clone, Debug)]
struct Round {
    heads: Vec<u32>,
    self_answers: Vec<u8>,
    answers: Vec<Vec<Vec<u8>>>,
}

const ITEMS: usize = 4;

fn round() -> impl Strategy<Value = Round> {
    proptest::collection::vec(0u32..9, 1..5).prop_flat_map(|heads| {
        let per_item: Vec<_> = heads
            .iter()
            .map(|h| proptest::collection::vec(0u8..6, *h as usize))
            .collect();
        (
            Just(heads),
            proptest::collection::vec(0u8..6, ITEMS),
            proptest::collection::vec(per_item, ITEMS),
        )
            .prop_map(|(heads, self_answers, answers)| Round {
                heads,
                self_answers,
                answers,
            })
    })
}

struct Fixture {
    groups: Vec<RaterGroup>,
    questionnaire: Questionnaire,
}

fn fixture(groups: usize) -> Fixture {
    let mut groups: Vec<RaterGroup> = (0..groups)
        .map(|g| RaterGroup {
            id: GroupId::random(),
            key: format!("groep-{g}"),
            name: format!("Groep {g}"),
            description: String::new(),
            is_self: false,
        })
        .collect();
    groups.push(RaterGroup {
        id: GroupId::random(),
        key: "zelfevaluatie".into(),
        name: "Zelfevaluatie".into(),
        description: String::new(),
        is_self: true,
    });
    let theme = ThemeId::random();
    let all: Vec<GroupId> = groups.iter().map(|g| g.id).collect();
    let mut items: Vec<Item> = (0..ITEMS)
        .map(|i| Item {
            id: ItemId::random(),
            theme_id: theme,
            kind: ItemKind::Scale,
            text: format!("Stelling {i}"),
            groups: all.clone(),
        })
        .collect();
    items.push(Item {
        id: ItemId::random(),
        theme_id: theme,
        kind: ItemKind::Open { max_chars: 100 },
        text: "Wat gaat goed?".into(),
        groups: all,
    });
    Fixture {
        groups,
        questionnaire: Questionnaire {
            themes: vec![Theme {
                id: theme,
                title: "Thema".into(),
                intro: String::new(),
                items,
            }],
        },
    }
}

fn publish(f: &Fixture, r: &Round, with_self: bool) -> ReleasedView {
    let raters = &f.groups[..f.groups.len() - 1];
    let own = &f.groups[f.groups.len() - 1];
    let mut headcounts: HashMap<GroupId, u32> = raters
        .iter()
        .zip(&r.heads)
        .map(|(g, h)| (g.id, *h))
        .collect();
    let invited: HashMap<GroupId, u32> = raters
        .iter()
        .zip(&r.heads)
        .map(|(g, h)| (g.id, h + 1))
        .collect();
    let mut scores: HashMap<(GroupId, ItemId), Counts> = HashMap::new();
    let scale: Vec<ItemId> = f.questionnaire.themes[0].items[..ITEMS]
        .iter()
        .map(|i| i.id)
        .collect();
    for (item, per_group) in scale.iter().zip(&r.answers) {
        for (g, answers) in raters.iter().zip(per_group) {
            let v = scores.entry((g.id, *item)).or_insert([0; OPTIONS]);
            for a in answers {
                v[usize::from(*a)] += 1;
            }
        }
    }
    let open = f.questionnaire.themes[0].items[ITEMS].id;
    let mut comments: Vec<Comment> = raters
        .iter()
        .zip(&r.heads)
        .flat_map(|(g, h)| {
            (0..*h).map(move |n| Comment {
                order: format!(
                    "{:08x}",
                    (n as u64 + 1).wrapping_mul(0x9E37_79B9) % 1_000_003
                ),
                group: g.id,
                body: format!("{} {n}", g.name),
            })
        })
        .collect();
    if with_self {
        headcounts.insert(own.id, 1);
        for (item, a) in scale.iter().zip(&r.self_answers) {
            let mut v = [0; OPTIONS];
            v[usize::from(*a)] = 1;
            scores.insert((own.id, *item), v);
        }
        comments.push(Comment {
            order: "0".into(),
            group: own.id,
            body: "Mijn eigen toelichting".into(),
        });
    }
    let comments = HashMap::from([(open, comments)]);
    build_view(&RoundData {
        params: Params::DEFAULT,
        coalition: 1,
        groups: &f.groups,
        questionnaire: &f.questionnaire,
        headcounts: &headcounts,
        invited: &invited,
        scores: &scores,
        comments: &comments,
    })
}

fn info() -> RoundInfo {
    RoundInfo {
        id: RoundId::random(),
        municipality_id: MunicipalityId::random(),
        municipality: "Teststad".into(),
        clerk_name: "G".into(),
        clerk_email: "g@x.nl".into(),
        mayor_name: "B".into(),
        kind: RoundKind::Regular,
        state: RoundState::Closed,
        opens_on: jiff::civil::date(2026, 11, 2),
        closes_at: jiff::Timestamp::UNIX_EPOCH,
        meeting_on: jiff::civil::date(2026, 12, 8),
        min_group_size: MinGroupSize::DEFAULT,
        sharing: SharingMode::AlsoMayor,
        mayor_sees_raters: true,
        house_style: None,
    }
}

/// The view without anything of the self-assessment.
fn without_self(mut v: ReleasedView) -> ReleasedView {
    v.self_assessed = false;
    for t in &mut v.themes {
        for i in &mut t.items {
            i.self_answer = None;
            i.self_comment = None;
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Property 5: the self-assessment changes only the self cells.
    #[test]
    fn self_answers_change_only_self_cells(r in round()) {
        let f = fixture(r.heads.len());
        let with = publish(&f, &r, true);
        let without = publish(&f, &r, false);
        prop_assert_eq!(without_self(with.clone()), without);
        if !with.too_few {
            prop_assert!(with.self_assessed);
        }
    }

    /// Property 4: equal views render byte-identical HTML, CSV and JSON, also
    /// after a round trip through the stored JSON; one symbol for hidden cells.
    #[test]
    fn equal_views_render_identically(r in round()) {
        let f = fixture(r.heads.len());
        let a = publish(&f, &r, true);
        let json = serde_json::to_string(&a).unwrap();
        let b: ReleasedView = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&serde_json::to_string(&b).unwrap(), &json);
        let info = info();
        let html_a = dashboard(&info, &a).into_string();
        prop_assert_eq!(&html_a, &dashboard(&info, &b).into_string());
        prop_assert_eq!(to_csv(&a, Separator::Semicolon), to_csv(&b, Separator::Semicolon));
        prop_assert!(!html_a.contains("NaN") && !html_a.contains("inf"));
        for t in &a.themes {
            for i in &t.items {
                for c in i.groups.iter().chain(&i.overall) {
                    if *c == klankbord::results::CellView::Hidden {
                        prop_assert!(html_a.contains('—'));
                    }
                }
            }
        }
    }

    /// Property 8: every summary figure is recomputable from the view alone.
    #[test]
    fn summaries_come_from_the_view_alone(r in round()) {
        let f = fixture(r.heads.len());
        let a = publish(&f, &r, true);
        let b: ReleasedView = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(summarize(&a), summarize(&b));
    }

    /// Property 2: what is published per item are sums over whole groups:
    /// each shown group, and the overall. Their linear combinations isolate
    /// at most the shown groups and the hidden rest; each of those holds at
    /// least k valid answers (or none at all).
    #[test]
    fn no_linear_combination_isolates_fewer_than_k(
        groups in proptest::collection::vec(proptest::array::uniform6(0u32..4), 1..5),
        pool in proptest::collection::vec(proptest::array::uniform6(0u32..3), 0..3),
    ) {
        let p = Params::DEFAULT;
        let named: Vec<(Counts, u32)> = groups.iter().map(|v| (*v, 1)).collect();
        let pool: Vec<(Counts, u32)> = pool.iter().map(|v| (*v, 1)).collect();
        let mut auditor = Auditor::new(ReleaseType::Mean, p);
        let out = publish_item(&mut auditor, &named, &pool);
        let mut rest = [0u32; OPTIONS];
        for (v, _) in named.iter().chain(&pool) {
            for o in 0..OPTIONS { rest[o] += v[o]; }
        }
        for ((v, c), cell) in named.iter().zip(&out.named) {
            if let Cell::Shown(r) = cell {
                prop_assert_eq!(*r, release(ReleaseType::Mean, v));
                prop_assert!(allowed(ReleaseType::Mean, v, p.k, p.l, *c));
                for o in 0..OPTIONS { rest[o] -= v[o]; }
            }
        }
        // With the overall hidden nothing derives the rest (the shown
        // groups were checked above): either every group is hidden too, or
        // the rest was too large to audit within the work limit.
        if matches!(out.overall, Cell::Shown(_)) {
            let h: u32 = rest.iter().sum();
            prop_assert!(h == 0 || n_valid(&rest) >= p.k, "hidden rest {:?}", rest);
        }
    }
}

/// A round with these headcounts in which every respondent answered
/// `answer` plus their position (mod 5), on every item.
fn varied(heads: &[u32]) -> Round {
    let per_item: Vec<Vec<u8>> = heads
        .iter()
        .map(|h| (0..*h).map(|n| (n % 5 + 1) as u8).collect())
        .collect();
    Round {
        heads: heads.to_vec(),
        self_answers: vec![3; ITEMS],
        answers: vec![per_item; ITEMS],
    }
}

#[test]
fn an_empty_group_does_not_turn_distributions_into_means() {
    // 20 raters in two groups of 10, and a default group nobody is in.
    let f = fixture(3);
    let view = publish(&f, &varied(&[10, 10, 0]), false);
    assert_eq!(
        view.release_type,
        Some(klankbord::results::ReleaseKind::Distribution)
    );
    assert_eq!(view.groups.len(), 2);
    assert!(view.pooled_groups.is_empty());
    let cell = &view.themes[0].items[0].overall;
    assert!(
        matches!(
            cell,
            Some(klankbord::results::CellView::Distribution { .. })
        ),
        "{cell:?}"
    );
}

#[test]
fn a_statement_no_respondent_was_asked_is_not_asked_everywhere() {
    use klankbord::results::CellView;
    let mut f = fixture(3);
    let ids: Vec<GroupId> = f.groups.iter().map(|g| g.id).collect();
    // Statement 0 only for the group without respondents; statement 1 not
    // for group 1.
    f.questionnaire.themes[0].items[0].groups = vec![ids[2]];
    f.questionnaire.themes[0].items[1].groups = vec![ids[0], ids[2]];
    let view = publish(&f, &varied(&[5, 6, 0]), true);
    let items = &view.themes[0].items;
    assert_eq!(items[0].overall, Some(CellView::NotAsked));
    assert_eq!(items[0].groups, vec![CellView::NotAsked; 2]);
    assert_eq!(items[1].groups[1], CellView::NotAsked, "not a hidden dash");
    assert!(matches!(items[1].overall, Some(CellView::Mean { .. })));
    let csv = to_csv(&view, Separator::Semicolon);
    assert!(!csv.contains("—;0;0"), "{csv}");
    let first = csv
        .lines()
        .filter(|l| l.contains("Stelling 0;Alle referenten"))
        .collect::<Vec<_>>();
    assert_eq!(first, vec!["Thema;Stelling 0;Alle referenten;n.v.t.;;;"]);
    let html = dashboard(&info(), &view).into_string();
    assert!(html.contains("n.v.t."));
    let json = serde_json::to_string(&view).unwrap();
    assert!(json.contains(r#"{"cell":"not_asked"}"#));
    // No summary counts it: the theme rests on the statements that were
    // asked (a statement nobody was asked does not hide the theme score).
    let summary = summarize(&view);
    let shown = items[1..ITEMS]
        .iter()
        .filter(|i| matches!(i.overall, Some(CellView::Mean { .. })))
        .count();
    assert_eq!(summary.themes[0].overall.released, shown);
    assert_eq!(summary.themes[0].overall.asked, ITEMS - 1);
    assert!(summary.strongest.iter().all(|r| r.text != "Stelling 0"));
    assert!(summary.weakest.iter().all(|r| r.text != "Stelling 0"));
}

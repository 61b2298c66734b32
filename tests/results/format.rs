//! The stored released view, format 2: pinned byte for byte. A view stored
//! by an earlier version must parse and re-serialise to exactly the stored
//! text, and a fresh computation from the same counts must produce it.

use std::collections::HashMap;

use klankbord::anonymity::Params;
use klankbord::anonymity::release::{Counts, OPTIONS};
use klankbord::domain::group::RaterGroup;
use klankbord::domain::ids::{GroupId, ItemId, ThemeId};
use klankbord::domain::questionnaire::{Item, ItemKind, Questionnaire, Theme};
use klankbord::results::{Comment, ReleasedView, RoundData, build_view};

const MEAN: &str = include_str!("fixtures/released_view_format2_mean.json");
const DISTRIBUTION: &str = include_str!("fixtures/released_view_format2_distribution.json");
const TOO_FEW: &str = include_str!("fixtures/released_view_format2_too_few.json");

fn id<T: std::str::FromStr>(n: u128) -> T
where
    T::Err: std::fmt::Debug,
{
    uuid::Uuid::from_u128(n).to_string().parse().unwrap()
}

fn group(n: u128, key: &str, name: &str, is_self: bool) -> RaterGroup {
    RaterGroup {
        id: id(n),
        key: key.into(),
        name: name.into(),
        description: String::new(),
        is_self,
    }
}

/// A fixed round: three groups of referenten and the self-assessment; two
/// statements (one not put to the college) and one open question.
struct Input {
    groups: Vec<RaterGroup>,
    questionnaire: Questionnaire,
    headcounts: HashMap<GroupId, u32>,
    invited: HashMap<GroupId, u32>,
    scores: HashMap<(GroupId, ItemId), Counts>,
    comments: HashMap<ItemId, Vec<Comment>>,
}

fn input(heads: [u32; 3]) -> Input {
    let groups = vec![
        group(1, "gemeenteraad", "Gemeenteraad", false),
        group(2, "college", "College", false),
        group(3, "veiligheidspartners", "Veiligheidspartners", false),
        group(4, "zelfevaluatie", "Zelfevaluatie burgemeester", true),
    ];
    let all: Vec<GroupId> = groups.iter().map(|g| g.id).collect();
    let (t1, t2): (ThemeId, ThemeId) = (id(11), id(12));
    let (s1, s2, o1): (ItemId, ItemId, ItemId) = (id(21), id(22), id(23));
    let item = |id, theme_id, kind, text: &str, groups: Vec<GroupId>| Item {
        id,
        theme_id,
        kind,
        text: text.into(),
        groups,
    };
    let questionnaire = Questionnaire {
        themes: vec![
            Theme {
                id: t1,
                title: "Voorzitter van de raad".into(),
                intro: String::new(),
                items: vec![
                    item(
                        s1,
                        t1,
                        ItemKind::Scale,
                        "Leidt de vergadering goed.",
                        all.clone(),
                    ),
                    item(
                        s2,
                        t1,
                        ItemKind::Scale,
                        "Is onpartijdig.",
                        vec![all[0], all[2], all[3]],
                    ),
                ],
            },
            Theme {
                id: t2,
                title: "Tot slot".into(),
                intro: String::new(),
                items: vec![item(
                    o1,
                    t2,
                    ItemKind::Open { max_chars: 2000 },
                    "Wat wilt u nog kwijt?",
                    all.clone(),
                )],
            },
        ],
    };
    let mut headcounts: HashMap<GroupId, u32> = all[..3].iter().copied().zip(heads).collect();
    headcounts.insert(all[3], 1);
    let invited = all[..3].iter().map(|g| (*g, 12)).collect();
    let mut scores = HashMap::new();
    let mut comments = Vec::new();
    for (g, h) in all[..3].iter().zip(heads) {
        let mut first: Counts = [0; OPTIONS];
        let mut second: Counts = [0; OPTIONS];
        for n in 0..h {
            first[(n as usize % 5) + 1] += 1;
            second[n as usize * 2 % 6] += 1;
            comments.push(Comment {
                order: format!("{:04}", (n * 7919 + h) % 1000),
                group: *g,
                body: format!("Opmerking {n}"),
            });
        }
        scores.insert((*g, s1), first);
        if *g != all[1] {
            scores.insert((*g, s2), second);
        }
    }
    scores.insert((all[3], s1), [0, 0, 0, 1, 0, 0]);
    scores.insert((all[3], s2), [1, 0, 0, 0, 0, 0]);
    comments.push(Comment {
        order: "0500".into(),
        group: all[3],
        body: "Mijn eigen toelichting".into(),
    });
    Input {
        groups,
        questionnaire,
        headcounts,
        invited,
        scores,
        comments: HashMap::from([(o1, comments)]),
    }
}

fn computed(heads: [u32; 3], params: Params) -> String {
    let i = input(heads);
    let view = build_view(&RoundData {
        params,
        coalition: 1,
        groups: &i.groups,
        questionnaire: &i.questionnaire,
        headcounts: &i.headcounts,
        invited: &i.invited,
        scores: &i.scores,
        comments: &i.comments,
    });
    serde_json::to_string(&view).unwrap()
}

#[test]
fn stored_format_2_views_parse_and_reserialise_byte_identically() {
    for stored in [MEAN, DISTRIBUTION, TOO_FEW] {
        let stored = stored.trim_end();
        let view: ReleasedView = serde_json::from_str(stored).unwrap();
        assert_eq!(view.format, 2);
        assert_eq!(serde_json::to_string(&view).unwrap(), stored);
    }
}

#[test]
fn a_fresh_view_of_the_fixed_round_is_the_stored_format_2_text() {
    assert_eq!(computed([6, 5, 1], Params::DEFAULT), MEAN.trim_end());
    let dist = Params { k: 3, l: 2, d: 5 };
    assert_eq!(computed([6, 5, 5], dist), DISTRIBUTION.trim_end());
    assert_eq!(computed([2, 0, 0], Params::DEFAULT), TOO_FEW.trim_end());
}

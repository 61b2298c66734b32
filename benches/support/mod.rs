//! What the benchmarks share: a municipality with its burgemeester, a
//! regular round, and synthetic responses that lean per group.

#![allow(dead_code)]

use klankbord::domain::answers::{ScaleAnswer, Score};
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{GroupId, MunicipalityId, RoundId};
use klankbord::domain::questionnaire::{ItemKind, Questionnaire};
use klankbord::domain::response::Response;
use klankbord::domain::round::{MinGroupSize, RoundDates, RoundKind, amsterdam};
use klankbord::domain::sharing::SharingMode;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::service::Klankbord;
use klankbord::service::demo_answers::Dice;
use klankbord::service::setup::{NewMunicipality, NewRound};

/// "Meetstad" with a griffier and a burgemeester.
pub fn municipality(svc: &Klankbord) -> MunicipalityId {
    let m = svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse("Meetstad").unwrap(),
                clerk_name: PersonName::parse("Griffier").unwrap(),
                clerk_email: EmailAddress::parse("griffie@meetstad.example").unwrap(),
            },
        )
        .unwrap();
    svc.create_mayor(
        System::Cli,
        m,
        PersonName::parse("Burgemeester").unwrap(),
        EmailAddress::parse("bm@meetstad.example").unwrap(),
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

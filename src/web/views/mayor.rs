//! The burgemeester's screens: the sharing mode and the self-assessment.

use maud::{Markup, html};

use crate::domain::answers::{
    CANNOT_JUDGE_LABEL, InvalidSubmission, SCALE_LABELS, ScaleAnswer, Submission,
};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::round::RoundState;
use crate::domain::sharing::SharingMode;
use crate::service::round_info::RoundInfo;
use crate::service::self_assessment::SelfAssessmentPage;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_page_trail};
use crate::web::views::respond::{questions, submission_errors};

pub fn sharing(nav: &StaffNav, info: &RoundInfo, csrf: &str, error: Option<&str>) -> Markup {
    let errors: Vec<(String, String)> = error
        .filter(|_| info.state != RoundState::Closed)
        .map(|e| vec![("deelmodus-0".to_owned(), e.to_owned())])
        .unwrap_or_default();
    page(
        &PageContext::new("Wie ziet de uitkomsten?")
            .for_round(info)
            .staff(nav, round_page_trail(nav, info, "Deelmodus", "deelmodus")),
        html! {
            (ErrorSummary { errors: &errors })
            h1 { "Wie ziet de uitkomsten?" }
            @if info.state == RoundState::Closed {
                @if let Some(e) = error { div.notice role="alert" { p { (e) } } }
                p.lead { "De ronde is gesloten. Uw keuze ligt vast:" }
                p { strong { (info.sharing.who_sees()) } }
                p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
            } @else {
            p.lead { "U kiest wie de uitkomsten van het " (info.kind.label()) " ziet, naast de klankbordcommissie. Uw keuze staat in elke uitnodiging en op de vragenlijst." }
            @if info.state != RoundState::Draft {
                p { "De uitnodigingen zijn verstuurd. U kunt de uitkomsten nu alleen nog aan minder mensen laten zien." }
            }
            form method="post" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                fieldset.form-group.form-group--error[error.is_some()] {
                    legend { "Wie ziet de uitkomsten, naast de klankbordcommissie?" }
                    @if let Some(e) = error { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                    @for (n, mode) in SharingMode::ALL.into_iter().enumerate() {
                        div.choice {
                            input type="radio" name="deelmodus" id={ "deelmodus-" (n) } value=(mode.code()) checked[mode == info.sharing];
                            label for={ "deelmodus-" (n) } { (mode.who_sees()) }
                        }
                    }
                }
                button.button type="submit" { "Keuze opslaan" }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
            }
        },
    )
}

pub fn self_assessment(
    nav: &StaffNav,
    info: &RoundInfo,
    q: &Questionnaire,
    csrf: &str,
    invalid: Option<&InvalidSubmission>,
) -> Markup {
    let errors = submission_errors(q, invalid);
    page(
        &PageContext::new("Zelfevaluatie").for_round(info).staff(
            nav,
            round_page_trail(nav, info, "Zelfevaluatie", "zelfevaluatie"),
        ),
        html! {
            (ErrorSummary { errors: &errors })
            h1 { "Zelfevaluatie" }
            p.lead { "U beantwoordt dezelfde stellingen als de referenten, over uzelf. De klankbordcommissie ziet uw antwoorden naast die van de referenten; ze tellen nergens mee in hun cijfers. U vult de zelfevaluatie één keer in." }
            form method="post" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                (questions(q, invalid))
                button.button type="submit" { "Zelfevaluatie versturen" }
            }
        },
    )
}

/// Why the confirmation page of the self-assessment is shown.
pub enum SelfDone<'a> {
    /// Right after sending, with the answers just sent.
    JustSent(Option<&'a Submission>),
    /// A later visit (or a closed round).
    Revisit,
    /// A send that was refused (sent before, or the round closed).
    Refused(&'a str),
}

/// The answers just sent, read-only, theme by theme.
fn sent_answers(q: &Questionnaire, s: &Submission) -> Markup {
    let score = |id| {
        s.scores
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, a)| match a {
                ScaleAnswer::Score(v) => SCALE_LABELS
                    .get(usize::from(v.get()).saturating_sub(1))
                    .copied()
                    .unwrap_or(""),
                ScaleAnswer::CannotJudge => CANNOT_JUDGE_LABEL,
            })
    };
    let comment = |id| {
        s.comments
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| t.as_str())
    };
    html! {
        @for theme in &q.themes {
            table.data.answers {
                caption { (theme.title) }
                thead { tr { th scope="col" { "Stelling of vraag" } th scope="col" { "Uw antwoord" } } }
                tbody {
                    @for item in &theme.items {
                        tr {
                            th scope="row" { (item.text) }
                            td {
                                @if let Some(a) = score(item.id) { (a) }
                                @else if let Some(t) = comment(item.id) { (t) }
                                @else { "(niet ingevuld)" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The self-assessment once sent: a confirmation, the answers just sent
/// (they are sealed afterwards, like the referenten's), and the way on.
pub fn self_assessment_done(nav: &StaffNav, p: &SelfAssessmentPage, why: &SelfDone<'_>) -> Markup {
    let info = &p.info;
    page(
        &PageContext::new("Zelfevaluatie").for_round(info).staff(
            nav,
            round_page_trail(nav, info, "Zelfevaluatie", "zelfevaluatie"),
        ),
        html! {
            h1 { "Zelfevaluatie" }
            @match why {
                SelfDone::JustSent(_) => div.notice role="status" {
                    p { strong { "Uw zelfevaluatie is verstuurd. " } "Dank u wel. De klankbordcommissie ziet uw antwoorden na het sluiten van de vragenlijst naast die van de referenten; ze tellen nergens mee in hun cijfers." }
                },
                SelfDone::Refused(reason) => div.notice role="alert" { p { (reason) } },
                SelfDone::Revisit => {},
            }
            @if p.done {
                @if !matches!(why, SelfDone::JustSent(_)) {
                    p.lead { "U heeft de zelfevaluatie ingevuld. U vult die één keer in; er is niets meer te doen." }
                }
                @if let SelfDone::JustSent(Some(s)) = why {
                    h2 { "Uw antwoorden" }
                    p { "Dit ziet u één keer: daarna worden uw antwoorden verzegeld bewaard, net als die van de referenten, en kan niemand ze lezen tot de vragenlijst sluit. Wilt u ze bewaren, druk deze pagina dan nu af." }
                    (sent_answers(&p.questionnaire, s))
                } @else {
                    p { "Uw antwoorden zijn verzegeld bewaard, net als die van de referenten: niemand kan ze lezen tot de vragenlijst sluit. Daarna staan ze als ‘Zelfbeeld’ bij de uitkomsten." }
                }
            } @else {
                p.lead { "De vragenlijst is gesloten; de zelfevaluatie kan niet meer worden ingevuld." }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

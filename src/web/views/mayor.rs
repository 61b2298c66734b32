//! The burgemeester's screens: the sharing mode and the self-assessment.

use maud::{Markup, html};

use crate::domain::answers::InvalidSubmission;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::round::RoundState;
use crate::domain::sharing::SharingMode;
use crate::service::round_info::RoundInfo;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::respond::{questions, submission_errors};

pub fn sharing(info: &RoundInfo, csrf: &str, error: Option<&str>) -> Markup {
    let errors: Vec<(String, String)> = error
        .map(|e| vec![("deelmodus-0".to_owned(), e.to_owned())])
        .unwrap_or_default();
    page(
        &PageContext {
            title: "Wie ziet de uitkomsten?",
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            (ErrorSummary { errors: &errors })
            h1 { "Wie ziet de uitkomsten?" }
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
        },
    )
}

pub fn self_assessment(
    info: &RoundInfo,
    q: &Questionnaire,
    csrf: &str,
    invalid: Option<&InvalidSubmission>,
) -> Markup {
    let errors = submission_errors(q, invalid);
    page(
        &PageContext {
            title: "Zelfevaluatie",
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
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

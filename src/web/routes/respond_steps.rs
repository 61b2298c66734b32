//! The questionnaire in steps: one page per theme (`/vragenlijst/thema/{n}`,
//! each POST saving the sealed draft), the check page before the one
//! *Versturen* (`/vragenlijst/controleren`), and giving the link again after
//! the session ran out while posting (`/vragenlijst/hervatten`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::answers::parse_submission;
use crate::domain::token::InvitationToken;
use crate::service::drafts::{PageMove, PageOutcome};
use crate::service::respond::{ClientAddress, Lookup};
use crate::web::client::client_address;
use crate::web::cookies;
use crate::web::errors::WebError;
use crate::web::extract::Answers;
use crate::web::state::AppState;
use crate::web::views::respond_steps::{
    self as views, RESUME_FIELD_LINK, RESUME_FIELD_THEME, draft_values, theme_path,
};

use super::respond::{session, unusable};
use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/vragenlijst/thema/{n}")
            .route(web::get().to(show_theme))
            .route(web::post().to(save_theme)),
    )
    .service(web::resource("/vragenlijst/controleren").route(web::get().to(check)))
    .service(web::resource("/vragenlijst/hervatten").route(web::post().to(resume)));
}

/// The 0-based theme of a 1-based address segment, if it is one of the form's.
fn theme_index(n: &str, count: usize) -> Option<usize> {
    n.parse::<usize>()
        .ok()
        .filter(|n| (1..=count).contains(n))
        .map(|n| n - 1)
}

fn no_such_page() -> WebError {
    WebError::NotFound("Deze pagina van de vragenlijst bestaat niet.")
}

/// `GET /vragenlijst/thema/{n}`
pub async fn show_theme(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    match state.run(move |svc| svc.form_state(&token)).await? {
        Ok(s) => {
            let index =
                theme_index(&path, s.ctx.questionnaire.themes.len()).ok_or_else(no_such_page)?;
            let csrf = cookies::csrf_token(state.svc.key(), &cookie);
            Ok(html(
                StatusCode::OK,
                views::theme_page(&s.ctx, index, &draft_values(&s.draft), &[], &csrf),
            ))
        }
        Err(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// `POST /vragenlijst/thema/{n}`: *Opslaan en verder* or *Vorige*.
pub async fn save_theme(
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Answers>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let form = form.into_inner();
    let page_number = path.parse::<usize>().ok();
    let (cookie, token) = match session(&req, &state) {
        Ok(s) if cookies::csrf_valid(state.svc.key(), &s.0, &form.csrf) => s,
        // Nothing typed is lost: the answers go back to the referent.
        _ => {
            return Ok(html(
                StatusCode::FORBIDDEN,
                views::expired(&form.fields, page_number, None),
            ));
        }
    };
    let movement = if form
        .fields
        .iter()
        .any(|(k, v)| k == "actie" && v == "vorige")
    {
        PageMove::Back
    } else {
        PageMove::Forward
    };
    let Some(index) = page_number.and_then(|n| n.checked_sub(1)) else {
        return Err(no_such_page());
    };
    let fields = form.fields;
    match state
        .run(move |svc| svc.save_page(&token, index, &fields, movement))
        .await?
    {
        PageOutcome::Saved(ctx) => {
            let count = ctx.questionnaire.themes.len();
            let to = match movement {
                PageMove::Back if index == 0 => "/vragenlijst".to_owned(),
                PageMove::Back => theme_path(index - 1),
                PageMove::Forward if index + 1 >= count => "/vragenlijst/controleren".to_owned(),
                PageMove::Forward => theme_path(index + 1),
            };
            Ok(see_other(&to).finish())
        }
        PageOutcome::Invalid(ctx, invalid) => {
            let csrf = cookies::csrf_token(state.svc.key(), &cookie);
            let values = invalid
                .values
                .iter()
                .map(|(k, v)| (k, v.to_owned()))
                .collect();
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::theme_page(&ctx, index, &values, &invalid.errors, &csrf),
            ))
        }
        PageOutcome::Unusable(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// `GET /vragenlijst/controleren`
pub async fn check(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    match state.run(move |svc| svc.form_state(&token)).await? {
        Ok(s) => {
            let csrf = cookies::csrf_token(state.svc.key(), &cookie);
            let errors = parse_submission(&s.ctx.questionnaire, &s.draft.fields())
                .err()
                .map(|i| i.errors)
                .unwrap_or_default();
            Ok(html(
                StatusCode::OK,
                views::check_page(&s.ctx, &draft_values(&s.draft), &errors, &csrf),
            ))
        }
        Err(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// The token in a pasted link (`https://…/r/<token>`), or the token itself.
fn token_in(link: &str) -> Option<InvitationToken> {
    let link = link.trim();
    let tail = link.rsplit_once("/r/").map_or(link, |(_, t)| t);
    let token = tail.split(['?', '#', '/']).next().unwrap_or("");
    InvitationToken::parse(token.trim())
}

/// `POST /vragenlijst/hervatten`: the link given again, with the answers of
/// the page whose post found no session. Looked up as when a link is
/// opened (rate limited); the answers are saved to the draft and the
/// referent goes on where they were with a fresh session.
pub async fn resume(
    req: HttpRequest,
    form: web::Form<Answers>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let fields = form.into_inner().fields;
    let link = fields
        .iter()
        .find(|(k, _)| k == RESUME_FIELD_LINK)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let theme = fields
        .iter()
        .find(|(k, _)| k == RESUME_FIELD_THEME)
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let client = client_address(&req, state.trust_proxy);
    let token = token_in(&link);
    let answers: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k.starts_with("v-"))
        .cloned()
        .collect();
    let kept = answers.clone();
    let lookup = state
        .run(move |svc| {
            svc.resume(token.as_ref(), ClientAddress(&client), &kept)
                .map(|l| (l, token))
        })
        .await?;
    match lookup {
        (Lookup::Usable(ctx), Some(token)) => {
            let cookie = cookies::make(
                state.svc.key(),
                &token,
                state.svc.now().as_second(),
                state.secure_cookies,
            );
            let to = theme
                .and_then(|n| theme_index(&n.to_string(), ctx.questionnaire.themes.len()))
                .map_or_else(|| "/vragenlijst/controleren".to_owned(), theme_path);
            Ok(see_other(&to).cookie(cookie).finish())
        }
        (Lookup::Unusable(crate::service::respond::Unusable::Unknown), _) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::expired(
                &answers,
                theme,
                Some(if link.trim().is_empty() {
                    "Vul de link uit uw e-mail in."
                } else {
                    "Deze link kennen we niet. Kopieer de hele link uit de e-mail en probeer het opnieuw."
                }),
            ),
        )),
        (Lookup::Unusable(u), _) => Ok(unusable(&u, state.secure_cookies)),
        (Lookup::Usable(_), None) => Ok(unusable(
            &crate::service::respond::Unusable::Unknown,
            state.secure_cookies,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_link_yields_its_token() {
        let t = InvitationToken::from_bytes([7; 32]).encode();
        for link in [
            format!("https://klankbord.example/r/{t}"),
            format!("  https://klankbord.example/r/{t}/ "),
            format!("https://klankbord.example/r/{t}?utm=x"),
            t.clone(),
        ] {
            assert_eq!(
                token_in(&link).map(|t| t.encode()),
                Some(t.clone()),
                "{link}"
            );
        }
        assert!(token_in("https://klankbord.example/r/kort").is_none());
        assert!(token_in("").is_none());
    }
}

//! Filling in the questionnaire as a referent would.

use crate::common::{Browser, Resp, TestApp};

/// Every answer of the form as a referent would fill it in: the middle option
/// for statements, a short text for open questions.
pub fn full_answers(form: &Resp) -> Vec<(String, String)> {
    answers_with(form, "4", "Goed werk.")
}

/// Every statement answered with `value`, every open question with `comment`.
pub fn answers_with(form: &Resp, value: &str, comment: &str) -> Vec<(String, String)> {
    let mut fields = vec![("csrf".to_owned(), form.csrf())];
    let mut seen = std::collections::HashSet::new();
    for part in form.body.split("name=\"v-").skip(1) {
        let id: String = part.chars().take(36).collect();
        if !seen.insert(id.clone()) {
            continue;
        }
        let is_text = form.body.contains(&format!("<textarea id=\"v-{id}\""));
        fields.push((
            format!("v-{id}"),
            if is_text {
                comment.to_owned()
            } else {
                value.to_owned()
            },
        ));
    }
    fields
}

/// Opens the link like a mail client would and returns the form page.
pub async fn open_form(browser: &mut Browser, link: &str) -> Resp {
    let res = browser.get(link).await;
    assert_eq!(res.status, 303, "opening the link redirects");
    assert_eq!(res.location().as_deref(), Some("/vragenlijst"));
    let form = browser.get("/vragenlijst").await;
    assert_eq!(form.status, 200);
    form
}

/// Opens `link` in a fresh browser and submits `value` everywhere; returns the status.
pub async fn answer_with(app: &TestApp, link: &str, value: &str, comment: &str) -> u16 {
    let mut b = app.browser();
    let form = open_form(&mut b, link).await;
    b.post("/vragenlijst", &answers_with(&form, value, comment))
        .await
        .status
}

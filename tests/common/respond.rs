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

/// The number of theme pages the start page lists.
pub fn theme_count(start: &Resp) -> usize {
    (1..100)
        .take_while(|n| {
            start
                .body
                .contains(&format!("href=\"/vragenlijst/thema/{n}\""))
        })
        .count()
}

/// Opens the link like a mail client would and returns the whole form: the
/// bodies of every theme page, then the start page, as one response (its
/// CSRF field is that of the first theme page).
pub async fn open_form(browser: &mut Browser, link: &str) -> Resp {
    let res = browser.get(link).await;
    assert_eq!(res.status, 303, "opening the link redirects");
    assert_eq!(res.location().as_deref(), Some("/vragenlijst"));
    let start = browser.get("/vragenlijst").await;
    assert_eq!(start.status, 200);
    let count = theme_count(&start);
    assert!(count > 0, "the start page lists the themes");
    let mut body = String::new();
    for n in 1..=count {
        let page = browser.get(&format!("/vragenlijst/thema/{n}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("Thema {n} van {count}")));
        body.push_str(&page.body);
    }
    body.push_str(&start.body);
    Resp { body, ..start }
}

/// Opens `link` in a fresh browser and submits `value` everywhere; returns the status.
pub async fn answer_with(app: &TestApp, link: &str, value: &str, comment: &str) -> u16 {
    let mut b = app.browser();
    let form = open_form(&mut b, link).await;
    b.post("/vragenlijst", &answers_with(&form, value, comment))
        .await
        .status
}

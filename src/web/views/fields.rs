//! Form fields with their own error message, for the staff forms: a label
//! for every field, radio buttons in a fieldset with a legend, and the
//! message next to the field the error summary links to.

use maud::{Markup, html};

/// The message for the field with this id, if any.
fn error_for<'a>(errors: &'a [(String, String)], id: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(field, _)| field == id)
        .map(|(_, m)| m.as_str())
}

fn field_error(error: Option<&str>) -> Markup {
    html! {
        @if let Some(e) = error { p.field-error { span.visually-hidden { "Fout: " } (e) } }
    }
}

/// One line of text or an e-mail address.
pub struct TextField<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub label: &'a str,
    /// `text` or `email`.
    pub kind: &'a str,
    pub value: &'a str,
    pub autocomplete: &'a str,
    /// The most characters the field takes (the domain's limit).
    pub max: usize,
}

pub fn text_field(f: &TextField<'_>, errors: &[(String, String)]) -> Markup {
    let error = error_for(errors, f.id);
    html! {
        div.form-group.form-group--error[error.is_some()] {
            label.question for=(f.id) { (f.label) }
            (field_error(error))
            input id=(f.id) type=(f.kind) name=(f.name) value=(f.value) autocomplete=(f.autocomplete) maxlength=(f.max) spellcheck="false";
        }
    }
}

/// Radio buttons in a fieldset; the first has id `{id}-0` (where the error
/// summary links to).
pub fn radios(
    id: &str,
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    checked: &str,
    errors: &[(String, String)],
) -> Markup {
    let first = format!("{id}-0");
    let error = error_for(errors, &first);
    html! {
        fieldset.form-group.form-group--error[error.is_some()] {
            legend { (legend) }
            (field_error(error))
            @for (n, (value, label)) in options.iter().enumerate() {
                div.choice {
                    input type="radio" name=(name) id={ (id) "-" (n) } value=(value) checked[*value == checked];
                    label for={ (id) "-" (n) } { (label) }
                }
            }
        }
    }
}

/// A textarea with its label, hint and error.
pub fn text_area(
    id: &str,
    label: &str,
    hint: &str,
    max: usize,
    value: &str,
    error: Option<&str>,
) -> Markup {
    let hint_id = format!("{id}-hint");
    let described = match error {
        Some(_) => format!("{hint_id} {id}-fout"),
        None => hint_id.clone(),
    };
    html! {
        div.form-group.form-group--error[error.is_some()] {
            label.question for=(id) { (label) }
            p.char-limit id=(hint_id) { (hint) " Maximaal " (max) " tekens." }
            @if let Some(e) = error { p.field-error id={ (id) "-fout" } { span.visually-hidden { "Fout: " } (e) } }
            textarea id=(id) name=(id) rows="4" maxlength=(max) aria-describedby=(described) { (value) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_shows_its_own_error_and_keeps_what_was_typed() {
        let errors = vec![("b".to_owned(), "Vul iets in.".to_owned())];
        let field = |id| TextField {
            id,
            name: id,
            label: "Naam",
            kind: "text",
            value: "An<na",
            autocomplete: "name",
            max: 120,
        };
        let a = text_field(&field("a"), &errors).into_string();
        let b = text_field(&field("b"), &errors).into_string();
        assert!(!a.contains("Vul iets in") && b.contains("Vul iets in."));
        assert!(b.contains(r#"<label class="question" for="b">"#));
        assert!(a.contains(r#"value="An&lt;na""#));
    }

    #[test]
    fn radios_are_a_fieldset_with_the_error_on_the_first() {
        let errors = vec![("rol-0".to_owned(), "Kies een rol.".to_owned())];
        let out =
            radios("rol", "rol", "Rol", &[("a", "A"), ("b", "B")], "b", &errors).into_string();
        assert!(out.starts_with("<fieldset") && out.contains("<legend>Rol</legend>"));
        assert!(out.contains("Kies een rol.") && out.contains(r#"id="rol-1" value="b" checked"#));
    }
}

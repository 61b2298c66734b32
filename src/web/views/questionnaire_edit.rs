//! The griffier's questionnaire of a round: themes with their items, where
//! each comes from and who gets it, and (while the round is in preparation)
//! small forms to change it. No JavaScript: every action is its own POST.

use maud::{Markup, html};

use crate::domain::group::RaterGroup;
use crate::domain::ids::{ItemId, ThemeId};
use crate::domain::questionnaire::{ITEM_TEXT_MAX_CHARS, ItemKind, PROFILE_MAX_LINES};
use crate::service::questionnaire_edit::{ComposedItem, ComposedQuestionnaire, ComposedTheme};
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};

/// What was typed in the form that failed (or was checked), to show it again.
#[derive(Clone, Debug, Default)]
pub enum Posted {
    #[default]
    Nothing,
    /// New wording for an item.
    Text { item: ItemId, text: String },
    /// The groups (by key) chosen for an item.
    Groups { item: ItemId, groups: Vec<String> },
    /// An own item for a theme: its kind (`stelling` or `open`) and text.
    Own {
        theme: ThemeId,
        kind: String,
        text: String,
    },
    /// The competencies of the profielschets, one a line.
    Profile { list: String },
}

impl Posted {
    fn list(&self) -> &str {
        match self {
            Self::Profile { list } => list,
            _ => "",
        }
    }
}

pub struct QuestionnairePage<'a> {
    pub q: &'a ComposedQuestionnaire,
    pub csrf: &'a str,
    /// (id of the field, Dutch message).
    pub errors: &'a [(String, String)],
    pub posted: &'a Posted,
    /// The statements the profielschets would add (after "Controleren").
    pub profile_preview: Option<&'a [String]>,
    pub notice: Option<&'a str>,
}

/// The field the error summary links to for a failed change of an item.
pub fn text_field(item: ItemId) -> String {
    format!("tekst-{item}")
}

/// The first checkbox of an item's groups.
pub fn groups_field(item: ItemId) -> String {
    format!("groepen-{item}")
}

pub fn own_field(theme: ThemeId) -> String {
    format!("eigen-{theme}")
}

/// Where the forms of a round's questionnaire post to.
fn action(p: &QuestionnairePage<'_>, rest: &str) -> String {
    format!("/mijn/rondes/{}/vragenlijst/{rest}", p.q.info.id)
}

pub const PROFILE_FIELD: &str = "profielschets";

fn hidden(name: &str, value: &str) -> Markup {
    html! { input type="hidden" name=(name) value=(value); }
}

fn field_errors(p: &QuestionnairePage<'_>, field: &str) -> Markup {
    html! {
        @for (_, e) in p.errors.iter().filter(|(f, _)| f == field) {
            p.field-error { span.visually-hidden { "Fout: " } (e) }
        }
    }
}

fn has_error(p: &QuestionnairePage<'_>, field: &str) -> bool {
    p.errors.iter().any(|(f, _)| f == field)
}

fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Scale => "Stelling",
        ItemKind::Open { .. } => "Open vraag",
    }
}

fn group_names(item: &ComposedItem, groups: &[RaterGroup]) -> String {
    let names: Vec<&str> = groups
        .iter()
        .filter(|g| !g.is_self && item.item.groups.contains(&g.id))
        .map(|g| g.name.as_str())
        .collect();
    if names.is_empty() {
        "geen referenten".into()
    } else {
        names.join(", ")
    }
}

fn item_block(p: &QuestionnairePage<'_>, n: usize, ci: &ComposedItem) -> Markup {
    let item = &ci.item;
    let at = |what: &str| action(p, &format!("vragen/{}/{what}", item.id));
    let text_id = text_field(item.id);
    let groups_id = groups_field(item.id);
    let text = match &p.posted {
        Posted::Text { item: failed, text } if *failed == item.id => text.as_str(),
        _ => item.text.as_str(),
    };
    let checked = |g: &RaterGroup| match &p.posted {
        Posted::Groups {
            item: failed,
            groups,
        } if *failed == item.id => groups.contains(&g.key),
        _ => item.groups.contains(&g.id),
    };
    let open = has_error(p, &text_id) || has_error(p, &groups_id);
    html! {
        li.composed-item {
            p { strong { (n) ". " (item.text) } }
            p.hint {
                (kind_label(item.kind))
                @if let ItemKind::Open { max_chars } = item.kind { " (antwoord hoogstens " (max_chars) " tekens)" }
                " · bron: " (ci.source.label()) " · voor: " (group_names(ci, &p.q.groups))
            }
            @if p.q.editable {
                form.inline method="post" action=(at("weghalen")) {
                    (hidden("csrf", p.csrf))
                    button.button.button--secondary type="submit" { "Uit de vragenlijst halen" span.visually-hidden { ": vraag " (n) } }
                }
                details open[open] {
                    summary { "Tekst of groepen van vraag " (n) " aanpassen" }
                    form method="post" action=(at("tekst")) novalidate {
                        (hidden("csrf", p.csrf))
                        div.form-group.form-group--error[has_error(p, &text_id)] {
                            label.question for=(text_id) { "Tekst van vraag " (n) }
                            p.char-limit id={ (text_id) "-hint" } { "Hoogstens " (ITEM_TEXT_MAX_CHARS) " tekens, op één regel." }
                            (field_errors(p, &text_id))
                            input type="text" id=(text_id) name="tekst" maxlength=(ITEM_TEXT_MAX_CHARS) value=(text) aria-describedby={ (text_id) "-hint" };
                        }
                        button.button type="submit" { "Tekst opslaan" }
                    }
                    form method="post" action=(at("groepen")) novalidate {
                        (hidden("csrf", p.csrf))
                        fieldset.form-group.form-group--error[has_error(p, &groups_id)] {
                            legend { "Welke groepen krijgen vraag " (n) "?" }
                            (field_errors(p, &groups_id))
                            @for (i, g) in p.q.groups.iter().filter(|g| !g.is_self).enumerate() {
                                @let box_id = if i == 0 { groups_id.clone() } else { format!("{groups_id}-{}", g.key) };
                                div.choice {
                                    input type="checkbox" id=(box_id) name="groep" value=(g.key) checked[checked(g)];
                                    label for=(box_id) { (g.name) }
                                }
                            }
                            p.hint { "Kies minstens één groep. De burgemeester krijgt in de zelfevaluatie altijd alle vragen." }
                        }
                        button.button type="submit" { "Groepen opslaan" }
                    }
                }
            }
        }
    }
}

fn theme_block(p: &QuestionnairePage<'_>, theme: &ComposedTheme, first: usize) -> Markup {
    let tid = theme.id.to_string();
    let own_id = own_field(theme.id);
    let (own_text, open_kind) = match &p.posted {
        Posted::Own {
            theme: failed,
            kind,
            text,
        } if *failed == theme.id => (text.as_str(), kind == "open"),
        _ => ("", false),
    };
    html! {
        section.theme {
            h2 { (theme.title) }
            @if theme.items.is_empty() {
                p { "Dit thema heeft geen vragen meer. Referenten zien het niet." }
            } @else {
                ol.composed-items start=(first) {
                    @for (i, ci) in theme.items.iter().enumerate() { (item_block(p, first + i, ci)) }
                }
            }
            @if p.q.editable && !theme.missing.is_empty() {
                details {
                    summary { "Vragen uit de vragenbank terugzetten (" (theme.missing.len()) ")" }
                    ul {
                        @for b in &theme.missing {
                            li {
                                (b.text) " "
                                form.inline method="post" action=(action(p, &format!("vragenbank/{}/terugzetten", b.key))) {
                                    (hidden("csrf", p.csrf))
                                    button.button.button--secondary type="submit" { "Terugzetten" span.visually-hidden { ": " (b.text) } }
                                }
                            }
                        }
                    }
                }
            }
            @if p.q.editable {
                details open[has_error(p, &own_id)] {
                    summary { "Eigen stelling of vraag toevoegen aan " (theme.title) }
                    form method="post" action=(action(p, &format!("thema/{tid}/vragen"))) novalidate {
                        (hidden("csrf", p.csrf))
                        fieldset.form-group {
                            legend { "Soort" }
                            div.choice {
                                input type="radio" id={ "soort-" (tid) "-stelling" } name="soort" value="stelling" checked[!open_kind];
                                label for={ "soort-" (tid) "-stelling" } { "Stelling (antwoord op een schaal)" }
                            }
                            div.choice {
                                input type="radio" id={ "soort-" (tid) "-open" } name="soort" value="open" checked[open_kind];
                                label for={ "soort-" (tid) "-open" } { "Open vraag (antwoord in eigen woorden)" }
                            }
                        }
                        div.form-group.form-group--error[has_error(p, &own_id)] {
                            label.question for=(own_id) { "Tekst" }
                            p.char-limit id={ (own_id) "-hint" } { "Hoogstens " (ITEM_TEXT_MAX_CHARS) " tekens, op één regel. De vraag gaat naar alle groepen; dat kunt u daarna aanpassen." }
                            (field_errors(p, &own_id))
                            input type="text" id=(own_id) name="tekst" maxlength=(ITEM_TEXT_MAX_CHARS) value=(own_text) aria-describedby={ (own_id) "-hint" };
                        }
                        button.button type="submit" { "Toevoegen" }
                    }
                }
            }
        }
    }
}

fn profile_block(p: &QuestionnairePage<'_>) -> Markup {
    html! {
        section.theme {
            h2 { "Competenties uit de profielschets" }
            @if let Some(lines) = p.profile_preview {
                p { "Deze " (lines.len()) " stellingen komen in het thema ‘Profielschets’, voor alle groepen. Er is nog niets opgeslagen." }
                ol { @for l in lines { li { (l) } } }
                form method="post" action=(action(p, "profielschets")) {
                    (hidden("csrf", p.csrf)) (hidden("lijst", p.posted.list()))
                    button.button type="submit" { "Deze stellingen toevoegen" }
                }
            }
            p { "Zet elke competentie uit de profielschets op een eigen regel, als stelling over wat referenten kunnen zien. Bijvoorbeeld: ‘De burgemeester verbindt inwoners en organisaties.’ Hoogstens " (PROFILE_MAX_LINES) " regels van elk hoogstens " (ITEM_TEXT_MAX_CHARS) " tekens. Klopt een regel niet, dan wordt niets toegevoegd en ziet u welke regel." }
            form method="post" action=(action(p, "profielschets/controleren")) novalidate {
                (hidden("csrf", p.csrf))
                div.form-group.form-group--error[has_error(p, PROFILE_FIELD)] {
                    label.question for=(PROFILE_FIELD) { "Competenties, één per regel" }
                    (field_errors(p, PROFILE_FIELD))
                    textarea id=(PROFILE_FIELD) name="lijst" rows="8" maxlength=(PROFILE_MAX_LINES * (ITEM_TEXT_MAX_CHARS + 1)) { (p.posted.list()) }
                }
                button.button type="submit" { "Controleren" }
            }
        }
    }
}

pub fn questionnaire_page(p: &QuestionnairePage<'_>) -> Markup {
    let info = &p.q.info;
    let base = format!("/mijn/rondes/{}", info.id);
    let title = if p.errors.is_empty() {
        "Vragenlijst".to_owned()
    } else {
        "Fout: vragenlijst".to_owned()
    };
    let firsts = p.q.themes.iter().scan(1, |n, t| {
        let first = *n;
        *n += t.items.len();
        Some(first)
    });
    page(
        &PageContext {
            title: &title,
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Vragenlijst" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            @if p.q.editable {
                p.lead { "Stel de vragenlijst samen tot de eerste uitnodiging wordt verstuurd: haal vragen weg of zet ze terug, pas teksten en groepen aan, en voeg competenties uit de profielschets of eigen vragen toe." }
            } @else {
                div.notice role="status" { p { "De vragenlijst ligt vast sinds de eerste uitnodiging is verstuurd: alle referenten krijgen dezelfde vragen. U kunt hem hier nog bekijken." } }
            }
            h2 { "Voorbeeld per groep" }
            p { "Zo ziet elke groep de vragenlijst:" }
            ul {
                @for g in p.q.groups.iter().filter(|g| !g.is_self) {
                    li { a href={ (base) "/vragenlijst/voorbeeld/" (g.key) } { "Voorbeeld voor " (g.name) } }
                }
            }
            @for (theme, first) in p.q.themes.iter().zip(firsts) { (theme_block(p, theme, first)) }
            @if p.q.editable { (profile_block(p)) }
            p { a href=(base) { "Terug naar de ronde" } }
        },
    )
}

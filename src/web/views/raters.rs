//! The griffier's list of referenten: who is on it, and adding a list
//! (checked first, then imported all at once).

use maud::{Markup, html};

use crate::domain::email::MAX_EMAIL_LEN;
use crate::domain::group::RaterGroup;
use crate::domain::invitation::InvitationStatus;
use crate::domain::rater_import::MAX_IMPORT_BYTES;
use crate::domain::text::PersonName;
use crate::service::round_info::RoundInfo;
use crate::service::rounds::RaterStatus;
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, radios, text_field};
use crate::web::views::layout::{PageContext, page};

pub struct RatersPage<'a> {
    pub info: &'a RoundInfo,
    pub groups: &'a [RaterGroup],
    pub raters: &'a [RaterStatus],
    pub csrf: &'a str,
    /// What was typed or pasted, kept on errors and for the preview.
    pub list: &'a str,
    /// What was typed for one referent: name, e-mail, group key.
    pub single: (&'a str, &'a str, &'a str),
    pub errors: &'a [(String, String)],
    /// Rows that would be imported (after "Controleren").
    pub preview: Option<&'a [(String, String, String)]>,
    pub notice: Option<&'a str>,
}

pub fn raters_page(p: &RatersPage<'_>) -> Markup {
    let action = format!("/mijn/rondes/{}/referenten", p.info.id);
    let at = |field: &str| -> Vec<&str> {
        p.errors
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    };
    let (list_errors, file_errors) = (at("lijst"), at("bestand"));
    let group_options: Vec<(&str, &str)> = p
        .groups
        .iter()
        .filter(|g| !g.is_self)
        .map(|g| (g.key.as_str(), g.name.as_str()))
        .collect();
    page(
        &PageContext {
            title: "Referenten",
            municipality: Some(&p.info.municipality),
            house_style: crate::web::views::house_style::links(p.info.house_style),
        },
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Referenten" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            @if let Some(rows) = p.preview {
                h2 { "Controleer de lijst" }
                p { "Deze " (rows.len()) " referenten worden toegevoegd. Er is nog niets opgeslagen." }
                div.table-scroll tabindex="0" { table.data {
                    caption { "Referenten die worden toegevoegd" }
                    thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Groep" } } }
                    tbody { @for (name, email, group) in rows { tr { th scope="row" { (name) } td { (email) } td { (group) } } } }
                } }
                form method="post" action={ (action) "/importeren" } {
                    input type="hidden" name="csrf" value=(p.csrf);
                    input type="hidden" name="lijst" value=(p.list);
                    button.button type="submit" { "Deze referenten toevoegen" }
                }
            }
            h2 { "Eén referent toevoegen" }
            form method="post" action={ (action) "/toevoegen" } novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                (text_field(&TextField { id: "referent-naam", name: "naam", label: "Naam", kind: "text", value: p.single.0, autocomplete: "off", max: PersonName::MAX_CHARS }, p.errors))
                (text_field(&TextField { id: "referent-email", name: "email", label: "E-mailadres", kind: "email", value: p.single.1, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                (radios("referent-groep", "groep", "Groep", &group_options, p.single.2, p.errors))
                button.button type="submit" { "Referent toevoegen" }
            }
            h2 { "Een lijst toevoegen" }
            p { "Plak een lijst uit Excel of typ hem hier: één referent per regel, met op de eerste regel de kolomnamen " code { "naam,email,groep" } ". Scheid met een komma of een puntkomma. Klopt er een regel niet, dan wordt niets toegevoegd en ziet u per regel wat er mis is." }
            p { "Groepen: " @for (i, g) in p.groups.iter().filter(|g| !g.is_self).enumerate() { @if i > 0 { ", " } code { (g.key) } " (" (g.name) ")" } "." }
            form method="post" action={ (action) "/controleren" } novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                div.form-group.form-group--error[!list_errors.is_empty()] {
                    label.question for="lijst" { "Lijst van referenten" }
                    @for e in &list_errors { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                    textarea #lijst name="lijst" rows="10" maxlength=(crate::domain::rater_import::MAX_IMPORT_BYTES) { (p.list) }
                }
                button.button type="submit" { "Controleren" }
            }
            h3 { "Of: een bestand uploaden" }
            form method="post" action={ (action) "/bestand" } enctype="multipart/form-data" novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                div.form-group.form-group--error[!file_errors.is_empty()] {
                    label.question for="bestand" { "CSV-bestand met referenten" }
                    p.hint #bestand-uitleg { "Een CSV-bestand (in Excel: ‘Opslaan als’, ‘CSV UTF-8’) met dezelfde kolommen, van hoogstens " (MAX_IMPORT_BYTES / 1024 / 1024) " MB. U ziet eerst wat er wordt toegevoegd; er wordt nog niets opgeslagen." }
                    @for e in &file_errors { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                    input #bestand type="file" name="bestand" accept=".csv,.txt,text/csv,text/plain" aria-describedby="bestand-uitleg";
                }
                button.button type="submit" { "Bestand controleren" }
            }
            h2 { "Op de lijst (" (p.raters.len()) ")" }
            div.table-scroll tabindex="0" { table.data {
                caption { "Referenten van deze ronde" }
                thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Groep" } th scope="col" { "Status" } th scope="col" { "Actie" } } }
                tbody {
                    @for r in p.raters {
                        tr {
                            th scope="row" { (r.name) } td { (r.email) } td { (r.group_name) }
                            td { @if r.mail_failed { "mail mislukt" } @else { (r.status.label()) } }
                            td {
                                @if r.status == InvitationStatus::NotSent {
                                    form.inline method="post" action={ (action) "/" (r.invitation) "/verwijderen" } {
                                        input type="hidden" name="csrf" value=(p.csrf);
                                        button.button.button--secondary type="submit" { "Van de lijst halen" span.visually-hidden { ": " (r.name) } }
                                    }
                                }
                            }
                        }
                    }
                }
            } }
            p { a href={ "/mijn/rondes/" (p.info.id) } { "Terug naar de ronde" } }
        },
    )
}

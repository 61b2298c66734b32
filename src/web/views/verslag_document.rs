//! A verslag's text as read on screen: the concept for participants, the
//! definitive version for signers, the vastgesteld verslag in the dossier
//! and at the kabinet van de commissaris van de Koning. Read-only; plain
//! text only (every paragraph escaped by maud).

use maud::{Markup, html};

use crate::domain::ids::{ProvinceId, RoundId};
use crate::domain::verslag::{Appendix, ArchiveCopy, COMMISSION_ONLY, VerslagDocument};

/// The archive copy (PDF/A) of a round's vastgesteld verslag
/// (`routes::verslag_pdf`).
pub fn archive_href(round: RoundId) -> String {
    format!("/mijn/rondes/{round}/verslag.pdf")
}

/// The same, as the kabinet van de CdK reaches it.
pub fn kabinet_archive_href(province: ProvinceId, round: RoundId) -> String {
    format!("/mijn/provincies/{province}/verslagen/{round}/verslag.pdf")
}

/// "2026-11-30" as "maandag 30 november 2026" (as stored if it is no date).
pub fn day(iso: &str) -> String {
    crate::dutch::date_text(iso)
}

/// An RFC 3339 moment in Dutch, Amsterdam time.
pub fn moment(rfc3339: &str) -> String {
    crate::dutch::instant_text(rfc3339)
}

/// The document, headings at `h2` (the page has the `h1`). `section_extra`
/// adds something after each section (a comment form, the comments), by
/// the section's position.
pub fn document(doc: &VerslagDocument, section_extra: &dyn Fn(usize) -> Markup) -> Markup {
    html! {
        article.verslag lang="nl" {
            dl.verslag__meta {
                dt { "Gemeente" } dd { (doc.municipality) }
                dt { "Burgemeester" } dd { (doc.mayor) }
                dt { "Gesprek" } dd { (doc.kind) }
                dt { "Datum" } dd { (day(&doc.meeting_on)) }
                dt { "Versie" } dd { (doc.version) }
                @if !doc.participants.is_empty() {
                    dt { "Aanwezig" }
                    dd { ul { @for p in &doc.participants { li { (p.name) " (" (p.role.to_lowercase()) ")" } } } }
                }
            }
            @if let Some(c) = &doc.corrects {
                p.verslag__correction {
                    "Dit verslag corrigeert het verslag dat op " (day(&c.adopted_on))
                    " werd vastgesteld (kenmerk " code { (short_hash(&c.hash)) } ")."
                }
            }
            @for (n, s) in doc.sections.iter().enumerate() {
                section.verslag__section aria-labelledby=(format!("kop-{n}")) {
                    h2 id=(format!("kop-{n}")) { (s.heading) }
                    @for p in &s.paragraphs { p { (p) } }
                    @if s.agreements {
                        (agreements(doc))
                    } @else if s.paragraphs.is_empty() && s.kanttekeningen.is_empty() {
                        p.verslag__empty { "(Nog geen tekst.)" }
                    }
                    @for k in &s.kanttekeningen {
                        aside.verslag__kanttekening {
                            p { strong { "Kanttekening" } @if let Some(h) = &k.holder { " van " (h) } ": " (k.text) }
                        }
                    }
                    (section_extra(n))
                }
            }
            section.verslag__section aria-labelledby="kop-bijlage" {
                h2 #kop-bijlage { "Bijlage: inbreng van referenten" }
                (appendix(&doc.appendix))
            }
        }
    }
}

fn agreements(doc: &VerslagDocument) -> Markup {
    html! {
        @if doc.agreements.is_empty() {
            p { "Er zijn geen afspraken vastgelegd." }
        } @else {
            div.table-scroll tabindex="0" { table.data.data--stack {
                caption { "Afspraken uit het gesprek" }
                thead { tr { th scope="col" { "Afspraak" } th scope="col" { "Verantwoordelijk" } th scope="col" { "Bewaakt" } th scope="col" { "Uiterlijk" } } }
                tbody {
                    @for a in &doc.agreements {
                        tr {
                            th scope="row" { (a.what) }
                            td data-label="Verantwoordelijk" { (a.responsible) }
                            td data-label="Bewaakt" { (a.monitor) }
                            td data-label="Uiterlijk" { (day(&a.due_on)) }
                        }
                    }
                }
            } }
        }
    }
}

fn appendix(a: &Appendix) -> Markup {
    html! {
        @match a {
            Appendix::CommissionOnly => p { (COMMISSION_ONLY) },
            Appendix::Results(r) => {
                @if !r.signals.is_empty() {
                    h3 { "Belangrijkste signalen" }
                    ul { @for s in &r.signals { li { (s) } } }
                }
                div.table-scroll tabindex="0" { table.data {
                    caption { "Gemiddelde score per thema" }
                    thead { tr { @for c in &r.columns { th scope="col" { (c) } } } }
                    tbody {
                        @for row in &r.rows {
                            tr {
                                @for (i, cell) in row.iter().enumerate() {
                                    @if i == 0 { th scope="row" { (cell) } } @else { td { (cell) } }
                                }
                            }
                        }
                    }
                } }
                @if !r.note.is_empty() { p.verslag__note { (r.note) } }
            }
        }
    }
}

/// The first 16 hex digits, grouped for reading aloud.
pub fn short_hash(hash: &str) -> String {
    hash.chars()
        .take(16)
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Who signed when, the version's full hash, and the archive copy to
/// download (`pdf_href`).
pub fn signatures(copy: &ArchiveCopy, pdf_href: &str) -> Markup {
    html! {
        section.verslag__signatures aria-labelledby="kop-ondertekening" {
            h2 #kop-ondertekening { "Ondertekening" }
            p { "Vastgesteld op " (moment(&copy.adopted_at)) "." }
            div.table-scroll tabindex="0" { table.data.data--stack {
                caption { "Ondertekend door" }
                thead { tr { th scope="col" { "Naam" } th scope="col" { "Rol" } th scope="col" { "Ondertekend op" } } }
                tbody {
                    @for s in &copy.signatures {
                        tr {
                            th scope="row" { (s.name) }
                            td data-label="Rol" { (s.role) }
                            td data-label="Ondertekend op" { (moment(&s.signed_at)) }
                        }
                    }
                }
            } }
            p { "Kenmerk van deze versie (SHA-256): " code.verslag__hash { (copy.hash) } }
            p {
                a href=(pdf_href) download { "Archiefexemplaar downloaden (PDF/A)" }
                " — voor het archief van de griffie; het downloaden staat in het logboek."
            }
        }
    }
}

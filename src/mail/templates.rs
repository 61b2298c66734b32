//! The invitation and reminder e-mails to referenten, the notice to a
//! kabinet van de commissaris van de Koning, and the notice to the
//! participants of a gesprek that the verslag's concept is ready.
//!
//! Both messages are built once as a list of [`Block`]s and then rendered
//! twice: as plain text (wrapped at 78 characters, the link on a line of its
//! own) and as simple single-column HTML with inline styles. That way the two
//! versions always say the same thing.

use crate::domain::promise::{STORAGE_PROMISE, group_rule_text};
use maud::{DOCTYPE, Markup, html};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    Invitation,
    Reminder,
}

/// Everything a message needs; all strings are already formatted for display.
pub struct InvitationMail<'a> {
    pub kind: MailKind,
    pub rater_name: &'a str,
    pub group_name: &'a str,
    pub municipality: &'a str,
    pub mayor_name: &'a str,
    pub round_label: &'a str,
    pub meeting_date: &'a str,
    pub closes_at: &'a str,
    /// The fewest respondents a group needs to be shown apart (`k + c`).
    pub shown_apart_from: u32,
    pub sharing_sentence: &'a str,
    pub clerk_name: &'a str,
    pub clerk_email: &'a str,
    pub link: &'a str,
}

pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The widest a line of the text version may be (the link excepted).
const TEXT_WIDTH: usize = 78;

pub fn render(mail: &InvitationMail) -> RenderedMail {
    let subject = subject(mail);
    let blocks = match mail.kind {
        MailKind::Invitation => invitation_blocks(mail),
        MailKind::Reminder => reminder_blocks(mail),
    };
    RenderedMail {
        text: render_text(&blocks, mail.link),
        html: render_html(&subject, mail, &blocks).into_string(),
        subject,
    }
}

fn subject(mail: &InvitationMail) -> String {
    let about = format!(
        "uw input voor het {} met burgemeester {} ({})",
        mail.round_label, mail.mayor_name, mail.municipality
    );
    let subject = match mail.kind {
        MailKind::Invitation => capitalize_first(&about),
        MailKind::Reminder => format!("Herinnering: {about}"),
    };
    one_line(&subject)
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A piece of a paragraph: plain text, or an e-mail address (a `mailto:`
/// link in HTML).
enum Span<'a> {
    Text(String),
    Email(&'a str),
}

enum Block<'a> {
    Heading(String),
    Para(Vec<Span<'a>>),
    Bullets(Vec<String>),
    /// The personal link: its own line in text, a button plus the full
    /// address in HTML.
    Link,
}

fn para<'a>(text: String) -> Block<'a> {
    Block::Para(vec![Span::Text(text)])
}

fn contact_para<'a>(lead: &str, mail: &InvitationMail<'a>) -> Block<'a> {
    Block::Para(vec![
        Span::Text(format!("{lead} {}: ", mail.clerk_name)),
        Span::Email(mail.clerk_email),
        Span::Text(".".to_owned()),
    ])
}

fn signature<'a>(mail: &InvitationMail) -> [Block<'a>; 2] {
    [
        para("Met vriendelijke groet,".to_owned()),
        para(format!(
            "De klankbordcommissie van de gemeenteraad van {}",
            mail.municipality
        )),
    ]
}

fn group_rule(mail: &InvitationMail) -> String {
    group_rule_text(mail.shown_apart_from)
}

fn protection_bullets(mail: &InvitationMail) -> Vec<String> {
    vec![
        "Uw antwoorden zijn anoniem. Niemand kan zien wat u heeft geantwoord: \
         de griffier niet, de commissie niet en de burgemeester niet."
            .to_owned(),
        group_rule(mail),
        STORAGE_PROMISE.to_owned(),
        "Uw toelichtingen tonen wij zonder naam. Schrijf er daarom geen namen \
         of details in waaraan u of anderen te herkennen zijn."
            .to_owned(),
        "De link in deze e-mail is persoonlijk en werkt één keer: u kunt de \
         vragenlijst één keer versturen. Stuur deze e-mail daarom niet door."
            .to_owned(),
    ]
}

fn invitation_blocks<'a>(mail: &InvitationMail<'a>) -> Vec<Block<'a>> {
    let mut blocks = vec![
        para(format!("Beste {},", mail.rater_name)),
        para(format!(
            "De klankbordcommissie van de gemeenteraad van {} vraagt u om uw \
             ervaringen met burgemeester {} te delen. De griffier, {}, stuurt u \
             deze e-mail namens de commissie.",
            mail.municipality, mail.mayor_name, mail.clerk_name
        )),
        Block::Heading("Waarvoor is uw input?".to_owned()),
        para(format!(
            "Wij bereiden het {} met burgemeester {} voor. Dat gesprek is op {}. \
             Raadsleden zien maar een deel van het werk van de burgemeester. Veel \
             van dat werk zien zij niet, bijvoorbeeld op het gebied van openbare \
             orde en veiligheid. Daarom vragen wij ook mensen die op een andere \
             manier met de burgemeester samenwerken naar hun ervaringen.",
            mail.round_label, mail.mayor_name, mail.meeting_date
        )),
        para(format!(
            "Wij stellen u deze vraag als deel van de groep {}. U krijgt daarom \
             vragen die passen bij deze groep.",
            mail.group_name
        )),
        Block::Heading("Zo beschermen wij uw antwoorden".to_owned()),
        Block::Bullets(protection_bullets(mail)),
        Block::Heading("Wie ziet de uitkomsten?".to_owned()),
        para(mail.sharing_sentence.to_owned()),
        Block::Heading("Hoeveel tijd kost het?".to_owned()),
        para(format!(
            "Het invullen duurt ongeveer 10 tot 15 minuten. U kunt de vragenlijst \
             invullen tot {}.",
            mail.closes_at
        )),
        para("Open de vragenlijst met uw persoonlijke link:".to_owned()),
        Block::Link,
        Block::Heading("Liever een persoonlijk gesprek?".to_owned()),
        para(format!(
            "U kunt uw input ook in een persoonlijk gesprek geven, in plaats van \
             de vragenlijst in te vullen. Open dan de link en kies voor een \
             gesprek. U kunt ook contact opnemen met de griffier, {}.",
            mail.clerk_name
        )),
        Block::Heading("Vragen?".to_owned()),
        contact_para("Heeft u vragen? Neem dan contact op met de griffier,", mail),
    ];
    blocks.extend(signature(mail));
    blocks
}

fn reminder_blocks<'a>(mail: &InvitationMail<'a>) -> Vec<Block<'a>> {
    let mut blocks = vec![
        para(format!("Beste {},", mail.rater_name)),
        para(format!(
            "Eerder stuurden wij u een uitnodiging om uw ervaringen met \
             burgemeester {} te delen. De klankbordcommissie van de gemeenteraad \
             van {} gebruikt die input voor het {} op {}.",
            mail.mayor_name, mail.municipality, mail.round_label, mail.meeting_date
        )),
        para(format!(
            "Uw input is nog steeds welkom. U kunt de vragenlijst invullen tot {}. \
             Het invullen duurt ongeveer 10 tot 15 minuten.",
            mail.closes_at
        )),
        para("U gebruikt dezelfde persoonlijke link als in de uitnodiging:".to_owned()),
        Block::Link,
        para(format!(
            "Deze link is persoonlijk en werkt één keer. Stuur deze e-mail daarom \
             niet door. Uw antwoorden zijn anoniem. {} {}",
            group_rule(mail),
            mail.sharing_sentence
        )),
        para(
            "Heeft u al gereageerd? Dan kunt u deze herinnering negeren. Wij weten \
             niet wat u heeft geantwoord."
                .to_owned(),
        ),
        para(
            "Geeft u uw input liever in een persoonlijk gesprek? Dat kan ook. Open \
             dan de link en kies voor een gesprek."
                .to_owned(),
        ),
        contact_para("Heeft u vragen? Neem dan contact op met de griffier,", mail),
    ];
    blocks.extend(signature(mail));
    blocks
}

/// The mail to a kabinet van de commissaris van de Koning when a griffier
/// sends a vastgesteld verslag: the municipality and a link to Klankbord,
/// never a word of the verslag (the kabinet reads it after signing in).
pub fn cdk_verslag(municipality: &str, link: &str) -> RenderedMail {
    let subject = one_line(&format!(
        "Nieuw verslag van een klankbordgesprek in {municipality}"
    ));
    let blocks = [
        para("Beste medewerker van het kabinet,".to_owned()),
        para(format!(
            "De griffier van {municipality} heeft het vastgestelde verslag van \
             een klankbordgesprek naar de commissaris van de Koning gestuurd. U \
             leest het in Klankbord, nadat u zich heeft aangemeld:"
        )),
        Block::Link,
        para("Het verslag is geheim. Daarom staat de inhoud niet in deze e-mail.".to_owned()),
    ];
    link_mail(subject, &blocks, link, "Het verslag openen in Klankbord")
}

/// The mail to a participant of a klankbordgesprek that the concept of its
/// verslag is ready: a link to Klankbord, never a word of the verslag.
pub fn verslag_concept(name: &str, municipality: &str, link: &str) -> RenderedMail {
    let blocks = [
        para(format!("Beste {},", one_line(name))),
        para(format!(
            "Het concept van het verslag van het klankbordgesprek in \
             {municipality} staat klaar. U kunt het lezen en per onderdeel \
             commentaar geven in Klankbord, nadat u zich heeft aangemeld:"
        )),
        Block::Link,
        para("Het verslag is vertrouwelijk. Daarom staat de tekst niet in deze e-mail.".to_owned()),
    ];
    link_mail(
        "Concept verslag klankbordgesprek klaar om te lezen".to_owned(),
        &blocks,
        link,
        "Het concept lezen",
    )
}

/// A short notice whose only action is one link to Klankbord: the text and
/// the HTML version of the same blocks.
fn link_mail(subject: String, blocks: &[Block], link: &str, label: &str) -> RenderedMail {
    let body = html! {
        (DOCTYPE)
        html lang="nl" {
            head { meta charset="utf-8"; title { (subject) } }
            body style={ (FONT) "font-size:16px;line-height:1.5;color:#1f2937;" } {
                @for block in blocks {
                    @match block {
                        Block::Link => p style=(P_STYLE) { a href=(link.trim()) style="color:#1d4e89;" { (label) } br; (link.trim()) },
                        other => (html_block(other, link)),
                    }
                }
            }
        }
    };
    RenderedMail {
        text: render_text(blocks, link),
        html: body.into_string(),
        subject,
    }
}

/// A header is one line: no line breaks or other control characters.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------- text

fn render_text(blocks: &[Block], link: &str) -> String {
    let mut text = String::new();
    let mut after_heading = false;
    for block in blocks {
        if !text.is_empty() {
            // A heading sits directly on top of its paragraph.
            text.push_str(if after_heading { "\n" } else { "\n\n" });
        }
        match block {
            Block::Heading(h) => text.push_str(&wrap(h, "", "")),
            Block::Para(spans) => text.push_str(&wrap(&spans_to_text(spans), "", "")),
            Block::Bullets(items) => text.push_str(
                &items
                    .iter()
                    .map(|i| wrap(i, "- ", "  "))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            // Never wrapped, nothing else on the line.
            Block::Link => text.push_str(link.trim()),
        }
        after_heading = matches!(block, Block::Heading(_));
    }
    text.push('\n');
    text
}

fn spans_to_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => t.as_str(),
            Span::Email(e) => e,
        })
        .collect()
}

/// Greedy word wrap at [`TEXT_WIDTH`] characters (not bytes). A word longer
/// than a line gets a line of its own rather than being broken.
fn wrap(text: &str, first_prefix: &str, rest_prefix: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = first_prefix.to_owned();
    let mut line_len = first_prefix.chars().count();
    let mut empty = true;
    for word in text.split_whitespace() {
        let word_len = word.chars().count();
        if !empty && line_len + 1 + word_len > TEXT_WIDTH {
            lines.push(std::mem::replace(&mut line, rest_prefix.to_owned()));
            line_len = rest_prefix.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += word_len;
        empty = false;
    }
    lines.push(line);
    lines.join("\n")
}

// ---------------------------------------------------------------- html

const FONT: &str = "font-family:Arial,Helvetica,sans-serif;";
const P_STYLE: &str = "margin:0 0 16px 0;";
const H2_STYLE: &str = "margin:28px 0 8px 0;font-size:18px;line-height:1.3;color:#111827;";

fn render_html(subject: &str, mail: &InvitationMail, blocks: &[Block]) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (subject) }
            }
            body style="margin:0;padding:0;background-color:#f3f4f6;" {
                table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"
                    style="background-color:#f3f4f6;" {
                    tr {
                        td align="center" style="padding:24px 12px;" {
                            table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"
                                style="max-width:600px;background-color:#ffffff;border:1px solid #d1d5db;" {
                                tr {
                                    td style={ (FONT) "padding:24px 28px;font-size:16px;line-height:1.5;color:#1f2937;" } {
                                        p style={ (P_STYLE) "font-size:14px;color:#4b5563;" } {
                                            "Klankbordcommissie van de gemeenteraad van " (mail.municipality)
                                        }
                                        @for block in blocks {
                                            (html_block(block, mail.link))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn html_block(block: &Block, link: &str) -> Markup {
    let link = link.trim();
    html! {
        @match block {
            Block::Heading(h) => h2 style={ (FONT) (H2_STYLE) } { (h) },
            Block::Para(spans) => p style=(P_STYLE) {
                @for span in spans {
                    @match span {
                        Span::Text(t) => (t),
                        Span::Email(e) => a href={ "mailto:" (e) } style="color:#1d4e89;" { (e) },
                    }
                }
            },
            Block::Bullets(items) => ul style="margin:0 0 16px 0;padding-left:24px;" {
                @for item in items {
                    li style="margin:0 0 8px 0;" { (item) }
                }
            },
            Block::Link => {
                p style="margin:0 0 12px 0;" {
                    a href=(link)
                        style={ (FONT) "display:inline-block;padding:12px 24px;background-color:#1d4e89;\
                                color:#ffffff;font-size:17px;font-weight:bold;text-decoration:none;\
                                border-radius:4px;border:2px solid #1d4e89;" } {
                        "Naar de vragenlijst"
                    }
                }
                p style={ (P_STYLE) "font-size:14px;color:#4b5563;" } {
                    "Werkt de knop niet? Kopieer dan deze link naar uw browser:"
                    br;
                    a href=(link) style="color:#1d4e89;word-break:break-all;" { (link) }
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sharing::SharingMode;

    const LINK: &str =
        "https://klankbord.voorbeeldrecht.nl/r/Zx8-Qm3_kT0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345";

    fn mail(kind: MailKind) -> InvitationMail<'static> {
        InvitationMail {
            kind,
            rater_name: "Anna de Vries",
            group_name: "Veiligheidspartners",
            municipality: "Voorbeeldrecht",
            mayor_name: "Jan Jansen",
            round_label: "klankbordgesprek",
            meeting_date: "vrijdag 18 december 2026",
            closes_at: "vrijdag 11 december 2026 om 23:59 uur",
            shown_apart_from: 4,
            sharing_sentence: SharingMode::AlsoCouncil.who_sees(),
            clerk_name: "Petra Bakker",
            clerk_email: "griffie@voorbeeldrecht.nl",
            link: LINK,
        }
    }

    const KINDS: [MailKind; 2] = [MailKind::Invitation, MailKind::Reminder];

    #[test]
    fn the_link_appears_in_text_and_html_exactly_as_given() {
        for kind in KINDS {
            let out = render(&mail(kind));
            assert!(
                out.text.lines().any(|l| l == LINK),
                "{kind:?}: link not on its own line"
            );
            assert!(
                out.html.contains(&format!("href=\"{LINK}\"")),
                "{kind:?}: no button href"
            );
            assert!(
                out.html.contains(&format!(">{LINK}</a>")),
                "{kind:?}: no copyable URL"
            );
        }
    }

    #[test]
    fn every_field_appears_in_text_and_html() {
        for kind in KINDS {
            let m = mail(kind);
            let out = render(&m);
            let k = m.shown_apart_from.to_string();
            let fields = [
                m.rater_name,
                m.municipality,
                m.mayor_name,
                m.round_label,
                m.meeting_date,
                m.closes_at,
                m.clerk_name,
                m.clerk_email,
                k.as_str(),
                m.sharing_sentence,
            ];
            // Wrapping may break a field over two lines; compare word by word.
            let flat_text = out.text.split_whitespace().collect::<Vec<_>>().join(" ");
            for field in fields {
                assert!(flat_text.contains(field), "{kind:?}: text lacks {field:?}");
                assert!(out.html.contains(field), "{kind:?}: html lacks {field:?}");
            }
            assert!(out.subject.contains(m.municipality) && out.subject.contains(m.mayor_name));
            assert!(
                flat_text.contains("De klankbordcommissie van de gemeenteraad van Voorbeeldrecht")
            );
        }
        let invitation = render(&mail(MailKind::Invitation));
        assert!(invitation.text.contains("Veiligheidspartners"));
        assert!(invitation.html.contains("Veiligheidspartners"));
    }

    #[test]
    fn the_invitation_subject_names_the_mayor_and_municipality() {
        let out = render(&mail(MailKind::Invitation));
        assert_eq!(
            out.subject,
            "Uw input voor het klankbordgesprek met burgemeester Jan Jansen (Voorbeeldrecht)"
        );
    }

    #[test]
    fn the_reminder_subject_starts_with_herinnering() {
        let out = render(&mail(MailKind::Reminder));
        assert!(out.subject.starts_with("Herinnering: "), "{}", out.subject);
        assert!(
            !render(&mail(MailKind::Invitation))
                .subject
                .starts_with("Herinnering")
        );
    }

    #[test]
    fn the_reminder_says_it_may_be_ignored_without_claiming_to_know_who_answered() {
        let out = render(&mail(MailKind::Reminder));
        let flat = out.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(
            "Heeft u al gereageerd? Dan kunt u deze herinnering negeren. Wij weten niet wat u heeft geantwoord."
        ));
        assert!(out.html.contains("Wij weten niet wat u heeft geantwoord."));
    }

    #[test]
    fn the_html_escapes_a_name_with_markup() {
        let mut m = mail(MailKind::Invitation);
        m.rater_name = "<b>Evil</b>";
        m.mayor_name = "<script>alert(1)</script>";
        for kind in KINDS {
            m.kind = kind;
            let out = render(&m);
            assert!(!out.html.contains("<b>Evil</b>"));
            assert!(out.html.contains("&lt;b&gt;Evil&lt;/b&gt;"));
            assert!(!out.html.contains("<script>"));
        }
    }

    #[test]
    fn the_html_is_dutch_and_loads_nothing_from_elsewhere() {
        let out = render(&mail(MailKind::Invitation));
        assert!(out.html.starts_with("<!DOCTYPE html>"));
        assert!(out.html.contains("<html lang=\"nl\">"));
        assert!(
            !out.html.contains("<img") && !out.html.contains("<link") && !out.html.contains("src=")
        );
    }

    #[test]
    fn text_lines_other_than_the_link_line_are_at_most_78_characters() {
        for kind in KINDS {
            for mode in SharingMode::ALL {
                let mut m = mail(kind);
                m.sharing_sentence = mode.who_sees();
                m.round_label = "100-dagengesprek";
                let out = render(&m);
                for line in out.text.lines().filter(|l| *l != LINK) {
                    assert!(
                        line.chars().count() <= 78,
                        "{kind:?}: line too long: {line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_subject_never_contains_a_line_break() {
        let mut m = mail(MailKind::Reminder);
        m.mayor_name = "Jan\r\nBcc: iemand@example.org";
        let out = render(&m);
        assert!(!out.subject.contains('\n') && !out.subject.contains('\r'));
    }
}

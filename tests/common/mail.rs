//! Reading invitations the way a referent would: find their mail, take the link.

use std::path::Path;

use mail_parser::MessageParser;

pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub raw: String,
}

pub fn parse(raw: &[u8]) -> Mail {
    let m = MessageParser::default().parse(raw).expect("mail");
    let to = m
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or("")
        .to_owned();
    Mail {
        to,
        subject: m.subject().unwrap_or("").to_owned(),
        text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}

/// Every message in the file outbox.
pub fn outbox(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| parse(&std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The invitation link in a mail's text (`…/r/<43 characters>`).
pub fn link(mail: &Mail) -> String {
    let at = mail.text.find("/r/").expect("a link in the mail");
    let start = mail.text[..at].rfind("http").expect("link start");
    let end = at + 3 + 43;
    mail.text[start..end].to_owned()
}

/// The link in the newest mail to `to` (the latest one written).
pub fn link_for(mails: &[Mail], to: &str) -> String {
    let mail = mails
        .iter()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("no mail to {to}"));
    link(mail)
}

//! Outgoing mail: transports (SMTP or a folder of `.eml` files) and
//! templates. The loop that empties the outbox is in `jobs`.

pub mod identity_link;
pub mod sign_in;
pub mod templates;
pub mod tls;

use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::Tls;
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{MailSettings, MailTransportSettings, SmtpTls};

pub use templates::{InvitationMail, MailKind, RenderedMail};

pub enum Sender {
    Smtp(SmtpTransport),
    /// A folder of `.eml` files, each written whole before it appears.
    File(PathBuf),
}

pub struct MailTransport {
    sender: Sender,
    from: Mailbox,
    description: String,
}

/// How a send failed; decides between retrying and giving up.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("{0}")]
    Transient(String),
    #[error("{0}")]
    Permanent(String),
}

#[derive(Debug, thiserror::Error)]
#[error("KLANKBORD_MAIL: {0}")]
pub struct MailSetupError(pub(crate) String);

impl MailTransport {
    pub fn from_settings(s: &MailSettings) -> Result<Self, MailSetupError> {
        let from: Mailbox = s
            .from
            .parse()
            .map_err(|_| MailSetupError(format!("ongeldige afzender {}", s.from)))?;
        let (sender, description) = match &s.transport {
            MailTransportSettings::File(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    MailSetupError(format!(
                        "de map {} kan niet worden aangemaakt: {e}",
                        dir.display()
                    ))
                })?;
                (
                    Sender::File(dir.clone()),
                    format!("bestanden in {}", display_dir(dir)),
                )
            }
            MailTransportSettings::Smtp {
                host,
                port,
                user,
                password,
                tls,
            } => {
                let params = || {
                    let mut roots = tls::system_roots();
                    if let Some(file) = &s.smtp_ca_file {
                        roots.extend(tls::ca_file_roots(file)?);
                    }
                    tls::parameters(host, &roots)
                };
                let tls_mode = match tls {
                    SmtpTls::StartTls => Tls::Required(params()?),
                    SmtpTls::Tls => Tls::Wrapper(params()?),
                    SmtpTls::None => Tls::None,
                };
                let mut builder = SmtpTransport::builder_dangerous(host.as_str())
                    .port(*port)
                    .tls(tls_mode);
                if let (Some(u), Some(p)) = (user, password) {
                    builder =
                        builder.credentials(Credentials::new(u.clone(), p.expose().to_owned()));
                }
                let scheme = if *tls == SmtpTls::Tls {
                    "smtps"
                } else {
                    "smtp"
                };
                (
                    Sender::Smtp(builder.build()),
                    format!("{scheme}://{host}:{port}"),
                )
            }
        };
        Ok(Self {
            sender,
            from,
            description,
        })
    }

    /// The domain of every `Message-ID`: the sender's (`KLANKBORD_MAIL_FROM`).
    pub fn message_id_domain(&self) -> &str {
        self.from.email.domain()
    }

    /// A fresh `Message-ID` for a mail sent straight away (a sign-in link),
    /// not through the outbox.
    pub fn new_message_id(&self) -> String {
        format!("<{}@{}>", uuid::Uuid::new_v4(), self.message_id_domain())
    }

    /// Where mail goes, for start-up messages (no credentials).
    pub fn describe(&self) -> &str {
        &self.description
    }

    pub fn send(
        &self,
        to_name: &str,
        to_email: &str,
        message_id: &str,
        mail: &RenderedMail,
    ) -> Result<(), SendError> {
        let to = Mailbox::new(
            Some(to_name.to_owned()),
            to_email
                .parse()
                .map_err(|_| SendError::Permanent("ongeldig adres".into()))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .message_id(Some(message_id.to_owned()))
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| {
                SendError::Permanent(format!(
                    "bericht kan niet worden opgebouwd: {}",
                    error_kind(&e.to_string())
                ))
            })?;
        match &self.sender {
            Sender::File(dir) => write_eml(dir, &message.formatted())
                .map_err(|_| SendError::Transient("schrijven naar de outbox-map mislukt".into())),
            Sender::Smtp(t) => t.send(&message).map(|_| ()).map_err(|e| {
                let code = e.status().map(|c| c.to_string()).unwrap_or_default();
                if e.is_permanent() {
                    SendError::Permanent(format!(
                        "de mailserver weigert het bericht blijvend ({code})"
                    ))
                } else if e.is_transient() {
                    SendError::Transient(format!(
                        "de mailserver weigert het bericht tijdelijk ({code})"
                    ))
                } else {
                    SendError::Transient("de mailserver is niet bereikbaar".into())
                }
            }),
        }
    }
}

/// Writes one message under a hidden temporary name and renames it, so a
/// reader of the folder never sees half a message.
fn write_eml(dir: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let name = uuid::Uuid::new_v4();
    let tmp = dir.join(format!(".{name}.eml.tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dir.join(format!("{name}.eml")))
}

fn display_dir(dir: &PathBuf) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.clone())
        .display()
        .to_string()
}

/// The first word of an error, never an address or body text.
fn error_kind(s: &str) -> String {
    s.split_whitespace()
        .next()
        .unwrap_or("onbekend")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

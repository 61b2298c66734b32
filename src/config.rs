//! Settings from the environment, read and validated once at start-up.
//! One struct per concern; secrets never print.

use std::fmt;
use std::net::ToSocketAddrs;
use std::path::PathBuf;

/// A value that must not appear in logs or error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (or `:memory:`).
    Sqlite(String),
    Postgres(Secret),
}

#[derive(Clone, Debug)]
pub struct DatabaseSettings {
    pub url: DatabaseUrl,
    pub pool_size: u32,
}

/// How long a request body may take to arrive, in seconds, unless
/// `KLANKBORD_BODY_TIMEOUT` says otherwise (a client that sends its body
/// slowly holds a connection and a worker).
pub const DEFAULT_BODY_TIMEOUT_SECS: u64 = 30;

#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// Address to listen on, e.g. `127.0.0.1:8080` (port 0 picks a free port).
    pub bind: String,
    /// The public address used in mailed links, without a trailing slash.
    pub base_url: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// How long a request body may take to arrive (`KLANKBORD_BODY_TIMEOUT`).
    pub body_timeout: std::time::Duration,
    /// Where to report a security problem (`KLANKBORD_SECURITY_CONTACT`): a
    /// `mailto:` or `https:` URI, the `Contact:` of `/.well-known/security.txt`.
    pub security_contact: String,
    /// Where the Prometheus metrics are served (`KLANKBORD_METRICS_ADDR`), an
    /// address apart from `bind`; `None` (the default): no metrics endpoint.
    pub metrics_bind: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// `smtp://`: STARTTLS is required.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Tls,
    /// `smtp://…?tls=none`: plain text, only to a relay on this machine.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransportSettings {
    /// Each message as an `.eml` file in this folder.
    File(PathBuf),
    Smtp {
        host: String,
        port: u16,
        user: Option<String>,
        password: Option<Secret>,
        tls: SmtpTls,
    },
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    pub transport: MailTransportSettings,
    /// The sender, e.g. `Klankbord <noreply@example.nl>`.
    pub from: String,
    /// A PEM file with the CA certificate(s) of the SMTP relay, trusted next
    /// to the system's and the compiled-in roots (`KLANKBORD_SMTP_CA_FILE`).
    pub smtp_ca_file: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub http: HttpSettings,
    pub mail: MailSettings,
    pub secret_file: PathBuf,
    /// The folder holding the client secrets of the municipalities'
    /// identity providers, one file each (`KLANKBORD_OIDC_SECRET_DIR`);
    /// none: sign-in through a provider is off.
    pub oidc_secret_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn err(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let url =
            parse_database_url(&get("DATABASE_URL").unwrap_or_else(|| "klankbord.db".into()))?;
        let pool_size = match get("KLANKBORD_DB_POOL") {
            None => 10,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or_else(|| {
                    err(
                        "KLANKBORD_DB_POOL",
                        format!("‘{v}’ is geen aantal tussen 1 en 100"),
                    )
                })?,
        };

        let bind = get("KLANKBORD_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        if !bind
            .to_socket_addrs()
            .is_ok_and(|mut addrs| addrs.next().is_some())
        {
            return Err(err(
                "KLANKBORD_BIND",
                format!("‘{bind}’ is geen adres met poort, zoals 127.0.0.1:8080"),
            ));
        }
        let metrics_bind = get("KLANKBORD_METRICS_ADDR");
        if let Some(m) = &metrics_bind {
            if !m.to_socket_addrs().is_ok_and(|mut a| a.next().is_some()) {
                return Err(err(
                    "KLANKBORD_METRICS_ADDR",
                    format!("‘{m}’ is geen adres met poort, zoals 127.0.0.1:9090"),
                ));
            }
            if *m == bind && !m.ends_with(":0") {
                return Err(err(
                    "KLANKBORD_METRICS_ADDR",
                    "moet een ander adres zijn dan KLANKBORD_BIND (de metrics horen niet op de publieke poort)",
                ));
            }
        }
        let base_url = match get("KLANKBORD_BASE_URL") {
            Some(v) => parse_base_url(&v)?,
            None => format!("http://{bind}"),
        };
        let trust_proxy = parse_bool("KLANKBORD_TRUST_PROXY", get("KLANKBORD_TRUST_PROXY"))?;
        let body_timeout = match get("KLANKBORD_BODY_TIMEOUT") {
            None => DEFAULT_BODY_TIMEOUT_SECS,
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=300).contains(n))
                .ok_or_else(|| {
                    err(
                        "KLANKBORD_BODY_TIMEOUT",
                        format!("‘{v}’ is geen aantal seconden tussen 1 en 300"),
                    )
                })?,
        };

        let transport = match get("KLANKBORD_MAIL") {
            None => MailTransportSettings::File(PathBuf::from("outbox")),
            Some(v) => parse_mail(&v)?,
        };
        let host = url::Url::parse(&base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        let default_from = format!(
            "Klankbord <noreply@{}>",
            host.filter(|h| h.contains('.'))
                .unwrap_or_else(|| "klankbord.invalid".into())
        );
        let from = get("KLANKBORD_MAIL_FROM").unwrap_or(default_from);
        if from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(err(
                "KLANKBORD_MAIL_FROM",
                format!("‘{from}’ is geen afzender zoals Klankbord <noreply@gemeente.nl>"),
            ));
        }

        let smtp_ca_file = get("KLANKBORD_SMTP_CA_FILE").map(PathBuf::from);

        // Empty (as a compose file passes an unset variable): the default.
        let security_contact =
            match get("KLANKBORD_SECURITY_CONTACT").filter(|v| !v.trim().is_empty()) {
                Some(v) => parse_security_contact(&v)?,
                None => format!(
                    "mailto:security@{}",
                    url::Url::parse(&base_url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_owned))
                        .unwrap_or_else(|| "klankbord.invalid".into())
                ),
            };

        let secret_file =
            PathBuf::from(get("KLANKBORD_SECRET_FILE").unwrap_or_else(|| "klankbord.key".into()));

        Ok(Settings {
            database: DatabaseSettings { url, pool_size },
            http: HttpSettings {
                bind,
                base_url,
                trust_proxy,
                body_timeout: std::time::Duration::from_secs(body_timeout),
                security_contact,
                metrics_bind,
            },
            mail: MailSettings {
                transport,
                from,
                smtp_ca_file,
            },
            secret_file,
            oidc_secret_dir: get("KLANKBORD_OIDC_SECRET_DIR").map(PathBuf::from),
        })
    }
}

fn parse_bool(variable: &'static str, v: Option<String>) -> Result<bool, ConfigError> {
    match v.as_deref().map(str::to_lowercase).as_deref() {
        None | Some("false" | "0" | "nee" | "no") => Ok(false),
        Some("true" | "1" | "ja" | "yes") => Ok(true),
        Some(other) => Err(err(
            variable,
            format!("‘{other}’ is geen ja/nee-waarde; gebruik true of false"),
        )),
    }
}

pub fn parse_database_url(v: &str) -> Result<DatabaseUrl, ConfigError> {
    const VAR: &str = "DATABASE_URL";
    if v.starts_with("postgres://") || v.starts_with("postgresql://") {
        let parsed = url::Url::parse(v).map_err(|_| {
            err(
                VAR,
                "de PostgreSQL-URL is ongeldig; verwacht postgres://gebruiker@host:5432/database",
            )
        })?;
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(err(VAR, "de PostgreSQL-URL mist een host"));
        }
        return Ok(DatabaseUrl::Postgres(Secret::new(v)));
    }
    if let Some(path) = v
        .strip_prefix("sqlite://")
        .or_else(|| v.strip_prefix("sqlite:"))
    {
        if path.is_empty() {
            return Err(err(
                VAR,
                "de SQLite-URL mist een bestandsnaam, zoals sqlite://klankbord.db",
            ));
        }
        return Ok(DatabaseUrl::Sqlite(path.to_owned()));
    }
    // Anything that looks like a URL with another scheme is a mistake, not a file name.
    if let Some((scheme, _)) = v.split_once(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+')
        && scheme.len() > 1
    {
        return Err(err(
            VAR,
            format!(
                "onbekend databasetype ‘{scheme}:’; gebruik postgres://… voor PostgreSQL of een bestandsnaam voor SQLite"
            ),
        ));
    }
    Ok(DatabaseUrl::Sqlite(v.to_owned()))
}

fn parse_base_url(v: &str) -> Result<String, ConfigError> {
    const VAR: &str = "KLANKBORD_BASE_URL";
    let u = url::Url::parse(v).map_err(|_| {
        err(
            VAR,
            format!("‘{v}’ is geen URL zoals https://klankbord.gemeente.nl"),
        )
    })?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(err(
            VAR,
            "de URL moet met https:// (of http:// voor een test) beginnen en een host hebben",
        ));
    }
    if u.query().is_some() || u.fragment().is_some() || !u.username().is_empty() {
        return Err(err(
            VAR,
            "de URL mag geen gebruikersnaam, ?-deel of #-deel bevatten",
        ));
    }
    Ok(v.trim_end_matches('/').to_owned())
}

/// A `mailto:` with one valid address, or an `https://` URL with a host.
fn parse_security_contact(v: &str) -> Result<String, ConfigError> {
    const VAR: &str = "KLANKBORD_SECURITY_CONTACT";
    let v = v.trim();
    let ok = if let Some(address) = v.strip_prefix("mailto:") {
        crate::domain::email::EmailAddress::parse(address).is_ok()
    } else {
        url::Url::parse(v).is_ok_and(|u| {
            u.scheme() == "https" && u.host_str().is_some() && u.username().is_empty()
        })
    };
    if ok {
        Ok(v.to_owned())
    } else {
        Err(err(
            VAR,
            format!(
                "‘{v}’ is geen mailto:-adres of https://-URL, zoals mailto:security@gemeente.nl"
            ),
        ))
    }
}

fn parse_mail(v: &str) -> Result<MailTransportSettings, ConfigError> {
    const VAR: &str = "KLANKBORD_MAIL";
    if let Some(dir) = v
        .strip_prefix("file://")
        .or_else(|| v.strip_prefix("file:"))
    {
        if dir.is_empty() {
            return Err(err(VAR, "file: mist een map, zoals file:outbox"));
        }
        return Ok(MailTransportSettings::File(PathBuf::from(dir)));
    }
    let u = url::Url::parse(v).map_err(|_| {
        err(
            VAR,
            "verwacht smtp://gebruiker:wachtwoord@host:587, smtps://…@host:465 of file:map",
        )
    })?;
    let mut tls = match u.scheme() {
        "smtp" => SmtpTls::StartTls,
        "smtps" => SmtpTls::Tls,
        other => {
            return Err(err(
                VAR,
                format!("onbekend schema ‘{other}:’; gebruik smtp://, smtps:// of file:"),
            ));
        }
    };
    let host = u
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| err(VAR, "de SMTP-URL mist een host"))?
        .to_owned();
    for (k, val) in u.query_pairs() {
        match (k.as_ref(), val.as_ref()) {
            ("tls", "none") => tls = SmtpTls::None,
            _ => {
                return Err(err(
                    VAR,
                    format!("onbekende optie ‘{k}={val}’; alleen tls=none is toegestaan"),
                ));
            }
        }
    }
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if tls == SmtpTls::None && !loopback {
        return Err(err(
            VAR,
            "tls=none (onversleuteld) mag alleen naar een mailserver op deze machine (localhost)",
        ));
    }
    let port = u.port().unwrap_or(match tls {
        SmtpTls::Tls => 465,
        SmtpTls::StartTls => 587,
        SmtpTls::None => 25,
    });
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    let user = Some(u.username())
        .filter(|s| !s.is_empty())
        .and_then(decode);
    let password = u.password().and_then(decode).map(Secret::new);
    Ok(MailTransportSettings::Smtp {
        host,
        port,
        user,
        password,
        tls,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_an_sqlite_file_a_local_port_and_the_outbox_folder() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.database.url, DatabaseUrl::Sqlite("klankbord.db".into()));
        assert_eq!(s.http.bind, "127.0.0.1:8080");
        assert_eq!(s.http.base_url, "http://127.0.0.1:8080");
        assert_eq!(
            s.mail.transport,
            MailTransportSettings::File("outbox".into())
        );
        assert_eq!(s.secret_file, PathBuf::from("klankbord.key"));
    }

    #[test]
    fn the_database_backend_follows_the_url_scheme() {
        assert!(matches!(
            parse_database_url("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert_eq!(
            parse_database_url("sqlite://x.db"),
            Ok(DatabaseUrl::Sqlite("x.db".into()))
        );
        assert_eq!(
            parse_database_url("data/k.db"),
            Ok(DatabaseUrl::Sqlite("data/k.db".into()))
        );
        assert!(parse_database_url("postgres:x").is_err());
        assert!(parse_database_url("mysql://h/db").is_err());
    }

    #[test]
    fn smtp_urls_carry_tls_mode_and_credentials() {
        let t = parse_mail("smtp://griffie%40x.nl:ge%20heim@mail.x.nl:2525").unwrap();
        let MailTransportSettings::Smtp {
            host,
            port,
            user,
            password,
            tls,
        } = t
        else {
            panic!()
        };
        assert_eq!(
            (host.as_str(), port, tls),
            ("mail.x.nl", 2525, SmtpTls::StartTls)
        );
        assert_eq!(user.as_deref(), Some("griffie@x.nl"));
        assert_eq!(
            password.map(|p| p.expose().to_owned()).as_deref(),
            Some("ge heim")
        );
        assert!(matches!(
            parse_mail("smtps://h.nl"),
            Ok(MailTransportSettings::Smtp {
                port: 465,
                tls: SmtpTls::Tls,
                ..
            })
        ));
        assert!(matches!(
            parse_mail("smtp://127.0.0.1:25?tls=none"),
            Ok(MailTransportSettings::Smtp {
                tls: SmtpTls::None,
                ..
            })
        ));
        assert!(parse_mail("smtp://mail.x.nl?tls=none").is_err());
        assert!(parse_mail("pop3://h").is_err());
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = settings(&[("KLANKBORD_BIND", "nergens")]).unwrap_err();
        assert_eq!(e.variable, "KLANKBORD_BIND");
        let e = settings(&[("KLANKBORD_BASE_URL", "ftp://x")]).unwrap_err();
        assert_eq!(e.variable, "KLANKBORD_BASE_URL");
        let e = settings(&[("KLANKBORD_TRUST_PROXY", "misschien")]).unwrap_err();
        assert_eq!(e.variable, "KLANKBORD_TRUST_PROXY");
        let e = settings(&[("KLANKBORD_DB_POOL", "0")]).unwrap_err();
        assert_eq!(e.variable, "KLANKBORD_DB_POOL");
    }

    #[test]
    fn the_security_contact_is_a_mailto_or_https_uri() {
        let s = settings(&[("KLANKBORD_BASE_URL", "https://klankbord.gemeente.nl")]).unwrap();
        assert_eq!(
            s.http.security_contact,
            "mailto:security@klankbord.gemeente.nl"
        );
        for ok in ["mailto:cert@gemeente.nl", "https://gemeente.nl/beveiliging"] {
            let s = settings(&[("KLANKBORD_SECURITY_CONTACT", ok)]).unwrap();
            assert_eq!(s.http.security_contact, ok);
        }
        for bad in [
            "cert@gemeente.nl",
            "mailto:cert@gemeente.nl?bcc=x@y.nl",
            "http://gemeente.nl/beveiliging",
            "https://",
            "javascript:alert(1)",
        ] {
            let e = settings(&[("KLANKBORD_SECURITY_CONTACT", bad)]).unwrap_err();
            assert_eq!(e.variable, "KLANKBORD_SECURITY_CONTACT", "{bad}");
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let s = settings(&[
            ("DATABASE_URL", "postgres://u:hunter2@h/db"),
            ("KLANKBORD_MAIL", "smtps://u:hunter3@h.nl"),
        ])
        .unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("hunter3"));
    }
}

//! A real SMTP server on loopback that keeps every message it receives;
//! plain, or with TLS from the first byte (smtps) under a test certificate.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use super::tls::ServerTls;

#[derive(Clone, Default)]
pub struct SmtpSink {
    pub port: u16,
    pub messages: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl SmtpSink {
    pub fn start() -> Self {
        Self::start_with(false)
    }

    /// A server that refuses every recipient for good (550).
    pub fn start_rejecting() -> Self {
        Self::start_with(true)
    }

    /// A server speaking TLS from the first byte with `tls`'s certificate.
    pub fn start_tls(tls: &ServerTls) -> Self {
        Self::start_inner(false, Some(tls.config()))
    }

    fn start_with(reject: bool) -> Self {
        Self::start_inner(reject, None)
    }

    fn start_inner(reject: bool, tls: Option<Arc<rustls::ServerConfig>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let messages: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let store = messages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let store = store.clone();
                let tls = tls.clone();
                std::thread::spawn(move || {
                    let _ = match tls {
                        None => session(stream, &store, reject),
                        Some(config) => rustls::ServerConnection::new(config)
                            .map_err(std::io::Error::other)
                            .and_then(|conn| {
                                session(rustls::StreamOwned::new(conn, stream), &store, reject)
                            }),
                    };
                });
            }
        });
        Self { port, messages }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// The address of a sink started with `start_tls`.
    pub fn smtps_url(&self) -> String {
        format!("smtps://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Vec<u8>> {
        self.messages.lock().unwrap().clone()
    }
}

fn session(
    stream: impl Read + Write,
    store: &Mutex<Vec<Vec<u8>>>,
    reject: bool,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let reply = |r: &mut BufReader<_>, text: &[u8]| -> std::io::Result<()> {
        let out: &mut dyn Write = r.get_mut();
        out.write_all(text)?;
        out.flush()
    };
    reply(&mut reader, b"220 sink ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_ascii_uppercase();
        if reject && cmd.starts_with("RCPT") {
            reply(&mut reader, b"550 5.1.1 no such user\r\n")?;
        } else if cmd.starts_with("EHLO") {
            reply(&mut reader, b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?;
        } else if cmd.starts_with("HELO")
            || cmd.starts_with("MAIL")
            || cmd.starts_with("RCPT")
            || cmd.starts_with("RSET")
            || cmd.starts_with("NOOP")
        {
            reply(&mut reader, b"250 OK\r\n")?;
        } else if cmd.starts_with("DATA") {
            reply(&mut reader, b"354 go ahead\r\n")?;
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if reader.read_until(b'\n', &mut l)? == 0 {
                    return Ok(());
                }
                if l == b".\r\n" {
                    break;
                }
                let l = if l.starts_with(b"..") {
                    l[1..].to_vec()
                } else {
                    l
                };
                data.extend_from_slice(&l);
            }
            store.lock().unwrap().push(data);
            reply(&mut reader, b"250 queued\r\n")?;
        } else if cmd.starts_with("QUIT") {
            reply(&mut reader, b"221 bye\r\n")?;
            return Ok(());
        } else {
            reply(&mut reader, b"502 not implemented\r\n")?;
        }
    }
}

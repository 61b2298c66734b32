//! A real SMTP server on loopback that keeps every message it receives;
//! plain, or with TLS from the first byte (smtps) under a test certificate.
//! Tests can make it refuse recipients, answer a message with a temporary
//! error after it arrived, or hold messages before answering (a slow mail
//! server).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::tls::ServerTls;

#[derive(Clone, Default)]
pub struct SmtpSink {
    pub port: u16,
    pub messages: Arc<Mutex<Vec<Vec<u8>>>>,
    control: Arc<Control>,
}

/// What the sink does with the next messages.
#[derive(Default)]
struct Control {
    reject: AtomicBool,
    /// Messages still to be answered 451 after their data arrived.
    transient_after_data: AtomicUsize,
    /// Whether messages wait before their answer, and how many do.
    hold: Mutex<(bool, usize)>,
    changed: Condvar,
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
        let control = Arc::new(Control::default());
        control.reject.store(reject, Ordering::SeqCst);
        let (store, ctl) = (messages.clone(), control.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (store, ctl) = (store.clone(), ctl.clone());
                let tls = tls.clone();
                std::thread::spawn(move || {
                    let _ = match tls {
                        None => session(stream, &store, &ctl),
                        Some(config) => rustls::ServerConnection::new(config)
                            .map_err(std::io::Error::other)
                            .and_then(|conn| {
                                session(rustls::StreamOwned::new(conn, stream), &store, &ctl)
                            }),
                    };
                });
            }
        });
        Self {
            port,
            messages,
            control,
        }
    }

    /// From now on refuse every recipient for good (550), or accept again.
    pub fn set_rejecting(&self, reject: bool) {
        self.control.reject.store(reject, Ordering::SeqCst);
    }

    /// Answers the next `n` messages with a temporary error (451) after
    /// their data arrived (and was kept): the sender must try again.
    pub fn refuse_after_data(&self, n: usize) {
        self.control.transient_after_data.store(n, Ordering::SeqCst);
    }

    /// From now on messages wait after their data arrived, before the sink
    /// answers, until [`Self::release`].
    pub fn hold(&self) {
        self.control.hold.lock().unwrap().0 = true;
    }

    /// Lets every held message through and holds no more.
    pub fn release(&self) {
        self.control.hold.lock().unwrap().0 = false;
        self.control.changed.notify_all();
    }

    /// Waits (at most `limit`) until `n` messages are held; whether they are.
    pub fn wait_until_holding(&self, n: usize, limit: Duration) -> bool {
        let start = Instant::now();
        let mut guard = self.control.hold.lock().unwrap();
        while guard.1 < n {
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            guard = self.control.changed.wait_timeout(guard, left).unwrap().0;
        }
        true
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
    control: &Control,
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
        if control.reject.load(Ordering::SeqCst) && cmd.starts_with("RCPT") {
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
            hold_while_asked(control);
            store.lock().unwrap().push(data);
            let transient = control
                .transient_after_data
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if transient {
                reply(&mut reader, b"451 4.3.0 try again later\r\n")?;
            } else {
                reply(&mut reader, b"250 queued\r\n")?;
            }
        } else if cmd.starts_with("QUIT") {
            reply(&mut reader, b"221 bye\r\n")?;
            return Ok(());
        } else {
            reply(&mut reader, b"502 not implemented\r\n")?;
        }
    }
}

/// Waits while the sink holds messages (bounded: a held message is let
/// through after a minute, before the sender's own SMTP timeout).
fn hold_while_asked(control: &Control) {
    let mut guard = control.hold.lock().unwrap();
    if !guard.0 {
        return;
    }
    guard.1 += 1;
    control.changed.notify_all();
    let start = Instant::now();
    while guard.0 && start.elapsed() < Duration::from_secs(50) {
        guard = control
            .changed
            .wait_timeout(guard, Duration::from_millis(500))
            .unwrap()
            .0;
    }
    guard.1 -= 1;
}

//! Captures everything the server logs, so tests can assert what never appears.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

struct Sink;

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(m) = LOGS.get() {
            m.lock().unwrap().extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber (once per process), at debug level.
pub fn capture() {
    if LOGS.set(Mutex::new(Vec::new())).is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(|| Sink)
            .with_ansi(false)
            .try_init();
    }
}

pub fn captured() -> String {
    LOGS.get()
        .map(|m| String::from_utf8_lossy(&m.lock().unwrap()).into_owned())
        .unwrap_or_default()
}

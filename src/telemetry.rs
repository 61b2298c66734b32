//! Logging: `tracing` to stderr, filtered by `RUST_LOG` (default `info` for
//! the server, `warn` for the other commands).
//! Log lines carry route patterns and outcomes, never tokens, answers or addresses.

use tracing_subscriber::EnvFilter;

pub fn init(default_level: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

pub mod metrics;

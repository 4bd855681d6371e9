//! Tracing setup: pretty for people, JSON for log collectors.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

use crate::config::{LogFormat, LogSettings};

/// Installs the global subscriber. `RUST_LOG` overrides the configured filter.
pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    // try_init: a second call (tests, embedded use) keeps the first subscriber.
    let _ = match settings.format {
        LogFormat::Pretty => registry
            .with(
                fmt::layer()
                    .with_target(true)
                    // Logs on stderr: stdout is the commands' output (`kakeibo ask`, `eval`).
                    .with_writer(std::io::stderr)
                    // No colour codes in log files (deploy/local/run.sh writes one).
                    .with_ansi(std::io::stderr().is_terminal()),
            )
            .try_init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .with_writer(std::io::stderr)
                    .json()
                    .flatten_event(true)
                    .with_current_span(true),
            )
            .try_init(),
    };
}

/// For tests: quiet unless `TEST_LOG` is set, and captured by the test harness.
pub fn init_for_test() {
    let filter = if std::env::var_os("TEST_LOG").is_some() {
        EnvFilter::new("debug,sqlx=info")
    } else {
        EnvFilter::new("warn")
    };
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_test_writer())
        .try_init();
}

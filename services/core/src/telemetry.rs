//! Tracing setup: pretty for people, JSON for log collectors.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

use crate::config::{LogFormat, LogSettings};

/// Where logs go: a running role's logs are its output (stdout, as service managers and
/// containers collect it); a one-shot command's output is its result, so its logs go aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTo {
    Stdout,
    Stderr,
}

/// Installs the global subscriber. `RUST_LOG` overrides the configured filter.
pub fn init(settings: &LogSettings, to: LogTo) {
    let writer = move || -> Box<dyn std::io::Write> {
        match to {
            LogTo::Stdout => Box::new(std::io::stdout()),
            LogTo::Stderr => Box::new(std::io::stderr()),
        }
    };
    let is_terminal = match to {
        LogTo::Stdout => std::io::stdout().is_terminal(),
        LogTo::Stderr => std::io::stderr().is_terminal(),
    };
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
                    .with_writer(writer)
                    // No colour codes in log files (deploy/local/run.sh writes one).
                    .with_ansi(is_terminal),
            )
            .try_init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .with_writer(writer)
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

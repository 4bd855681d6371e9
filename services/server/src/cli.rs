//! The command line. Each subcommand is a role; `all` runs every role in one process.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "kakeibo", version, about = "Self-hosted personal finance")]
pub struct Cli {
    /// A TOML config file. Without it, `kakeibo.toml` is read when present.
    #[arg(long, global = true, env = "KAKEIBO_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// API, dashboard, job workers and scheduler in one process (the default).
    All,
    /// The HTTP API only.
    Serve,
    /// Job workers and the scheduler only.
    Worker,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Import a statement file (OFX/QFX, CSV, CAMT.053, QIF) into an account.
    Import(ImportArgs),
    /// Create the demo user (if missing) and sync the demo bank into it: two years of history.
    Demo(DemoArgs),
}

#[derive(Debug, Clone, clap::Args, PartialEq, Eq)]
pub struct DemoArgs {
    #[arg(long, default_value = "demo@kakeibo.local")]
    pub email: String,
    #[arg(long, default_value = "kakeibo demo")]
    pub password: String,
    /// The demo bank's seed: the same seed, the same history.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

#[derive(Debug, Clone, clap::Args, PartialEq, Eq)]
pub struct ImportArgs {
    /// The statement file.
    pub file: PathBuf,
    /// The account's id (see GET /api/v1/accounts).
    #[arg(long)]
    pub account: uuid::Uuid,
    /// ofx, csv, camt053 or qif; recognised from the content when left out.
    #[arg(long)]
    pub format: Option<String>,
    /// A CSV preset id, e.g. generic, chase, sparkasse.
    #[arg(long)]
    pub preset: Option<String>,
    /// A CSV column mapping as a JSON file.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// QIF dates are day first (01/02 is the 1st of February).
    #[arg(long)]
    pub qif_day_first: bool,
}

impl Cli {
    pub fn command(&self) -> Command {
        self.command.clone().unwrap_or(Command::All)
    }
}

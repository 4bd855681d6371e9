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

#[derive(Debug, Clone, Copy, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// API, dashboard, job workers and scheduler in one process (the default).
    All,
    /// The HTTP API only.
    Serve,
    /// Job workers and the scheduler only.
    Worker,
    /// Apply pending database migrations, then exit.
    Migrate,
}

impl Cli {
    pub fn command(&self) -> Command {
        self.command.unwrap_or(Command::All)
    }
}

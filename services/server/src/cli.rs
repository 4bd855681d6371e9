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
    /// The Telegram bot only (needs telegram.bot_token): long polling, or in webhook mode
    /// setting the webhook that the API process answers.
    Bot,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Import a statement file (OFX/QFX, CSV, CAMT.052/.053/.054, QIF, MT940) into an account.
    Import(ImportArgs),
    /// Bank connections from the command line: connect, complete, list, sync.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Add a new key for provider credentials and re-encrypt every stored credential under it.
    RotateKey,
    /// Create the demo user (if missing) and sync the demo bank into it: two years of history.
    Demo(DemoArgs),
    /// Measure a component on its evaluation set.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Exchange rates, which budgets use to count spending in other currencies.
    #[command(subcommand)]
    Fx(FxCommand),
    /// Ask a question about a user's money: prints the answer, the table behind it, and the
    /// tool calls made ("how I got this").
    Ask(AskArgs),
    /// E-mails: `preview` writes a user's weekly summary as .eml and .html files.
    #[command(subcommand)]
    Email(EmailCommand),
    /// GDPR: export a user's data, erase a user, and prove that nothing of them is left.
    #[command(subcommand)]
    Privacy(PrivacyCommand),
}

#[derive(Debug, Clone, Subcommand, PartialEq, Eq)]
pub enum EmailCommand {
    /// Write the weekly summary of a user as it would be sent: an .eml (the whole message)
    /// and an .html (images inlined, to open in a browser).
    Preview(EmailPreviewArgs),
}

#[derive(Debug, Clone, clap::Args, PartialEq, Eq)]
pub struct EmailPreviewArgs {
    /// The user's e-mail address.
    #[arg(long)]
    pub user: String,
    /// The ISO week, e.g. 2026-W48; by default the last whole week in the user's time zone.
    #[arg(long)]
    pub week: Option<String>,
    /// The folder the files are written to (the current directory by default).
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Subcommand, PartialEq, Eq)]
pub enum PrivacyCommand {
    /// Write everything Kakeibo keeps about a user into a zip (a subject-access or
    /// portability request): data.ndjson, CSVs for spreadsheets, a README and a manifest
    /// with each file's SHA-256.
    Export {
        /// The user's e-mail address.
        #[arg(long)]
        user: String,
        /// The zip to write (replaced if it exists).
        file: PathBuf,
    },
    /// Recreate a user from an export (of this or another Kakeibo) under a new address,
    /// with new ids. The file is checked first: a changed file, an unknown format version
    /// or a record naming an id not in the file is refused, and nothing is written.
    Import {
        /// The export's zip.
        file: PathBuf,
        /// The new account's e-mail address (the user sets a password by "forgot password").
        #[arg(long)]
        email: String,
    },
    /// Erase a user and everything they own: bank access is revoked at the provider, the
    /// security log keeps their events under a pseudonym. Cannot be undone.
    Erase {
        /// The user's e-mail address.
        #[arg(long)]
        user: String,
        /// Erase at once, without the grace period (the only way from the command line).
        #[arg(long)]
        now: bool,
    },
    /// Search every column of every table, and the e-mail outbox, for a user's id, address
    /// and Telegram chat id; prints each place found. Exits with an error if any is found.
    VerifyErasure {
        user_id: uuid::Uuid,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        chat_id: Option<i64>,
    },
}

impl Command {
    /// Runs, prints its result and exits (as opposed to the long-running roles and
    /// `migrate`, whose logs are their output).
    pub fn is_one_shot(&self) -> bool {
        !matches!(
            self,
            Self::All | Self::Serve | Self::Worker | Self::Bot | Self::Migrate
        )
    }
}

#[derive(Debug, Clone, clap::Args, PartialEq, Eq)]
pub struct AskArgs {
    /// The question, e.g. "How much did I spend on groceries last month?".
    pub question: String,
    /// The user's e-mail address.
    #[arg(long)]
    pub user: String,
    /// Continue this conversation (its id, as printed after an answer).
    #[arg(long)]
    pub conversation: Option<uuid::Uuid>,
}

#[derive(Debug, Clone, Subcommand, PartialEq, Eq)]
pub enum FxCommand {
    /// Import rates from a CSV file: the ECB's reference rates (`Date,USD,JPY,…`, per 1 EUR)
    /// or `date,base,quote,rate`. A bad file changes nothing; importing again is harmless.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Subcommand, PartialEq, Eq)]
pub enum EvalCommand {
    /// Precision, coverage and calibration of the offline categorizer, cold and warm.
    Categorizer {
        /// Refit the calibration on this evaluation's decisions and write it to FILE
        /// (services/categorizer/data/calibration.tsv is the one the binary ships).
        #[arg(long, value_name = "FILE")]
        fit: Option<std::path::PathBuf>,
        /// Also list every cold-start row whose best guess was wrong (tab-separated).
        #[arg(long)]
        misses: bool,
    },
    /// Exact-answer accuracy of the ask engine on its evaluation set, per tool and language,
    /// invented figures on out-of-scope questions, and answer times: offline, or through the
    /// configured chat model with `--llm`.
    Ask(EvalAskArgs),
}

#[derive(Debug, Clone, clap::Args, PartialEq, Eq)]
pub struct EvalAskArgs {
    /// The set (format: services/ask/eval/README.md).
    #[arg(long, default_value = "services/ask/eval/questions.toml")]
    pub set: PathBuf,
    /// The user asked about.
    #[arg(long, default_value = "demo@kakeibo.local")]
    pub user: String,
    /// The day the questions are asked on (YYYY-MM-DD); the user's local date by default.
    #[arg(long)]
    pub today: Option<chrono::NaiveDate>,
    /// Also list each miss: question, expected, got, and the sentence (tab-separated); with
    /// `--llm`, also each answer the model's text did not give, and why.
    #[arg(long)]
    pub misses: bool,
    /// Ask through the configured chat model (`llm.base_url`, `llm.chat_model`), as the API
    /// does when one is configured, and count the answers that fell back to the offline
    /// wording or engine.
    #[arg(long)]
    pub llm: bool,
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

#[derive(Debug, Clone, Subcommand, PartialEq, Eq)]
pub enum BankCommand {
    /// Start connecting a bank for a user; prints what to do next.
    Connect {
        /// demo, plaid, gocardless or simplefin.
        provider: String,
        /// The user's e-mail address.
        #[arg(long)]
        user: String,
        /// The bank (GoCardless institution id, see `kakeibo bank institutions`).
        #[arg(long)]
        institution: Option<String>,
    },
    /// Finish a connection (with Plaid's public token or a SimpleFIN setup token), then sync it.
    Complete {
        connection: uuid::Uuid,
        #[arg(long)]
        token: Option<String>,
    },
    /// Banks a provider offers in a country.
    Institutions {
        provider: String,
        #[arg(long)]
        country: Option<String>,
    },
    /// A user's connections and their status.
    List {
        #[arg(long)]
        user: String,
    },
    /// Sync one connection now, or with --due every connection whose time has come.
    Sync {
        connection: Option<uuid::Uuid>,
        #[arg(long, conflicts_with = "connection")]
        due: bool,
    },
}

#[derive(Debug, Clone, clap::Args, PartialEq, Eq)]
pub struct ImportArgs {
    /// The statement file.
    pub file: PathBuf,
    /// The account's id (see GET /api/v1/accounts).
    #[arg(long)]
    pub account: uuid::Uuid,
    /// ofx, csv, camt053, camt052, camt054, qif or mt940; recognised from the content when left out.
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

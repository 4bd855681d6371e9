//! kakeibo-tests — the test harness every crate's tests use (a migrated database per test,
//! the app on port 0, job draining), and end-to-end tests across services in `tests/`.
//! `fake_banks`: local servers that answer as Plaid, GoCardless and SimpleFIN do;
//! `fake_openai`: one that answers as OpenAI's API does; `ask_stand_in`: a scripted "model"
//! behind it for the ask engine's evaluation; `fake_telegram`: one that answers as Telegram's
//! Bot API does, with the chats the tests play.

mod app;
pub mod ask_stand_in;
pub mod auth;
pub mod bench_budgets;
pub mod bench_history;
pub mod bench_seed;
pub mod chunks;
pub mod clock;
mod db;
pub mod fake_banks;
pub mod fake_openai;
pub mod fake_telegram;
pub mod http;
mod jobs;
pub mod mime;
pub mod otlp;
pub mod smtp;
pub mod statement_files;

pub use app::TestApp;
pub use auth::{Mail, PASSWORD, TestUser};
pub use db::{TestDb, cluster_url, workspace_root};
pub use jobs::{drain_jobs, drain_jobs_with, drain_jobs_within};

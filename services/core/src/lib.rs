//! kakeibo-core — what every Kakeibo service shares: layered configuration, the database pool
//! and migrations, telemetry, startup errors, and the application state handed to routers.

pub mod api_error;
pub mod audit;
pub mod auth;
pub mod chat;
pub mod config;
pub mod db;
pub mod error;
pub mod export;
pub mod extract;
pub mod jobs;
pub mod mail;
pub mod page;
pub mod query;
pub mod replica;
pub mod secret_files;
pub mod state;
pub mod telemetry;

pub use api_error::{ApiError, FieldError};
pub use auth::AuthUser;
pub use config::Settings;
pub use error::StartupError;
pub use extract::{ApiPath, ClientInfo, Validate, ValidatedJson};
pub use query::ApiQuery;
pub use state::AppState;

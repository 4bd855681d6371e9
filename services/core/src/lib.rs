//! kakeibo-core — what every Kakeibo service shares: layered configuration, the database pool
//! and migrations, telemetry, startup errors, and the application state handed to routers.

pub mod config;
pub mod db;
pub mod error;
pub mod state;
pub mod telemetry;

pub use config::Settings;
pub use error::StartupError;
pub use state::AppState;

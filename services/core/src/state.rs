//! The state every router receives. Services add what they need through `FromRef` later.

use std::ops::Deref;
use std::sync::Arc;

use sqlx::PgPool;

use crate::config::Settings;

#[derive(Clone)]
pub struct AppState(Arc<App>);

pub struct App {
    pub settings: Settings,
    pub db: PgPool,
    /// Read once at start (see `db::timescale_license`).
    pub timescale_license: String,
}

impl AppState {
    pub fn new(app: App) -> Self {
        Self(Arc::new(app))
    }
}

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

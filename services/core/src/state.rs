//! The state every router receives. Services add what they need through `FromRef` later.

use std::ops::Deref;
use std::sync::Arc;

use sqlx::PgPool;

use crate::auth::TokenKeys;
use crate::config::Settings;
use crate::mail::MailSender;

#[derive(Clone)]
pub struct AppState(Arc<App>);

pub struct App {
    pub settings: Settings,
    pub db: PgPool,
    /// A streaming replica of `db` for reports, exports and the ask engine
    /// (`database.replica_url`); read it through [`App::reads_for`].
    pub replica: Option<PgPool>,
    /// Read once at start (see `db::timescale_license`).
    pub timescale_license: String,
    /// Signs and checks access tokens (`auth.signing_key_file`).
    pub token_keys: TokenKeys,
    pub mailer: Arc<dyn MailSender>,
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

//! The HTTP application, built from a bound listener so tests can use port 0 and never wait.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use kakeibo_core::auth::TokenKeys;
use kakeibo_core::state::App;
use kakeibo_core::{AppState, Settings, StartupError, db};
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::routes;

/// The key of the hashed user ids in logs and traces, derived from the signing key that every
/// process of an install shares (so the API's and the workers' hashes agree).
pub const USER_HASH_PURPOSE: &str = "log user hash";

pub struct Application {
    listener: TcpListener,
    router: Router,
    grace: Duration,
}

impl Application {
    /// Binds the configured address.
    pub async fn bind(settings: Settings, pool: PgPool) -> Result<Self, StartupError> {
        let addr = SocketAddr::new(settings.server.host, settings.server.port);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| StartupError::from_bind(addr, e))?;
        Self::with_listener(settings, pool, listener).await
    }

    pub async fn with_listener(
        settings: Settings,
        pool: PgPool,
        listener: TcpListener,
    ) -> Result<Self, StartupError> {
        let timescale_license = db::timescale_license(&pool)
            .await
            .map_err(|e| StartupError::database(&settings.database_display(), e))?;
        let grace = Duration::from_secs(settings.server.shutdown_grace_secs);
        let token_keys =
            TokenKeys::load_or_create(&settings.auth.signing_key_file, &settings.auth.issuer)
                .map_err(|e| {
                    StartupError::Config(format!(
                        "{e} (fix: point auth.signing_key_file at a writable path, or remove a damaged key file)"
                    ))
                })?;
        kakeibo_core::telemetry::set_user_hash_key(token_keys.derived_key(USER_HASH_PURPOSE));
        let mailer = crate::jobs::mailer(&settings)?;
        let bank_sync = crate::jobs::bank_sync_context(&settings, pool.clone())?;
        // Answers the webhook in webhook mode; a bot in polling mode needs nothing here.
        let bot = kakeibo_bot::BotContext::from_settings(&settings, pool.clone())?;
        // The first login of an unknown e-mail must not pay for building the dummy hash.
        tokio::task::spawn_blocking(kakeibo_auth::password::warm_up)
            .await
            .map_err(|e| StartupError::Other(e.to_string()))?;
        let replica = db::connect_replica(&settings)?;
        let state = AppState::new(App {
            settings,
            db: pool,
            replica,
            timescale_license,
            token_keys,
            mailer,
        });
        Ok(Self {
            listener,
            router: routes::router(state, bank_sync, bot),
            grace,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` is cancelled, then gives in-flight requests `grace` to finish.
    pub async fn run_until(self, shutdown: CancellationToken) -> Result<(), StartupError> {
        let addr = self.local_addr();
        tracing::info!(%addr, "listening on http://{addr}");
        // Peer addresses feed the audit log and the rate limits.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let graceful = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown.clone().cancelled_owned());
        let serve = tokio::spawn(async move { graceful.await });
        tokio::pin!(serve);
        tokio::select! {
            result = &mut serve => return finish(result),
            () = shutdown.cancelled() => {}
        }
        match tokio::time::timeout(self.grace, &mut serve).await {
            Ok(result) => finish(result),
            Err(_) => {
                tracing::warn!(grace = ?self.grace, "requests still running after the grace period; closing them");
                serve.abort();
                Ok(())
            }
        }
    }
}

fn finish(result: Result<std::io::Result<()>, tokio::task::JoinError>) -> Result<(), StartupError> {
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(StartupError::Other(format!("the HTTP server failed: {e}"))),
        Err(e) => Err(StartupError::Other(format!(
            "the HTTP server task failed: {e}"
        ))),
    }
}

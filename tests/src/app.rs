//! The real application on an ephemeral port, with its own database.

use std::net::SocketAddr;

use anyhow::Result;
use kakeibo_core::Settings;
use kakeibo_server::Application;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::TestDb;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub db: TestDb,
    /// What the app runs with (its job workers in `drain_jobs` get the same).
    pub settings: Settings,
    pub shutdown: CancellationToken,
    server: Option<JoinHandle<Result<(), kakeibo_core::StartupError>>>,
}

impl TestApp {
    pub async fn spawn() -> Result<Self> {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app after `configure` has adjusted its settings.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> Result<Self> {
        Self::spawn_on(TestDb::new().await?, configure).await
    }

    /// Starts the app on `db` (a new one, or a benchmark's kept one) after `configure` has
    /// adjusted its settings.
    pub async fn spawn_on(db: TestDb, configure: impl FnOnce(&mut Settings)) -> Result<Self> {
        let mut settings = db.settings();
        configure(&mut settings);
        // Bound before the server task starts, so requests never race the listener.
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let app = Application::with_listener(settings.clone(), db.pool.clone(), listener).await?;
        let addr = app.local_addr();
        let shutdown = CancellationToken::new();
        let server = tokio::spawn(app.run_until(shutdown.clone()));
        Ok(Self {
            addr,
            client: reqwest::Client::new(),
            db,
            settings,
            shutdown,
            server: Some(server),
        })
    }

    /// Today in `time_zone` as the server sees it, not within a minute or so of midnight
    /// there (see `clock::today_in`).
    pub async fn today(&self, time_zone: &str) -> Result<chrono::NaiveDate> {
        crate::clock::today_in(&self.db.pool, time_zone).await
    }

    /// The bank-sync engine as the app's workers build it.
    pub fn bank_sync(&self) -> Result<kakeibo_bank_sync::sync::SyncContext> {
        Ok(kakeibo_bank_sync::sync::SyncContext::from_settings(
            &self.settings,
            self.db.pool.clone(),
        )?)
    }

    /// Runs the job workers, with the app's settings, until every queue is empty.
    pub async fn drain_jobs(&self) -> Result<()> {
        let settings = self.settings.clone();
        crate::drain_jobs_with(&self.db, move |s| *s = settings).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> Result<reqwest::Response> {
        Ok(self.client.get(self.url(path)).send().await?)
    }

    /// A request to `/api/v1{path}`.
    pub fn api(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(&format!("/api/v1{path}")))
    }

    /// POSTs JSON to `/api/v1{path}` without credentials.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<reqwest::Response> {
        Ok(self
            .api(reqwest::Method::POST, path)
            .json(body)
            .send()
            .await?)
    }

    /// Stops the server gracefully and returns how it ended.
    pub async fn stop(mut self) -> Result<()> {
        self.shutdown.cancel();
        match self.server.take() {
            Some(handle) => Ok(handle.await??),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

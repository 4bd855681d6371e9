//! `kakeibo bank …` and `kakeibo rotate-key` as an operator runs them: the demo bank, and
//! SimpleFIN and Plaid against their local fakes, which the binary reaches over HTTP with
//! the providers set up through `KAKEIBO_*` variables, as in production.

use std::path::PathBuf;
use std::process::Output;

use kakeibo_tests::TestDb;
use kakeibo_tests::fake_banks::plaid::FakePlaid;
use kakeibo_tests::fake_banks::simplefin::{CARD_ID, CHECKING_ID, FakeSimpleFin};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::succeeded;
use crate::support::kakeibo;

mod errors;
mod gocardless;

const EMAIL: &str = "ops@example.com";
const SIMPLEFIN_ON_LOOPBACK: (&str, &str) =
    ("KAKEIBO_BANK__SIMPLEFIN__ALLOWED_HOSTS", r#"["127.0.0.1"]"#);

/// A database with one user, a credentials keys file of its own, and what every run gets.
struct Bank {
    db: TestDb,
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl Bank {
    async fn new(extra: &[(&str, &str)]) -> Self {
        let db = TestDb::new().await.unwrap();
        sqlx::query("INSERT INTO users (email, password_hash) VALUES ($1, 'x')")
            .bind(EMAIL)
            .execute(&db.pool)
            .await
            .unwrap();
        let dir =
            std::env::temp_dir().join(format!("kakeibo-cli-bank-{}", Uuid::new_v4().simple()));
        let keys = dir.join("credentials.keys").display().to_string();
        let mut env = vec![
            ("KAKEIBO_DATABASE__URL".to_string(), db.url().to_string()),
            ("KAKEIBO_BANK__CREDENTIAL_KEYS_FILE".to_string(), keys),
            ("KAKEIBO_LOG__FILTER".to_string(), "warn".to_string()),
        ];
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Self { db, dir, env }
    }

    /// Runs `kakeibo ARGS` off the runtime, so this test's fake servers keep answering.
    async fn run(&self, args: &[&str]) -> Output {
        let mut cmd = kakeibo();
        cmd.args(args).envs(self.env.iter().cloned());
        tokio::task::spawn_blocking(move || cmd.output().expect("the kakeibo binary runs"))
            .await
            .unwrap()
    }

    /// Runs `kakeibo ARGS`, which must succeed; its stdout.
    async fn ok(&self, args: &[&str]) -> String {
        succeeded(&self.run(args).await, &format!("kakeibo {args:?}"))
    }

    /// `bank connect PROVIDER` for the user: the new connection's id, and the stdout.
    async fn connect(&self, provider: &str) -> (Uuid, String) {
        let out = self
            .ok(&["bank", "connect", provider, "--user", EMAIL])
            .await;
        (started(&out, provider), out)
    }

    /// `bank complete ID --token TOKEN`, which must succeed; its stdout.
    async fn complete(&self, id: Uuid, token: &str) -> String {
        self.ok(&["bank", "complete", &id.to_string(), "--token", token])
            .await
    }

    /// `bank list` for the user.
    async fn list(&self) -> String {
        self.ok(&["bank", "list", "--user", EMAIL]).await
    }

    async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn key_id(&self, connection: Uuid) -> String {
        sqlx::query_scalar("SELECT credentials_key_id FROM bank_connections WHERE id = $1")
            .bind(connection)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

impl Drop for Bank {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The id in the `connection ID (PROVIDER) started` line.
fn started(stdout: &str, provider: &str) -> Uuid {
    let suffix = format!("({provider}) started");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("connection ") && l.ends_with(&suffix))
        .unwrap_or_else(|| panic!("no started line in:\n{stdout}"));
    line.split(' ').nth(1).unwrap().parse().unwrap()
}

/// Asserts that `out` says connection `id` is connected to `institution`.
fn assert_connected(out: &str, id: Uuid, institution: &str) {
    let line = format!("connection {id} connected to {institution}");
    assert!(out.contains(&line), "{out}");
}

/// Asserts that `out` reports a sync of connection `id` that saw `accounts` accounts and
/// added `added` transactions.
fn assert_synced(out: &str, id: Uuid, accounts: usize, added: usize) {
    let report = format!("connection {id}: {accounts} accounts, {added} transactions added");
    assert!(out.contains(&report), "{out}");
}

fn served(fake: &FakeSimpleFin) -> usize {
    fake.transactions(CHECKING_ID).len() + fake.transactions(CARD_ID).len()
}

/// `bank connect simplefin`, then `bank complete` with a setup token from the fake.
async fn connect_simplefin(bank: &Bank, fake: &FakeSimpleFin) -> Uuid {
    let (id, out) = bank.connect("simplefin").await;
    assert!(
        out.contains(&format!("kakeibo bank complete {id} --token SETUP_TOKEN")),
        "{out}"
    );
    let out = bank.complete(id, &fake.setup_token()).await;
    assert_connected(&out, id, "SimpleFIN Bridge");
    assert_synced(&out, id, 2, served(fake));
    id
}

#[tokio::test]
async fn bank_connect_demo_syncs_and_list_shows_it_active() {
    let bank = Bank::new(&[]).await;
    let out = bank
        .ok(&["bank", "connect", "demo", "--user", "Ops@Example.com"])
        .await;
    let id = started(&out, "demo");
    assert_connected(&out, id, "Demo Bank");
    let rows = bank.count("transactions").await;
    assert!(rows > 1000, "two years of demo history, got {rows}");
    assert_synced(&out, id, 4, rows as usize);
    let accounts: i64 =
        sqlx::query_scalar("SELECT count(*) FROM accounts WHERE connection_id = $1")
            .bind(id)
            .fetch_one(&bank.db.pool)
            .await
            .unwrap();
    assert_eq!(accounts, 4);

    let list = bank.list().await;
    let line = list
        .lines()
        .find(|l| l.starts_with(&id.to_string()))
        .unwrap_or_else(|| panic!("{id} not listed:\n{list}"));
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields[1..4], ["demo", "Demo Bank", "active"], "{line}");
    assert!(fields[4].starts_with("last sync 20"), "{line}");
    assert_eq!(fields[5], "", "no error: {line}");
}

#[tokio::test]
async fn bank_complete_claims_a_simplefin_setup_token_and_stores_transactions() {
    let fake = FakeSimpleFin::start().await;
    let bank = Bank::new(&[SIMPLEFIN_ON_LOOPBACK]).await;
    let id = connect_simplefin(&bank, &fake).await;
    assert_eq!(bank.count("transactions").await, served(&fake) as i64);
    let list = bank.list().await;
    assert!(
        list.contains(&format!("{id}\tsimplefin\tSimpleFIN Bridge\tactive\t")),
        "{list}"
    );
}

#[tokio::test]
async fn bank_connect_plaid_prints_the_link_token_and_completes_with_the_public_token() {
    let fake = FakePlaid::start().await;
    let plaid = fake.settings();
    let bank = Bank::new(&[
        ("KAKEIBO_BANK__PLAID__BASE_URL", &plaid.base_url),
        ("KAKEIBO_BANK__PLAID__CLIENT_ID", &plaid.client_id),
        ("KAKEIBO_BANK__PLAID__SECRET", plaid.secret.expose_secret()),
        ("KAKEIBO_BANK__PLAID__COUNTRY_CODES", r#"["US"]"#),
    ])
    .await;
    let (id, out) = bank.connect("plaid").await;
    let prefix = "open Plaid Link with link token ";
    let line = out
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no link token line in:\n{out}"));
    let link_token = line[prefix.len()..].split(',').next().unwrap();
    assert!(link_token.starts_with("link-sandbox-"), "{line}");
    assert!(
        line.ends_with(&format!("kakeibo bank complete {id} --token PUBLIC_TOKEN")),
        "{line}"
    );
    assert_eq!(fake.calls("/link/token/create"), 1);

    let out = bank.complete(id, &fake.public_token().await).await;
    assert_connected(&out, id, "First Platypus Bank");
    assert_synced(&out, id, 2, 12);
    assert_eq!(bank.count("transactions").await, 12);
}

#[tokio::test]
async fn rotate_key_reseals_credentials_and_the_connection_still_syncs() {
    let fake = FakeSimpleFin::start().await;
    let bank = Bank::new(&[SIMPLEFIN_ON_LOOPBACK]).await;
    let id = connect_simplefin(&bank, &fake).await;
    let before = bank.key_id(id).await;

    let out = bank.ok(&["rotate-key"]).await;
    let new_key = out
        .lines()
        .find_map(|l| l.strip_prefix("new key "))
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("no new key in:\n{out}"));
    assert!(out.contains("1 stored credentials re-encrypted"), "{out}");
    let after = bank.key_id(id).await;
    assert_ne!(after, before);
    assert_eq!(after, new_key);
    let keys = std::fs::read_to_string(bank.dir.join("credentials.keys")).unwrap();
    assert_eq!(keys.lines().count(), 2, "the old key stays until removed");

    fake.add_transaction(
        CHECKING_ID,
        fake.today(),
        Decimal::new(-1875, 2),
        "PIKE PLACE CHOWDER",
    );
    let out = bank.ok(&["bank", "sync", &id.to_string()]).await;
    assert_synced(&out, id, 2, 1);
    assert_eq!(bank.count("transactions").await, served(&fake) as i64);
}

//! `database.replica_url` against a real streaming replica (`deploy/local/replica.sh`, made
//! with pg_basebackup -R from a throwaway primary): reports read there once it has the user's
//! last write, and with replay paused (a replica as far behind as one gets) a user still sees
//! what they just wrote, from the primary.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{free_port, kakeibo};

const PASSWORD: &str = "replica test pw";

fn local(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy/local")
        .join(name)
}

fn bash(script: &str, args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg("bash")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The primary and its replica, stopped and removed on drop; `kakeibo serve` on them.
struct Pair {
    dir: PathBuf,
    server: Option<Child>,
}

impl Drop for Pair {
    fn drop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
        for cluster in ["replica", "primary"] {
            let data = self.dir.join(cluster).join("postgres");
            let _ = Command::new("bash")
                .arg("-c")
                .arg(r#"pg_ctl=$(pg_config --bindir)/pg_ctl; runuser -u postgres -- "$pg_ctl" -D "$1" -m immediate -w stop"#)
                .arg("bash")
                .arg(&data)
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn replayed_past(replica: &PgPool, lsn: &str) -> bool {
    sqlx::query_scalar::<_, Option<bool>>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn")
        .bind(lsn)
        .fetch_one(replica)
        .await
        .unwrap()
        == Some(true)
}

async fn wait_caught_up(primary: &PgPool, replica: &PgPool) {
    let lsn: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
        .fetch_one(primary)
        .await
        .unwrap();
    let started = Instant::now();
    while !replayed_past(replica, &lsn).await {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "replica stuck before {lsn}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Which pool `route` picked, by name.
async fn routed(primary: &PgPool, replica: &PgPool, user: Uuid) -> &'static str {
    let pool = kakeibo_core::replica::route(primary, Some(replica), user).await;
    if std::ptr::eq(pool, replica) {
        "replica"
    } else {
        "primary"
    }
}

#[tokio::test]
async fn reads_go_to_the_replica_and_never_show_less_than_the_user_wrote() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut pair = Pair {
        dir: std::env::temp_dir().join(format!("kakeibo-replica-{}", Uuid::new_v4().simple())),
        server: None,
    };
    let (primary_port, replica_port) = (free_port().to_string(), free_port().to_string());
    let primary_dir = pair.dir.join("primary");
    let primary_url = bash(
        &format!(
            r#"set -e; source {lib}; source {clusters}; new_cluster "$1" "$2" >&2; cluster_url "$1" "$2""#,
            lib = local("lib.sh").display(),
            clusters = local("clusters.sh").display()
        ),
        &[primary_dir.to_str().unwrap(), &primary_port],
    );
    let migrated = kakeibo()
        .arg("migrate")
        .env("KAKEIBO_DATABASE__URL", &primary_url)
        .env("KAKEIBO_LOG__FILTER", "warn")
        .output()
        .unwrap();
    assert!(migrated.status.success(), "{migrated:?}");
    let replica_sh = local("replica.sh").display().to_string();
    let replica_args = [
        "--dir",
        pair.dir.join("replica").to_str().unwrap(),
        "--port",
        &replica_port,
        "--primary-dir",
        primary_dir.to_str().unwrap(),
    ]
    .map(String::from);
    bash(
        &format!(r#"bash {replica_sh} "$@" start >&2"#),
        &replica_args.each_ref().map(String::as_str),
    );
    let replica_url = bash(
        &format!(r#"bash {replica_sh} "$@" url"#),
        &replica_args.each_ref().map(String::as_str),
    );

    let primary = PgPool::connect(&primary_url).await.unwrap();
    let replica = PgPool::connect(&replica_url).await.unwrap();
    let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
        .fetch_one(&replica)
        .await
        .unwrap();
    assert!(in_recovery, "a standby");
    let ann = kakeibo_auth::ensure_verified_user(&primary, "ann@example.com", PASSWORD)
        .await
        .unwrap();
    let ben = kakeibo_auth::ensure_verified_user(&primary, "ben@example.com", PASSWORD)
        .await
        .unwrap();

    let mut server = kakeibo()
        .arg("serve")
        .env("KAKEIBO_DATABASE__URL", &primary_url)
        .env("KAKEIBO_DATABASE__REPLICA_URL", &replica_url)
        .env("KAKEIBO_SERVER__PORT", "0")
        .env("KAKEIBO_LOG__FORMAT", "json")
        .env("KAKEIBO_LOG__FILTER", "info")
        .env(
            "KAKEIBO_AUTH__SIGNING_KEY_FILE",
            pair.dir.join("signing.pem"),
        )
        .env(
            "KAKEIBO_BANK__CREDENTIAL_KEYS_FILE",
            pair.dir.join("credentials.keys"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    pair.server = Some(server);
    let addr = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "serve exited before listening"
        );
        if let Ok(event) = serde_json::from_str::<Value>(&line)
            && let Some(addr) = event.get("addr").and_then(|a| a.as_str())
        {
            break addr.to_string();
        }
    };
    std::thread::spawn(move || for _ in stdout.lines() {});
    let http = reqwest::Client::new();
    let api = |path: &str| format!("http://{addr}/api/v1{path}");
    let login = json_of(
        http.post(api("/auth/login"))
            .json(&json!({ "email": "ann@example.com", "password": PASSWORD })),
    )
    .await;
    let token = login["access_token"].as_str().expect("a token").to_string();
    let account = json_of(
        http.post(api("/accounts"))
            .bearer_auth(&token)
            .json(&json!({ "name": "Checking", "kind": "checking", "currency": "EUR" })),
    )
    .await;
    let account_id = account["id"].as_str().expect("an account id").to_string();

    // Caught up: Ann's reads (and Ben's, who never wrote) go to the replica.
    wait_caught_up(&primary, &replica).await;
    assert_eq!(routed(&primary, &replica, ann).await, "replica");
    assert_eq!(routed(&primary, &replica, ben).await, "replica");
    let march_spending = async || -> Value {
        let summary = json_of(
            http.get(api("/analytics/summary?month=2026-03"))
                .bearer_auth(&token),
        )
        .await;
        summary["cash_flow"]
            .as_array()
            .and_then(|periods| periods.last())
            .map(|march| march["currencies"].clone())
            .unwrap_or_else(|| panic!("no cash flow in {summary}"))
    };
    assert_eq!(march_spending().await, json!([]), "nothing spent yet");

    // The replica stops replaying: as far behind as a replica gets.
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&replica)
        .await
        .unwrap();
    let created = http
        .post(api("/transactions"))
        .bearer_auth(&token)
        .json(
            &json!({ "account_id": account_id, "booked_on": "2026-03-10",
                       "amount": "-123.45", "description": "Written while the replica lags" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{:?}", created.text().await);
    let on_replica: i64 =
        sqlx::query_scalar("SELECT count(*) FROM transactions WHERE user_id = $1")
            .bind(ann)
            .fetch_one(&replica)
            .await
            .unwrap();
    assert_eq!(on_replica, 0, "the replica has not replayed the write");

    // Ann sees her write at once: her reads go to the primary until the replica has it.
    let seen = march_spending().await;
    assert_eq!(seen[0]["currency"], "EUR", "{seen}");
    assert!(seen.to_string().contains("123.45"), "{seen}");
    assert_eq!(routed(&primary, &replica, ann).await, "primary");
    assert_eq!(
        routed(&primary, &replica, ben).await,
        "replica",
        "Ben wrote nothing"
    );

    // Replay resumes: Ann's reads return to the replica, with the same answer.
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&replica)
        .await
        .unwrap();
    wait_caught_up(&primary, &replica).await;
    assert_eq!(routed(&primary, &replica, ann).await, "replica");
    assert_eq!(march_spending().await, seen);
}

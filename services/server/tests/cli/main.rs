//! The `kakeibo` binary as a person runs it: bad configuration ends in one line naming the
//! problem and the fix (never a panic), `migrate` logs the TimescaleDB license, and `serve`
//! stops cleanly on SIGTERM.

mod ask;
mod backup;
mod bank;
mod eval_ask;
mod fx;
mod import;
mod migrate;
mod privacy;
mod replica;
mod support;
mod workers;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use kakeibo_tests::TestDb;
use support::{TempCluster, kakeibo, run_to_end};

/// Asserts the run failed with exit code 1 and one stderr line mentioning every `needle`.
/// Asserts that `what` exited with success; answers its standard output.
pub(crate) fn succeeded(output: &std::process::Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what}: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

pub(crate) fn assert_one_line_error(output: &std::process::Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line, got: {stderr}");
    assert!(lines[0].starts_with("kakeibo: error: "), "{stderr}");
    for needle in needles {
        assert!(lines[0].contains(needle), "{needle:?} missing in: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unreachable_database_names_the_address_and_the_fix() {
    // A port nothing listens on: bind one, note it, free it.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = run_to_end(kakeibo().arg("migrate").env(
        "KAKEIBO_DATABASE__URL",
        format!("postgres://kakeibo:s3cret-pw@127.0.0.1:{port}/kakeibo"),
    ));
    assert_one_line_error(
        &output,
        &[
            "cannot reach the database",
            &format!("127.0.0.1:{port}/kakeibo"),
            "deploy/local/pg.sh start",
        ],
    );
    // The password is never printed.
    assert!(!String::from_utf8_lossy(&output.stderr).contains("s3cret-pw"));
}

#[test]
fn wrong_password_says_so() {
    let url = kakeibo_tests::cluster_url().unwrap();
    let mut url = url::Url::parse(&url).unwrap();
    url.set_password(Some("definitely-wrong")).unwrap();
    let output = run_to_end(
        kakeibo()
            .arg("migrate")
            .env("KAKEIBO_DATABASE__URL", url.as_str()),
    );
    assert_one_line_error(
        &output,
        &["refused the credentials", "KAKEIBO_DATABASE__URL"],
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("definitely-wrong"));
}

#[test]
fn malformed_config_value_names_the_key_and_where_it_came_from() {
    let output = run_to_end(
        kakeibo()
            .arg("migrate")
            .env("KAKEIBO_SERVER__PORT", "eighty"),
    );
    assert_one_line_error(
        &output,
        &["invalid configuration", "port", "KAKEIBO_SERVER__PORT"],
    );

    let output = run_to_end(kakeibo().arg("migrate").env("KAKEIBO_LOG__FORMAT", "xml"));
    assert_one_line_error(
        &output,
        &["invalid configuration", "xml", "KAKEIBO_LOG__FORMAT"],
    );

    let output = run_to_end(
        kakeibo()
            .arg("migrate")
            .env("KAKEIBO_DATABASE__URL", "mysql://x@y/z"),
    );
    assert_one_line_error(&output, &["database.url must start with postgres://"]);
}

#[test]
fn malformed_config_file_names_the_file_and_key() {
    let dir = std::env::temp_dir().join(format!("kakeibo-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(&file, "[worker]\nconcurrency = \"many\"\n").unwrap();
    let output = run_to_end(kakeibo().arg("--config").arg(&file).arg("migrate"));
    assert_one_line_error(
        &output,
        &["invalid configuration", "concurrency", "bad.toml"],
    );

    let output = run_to_end(
        kakeibo()
            .arg("--config")
            .arg(dir.join("missing.toml"))
            .arg("migrate"),
    );
    assert_one_line_error(&output, &["does not exist", "missing.toml"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn port_already_in_use_names_the_port_and_the_fix() {
    let db = TestDb::new().await.unwrap();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = run_to_end(
        kakeibo()
            .arg("serve")
            .env("KAKEIBO_DATABASE__URL", db.url())
            .env("KAKEIBO_SERVER__PORT", port.to_string()),
    );
    assert_one_line_error(
        &output,
        &[
            &format!("port {port}"),
            "already in use",
            "KAKEIBO_SERVER__PORT",
        ],
    );
}

#[tokio::test]
async fn missing_extension_names_it_and_the_fix() {
    // A throwaway cluster started without TimescaleDB preloaded: the extension cannot load.
    let cluster = TempCluster::start_without_timescaledb();
    let output = run_to_end(
        kakeibo()
            .arg("migrate")
            .env("KAKEIBO_DATABASE__URL", cluster.url()),
    );
    assert_one_line_error(
        &output,
        &[
            "lacks the PostgreSQL extension timescaledb",
            "shared_preload_libraries",
        ],
    );
}

#[tokio::test]
async fn migrate_applies_everything_and_logs_the_timescaledb_license() {
    let db = TestDb::new().await.unwrap();
    let output = run_to_end(
        kakeibo()
            .arg("migrate")
            .env("KAKEIBO_DATABASE__URL", db.url())
            .env("KAKEIBO_LOG__FORMAT", "json"),
    );
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let license_line = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l.get("timescaledb.license").is_some())
        .unwrap_or_else(|| panic!("no license line in:\n{stdout}"));
    assert_eq!(license_line["timescaledb.license"], "apache");
}

#[tokio::test]
async fn serve_answers_and_stops_cleanly_on_sigterm() {
    let db = TestDb::new().await.unwrap();
    // Secrets that are set but unused here (no model URL, no Plaid client id, no bot token):
    // the run's log must not repeat them (issue 25 §5), nor the database password.
    let secrets = [
        ("KAKEIBO_LLM__API_KEY", "sk-cli-log-test-0x61"),
        ("KAKEIBO_BANK__PLAID__SECRET", "plaid-cli-log-test-0x62"),
        (
            "KAKEIBO_BANK__GOCARDLESS__SECRET_KEY",
            "gocardless-cli-log-test-0x63",
        ),
        (
            "KAKEIBO_TELEGRAM__WEBHOOK_SECRET",
            "webhook-cli-log-test-0x64",
        ),
    ];
    let mut child = kakeibo()
        .arg("all")
        .env("KAKEIBO_DATABASE__URL", db.url())
        .env("KAKEIBO_SERVER__PORT", "0")
        .env("KAKEIBO_LOG__FORMAT", "json")
        .envs(secrets)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The log line that says where it listens is the signal that it is up: no sleeping.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut log = Vec::new();
    let addr = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "exited before listening"
        );
        log.push(line.clone());
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line)
            && let Some(addr) = event.get("addr").and_then(|a| a.as_str())
        {
            break addr.to_string();
        }
    };
    let health = reqwest::get(format!("http://{addr}/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = reqwest::get(format!("http://{addr}/ready")).await.unwrap();
    assert_eq!(ready.status(), 200);

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let rest: Vec<String> = stdout.lines().map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|l| l.contains("shutdown signal received")),
        "{rest:#?}"
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let db_url = url::Url::parse(db.url()).unwrap();
    let db_password = db_url.password().unwrap_or_default().to_string();
    let everything = format!("{}{}\n{stderr}", log.concat(), rest.join("\n"));
    for (name, secret) in secrets
        .iter()
        .copied()
        .chain([("the database password", db_password.as_str())])
    {
        if secret.len() >= 6 {
            assert!(!everything.contains(secret), "{name}'s value is in the log");
        }
    }
}

#[tokio::test]
async fn the_worker_role_alone_stays_up_until_sigterm() {
    let db = TestDb::new().await.unwrap();
    let mut child = kakeibo()
        .arg("worker")
        .env("KAKEIBO_DATABASE__URL", db.url())
        .env("KAKEIBO_LOG__FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("job workers starting") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "exited before its workers started"
        );
    }
    // Without the API beside it, the role used to stop at once; it must wait for work.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the worker stopped by itself"
    );

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let rest: Vec<String> = stdout.lines().map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|l| l.contains("shutdown signal received")),
        "{rest:#?}"
    );
}

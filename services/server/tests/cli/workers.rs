//! Several `kakeibo worker` processes share the queues: every job runs once, and the jobs of a
//! worker killed mid-job (SIGKILL, no goodbye) are taken over by the others once its
//! heartbeats stop (`worker.heartbeat_secs` × 4 missed beats).
//!
//! The e-mail queue shows it from outside: worker A sends through an SMTP server that accepts
//! and never answers, so A's jobs hang mid-delivery until A is killed; workers B and C write
//! to outbox folders of their own, so each message says who delivered it and how often.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kakeibo_core::mail::{self, OutgoingMail};
use kakeibo_tests::TestDb;

use crate::support::kakeibo;

const STUCK: usize = 3;
const SHARED: usize = 40;
const LIMIT: Duration = Duration::from_secs(60);

/// An SMTP server that accepts connections and never says a word; counts them.
fn tarpit() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (port, accepted)
}

/// A `kakeibo worker` process; killed (SIGKILL) on drop if still running.
struct Worker(Child);

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn worker(db: &TestDb, dir: &Path, name: &str, smtp_url: &str) -> Worker {
    let models = db.settings().models_dir;
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
    let child = kakeibo()
        .arg("worker")
        .env("KAKEIBO_DATABASE__URL", db.url())
        .env("KAKEIBO_MODELS_DIR", models)
        .env(
            "KAKEIBO_BANK__CREDENTIAL_KEYS_FILE",
            dir.join("credentials.keys"),
        )
        .env("KAKEIBO_EMAIL__OUTBOX_DIR", dir.join(name))
        .env("KAKEIBO_EMAIL__SMTP_URL", smtp_url)
        .env("KAKEIBO_EMAIL__SMTP_TIMEOUT_SECS", "300")
        .env("KAKEIBO_WORKER__HEARTBEAT_SECS", "1")
        .env("KAKEIBO_WORKER__CONCURRENCY", "4")
        .env("KAKEIBO_LOG__FILTER", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the kakeibo binary starts");
    Worker(child)
}

async fn enqueue(db: &TestDb, subject: String) {
    mail::enqueue(
        &db.pool,
        OutgoingMail {
            to: "jobs@example.com".into(),
            subject,
            text: "One delivery per job.\n".into(),
            ..OutgoingMail::default()
        },
    )
    .await
    .unwrap();
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(started.elapsed() < LIMIT, "{what}: not within {LIMIT:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The subject of every message in an outbox folder.
fn delivered(outbox: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(outbox) else {
        return Vec::new();
    };
    entries
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|eml| {
            eml.lines()
                .find_map(|l| l.strip_prefix("Subject: "))
                .expect("a Subject header")
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn two_worker_processes_run_every_job_once_and_take_over_a_killed_ones_jobs() {
    let db = TestDb::new().await.unwrap();
    let dir = std::env::temp_dir().join(format!("kakeibo-workers-{}", db.name));
    std::fs::create_dir_all(&dir).unwrap();
    let (smtp_port, accepted) = tarpit();

    // A takes the first jobs and hangs in the SMTP conversation with each.
    let a = worker(&db, &dir, "a", &format!("smtp://127.0.0.1:{smtp_port}"));
    for i in 0..STUCK {
        enqueue(&db, format!("stuck-{i}")).await;
    }
    wait_for("A is mid-delivery of every stuck job", async || {
        accepted.load(Ordering::SeqCst) >= STUCK
    })
    .await;
    // Locked by A (apalis marks them Running on A's next beat; Queued until then).
    let held_by: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT lock_by FROM apalis.jobs
         WHERE job_type = $1 AND status IN ('Queued', 'Running')",
    )
    .bind(mail::QUEUE)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(held_by.len(), 1, "{held_by:?}");
    drop(a); // SIGKILL

    // B and C start, and more jobs come.
    let _b = worker(&db, &dir, "b", "");
    let _c = worker(&db, &dir, "c", "");
    for i in 0..SHARED {
        enqueue(&db, format!("shared-{i}")).await;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    wait_for("every job done", async || {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM apalis.jobs WHERE job_type = $1 AND status <> 'Done'",
        )
        .bind(mail::QUEUE)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        open == 0
    })
    .await;

    let by_b = delivered(&dir.join("b"));
    let by_c = delivered(&dir.join("c"));
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    for subject in by_b.iter().chain(&by_c) {
        *times.entry(subject.clone()).or_default() += 1;
    }
    let expected: Vec<String> = (0..STUCK)
        .map(|i| format!("stuck-{i}"))
        .chain((0..SHARED).map(|i| format!("shared-{i}")))
        .collect();
    for subject in &expected {
        assert_eq!(times.get(subject), Some(&1), "{subject} delivered once");
    }
    assert_eq!(times.len(), expected.len(), "nothing else: {times:?}");
    assert!(
        !by_b.is_empty() && !by_c.is_empty(),
        "both workers took jobs: B {}, C {}",
        by_b.len(),
        by_c.len()
    );
    // The taken-over jobs say so: a second attempt.
    let retried: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM apalis.jobs WHERE job_type = $1 AND attempts >= 2",
    )
    .bind(mail::QUEUE)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(retried >= STUCK as i64, "{retried}");
    println!("delivered by B: {}, by C: {}", by_b.len(), by_c.len());
    let _ = std::fs::remove_dir_all(PathBuf::from(&dir));
}

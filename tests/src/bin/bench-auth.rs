//! Login latency, which is argon2id's cost: `cargo run -p kakeibo-tests --bin bench-auth`.
//! Starts the real app on its own database and times logins over HTTP, for accounts that
//! exist and for e-mails that do not (the two must take the same time).

// Timing figures, not money.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use kakeibo_tests::{PASSWORD, TestApp};
use serde_json::json;

const ROUNDS: usize = 40;

#[tokio::main]
async fn main() -> Result<()> {
    let app = TestApp::spawn().await?;
    let users = 8;
    for i in 0..users {
        app.register(&format!("bench{i}@example.com")).await?;
    }

    let mut argon = Vec::new();
    let stored = kakeibo_auth::password::hash(PASSWORD.into()).await?;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        ensure!(kakeibo_auth::password::verify(PASSWORD.into(), Some(stored.clone())).await?);
        argon.push(started.elapsed());
    }

    let known = time_logins(
        &app,
        |i| format!("bench{}@example.com", i % users),
        PASSWORD,
    )
    .await?;
    let unknown = time_logins(&app, |i| format!("nobody{i}@example.com"), PASSWORD).await?;
    let wrong = time_logins(
        &app,
        |i| format!("bench{}@example.com", i % users),
        "not the password at all",
    )
    .await?;

    println!(
        "argon2id m=19456 KiB t=2 p=1, {ROUNDS} runs each, {} cores",
        std::thread::available_parallelism()?
    );
    report("argon2 verify alone      ", &argon);
    report("login, right password    ", &known);
    report("login, wrong password    ", &wrong);
    report("login, unknown e-mail    ", &unknown);
    app.stop().await
}

async fn time_logins(
    app: &TestApp,
    email: impl Fn(usize) -> String,
    password: &str,
) -> Result<Vec<Duration>> {
    let mut times = Vec::new();
    for i in 0..ROUNDS {
        // The bench logs in far more often than the limits allow a person to.
        sqlx::query("DELETE FROM rate_limits")
            .execute(&app.db.pool)
            .await?;
        let started = Instant::now();
        let response = app
            .post_json(
                "/auth/login",
                &json!({ "email": email(i), "password": password }),
            )
            .await?;
        times.push(started.elapsed());
        ensure!(
            response.status().as_u16() == 200 || response.status().as_u16() == 401,
            "login answered {}",
            response.status()
        );
    }
    Ok(times)
}

fn report(label: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let pick = |q: usize| sorted[(sorted.len() * q / 100).min(sorted.len() - 1)];
    let total: Duration = sorted.iter().sum();
    println!(
        "{label} p50 {:>6.1} ms   p95 {:>6.1} ms   mean {:>6.1} ms",
        ms(pick(50)),
        ms(pick(95)),
        ms(total / sorted.len() as u32)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

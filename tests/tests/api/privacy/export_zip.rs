//! The export's zip for a user with every kind of data, beside another user with the same
//! kinds: the manifest matches the files, every line parses, each table the user has rows
//! in is there row for row (or listed as left out, with its reason in the README), the
//! other user's rows and every secret are absent, and money is exact decimal strings.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use kakeibo_privacy::export::{FORMAT_NAME, FORMAT_VERSION, write_zip};
use uuid::Uuid;

use super::unzip::Unzipped;
use super::world::World;

/// Each table holding user rows and the record type its rows become.
const EXPORTED: &[(&str, &str)] = &[
    ("users", "profile"),
    ("sessions", "session"),
    ("api_tokens", "api_token"),
    ("audit_log", "audit_event"),
    ("bank_connections", "connection"),
    ("accounts", "account"),
    ("account_balances", "balance"),
    ("account_csv_mappings", "csv_mapping"),
    ("imports", "import"),
    ("transfer_rejections", "transfer_rejection"),
    ("categories", "category"),
    ("rules", "rule"),
    ("transactions", "transaction"),
    ("transaction_splits", "split"),
    ("user_examples", "correction"),
    ("budgets", "budget"),
    ("budget_amounts", "budget_amount"),
    ("goals", "goal"),
    ("goal_contributions", "goal_contribution"),
    ("recurring_series", "recurring_series"),
    ("anomalies", "anomaly"),
    ("insights", "insight"),
    ("notifications", "notification"),
    ("notification_channel_prefs", "notification_channel"),
    ("notification_settings", "notification_settings"),
    ("notification_summary_settings", "weekly_summary_settings"),
    (
        "notification_large_thresholds",
        "large_transaction_threshold",
    ),
    ("notification_low_balance", "low_balance_threshold"),
    ("ask_conversations", "ask_conversation"),
    ("ask_turns", "ask_turn"),
    ("telegram_links", "telegram_link"),
    ("telegram_conversations", "telegram_conversation"),
];

/// Tables left out on purpose (README.txt, "What is not here"): secrets, figures computed
/// from the exported rows, short-lived bot state, the export requests themselves, and the
/// hashed keys of notifications the retention sweep deleted.
const LEFT_OUT: &[&str] = &[
    "refresh_tokens",
    "recovery_codes",
    "email_tokens",
    "analytics_daily",
    "analytics_monthly",
    "analytics_merchants",
    "analytics_state",
    "analytics_dirty_days",
    "cash_flow_baselines",
    "budget_period_spent",
    "telegram_callbacks",
    "telegram_link_codes",
    "privacy_exports",
    "notification_pruned_keys",
    // The WAL position of the last write, for reads on a replica: bookkeeping, not data.
    "user_write_lsn",
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn the_zip_holds_every_row_of_the_user_and_nothing_else() -> anyhow::Result<()> {
    let world = World::start().await?;
    let ana = world
        .user_with_everything("ana.export@example.com", 700_000_000_321)
        .await?;
    let bob = world
        .user_with_everything("bob.other@example.com", 700_000_000_654)
        .await?;
    let app = &world.bot.app;
    let pool = &app.db.pool;

    let created_at = Utc.with_ymd_and_hms(2026, 12, 6, 10, 30, 0).unwrap();
    let folder = std::env::temp_dir().join(format!("kakeibo-export-{}", Uuid::new_v4().simple()));
    let path = folder.join("ana.zip");
    let manifest = write_zip(pool, ana.user.id, created_at, &path).await?;
    let zip = Unzipped::checked(&std::fs::read(&path)?)?;
    // An importer's checks pass: every reference names a record of the file.
    let verified = kakeibo_privacy::export::verify::verify(&path)?;
    assert_eq!(verified.records as usize, zip.records.len());
    std::fs::remove_dir_all(&folder)?;
    assert_eq!(zip.manifest, manifest);
    assert_eq!(
        (
            manifest.format.as_str(),
            manifest.format_version,
            manifest.created_at
        ),
        (FORMAT_NAME, FORMAT_VERSION, created_at)
    );
    let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "data.ndjson",
            "transactions.csv",
            "accounts.csv",
            "categories.csv",
            "budgets.csv",
            "goals.csv",
            "rules.csv",
            "README.txt"
        ]
    );
    let readme = String::from_utf8(zip.files["README.txt"].clone())?;
    let mut kinds: Vec<&str> = zip
        .records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    kinds.dedup();
    for kind in &kinds {
        assert!(
            readme.contains(&format!("\n    {kind} ")),
            "README.txt does not explain {kind}"
        );
    }

    // Row for row: every table Ana has rows in, as many records as rows.
    let exported: BTreeMap<&str, &str> = EXPORTED.iter().copied().collect();
    for (table, rows) in world.rows_of(ana.user.id).await? {
        if LEFT_OUT.contains(&table.as_str()) {
            continue;
        }
        let Some(kind) = exported.get(table.as_str()) else {
            panic!("table {table} holds user rows but is neither exported nor left out on purpose");
        };
        assert_eq!(zip.of(kind).len() as i64, rows, "{table} as {kind}");
    }
    for kind in [
        "profile",
        "transaction",
        "split",
        "account",
        "connection",
        "budget_amount",
        "goal_contribution",
        "recurring_series",
        "notification",
        "ask_turn",
        "telegram_link",
        "audit_event",
        "session",
        "api_token",
        "rule",
        "category",
    ] {
        assert!(!zip.of(kind).is_empty(), "no {kind} record");
    }
    assert_eq!(zip.of("profile")[0]["email"], ana.user.email);
    assert_eq!(zip.of("profile")[0]["id"], ana.user.id.to_string());

    // Money as exact decimal strings with its currency.
    let market = zip
        .of("transaction")
        .into_iter()
        .find(|t| t["description"] == "Market hall")
        .expect("the transaction added by hand");
    assert_eq!(
        (&market["amount"], &market["currency"]),
        (&"-80.0000".into(), &"EUR".into())
    );
    assert_eq!(market["notes"], "gift for ana.export@example.com");
    assert_eq!(market["tags"], serde_json::json!(["gift", "family"]));
    let mut parts: Vec<&str> = zip
        .of("split")
        .iter()
        .filter(|s| s["transaction_id"] == market["id"])
        .map(|s| s["amount"].as_str().unwrap())
        .collect();
    parts.sort();
    assert_eq!(parts, ["-30.0000", "-50.0000"]);
    assert_eq!(zip.of("goal_contribution")[0]["amount"], "120.0000");

    // The spreadsheet: the same transaction, by account and category name.
    let sheet = zip.csv("transactions.csv")?;
    let row = sheet
        .iter()
        .find(|r| r["description"] == "Market hall")
        .unwrap();
    assert_eq!(
        (
            row["account"].as_str(),
            row["amount"].as_str(),
            row["currency"].as_str()
        ),
        ("Checking", "-80.0000", "EUR")
    );
    assert_eq!(sheet.len(), zip.of("transaction").len());
    assert!(
        zip.csv("goals.csv")?
            .iter()
            .any(|g| g["name"] == "Bike" && g["target_amount"] == "1000.0000")
    );

    // Nothing of Bob: not his id, address or chat, nor any id of his rows.
    let bob_ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM transactions WHERE user_id = $1 UNION ALL SELECT id FROM accounts WHERE user_id = $1
         UNION ALL SELECT id FROM categories WHERE user_id = $1 UNION ALL SELECT id FROM sessions WHERE user_id = $1",
    )
    .bind(bob.user.id)
    .fetch_all(pool)
    .await?;
    assert!(bob_ids.len() > 20);
    for needle in bob_ids
        .iter()
        .chain([&bob.user.id])
        .map(Uuid::to_string)
        .chain([bob.user.email.clone(), bob.chat.chat_id.to_string()])
    {
        assert!(
            !zip.contains(needle.as_bytes()),
            "Bob's {needle} is in Ana's export"
        );
    }

    // No secret: the sealed bank credentials, token hashes, the password hash.
    let mut secrets: Vec<Vec<u8>> = sqlx::query_scalar(
        "SELECT credentials FROM bank_connections WHERE user_id = $1 AND credentials IS NOT NULL
         UNION ALL SELECT token_hash FROM refresh_tokens WHERE user_id = $1
         UNION ALL SELECT token_hash FROM api_tokens WHERE user_id = $1
         UNION ALL SELECT token_hash FROM email_tokens WHERE user_id = $1",
    )
    .bind(ana.user.id)
    .fetch_all(pool)
    .await?;
    assert!(secrets.len() >= 4, "{} secrets", secrets.len());
    let password_hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(ana.user.id)
        .fetch_one(pool)
        .await?;
    secrets.push(password_hash.into_bytes());
    for secret in &secrets {
        assert!(!zip.contains(secret), "a secret is in the export");
        assert!(
            !zip.contains(hex(secret).as_bytes()),
            "a secret is in the export, as hex"
        );
        assert!(
            !zip.contains(&secret[..16.min(secret.len())]),
            "part of a secret is in the export"
        );
    }
    for field in [
        "credentials",
        "token_hash",
        "password_hash",
        "totp_secret",
        "sync_cursor",
    ] {
        assert!(
            !zip.contains(format!("\"{field}\"").as_bytes()),
            "{field} is in the export"
        );
    }
    Ok(())
}

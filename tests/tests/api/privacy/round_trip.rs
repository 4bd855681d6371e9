//! Portability: a user with every kind of data is exported, imported into a fresh
//! database under a new address, and exported again. Every record type that moves is
//! there with the same content, ids aside, and the references land on the same things
//! (the spreadsheets, which name accounts and categories, are equal but for ids); the
//! types that do not move (sign-ins, the security log, the bank connection, delivered
//! notifications, the Telegram chat) are reported as such, and so is the consent to an
//! external language model, which is exported but not carried over. A second import into a taken
//! address is refused and writes nothing.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use kakeibo_privacy::export::write_zip;
use kakeibo_privacy::import::{ImportError, NOT_IMPORTED, import};
use kakeibo_tests::TestDb;
use serde_json::Value;
use uuid::Uuid;

use super::unzip::Unzipped;
use super::world::World;

/// A record with every id replaced by a placeholder and the type and bookkeeping
/// fields dropped: what must survive a move.
fn without_ids(record: &Value) -> Value {
    match record {
        Value::String(s) => Value::String(ids_blanked(s)),
        Value::Array(items) => Value::Array(items.iter().map(without_ids).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                // An account's connection stays behind (its credentials never leave).
                .filter(|(k, _)| !matches!(k.as_str(), "type" | "updated_at" | "connection_id"))
                .map(|(k, v)| (k.clone(), without_ids(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `text` with every hyphenated uuid in it (whole, or inside a key like
/// `new_merchant:<id>`) replaced by `<id>`.
fn ids_blanked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while rest.len() >= 36 {
        match rest
            .get(..36)
            .filter(|c| c.matches('-').count() == 4 && Uuid::parse_str(c).is_ok())
        {
            Some(_) => {
                out.push_str("<id>");
                rest = &rest[36..];
            }
            None => {
                let next = rest.chars().next().unwrap();
                out.push(next);
                rest = &rest[next.len_utf8()..];
            }
        }
    }
    out + rest
}

/// The records of each type, without ids, sorted (ids decided the order of equal rows).
fn by_type(zip: &Unzipped) -> BTreeMap<String, Vec<String>> {
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in &zip.records {
        let kind = record["type"].as_str().unwrap().to_string();
        kinds
            .entry(kind)
            .or_default()
            .push(without_ids(record).to_string());
    }
    for records in kinds.values_mut() {
        records.sort();
    }
    kinds
}

fn sheet_without_ids(zip: &Unzipped, name: &str) -> anyhow::Result<Vec<BTreeMap<String, String>>> {
    let mut rows: Vec<BTreeMap<String, String>> = zip
        .csv(name)?
        .into_iter()
        .map(|row| {
            row.into_iter()
                .filter(|(k, _)| k != "id" && k != "transfer_id" && k != "updated_at")
                .collect()
        })
        .collect();
    rows.sort();
    Ok(rows)
}

#[tokio::test]
async fn an_export_imported_elsewhere_exports_the_same() -> anyhow::Result<()> {
    let world = World::start().await?;
    let ana = world
        .user_with_everything("ana.moves@example.com", 700_000_000_777)
        .await?;
    // She agreed to send her data to the first server's external model.
    let consented_at = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
    sqlx::query("UPDATE users SET llm_consent_at = $2 WHERE id = $1")
        .bind(ana.user.id)
        .bind(consented_at)
        .execute(&world.bot.app.db.pool)
        .await?;
    let folder = std::env::temp_dir().join(format!("kakeibo-move-{}", Uuid::new_v4().simple()));
    let first = folder.join("first.zip");
    let created_at = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
    write_zip(&world.bot.app.db.pool, ana.user.id, created_at, &first).await?;

    let elsewhere = TestDb::new().await?;
    let report = import(&elsewhere.pool, &first, "ana@new-home.example").await?;
    assert_ne!(report.user_id, ana.user.id);
    let second = folder.join("second.zip");
    write_zip(&elsewhere.pool, report.user_id, created_at, &second).await?;

    let before = Unzipped::checked(&std::fs::read(&first)?)?;
    let after = Unzipped::checked(&std::fs::read(&second)?)?;
    let (before_types, after_types) = (by_type(&before), by_type(&after));
    for (kind, records) in &before_types {
        if kind == "profile" {
            continue;
        }
        if NOT_IMPORTED.contains(&kind.as_str()) {
            assert_eq!(
                report.skipped.get(kind),
                Some(&(records.len() as u64)),
                "{kind}"
            );
            continue;
        }
        assert_eq!(
            report.imported.get(kind),
            Some(&(records.len() as u64)),
            "{kind}"
        );
        assert_eq!(
            after_types.get(kind),
            Some(records),
            "{kind} differs after the move"
        );
    }
    for kind in after_types.keys() {
        assert!(
            before_types.contains_key(kind) || kind == "audit_event",
            "{kind} appeared"
        );
    }
    for kind in [
        "transaction",
        "split",
        "budget_amount",
        "goal_contribution",
        "ask_turn",
        "rule",
    ] {
        assert!(
            report.imported.get(kind).is_some_and(|n| *n > 0),
            "no {kind} imported"
        );
    }
    // The profile moves, under its new address.
    let (old, new) = (&before.of("profile")[0], &after.of("profile")[0]);
    assert_eq!(new["email"], "ana@new-home.example");
    for field in ["display_name", "time_zone", "base_currency", "locale"] {
        assert_eq!(old[field], new[field], "{field}");
    }
    // The consent is in the export, and is not carried over: it was given for the first
    // server's model, so she is asked again here.
    let exported = old["llm_consent_at"]
        .as_str()
        .expect("the consent is exported");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(exported)?,
        consented_at
    );
    assert!(report.llm_consent_not_restored);
    assert!(new["llm_consent_at"].is_null(), "{new}");
    let consented = kakeibo_auth::llm_consent::has_consented(
        &mut *elsewhere.pool.acquire().await?,
        report.user_id,
    )
    .await?;
    assert!(!consented);
    // References land on the same things: the sheets name accounts and categories.
    for sheet in [
        "transactions.csv",
        "accounts.csv",
        "categories.csv",
        "budgets.csv",
        "goals.csv",
        "rules.csv",
    ] {
        assert_eq!(
            sheet_without_ids(&before, sheet)?,
            sheet_without_ids(&after, sheet)?,
            "{sheet}"
        );
    }
    // No id of the first server is reused.
    let old_ids: Vec<&str> = before
        .records
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(old_ids.len() > 50);
    for id in old_ids {
        let carriers: Vec<&Value> = after
            .records
            .iter()
            .filter(|r| r.to_string().contains(id))
            .collect();
        assert!(
            !after.contains(id.as_bytes()),
            "id {id} came along in {carriers:?}"
        );
    }

    // The same address again: refused, and nothing more is written.
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&elsewhere.pool)
        .await?;
    let error = import(&elsewhere.pool, &first, "ANA@new-home.example")
        .await
        .unwrap_err();
    assert!(matches!(error, ImportError::EmailTaken(_)), "{error}");
    let transactions: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&elsewhere.pool)
        .await?;
    assert_eq!(transactions as usize, after.of("transaction").len());
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM users")
            .fetch_one(&elsewhere.pool)
            .await?,
        users
    );
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}

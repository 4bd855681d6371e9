//! The demo bank's rows, categorized as the generator meant: the demo is what every new
//! user sees first. The demo bank knows the category of every row it makes
//! (`category_hint`). Issue 18 asks for 98 %. The demo's card payments carry their
//! merchants' category codes, as a bank passes them on, which settles the independent
//! restaurants no text knowledge names (docs/decisions.md, issue 18). What stays apart is
//! Decathlon, a sports shop the demo files as general shopping.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, TimeZone, Utc};
use kakeibo_bank_sync::demo::DemoBank;
use kakeibo_bank_sync::demo_sync;
use kakeibo_tests::TestApp;

#[tokio::test]
async fn the_demo_banks_rows_get_the_category_it_meant() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user =
        kakeibo_auth::ensure_verified_user(&app.db.pool, "demo@kakeibo.local", "kakeibo demo")
            .await?;
    // A fixed moment: the figures do not move with today's date.
    let as_of = Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap();
    demo_sync::sync(&app.bank_sync()?, user, 42, as_of).await?;
    app.drain_jobs().await?;

    let meant: HashMap<String, (&str, String)> = DemoBank::new(42)
        .transactions(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), as_of)
        .into_iter()
        .map(|t| (t.id, (t.category_hint, t.description)))
        .collect();
    let stored: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT t.provider_transaction_id, c.default_slug,
                s.default_slug || ' ' || round((t.category_suggestions -> 0 ->> 'confidence')::numeric, 2)
         FROM transactions t
         LEFT JOIN categories c ON c.user_id = t.user_id AND c.id = t.category_id
         LEFT JOIN categories s ON s.user_id = t.user_id
              AND s.id = (t.category_suggestions -> 0 ->> 'category_id')::uuid
         WHERE t.user_id = $1 AND t.deleted_at IS NULL AND t.provider_transaction_id IS NOT NULL",
    )
    .bind(user)
    .fetch_all(&app.db.pool)
    .await?;
    let mut right = 0;
    let mut wrong: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let stored: Vec<_> = stored
        .into_iter()
        // The minute's scheduled sync may run while the jobs drain, bringing rows up to
        // today (and posting pending ones under new ids): not the fixed history compared here.
        .filter(|(id, _, _)| meant.contains_key(id))
        .collect();
    for (id, got, suggested) in &stored {
        let (hint, description) = &meant[id];
        if got.as_deref() == Some(*hint) {
            right += 1;
        } else {
            let got = got.clone().unwrap_or_else(|| {
                let best = suggested.as_deref().unwrap_or("no suggestion");
                format!("(left for review; best {best})")
            });
            *wrong
                .entry((hint.to_string(), got, description.clone()))
                .or_default() += 1;
        }
    }
    let share = 100.0 * right as f64 / stored.len() as f64;
    let mut mistakes: Vec<_> = wrong.into_iter().collect();
    mistakes.sort_by_key(|m| std::cmp::Reverse(m.1));
    let listing: Vec<String> = mistakes
        .iter()
        .take(25)
        .map(|((hint, got, description), n)| format!("{n:>4} × {description}: {hint} → {got}"))
        .collect();
    println!(
        "{right}/{} right ({share:.1} %)\n{}",
        stored.len(),
        listing.join("\n")
    );
    assert!(stored.len() > 1000, "{} rows", stored.len());
    assert!(share >= 98.0, "{share:.1} % right:\n{}", listing.join("\n"));
    // What is not right waits for review: nothing but Decathlon (a sports shop the demo
    // files as general shopping) gets a category other than the one meant.
    let written_wrong: Vec<String> = mistakes
        .iter()
        .filter(|((_, got, _), _)| !got.starts_with("(left for review"))
        .map(|((hint, got, description), n)| format!("{n:>4} × {description}: {hint} → {got}"))
        .collect();
    assert!(
        written_wrong.iter().all(|line| line.contains("DECATHLON")),
        "written wrong:\n{}",
        written_wrong.join("\n")
    );
    Ok(())
}

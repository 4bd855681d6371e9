//! The weekly summary e-mail (issue 22): its figures against hand-computed weeks across the
//! autumn DST change in Berlin and New York (rows near local midnight, so reading them in
//! the wrong zone changes the answer), the quiet week, other users' rows, the preview
//! endpoint's bad input, and the MIME message the preview writes.

mod preview;
mod time_zones;

use std::collections::HashMap;

use kakeibo_tests::{TestApp, TestUser};
use rust_decimal::Decimal;
use uuid::Uuid;

pub use crate::analytics::{ana_in, categories};
pub use kakeibo_tests::http::{account_in, call, expect};

/// A row booked at `local` ("2026-10-25 23:30 Europe/Berlin"), for `merchant`.
pub async fn booked(
    app: &TestApp,
    user: &TestUser,
    account: Uuid,
    local: &str,
    amount: Decimal,
    category: Option<Uuid>,
    merchant: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description, merchant, category_id)
         SELECT $1, $2, $3::timestamptz, $4, a.currency, upper($5), $5, $6 FROM accounts a WHERE a.id = $2",
    )
    .bind(user.id)
    .bind(account)
    .bind(local)
    .bind(amount)
    .bind(merchant)
    .bind(category)
    .execute(&app.db.pool)
    .await?;
    Ok(())
}

/// The user's category id of a built-in slug.
pub async fn slug(app: &TestApp, user: &TestUser, name: &str) -> anyhow::Result<Uuid> {
    let all: HashMap<String, Uuid> = categories(app, user).await?;
    Ok(all[name])
}

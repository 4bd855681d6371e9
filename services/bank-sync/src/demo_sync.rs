//! `kakeibo demo`: gives a user a demo-bank connection (created once, seeded) and syncs it
//! through the same engine as every provider, at a chosen moment. Running it again adds
//! what is new and posts what was pending.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::credentials::Aad;
use crate::provider::Providers;
use crate::provider::demo::DemoProvider;
use crate::sync::{self, SyncContext, SyncError, SyncReport};

pub async fn sync(
    ctx: &SyncContext,
    user_id: Uuid,
    seed: u64,
    as_of: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let existing: Option<(Uuid, bool)> = sqlx::query_as(
        "SELECT id, credentials IS NOT NULL FROM bank_connections
         WHERE user_id = $1 AND provider = 'demo' AND status IN ('active', 'error')
         ORDER BY created_at LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(&ctx.db)
    .await?;
    let seal = |id: Uuid| {
        ctx.keyring.seal(
            &serde_json::json!({ "seed": seed }),
            &Aad::connection(user_id, id),
        )
    };
    let connection_id = match existing {
        Some((id, true)) => id,
        Some((id, false)) => {
            // Made by a build that stored no credentials for the demo bank: give it some
            // rather than a second connection that would duplicate its accounts.
            let (key_id, sealed) = seal(id);
            sqlx::query(
                "UPDATE bank_connections SET credentials = $3, credentials_key_id = $4
                 WHERE user_id = $1 AND id = $2",
            )
            .bind(user_id)
            .bind(id)
            .bind(sealed)
            .bind(key_id)
            .execute(&ctx.db)
            .await?;
            id
        }
        None => {
            let id = Uuid::new_v4();
            let (key_id, sealed) = seal(id);
            sqlx::query(
                "INSERT INTO bank_connections (id, user_id, provider, institution_id, institution_name, status,
                                               credentials, credentials_key_id, next_sync_at)
                 VALUES ($1, $2, 'demo', 'demo', 'Demo Bank', 'active', $3, $4, $5)",
            )
            .bind(id)
            .bind(user_id)
            .bind(sealed)
            .bind(key_id)
            .bind(as_of + ctx.interval)
            .execute(&ctx.db)
            .await?;
            id
        }
    };
    // The demo bank's clock is the chosen moment, so "two years up to as_of" is exact.
    let at = SyncContext {
        providers: Providers::with(vec![Arc::new(DemoProvider::at(as_of))]),
        ..ctx.clone()
    };
    sync::sync_connection(&at, connection_id, as_of).await
}

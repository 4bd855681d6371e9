//! The user's bank data for erasure (issue 23): revoking each connection at its provider
//! first, then deleting what bank-sync stores.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::credentials::Aad;
use crate::sync::SyncContext;

/// A connection the provider did not confirm revoking: erasure went on without it (see
/// decisions.md, "Erasure"), and the operator is told which one, to revoke it by hand.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RevokeFailure {
    pub connection_id: Uuid,
    pub provider: String,
    pub institution: Option<String>,
    pub error: String,
}

type ConnectionRow = (Uuid, String, Option<String>, Vec<u8>, String);

/// Revokes every linked connection of the user at its provider (Plaid `/item/remove`,
/// GoCardless requisition delete), deleting each row once its provider confirmed, so an
/// erasure that runs again calls no provider twice. Pending connections hold no access to
/// revoke. Network calls: never inside a transaction.
pub async fn revoke_connections(
    ctx: &SyncContext,
    user_id: Uuid,
) -> Result<Vec<RevokeFailure>, sqlx::Error> {
    let rows: Vec<ConnectionRow> = sqlx::query_as(
        "SELECT id, provider, institution_name, credentials, credentials_key_id FROM bank_connections
         WHERE user_id = $1 AND status <> 'pending' AND credentials IS NOT NULL AND credentials_key_id IS NOT NULL
         ORDER BY created_at, id",
    )
    .bind(user_id)
    .fetch_all(&ctx.db)
    .await?;
    let mut failures = Vec::new();
    for (id, provider_id, institution, sealed, key_id) in rows {
        let outcome = match ctx.providers.get(&provider_id) {
            None => Err(format!(
                "provider {provider_id} is not configured on this server"
            )),
            Some(provider) => {
                match ctx
                    .keyring
                    .open(&key_id, &sealed, &Aad::connection(user_id, id))
                {
                    Err(e) => Err(e.to_string()),
                    Ok(credentials) => provider
                        .disconnect(&credentials)
                        .await
                        .map_err(|e| e.to_string()),
                }
            }
        };
        match outcome {
            Ok(()) => {
                sqlx::query("DELETE FROM bank_connections WHERE user_id = $1 AND id = $2")
                    .bind(user_id)
                    .bind(id)
                    .execute(&ctx.db)
                    .await?;
            }
            Err(error) => {
                tracing::warn!(connection_id = %id, provider = %provider_id, %error,
                    "erasure: the provider did not confirm revoking access; erasing anyway");
                failures.push(RevokeFailure {
                    connection_id: id,
                    provider: provider_id,
                    institution,
                    error,
                });
            }
        }
    }
    Ok(failures)
}

/// Deletes everything bank-sync stores for the user: transfer rejections, imports, CSV
/// mappings, balances, accounts and connections (with their sealed credentials). Run after
/// the user's transactions are gone (they hang off the accounts). Idempotent.
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM transfer_rejections WHERE user_id = $1",
        "DELETE FROM imports WHERE user_id = $1",
        "DELETE FROM account_csv_mappings WHERE user_id = $1",
        "DELETE FROM account_balances WHERE user_id = $1",
        "DELETE FROM accounts WHERE user_id = $1",
        "DELETE FROM bank_connections WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

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

/// The user's connections (never their credentials), accounts, balances, CSV mappings,
/// imports and rejected transfer pairs, for the data export (issue 23). A connection's
/// sync cursor stays out too: it is the provider's bookmark, of no use elsewhere.
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_tables(
        conn,
        sink,
        user_id,
        &[
            (
                "connection",
                "SELECT (to_jsonb(c) - 'user_id' - 'credentials' - 'credentials_key_id' - 'sync_cursor')::text
                 FROM bank_connections c WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "account",
                "SELECT (to_jsonb(a) - 'user_id' || jsonb_build_object(
                     'current_balance', a.current_balance::text, 'available_balance', a.available_balance::text))::text
                 FROM accounts a WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "balance",
                "SELECT (to_jsonb(b) - 'user_id' || jsonb_build_object('balance', b.balance::text))::text
                 FROM account_balances b WHERE user_id = $1 ORDER BY account_id, as_of",
            ),
            (
                "csv_mapping",
                "SELECT (to_jsonb(m) - 'user_id')::text FROM account_csv_mappings m WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "import",
                "SELECT (to_jsonb(i) - 'user_id')::text FROM imports i WHERE user_id = $1 ORDER BY created_at, id",
            ),
        ],
    )
    .await
}

/// The transfer pairs the user said are not transfers: after the transactions they name.
pub async fn export_transfer_rejections(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_rows(
        conn,
        sink,
        "transfer_rejection",
        "SELECT (to_jsonb(r) - 'user_id')::text FROM transfer_rejections r WHERE user_id = $1
         ORDER BY rejected_at, transaction_a, transaction_b",
        user_id,
    )
    .await?;
    Ok(())
}

/// Imports one record of an export (portability, issue 23) if its type is bank-sync's;
/// answers whether it was. Accounts arrive without their connection: the bank's
/// credentials are never exported, so the user connects the bank again.
pub async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &serde_json::Value,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "account" => {
            "INSERT INTO accounts SELECT * FROM jsonb_populate_record(NULL::accounts, $1 || '{\"connection_id\": null}')"
        }
        "balance" => {
            "INSERT INTO account_balances SELECT * FROM jsonb_populate_record(NULL::account_balances, $1)"
        }
        "csv_mapping" => {
            "INSERT INTO account_csv_mappings SELECT * FROM jsonb_populate_record(NULL::account_csv_mappings, $1)"
        }
        "import" => "INSERT INTO imports SELECT * FROM jsonb_populate_record(NULL::imports, $1)",
        "transfer_rejection" => {
            "INSERT INTO transfer_rejections SELECT * FROM jsonb_populate_record(NULL::transfer_rejections, $1)"
        }
        _ => return Ok(false),
    };
    kakeibo_core::export::insert_record(conn, sql, record).await?;
    Ok(true)
}

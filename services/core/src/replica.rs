//! Reads on a streaming replica (`database.replica_url`) that never show a user less than
//! they just wrote. After a user's write through the API, the primary's WAL position is
//! recorded for that user (`user_write_lsn`, on the primary, so every API process sees it);
//! a read of theirs goes to the replica only once the replica has replayed that far, else to
//! the primary. A user with no recent write reads from the replica however far it lags
//! (by seconds, usually): what others' jobs wrote since may show a moment later.

use std::sync::{Arc, OnceLock};

use sqlx::PgPool;
use uuid::Uuid;

use crate::state::App;

/// Put into a mutating request's extensions by the server; the `AuthUser` extractor fills it
/// with the caller, so the response can be followed by [`note_write`].
#[derive(Clone, Default)]
pub struct WriteMark(pub Arc<OnceLock<Uuid>>);

/// Records the primary's current WAL position as the user's last write. Call it after the
/// write committed: that position is then at or past the write's commit.
pub async fn note_write(primary: &PgPool, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_write_lsn (user_id, lsn) VALUES ($1, pg_current_wal_lsn())
         ON CONFLICT (user_id) DO UPDATE SET lsn = excluded.lsn, written_at = now()",
    )
    .bind(user_id)
    .execute(primary)
    .await?;
    Ok(())
}

impl App {
    /// The pool a read of `user_id`'s data should use (see [`route`]).
    pub async fn reads_for(&self, user_id: Uuid) -> &PgPool {
        route(&self.db, self.replica.as_ref(), user_id).await
    }
}

/// The replica when there is one and it has replayed the user's last write, else the
/// primary (also when the replica cannot answer).
pub async fn route<'a>(
    primary: &'a PgPool,
    replica: Option<&'a PgPool>,
    user_id: Uuid,
) -> &'a PgPool {
    let Some(replica) = replica else {
        return primary;
    };
    match replica_has_caught_up(primary, replica, user_id).await {
        Ok(true) => replica,
        Ok(false) => primary,
        Err(error) => {
            tracing::warn!(%error, "the read replica cannot answer; reading from the primary");
            primary
        }
    }
}

async fn replica_has_caught_up(
    primary: &PgPool,
    replica: &PgPool,
    user_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let wrote: Option<String> =
        sqlx::query_scalar("SELECT lsn::text FROM user_write_lsn WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(primary)
            .await?;
    let Some(wrote) = wrote else {
        return Ok(true);
    };
    // NULL (not a standby, or nothing replayed yet) counts as behind.
    let replayed: Option<bool> =
        sqlx::query_scalar("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn")
            .bind(wrote)
            .fetch_one(replica)
            .await?;
    Ok(replayed == Some(true))
}

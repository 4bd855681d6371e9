//! The user's account data for erasure (issue 23): what `kakeibo-privacy` calls, last of
//! all owners, since every other table's rows hang off the user.

use sqlx::PgConnection;
use uuid::Uuid;

/// The user's e-mail address, while the account exists.
pub async fn email_of(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Deletes the account and everything auth keeps about it: rate-limit windows counted for
/// its address, its id or one of `other_subjects` (another crate's subject for the user,
/// such as the bot's chat id), e-mail links, recovery codes, API tokens, sessions with
/// their refresh tokens, and the user row (last, so an interrupted erasure can still find
/// the user by address and run again). Idempotent.
pub async fn erase_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    other_subjects: &[String],
) -> Result<(), sqlx::Error> {
    let mut subjects = other_subjects.to_vec();
    subjects.push(user_id.to_string());
    subjects.extend(email_of(conn, user_id).await?);
    // Keys are `limit name:subject` (`rate_limit::key`): the subject is the whole suffix.
    sqlx::query(
        "DELETE FROM rate_limits r WHERE EXISTS (
             SELECT 1 FROM unnest($1::text[]) AS s(subject) WHERE right(r.key, length(s.subject) + 1) = ':' || s.subject)",
    )
    .bind(&subjects)
    .execute(&mut *conn)
    .await?;
    for sql in [
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
        "DELETE FROM refresh_tokens WHERE user_id = $1",
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM users WHERE id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Checks that the person deleting the account is its owner: the password, and a current
/// 2FA code (or a recovery code) when 2FA is on. Counted in the per-account login limit,
/// so guessing gets 429 like the login. 401 for a wrong password or code, 422 when 2FA is
/// on and no code was given.
pub async fn confirm_owner(
    db: &sqlx::PgPool,
    user_id: Uuid,
    password: String,
    code: Option<&str>,
    client: &kakeibo_core::ClientInfo,
) -> Result<(), kakeibo_core::ApiError> {
    use kakeibo_core::ApiError;
    use kakeibo_core::audit::{self, event};
    crate::rate_limit::hit(
        db,
        crate::rate_limit::LOGIN_PER_ACCOUNT,
        &user_id.to_string(),
    )
    .await?;
    let (stored, two_factor): (String, bool) = sqlx::query_as(
        "SELECT password_hash, totp_enabled_at IS NOT NULL FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(db)
    .await?;
    let wrong = || ApiError::unauthorized("invalid_credentials", "wrong password or code");
    if !crate::password::verify(password, Some(stored)).await? {
        return Err(wrong());
    }
    if !two_factor {
        return Ok(());
    }
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Err(ApiError::invalid(
            "code",
            "2FA is on: give a current code or a recovery code",
        ));
    };
    let mut tx = db.begin().await?;
    let accepted = crate::two_factor::accept_code(&mut tx, user_id, code).await?
        || crate::two_factor::use_recovery_code(&mut tx, user_id, code).await?;
    if !accepted {
        audit::record(
            &mut tx,
            Some(user_id),
            event::TWO_FACTOR_FAILED,
            client,
            serde_json::json!({ "action": "delete_account" }),
        )
        .await?;
    }
    tx.commit().await?;
    if accepted { Ok(()) } else { Err(wrong()) }
}

/// Deactivates the account until `erase_after`: every session (and so its refresh tokens)
/// and API token revoked, the deletion recorded in the audit log. Logging in before then
/// cancels (`cancel_deletion`); the retention sweep erases it after.
pub async fn request_deletion(
    conn: &mut PgConnection,
    user_id: Uuid,
    erase_after: chrono::DateTime<chrono::Utc>,
    client: &kakeibo_core::ClientInfo,
) -> Result<(), kakeibo_core::ApiError> {
    use kakeibo_core::audit::{self, event};
    sqlx::query("UPDATE users SET deletion_requested_at = now(), erase_after = $2 WHERE id = $1")
        .bind(user_id)
        .bind(erase_after)
        .execute(&mut *conn)
        .await?;
    crate::session::revoke_all(conn, user_id, None, "account deleted").await?;
    sqlx::query(
        "UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    audit::record(
        conn,
        Some(user_id),
        event::ACCOUNT_DELETED,
        client,
        serde_json::json!({ "erase_after": erase_after }),
    )
    .await?;
    Ok(())
}

/// When a pending deletion will erase the account; `None` when none is pending.
pub async fn erase_after(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, Option<chrono::DateTime<chrono::Utc>>>(
            "SELECT erase_after FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(conn)
        .await?
        .flatten(),
    )
}

/// A login cancels a pending deletion (the grace period exists for that). Answers whether
/// one was pending.
pub(crate) async fn cancel_deletion(
    conn: &mut PgConnection,
    user_id: Uuid,
    client: &kakeibo_core::ClientInfo,
) -> Result<bool, kakeibo_core::ApiError> {
    use kakeibo_core::audit::{self, event};
    let cancelled = sqlx::query(
        "UPDATE users SET deletion_requested_at = NULL, erase_after = NULL
         WHERE id = $1 AND deletion_requested_at IS NOT NULL",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if cancelled {
        audit::record(
            conn,
            Some(user_id),
            event::ACCOUNT_DELETION_CANCELLED,
            client,
            serde_json::json!({}),
        )
        .await?;
    }
    Ok(cancelled)
}

/// Accounts whose grace period ended by `now`, for the retention sweep to erase.
pub async fn due_for_erasure(
    db: &sqlx::PgPool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE erase_after <= $1 ORDER BY erase_after, id")
        .bind(now)
        .fetch_all(db)
        .await
}

/// The user's profile, sessions and API tokens, for the data export (issue 23). Never a
/// secret: the password hash, the TOTP secrets and every token hash stay out (refresh
/// tokens, recovery codes and e-mail links are nothing but hashes, so they stay out whole).
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
                "profile",
                "SELECT (to_jsonb(u) - 'password_hash' - 'totp_secret' - 'totp_pending_secret' - 'totp_last_step')::text
                 FROM users u WHERE id = $1",
            ),
            (
                "session",
                "SELECT (to_jsonb(s) - 'user_id')::text FROM sessions s WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "api_token",
                "SELECT (to_jsonb(t) - 'user_id' - 'token_hash')::text FROM api_tokens t WHERE user_id = $1 ORDER BY created_at, id",
            ),
        ],
    )
    .await
}

/// Creates the account an imported export becomes (portability, issue 23): a new id,
/// `email`, the profile's name, time zone, base currency and language, and `password_hash`
/// (the importer's: the user sets their own through a password reset). Answers `None` when
/// the address is taken.
pub async fn import_profile(
    conn: &mut PgConnection,
    email: &str,
    profile: &serde_json::Value,
    password_hash: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (id, email, password_hash, email_verified_at, display_name, time_zone, base_currency, locale)
         SELECT $1, lower($2), $3, now(), p.display_name, p.time_zone, p.base_currency, p.locale
         FROM jsonb_populate_record(NULL::users, $4) p
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(Uuid::new_v4())
    .bind(email.trim())
    .bind(password_hash)
    .bind(profile)
    .fetch_optional(conn)
    .await
}

/// Gives the existing account `user_id` the profile of an imported export (portability into
/// an empty account, issue 23): its name, time zone, base currency and language. The
/// address, password and 2FA stay the account's own. The update locks the user's row until
/// the caller's transaction ends.
pub async fn restore_profile(
    conn: &mut PgConnection,
    user_id: Uuid,
    profile: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users u SET display_name = p.display_name, time_zone = p.time_zone,
                            base_currency = p.base_currency, locale = p.locale
         FROM jsonb_populate_record(NULL::users, $2) p WHERE u.id = $1",
    )
    .bind(user_id)
    .bind(profile)
    .execute(conn)
    .await?;
    Ok(())
}

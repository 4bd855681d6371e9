//! Transfers between a user's own accounts: two posted rows with opposite amounts in the
//! same currency, a few days apart, in different accounts. Every import links the pairs it
//! completes; a pair the user unlinks is remembered and never linked again.
//!
//! Each half's `transfer_id` holds the other half's id. Analytics leave linked rows out of
//! spending and income.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kakeibo_transactions::transfers as rows;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Money between one's own accounts arrives the same day or a few business days later; five
/// calendar days covers a transfer sent on a Friday before a long weekend.
pub const WINDOW_DAYS: i64 = 5;

pub use kakeibo_transactions::transfers::{Candidate, Leg};

/// Finds and links the transfers that an import's rows (`own`: the account's live, posted,
/// unlinked, non-zero rows in the statement's dates, which the importer holds in memory) form
/// with the user's other accounts. Runs inside the import's transaction.
pub async fn link_new(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    currency: &str,
    own: &[Candidate],
) -> Result<usize, sqlx::Error> {
    lock(conn, user_id).await?;
    let others = opposites(conn, user_id, account_id, currency, own).await?;
    link_found(conn, user_id, own, &others).await
}

/// Two imports into two accounts of one user, at once, would each miss the other's half: the
/// second waits here, in its transaction, and then sees the first one's rows.
pub async fn lock(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('kakeibo.transfers:' || $1::text, 0))",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The user's other accounts' unlinked rows that could be the other half of one of `own`'s:
/// an opposite amount within the window. Only reads rows outside `account_id`, so it may run
/// on a connection of its own beside the import's COPY, once the import holds [`lock`].
pub async fn opposites(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    currency: &str,
    own: &[Candidate],
) -> Result<Vec<Candidate>, sqlx::Error> {
    let (Some(first), Some(last)) = (
        own.iter().map(|row| row.booked_at).min(),
        own.iter().map(|row| row.booked_at).max(),
    ) else {
        return Ok(Vec::new());
    };
    let mut negated: Vec<Decimal> = own.iter().map(|row| -row.amount).collect();
    negated.sort_unstable();
    negated.dedup();
    let window = Duration::days(WINDOW_DAYS);
    rows::opposites(
        conn,
        user_id,
        account_id,
        currency,
        (first - window, last + window),
        &negated,
    )
    .await
}

/// Links the pairs `own` forms with `others` (from [`opposites`]), but those the user unlinked.
pub async fn link_found(
    conn: &mut PgConnection,
    user_id: Uuid,
    own: &[Candidate],
    others: &[Candidate],
) -> Result<usize, sqlx::Error> {
    if others.is_empty() {
        // One account, or no opposite amounts around: the common case of a big file import.
        return Ok(0);
    }
    let rejected: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT transaction_a, transaction_b FROM transfer_rejections WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let pairs = pair_up(own, others, &rejected.into_iter().collect());
    rows::link(conn, user_id, &pairs).await?;
    Ok(pairs.len())
}

/// Chooses pairs one to one, closest dates first, so a transfer that arrived the same day is
/// not stolen by a look-alike three days later. Each pair is (own row, other account's row).
pub fn pair_up(
    own: &[Candidate],
    others: &[Candidate],
    rejected: &HashSet<(Uuid, Uuid)>,
) -> Vec<(Uuid, Uuid)> {
    let mut by_amount: HashMap<(&str, Decimal), Vec<&Candidate>> = HashMap::new();
    for other in others {
        by_amount
            .entry((&other.currency, other.amount))
            .or_default()
            .push(other);
    }
    let window = Duration::days(WINDOW_DAYS);
    let mut options = Vec::new();
    for mine in own {
        let Some(opposites) = by_amount.get(&(mine.currency.as_str(), -mine.amount)) else {
            continue;
        };
        for other in opposites {
            let gap = (other.booked_at - mine.booked_at).abs();
            if gap <= window
                && other.account_id != mine.account_id
                && !rejected.contains(&ordered(mine.id, other.id))
            {
                options.push((gap, mine.booked_at, mine.id, other.id));
            }
        }
    }
    options.sort();
    let mut taken = HashSet::new();
    let mut pairs = Vec::new();
    for (_, _, mine, other) in options {
        if !taken.contains(&mine) && !taken.contains(&other) {
            taken.insert(mine);
            taken.insert(other);
            pairs.push((mine, other));
        }
    }
    pairs
}

/// Rejections are stored smaller id first (a CHECK holds the table to it).
fn ordered(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a < b { (a, b) } else { (b, a) }
}

pub(crate) fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Transfer {
    /// The half that left an account (negative amount).
    pub from: Leg,
    /// The half that arrived (positive amount).
    pub to: Leg,
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("no such transaction")]
    NotFound,
    #[error("{0}")]
    NotAPair(&'static str),
    #[error("transaction {0} is already half of a transfer; unlink it first")]
    AlreadyLinked(Uuid),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The user's transfers, newest first, those before `before` (`from`'s booked_at and id).
pub async fn list(
    db: &PgPool,
    user_id: Uuid,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<Transfer>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let outgoing = rows::outgoing_legs(&mut conn, user_id, before, limit).await?;
    let partner_ids: Vec<Uuid> = outgoing.iter().filter_map(|l| l.transfer_id).collect();
    let partners = rows::legs(&mut conn, user_id, &partner_ids).await?;
    let mut partners: HashMap<Uuid, Leg> = partners.into_iter().map(|l| (l.id, l)).collect();
    Ok(outgoing
        .into_iter()
        .filter_map(|out| {
            let to = partners.remove(&out.transfer_id?)?;
            Some(Transfer { from: out.leg, to })
        })
        .collect())
}

/// Links two rows the user says are one transfer (they may differ in currency and amount:
/// money changed on the way). Forgets an earlier rejection of the same pair.
pub async fn link(db: &PgPool, user_id: Uuid, a: Uuid, b: Uuid) -> Result<Transfer, TransferError> {
    let mut tx = db.begin().await?;
    let mut legs = Vec::new();
    for id in [a, b] {
        let leg = rows::leg_for_update(&mut tx, user_id, id).await?;
        legs.push(leg.ok_or(TransferError::NotFound)?);
    }
    let (first, second) = (&legs[0].leg, &legs[1].leg);
    if first.account_id == second.account_id {
        return Err(TransferError::NotAPair(
            "a transfer joins two different accounts",
        ));
    }
    if first.amount.is_sign_negative() == second.amount.is_sign_negative()
        || first.amount.is_zero()
        || second.amount.is_zero()
    {
        return Err(TransferError::NotAPair(
            "one transaction must take money out and the other bring it in",
        ));
    }
    if let Some(linked) = legs.iter().find(|l| l.transfer_id.is_some()) {
        return Err(TransferError::AlreadyLinked(linked.leg.id));
    }
    let [first, second] = [legs[0].leg.clone(), legs[1].leg.clone()];
    rows::link(&mut tx, user_id, &[(first.id, second.id)]).await?;
    let (low, high) = ordered(first.id, second.id);
    sqlx::query("DELETE FROM transfer_rejections WHERE user_id = $1 AND transaction_a = $2 AND transaction_b = $3")
        .bind(user_id)
        .bind(low)
        .bind(high)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let (from, to) = if first.amount.is_sign_negative() {
        (first, second)
    } else {
        (second, first)
    };
    Ok(Transfer { from, to })
}

/// Unlinks the transfer `id` is half of, and remembers the pair so no import links it again.
pub async fn reject(db: &PgPool, user_id: Uuid, id: Uuid) -> Result<(), TransferError> {
    let mut tx = db.begin().await?;
    let leg = rows::leg_for_update(&mut tx, user_id, id).await?;
    let partner = leg
        .and_then(|l| l.transfer_id)
        .ok_or(TransferError::NotFound)?;
    rows::unlink(&mut tx, user_id, id, partner).await?;
    let (low, high) = ordered(id, partner);
    sqlx::query(
        "INSERT INTO transfer_rejections (user_id, transaction_a, transaction_b) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(low)
    .bind(high)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(account: u128, day: u32, amount: Decimal) -> Candidate {
        Candidate {
            id: Uuid::new_v4(),
            account_id: Uuid::from_u128(account),
            booked_at: midnight(NaiveDate::from_ymd_opt(2026, 3, day).unwrap()),
            amount,
            currency: "EUR".into(),
        }
    }

    #[test]
    fn opposite_amounts_a_few_days_apart_pair_up() {
        let out = row(1, 2, dec!(-250.00));
        let arrived = row(2, 4, dec!(250.00));
        assert_eq!(
            pair_up(
                std::slice::from_ref(&out),
                std::slice::from_ref(&arrived),
                &HashSet::new()
            ),
            [(out.id, arrived.id)]
        );
    }

    #[test]
    fn same_sign_other_currency_or_too_far_apart_never_pair() {
        let out = row(1, 2, dec!(-250.00));
        let same_sign = row(2, 2, dec!(-250.00));
        let mut dollars = row(2, 2, dec!(250.00));
        dollars.currency = "USD".into();
        let too_late = row(2, 2 + WINDOW_DAYS as u32 + 1, dec!(250.00));
        assert!(pair_up(&[out], &[same_sign, dollars, too_late], &HashSet::new()).is_empty());
    }

    #[test]
    fn closest_dates_win_and_each_row_is_used_once() {
        let monday = row(1, 2, dec!(-100));
        let thursday = row(1, 5, dec!(-100));
        let arrives_tuesday = row(2, 3, dec!(100));
        let arrives_thursday = row(2, 5, dec!(100));
        let pairs = pair_up(
            &[monday.clone(), thursday.clone()],
            &[arrives_tuesday.clone(), arrives_thursday.clone()],
            &HashSet::new(),
        );
        assert_eq!(pairs.len(), 2);
        assert!(pairs.contains(&(thursday.id, arrives_thursday.id)));
        assert!(pairs.contains(&(monday.id, arrives_tuesday.id)));
    }

    #[test]
    fn a_rejected_pair_is_skipped_for_the_next_best() {
        let out = row(1, 2, dec!(-40));
        let rejected = row(2, 2, dec!(40));
        let next_best = row(3, 4, dec!(40));
        let no = HashSet::from([ordered(out.id, rejected.id)]);
        assert_eq!(
            pair_up(
                std::slice::from_ref(&out),
                &[rejected, next_best.clone()],
                &no
            ),
            [(out.id, next_best.id)]
        );
    }
}

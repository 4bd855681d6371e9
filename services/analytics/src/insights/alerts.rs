//! The facts that are also alerts (new subscription, price increase, missed payment, an
//! unusual payment), emitted through notifications when a fact is first found. The fact's
//! key is the dedupe key, so a recompute emits nothing twice.

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use kakeibo_notifications::kinds;

use super::{Fact, Keyed};

/// Emits the alert of each fact that has one; answers how many were new.
pub async fn emit(
    conn: &mut PgConnection,
    user_id: Uuid,
    facts: &[&Keyed],
) -> Result<usize, sqlx::Error> {
    let mut emitted = 0;
    for keyed in facts {
        let Some((kind, payload)) = alert(&keyed.fact) else {
            continue;
        };
        let notified =
            kakeibo_notifications::notify(conn, user_id, kind, &keyed.key, payload).await?;
        emitted += usize::from(!notified.rows.is_empty());
    }
    Ok(emitted)
}

/// Amounts are positive magnitudes here, as the facts keep them.
fn alert(fact: &Fact) -> Option<(&'static str, serde_json::Value)> {
    Some(match fact {
        Fact::NewRecurring {
            merchant,
            cadence,
            amount,
            currency,
            next_date,
        } => (
            kinds::NEW_SUBSCRIPTION,
            json!({ "merchant": merchant, "cadence": cadence, "amount": amount.to_string(),
                    "currency": currency, "next_date": next_date }),
        ),
        Fact::PriceIncrease {
            merchant,
            from,
            to,
            currency,
            on,
            ..
        } => (
            kinds::PRICE_INCREASE,
            json!({ "merchant": merchant, "amount": to.to_string(), "previous_amount": from.to_string(),
                    "currency": currency, "date": on }),
        ),
        Fact::MissedPayment {
            merchant,
            cadence,
            amount,
            currency,
            last_paid,
        } => (
            kinds::MISSED_PAYMENT,
            json!({ "merchant": merchant, "cadence": cadence, "amount": amount.to_string(),
                    "currency": currency, "last_paid": last_paid }),
        ),
        Fact::LargeTransaction {
            merchant,
            amount,
            usual,
            currency,
            on,
            ..
        } => (
            kinds::ANOMALY,
            json!({ "merchant": merchant, "amount": amount.to_string(), "usual": usual.to_string(),
                    "currency": currency, "date": on }),
        ),
        _ => return None,
    })
}

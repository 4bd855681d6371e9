//! The import matcher: decides, for a whole batch of incoming statement lines, which ones are
//! already in the account and which are new. It serves every source (files and providers).
//!
//! Rules, in order of strength:
//! 1. the same source id (FITID, provider id) is the same transaction (posted now, if it
//!    was pending);
//! 2. otherwise the same amount within a few days, closest date first, the same payee
//!    preferred: a match needs both rows to lack a source id, or the stored row to be
//!    pending, since two different ids from one bank are two different transactions;
//! 3. a stored pending row is replaced by its posted twin (same payee, amount within a
//!    tip's difference, booked on or after the pending date).
//!
//! Matching is one-to-one and global over the batch: all candidate pairs are ranked and taken
//! best first, so a strong match is never stolen by a weaker one, and two genuinely identical
//! purchases stay two. Soft-deleted rows take part, so a deleted transaction is matched (and
//! stays deleted) instead of coming back.

use std::collections::HashMap;

use rust_decimal::Decimal;
use uuid::Uuid;

use crate::statement::StatementLine;

/// Days between a stored row and an incoming one that may still be the same transaction.
pub const DATE_WINDOW_DAYS: i64 = 4;
/// A posted amount may differ from its pending amount by this share (restaurant tips).
const PENDING_TOLERANCE_PERCENT: i64 = 25;

/// A transaction already stored in the account, as the matcher needs it (read by its owner).
pub use kakeibo_transactions::import_rows::Stored;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    SourceId,
    SameAmount,
    /// The stored row was pending and the incoming one is its posted version.
    PendingPosted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// `incoming` (an index into the batch) is new.
    Insert { incoming: usize },
    Matched {
        incoming: usize,
        stored: Uuid,
        kind: MatchKind,
    },
}

/// Decides every line of `incoming` against `stored` (the account's rows around the batch's
/// dates). Returns one decision per incoming line, in incoming order.
pub fn match_batch(stored: &[Stored], incoming: &[StatementLine]) -> Vec<Decision> {
    let mut taken_stored = vec![false; stored.len()];
    let mut decided: Vec<Option<Decision>> = vec![None; incoming.len()];

    // 1. Source ids.
    let mut by_source: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in stored.iter().enumerate() {
        if let Some(id) = row.source_id.as_deref() {
            by_source.entry(id).or_default().push(i);
        }
    }
    for (n, line) in incoming.iter().enumerate() {
        let Some(id) = line.source_id.as_deref() else {
            continue;
        };
        let Some(candidates) = by_source.get(id) else {
            continue;
        };
        if let Some(&i) = candidates.iter().find(|&&i| !taken_stored[i]) {
            taken_stored[i] = true;
            // Some banks post a pending row under the id it had (SimpleFIN, some GoCardless
            // banks): the same row, now posted, with its final date and amount.
            let kind = if stored[i].pending && !line.pending {
                MatchKind::PendingPosted
            } else {
                MatchKind::SourceId
            };
            decided[n] = Some(Decision::Matched {
                incoming: n,
                stored: stored[i].id,
                kind,
            });
        }
    }

    // 2 and 3. Rank every remaining candidate pair, then take them best first.
    let mut by_amount: HashMap<Decimal, Vec<usize>> = HashMap::new();
    let mut pending_rows = Vec::new();
    for (i, row) in stored.iter().enumerate() {
        if taken_stored[i] {
            continue;
        }
        by_amount.entry(row.amount.normalize()).or_default().push(i);
        if row.pending {
            pending_rows.push(i);
        }
    }
    for candidates in by_amount.values_mut() {
        candidates.sort_by_key(|&i| stored[i].booked_on);
    }
    let mut pairs: Vec<(Rank, usize, usize)> = Vec::new();
    for (n, line) in incoming.iter().enumerate() {
        if decided[n].is_some() {
            continue;
        }
        if let Some(candidates) = by_amount.get(&line.amount.normalize()) {
            // Sorted by date: only the rows inside the window are looked at, so a big file
            // full of equal amounts (coffee, every day) stays linear.
            let earliest = line.booked_on - chrono::Duration::days(DATE_WINDOW_DAYS);
            let start = candidates.partition_point(|&i| stored[i].booked_on < earliest);
            for &i in &candidates[start..] {
                if (stored[i].booked_on - line.booked_on).num_days() > DATE_WINDOW_DAYS {
                    break;
                }
                if let Some(rank) = same_amount_rank(&stored[i], line) {
                    pairs.push((rank, n, i));
                }
            }
        }
        if !line.pending {
            for &i in &pending_rows {
                if stored[i].amount != line.amount
                    && let Some(rank) = pending_posted_rank(&stored[i], line)
                {
                    pairs.push((rank, n, i));
                }
            }
        }
    }
    pairs.sort_by_key(|(rank, n, i)| (*rank, *n, *i));
    for (_, n, i) in pairs {
        if decided[n].is_some() || taken_stored[i] {
            continue;
        }
        taken_stored[i] = true;
        let kind = if stored[i].pending && !incoming[n].pending {
            MatchKind::PendingPosted
        } else {
            MatchKind::SameAmount
        };
        decided[n] = Some(Decision::Matched {
            incoming: n,
            stored: stored[i].id,
            kind,
        });
    }

    decided
        .into_iter()
        .enumerate()
        .map(|(n, d)| d.unwrap_or(Decision::Insert { incoming: n }))
        .collect()
}

/// Lower is better: the exact amount before a tolerated one, then closer dates, then the
/// same payee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    tolerance: u8,
    days_apart: i64,
    other_payee: bool,
}

fn same_payee(a: &str, b: &str) -> bool {
    !a.is_empty() && a.trim().eq_ignore_ascii_case(b.trim())
}

fn same_amount_rank(row: &Stored, line: &StatementLine) -> Option<Rank> {
    let days_apart = (line.booked_on - row.booked_on).num_days().abs();
    if days_apart > DATE_WINDOW_DAYS {
        return None;
    }
    // Two different ids from the same bank are two transactions, unless the stored one was
    // pending (providers give the posted row a new id).
    if row.source_id.is_some() && line.source_id.is_some() && !row.pending {
        return None;
    }
    Some(Rank {
        tolerance: 0,
        days_apart,
        other_payee: !same_payee(&row.payee, &line.payee),
    })
}

fn pending_posted_rank(row: &Stored, line: &StatementLine) -> Option<Rank> {
    let days_after = (line.booked_on - row.booked_on).num_days();
    if !(0..=DATE_WINDOW_DAYS).contains(&days_after) || !same_payee(&row.payee, &line.payee) {
        return None;
    }
    if row.amount.is_sign_negative() != line.amount.is_sign_negative() {
        return None;
    }
    let difference = (line.amount - row.amount).abs();
    if difference * Decimal::from(100) > row.amount.abs() * Decimal::from(PENDING_TOLERANCE_PERCENT)
    {
        return None;
    }
    Some(Rank {
        tolerance: 1,
        days_apart: days_after,
        other_payee: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn line(d: u32, amount: Decimal, payee: &str, id: Option<&str>) -> StatementLine {
        StatementLine {
            source_line: 1,
            booked_on: day(d),
            amount,
            currency: None,
            payee: payee.into(),
            description: String::new(),
            source_id: id.map(str::to_string),
            pending: false,
            merchant_category_code: None,
        }
    }

    fn stored(d: u32, amount: Decimal, payee: &str, id: Option<&str>) -> Stored {
        Stored {
            id: Uuid::new_v4(),
            booked_on: day(d),
            booked_at: day(d).and_hms_opt(0, 0, 0).unwrap().and_utc(),
            amount,
            source_id: id.map(str::to_string),
            payee: payee.into(),
            pending: false,
            deleted: false,
            linked: false,
        }
    }

    fn matched(incoming: usize, stored: Uuid, kind: MatchKind) -> Decision {
        Decision::Matched {
            incoming,
            stored,
            kind,
        }
    }

    fn inserts(decisions: &[Decision]) -> usize {
        decisions
            .iter()
            .filter(|d| matches!(d, Decision::Insert { .. }))
            .count()
    }

    #[test]
    fn the_same_source_id_matches_first() {
        let rows = [
            stored(3, dec!(-5), "Cafe", Some("A")),
            stored(3, dec!(-5), "Cafe", Some("B")),
        ];
        let batch = [line(3, dec!(-5), "Cafe", Some("B"))];
        let d = match_batch(&rows, &batch);
        assert_eq!(d, [matched(0, rows[1].id, MatchKind::SourceId)]);
    }

    #[test]
    fn closest_date_wins_and_the_batch_is_matched_as_a_whole() {
        // Incoming 0 (day 6) is two days from either stored row; incoming 1 (day 8) is the
        // exact twin of the second. Matched in input order, 0 could take the second row and
        // leave 1 with a worse pair; ranked as a batch, each gets its closest.
        let rows = [
            stored(8, dec!(-20), "Shop", None),
            stored(4, dec!(-20), "Shop", None),
        ];
        let batch = [
            line(6, dec!(-20), "Shop", None),
            line(8, dec!(-20), "Shop", None),
        ];
        let d = match_batch(&rows, &batch);
        assert_eq!(d[1], matched(1, rows[0].id, MatchKind::SameAmount));
        assert_eq!(d[0], matched(0, rows[1].id, MatchKind::SameAmount));
    }

    #[test]
    fn the_same_payee_is_preferred_at_equal_distance() {
        let rows = [
            stored(5, dec!(-9.99), "Other", None),
            stored(5, dec!(-9.99), "Netflix", None),
        ];
        let d = match_batch(&rows, &[line(5, dec!(-9.99), "netflix", None)]);
        assert_eq!(d[0], matched(0, rows[1].id, MatchKind::SameAmount));
    }

    #[test]
    fn two_identical_purchases_both_stay() {
        let batch = [
            line(5, dec!(-3.20), "Bakery", None),
            line(5, dec!(-3.20), "Bakery", None),
        ];
        assert_eq!(inserts(&match_batch(&[], &batch)), 2);
        // Re-importing them matches both, one each.
        let rows = [
            stored(5, dec!(-3.20), "Bakery", None),
            stored(5, dec!(-3.20), "Bakery", None),
        ];
        assert_eq!(inserts(&match_batch(&rows, &batch)), 0);
        // With only one stored, the second is new.
        assert_eq!(inserts(&match_batch(&rows[..1], &batch)), 1);
        // Distinct bank ids mean distinct purchases, even on the same day.
        let with_ids = [
            line(5, dec!(-3.20), "Bakery", Some("x1")),
            line(5, dec!(-3.20), "Bakery", Some("x2")),
        ];
        let one = [stored(5, dec!(-3.20), "Bakery", Some("x1"))];
        assert_eq!(inserts(&match_batch(&one, &with_ids)), 1);
    }

    #[test]
    fn a_pending_row_is_replaced_by_its_posted_twin() {
        let mut pending = stored(10, dec!(-42.00), "Trattoria", Some("pend-1"));
        pending.pending = true;
        // Posted two days later, with a tip and a new id.
        let d = match_batch(
            &[pending.clone()],
            &[line(12, dec!(-48.50), "Trattoria", Some("post-9"))],
        );
        assert_eq!(d[0], matched(0, pending.id, MatchKind::PendingPosted));
        // Posted under the id it had while pending: the same row, posted.
        let d = match_batch(
            &[pending.clone()],
            &[line(13, dec!(-50.00), "Trattoria", Some("pend-1"))],
        );
        assert_eq!(d[0], matched(0, pending.id, MatchKind::PendingPosted));
        // Still pending under that id: nothing to post.
        let mut again = line(10, dec!(-42.00), "Trattoria", Some("pend-1"));
        again.pending = true;
        let d = match_batch(&[pending.clone()], &[again]);
        assert_eq!(d[0], matched(0, pending.id, MatchKind::SourceId));
        // Same amount posted under a new id also replaces it.
        let d = match_batch(
            &[pending.clone()],
            &[line(11, dec!(-42.00), "Trattoria", Some("post-9"))],
        );
        assert_eq!(d[0], matched(0, pending.id, MatchKind::PendingPosted));
        // Another restaurant, or far more money, is not its twin.
        assert_eq!(
            inserts(&match_batch(
                &[pending.clone()],
                &[line(12, dec!(-48.50), "Pizzeria", None)]
            )),
            1
        );
        assert_eq!(
            inserts(&match_batch(
                &[pending],
                &[line(12, dec!(-90.00), "Trattoria", None)]
            )),
            1
        );
    }

    #[test]
    fn a_deleted_row_is_matched_so_it_does_not_come_back() {
        let mut gone = stored(5, dec!(-7), "Kiosk", None);
        gone.deleted = true;
        let d = match_batch(&[gone.clone()], &[line(5, dec!(-7), "Kiosk", None)]);
        assert_eq!(d[0], matched(0, gone.id, MatchKind::SameAmount));
    }

    #[test]
    fn rows_outside_the_window_or_of_another_amount_are_new() {
        let rows = [stored(1, dec!(-10), "A", None)];
        assert_eq!(
            inserts(&match_batch(&rows, &[line(10, dec!(-10), "A", None)])),
            1
        );
        assert_eq!(
            inserts(&match_batch(&rows, &[line(1, dec!(-10.01), "A", None)])),
            1
        );
        assert_eq!(
            inserts(&match_batch(&rows, &[line(1, dec!(10), "A", None)])),
            1
        );
    }
}

//! The demo bank: a realistic synthetic bank, deterministic from its seed. It backs the
//! embedded default provider and the demo user's history.
//!
//! Four accounts (EUR checking, savings and credit card, a USD travel account) with, for any
//! date range from January 2023 on: salary with yearly raises, rent, utilities, subscriptions
//! whose prices change (one is cancelled), groceries, restaurants with tips, transport,
//! shopping with refunds, trips to the US, the monthly card settlement and savings transfer
//! between own accounts, quarterly interest, and now and then two identical purchases.
//!
//! Time passes like at a real bank. A card purchase is pending from its authorisation until it
//! posts 1–3 days later, under a different id, on a later date, with the final statement text
//! and perhaps a different amount (tips). Everything else is booked directly. A row shows once
//! `as_of` has reached its day and minute (UTC).
//!
//! Ids: `demo-<account>-<yyyymmdd>-<n>` for posted rows (booking date) and
//! `demo-pending-<account>-<yyyymmdd>-<n>` for pending ones (authorisation date), `n` counting
//! per account and day in the order rows become visible. The ledger through a later day starts
//! with the ledger through an earlier one (see `generate`), and within a day later rows sort
//! after earlier ones, so a row keeps its id and fields for good once shown.
//!
//! Every call generates from the first opening day (card settlement and interest depend on the
//! whole history); that costs about a millisecond per year in a release build.

// Money is written in cents with the cents split off, `1_150_00` for 1,150.00.
#![allow(clippy::inconsistent_digit_grouping)]

mod catalog;
mod generate;
mod rng;
mod spending;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use catalog::{ACCOUNTS, CARD, Every, SCHEDULED, SUBSCRIPTIONS, opened_on};
use generate::{Event, account_number, iban, ledger};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoBank {
    seed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoAccount {
    /// Stable across seeds and time: `checking`, `savings`, `card`, `travel`.
    pub id: String,
    pub name: String,
    /// An `accounts.kind` value.
    pub kind: &'static str,
    pub currency: &'static str,
    /// Valid German IBAN (checksum) for the EUR current and savings accounts.
    pub iban: Option<String>,
    /// Last four digits of the account or card number.
    pub mask: String,
    pub opened_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoTransaction {
    pub id: String,
    pub account_id: String,
    pub booked_on: NaiveDate,
    /// Two decimal places; negative is money out.
    pub amount: Decimal,
    pub currency: String,
    pub payee: String,
    pub description: String,
    pub pending: bool,
    /// The `default_categories` slug a good categorizer should pick.
    pub category_hint: &'static str,
    /// ISO 18245, on card payments, as a card network passes it on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_category_code: Option<&'static str>,
}

/// A payment or income the bank books on a schedule: what a recurring-payment detector
/// should find in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSchedule {
    pub payee: &'static str,
    /// A [`DemoAccount`] id.
    pub account: &'static str,
    /// `monthly`, `quarterly` or `yearly`.
    pub cadence: &'static str,
    pub outgoing: bool,
    /// A subscription (the rest are bills, income and fees).
    pub subscription: bool,
    /// Its amount follows something else (a balance, a share of the salary), not a price.
    pub amount_follows: bool,
    /// The last month charged, for a cancelled subscription.
    pub until: Option<(i32, u32)>,
}

/// What `as_of` shows of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Hidden,
    Pending,
    Posted,
}

/// (day, minute of day) of an instant, the resolution events live at.
fn moment(at: DateTime<Utc>) -> (NaiveDate, u16) {
    (at.date_naive(), (at.hour() * 60 + at.minute()) as u16)
}

fn shown(e: &Event, (today, now): (NaiveDate, u16)) -> Shown {
    if (e.date, e.minute) > (today, now) {
        Shown::Hidden
    } else if e.post_on <= today {
        Shown::Posted
    } else {
        Shown::Pending
    }
}

fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

impl DemoBank {
    pub fn new(seed: u64) -> Self {
        Self { seed }
    }

    pub fn accounts(&self) -> Vec<DemoAccount> {
        ACCOUNTS
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let number = account_number(self.seed, i);
                DemoAccount {
                    id: spec.id.to_string(),
                    name: spec.name.to_string(),
                    kind: spec.kind,
                    currency: spec.currency,
                    iban: (spec.currency == "EUR" && i != CARD).then(|| iban(&number)),
                    mask: number[number.len() - 4..].to_string(),
                    opened_on: opened_on(i),
                }
            })
            .collect()
    }

    /// Everything the bank books on a schedule: its subscriptions and its bank items (rent,
    /// salary, bills, fees, interest), the same for every seed.
    pub fn schedules() -> Vec<DemoSchedule> {
        let subscriptions = SUBSCRIPTIONS.iter().map(|s| DemoSchedule {
            payee: s.payee,
            account: ACCOUNTS[s.account].id,
            cadence: "monthly",
            outgoing: true,
            subscription: true,
            amount_follows: false,
            until: s.until,
        });
        let items = SCHEDULED.iter().map(|s| DemoSchedule {
            payee: s.who.0,
            account: ACCOUNTS[s.account].id,
            cadence: match s.every {
                Every::Month => "monthly",
                Every::Quarter => "quarterly",
                Every::Year => "yearly",
            },
            outgoing: s.outgoing,
            subscription: false,
            amount_follows: s.amount_follows,
            until: None,
        });
        subscriptions.chain(items).collect()
    }

    /// Every transaction the bank shows as of `as_of`, booked from `from` up to `as_of`:
    /// posted rows, and pending rows for card purchases of the last three days not yet posted.
    /// Sorted by booking date, account, pending after posted, then id number.
    pub fn transactions(&self, from: NaiveDate, as_of: DateTime<Utc>) -> Vec<DemoTransaction> {
        let now = moment(as_of);
        let events = ledger(self.seed, now.0);

        // Number rows per (account, day): posted by booking day, pending by authorisation day.
        // The sort puts rows in the order they become visible, so counting over all events,
        // shown or not, gives a row the same number in every call.
        let mut order: Vec<usize> = (0..events.len()).collect();
        let mut posted_no = vec![0u32; events.len()];
        order.sort_by_key(|&i| {
            (
                events[i].account,
                events[i].post_on,
                events[i].date,
                events[i].minute,
                i,
            )
        });
        number(&order, &mut posted_no, |i| {
            (events[i].account, events[i].post_on)
        });
        let mut pending_no = vec![0u32; events.len()];
        order.retain(|&i| events[i].card);
        order.sort_by_key(|&i| (events[i].account, events[i].date, events[i].minute, i));
        number(&order, &mut pending_no, |i| {
            (events[i].account, events[i].date)
        });

        let mut rows: Vec<(NaiveDate, usize, bool, u32, DemoTransaction)> = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let spec = &ACCOUNTS[e.account];
            let (pending, booked_on, n, cents, description) = match shown(e, now) {
                Shown::Hidden => continue,
                Shown::Posted => (false, e.post_on, posted_no[i], e.cents, &e.description),
                Shown::Pending => (
                    true,
                    e.date,
                    pending_no[i],
                    e.pending_cents,
                    &e.pending_description,
                ),
            };
            if booked_on < from {
                continue;
            }
            let prefix = if pending { "demo-pending" } else { "demo" };
            let tx = DemoTransaction {
                id: format!("{prefix}-{}-{}-{n}", spec.id, booked_on.format("%Y%m%d")),
                account_id: spec.id.to_string(),
                booked_on,
                amount: money(cents),
                currency: spec.currency.to_string(),
                payee: e.payee.to_string(),
                description: description.clone(),
                pending,
                category_hint: e.category,
                merchant_category_code: e.mcc,
            };
            rows.push((booked_on, e.account, pending, n, tx));
        }
        rows.sort_by_key(|r| (r.0, r.1, r.2, r.3));
        rows.into_iter().map(|r| r.4).collect()
    }

    /// Each account's booked balance as of `as_of`: the opening balance plus every posted
    /// transaction (pending ones are not counted, as at a real bank). Zero before opening.
    pub fn balances(&self, as_of: DateTime<Utc>) -> Vec<(String, Decimal)> {
        let now = moment(as_of);
        let mut cents: Vec<i64> = (0..ACCOUNTS.len())
            .map(|i| {
                if opened_on(i) <= now.0 {
                    ACCOUNTS[i].opening_cents
                } else {
                    0
                }
            })
            .collect();
        for e in ledger(self.seed, now.0) {
            if shown(&e, now) == Shown::Posted {
                cents[e.account] += e.cents;
            }
        }
        ACCOUNTS
            .iter()
            .zip(cents)
            .map(|(spec, c)| (spec.id.to_string(), money(c)))
            .collect()
    }
}

/// Writes 1, 2, 3… into `out` along `order`, restarting whenever `key` changes.
fn number<K: PartialEq>(order: &[usize], out: &mut [u32], key: impl Fn(usize) -> K) {
    let mut previous = None;
    let mut n = 0;
    for &i in order {
        let k = key(i);
        if previous.as_ref() != Some(&k) {
            n = 0;
        }
        n += 1;
        out[i] = n;
        previous = Some(k);
    }
}

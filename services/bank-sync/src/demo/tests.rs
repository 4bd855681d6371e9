use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, TimeZone, Weekday};

use super::catalog::first_day;
use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, hour, 0, 0).unwrap()
}

/// The demo user's two years: November 2024 to October 2026.
const SEED: u64 = 42;
fn from() -> NaiveDate {
    date(2024, 11, 1)
}
fn as_of() -> DateTime<Utc> {
    at(2026, 10, 31, 12)
}

fn two_years() -> Vec<DemoTransaction> {
    DemoBank::new(SEED).transactions(from(), as_of())
}

fn posted(rows: &[DemoTransaction]) -> Vec<&DemoTransaction> {
    rows.iter().filter(|t| !t.pending).collect()
}

fn with_hint<'a>(rows: &[&'a DemoTransaction], hint: &str) -> Vec<&'a DemoTransaction> {
    rows.iter()
        .copied()
        .filter(|t| t.category_hint == hint)
        .collect()
}

fn cents(amount: Decimal) -> i64 {
    (amount * Decimal::ONE_HUNDRED).try_into().unwrap()
}

#[test]
fn seed_42_history_is_pinned() {
    // Stored demo histories and ids depend on these exact values: a change here must be
    // deliberate (and then the pinned values updated).
    let rows = two_years();
    assert_eq!(rows.len(), 1587);
    let total: Decimal = rows.iter().map(|t| t.amount).sum();
    assert_eq!(total, Decimal::new(23_049_30, 2));
    let salary = rows
        .iter()
        .find(|t| t.category_hint == "income.salary")
        .unwrap();
    assert_eq!(salary.id, "demo-checking-20241127-4");
    assert_eq!(salary.amount, Decimal::new(3_471_29, 2));
}

#[test]
fn same_seed_same_bank_other_seed_other_history() {
    let (a, b) = (DemoBank::new(SEED), DemoBank::new(SEED));
    assert_eq!(a.accounts(), b.accounts());
    assert_eq!(
        a.transactions(from(), as_of()),
        b.transactions(from(), as_of())
    );
    assert_eq!(a.balances(as_of()), b.balances(as_of()));

    let other = DemoBank::new(SEED + 1);
    let amounts = |bank: &DemoBank| {
        bank.transactions(from(), as_of())
            .into_iter()
            .map(|t| t.amount)
            .collect::<Vec<_>>()
    };
    assert_ne!(amounts(&a), amounts(&other));
    assert_ne!(a.balances(as_of()), other.balances(as_of()));
    assert_ne!(a.accounts()[0].iban, other.accounts()[0].iban);
    // Account ids are part of transaction ids, so they do not depend on the seed.
    let ids = |bank: &DemoBank| {
        bank.accounts()
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&other));
}

#[test]
fn accounts_are_well_formed() {
    let accounts = DemoBank::new(SEED).accounts();
    let ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["checking", "savings", "card", "travel"]);
    let kinds: Vec<&str> = accounts.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, ["checking", "savings", "credit_card", "checking"]);
    let currencies: HashSet<&str> = accounts.iter().map(|a| a.currency).collect();
    assert_eq!(currencies, HashSet::from(["EUR", "USD"]));
    for account in &accounts {
        assert_eq!(account.mask.len(), 4);
        assert!(account.mask.bytes().all(|b| b.is_ascii_digit()));
        if let Some(iban) = &account.iban {
            // ISO 13616: country and check digits moved to the end, letters as numbers, mod 97 == 1.
            let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
            let digits: String = rearranged
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        c.to_string()
                    } else {
                        (c as u32 - 'A' as u32 + 10).to_string()
                    }
                })
                .collect();
            let rest = digits
                .bytes()
                .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
            assert_eq!(rest, 1, "{iban}");
            assert!(iban.starts_with("DE") && iban.len() == 22 && iban.ends_with(&account.mask));
        }
    }
    assert!(accounts[0].iban.is_some() && accounts[1].iban.is_some());
    assert!(accounts[2].iban.is_none() && accounts[3].iban.is_none());
}

#[test]
fn two_years_have_salaries_rent_and_utilities() {
    let rows = two_years();
    let posted = posted(&rows);

    let salaries = with_hint(&posted, "income.salary");
    assert_eq!(salaries.len(), 24);
    for s in &salaries {
        let d = s.booked_on;
        let friday_before = d.weekday() == Weekday::Fri && (d.day() == 25 || d.day() == 26);
        assert!(
            d.day() == 27 && d.weekday().num_days_from_monday() < 5 || friday_before,
            "{d}"
        );
        assert!(s.amount > Decimal::ZERO && s.account_id == "checking");
    }
    // One raise a year, in April: two in this window, and never a cut.
    let raises = salaries
        .windows(2)
        .filter(|w| w[1].amount > w[0].amount)
        .count();
    assert_eq!(raises, 2);
    assert!(salaries.windows(2).all(|w| w[1].amount >= w[0].amount));
    assert!(
        salaries
            .iter()
            .all(|s| s.description.starts_with("SALARY "))
    );

    let rents = with_hint(&posted, "housing.rent");
    assert_eq!(rents.len(), 24);
    assert!(
        rents
            .iter()
            .all(|r| r.booked_on.day() == 1 && r.amount < Decimal::ZERO)
    );

    let electricity = with_hint(&posted, "utilities.electricity");
    assert_eq!(electricity.len(), 24);
    assert!(
        electricity
            .iter()
            .map(|e| e.amount)
            .collect::<HashSet<_>>()
            .len()
            > 5,
        "small variation"
    );
    assert_eq!(with_hint(&posted, "utilities.internet_phone").len(), 48);
    assert_eq!(with_hint(&posted, "income.interest").len(), 8);
    assert!(
        posted
            .iter()
            .any(|t| t.description.starts_with("SEPA DIRECT DEBIT"))
    );
    assert!(
        posted
            .iter()
            .any(|t| t.description.starts_with("CARD PAYMENT REWE SAGT DANKE"))
    );
}

#[test]
fn subscriptions_change_price_and_one_is_cancelled() {
    let rows = two_years();
    let mut charges: BTreeMap<&str, Vec<&DemoTransaction>> = BTreeMap::new();
    for t in posted(&rows) {
        if [
            "Netflix",
            "Spotify",
            "Disney+",
            "FitX",
            "Apple iCloud+",
            "Deutschlandticket",
        ]
        .contains(&t.payee.as_str())
        {
            charges.entry(t.payee.as_str()).or_default().push(t);
        }
    }
    let changes: usize = charges
        .values()
        .map(|c| c.windows(2).filter(|w| w[0].amount != w[1].amount).count())
        .sum();
    assert!(changes >= 2, "{changes} price changes");
    // Netflix went up in October 2025, on its day of the month.
    let netflix = &charges["Netflix"];
    assert_eq!(netflix.len(), 24);
    assert!(
        netflix
            .iter()
            .all(|n| n.booked_on.day() == 14 && n.account_id == "card")
    );
    let up = netflix
        .windows(2)
        .find(|w| w[0].amount != w[1].amount)
        .unwrap();
    assert_eq!(
        (up[1].booked_on, up[0].amount, up[1].amount),
        (
            date(2025, 10, 14),
            Decimal::new(-13_99, 2),
            Decimal::new(-14_99, 2)
        )
    );
    // Disney+ was cancelled after the August 2025 charge.
    let disney = &charges["Disney+"];
    assert_eq!(disney.len(), 10);
    assert_eq!(disney.last().unwrap().booked_on, date(2025, 8, 9));
}

#[test]
fn transfers_between_own_accounts_have_opposite_amounts() {
    let rows = two_years();
    let posted = posted(&rows);
    let settled = as_of().date_naive() - Duration::days(3); // both legs are in by then
    for (hint, max_days, at_least) in [
        ("transfers.internal", 2, 20),
        ("transfers.credit_card", 3, 20),
    ] {
        let legs = with_hint(&posted, hint);
        let outgoing: Vec<_> = legs
            .iter()
            .filter(|t| t.amount < Decimal::ZERO && t.booked_on <= settled)
            .collect();
        assert!(outgoing.len() >= at_least, "{hint}: {}", outgoing.len());
        let mut used = HashSet::new();
        for out in outgoing {
            let other = legs
                .iter()
                .find(|t| {
                    t.account_id != out.account_id
                        && t.amount == -out.amount
                        && (0..=max_days).contains(&(t.booked_on - out.booked_on).num_days())
                        && !used.contains(&t.id)
                })
                .unwrap_or_else(|| panic!("no other leg for {out:?}"));
            used.insert(other.id.clone());
        }
    }
    // The card is paid from checking.
    let payoffs = with_hint(&posted, "transfers.credit_card");
    assert!(
        payoffs
            .iter()
            .all(|t| (t.account_id == "checking") == (t.amount < Decimal::ZERO))
    );
}

#[test]
fn refunds_follow_purchases_from_the_same_merchant() {
    let rows = two_years();
    let posted = posted(&rows);
    let refunds: Vec<_> = with_hint(&posted, "income.refunds")
        .into_iter()
        .filter(|r| r.booked_on >= from() + Duration::days(20))
        .collect();
    assert!(refunds.len() >= 3, "{} refunds", refunds.len());
    let (mut full, mut partial) = (0, 0);
    for refund in refunds {
        assert!(refund.amount > Decimal::ZERO);
        let purchase = posted
            .iter()
            .filter(|p| {
                p.account_id == refund.account_id
                    && p.payee == refund.payee
                    && p.amount < Decimal::ZERO
                    && -p.amount >= refund.amount
                    && (1..=15).contains(&(refund.booked_on - p.booked_on).num_days())
            })
            .max_by_key(|p| (-p.amount == refund.amount, p.booked_on));
        let purchase = purchase.unwrap_or_else(|| panic!("no purchase for {refund:?}"));
        if -purchase.amount == refund.amount {
            full += 1
        } else {
            partial += 1
        }
    }
    assert!(full > 0 && partial > 0, "full {full}, partial {partial}");
}

#[test]
fn both_currencies_each_on_its_account() {
    let rows = two_years();
    let currency: HashMap<String, &str> = DemoBank::new(SEED)
        .accounts()
        .into_iter()
        .map(|a| (a.id, a.currency))
        .collect();
    assert!(rows.iter().all(|t| t.currency == currency[&t.account_id]));
    assert!(
        rows.iter()
            .any(|t| t.currency == "USD" && t.payee == "Whole Foods")
    );
    assert!(rows.iter().any(|t| t.currency == "EUR"));
    assert!(rows.iter().any(|t| t.payee == "Albert Heijn"));
}

#[test]
fn pending_rows_are_card_purchases_of_the_last_three_days() {
    let bank = DemoBank::new(SEED);
    let mut seen = 0;
    for day in 0..30 {
        let now = as_of() - Duration::days(day);
        let today = now.date_naive();
        for t in bank.transactions(from(), now) {
            let age = (today - t.booked_on).num_days();
            if t.pending {
                seen += 1;
                assert!((0..=2).contains(&age), "pending for {age} days: {t:?}");
                assert!(
                    t.id.starts_with("demo-pending-") && t.amount < Decimal::ZERO,
                    "{t:?}"
                );
            } else {
                assert!(!t.id.starts_with("demo-pending-"));
            }
        }
    }
    assert!(seen >= 20, "{seen} pending rows in 30 days");
}

#[test]
fn pending_rows_post_later_under_new_ids() {
    let bank = DemoBank::new(SEED);
    // September and October 2026 include a trip to the US, where tips change the amount.
    let mut pending: BTreeMap<String, DemoTransaction> = BTreeMap::new();
    for day in 0..50 {
        for t in bank.transactions(from(), at(2026, 9, 1, 18) + Duration::days(day)) {
            if t.pending {
                pending.insert(t.id.clone(), t);
            }
        }
    }
    assert!(pending.len() >= 40, "{}", pending.len());
    let later = bank.transactions(from(), at(2026, 10, 31, 12));
    let mut used = HashSet::new();
    let mut tipped = 0;
    for p in pending.values() {
        assert!(later.iter().all(|t| t.id != p.id), "still shown: {p:?}");
        let candidates = |same: bool| {
            later.iter().find(|t| {
                !t.pending
                    && t.account_id == p.account_id
                    && t.payee == p.payee
                    && (1..=3).contains(&(t.booked_on - p.booked_on).num_days())
                    && if same {
                        t.amount == p.amount
                    } else {
                        t.amount < p.amount && cents(t.amount) * 100 >= cents(p.amount) * 125
                    }
                    && !used.contains(&t.id)
            })
        };
        let twin = candidates(true)
            .or_else(|| candidates(false))
            .unwrap_or_else(|| panic!("never posted: {p:?}"));
        if twin.amount != p.amount {
            tipped += 1;
        }
        used.insert(twin.id.clone());
    }
    assert!(tipped > 0, "no tip added between authorisation and posting");
}

#[test]
fn later_views_keep_posted_rows_and_their_ids() {
    let bank = DemoBank::new(SEED);
    let earlier = bank.transactions(from(), as_of());
    for later_at in [
        as_of() + Duration::minutes(1),
        as_of() + Duration::hours(9),
        as_of() + Duration::days(1),
        as_of() + Duration::days(45),
    ] {
        let later = bank.transactions(from(), later_at);
        let by_id: HashMap<&str, &DemoTransaction> =
            later.iter().map(|t| (t.id.as_str(), t)).collect();
        assert_eq!(by_id.len(), later.len(), "ids are unique");
        for t in &earlier {
            match by_id.get(t.id.as_str()) {
                Some(same) => assert_eq!(*same, t),
                None => assert!(t.pending, "posted row vanished: {t:?}"),
            }
        }
        assert!(later.len() >= earlier.len());
    }
    // `from` only trims the start.
    let since = date(2025, 6, 1);
    let trimmed: Vec<_> = earlier
        .iter()
        .filter(|t| t.booked_on >= since)
        .cloned()
        .collect();
    assert_eq!(bank.transactions(since, as_of()), trimmed);
}

#[test]
fn identical_purchases_on_one_day_are_separate_rows() {
    let rows = two_years();
    let mut groups: HashMap<(&str, NaiveDate, &str, Decimal, &str), Vec<&str>> = HashMap::new();
    for t in posted(&rows) {
        let key = (
            t.account_id.as_str(),
            t.booked_on,
            t.payee.as_str(),
            t.amount,
            t.description.as_str(),
        );
        groups.entry(key).or_default().push(&t.id);
    }
    let pairs = groups.values().filter(|ids| ids.len() >= 2).count();
    assert!(pairs >= 3, "{pairs} identical pairs");
}

#[test]
fn balances_are_opening_plus_posted_rows() {
    let bank = DemoBank::new(SEED);
    for now in [
        at(2023, 1, 1, 0),
        at(2023, 8, 15, 7),
        as_of(),
        at(2027, 2, 28, 23),
    ] {
        let mut expected: BTreeMap<String, Decimal> = ACCOUNTS
            .iter()
            .enumerate()
            .map(|(i, a)| {
                (
                    a.id.to_string(),
                    if opened_on(i) <= now.date_naive() {
                        money(a.opening_cents)
                    } else {
                        Decimal::ZERO
                    },
                )
            })
            .collect();
        for t in bank
            .transactions(first_day(), now)
            .into_iter()
            .filter(|t| !t.pending)
        {
            *expected.get_mut(&t.account_id).unwrap() += t.amount;
        }
        let actual: BTreeMap<String, Decimal> = bank.balances(now).into_iter().collect();
        assert_eq!(actual, expected, "as of {now}");
    }
}

#[test]
fn category_hints_are_default_category_slugs() {
    let sql = include_str!("../../../../migrations/20261123000004_categories.sql");
    let rows = DemoBank::new(SEED).transactions(first_day(), as_of());
    let hints: HashSet<&str> = rows.iter().map(|t| t.category_hint).collect();
    assert!(hints.len() >= 30, "{hints:?}");
    for hint in hints {
        assert!(
            sql.contains(&format!("('{hint}',")),
            "{hint} is not a default category"
        );
    }
}

#[test]
fn ids_and_amounts_are_well_formed() {
    for t in two_years() {
        assert_eq!(t.amount.scale(), 2, "{t:?}");
        assert_ne!(t.amount, Decimal::ZERO);
        let prefix = if t.pending { "demo-pending" } else { "demo" };
        let stem = format!(
            "{prefix}-{}-{}-",
            t.account_id,
            t.booked_on.format("%Y%m%d")
        );
        let n = t.id.strip_prefix(&stem).unwrap_or_else(|| panic!("{t:?}"));
        assert!(n.parse::<u32>().is_ok_and(|n| n >= 1), "{t:?}");
        assert!(!t.payee.is_empty() && !t.description.is_empty());
    }
}

#[test]
fn the_schedule_list_matches_the_ledger() {
    // In 2025 each scheduled item is booked 12, 4 or 1 times on its account, in its
    // direction; items sharing a payee add up.
    let rows = DemoBank::new(SEED).transactions(date(2025, 1, 1), at(2025, 12, 31, 23));
    let mut expected: BTreeMap<(&str, &str, bool), usize> = BTreeMap::new();
    for s in DemoBank::schedules() {
        let per_year = match s.cadence {
            "monthly" => 12,
            "quarterly" => 4,
            _ => 1,
        };
        let charged = match s.until {
            Some((2025, m)) => m as usize,
            Some(_) => 0,
            None => per_year,
        };
        *expected
            .entry((s.payee, s.account, s.outgoing))
            .or_default() += charged;
    }
    for ((payee, account, outgoing), count) in expected {
        let booked = rows
            .iter()
            .filter(|t| !t.pending && t.payee == payee && t.account_id == account)
            .filter(|t| t.amount.is_sign_negative() == outgoing && t.booked_on.year() == 2025)
            .count();
        assert_eq!(booked, count, "{payee} on {account}");
    }
}

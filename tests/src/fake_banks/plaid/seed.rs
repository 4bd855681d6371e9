//! What the fake bank holds when it starts: a US checking account and a credit card, with
//! a month of ordinary activity (pay, rent, bills, groceries, a card payment) and one card
//! purchase still pending. Amounts use Plaid's sign: positive is money out.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use rust_decimal::Decimal;

use super::state::{BankAccount, State, plaid_id};
use super::{FakeAccount, FakeTransaction};

/// (account, days ago, amount, name, merchant, original description, channel, category).
type Row = (
    FakeAccount,
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    (&'static str, &'static str),
);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    (FakeAccount::Checking, 27, "-2500.00", "ACME CORP PAYROLL", None,
        "ACME CORP PAYROLL PPD ID: 9876543210", "other", ("INCOME", "INCOME_WAGES")),
    (FakeAccount::Checking, 26, "1850.00", "Zelle payment to Oakwood Property Mgmt", None,
        "ZELLE TO OAKWOOD PROPERTY MGMT CONF# 7H3KD92", "other",
        ("RENT_AND_UTILITIES", "RENT_AND_UTILITIES_RENT")),
    (FakeAccount::Checking, 20, "92.13", "CON ED OF NY BILL PAYMENT", Some("Con Edison"),
        "CON ED OF NY DES:INTELL CK ID:2231442", "online",
        ("RENT_AND_UTILITIES", "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY")),
    (FakeAccount::Checking, 14, "84.27", "Whole Foods Market", Some("Whole Foods Market"),
        "WHOLE FOODS MKT #10234 NEW YORK NY", "in store", ("FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES")),
    (FakeAccount::Checking, 10, "60.00", "ATM WITHDRAWAL 0042 BROADWAY", None,
        "ATM WITHDRAWAL 0042 BROADWAY NEW YORK NY", "in store", ("TRANSFER_OUT", "TRANSFER_OUT_WITHDRAWAL")),
    (FakeAccount::Checking, 3, "5.45", "Starbucks", Some("Starbucks"),
        "STARBUCKS STORE 11893 NEW YORK NY", "in store", ("FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE")),
    (FakeAccount::Checking, 2, "500.00", "PLAID CREDIT CARD AUTOPAY", None,
        "PLAID CARD SERVICES AUTOPAY", "other", ("LOAN_PAYMENTS", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT")),
    (FakeAccount::CreditCard, 25, "42.99", "Amazon.com", Some("Amazon"),
        "AMZN Mktp US*2K4LL1Z90 Amzn.com/bill WA", "online",
        ("GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES")),
    (FakeAccount::CreditCard, 18, "18.30", "Uber 063015 SF**POOL**", Some("Uber"),
        "UBER *TRIP HELP.UBER.COM CA", "online", ("TRANSPORTATION", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES")),
    (FakeAccount::CreditCard, 8, "15.49", "Netflix", Some("Netflix"),
        "NETFLIX.COM 866-579-7172 CA", "online", ("ENTERTAINMENT", "ENTERTAINMENT_TV_AND_MOVIES")),
    (FakeAccount::CreditCard, 2, "-500.00", "PAYMENT THANK YOU", None,
        "AUTOMATIC PAYMENT - THANK YOU", "other", ("LOAN_PAYMENTS", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT")),
    // Not posted yet.
    (FakeAccount::CreditCard, 1, "38.12", "Shell", Some("Shell"),
        "SHELL OIL 57444212500 BROOKLYN NY", "in store", ("TRANSPORTATION", "TRANSPORTATION_GAS")),
];

pub(super) fn seeded(client_id: &str, secret: &str) -> State {
    let today = Utc::now().date_naive();
    let days_ago = |n: i64| today - Duration::days(n);
    let rows = ROWS;
    let last = rows.len() - 1;
    let transactions = rows
        .iter()
        .enumerate()
        .map(
            |(n, &(account, days, amount, name, merchant, original, channel, category))| {
                FakeTransaction {
                    transaction_id: plaid_id(37),
                    account,
                    amount: amount.parse().expect("seed amounts are decimals"),
                    date: days_ago(days),
                    // Purchases are authorized a day before they post.
                    authorized_date: Some(days_ago(days + 1)),
                    name: name.into(),
                    merchant_name: merchant.map(str::to_string),
                    original_description: original.into(),
                    pending: n == last,
                    pending_transaction_id: None,
                    payment_channel: channel.into(),
                    category: (category.0.into(), category.1.into()),
                }
            },
        )
        .collect();

    State {
        client_id: client_id.into(),
        secret: secret.into(),
        accounts: vec![
            BankAccount {
                account: FakeAccount::Checking,
                name: "Plaid Checking",
                official_name: "Plaid Gold Standard 0% Interest Checking",
                kind: "depository",
                subtype: "checking",
                mask: "0000",
                current: Decimal::new(421_055, 2),
                available: Decimal::new(415_055, 2),
                limit: None,
            },
            BankAccount {
                account: FakeAccount::CreditCard,
                name: "Plaid Credit Card",
                official_name: "Plaid Diamond 12.5% APR Interest Credit Card",
                kind: "credit",
                subtype: "credit card",
                mask: "3333",
                current: Decimal::new(61_240, 2),
                available: Decimal::new(438_760, 2),
                limit: Some(Decimal::new(5_000, 0)),
            },
        ],
        transactions,
        items: HashMap::new(),
        access_tokens: HashMap::new(),
        public_tokens: HashMap::new(),
        link_tokens: HashMap::new(),
        next_failure: None,
        mutate_after_next_page: false,
        calls: HashMap::new(),
        last_bodies: HashMap::new(),
    }
}

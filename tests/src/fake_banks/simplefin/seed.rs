//! The fake's starting data: one credit union, a checking account and a credit card, with a
//! few months of ordinary US transactions dated relative to the day the fake started.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{CARD_ID, CHECKING_ID, FakeTransaction, ORG_NAME};

/// An account the fake serves.
#[derive(Debug, Clone)]
pub(super) struct FakeAccount {
    pub id: String,
    pub name: String,
    /// ISO 4217 or a custom-currency URL.
    pub currency: String,
    pub balance: Decimal,
    pub available: Decimal,
    pub transactions: Vec<FakeTransaction>,
}

/// Noon UTC of the day `days_ago` before `today`, as Unix seconds.
pub(super) fn noon(today: NaiveDate, days_ago: u64) -> i64 {
    let day = today
        .checked_sub_days(Days::new(days_ago))
        .expect("a recent date");
    day.and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
        .timestamp()
}

fn posted(id: &str, at: i64, amount: Decimal, description: &str) -> FakeTransaction {
    FakeTransaction {
        id: id.into(),
        posted: at,
        amount,
        description: description.into(),
        payee: None,
        memo: None,
        transacted_at: Some(at),
        pending: false,
    }
}

fn with_payee(mut t: FakeTransaction, payee: &str) -> FakeTransaction {
    t.payee = Some(payee.into());
    t
}

/// Ten booked rows, one pending; two of them are more than 90 days old (for paging tests).
pub(super) fn accounts(today: NaiveDate) -> Vec<FakeAccount> {
    let d = |days| noon(today, days);
    let cents = |c| Decimal::new(c, 2);
    let mut pending = with_payee(
        posted(
            "TRN-chk-0001",
            0,
            cents(-6225),
            "WHOLE FOODS MKT #10234 SEATTLE WA",
        ),
        "Whole Foods Market",
    );
    pending.transacted_at = Some(d(1));
    pending.pending = true;
    let mut groceries = with_payee(
        posted(
            "TRN-chk-0003",
            d(5),
            cents(-8417),
            "POS DEBIT SAFEWAY #1234",
        ),
        "Safeway",
    );
    groceries.memo = Some("Card ending 4821".into());
    vec![
        FakeAccount {
            id: CHECKING_ID.into(),
            name: "Everyday Checking".into(),
            currency: "USD".into(),
            balance: cents(241_237),
            available: cents(235_012),
            transactions: vec![
                pending,
                with_payee(
                    posted(
                        "TRN-chk-0002",
                        d(3),
                        cents(245_000),
                        "ACH DEPOSIT ACME CORP PAYROLL",
                    ),
                    "Acme Corp",
                ),
                groceries,
                posted(
                    "TRN-chk-0004",
                    d(12),
                    cents(-50_000),
                    "ONLINE TRANSFER TO SAVINGS",
                ),
                with_payee(
                    posted("TRN-chk-0005", d(20), cents(-11_240), "PGANDE WEB ONLINE"),
                    "PG&E",
                ),
                posted("TRN-chk-0006", d(40), cents(-185_000), "CHECK #1042"),
                posted("TRN-chk-0007", d(75), cents(4500), "VENMO CASHOUT"),
                posted("TRN-chk-0008", d(130), cents(42), "INTEREST PAYMENT"),
            ],
        },
        FakeAccount {
            id: CARD_ID.into(),
            name: "Rewards Visa Credit Card".into(),
            currency: "USD".into(),
            balance: cents(-68_420),
            available: cents(431_580),
            transactions: vec![
                with_payee(
                    posted("TRN-card-0001", d(2), cents(-3999), "AMAZON MKTPLACE PMTS"),
                    "Amazon",
                ),
                with_payee(
                    posted("TRN-card-0002", d(8), cents(-4861), "SHELL OIL 57442"),
                    "Shell",
                ),
                posted("TRN-card-0003", d(15), cents(60_000), "PAYMENT THANK YOU"),
                with_payee(
                    posted("TRN-card-0004", d(150), cents(-41_280), "DELTA AIR 0062345"),
                    "Delta Air Lines",
                ),
            ],
        },
    ]
}

/// The documented Organization object; every seeded account comes from this one.
pub(super) fn org(root: &str) -> Value {
    json!({
        "domain": "cascadefcu.org",
        "sfin-url": root,
        "name": ORG_NAME,
        "url": "https://www.cascadefcu.org",
        "id": "cascadefcu.org",
    })
}

impl FakeTransaction {
    /// The documented Transaction object (plus the Bridge's `payee`/`memo`).
    pub(super) fn to_json(&self) -> Value {
        let mut t = json!({
            "id": self.id,
            "posted": self.posted,
            "amount": self.amount.to_string(),
            "description": self.description,
        });
        let fields = [
            ("payee", self.payee.clone().map(Value::from)),
            ("memo", self.memo.clone().map(Value::from)),
            ("transacted_at", self.transacted_at.map(Value::from)),
            ("pending", self.pending.then_some(Value::Bool(true))),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                t[key] = value;
            }
        }
        t
    }

    /// Where the date filters look: when it posted, or when it happened while pending.
    pub(super) fn filter_time(&self) -> i64 {
        if self.posted == 0 {
            self.transacted_at.unwrap_or(0)
        } else {
            self.posted
        }
    }
}

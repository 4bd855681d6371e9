//! What the fake GoCardless holds: issued tokens, institutions, agreements, requisitions and
//! the accounts behind them, seeded like the documented sandbox bank (Sandbox Finance).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use rand::RngCore;
use serde_json::{Value, json};

use super::{FakeFailure, FakeTransaction, SANDBOX_INSTITUTION};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenKind {
    Access,
    Refresh,
}

pub(super) struct Token {
    pub kind: TokenKind,
    pub expires_at: Instant,
}

pub(super) struct Agreement {
    pub id: String,
    pub created: DateTime<Utc>,
    pub institution_id: String,
    pub max_historical_days: u32,
    pub access_valid_for_days: u32,
    pub access_scope: Vec<String>,
    pub accepted: Option<DateTime<Utc>>,
    /// Set by `expire_agreement`: its access period is over.
    pub expired: bool,
}

impl Agreement {
    pub fn json(&self) -> Value {
        json!({
            "id": self.id,
            "created": self.created.to_rfc3339(),
            "institution_id": self.institution_id,
            "max_historical_days": self.max_historical_days,
            "access_valid_for_days": self.access_valid_for_days,
            "access_scope": self.access_scope,
            "accepted": self.accepted.map(|a| a.to_rfc3339()),
            "reconfirmation": false,
        })
    }
}

pub(super) struct Requisition {
    pub id: String,
    pub created: DateTime<Utc>,
    pub redirect: String,
    pub status: &'static str,
    pub institution_id: String,
    pub agreement: String,
    pub reference: Option<String>,
    pub accounts: Vec<String>,
    pub user_language: Option<String>,
    pub link: String,
}

impl Requisition {
    pub fn json(&self) -> Value {
        json!({
            "id": self.id,
            "created": self.created.to_rfc3339(),
            "redirect": self.redirect,
            "status": self.status,
            "institution_id": self.institution_id,
            "agreement": self.agreement,
            "reference": self.reference,
            "accounts": self.accounts,
            "user_language": self.user_language,
            "link": self.link,
            "ssn": null,
            "account_selection": false,
            "redirect_immediate": false,
        })
    }
}

pub(super) struct Account {
    pub id: String,
    pub created: DateTime<Utc>,
    pub institution_id: String,
    pub iban: String,
    pub currency: &'static str,
    pub name: &'static str,
    pub product: &'static str,
    pub cash_account_type: &'static str,
    pub owner_name: &'static str,
    /// (balanceType, amount, referenceDate)
    pub balances: Vec<(&'static str, &'static str, NaiveDate)>,
    pub booked: Vec<Value>,
    pub pending: Vec<Value>,
}

pub(super) struct State {
    pub base: String,
    pub secret_id: String,
    pub secret_key: String,
    /// Lifetimes of tokens issued from now on, in seconds (the API's are 24 h and 30 days).
    pub access_expires: u64,
    pub refresh_expires: u64,
    pub tokens: HashMap<String, Token>,
    pub institutions: Vec<Value>,
    pub agreements: HashMap<String, Agreement>,
    pub requisitions: HashMap<String, Requisition>,
    pub accounts: Vec<Account>,
    /// Successful bank calls per (account, scope), for the per-account daily limit.
    pub account_calls: HashMap<(String, &'static str), u32>,
    pub next_failure: Option<FakeFailure>,
    /// `METHOD /path` of every request, in order.
    pub calls: Vec<String>,
}

impl State {
    pub fn new(base: String) -> Self {
        let today = Utc::now().date_naive();
        Self {
            base,
            secret_id: uuid::Uuid::new_v4().to_string(),
            secret_key: hex(64),
            access_expires: 86_400,
            refresh_expires: 2_592_000,
            tokens: HashMap::new(),
            institutions: institutions(),
            agreements: HashMap::new(),
            requisitions: HashMap::new(),
            accounts: accounts(today),
            account_calls: HashMap::new(),
            next_failure: None,
            calls: Vec::new(),
        }
    }

    /// A JWT-shaped token (header.payload.signature), remembered with its expiry.
    pub fn issue(&mut self, kind: TokenKind) -> (String, u64) {
        let lifetime = match kind {
            TokenKind::Access => self.access_expires,
            TokenKind::Refresh => self.refresh_expires,
        };
        let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let claims = json!({
            "token_type": if kind == TokenKind::Access { "access" } else { "refresh" },
            "exp": Utc::now().timestamp() + i64::try_from(lifetime).unwrap_or(i64::MAX / 2),
            "jti": uuid::Uuid::new_v4().simple().to_string(),
            "id": 4242,
            "secret_id": self.secret_id,
        });
        let mut signature = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut signature);
        let token = format!(
            "{}.{}.{}",
            part(json!({"alg": "HS256", "typ": "JWT"})),
            part(claims),
            URL_SAFE_NO_PAD.encode(signature)
        );
        let expires_at = Instant::now() + Duration::from_secs(lifetime);
        self.tokens
            .insert(token.clone(), Token { kind, expires_at });
        (token, lifetime)
    }

    pub fn valid(&self, token: &str, kind: TokenKind) -> bool {
        self.tokens
            .get(token)
            .is_some_and(|t| t.kind == kind && Instant::now() < t.expires_at)
    }

    pub fn institution(&self, id: &str) -> Option<&Value> {
        self.institutions.iter().find(|i| i["id"] == id)
    }

    /// The linked requisition that gives access to an account, if one still exists.
    pub fn requisition_of(&self, account_id: &str) -> Option<&Requisition> {
        self.requisitions
            .values()
            .find(|r| r.accounts.iter().any(|a| a == account_id))
    }

    pub fn account_mut(&mut self, id: &str) -> &mut Account {
        self.accounts
            .iter_mut()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("the fake GoCardless has no account {id}"))
    }
}

fn hex(len: usize) -> String {
    let mut bytes = vec![0u8; len / 2];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sandbox Finance as documented, and real-looking banks with their documented limits
/// (`transaction_total_days` and `max_access_valid_for_days` are strings in the API).
fn institutions() -> Vec<Value> {
    const EEA: [&str; 10] = ["AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "NL", "PT"];
    let bank = |id: &str, name: &str, bic: &str, days: &str, access: &str, countries: &[&str]| {
        json!({
            "id": id,
            "name": name,
            "bic": bic,
            "transaction_total_days": days,
            "max_access_valid_for_days": access,
            "countries": countries,
            "logo": format!("https://cdn-logos.gocardless.com/ais/{id}.png"),
            "supported_features": ["account_selection", "business_accounts", "card_accounts",
                "pending_transactions", "private_accounts"],
            "identification_codes": [],
        })
    };
    vec![
        bank(
            SANDBOX_INSTITUTION,
            "Sandbox Finance",
            "SFIN0000",
            "90",
            "90",
            &["XX"],
        ),
        bank("N26_NTSBDEB1", "N26 Bank", "NTSBDEB1", "730", "180", &EEA),
        bank("REVOLUT_REVOLT21", "Revolut", "REVOLT21", "730", "90", &EEA),
        bank(
            "SPARKASSE_BERLIN_BELADEBEXXX",
            "Berliner Sparkasse",
            "BELADEBEXXX",
            "540",
            "180",
            &["DE"],
        ),
        bank(
            "BNP_PARIBAS_BNPAFRPP",
            "BNP Paribas",
            "BNPAFRPP",
            "365",
            "90",
            &["FR"],
        ),
    ]
}

/// Two EUR accounts at Sandbox Finance: a current account with a month of everyday payments
/// (two card payments still pending) and a savings account.
fn accounts(today: NaiveDate) -> Vec<Account> {
    let day = |n: i64| today - chrono::Duration::days(n);
    let main_booked = [
        FakeTransaction::new(day(2), "-54.37", "REWE Markt GmbH", "REWE SAGT DANKE 44117"),
        FakeTransaction::new(day(3), "-10.99", "Spotify AB", "Spotify Premium P2F1C7A9"),
        FakeTransaction::new(
            day(5),
            "-38.20",
            "Aral Station 2241",
            "Kartenzahlung Aral 2241",
        ),
        FakeTransaction::new(day(7), "2850.00", "ACME Software GmbH", "Gehalt / Salary"),
        FakeTransaction::new(
            day(8),
            "-950.00",
            "Hausverwaltung Mueller",
            "Miete Wohnung 3. OG",
        ),
        FakeTransaction::new(
            day(12),
            "-89.90",
            "Stadtwerke Muenchen",
            "Abschlag Strom und Gas",
        ),
        FakeTransaction::new(day(15), "-23.45", "dm-drogerie markt", "")
            .with_text_array(&["Kartenzahlung dm-drogerie", "Filiale 1187"]),
        FakeTransaction::new(day(19), "-120.00", "Jane Example", "Sparrate Tagesgeld"),
        FakeTransaction::new(day(24), "45.00", "Max Mustermann", "Anteil Konzertkarten")
            .internal_id_only(),
        FakeTransaction::new(
            day(40),
            "-64.80",
            "DB Fernverkehr AG",
            "DB Ticket Berlin-Muenchen",
        ),
    ];
    let main_pending = [
        FakeTransaction::new(
            day(1),
            "-45.50",
            "Amazon EU S.a r.l.",
            "Reserved PAYMENT Amazon",
        )
        .without_id(),
        FakeTransaction::new(
            day(0),
            "-12.99",
            "Netflix International B.V.",
            "Reserved Netflix",
        )
        .without_id(),
    ];
    let savings_booked = [
        FakeTransaction::new(day(19), "120.00", "Jane Example", "Sparrate Tagesgeld"),
        FakeTransaction::new(day(50), "0.85", "Sandbox Finance", "Zinsen Q1"),
        FakeTransaction::new(day(80), "200.00", "Jane Example", "Sparrate Tagesgeld"),
    ];
    let account = |iban: &str,
                   name,
                   product,
                   kind,
                   balances,
                   booked: &[FakeTransaction],
                   pending: &[FakeTransaction]| Account {
        id: uuid::Uuid::new_v4().to_string(),
        created: Utc::now(),
        institution_id: SANDBOX_INSTITUTION.into(),
        iban: iban.into(),
        currency: "EUR",
        name,
        product,
        cash_account_type: kind,
        owner_name: "Jane Example",
        balances,
        booked: booked.iter().map(|t| t.json(false)).collect(),
        pending: pending.iter().map(|t| t.json(true)).collect(),
    };
    vec![
        account(
            "GL3343697694912188",
            "Main Account",
            "Girokonto",
            "CACC",
            // Available = booked less the two pending card payments.
            vec![
                ("closingBooked", "2614.83", day(1)),
                ("interimAvailable", "2556.34", today),
                ("expected", "2556.34", today),
            ],
            &main_booked,
            &main_pending,
        ),
        account(
            "GL0865354374424724",
            "Savings",
            "Tagesgeld",
            "SVGS",
            vec![
                ("closingBooked", "5120.85", day(1)),
                ("interimAvailable", "5120.85", today),
            ],
            &savings_booked,
            &[],
        ),
    ]
}

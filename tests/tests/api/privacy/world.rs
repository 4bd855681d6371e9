//! Two users with every kind of data Kakeibo keeps: accounts, imports, transactions with
//! splits, tags and notes, categories, rules, budgets, goals and contributions, recurring
//! payments, notifications and preferences, a linked Telegram chat with a conversation,
//! bank connections at the fake Plaid and GoCardless, sessions, an API token, security
//! events, ask conversations, a data export; and the per-table counts that show what each one owns.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, SANDBOX_INSTITUTION};
use kakeibo_tests::fake_banks::plaid::FakePlaid;
use kakeibo_tests::fake_telegram::Person;
use kakeibo_tests::http::{account, category, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::telegram::BotWorld;

pub struct World {
    pub bot: BotWorld,
    pub plaid: FakePlaid,
    pub gocardless: FakeGoCardless,
}

/// A user of the world, with what identifies them outside their rows.
pub struct Member {
    pub user: TestUser,
    pub chat: Person,
    /// The GoCardless requisition behind their connection.
    pub requisition: String,
}

impl World {
    pub async fn start() -> anyhow::Result<Self> {
        let plaid = FakePlaid::start().await;
        let gocardless = FakeGoCardless::start().await;
        let (plaid_settings, gocardless_settings) = (plaid.settings(), gocardless.settings());
        let bot = BotWorld::start_with(move |s| {
            s.bank.plaid = plaid_settings;
            s.bank.gocardless = gocardless_settings;
            s.server.public_url = "https://kakeibo.example.org/".into();
        })
        .await?;
        Ok(Self {
            bot,
            plaid,
            gocardless,
        })
    }

    /// A verified user with every kind of data; `chat_id` is their Telegram chat.
    pub async fn user_with_everything(&self, email: &str, chat_id: i64) -> anyhow::Result<Member> {
        let app = &self.bot.app;
        let user = app.verified_user(email).await?;
        let checking = account(app, &user, "Checking").await?;
        // Thresholds first: the import's large repair is then a notification.
        expect(
            app,
            &user,
            Method::PUT,
            "/notifications/preferences",
            Some(json!({
            "large_transaction": [{ "currency": "EUR", "amount": "500" }],
            "low_balance": [{ "account_id": checking, "amount": "100" }] })),
            StatusCode::OK,
        )
        .await?;
        crate::notifications::import(app, &user, checking, &statement(app.today("UTC").await?))
            .await?;

        // A transaction by hand with notes and tags, then split in two.
        let groceries = category(app, &user, "food.groceries").await?;
        let home = category(app, &user, "shopping.home").await?;
        let added = expect(app, &user, Method::POST, "/transactions", Some(json!({
            "account_id": checking, "booked_on": "2026-02-14", "amount": "-80.00",
            "description": "Market hall", "notes": format!("gift for {email}"), "tags": ["gift", "family"] })),
            StatusCode::CREATED).await?;
        let id = added["id"].as_str().unwrap();
        expect(app, &user, Method::POST, &format!("/transactions/{id}/split"), Some(json!({ "parts": [
            { "amount": "-50", "category_id": groceries }, { "amount": "-30", "category_id": home }] })),
            StatusCode::OK).await?;

        let own = expect(
            app,
            &user,
            Method::POST,
            "/categories",
            Some(json!({ "name": "Side projects", "kind": "expense" })),
            StatusCode::CREATED,
        )
        .await?;
        expect(
            app,
            &user,
            Method::POST,
            "/rules",
            Some(json!({ "name": "Streaming",
            "triggers": [{ "type": "description", "op": "contains", "value": "streamflix" }],
            "actions": { "category_id": own["id"] } })),
            StatusCode::CREATED,
        )
        .await?;
        expect(
            app,
            &user,
            Method::POST,
            "/budgets",
            Some(json!({ "name": "Food", "category_id": groceries,
            "currency": "EUR", "period": "monthly", "amount": "400", "starts_on": "2026-01-01" })),
            StatusCode::CREATED,
        )
        .await?;
        let goal = expect(
            app,
            &user,
            Method::POST,
            "/goals",
            Some(json!({ "name": "Bike",
            "target_amount": "1000", "currency": "EUR", "target_date": "2027-06-30" })),
            StatusCode::CREATED,
        )
        .await?;
        expect(app, &user, Method::POST, &format!("/goals/{}/contributions", goal["id"].as_str().unwrap()),
            Some(json!({ "amount": "120", "contributed_on": "2026-03-01", "note": "birthday money" })),
            StatusCode::CREATED).await?;
        expect(
            app,
            &user,
            Method::POST,
            "/auth/tokens",
            Some(json!({ "name": "script", "scopes": ["read"] })),
            StatusCode::CREATED,
        )
        .await?;
        expect(
            app,
            &user,
            Method::POST,
            "/ask",
            Some(json!({ "question": "How much did I spend on groceries?" })),
            StatusCode::OK,
        )
        .await?;
        // A wrong password: a security event and a rate-limit window naming the address.
        let failed = app
            .post_json(
                "/auth/login",
                &json!({ "email": email, "password": "not the password" }),
            )
            .await?;
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);

        let chat = Person::new(chat_id, "Owner");
        self.bot.link(&user, &chat).await?;
        self.bot
            .ask(&chat, "how much did I spend on groceries?")
            .await;

        link_plaid(app, &self.plaid, &user).await?;
        let requisition = self.connect_gocardless(&user).await?;
        // A data export: its request row, and its zip under `privacy.exports_dir`.
        expect(
            app,
            &user,
            Method::POST,
            "/privacy/export",
            None,
            StatusCode::ACCEPTED,
        )
        .await?;
        app.drain_jobs().await?;
        Ok(Member {
            user,
            chat,
            requisition,
        })
    }

    /// Connects Sandbox Finance; answers the requisition's id.
    async fn connect_gocardless(&self, user: &TestUser) -> anyhow::Result<String> {
        let app = &self.bot.app;
        let started = expect(
            app,
            user,
            Method::POST,
            "/connections",
            Some(json!({ "provider": "gocardless", "institution_id": SANDBOX_INSTITUTION })),
            StatusCode::CREATED,
        )
        .await?;
        let id = started["connection"]["id"].as_str().unwrap();
        let link = started["next_step"]["url"].as_str().unwrap();
        self.gocardless.consent(link).await;
        expect(
            app,
            user,
            Method::POST,
            &format!("/connections/{id}/complete"),
            Some(json!({})),
            StatusCode::OK,
        )
        .await?;
        // The consent page is `…/{requisition id}/`.
        Ok(link.split('/').rev().nth(1).unwrap().to_string())
    }

    /// Rows per table holding `user_id` in a `user_id` column (the `users` row by `id`).
    pub async fn rows_of(&self, user_id: Uuid) -> anyhow::Result<BTreeMap<String, i64>> {
        let pool = &self.bot.app.db.pool;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT c.table_name::text FROM information_schema.columns c
             JOIN information_schema.tables t USING (table_schema, table_name)
             WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'
             ORDER BY 1",
        )
        .fetch_all(pool)
        .await?;
        let mut counts = BTreeMap::new();
        for table in tables.iter().map(String::as_str).chain(["users"]) {
            let column = if table == "users" { "id" } else { "user_id" };
            let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT count(*) FROM \"{table}\" WHERE {column} = $1"
            )))
            .bind(user_id)
            .fetch_one(pool)
            .await?;
            counts.insert(table.to_string(), count);
        }
        Ok(counts)
    }
}

/// Salary, a monthly subscription (a recurring series), rent, and a large repair (a
/// notification), over the six months before `today`'s month.
fn statement(today: NaiveDate) -> String {
    let mut csv = String::from("Date,Description,Amount\n");
    let first = today.with_day(1).unwrap();
    for back in 1..=6 {
        let month = first - Months::new(back);
        let day = |d| month.with_day(d).unwrap();
        csv.push_str(&format!("{},Salary ACME,2500.00\n", day(1)));
        csv.push_str(&format!("{},STREAMFLIX subscription,-12.99\n", day(3)));
        csv.push_str(&format!("{},Rent Mietwohnung,-900.00\n", day(2)));
        csv.push_str(&format!(
            "{},Trattoria Da Enzo,-{}.00\n",
            day(10 + back),
            40 + back * 3
        ));
    }
    csv.push_str(&format!(
        "{},Car Repair Shop,-750.00\n",
        first - Months::new(1)
    ));
    csv
}

/// The tables each user of the world must have rows in before the erasure: every kind.
pub const EXPECTED_TABLES: &[&str] = &[
    "users",
    "sessions",
    "refresh_tokens",
    "api_tokens",
    "audit_log",
    "accounts",
    "imports",
    "bank_connections",
    "transactions",
    "transaction_splits",
    "categories",
    "rules",
    "budgets",
    "budget_amounts",
    "goals",
    "goal_contributions",
    "recurring_series",
    "analytics_daily",
    "notifications",
    "notification_large_thresholds",
    "notification_low_balance",
    "telegram_links",
    "telegram_conversations",
    "ask_conversations",
    "ask_turns",
    "privacy_exports",
];

/// Links a bank at the fake Plaid as `user`, as the dashboard does with Link's public token.
pub async fn link_plaid(app: &TestApp, plaid: &FakePlaid, user: &TestUser) -> anyhow::Result<()> {
    let started = expect(
        app,
        user,
        Method::POST,
        "/connections",
        Some(json!({ "provider": "plaid" })),
        StatusCode::CREATED,
    )
    .await?;
    let id = started["connection"]["id"].as_str().unwrap();
    let token = plaid.public_token().await;
    expect(
        app,
        user,
        Method::POST,
        &format!("/connections/{id}/complete"),
        Some(json!({ "token": token })),
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

//! The demo user's budgets and savings goals, made once, so a fresh install shows every kind
//! of budget (weekly, monthly, yearly; rollover; a total; spending in dollars converted) and
//! both kinds of goal next to the demo bank's history. A user who already has a budget or a
//! goal keeps exactly what they have.

use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use kakeibo_budget::budgets::{self, BudgetFields};
use kakeibo_budget::goals::{self, GoalFields};
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

/// What [`ensure`] made.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Planned {
    pub budgets: usize,
    pub goals: usize,
}

struct DemoBudget {
    name: &'static str,
    /// A built-in category's slug; `None` for all spending.
    slug: Option<&'static str>,
    period: &'static str,
    amount: i64,
    rollover: &'static str,
    /// Rollover counted from this many months back.
    months_back: u32,
}

const BUDGETS: [DemoBudget; 5] = [
    DemoBudget {
        name: "Groceries",
        slug: Some("food.groceries"),
        period: "monthly",
        amount: 250,
        rollover: "surplus",
        months_back: 6,
    },
    DemoBudget {
        name: "Eating out",
        slug: Some("food.restaurants"),
        period: "monthly",
        amount: 150,
        rollover: "both",
        months_back: 3,
    },
    DemoBudget {
        name: "Coffee",
        slug: Some("food.coffee"),
        period: "weekly",
        amount: 20,
        rollover: "none",
        months_back: 0,
    },
    DemoBudget {
        name: "Travel",
        slug: Some("travel"),
        period: "yearly",
        amount: 6000,
        rollover: "none",
        months_back: 0,
    },
    DemoBudget {
        name: "Everything",
        slug: None,
        period: "monthly",
        amount: 3500,
        rollover: "none",
        months_back: 0,
    },
];

/// Makes the demo budgets and goals unless the user has some already; enqueues a budget check
/// so threshold alerts appear without waiting for the next sync.
pub async fn ensure(db: &PgPool, user_id: Uuid) -> anyhow::Result<Planned> {
    let mut tx = db.begin().await?;
    let has_budgets = !budgets::list(&mut tx, user_id).await?.is_empty();
    if has_budgets || !goals::list(&mut tx, user_id).await?.is_empty() {
        return Ok(Planned::default());
    }
    let today = Utc::now().date_naive();
    let categories = kakeibo_transactions::categories::list(&mut tx, user_id).await?;
    let category = |slug: &str| {
        categories
            .iter()
            .find(|c| c.default_slug.as_deref() == Some(slug))
            .map(|c| c.id)
    };
    let mut planned = Planned::default();
    for b in &BUDGETS {
        let category_id = match b.slug {
            Some(slug) => match category(slug) {
                Some(id) => Some(id),
                None => continue, // renamed or deleted by the user: skip, do not guess
            },
            None => None,
        };
        let fields = BudgetFields {
            name: Some(b.name.into()),
            category_id: Some(category_id),
            period: Some(b.period.into()),
            amount: Some(Decimal::from(b.amount)),
            currency: Some("EUR".into()),
            rollover: Some(b.rollover.into()),
            thresholds: None,
            starts_on: Some(first_of_month(today, b.months_back)),
        };
        budgets::create(&mut tx, user_id, &fields).await?;
        planned.budgets += 1;
    }

    let accounts = kakeibo_bank_sync::accounts_api::accounts(&mut tx, user_id).await?;
    if let Some(savings) = accounts.iter().find(|a| a.kind == "savings") {
        let emergency = GoalFields {
            name: Some("Emergency fund".into()),
            target_amount: Some(Decimal::from(15_000)),
            currency: Some(savings.currency.clone()),
            target_date: Some(first_of_month(today, 0) + Months::new(18)),
            account_id: Some(Some(savings.id)),
        };
        goals::create(&mut tx, user_id, &emergency).await?;
        planned.goals += 1;
    }
    let holiday = GoalFields {
        name: Some("Summer holiday".into()),
        target_amount: Some(Decimal::from(2_400)),
        currency: Some("EUR".into()),
        target_date: Some(next_july(today)),
        account_id: None,
    };
    let holiday = goals::create(&mut tx, user_id, &holiday).await?;
    // 250 every 30 days, the last a week ago: three in the 90-day window, so the projection
    // (168 days away) is always before the target (July 1st, at least 181 days away).
    for days_back in [7, 37, 67, 97] {
        let on = today - Days::new(days_back);
        let note = Some("monthly transfer");
        goals::contribute(
            &mut tx,
            user_id,
            holiday.id,
            Decimal::from(250),
            Some(on),
            note,
        )
        .await?;
    }
    planned.goals += 1;

    let event = kakeibo_core::jobs::TransactionsChanged { user_id };
    kakeibo_core::jobs::enqueue_coalesced(&mut tx, &[kakeibo_core::jobs::BUDGET_QUEUE], &[event])
        .await?;
    tx.commit().await?;
    Ok(planned)
}

/// The first of the month `months_back` months before `today`'s.
fn first_of_month(today: NaiveDate, months_back: u32) -> NaiveDate {
    let first = today - Days::new(u64::from(today.day0()));
    first - Months::new(months_back)
}

/// July 1st of next year if this year's has passed or is under six months away.
fn next_july(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 7, 1).expect("a date");
    if this_year - Months::new(6) > today {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 7, 1).expect("a date")
    }
}

//! What a question asks, in a form the read tools can answer. An `Intent` is stored with each
//! conversation turn (serde) and shown in "how I got this", so every part of it is plain data:
//! dates resolved against the asker's "today", categories and accounts by the user's own ids,
//! merchants by the display names in the user's vocabulary.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One question, understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub ask: Ask,
    /// The period asked about. `None` when the question needs none (balances, budgets right
    /// now, the list of subscriptions) or names none for a list (all of history, newest
    /// first). "Ever" is said explicitly: from 2000-01-01 to today.
    pub period: Option<Period>,
    #[serde(default)]
    pub filters: Filters,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<GroupBy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<Comparison>,
    /// "on average per month": the figure is the period's total divided by its months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_per: Option<AverageUnit>,
    /// Superlatives ("biggest", "where most") are a sort and a limit of 1; "top 5" a limit of 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// An ISO 4217 code when the question asks for amounts in one currency ("in dollars").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The answer asked for is a percentage: a savings rate, a budget's or goal's share.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub percent: bool,
    /// What a forecast is asked for: the spending to come, the net change, or (by default)
    /// the balance it leads to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_of: Option<ForecastOf>,
    /// "How much of the budget have I spent / used": the amount spent, not what is left.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub budget_spent: bool,
    /// "Which bills are due": the answer names them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub names_asked: bool,
    /// "How much do I owe": the debt, a negative balance said as a positive amount.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub owed: bool,
    /// Which figure of a budget or goal is asked: what is left, what is available, its
    /// amount (a budget's, a goal's target), or when (a goal reached, a payment due).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<FigureAsked>,
    /// Which kind of anomaly or insight is asked: unusually large purchases, category
    /// spikes, categories above their usual, price increases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PatternKind>,
    /// "The biggest expense" with no currency said, for a user with several: amounts in
    /// different currencies are not ranked together, so each currency is ranked on its own,
    /// the base currency first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranked_currencies: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    /// Anomalies: large for the merchant or category, or a large first purchase.
    Large,
    /// Anomalies: a category's month far above usual.
    Spike,
    /// Insights: categories above their average.
    AboveUsual,
    /// Insights: price increases.
    PriceIncrease,
}

impl PatternKind {
    /// The stored kinds (`anomalies.kind`, `insights.kind`) it covers.
    pub fn stored(self) -> &'static [&'static str] {
        match self {
            PatternKind::Large => &["large_for_merchant", "large_for_category", "new_merchant"],
            PatternKind::Spike => &["spike_month"],
            PatternKind::AboveUsual => &["category_above_average"],
            PatternKind::PriceIncrease => &["price_increase"],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureAsked {
    Left,
    Available,
    Amount,
    When,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastOf {
    Spending,
    Net,
}

impl Intent {
    /// An intent that asks only `ask`, with no period, filter or shaping.
    pub fn new(ask: Ask) -> Self {
        Intent {
            ask,
            period: None,
            filters: Filters::default(),
            group_by: None,
            compare: None,
            average_per: None,
            sort: None,
            limit: None,
            currency: None,
            percent: false,
            forecast_of: None,
            budget_spent: false,
            names_asked: false,
            owed: false,
            figure: None,
            kind: None,
            ranked_currencies: Vec::new(),
        }
    }

    pub fn out_of_scope(reason: OutOfScopeReason) -> Self {
        Intent::new(Ask::OutOfScope { reason })
    }

    pub fn is_out_of_scope(&self) -> bool {
        matches!(self.ask, Ask::OutOfScope { .. })
    }
}

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ask {
    /// Money out (transfers between own accounts excluded): a total, or rows when grouped.
    Spending,
    /// Money in (transfers excluded).
    Income,
    /// The transactions themselves, filtered, sorted and limited.
    Transactions,
    /// How many transactions match ("how many times did I go to Starbucks").
    Count,
    /// Balances per account (filtered by `filters.accounts` when some are named).
    Balances,
    /// Assets minus debts, per currency, converted when `currency` is set.
    NetWorth,
    /// Income − spending for the period, transfers excluded ("how much did I save").
    CashFlow,
    /// Budget status, remaining and pace (for `filters.categories` when some are named).
    Budgets,
    /// Savings goals: progress and projection.
    Goals,
    /// Recurring payments and subscriptions.
    Recurring { view: RecurringView },
    /// Unusual transactions or spending.
    Anomalies,
    /// The insights already computed for the user.
    Insights,
    /// The balance forecast.
    Forecast,
    /// Meaning-based search over transactions ("coffee shops", "flights"), within `period`.
    Search { query: String },
    /// Not something the ask engine answers from the user's data; never a guessed figure.
    OutOfScope { reason: OutOfScopeReason },
}

/// Which view of recurring payments is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum RecurringView {
    List,
    /// What they cost per month, together.
    MonthlyTotal,
    /// Those due within the next `days` days (from today, inclusive).
    Upcoming {
        days: u32,
    },
    PriceIncreases,
    /// The series that ended ("which subscriptions have I stopped").
    Ended,
}

/// Why a question is not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfScopeReason {
    /// "Should I buy Tesla stock?": advice, not the user's data.
    InvestmentAdvice,
    Weather,
    /// Facts about the world ("capital of France", "who is …").
    GeneralKnowledge,
    /// Sums unrelated to the user's data ("what is 15% of 80").
    Arithmetic,
    /// "Delete my transactions", "change the category": the ask engine only reads.
    ChangesData,
    /// Empty, or nothing in it but noise.
    Empty,
    /// About money, perhaps, but not understood; a guess would risk a wrong figure.
    NotUnderstood,
}

/// A date range, both ends inclusive, with how the question said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub said: PeriodSaid,
    /// True when the question named no period and this is the default for what it asks
    /// (this month so far for totals; the last 12 whole months for averages and trends).
    #[serde(default)]
    pub assumed: bool,
    /// The words as normalised ("letzten monat"), empty when the period was assumed or derived.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// How a period was said, so the answer can echo it in its own language ("last month"),
/// or say which period it assumed when the question named none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum PeriodSaid {
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    /// This month, up to today ("so far this month" too).
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    ThisQuarter,
    LastQuarter,
    /// A calendar month named by the question ("in October", "in March 2025").
    Month {
        month: u32,
        year: i32,
    },
    Quarter {
        quarter: u32,
        year: i32,
    },
    Year {
        year: i32,
    },
    /// A single weekday ("on Monday"): the most recent one not after today; "last Friday"
    /// is the most recent one before today.
    Weekday {
        weekday: chrono::Weekday,
    },
    /// "the last 3 months": rolling, from the day after the same date 3 months ago to today.
    Last {
        count: u32,
        unit: PeriodUnit,
    },
    /// "since June": from the named start up to today.
    Since {
        from: Box<PeriodSaid>,
    },
    /// Derived from the previous question's period ("and the month before?").
    Before {
        of: Box<PeriodSaid>,
    },
    /// An explicit range ("from 1 March to 15 April") or anything else resolved to dates.
    Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Day,
    Week,
    Month,
    Year,
}

/// What the figures are narrowed to. Empty lists mean "no narrowing".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategoryFilter>,
    /// Merchant display names exactly as in the user's vocabulary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merchants: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountFilter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Absolute amounts: "over 100" is any transaction of more than 100, in or out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_over: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_under: Option<Decimal>,
    /// Words the transaction's text must contain (quoted in the question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The budget named, by its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<String>,
    /// The savings goal named, by its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// Every category id to include: the named ones and all categories below them.
    pub fn category_ids(&self) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self
            .categories
            .iter()
            .flat_map(|c| c.ids.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// A category the question named, with the ids it covers (itself first, then its descendants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryFilter {
    pub id: Uuid,
    pub name: String,
    pub ids: Vec<Uuid>,
    /// expense, income or transfer: which way the money of "how many" goes.
    #[serde(default)]
    pub kind: String,
    /// The built-in category it was made from, if any: answers name it in their language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFilter {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Day,
    Week,
    Month,
    Category,
    Merchant,
    Account,
}

/// The question compares its period with another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub basis: ComparisonBasis,
    /// The period compared with, resolved.
    pub against: Period,
    /// "How much more": the answer is the difference, not the two figures.
    #[serde(default)]
    pub difference: bool,
    /// "How much less": the difference the other way round, the compared period less this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub less: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonBasis {
    /// The period of the same length just before ("than last month").
    PreviousPeriod,
    SamePeriodLastYear,
    /// A period the question named ("October compared with September").
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AverageUnit {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// The absolute amount (the biggest expense and the biggest refund both sort first).
    Amount,
    Date,
}

/// The languages questions are understood in; answers are worded in the question's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    En,
    De,
    Fr,
    Es,
    It,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::En,
        Language::De,
        Language::Fr,
        Language::Es,
        Language::It,
    ];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Es => "es",
            Language::It => "it",
        }
    }
}

/// The result of `understand`: the intent, the question's language, and which words meant
/// what (for "how I got this").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Understood {
    pub intent: Intent,
    pub language: Language,
    /// True when the question was read as a follow-up of the previous intent.
    #[serde(default)]
    pub follow_up: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<Matched>,
}

/// Words of the question and what they were taken to mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    /// The words, as normalised (lower case, accents folded).
    pub words: String,
    pub role: Role,
    /// What they matched: a category's or merchant's name, a date range, a number.
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Ask,
    Period,
    Category,
    Merchant,
    Account,
    Tag,
    /// A budget or savings goal.
    Plan,
    Amount,
    Comparison,
    GroupBy,
    Sort,
    Average,
    Currency,
    Text,
    FollowUp,
    OutOfScope,
}

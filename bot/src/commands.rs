//! The commands. Every figure comes from the ask engine's read tools (which call the owning
//! crates' functions), so a command and the same question asked in words agree.

use chrono::{Datelike, Days, NaiveDate};
use kakeibo_ask::tools::{
    self, BalancesInput, BudgetsInput, FlowKind, GoalsInput, Grouping, Money, Period,
    RecurringInput, SpendingInput, ToolContext, ToolError, TransactionsInput,
};
use kakeibo_ask::understand::Language;
use rust_decimal::Decimal;
use teloxide::types::{BotCommand, InlineKeyboardMarkup};
use teloxide::utils::command::BotCommands;
use uuid::Uuid;

use crate::format::{bold, day, escape, money, progress_bar};
use crate::send::send_html;
use crate::words::Words;
use crate::{BotContext, buttons, keyboards, links};
use kakeibo_transactions::transactions::{self, Filter};

#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    #[command(description = "link this chat: /start <code>")]
    Start(String),
    #[command(description = "spending and income: /summary [today|week|month]")]
    Summary(String),
    #[command(description = "every budget with its progress")]
    Budget,
    #[command(description = "the latest transactions, with buttons: /recent [n]")]
    Recent(String),
    #[command(description = "transactions that still need a category, with buttons")]
    Review,
    #[command(
        description = "spent on a category or merchant: /spent <name> [today|week|month|year]"
    )]
    Spent(String),
    #[command(description = "account balances")]
    Balance,
    #[command(description = "recurring payments and subscriptions")]
    Subscriptions,
    #[command(description = "savings goals")]
    Goals,
    #[command(description = "what I can do")]
    Help,
    #[command(description = "unlink this chat from Kakeibo")]
    Unlink,
    #[command(description = "which alerts come here, and quiet hours")]
    Settings,
}

/// What `setMyCommands` registers (all but /start, which links arrive with).
pub fn menu() -> Vec<BotCommand> {
    Command::bot_commands()
        .into_iter()
        .filter(|c| c.command != "/start")
        .map(|c| BotCommand::new(c.command.trim_start_matches('/'), c.description))
        .collect()
}

const DEFAULT_RECENT: usize = 5;
/// A list short enough to read on a phone; each row gets one numbered button.
const MAX_RECENT: usize = 10;

pub async fn tool_context(ctx: &BotContext, user_id: Uuid) -> Result<ToolContext, sqlx::Error> {
    Ok(ToolContext {
        db: ctx.db.clone(),
        reads: ctx.db.clone(),
        user_id,
        today: ctx.today(user_id).await?,
        embedder: ctx.embedder.clone(),
        conversation_days: ctx.settings.retention.ask_conversations_days,
    })
}

pub async fn run(
    ctx: &BotContext,
    chat_id: i64,
    user_id: Uuid,
    command: Command,
) -> anyhow::Result<()> {
    let tools = tool_context(ctx, user_id).await?;
    let lang = ctx.language(user_id).await?;
    let (text, keyboard) = match command {
        Command::Start(_) => unreachable_start(),
        Command::Summary(period) => (summary(&tools, lang, &period).await?, None),
        Command::Budget => (budgets(&tools, lang).await?, None),
        Command::Recent(n) => recent(ctx, &tools, lang, chat_id, &n).await?,
        Command::Review => review(ctx, lang, chat_id, user_id).await?,
        Command::Spent(args) => (spent(&tools, lang, &args).await?, None),
        Command::Balance => (balances(&tools, lang).await?, None),
        Command::Subscriptions => (subscriptions(&tools, lang).await?, None),
        Command::Goals => (goals(&tools, lang).await?, None),
        Command::Help => (help(Words::new(lang)), None),
        Command::Settings => {
            let mut conn = ctx.db.acquire().await?;
            let (text, keyboard) = crate::settings::view(ctx, &mut conn, chat_id, user_id).await?;
            (text, Some(keyboard))
        }
        Command::Unlink => {
            let mut tx = ctx.db.begin().await?;
            links::unlink_user(&mut tx, user_id).await?;
            tx.commit().await?;
            (escape(Words::new(lang).unlinked()), None)
        }
    };
    send_html(ctx, chat_id, &text, keyboard).await?;
    Ok(())
}

fn unreachable_start() -> (String, Option<InlineKeyboardMarkup>) {
    // /start is handled before a chat's user is known.
    (help(Words::new(Language::En)), None)
}

pub fn help(words: Words) -> String {
    let mut out = bold(words.help_title());
    for c in Command::bot_commands() {
        let description = words
            .command_description(&c.command)
            .unwrap_or(&c.description);
        out.push_str(&format!(
            "\n{} — {}",
            escape(&c.command),
            escape(description)
        ));
    }
    out.push_str("\n\n");
    out.push_str(&escape(words.help_footer()));
    out
}

fn amounts(lang: Language, list: &[Money]) -> String {
    if list.is_empty() {
        return money(lang, Decimal::ZERO, "").trim().to_owned();
    }
    list.iter()
        .map(|m| money(lang, m.amount, &m.currency))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `today`, `week` (Monday on) or `month` (the 1st on), to today; `year` from January.
pub fn period(word: &str, today: NaiveDate) -> Option<(Period, &'static str)> {
    let from = match word.trim().to_lowercase().as_str() {
        "today" => (today, "today"),
        "week" => (
            today
                .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
                .unwrap_or(today),
            "this week",
        ),
        "" | "month" => (today.with_day(1).unwrap_or(today), "this month"),
        "year" => (today.with_ordinal(1).unwrap_or(today), "this year"),
        _ => return None,
    };
    Some((
        Period {
            from: from.0,
            to: today,
        },
        from.1,
    ))
}

async fn summary(tools: &ToolContext, lang: Language, word: &str) -> anyhow::Result<String> {
    let words = Words::new(lang);
    let Some((period, label)) = period(word, tools.today) else {
        return Ok(escape(words.summary_usage()));
    };
    let mut spending = SpendingInput::plain(FlowKind::Spending, period);
    spending.group_by = Grouping::Category;
    let (spent, _) = tools::run::<tools::SpendingTool>(tools, spending).await?;
    let income = SpendingInput::plain(FlowKind::Income, period);
    let (earned, _) = tools::run::<tools::SpendingTool>(tools, income).await?;
    let mut out = format!(
        "{}\n{}: {} ({})\n{}: {}",
        bold(&format!(
            "{} {} ({} – {})",
            words.summary_title(),
            words.period_label(label),
            day(lang, period.from),
            day(lang, period.to)
        )),
        words.spent_label(),
        escape(&amounts(lang, &spent.totals)),
        words.transactions(spent.transactions),
        words.income_label(),
        escape(&amounts(lang, &earned.totals)),
    );
    if !spent.groups.is_empty() {
        out.push_str(&format!("\n\n{}", bold(words.by_category())));
        for g in spent.groups.iter().take(10) {
            // The ask engine names the rows without a category in English.
            let label = match g.label.as_str() {
                "Uncategorized" => words.uncategorized_group(),
                other => other,
            };
            out.push_str(&format!(
                "\n{}: {}",
                escape(label),
                escape(&money(lang, g.amount.amount, &g.amount.currency))
            ));
        }
    }
    Ok(out)
}

async fn budgets(tools: &ToolContext, lang: Language) -> anyhow::Result<String> {
    let words = Words::new(lang);
    let (budgets, _) = tools::run::<tools::BudgetsTool>(tools, BudgetsInput { name: None }).await?;
    if budgets.budgets.is_empty() {
        return Ok(escape(words.no_budgets()));
    }
    let mut out = bold(words.budgets_title());
    for b in &budgets.budgets {
        let percent = b.utilization_percent.unwrap_or_default();
        out.push_str(&format!(
            "\n\n{}\n{} {}%\n{} ({} – {})",
            bold(&b.name),
            progress_bar(percent),
            percent.round_dp(0),
            escape(&words.budget_line(
                &money(lang, b.spent.amount, &b.spent.currency),
                &money(lang, b.available.amount, &b.available.currency),
                &money(lang, b.remaining.amount, &b.remaining.currency),
            )),
            day(lang, b.period_start),
            day(lang, b.period_end),
        ));
    }
    Ok(out)
}

async fn recent(
    ctx: &BotContext,
    tools: &ToolContext,
    lang: Language,
    chat_id: i64,
    n: &str,
) -> anyhow::Result<(String, Option<InlineKeyboardMarkup>)> {
    let count = match n.trim() {
        "" => DEFAULT_RECENT,
        n => match n.parse::<usize>() {
            Ok(n) if (1..=MAX_RECENT).contains(&n) => n,
            _ => {
                return Ok((escape(&Words::new(lang).recent_usage(MAX_RECENT)), None));
            }
        },
    };
    let input = TransactionsInput {
        limit: count as i64,
        ..TransactionsInput::default()
    };
    let (found, _) = tools::run::<tools::TransactionsTool>(tools, input).await?;
    if found.transactions.is_empty() {
        return Ok((escape(Words::new(lang).no_transactions()), None));
    }
    let words = Words::new(lang);
    let mut out = bold(words.recent_title());
    let mut rows = Vec::new();
    for (i, t) in found.transactions.iter().enumerate() {
        let who = t.merchant.as_deref().unwrap_or(&t.description);
        out.push_str(&format!(
            "\n{}. {} · {} · {} · {}",
            i + 1,
            day(lang, t.date),
            escape(who),
            escape(&money(lang, t.amount.amount, &t.amount.currency)),
            escape(t.category.as_deref().unwrap_or(words.uncategorized())),
        ));
        rows.push(t.id);
    }
    out.push_str(&format!("\n\n{}", escape(words.press_a_number())));
    let mut conn = ctx.db.acquire().await?;
    let keyboard = keyboards::numbered(&mut conn, chat_id, tools.user_id, &rows).await?;
    Ok((out, Some(keyboard)))
}

/// `/review`: the newest rows the categorizer left without a category, numbered like
/// /recent; the dashboard's review queue holds the rest.
async fn review(
    ctx: &BotContext,
    lang: Language,
    chat_id: i64,
    user_id: Uuid,
) -> anyhow::Result<(String, Option<InlineKeyboardMarkup>)> {
    let words = Words::new(lang);
    let filter = Filter {
        needs_review: true,
        ..Filter::default()
    };
    let mut conn = ctx.db.acquire().await?;
    let mut waiting =
        transactions::list(&mut conn, user_id, &filter, None, MAX_RECENT as i64 + 1).await?;
    if waiting.is_empty() {
        return Ok((escape(words.nothing_to_review()), None));
    }
    let more = waiting.len() > MAX_RECENT;
    waiting.truncate(MAX_RECENT);
    let mut out = bold(words.review_title());
    for (i, t) in waiting.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {}",
            i + 1,
            buttons::describe(&mut conn, lang, user_id, t).await?
        ));
    }
    if more {
        out.push_str("\n…");
    }
    out.push_str(&format!("\n\n{}", escape(words.press_a_number())));
    let ids: Vec<Uuid> = waiting.iter().map(|t| t.id).collect();
    let keyboard = keyboards::numbered(&mut conn, chat_id, user_id, &ids).await?;
    Ok((out, Some(keyboard)))
}

/// `/spent <category or merchant> [period]`: a category of that name, else a merchant.
async fn spent(tools: &ToolContext, lang: Language, args: &str) -> anyhow::Result<String> {
    let say = Words::new(lang);
    let mut words: Vec<&str> = args.split_whitespace().collect();
    let mut chosen = period("month", tools.today);
    if let Some(last) = words.last()
        && let Some(p) = period(last, tools.today)
        && !last.is_empty()
    {
        chosen = Some(p);
        words.pop();
    }
    let name = words.join(" ");
    let Some((period, label)) = chosen else {
        return Ok(escape(say.spent_usage()));
    };
    if name.is_empty() {
        return Ok(escape(say.spent_usage()));
    }
    let mut input = SpendingInput::plain(FlowKind::Spending, period);
    input.categories = vec![name.clone()];
    let report = match tools::run::<tools::SpendingTool>(tools, input.clone()).await {
        Err(ToolError::Invalid(_)) => {
            input.categories.clear();
            input.merchants = vec![name.clone()];
            tools::run::<tools::SpendingTool>(tools, input).await?.0
        }
        other => other?.0,
    };
    Ok(format!(
        "{}: {} ({}, {} – {})",
        say.spent_on(&bold(&name), say.period_label(label)),
        escape(&amounts(lang, &report.totals)),
        say.transactions(report.transactions),
        day(lang, period.from),
        day(lang, period.to),
    ))
}

async fn balances(tools: &ToolContext, lang: Language) -> anyhow::Result<String> {
    let input = BalancesInput {
        account: None,
        on: None,
    };
    let words = Words::new(lang);
    let (found, _) = tools::run::<tools::BalancesTool>(tools, input).await?;
    if found.accounts.is_empty() {
        return Ok(escape(words.no_accounts()));
    }
    let mut out = bold(words.balances_title());
    for a in &found.accounts {
        out.push_str(&format!(
            "\n{}: {}",
            escape(&a.name),
            escape(&money(lang, a.balance.amount, &a.balance.currency))
        ));
    }
    out.push_str(&format!(
        "\n\n{}: {}",
        words.total_label(),
        escape(&amounts(lang, &found.totals))
    ));
    Ok(out)
}

async fn subscriptions(tools: &ToolContext, lang: Language) -> anyhow::Result<String> {
    let input = RecurringInput {
        upcoming_within_days: None,
        price_increases_only: false,
        changed_since: None,
        ended_only: false,
    };
    let words = Words::new(lang);
    let (found, _) = tools::run::<tools::RecurringTool>(tools, input).await?;
    if found.payments.is_empty() {
        return Ok(escape(words.no_recurring()));
    }
    let mut out = bold(words.recurring_title());
    for p in &found.payments {
        out.push_str(&format!(
            "\n{}: {} {} ({})",
            escape(&p.merchant),
            escape(&money(lang, p.amount.amount, &p.amount.currency)),
            escape(&words.cadence(&p.cadence)),
            escape(&words.next_on(&p.next_date.map_or("–".to_owned(), |d| day(lang, d)))),
        ));
    }
    out.push_str(&format!(
        "\n\n{}: {}",
        words.per_month(),
        escape(&amounts(lang, &found.monthly_total))
    ));
    Ok(out)
}

async fn goals(tools: &ToolContext, lang: Language) -> anyhow::Result<String> {
    let words = Words::new(lang);
    let (found, _) = tools::run::<tools::GoalsTool>(tools, GoalsInput { name: None }).await?;
    if found.goals.is_empty() {
        return Ok(escape(words.no_goals()));
    }
    let mut out = bold(words.goals_title());
    for g in &found.goals {
        out.push_str(&format!(
            "\n\n{}\n{} {}%\n{}",
            bold(&g.name),
            progress_bar(g.percent),
            g.percent.round_dp(0),
            escape(&words.goal_line(
                &money(lang, g.saved.amount, &g.saved.currency),
                &money(lang, g.target.amount, &g.target.currency),
                g.achieved,
            )),
        ));
    }
    Ok(out)
}

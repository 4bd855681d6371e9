//! The rules engine, pure: a user's rules compiled once ([`RuleSet::compile`]), then
//! [`apply`] to one transaction's facts at a time. No I/O here; `rules_store` loads and
//! writes.
//!
//! Semantics (docs/decisions.md, "Rules and splits"):
//! - Rules run in order; a rule matches when all its triggers hold.
//! - Each matching rule applies its actions in turn, so a later match overwrites an earlier
//!   one's category or merchant, tags add up, and a later rule's triggers see the merchant an
//!   earlier rule set (unless the user locked the merchant). A match of a rule with
//!   `stop_processing` ends the run.
//! - Text is compared case-insensitively with runs of white space as one space; a regex is
//!   case-insensitive and runs on the text as it is.
//! - A merchant trigger holds when the cleaned-up merchant or the payee as the bank wrote it
//!   matches.
//! - An amount range is on the absolute value, both ends included; direction says in or out.

use regex::{Regex, RegexBuilder};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest text a trigger may hold; also bounds a compiled regex.
pub const MAX_TRIGGER_TEXT: usize = 200;
const REGEX_SIZE_LIMIT: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextOp {
    Contains,
    Equals,
    Regex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Money in: a positive amount.
    In,
    /// Money out: a negative amount.
    Out,
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// The cleaned-up merchant or the payee as the bank wrote it.
    Merchant {
        op: TextOp,
        value: String,
    },
    Description {
        op: TextOp,
        value: String,
    },
    /// The absolute value of the amount, both ends included; at least one end.
    Amount {
        #[schema(value_type = Option<String>, example = "10")]
        min: Option<Decimal>,
        #[schema(value_type = Option<String>, example = "50")]
        max: Option<Decimal>,
    },
    Account {
        account_id: Uuid,
    },
    Direction {
        direction: Direction,
    },
}

/// What a matching rule does. At least one action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    /// One of your categories.
    #[serde(default)]
    pub category_id: Option<Uuid>,
    /// The cleaned-up merchant name to set.
    #[serde(default)]
    pub merchant: Option<String>,
    /// Tags added to the transaction's tags (never removed).
    #[serde(default)]
    pub add_tags: Vec<String>,
    /// Sets your transfer category ("Between My Accounts", else another transfer category).
    #[serde(default)]
    pub mark_transfer: bool,
}

/// A stored rule, as the store hands it to [`RuleSet::compile`].
#[derive(Debug, Clone)]
pub struct RuleSpec {
    pub id: Uuid,
    pub stop_processing: bool,
    pub triggers: Vec<Trigger>,
    pub actions: Actions,
}

#[derive(Debug)]
enum TextMatch {
    Contains(String),
    Equals(String),
    Regex(Regex),
}

impl TextMatch {
    fn matches(&self, text: &str) -> bool {
        match self {
            Self::Contains(needle) => normalize(text).contains(needle.as_str()),
            Self::Equals(value) => normalize(text) == *value,
            Self::Regex(re) => re.is_match(text),
        }
    }
}

#[derive(Debug)]
enum Compiled {
    Merchant(TextMatch),
    Description(TextMatch),
    Amount(Option<Decimal>, Option<Decimal>),
    Account(Uuid),
    Direction(Direction),
}

#[derive(Debug)]
struct CompiledRule {
    id: Uuid,
    stop: bool,
    triggers: Vec<Compiled>,
    actions: Actions,
}

/// A user's rules, ready to run, in order.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    /// The category "mark as a transfer" sets; none when the user has no transfer category.
    transfer_category: Option<Uuid>,
}

/// Lower case, white space runs as one space, trimmed.
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn compile_text(op: &TextOp, value: &str) -> Result<TextMatch, String> {
    if value.trim().is_empty() || value.chars().count() > MAX_TRIGGER_TEXT {
        return Err(format!("1 to {MAX_TRIGGER_TEXT} characters"));
    }
    Ok(match op {
        TextOp::Contains => TextMatch::Contains(normalize(value)),
        TextOp::Equals => TextMatch::Equals(normalize(value)),
        TextOp::Regex => TextMatch::Regex(
            RegexBuilder::new(value)
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| format!("not a valid regular expression: {e}"))?,
        ),
    })
}

/// Checks and compiles one trigger; the error says what is wrong with it.
fn compile_trigger(trigger: &Trigger) -> Result<Compiled, String> {
    Ok(match trigger {
        Trigger::Merchant { op, value } => Compiled::Merchant(compile_text(op, value)?),
        Trigger::Description { op, value } => Compiled::Description(compile_text(op, value)?),
        Trigger::Amount { min, max } => {
            if min.is_none() && max.is_none() {
                return Err("give min, max or both".into());
            }
            if min.is_some_and(|m| m.is_sign_negative())
                || max.is_some_and(|m| m.is_sign_negative())
            {
                return Err("min and max are sizes of amounts: zero or more".into());
            }
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                return Err("min is more than max".into());
            }
            Compiled::Amount(*min, *max)
        }
        Trigger::Account { account_id } => Compiled::Account(*account_id),
        Trigger::Direction { direction } => Compiled::Direction(*direction),
    })
}

/// Checks one trigger as the API receives it: `Err` holds the message for its field.
pub fn check_trigger(trigger: &Trigger) -> Result<(), String> {
    compile_trigger(trigger).map(|_| ())
}

/// A rule that fails to compile (which validation prevents) is left out, with its id.
#[derive(Debug, PartialEq, Eq)]
pub struct Skipped(pub Uuid, pub String);

impl RuleSet {
    /// Compiles rules in the order given. Rules that do not compile are skipped and named.
    pub fn compile(rules: &[RuleSpec], transfer_category: Option<Uuid>) -> (Self, Vec<Skipped>) {
        let mut compiled = Vec::with_capacity(rules.len());
        let mut skipped = Vec::new();
        for rule in rules {
            match rule.triggers.iter().map(compile_trigger).collect() {
                Ok(triggers) => compiled.push(CompiledRule {
                    id: rule.id,
                    stop: rule.stop_processing,
                    triggers,
                    actions: rule.actions.clone(),
                }),
                Err(e) => skipped.push(Skipped(rule.id, e)),
            }
        }
        let set = Self {
            rules: compiled,
            transfer_category,
        };
        (set, skipped)
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// What the engine looks at in a transaction.
#[derive(Debug, Clone, Default)]
pub struct TxFacts {
    pub account_id: Uuid,
    /// Signed: negative is money out.
    pub amount: Decimal,
    pub description: String,
    pub payee: String,
    pub merchant: Option<String>,
    /// The user locked the merchant: a rule's merchant will not be written, so later rules
    /// keep seeing the user's.
    pub merchant_locked: bool,
}

/// What the matching rules want set; the writer still skips locked fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleOutcome {
    pub category_id: Option<Uuid>,
    /// The category is the transfer category, set by "mark as a transfer".
    pub marked_transfer: bool,
    pub merchant: Option<String>,
    pub add_tags: Vec<String>,
    /// The rules that matched, in order.
    pub matched: Vec<Uuid>,
}

fn holds(trigger: &Compiled, facts: &TxFacts, merchant: Option<&str>) -> bool {
    match trigger {
        Compiled::Merchant(m) => {
            merchant.is_some_and(|text| m.matches(text))
                || (!facts.payee.trim().is_empty() && m.matches(&facts.payee))
        }
        Compiled::Description(m) => m.matches(&facts.description),
        Compiled::Amount(min, max) => {
            let size = facts.amount.abs();
            min.is_none_or(|min| size >= min) && max.is_none_or(|max| size <= max)
        }
        Compiled::Account(id) => facts.account_id == *id,
        Compiled::Direction(Direction::In) => {
            facts.amount.is_sign_positive() && !facts.amount.is_zero()
        }
        Compiled::Direction(Direction::Out) => {
            facts.amount.is_sign_negative() && !facts.amount.is_zero()
        }
    }
}

/// Runs the rules over one transaction, in order, honouring `stop_processing`.
pub fn apply(set: &RuleSet, facts: &TxFacts) -> RuleOutcome {
    let mut out = RuleOutcome::default();
    let mut merchant = facts.merchant.clone();
    for rule in &set.rules {
        if !rule
            .triggers
            .iter()
            .all(|t| holds(t, facts, merchant.as_deref()))
        {
            continue;
        }
        out.matched.push(rule.id);
        let a = &rule.actions;
        if let Some(category) = a.category_id {
            out.category_id = Some(category);
            out.marked_transfer = false;
        }
        if a.mark_transfer
            && let Some(category) = set.transfer_category
        {
            out.category_id = Some(category);
            out.marked_transfer = true;
        }
        if let Some(m) = &a.merchant {
            out.merchant = Some(m.clone());
            if !facts.merchant_locked {
                merchant = Some(m.clone());
            }
        }
        for tag in &a.add_tags {
            if !out.add_tags.contains(tag) {
                out.add_tags.push(tag.clone());
            }
        }
        if rule.stop {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn text(kind: &str, op: TextOp, value: &str) -> Trigger {
        match kind {
            "merchant" => Trigger::Merchant {
                op,
                value: value.into(),
            },
            _ => Trigger::Description {
                op,
                value: value.into(),
            },
        }
    }

    fn rule(triggers: Vec<Trigger>, actions: Actions) -> RuleSpec {
        RuleSpec {
            id: Uuid::new_v4(),
            stop_processing: false,
            triggers,
            actions,
        }
    }

    fn category(id: Uuid) -> Actions {
        Actions {
            category_id: Some(id),
            ..Actions::default()
        }
    }

    fn facts(amount: Decimal, payee: &str, description: &str) -> TxFacts {
        TxFacts {
            account_id: Uuid::nil(),
            amount,
            description: description.into(),
            payee: payee.into(),
            merchant: None,
            merchant_locked: false,
        }
    }

    fn run(rules: &[RuleSpec], facts: &TxFacts) -> RuleOutcome {
        let (set, skipped) = RuleSet::compile(rules, None);
        assert!(skipped.is_empty());
        apply(&set, facts)
    }

    #[test]
    fn text_triggers_ignore_case_and_spacing() {
        let c = Uuid::new_v4();
        let f = facts(dec!(-4.5), "SQ *BLUE  BOTTLE 1234", "Card payment");
        for (trigger, expected) in [
            (text("merchant", TextOp::Contains, "blue bottle"), true),
            (
                text("merchant", TextOp::Equals, "sq *blue bottle 1234"),
                true,
            ),
            (text("merchant", TextOp::Equals, "blue bottle"), false),
            (
                text("merchant", TextOp::Regex, r"^sq \*blue\s+bottle \d+$"),
                true,
            ),
            (text("description", TextOp::Contains, "CARD"), true),
            (text("description", TextOp::Equals, "card payment"), true),
            (text("description", TextOp::Regex, "^payment"), false),
        ] {
            let got = run(&[rule(vec![trigger.clone()], category(c))], &f);
            assert_eq!(got.category_id.is_some(), expected, "{trigger:?}");
        }
    }

    #[test]
    fn merchant_triggers_look_at_the_cleaned_merchant_and_the_payee() {
        let c = Uuid::new_v4();
        let mut f = facts(dec!(-4.5), "", "x");
        let r = [rule(
            vec![text("merchant", TextOp::Equals, "Blue Bottle")],
            category(c),
        )];
        assert_eq!(run(&r, &f).category_id, None, "no merchant, no payee");
        f.merchant = Some("Blue Bottle".into());
        assert_eq!(run(&r, &f).category_id, Some(c));
    }

    #[test]
    fn amount_is_a_size_and_direction_a_sign() {
        let c = Uuid::new_v4();
        let small = |min, max| rule(vec![Trigger::Amount { min, max }], category(c));
        let out = facts(dec!(-10), "", "x");
        let inn = facts(dec!(10), "", "x");
        assert!(
            run(&[small(Some(dec!(10)), Some(dec!(20)))], &out)
                .category_id
                .is_some()
        );
        assert!(
            run(&[small(Some(dec!(10)), Some(dec!(20)))], &inn)
                .category_id
                .is_some()
        );
        assert!(
            run(&[small(None, Some(dec!(9.99)))], &out)
                .category_id
                .is_none()
        );
        assert!(
            run(&[small(Some(dec!(10.01)), None)], &out)
                .category_id
                .is_none()
        );
        let spending = rule(
            vec![Trigger::Direction {
                direction: Direction::Out,
            }],
            category(c),
        );
        assert!(
            run(std::slice::from_ref(&spending), &out)
                .category_id
                .is_some()
        );
        assert!(run(&[spending], &inn).category_id.is_none());
    }

    #[test]
    fn all_triggers_must_hold() {
        let c = Uuid::new_v4();
        let account = Uuid::new_v4();
        let r = rule(
            vec![
                Trigger::Account {
                    account_id: account,
                },
                text("description", TextOp::Contains, "rent"),
            ],
            category(c),
        );
        let mut f = facts(dec!(-900), "", "RENT NOVEMBER");
        assert!(
            run(std::slice::from_ref(&r), &f).category_id.is_none(),
            "other account"
        );
        f.account_id = account;
        assert_eq!(run(&[r], &f).category_id, Some(c));
    }

    #[test]
    fn later_rules_overwrite_and_stop_ends_the_run() {
        let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
        let any = || text("description", TextOp::Contains, "shop");
        let mut a = rule(vec![any()], category(first));
        a.actions.add_tags = vec!["one".into()];
        let mut b = rule(vec![any()], category(second));
        b.actions.add_tags = vec!["two".into(), "one".into()];
        let f = facts(dec!(-3), "", "SHOP");
        let got = run(&[a.clone(), b.clone()], &f);
        assert_eq!(got.category_id, Some(second));
        assert_eq!(got.add_tags, ["one", "two"]);
        assert_eq!(got.matched, [a.id, b.id]);
        a.stop_processing = true;
        let got = run(&[a.clone(), b], &f);
        assert_eq!(got.category_id, Some(first));
        assert_eq!(got.matched, [a.id]);
    }

    #[test]
    fn a_later_rule_sees_the_merchant_an_earlier_one_set() {
        let c = Uuid::new_v4();
        let rename = rule(
            vec![text("merchant", TextOp::Regex, "^amzn mktp")],
            Actions {
                merchant: Some("Amazon".into()),
                ..Actions::default()
            },
        );
        let by_name = rule(
            vec![text("merchant", TextOp::Equals, "amazon")],
            category(c),
        );
        let mut f = facts(dec!(-20), "AMZN MKTP DE 123", "x");
        let got = run(&[rename.clone(), by_name.clone()], &f);
        assert_eq!(
            (got.merchant.as_deref(), got.category_id),
            (Some("Amazon"), Some(c))
        );
        f.merchant = Some("My shop".into());
        f.merchant_locked = true;
        let got = run(&[rename, by_name], &f);
        assert_eq!(
            got.category_id, None,
            "a locked merchant stays what later rules see"
        );
    }

    #[test]
    fn mark_transfer_sets_the_transfer_category() {
        let (transfer, other) = (Uuid::new_v4(), Uuid::new_v4());
        let mark = rule(
            vec![text("description", TextOp::Contains, "savings")],
            Actions {
                mark_transfer: true,
                ..Actions::default()
            },
        );
        let f = facts(dec!(-100), "", "TO SAVINGS");
        let (set, _) = RuleSet::compile(std::slice::from_ref(&mark), Some(transfer));
        let got = apply(&set, &f);
        assert_eq!(
            (got.category_id, got.marked_transfer),
            (Some(transfer), true)
        );
        let (set, _) = RuleSet::compile(
            &[
                mark.clone(),
                rule(
                    vec![text("description", TextOp::Contains, "to")],
                    category(other),
                ),
            ],
            Some(transfer),
        );
        let got = apply(&set, &f);
        assert_eq!((got.category_id, got.marked_transfer), (Some(other), false));
        let (set, _) = RuleSet::compile(&[mark], None);
        assert_eq!(
            apply(&set, &f).category_id,
            None,
            "no transfer category to set"
        );
    }

    #[test]
    fn triggers_read_as_tagged_json_and_refuse_unknown_fields() {
        let t: Trigger =
            serde_json::from_str(r#"{"type": "amount", "min": "10"}"#).expect("an amount");
        assert_eq!(
            t,
            Trigger::Amount {
                min: Some(dec!(10)),
                max: None
            }
        );
        assert!(
            serde_json::from_str::<Trigger>(
                r#"{"type": "merchant", "op": "contains", "value": "x", "field": "payee"}"#
            )
            .is_err()
        );
    }

    #[test]
    fn bad_triggers_say_what_is_wrong() {
        let err = check_trigger(&text("merchant", TextOp::Regex, "(unclosed")).unwrap_err();
        assert!(err.starts_with("not a valid regular expression"), "{err}");
        assert!(check_trigger(&text("merchant", TextOp::Contains, "  ")).is_err());
        assert!(
            check_trigger(&Trigger::Amount {
                min: None,
                max: None
            })
            .is_err()
        );
        assert!(
            check_trigger(&Trigger::Amount {
                min: Some(dec!(5)),
                max: Some(dec!(1))
            })
            .is_err()
        );
        assert!(
            check_trigger(&Trigger::Amount {
                min: Some(dec!(-5)),
                max: None
            })
            .is_err()
        );
        let bad = RuleSpec {
            triggers: vec![text("merchant", TextOp::Regex, "(")],
            ..rule(vec![], Actions::default())
        };
        let (set, skipped) = RuleSet::compile(std::slice::from_ref(&bad), None);
        assert!(set.is_empty());
        assert_eq!(skipped[0].0, bad.id);
    }
}

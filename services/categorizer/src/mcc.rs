//! The card network's merchant category code (ISO 18245) as evidence: a payment at
//! BALTHAZAR NEW YORK names nothing the lexicon or the chains know, but its code, 5812, says
//! it is a restaurant. The text decides first; the code settles rows the text left open
//! and backs a suggestion it agrees with.
#![allow(clippy::float_arithmetic)] // probabilities are f32, not money

use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/mcc.tsv");

/// What a code says: a default category's slug and how often that is right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeCategory {
    pub slug: &'static str,
    pub prior: f32,
}

struct Range {
    from: u16,
    to: u16,
    says: CodeCategory,
}

fn table() -> &'static [Range] {
    static TABLE_RANGES: OnceLock<Vec<Range>> = OnceLock::new();
    TABLE_RANGES.get_or_init(|| parse(TABLE))
}

fn parse(text: &'static str) -> Vec<Range> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [from, to, slug, prior, _description] = fields[..] else {
                panic!("mcc.tsv: five fields wanted: {line:?}");
            };
            let code = |s: &str| s.parse::<u16>().expect("mcc.tsv: a four-digit code");
            Range {
                from: code(from),
                to: code(to),
                says: CodeCategory {
                    slug,
                    prior: prior.parse().expect("mcc.tsv: a prior between 0 and 1"),
                },
            }
        })
        .collect()
}

/// The category a code names, if the table knows one. The narrowest range wins: the last
/// one listed among those that hold the code.
pub fn category_of(code: &str) -> Option<CodeCategory> {
    let code: u16 = code.parse().ok()?;
    table()
        .iter()
        .rev()
        .find(|r| (r.from..=r.to).contains(&code))
        .map(|r| r.says)
}

/// Two independent signs for the same category: the code and the text's own guess.
pub fn agreeing(prior: f32, text_probability: f32) -> f32 {
    1.0 - (1.0 - prior) * (1.0 - text_probability)
}

/// Every slug the table names (checked against the taxonomy in a test).
pub fn slugs() -> Vec<&'static str> {
    table().iter().map(|r| r.says.slug).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_their_kind_of_business() {
        let slug = |code| category_of(code).map(|c| c.slug);
        assert_eq!(slug("5812"), Some("food.restaurants"));
        assert_eq!(slug("5411"), Some("food.groceries"));
        assert_eq!(
            slug("3008"),
            Some("travel.flights"),
            "an airline's own code"
        );
        assert_eq!(
            slug("3509"),
            Some("travel.lodging"),
            "a hotel chain's own code"
        );
        assert_eq!(slug("5651"), Some("shopping.clothing"));
        assert_eq!(
            slug("5698"),
            Some("family.personal_care"),
            "narrower range wins"
        );
        assert_eq!(slug("0742"), Some("family.pets"));
        assert_eq!(slug("5999"), None, "miscellaneous retail says nothing");
        assert_eq!(slug("junk"), None);
    }

    #[test]
    fn priors_are_probabilities_and_agreement_raises_them() {
        assert!(table().iter().all(|r| r.from <= r.to));
        assert!(
            table()
                .iter()
                .all(|r| r.says.prior > 0.0 && r.says.prior < 1.0)
        );
        let both = agreeing(0.7, 0.6);
        assert!(both > 0.7 && both < 1.0, "{both}");
    }
}

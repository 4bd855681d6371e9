//! How the money moved — a card payment, a direct debit, a credit — read from the bank's
//! own opening phrase. It says much about the category when the merchant's name says
//! nothing: gyms, insurers and phone companies come by direct debit, restaurants by card.
//! How often each category comes by each channel is counted in the built-in examples.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::examples::parse_labelled;
use crate::keywords::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Card,
    DirectDebit,
    Credit,
}

/// Opening (and a few closing) phrases of each channel, folded to uppercase ASCII.
const CARD: &[&str] = &[
    "KARTENZAHLUNG",
    "GIROCARD",
    "EC-KARTE",
    "POS",
    "CB",
    "CARTE",
    "PAIEMENT PAR CARTE",
    "COMPRA",
    "PAGO CON TARJETA",
    "PAGO TARJETA",
    "BEA",
    "BETAALAUTOMAAT",
    "PINBETALING",
    "PAGAMENTO POS",
    "PAGAMENTO CONTACTLESS",
    "CONTACTLESS",
    "CARD PAYMENT",
    "CARD PURCHASE",
    "PURCHASE AUTHORIZED",
    "CHECKCARD",
    "DEBIT CARD",
    "SQ",
    "TST",
    "APPLE PAY",
    "VISA",
];
const DEBIT: &[&str] = &[
    "SEPA-LASTSCHRIFT",
    "LASTSCHRIFT",
    "FOLGELASTSCHRIFT",
    "ERSTLASTSCHRIFT",
    "PRLV",
    "PRELEVEMENT",
    "ADEUDO",
    "RECIBO",
    "INCASSO",
    "SEPA INCASSO",
    "ADDEBITO",
    "DD",
    "DIRECT DEBIT",
    "ACH DEBIT",
    "ONLINE PMT",
    "PREAUTHORIZED DEBIT",
    "RECURRING PAYMENT",
];
const CREDIT: &[&str] = &[
    "GUTSCHRIFT",
    "LOHN",
    "VIR SEPA RECU",
    "VIREMENT DE",
    "TRANSFERENCIA DE",
    "ABONO",
    "SEPA OVERBOEKING VAN",
    "FASTER PAYMENT FROM",
    "BGC",
    "BONIFICO",
    "ACCREDITO",
    "ACH CREDIT",
    "DIRECT DEPOSIT",
];
/// Closing phrases of US direct debits: "GEICO PAYMENT 0123", "NETFLIX AUTOPAY".
const DEBIT_ENDINGS: &[&str] = &["AUTOPAY", "PAYMENT", "WEB PMT"];

/// The channel the line's wording shows, if any.
pub fn channel(line: &str) -> Option<Channel> {
    let folded = fold(line);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let starts = |phrases: &[&str]| {
        phrases.iter().any(|p| {
            let p: Vec<&str> = p.split(' ').collect();
            words.starts_with(&p)
        })
    };
    // Credits first: "DIRECT DEPOSIT" must not read as "DIRECT DEBIT"'s kin.
    if starts(CREDIT) || folded.contains(" DIRECT DEP") {
        Some(Channel::Credit)
    } else if starts(DEBIT)
        || words
            .iter()
            .rev()
            .take(3)
            .any(|w| DEBIT_ENDINGS.contains(w))
    {
        Some(Channel::DirectDebit)
    } else if starts(CARD) || words.last().is_some_and(|w| *w == "GB") {
        Some(Channel::Card)
    } else {
        None
    }
}

/// How typical each category is of each channel: its share of the built-in examples of
/// that channel, relative to the commonest category of the channel (0..1).
static PRIOR: LazyLock<HashMap<Channel, HashMap<String, f32>>> = LazyLock::new(|| {
    let mut counts: HashMap<Channel, HashMap<String, f32>> = HashMap::new();
    for (line, slug) in parse_labelled(crate::examples::BUILTIN_CSV) {
        if let Some(channel) = channel(&line) {
            *counts.entry(channel).or_default().entry(slug).or_default() += 1.0;
        }
    }
    for per_slug in counts.values_mut() {
        let top = per_slug.values().copied().fold(0.0, f32::max);
        per_slug.values_mut().for_each(|n| *n /= top);
    }
    counts
});

/// (slug, how typical 0..1) for the line's channel; empty when the channel is unknown.
pub fn prior(line: &str) -> Vec<(&'static str, f32)> {
    let Some(channel) = channel(line) else {
        return Vec::new();
    };
    PRIOR
        .get(&channel)
        .map(|per_slug| per_slug.iter().map(|(s, p)| (s.as_str(), *p)).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_phrases_name_the_channel() {
        assert_eq!(
            channel("KARTENZAHLUNG REWE KOELN 12.03"),
            Some(Channel::Card)
        );
        assert_eq!(channel("SQ *BLUE BOTTLE OAKLAND CA"), Some(Channel::Card));
        assert_eq!(
            channel("PRLV SEPA FREE MOBILE 1234"),
            Some(Channel::DirectDebit)
        );
        assert_eq!(
            channel("GEICO AUTO PAYMENT 0012345678"),
            Some(Channel::DirectDebit)
        );
        assert_eq!(
            channel("ACME CORP DIRECT DEP PPD ID: 1"),
            Some(Channel::Credit)
        );
        assert_eq!(
            channel("Lohn/Gehalt SIEMENS AG 12.2026"),
            Some(Channel::Credit)
        );
        assert_eq!(channel("ZORBLAX"), None);
    }

    #[test]
    fn the_prior_is_learned_from_the_built_in_examples() {
        let card: HashMap<&str, f32> = prior("KARTENZAHLUNG X").into_iter().collect();
        let debit: HashMap<&str, f32> = prior("SEPA-LASTSCHRIFT X").into_iter().collect();
        assert!(card["food.restaurants"] > debit.get("food.restaurants").copied().unwrap_or(0.0));
        assert!(
            debit["financial.insurance"] > card.get("financial.insurance").copied().unwrap_or(0.0)
        );
    }
}

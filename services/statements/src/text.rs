//! Shared pieces of the parsers: decoding bytes to text, and reading amounts and dates the
//! way banks write them.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How the file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Windows1252,
}

/// Decodes `bytes`: UTF-8 (a BOM is dropped) when valid; otherwise, when `fallback` allows it,
/// Windows-1252, which every byte sequence decodes as (the usual encoding of European bank
/// exports). Without a fallback, invalid UTF-8 is an error naming the line.
pub fn decode(
    bytes: &[u8],
    fallback: Option<Encoding>,
) -> Result<(String, Encoding), crate::statement::ParseError> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(without_bom) {
        Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
        Err(e) if fallback == Some(Encoding::Windows1252) => {
            let _ = e;
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(without_bom);
            Ok((text.into_owned(), Encoding::Windows1252))
        }
        Err(e) => {
            let line = 1 + without_bom[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            Err(crate::statement::ParseError::new(
                line,
                None,
                "the file is not valid UTF-8; choose the Windows-1252 encoding if the bank exports that",
            ))
        }
    }
}

/// Decimal separator of amounts in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecimalMark {
    /// `1,234.56`
    Point,
    /// `1.234,56`
    Comma,
}

/// Reads an amount: optional sign (`-`, `+`, `−`, or parentheses for negative), optional
/// currency symbol or code around it, thousands separators of the other kind (or spaces,
/// apostrophes), and at most one decimal mark. Rejects anything else rather than guessing.
pub fn parse_amount(raw: &str, mark: DecimalMark) -> Result<Decimal, String> {
    let mut s = raw.trim().to_string();
    if s.is_empty() {
        return Err("the amount is empty".into());
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].trim().to_string();
    }
    // Currency symbols and codes next to the number.
    let s: String = s
        .trim_matches(|c: char| c.is_alphabetic() || "€$£¥₹ ".contains(c))
        .to_string();
    let mut chars = s.trim().chars().peekable();
    match chars.peek() {
        Some('-') | Some('−') => {
            negative = !negative;
            chars.next();
        }
        Some('+') => {
            chars.next();
        }
        _ => {}
    }
    let rest: String = chars.collect();
    let rest = rest.trim();
    // A trailing minus, as some German exports write it: `12,50-`.
    let (rest, trailing_minus) = match rest.strip_suffix('-') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    if trailing_minus {
        negative = !negative;
    }
    let (decimal, group) = match mark {
        DecimalMark::Point => ('.', ','),
        DecimalMark::Comma => (',', '.'),
    };
    let is_group = |c: char| c == group || matches!(c, ' ' | '\'' | '\u{a0}' | '\u{202f}');
    let (integer, fraction) = match rest.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    // Thousands separators only between groups of three digits: `1,234` yes, `12,3` no.
    let groups: Vec<&str> = integer.split(is_group).collect();
    let grouped_ok = groups.len() == 1
        || (matches!(groups[0].len(), 1..=3) && groups[1..].iter().all(|g| g.len() == 3));
    let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !grouped_ok || !groups.iter().all(|g| digits_only(g)) || !fraction.is_none_or(digits_only) {
        return Err(format!("{} is not an amount", shown(raw)));
    }
    let mut normalized: String = groups.concat();
    if let Some(f) = fraction {
        normalized.push('.');
        normalized.push_str(f);
    }
    if !normalized.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("{} is not an amount", shown(raw)));
    }
    let value = Decimal::from_str(&normalized)
        .map_err(|e| format!("{} is not an amount: {e}", shown(raw)))?;
    Ok(if negative { -value } else { value })
}

/// Reads a date with a `chrono` format such as `%d.%m.%Y`, tolerating surrounding spaces.
pub fn parse_date(raw: &str, format: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), format).map_err(|_| {
        format!(
            "{} is not a date in the format {}",
            shown(raw.trim()),
            clipped(format, SHOWN_MAX)
        )
    })
}

/// Characters of a value an error message quotes at most: broken files (and fuzzers) hold
/// megabytes in one field, and the message is for a person.
pub(crate) const SHOWN_MAX: usize = 40;

/// `raw` quoted for an error message, cut after `SHOWN_MAX` characters.
pub(crate) fn shown(raw: &str) -> String {
    match raw.char_indices().nth(SHOWN_MAX) {
        Some((cut, _)) => format!("{:?}…", &raw[..cut]),
        None => format!("{raw:?}"),
    }
}

/// `text` cut after `max` characters, for messages that pass on text from the file
/// unquoted (a column name, a library's error naming the tag it found).
pub(crate) fn clipped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts() {
        let p = |s| parse_amount(s, DecimalMark::Point).unwrap();
        let c = |s| parse_amount(s, DecimalMark::Comma).unwrap();
        assert_eq!(p("1,234.56"), dec!(1234.56));
        assert_eq!(p("-12.5"), dec!(-12.5));
        assert_eq!(p("(45.00)"), dec!(-45.00));
        assert_eq!(p("$ 1,000"), dec!(1000));
        assert_eq!(c("1.234,56"), dec!(1234.56));
        assert_eq!(c("-0,99 €"), dec!(-0.99));
        assert_eq!(c("12,50-"), dec!(-12.50));
        assert_eq!(c("1 234,56"), dec!(1234.56));
        assert_eq!(p("−3.10"), dec!(-3.10));
        for bad in ["", "abc", "1.2.3", "12,3.4", "--5", "1e5"] {
            assert!(parse_amount(bad, DecimalMark::Point).is_err(), "{bad}");
        }
    }

    /// Found by the fuzz targets: a bad value was quoted whole, however long, and escaped
    /// control characters made the message longer still.
    #[test]
    fn errors_quote_a_cut_sample() {
        let long = format!("12{}", "\u{1}".repeat(5_000));
        let e = parse_amount(&long, DecimalMark::Point).unwrap_err();
        assert!(e.ends_with("\"… is not an amount"), "{e}");
        assert!(e.chars().count() < 300, "{e}");
        let format = "%d".repeat(1_000);
        let e = parse_date(&"x".repeat(5_000), &format).unwrap_err();
        assert!(e.chars().count() < 200, "{e}");
        assert_eq!(shown("ab"), "\"ab\"");
        assert_eq!(shown(&"é".repeat(50)), format!("{:?}…", "é".repeat(40)));
        assert_eq!(clipped("abc", 2), "ab…");
        assert_eq!(clipped("abc", 3), "abc");
    }

    #[test]
    fn decoding() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa;b", None).unwrap(),
            ("a;b".to_string(), Encoding::Utf8)
        );
        let latin = b"M\xfcller;12,50\n";
        assert!(
            decode(latin, None)
                .unwrap_err()
                .to_string()
                .contains("line 1")
        );
        assert_eq!(
            decode(latin, Some(Encoding::Windows1252)).unwrap().0,
            "Müller;12,50\n"
        );
    }
}

//! OFX value formats: dates, amounts, currency codes. Hand-written rather than going through
//! the general helpers because they run once per transaction field and must not allocate.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// `YYYYMMDD`, optionally followed by `HHMMSS`, `.XXX` and `[offset:TZ]`. Only the date part is
/// kept: it is the bank's own calendar day for the posting, which is what the user sees.
pub(super) fn date(raw: &str) -> Result<NaiveDate, String> {
    let b = raw.as_bytes();
    let bad = || {
        format!(
            "{} is not an OFX date (YYYYMMDD, optionally with a time and [zone])",
            shown(raw)
        )
    };
    let digits = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (digits(0, 4), digits(4, 2), digits(6, 2)) else {
        return Err(bad());
    };
    if !time_and_zone_ok(b.get(8..).unwrap_or_default()) {
        return Err(bad());
    }
    #[allow(clippy::cast_possible_wrap)] // at most 9999
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| format!("{} is not a valid date", shown(raw)))
}

/// `HHMMSS` (or shorter), `.XXX`, `[-5:EST]`, each optional, in that order.
fn time_and_zone_ok(rest: &[u8]) -> bool {
    let time = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if time > 6 {
        return false;
    }
    let mut rest = &rest[time..];
    if let Some(after) = rest.strip_prefix(b".") {
        let fraction = after.iter().take_while(|b| b.is_ascii_digit()).count();
        if fraction == 0 {
            return false;
        }
        rest = &after[fraction..];
    }
    if let Some(after) = rest.strip_prefix(b"[") {
        let Some(zone) = after.strip_suffix(b"]") else {
            return false;
        };
        return zone
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.' | b':' | b' '));
    }
    rest.is_empty()
}

/// A signed amount with a decimal point, or a single decimal comma when there is no point
/// (some European banks). No thousands separators: OFX does not write them.
pub(super) fn amount(raw: &str) -> Result<Decimal, String> {
    let bad = || format!("{} is not an amount", shown(raw));
    let b = raw.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let has_point = digits.contains(&b'.');
    let mut mantissa: i128 = 0;
    let mut scale: Option<u32> = None;
    let mut any_digit = false;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                any_digit = true;
                mantissa = mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(i128::from(c - b'0')))
                    .ok_or_else(|| format!("{} is too large", shown(raw)))?;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                    if *s > 28 {
                        return Err(format!("{} has too many decimals", shown(raw)));
                    }
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            b',' if scale.is_none() && !has_point => scale = Some(0),
            _ => return Err(bad()),
        }
    }
    if !any_digit {
        return Err(bad());
    }
    let value = Decimal::try_from_i128_with_scale(mantissa, scale.unwrap_or(0))
        .map_err(|_| format!("{} is too large", shown(raw)))?;
    Ok(if negative { -value } else { value })
}

/// An ISO 4217 code such as `USD`, upper-cased.
pub(super) fn currency(raw: &str) -> Result<String, String> {
    if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(raw.to_ascii_uppercase())
    } else {
        Err(format!("{} is not a currency code", shown(raw)))
    }
}

/// The raw value for an error message, cut short: fuzzers and broken files send megabytes.
pub(super) fn shown(raw: &str) -> String {
    const MAX: usize = 40;
    match raw.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &raw[..cut]),
        None => format!("{raw:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(date("20240115"), Ok(d(2024, 1, 15)));
        assert_eq!(date("20240115120000"), Ok(d(2024, 1, 15)));
        assert_eq!(date("20240115120000.000"), Ok(d(2024, 1, 15)));
        assert_eq!(date("20240115120000.000[-5:EST]"), Ok(d(2024, 1, 15)));
        assert_eq!(date("20240131235959[+9:JST]"), Ok(d(2024, 1, 31)));
        assert_eq!(date("20240201[0:GMT]"), Ok(d(2024, 2, 1)));
        assert_eq!(date("20240201000000[-3.5]"), Ok(d(2024, 2, 1)));
        assert_eq!(
            date("20991231"),
            Ok(d(2099, 12, 31)),
            "future dates are the importer's business"
        );
        for bad in [
            "",
            "2024011",
            "2024-01-15",
            "20241315",
            "20240230",
            "20240115T1200",
            "20240115.",
            "20240115[-5:EST",
            "202401151200001",
            "２０２４０１１５",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(amount("-12.34"), Ok(dec!(-12.34)));
        assert_eq!(amount("+2500.00"), Ok(dec!(2500.00)));
        assert_eq!(amount("42"), Ok(dec!(42)));
        assert_eq!(amount(".5"), Ok(dec!(0.5)));
        assert_eq!(amount("-12,34"), Ok(dec!(-12.34)));
        assert_eq!(amount("-0.00"), Ok(dec!(0)));
        for bad in [
            "",
            "-",
            ".",
            "1,234.56",
            "1.2.3",
            "1,2,3",
            "12 34",
            "1e5",
            "--1",
            "€12",
            "9".repeat(40).as_str(),
        ] {
            assert!(amount(bad).is_err(), "{bad}");
        }
        assert!(amount(&format!("1.{}", "0".repeat(29))).is_err());
    }

    #[test]
    fn currencies_and_shown() {
        assert_eq!(currency("eur"), Ok("EUR".to_string()));
        assert!(currency("EURO").is_err());
        assert!(currency("€").is_err());
        assert_eq!(shown("ab"), "\"ab\"");
        assert_eq!(shown(&"é".repeat(50)), format!("{:?}…", "é".repeat(40)));
    }
}

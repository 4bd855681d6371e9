//! Message text for Telegram's HTML parse mode, escaped in one place; amounts in the user's
//! language; long texts split at Telegram's 4,096-character limit on line boundaries.

use kakeibo_ask::answer::format;
use kakeibo_ask::understand::Language;
use rust_decimal::Decimal;

/// Telegram's limit on one message's text (after entity parsing).
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Text shown literally under `parse_mode: HTML`: only `<`, `>` and `&` are special there,
/// so merchant names with `_*[]()~>#+-=|{}.!` come through as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

pub fn bold(text: &str) -> String {
    format!("<b>{}</b>", escape(text))
}

/// The language amounts and numbers are written in, from the user's locale (`de-CH` → de);
/// English for the rest.
pub fn language(locale: &str) -> Language {
    let code = locale.split(['-', '_']).next().unwrap_or("").to_lowercase();
    Language::ALL
        .into_iter()
        .find(|l| l.code() == code)
        .unwrap_or(Language::En)
}

/// "1,234.50 EUR" / "1.234,50 EUR".
pub fn money(lang: Language, amount: Decimal, currency: &str) -> String {
    format::money(lang, amount, currency)
}

/// A day as people write it: "25 Mar 2026", "25.03.2026".
pub fn day(lang: Language, date: chrono::NaiveDate) -> String {
    match lang {
        Language::De => date.format("%d.%m.%Y").to_string(),
        _ => date.format("%-d %b %Y").to_string(),
    }
}

/// `[■■■■□□□□□□] 40%`: ten cells, full past 100%.
pub fn progress_bar(percent: Decimal) -> String {
    let cells = (percent / Decimal::from(10))
        .floor()
        .clamp(Decimal::ZERO, Decimal::from(10));
    let full = usize::try_from(cells.mantissa() / 10i128.pow(cells.scale())).unwrap_or(0);
    format!("[{}{}]", "■".repeat(full), "□".repeat(10 - full))
}

/// What the person reads of an HTML text: its length counts against the limit.
fn visible_chars(html: &str) -> usize {
    let mut count = 0;
    let mut in_tag = false;
    let mut in_entity = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                in_entity = true;
                count += 1;
            }
            ';' if in_entity => in_entity = false,
            _ if in_entity => {}
            _ => count += 1,
        }
    }
    count
}

/// Splits an HTML text into messages of at most 4,096 visible characters, at line breaks.
/// Each line must be whole HTML (tags closed on the line they open), which every text this
/// crate builds is; a single longer line is cut between characters outside tags.
pub fn split(html: &str) -> Vec<String> {
    split_at(html, MAX_MESSAGE_CHARS)
}

fn split_at(html: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for line in html.split('\n') {
        let len = visible_chars(line);
        let extra = if current.is_empty() { len } else { len + 1 };
        if current_len + extra <= limit {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
            current_len += extra;
            continue;
        }
        if !current.is_empty() {
            parts.push(std::mem::take(&mut current));
            current_len = 0;
        }
        if len <= limit {
            current.push_str(line);
            current_len = len;
        } else {
            parts.extend(cut_long_line(line, limit));
        }
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

/// A line longer than a message: cut at spaces where it can, never inside a tag or entity.
fn cut_long_line(line: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for word in line.split_inclusive(' ') {
        if visible_chars(&current) + visible_chars(word) > limit && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if visible_chars(word) > limit {
            // One unbroken word: escaped text only, so cut between entities.
            let mut piece = String::new();
            let mut rest = word;
            while !rest.is_empty() {
                let step = if rest.starts_with('&') {
                    rest.find(';').map_or(1, |e| e + 1)
                } else {
                    rest.chars().next().map_or(1, char::len_utf8)
                };
                if visible_chars(&piece) + 1 > limit {
                    parts.push(std::mem::take(&mut piece));
                }
                piece.push_str(&rest[..step]);
                rest = &rest[step..];
            }
            current = piece;
        } else {
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn escapes_only_what_html_needs() {
        assert_eq!(
            escape("A&B <Shop> _*[]()~#+-=|{}.!"),
            "A&amp;B &lt;Shop&gt; _*[]()~#+-=|{}.!"
        );
    }

    #[test]
    fn amounts_in_the_users_language() {
        assert_eq!(
            money(language("de-CH"), dec!(-1234.5), "EUR"),
            "-1.234,50 EUR"
        );
        assert_eq!(money(language("en"), dec!(1234.5), "USD"), "1,234.50 USD");
        assert_eq!(money(language("ja"), dec!(3), "JPY"), "3.00 JPY");
    }

    #[test]
    fn days() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(day(Language::En, d), "5 Mar 2026");
        assert_eq!(day(Language::De, d), "05.03.2026");
    }

    #[test]
    fn bars() {
        assert_eq!(progress_bar(dec!(45)), "[■■■■□□□□□□]");
        assert_eq!(progress_bar(dec!(130)), "[■■■■■■■■■■]");
        assert_eq!(progress_bar(dec!(-5)), "[□□□□□□□□□□]");
    }

    #[test]
    fn splits_on_lines_within_the_limit() {
        let line = format!("<b>{}</b> &amp; x", "y".repeat(40));
        let text = vec![line.clone(); 200].join("\n");
        let parts = split(&text);
        assert!(parts.len() > 1);
        for part in &parts {
            assert!(visible_chars(part) <= MAX_MESSAGE_CHARS);
            assert!(part.split('\n').all(|l| l == line));
        }
        assert_eq!(parts.join("\n"), text);
        let long = "&amp;".repeat(5000);
        let parts = split_at(&long, 4096);
        assert_eq!(parts.len(), 2);
        assert_eq!(visible_chars(&parts[0]), 4096);
        assert!(parts.iter().all(|p| !p.ends_with('&')));
    }
}

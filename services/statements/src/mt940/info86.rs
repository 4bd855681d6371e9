//! The `:86:` information to the account owner, in the three shapes banks write it:
//!
//! - German structured (DFÜ-Abkommen, also Austrian and Polish banks): a three-digit business
//!   transaction code, then subfields `?00` posting text, `?10` prima nota, `?20`–`?29` and
//!   `?60`–`?63` purpose, `?30` bank code or BIC, `?31` account or IBAN, `?32`–`?33` name,
//!   `?34` return reason. The separator is `?` (some Polish banks write `~` or `<`).
//! - Dutch and Belgian code words: `/TRTP/…/IBAN/…/NAME/…/REMI/…/EREF/…`.
//! - Free text.
//!
//! Lines are at most 65 characters and a value may run on across them.

/// What a statement line needs from `:86:`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Info {
    /// `?00`, e.g. `SEPA-UEBERWEISUNG`.
    pub posting_text: String,
    /// `?20`–`?29` and `?60`–`?63`, or `/REMI/`, or the free text.
    pub purpose: String,
    /// `?32`–`?33`, or `/NAME/`.
    pub name: String,
    /// `?31`, or `/IBAN/`: the other side's account.
    pub account: String,
}

/// Subfield pieces are at most 27 characters, lines at most 65: a piece or line that long
/// was cut where it was full, so the next one continues it without a space.
const PIECE: usize = 27;
const LINE: usize = 65;

pub(super) fn parse(lines: &[&str]) -> Info {
    let joined: String = lines.iter().map(|l| l.trim_end_matches('\r')).collect();
    if let Some(info) = structured(joined.trim_start()) {
        return info;
    }
    let text = join(lines.iter().copied(), LINE);
    if text.starts_with('/') && CODE_WORDS.iter().any(|w| text.contains(&format!("/{w}/"))) {
        return code_words(&text);
    }
    Info {
        purpose: text,
        ..Info::default()
    }
}

/// `166?00SEPA-UEBERWEISUNG?20EREF+…?32Max Mustermann`.
fn structured(text: &str) -> Option<Info> {
    let b = text.as_bytes();
    let sep = *b.get(3)?;
    let starts = b.len() >= 6
        && b[..3].iter().all(u8::is_ascii_digit)
        && matches!(sep, b'?' | b'~' | b'<')
        && b[4..6].iter().all(u8::is_ascii_digit);
    if !starts {
        return None;
    }
    let mut purpose = Vec::new();
    let mut name = Vec::new();
    let mut info = Info::default();
    // Subfields start at a separator followed by two digits.
    let mut starts: Vec<usize> = (3..b.len().saturating_sub(2))
        .filter(|&i| b[i] == sep && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit())
        .collect();
    starts.push(b.len());
    for pair in starts.windows(2) {
        let (at, end) = (pair[0], pair[1]);
        // The separator and the two digits are ASCII, so these are char boundaries.
        let code = &text[at + 1..at + 3];
        let value = &text[at + 3..end];
        match code {
            "00" => info.posting_text = value.trim().to_string(),
            "20" | "21" | "22" | "23" | "24" | "25" | "26" | "27" | "28" | "29" | "60" | "61"
            | "62" | "63" => purpose.push(value),
            "31" => info.account = value.trim().to_string(),
            "32" | "33" => name.push(value),
            // 10 prima nota, 30 bank code or BIC, 34 return reason: not shown.
            _ => {}
        }
    }
    info.purpose = sepa_remittance(&join(purpose.into_iter(), PIECE));
    info.name = join(name.into_iter(), PIECE);
    Some(info)
}

/// German SEPA purposes carry code words (`EREF+`, `MREF+`, `CRED+`, `SVWZ+`, `ABWA+`): the
/// words for the person are those after `SVWZ+` (Verwendungszweck), up to the next code word.
fn sepa_remittance(purpose: &str) -> String {
    let Some((_, after)) = purpose.split_once("SVWZ+") else {
        return purpose.to_string();
    };
    let end = [
        "ABWA+", "ABWE+", "EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "IBAN+", "BIC+",
    ]
    .iter()
    .filter_map(|w| after.find(w))
    .min()
    .unwrap_or(after.len());
    let text = after[..end].trim();
    if text.is_empty() {
        purpose.to_string()
    } else {
        text.to_string()
    }
}

/// Code words of the Dutch and Belgian style, each written `/WORD/` before its value.
const CODE_WORDS: [&str; 17] = [
    "TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "ORDP", "BENM", "ADDR", "CSID", "MARF", "PREF",
    "ISDT", "CNTP", "RTRN", "PURP", "ULTD",
];

/// `/TRTP/SEPA OVERBOEKING/IBAN/NL02ABNA0123456789/BIC/ABNANL2A/NAME/J. Jansen/REMI/…`.
fn code_words(text: &str) -> Info {
    // Every place a code word begins: `/WORD/`.
    let mut marks: Vec<(usize, &str)> = Vec::new();
    for (at, _) in text.match_indices('/') {
        let rest = &text[at + 1..];
        if let Some(word) = CODE_WORDS
            .iter()
            .find(|w| rest.starts_with(*w) && rest[w.len()..].starts_with('/'))
        {
            marks.push((at, word));
        }
    }
    let mut info = Info::default();
    for (i, &(at, word)) in marks.iter().enumerate() {
        let start = at + word.len() + 2;
        let end = marks.get(i + 1).map_or(text.len(), |m| m.0);
        if start > end {
            continue; // overlapping marks such as `/NAME/REMI/`
        }
        let value = text[start..end].trim_matches(|c: char| c == '/' || c.is_whitespace());
        let slot = match word {
            "NAME" => &mut info.name,
            "REMI" => &mut info.purpose,
            "IBAN" => &mut info.account,
            _ => continue,
        };
        if slot.is_empty() {
            // `/REMI/USTD//Invoice 1` (unstructured) and `/REMI/STRD/CUR/RF18…` (a creditor
            // reference) both name the kind first.
            let value = value
                .strip_prefix("USTD//")
                .or_else(|| value.strip_prefix("STRD/CUR/"))
                .unwrap_or(value);
            *slot = value.trim().to_string();
        }
    }
    info
}

/// Joins pieces: directly after one of `full` characters (it was cut there), else with a
/// space; runs of spaces become one.
fn join<'a>(pieces: impl Iterator<Item = &'a str>, full: usize) -> String {
    let mut out = String::new();
    let mut previous_full = true;
    for piece in pieces {
        if !previous_full {
            out.push(' ');
        }
        out.push_str(piece);
        previous_full = piece.chars().count() >= full;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

use super::*;
use rust_decimal_macros::dec;

use QifDateFormat::{DayFirst, MonthFirst};

const CHECKING_US: &[u8] = include_bytes!("../../tests/fixtures/qif/checking_us.qif");
const GIRO_EU_1252: &[u8] = include_bytes!("../../tests/fixtures/qif/giro_eu_1252.qif");
const CREDITCARD: &[u8] = include_bytes!("../../tests/fixtures/qif/creditcard.qif");
const SPLIT_DATED: &[u8] = include_bytes!("../../tests/fixtures/qif/split_dated.qif");
const COMMENTS_LOWERCASE: &[u8] = include_bytes!("../../tests/fixtures/qif/comments_lowercase.qif");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn edited(file: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(file.to_vec()).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from}");
    text.replace(from, to).into_bytes()
}

fn assert_error(bytes: &[u8], format: QifDateFormat, line: usize, field: &str, message_part: &str) {
    let e = parse(bytes, format).expect_err("the file should be refused");
    assert_eq!((e.line, e.field.as_deref()), (line, Some(field)), "{e}");
    assert!(e.message.contains(message_part), "{e}");
}

#[test]
fn us_bank_month_first() {
    let s = parse(CHECKING_US, MonthFirst).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("Everyday Checking"));
    assert_eq!((s.currency.as_deref(), s.closing_balance), (None, None));
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| {
            (
                l.source_line,
                l.booked_on,
                l.amount,
                l.payee.as_str(),
                l.source_id.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            // `NATM` and `NDEP` are not check numbers.
            (9, day(2024, 1, 2), dec!(-42.17), "SAFEWAY #1234", None),
            (
                18,
                day(2024, 1, 5),
                dec!(2500.00),
                "ACME Corp Payroll",
                None
            ),
            // Padded ` 1/ 6'24`, thousands separator, splits ignored.
            (
                25,
                day(2024, 1, 6),
                dec!(-1234.56),
                "Sunset Property Mgmt",
                Some("1043")
            ),
            (
                38,
                day(2024, 1, 29),
                dec!(-300.00),
                "Transfer to savings",
                None
            ),
        ]
    );
    assert_eq!(s.lines[0].description, "Groceries run");
    assert_eq!(s.lines[2].description, "Rent, January");
    assert!(s.lines.iter().all(|l| !l.pending && l.currency.is_none()));
}

#[test]
fn eu_bank_day_first_windows_1252() {
    assert!(
        GIRO_EU_1252.contains(&0xFC),
        "the fixture is really Windows-1252 (ü)"
    );
    let s = parse(GIRO_EU_1252, DayFirst).unwrap();
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| {
            (
                l.source_line,
                l.booked_on,
                l.amount,
                l.payee.as_str(),
                l.description.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                2,
                day(2024, 2, 3),
                dec!(-4.50),
                "Café de Flore",
                "CB 02/02 Paris"
            ),
            (
                7,
                day(2024, 2, 7),
                dec!(-1234.56),
                "Müller & Söhne GmbH",
                "Miete Februar"
            ),
            (
                12,
                day(2024, 2, 28),
                dec!(1850.00),
                "Arbeitgeber AG",
                "Gehalt Februar"
            ),
        ]
    );
    assert_eq!(s.account_hint, None);
}

#[test]
fn credit_card_apostrophe_years() {
    let s = parse(CREDITCARD, MonthFirst).unwrap();
    let summary: Vec<_> = s.lines.iter().map(|l| (l.booked_on, l.amount)).collect();
    assert_eq!(
        summary,
        [
            (day(2024, 4, 14), dec!(-89.40)),
            (day(2024, 4, 22), dec!(-1249.00)),
            (day(2024, 5, 5), dec!(1500.00)),
        ]
    );
    assert_eq!(s.lines[1].description, "ATLANTA GA");
}

#[test]
fn dates() {
    let m = |s| date(s, MonthFirst);
    let d = |s| date(s, DayFirst);
    assert_eq!(m("01/15/2024"), Ok(day(2024, 1, 15)));
    assert_eq!(m("1/15'24"), Ok(day(2024, 1, 15)));
    assert_eq!(
        m(" 1/ 5' 4"),
        Ok(day(2004, 1, 5)),
        "Quicken pads with spaces"
    );
    assert_eq!(m("12/31/99"), Ok(day(1999, 12, 31)));
    assert_eq!(m("1/15/24"), Ok(day(2024, 1, 15)));
    assert_eq!(m("2024-01-15"), Ok(day(2024, 1, 15)));
    assert_eq!(d("15.01.2024"), Ok(day(2024, 1, 15)));
    assert_eq!(d("15/01/2024"), Ok(day(2024, 1, 15)));
    assert_eq!(d("15.1'24"), Ok(day(2024, 1, 15)));
    assert_eq!(d("2024-01-15"), Ok(day(2024, 1, 15)));
    assert_eq!(d("01/02/2024"), Ok(day(2024, 2, 1)));
    assert!(m("15/01/2024").unwrap_err().contains("day-first"));
    assert!(d("01/15/2024").unwrap_err().contains("month-first"));
    for bad in [
        "",
        "2024",
        "1/15",
        "1/15/2024/1",
        "1//2024",
        "/1/2024",
        "1/15/",
        "1/15/202",
        "Jan 15 2024",
        "12345/1/1",
        "2/30/2024",
    ] {
        assert!(m(bad).is_err(), "{bad}");
    }
}

#[test]
fn amounts() {
    assert_eq!(amount("1,234.56"), Ok(dec!(1234.56)));
    assert_eq!(amount("-1,234,567.00"), Ok(dec!(-1234567.00)));
    assert_eq!(amount("1,234"), Ok(dec!(1234)));
    assert_eq!(amount("-12,50"), Ok(dec!(-12.50)));
    assert_eq!(amount("-1.234,56"), Ok(dec!(-1234.56)));
    assert_eq!(amount("1.234.567"), Ok(dec!(1234567)));
    assert_eq!(amount("0.5"), Ok(dec!(0.5)));
    for bad in ["", "abc", "1,23,4.00", "1.2.3,4.5", "--1"] {
        assert!(amount(bad).is_err(), "{bad}");
    }
}

#[test]
fn other_sections_and_line_endings() {
    // Category lists use D for descriptions: they must be skipped, not read as dates.
    let file = "!Type:Cat\nNFood\nDFood and drink\nE\n^\n!Type:Class\nNWork\n^\n\
        !Type:Cash\nD2/1/2024\nT-3.50\nPFarmers market\n^\n^\n!Type:Memorized\nKC\nT-1\n^\n";
    let s = parse(file.as_bytes(), MonthFirst).unwrap();
    assert_eq!(s.lines.len(), 1);
    assert_eq!(
        (s.lines[0].source_line, s.lines[0].amount),
        (10, dec!(-3.50))
    );
    // Classic Mac line ends, and lower-case headers.
    let mac = "!type:oth l\rD2/1'24\rU-7\rPLoan\r^\r";
    let s = parse(mac.as_bytes(), MonthFirst).unwrap();
    assert_eq!(
        (s.lines[0].source_line, s.lines[0].booked_on),
        (2, day(2024, 2, 1))
    );
    assert_eq!(s.lines[0].amount, dec!(-7));
    // A UTF-8 BOM and an empty transaction list.
    assert!(
        parse("\u{feff}!Type:Bank\r\n".as_bytes(), MonthFirst)
            .unwrap()
            .lines
            .is_empty()
    );
}

#[test]
fn errors() {
    // A record without D: the line of its `^`.
    let file = edited(CHECKING_US, "D1/5'24\n", "\n");
    let e = parse(&file, MonthFirst).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 24, field D: the record from line 19 has no date (D line)"
    );
    assert_error(
        &edited(CHECKING_US, "T-300.00", ""),
        MonthFirst,
        42,
        "T",
        "no amount",
    );
    assert_error(
        &edited(CHECKING_US, "T2,500.00", "T2,50O.00"),
        MonthFirst,
        19,
        "T",
        "not an amount",
    );
    assert_error(
        &edited(CHECKING_US, "U-42.17", "U-42..17"),
        MonthFirst,
        10,
        "U",
        "not an amount",
    );
    assert_error(
        &edited(CHECKING_US, "D01/29/2024", "D29/01/2024"),
        MonthFirst,
        38,
        "D",
        "day-first",
    );
    assert_error(
        &edited(CHECKING_US, "D01/29/2024", "D01/29/2O24"),
        MonthFirst,
        38,
        "D",
        "not a date",
    );
    // Truncated in a record, and a record cut short by the next header.
    let cut = CHECKING_US.len() - 2;
    assert_error(&CHECKING_US[..cut], MonthFirst, 41, "^", "ends early");
    assert_error(
        b"!Type:Bank\nD01/01/2024\nT1\n!Type:Bank\n",
        MonthFirst,
        4,
        "^",
        "line 2 has no closing ^",
    );
    // What is not a bank list.
    assert_error(b"D01/01/2024\nT1\n^\n", MonthFirst, 1, "header", "!Type:");
    assert_error(b"", MonthFirst, 1, "header", "no !Type:Bank");
    assert_error(
        b"!Type:Cat\nNFood\n^\n",
        MonthFirst,
        1,
        "header",
        "no !Type:Bank",
    );
    assert_error(
        b"!Type:Invst\nD1/1/24\nNBuy\nT100\n^\n",
        MonthFirst,
        1,
        "header",
        "investment",
    );
    let two_accounts = "!Account\nNChecking\n^\n!Type:Bank\nD1/1/24\nT1\n^\n!Account\nNSavings\n^\n!Type:Bank\nD1/2/24\nT2\n^\n";
    assert_error(
        two_accounts.as_bytes(),
        MonthFirst,
        12,
        "account",
        "several accounts",
    );
}

use crate::test_rng::{Rng, random_inputs};

#[test]
fn never_panics() {
    const ALPHABET: &[u8] = b"!^DTUPMNCLS$'/.,-:0123456789 \n\rType:Bank\xC3\xA9\xFF";
    for bytes in random_inputs(0x2545_F491_4F6C_DD1D, 3000, 200, b"!Type:Bank\n", ALPHABET) {
        let _ = parse(&bytes, MonthFirst);
        let _ = parse(&bytes, DayFirst);
    }
    // Random edits of valid files.
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for file in [CHECKING_US, GIRO_EU_1252, CREDITCARD] {
        for len in 0..=file.len() {
            let _ = parse(&file[..len], MonthFirst);
            let _ = parse(&file[..len], DayFirst);
        }
        for _ in 0..500 {
            let mut bytes = file.to_vec();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len());
                if rng.next() & 1 == 0 {
                    bytes[at] = ALPHABET[rng.below(ALPHABET.len())];
                } else {
                    bytes.remove(at);
                }
            }
            let _ = parse(&bytes, MonthFirst);
        }
    }
}

/// Found by `fuzz_qif`: a `T` line of 460 bytes of control characters was quoted whole, each
/// one escaped (`\0`, `\u{1}`), giving a message of over a kilobyte. The amount is now quoted
/// cut short, as dates already were.
#[test]
fn a_long_bad_amount_is_cut_in_the_message() {
    let mut file = b"!Type:Bank\nD01/02/2024\nT-89.4".to_vec();
    file.extend(std::iter::repeat_n(b'\x01', 5_000));
    file.extend_from_slice(b"\n^\n");
    let e = parse(&file, MonthFirst).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (3, Some("T")));
    assert!(e.message.ends_with("\"… is not an amount"), "{e}");
    assert!(e.message.chars().count() < 300, "{e}");
}

/// Split lines carry no date in QIF, but some tools write a `D` among them: it once replaced
/// the transaction's own date, so a February purchase was booked on 10 January.
#[test]
fn a_date_among_split_lines_does_not_move_the_transaction() {
    let s = parse(SPLIT_DATED, MonthFirst).unwrap();
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| (l.source_line, l.booked_on, l.amount, l.payee.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (2, day(2024, 2, 14), dec!(-120.00), "Hardware Store"),
            (14, day(2024, 2, 20), dec!(-15.00), "Bakery"),
        ]
    );
    assert_eq!(s.lines[0].description, "Tools and paint");
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    // A bad date among the split lines does not matter when the transaction has its own.
    let bad_split = edited(
        SPLIT_DATED,
        "SHome:Paint\nEPaint\nD01/10/2024",
        "SHome:Paint\nD1O",
    );
    assert_eq!(parse(&bad_split, MonthFirst).unwrap().lines.len(), 2);
}

/// Files that begin with comments, a stray `^` or `!Clear:AutoSwitch`, with lowercase
/// headers, were answered "a QIF file begins with a !Type: line".
#[test]
fn comments_stray_record_ends_and_lowercase_headers() {
    let s = parse(COMMENTS_LOWERCASE, MonthFirst).unwrap();
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| (l.source_line, l.booked_on, l.amount, l.payee.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (7, day(2024, 3, 1), dec!(-9.99), "Streaming"),
            // The only date is among the split lines: used, and said so.
            (11, day(2024, 3, 2), dec!(-5.00), "Snacks"),
        ]
    );
    assert_eq!(
        s.notes,
        ["1 transaction had no date of its own, only in its split lines; that date was used"]
    );
    for file in [
        "!Option:AutoSwitch\n!Type:Bank\nD1/2/24\nT1\n^\n",
        "#x\n\n!TYPE:BANK\nD1/2/24\nT1\n^\n",
        "^\n!type:bank\r\nD1/2/24\r\nT1\r\n^\r\n",
    ] {
        let s = parse(file.as_bytes(), MonthFirst).unwrap();
        assert_eq!(s.lines.len(), 1, "{file}");
        assert_eq!(s.lines[0].booked_on, day(2024, 1, 2), "{file}");
    }
    // Comments alone are still not a QIF file.
    assert_error(b"# nothing\n^\n", MonthFirst, 1, "header", "no !Type:Bank");
}

use chrono::NaiveDate;
use rust_decimal_macros::dec;

use crate::statement::{ParseError, Statement, StatementLine};
use crate::test_summary::summary;

/// The file's one statement.
fn parse(bytes: &[u8]) -> Result<Statement, ParseError> {
    let mut all = super::parse(bytes)?;
    assert_eq!(all.len(), 1, "one statement");
    Ok(all.remove(0))
}

const CHECKING_102: &[u8] = include_bytes!("../../tests/fixtures/ofx/checking_102.ofx");
const LATIN_1252: &[u8] = include_bytes!("../../tests/fixtures/ofx/latin_1252.ofx");
const SAVINGS_220: &[u8] = include_bytes!("../../tests/fixtures/ofx/savings_220.ofx");
const CHECKING_QFX: &[u8] = include_bytes!("../../tests/fixtures/ofx/checking.qfx");
const CREDITCARD_151: &[u8] = include_bytes!("../../tests/fixtures/ofx/creditcard_151.ofx");
const ALL: [&[u8]; 5] = [
    CHECKING_102,
    LATIN_1252,
    SAVINGS_220,
    CHECKING_QFX,
    CREDITCARD_151,
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The fixture with `from` replaced by `to` (which must occur exactly once).
fn edited(file: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(file.to_vec()).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from}");
    text.replace(from, to).into_bytes()
}

fn error(bytes: &[u8]) -> ParseError {
    parse(bytes).expect_err("the file should be refused")
}

fn assert_error(bytes: &[u8], line: usize, field: Option<&str>, message_part: &str) {
    let e = error(bytes);
    assert_eq!((e.line, e.field.as_deref()), (line, field), "{e}");
    assert!(e.message.contains(message_part), "{e}");
}

#[test]
fn sgml_102_checking() {
    let s = parse(CHECKING_102).unwrap();
    assert_eq!(s.currency.as_deref(), Some("USD"));
    assert_eq!(
        s.account_hint.as_deref(),
        Some("000123456789"),
        "not the BANKACCTTO"
    );
    assert_eq!(
        s.closing_balance,
        Some(dec!(3172.51)),
        "LEDGERBAL, not AVAILBAL"
    );
    assert_eq!(s.lines.len(), 5);
    assert_eq!(
        s.lines[0],
        StatementLine {
            source_line: 43,
            booked_on: day(2024, 1, 3),
            amount: dec!(-42.17),
            currency: None,
            payee: "SAFEWAY #1234".into(),
            description: "POS PURCHASE 01/02 SAN FRANCISCO CA".into(),
            source_id: Some("202401030001".into()),
            pending: false,
            merchant_category_code: None,
        }
    );
    let lines: Vec<_> = s.lines.iter().map(|l| (l.source_line, l.amount)).collect();
    assert_eq!(
        lines,
        [
            (43, dec!(-42.17)),
            (51, dec!(2500.00)),
            (59, dec!(-85.32)),
            (67, dec!(-1200.00)),
            (75, dec!(-300.00))
        ]
    );
    // Entities
    assert_eq!(s.lines[2].payee, "AT&T *BILL PAYMENT");
    assert_eq!(s.lines[2].description, "WEB PMT <RECURRING>");
    assert_eq!(s.lines[3].description, "", "no MEMO");
}

#[test]
fn xml_220_savings() {
    let s = parse(SAVINGS_220).unwrap();
    assert_eq!(s.currency.as_deref(), Some("USD"));
    assert_eq!(s.account_hint.as_deref(), Some("4401-2233"));
    assert_eq!(s.closing_balance, Some(dec!(10443.61)));
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| {
            (
                l.source_line,
                l.booked_on,
                l.amount,
                l.payee.as_str(),
                l.currency.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            // 23:59:59 PST is still the 29th: the date part is the bank's day.
            (31, day(2024, 2, 29), dec!(3.12), "INTEREST PAYMENT", None),
            (
                39,
                day(2024, 2, 12),
                dec!(-64.99),
                "Pacific Gas & Electric",
                None
            ),
            // EUR 45.00 at 1.1034 USD per EUR, in the account's dollars.
            (
                55,
                day(2024, 2, 20),
                dec!(-49.65),
                "Hôtel Müller Zürich",
                None
            ),
            // ORIGCURRENCY means converted to the account's currency already.
            (
                67,
                day(2024, 2, 25),
                dec!(150.00),
                "TRANSFER FROM CHECKING",
                None
            ),
        ]
    );
    assert_eq!(s.lines[0].description, "", "empty <MEMO></MEMO>");
    assert_eq!(s.lines[1].description, "Autopay <acct ending 0042>");
    assert_eq!(
        s.lines[2].description,
        "Card purchase abroad (EUR -45.00 at 1.1034)"
    );
    assert_eq!(s.lines[1].source_id.as_deref(), Some("PMT-0212-7781"));
}

#[test]
fn qfx_with_intu_bid() {
    let s = parse(CHECKING_QFX).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("9876543210"));
    assert_eq!(s.closing_balance, Some(dec!(1204.33)));
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
                15,
                day(2024, 4, 2),
                dec!(-15.49),
                "NETFLIX.COM",
                "NETFLIX.COM 866-579-7172 CA"
            ),
            (
                16,
                day(2024, 4, 3),
                dec!(-6.75),
                "STARBUCKS STORE 05412",
                "CARD PURCHASE"
            ),
        ]
    );
}

#[test]
fn credit_card_statement() {
    let s = parse(CREDITCARD_151).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("XXXXXXXXXXXX4321"));
    assert_eq!(s.closing_balance, Some(dec!(-2417.66)));
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| (l.source_line, l.booked_on, l.amount))
        .collect();
    assert_eq!(
        summary,
        [
            (37, day(2024, 4, 14), dec!(-89.40)),
            (44, day(2024, 4, 22), dec!(-1249.00)),
            (52, day(2024, 5, 5), dec!(1500.00)),
        ]
    );
    assert_eq!(s.lines[1].description, "ATLANTA GA");
    assert_eq!(
        s.lines[2].source_id.as_deref(),
        Some("2024050574692164125000555555555")
    );
}

#[test]
fn windows_1252_payees_and_decimal_commas() {
    assert!(
        LATIN_1252.contains(&0xFC),
        "the fixture is really Windows-1252 (ü)"
    );
    let s = parse(LATIN_1252).unwrap();
    assert_eq!(s.currency.as_deref(), Some("EUR"));
    assert_eq!(s.closing_balance, Some(dec!(2143.77)));
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| (l.amount, l.payee.as_str(), l.description.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (dec!(-4.50), "CAFÉ DE FLORE", "CB 02/02 PARIS"),
            // A bare `&` is common in SGML files and stays as written.
            (
                dec!(-23.80),
                "BÄCKEREI Müller & Söhne",
                "Prélèvement chèque déjeuner"
            ),
            (dec!(1850.00), "VIR SALAIRE FÉVRIER", ""),
        ]
    );
    // The same file in UTF-8 (a bank that kept the 1252 header) reads the same.
    let utf8 = encoding_rs::WINDOWS_1252.decode(LATIN_1252).0.into_owned();
    assert_eq!(parse(utf8.as_bytes()).unwrap(), s);
}

#[test]
fn lenient_sgml() {
    // One-line header, lower-case tags, STMTTRN never closed, empty MEMO, BOM, future date.
    let file = "\u{feff}OFXHEADER:100 DATA:OFXSGML VERSION:103\r\n\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>\n\
        <BANKTRANLIST>\n<stmttrn><dtposted>20991231<trnamt>-1<memo>\n<name>A\n\
        <STMTTRN><DTPOSTED>20240101<TRNAMT>2.5<FITID>\n\
        </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    let s = parse(file.as_bytes()).unwrap();
    let summary: Vec<_> = s
        .lines
        .iter()
        .map(|l| {
            (
                l.source_line,
                l.booked_on,
                l.amount,
                l.payee.as_str(),
                l.source_id.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (5, day(2099, 12, 31), dec!(-1), "A", None),
            (7, day(2024, 1, 1), dec!(2.5), "", None)
        ]
    );
    assert_eq!(
        (s.currency, s.account_hint, s.closing_balance),
        (None, None, None)
    );
}

#[test]
fn empty_statement_is_fine() {
    let file = b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD\n<BANKTRANLIST></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
    let s = parse(file).unwrap();
    assert!(s.lines.is_empty());
    assert_eq!(s.currency.as_deref(), Some("USD"));
}

#[test]
fn header_errors() {
    let e = error(&edited(CHECKING_102, "OFXHEADER:100", "OFXHEADER:1OO"));
    assert_eq!((e.line, e.field.as_deref()), (1, Some("header")));
    assert_eq!(
        e.to_string(),
        "line 1, field header: the header says OFXHEADER:\"1OO\"; OFX 1.x files say OFXHEADER:100"
    );
    assert_error(
        &edited(CHECKING_102, "DATA:OFXSGML", "DATA:CSV"),
        2,
        Some("header"),
        "DATA:OFXSGML",
    );
    assert_error(
        &edited(CHECKING_102, "VERSION:102", "VERSION 102"),
        3,
        Some("header"),
        "KEY:VALUE",
    );
    // No OFX root: the header line is named, and where the root was expected.
    assert_error(
        &edited(CHECKING_102, "\r\n<OFX>", "\r\n<OFY>"),
        1,
        Some("header"),
        "no <OFX> element after the header (line 11",
    );
    assert_error(
        b"OFXHEADER:100\nDATA:OFXSGML\n\n",
        1,
        Some("header"),
        "no <OFX> element",
    );
    // No header at all is read (`headerless_files_are_read`); something else is not OFX.
    assert_error(b"", 1, Some("header"), "empty");
    assert_error(b"\n\n  \n", 4, Some("header"), "empty");
    assert_error(
        b"Date,Amount\n2024-01-01,1\n",
        1,
        Some("header"),
        "not an OFX file",
    );
    // OFX 2.x: the OFX instruction is required and must say 200.
    assert_error(
        &edited(SAVINGS_220, "OFXHEADER=\"200\"", "OFXHEADER=\"100\""),
        2,
        Some("header"),
        "OFXHEADER=\"200\"",
    );
}

#[test]
fn missing_fields() {
    // Second transaction (line 51) without its date.
    let file = edited(CHECKING_102, "<DTPOSTED>20240105120000\r\n", "");
    let e = error(&file);
    assert_eq!(
        e.to_string(),
        "line 51, field DTPOSTED: the transaction has no DTPOSTED (posting date)"
    );
    // XML: second transaction (line 39) without its amount; the line is kept blank so the
    // numbering does not move.
    let file = edited(SAVINGS_220, "<TRNAMT>-64.99</TRNAMT>", "");
    assert_error(&file, 39, Some("TRNAMT"), "has no TRNAMT");
    // Empty value counts as unparsable, at its own line.
    let file = edited(
        CREDITCARD_151,
        "<TRNAMT>-1249.00</TRNAMT>",
        "<TRNAMT></TRNAMT>",
    );
    assert_error(&file, 47, Some("TRNAMT"), "not an amount");
}

#[test]
fn unparsable_values() {
    assert_error(
        &edited(CHECKING_102, "-85.32", "-85.3.2"),
        62,
        Some("TRNAMT"),
        "\"-85.3.2\" is not an amount",
    );
    assert_error(
        &edited(CHECKING_102, "-85.32", "$85.32"),
        62,
        Some("TRNAMT"),
        "not an amount",
    );
    assert_error(
        &edited(
            CHECKING_102,
            "<DTPOSTED>20240116120000",
            "<DTPOSTED>2024-01-16",
        ),
        69,
        Some("DTPOSTED"),
        "not an OFX date",
    );
    assert_error(
        &edited(
            SAVINGS_220,
            "20240220120000[+1:CET]",
            "20240230120000[+1:CET]",
        ),
        57,
        Some("DTPOSTED"),
        "not a valid date",
    );
    assert_error(
        &edited(CHECKING_102, "3172.51", "3,172.51"),
        89,
        Some("BALAMT"),
        "not an amount",
    );
    assert_error(
        &edited(SAVINGS_220, "<CURSYM>EUR", "<CURSYM>Euro"),
        64,
        Some("CURSYM"),
        "currency",
    );
    assert_error(
        &edited(CHECKING_102, "<CURDEF>USD", "<CURDEF>$"),
        34,
        Some("CURDEF"),
        "currency",
    );
}

#[test]
fn truncated_files() {
    let ends_early = "the file ends early (truncated?)";
    // Inside a transaction (SGML, CRLF): the last line is named.
    let cut = CHECKING_102
        .windows(6)
        .position(|w| w == b"-85.32")
        .unwrap()
        + 3;
    let e = error(&CHECKING_102[..cut]);
    assert_eq!(
        (e.line, e.field, e.message.as_str()),
        (62, None, ends_early)
    );
    // Right after a complete transaction, and with trailing newlines: still the last line.
    let text = std::str::from_utf8(CHECKING_102).unwrap();
    let cut = text
        .find("</STMTTRN>\r\n<STMTTRN>\r\n<TRNTYPE>CHECK")
        .unwrap()
        + "</STMTTRN>\r\n".len();
    assert_error(&CHECKING_102[..cut], 66, None, ends_early);
    // XML without </BANKTRANLIST> / </OFX>.
    let text = std::str::from_utf8(SAVINGS_220).unwrap();
    let cut = text.find("        </BANKTRANLIST>").unwrap();
    assert_error(&SAVINGS_220[..cut], 77, None, ends_early);
    let cut = text.find("</OFX>").unwrap();
    assert_error(&SAVINGS_220[..cut], 89, None, ends_early);
    // Inside a tag.
    assert_error(
        &CHECKING_QFX[..CHECKING_QFX.len() - 10],
        17,
        None,
        ends_early,
    );
    // Any cut that loses </OFX> is refused, never a partial import.
    for file in ALL {
        let end = file.windows(6).rposition(|w| w == b"</OFX>").unwrap();
        for len in 0..end {
            assert!(super::parse(&file[..len]).is_err(), "cut at {len}");
        }
    }
}

#[test]
fn what_is_not_a_statement() {
    // One statement naming two accounts is broken; two statements are two accounts.
    let two_in_one = edited(
        CHECKING_102,
        "</BANKACCTFROM>",
        "</BANKACCTFROM>\r\n<BANKACCTFROM><BANKID>1<ACCTID>555\r\n</BANKACCTFROM>",
    );
    assert_error(
        &two_in_one,
        40,
        Some("ACCTID"),
        "one statement names two accounts (\"000123456789\" and \"555\")",
    );
    let signon_only = b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR</STATUS></SONRS></SIGNONMSGSRSV1></OFX>";
    assert_error(
        signon_only,
        1,
        Some("STMTRS"),
        "no bank, credit card or investment statement",
    );
}

const MULTI_ACCOUNT: &[u8] = include_bytes!("../../tests/fixtures/ofx/multi_account.ofx");
const INVESTMENT: &[u8] = include_bytes!("../../tests/fixtures/ofx/investment.ofx");
const HEADERLESS_EMPTY: &[u8] = include_bytes!("../../tests/fixtures/ofx/headerless_empty.ofx");

/// Issue 16, 3.5: a file with no header at all but a valid body is read, SGML or XML, and an
/// XML declaration without the `<?OFX?>` instruction too.
#[test]
fn headerless_files_are_read() {
    let with_header = parse(CHECKING_102).unwrap();
    let body = &CHECKING_102[CHECKING_102.windows(5).position(|w| w == b"<OFX>").unwrap()..];
    let headerless = parse(body).unwrap();
    // The same statement, ten lines up.
    let shifted: Vec<_> = with_header
        .lines
        .iter()
        .map(|l| StatementLine {
            source_line: l.source_line - 10,
            ..l.clone()
        })
        .collect();
    assert_eq!(headerless.lines, shifted);
    assert_eq!(
        (headerless.currency, headerless.account_hint),
        (with_header.currency, with_header.account_hint)
    );
    // Lower case, after blank lines.
    let lower = format!(
        "\n\n{}",
        String::from_utf8_lossy(body).replacen("<OFX>", "<ofx>", 1)
    );
    assert_eq!(parse(lower.as_bytes()).unwrap().lines.len(), 5);
    assert_eq!(
        crate::detect_format(lower.as_bytes()),
        crate::statement::Format::Ofx
    );
    // OFX 2.x without its `<?OFX ...?>` instruction.
    let no_instruction = edited(
        SAVINGS_220,
        "<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>",
        "",
    );
    assert_eq!(parse(&no_instruction).unwrap(), parse(SAVINGS_220).unwrap());
    // The small file written for it: headerless, with empty CURDEF, MEMO and BALAMT.
    let s = parse(HEADERLESS_EMPTY).unwrap();
    assert_eq!(
        crate::detect_format(HEADERLESS_EMPTY),
        crate::statement::Format::Ofx
    );
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
            (6, day(2025, 11, 4), dec!(-23.45), "REWE Markt", ""),
            (7, day(2025, 11, 6), dec!(2500.00), "ACME GmbH", ""),
        ]
    );
    assert_eq!(
        (s.currency, s.account_hint.as_deref(), s.closing_balance),
        (None, Some("DE44500105175407324931"), None)
    );
}

/// Issue 16, 3.5: empty optional elements are absent; an empty CURDEF leaves the currency
/// to the account.
#[test]
fn empty_optional_elements_are_absent() {
    // SGML: `<CURDEF>` with nothing before the next tag, an empty `<BALAMT>`.
    let file = edited(CHECKING_102, "<CURDEF>USD", "<CURDEF>");
    let file = edited(
        &file,
        "<LEDGERBAL>\r\n<BALAMT>3172.51",
        "<LEDGERBAL>\r\n<BALAMT>",
    );
    let s = parse(&file).unwrap();
    let full = parse(CHECKING_102).unwrap();
    assert_eq!((s.currency, s.closing_balance), (None, None));
    assert_eq!(s.lines, full.lines);
    // XML: `<CURDEF></CURDEF>`, `<BALAMT></BALAMT>`, empty CURSYM/CURRATE.
    let file = edited(SAVINGS_220, "<CURDEF>USD</CURDEF>", "<CURDEF></CURDEF>");
    let file = edited(&file, "<BALAMT>10443.61</BALAMT>", "<BALAMT></BALAMT>");
    let s = parse(&file).unwrap();
    assert_eq!((s.currency, s.closing_balance), (None, None));
    // The foreign purchase still converts with its rate, into the account's currency.
    assert_eq!(s.lines, parse(SAVINGS_220).unwrap().lines);
    // Required values stay required.
    assert_error(
        &edited(CHECKING_102, "<TRNAMT>-85.32", "<TRNAMT>"),
        62,
        Some("TRNAMT"),
        "not an amount",
    );
}

/// Issue 16, 3.7: one statement per account, in file order; a card statement too.
#[test]
fn several_accounts_in_one_file() {
    let all = super::parse(MULTI_ACCOUNT).unwrap();
    let summary: Vec<_> = all
        .iter()
        .map(|s| {
            (
                s.account_hint.as_deref(),
                s.currency.as_deref(),
                s.closing_balance,
                s.lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                Some("000111222333"),
                Some("USD"),
                Some(dec!(4310.20)),
                vec![dec!(-42.17), dec!(2500.00)]
            ),
            (
                Some("000444555666"),
                Some("USD"),
                Some(dec!(10443.61)),
                vec![dec!(3.12)]
            ),
            (
                Some("XXXXXXXXXXXX4321"),
                Some("USD"),
                Some(dec!(-2417.66)),
                vec![dec!(-89.40), dec!(-15.49), dec!(500.00)]
            ),
        ]
    );
    assert_eq!(all[2].lines[0].source_line, 51);
    // A second statement of the same account adds to the first.
    let twice = edited(
        CHECKING_102,
        "</STMTTRNRS>",
        "</STMTTRNRS>\r\n<STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>000123456789\r\n</BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240201<TRNAMT>-1<FITID>X</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>",
    );
    let s = parse(&twice).unwrap();
    assert_eq!(s.lines.len(), 6);
    assert_eq!(s.lines[5].amount, dec!(-1));
}

/// Issue 16, 3.8: the cash side of an investment statement; holdings are left out, and the
/// notes say so.
#[test]
fn investment_statement_cash_movements() {
    let s = parse(INVESTMENT).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("BRK-778899"));
    assert_eq!(s.currency.as_deref(), Some("USD"));
    assert_eq!(s.closing_balance, None, "AVAILCASH is not a ledger balance");
    let summary = summary(&s);
    assert_eq!(
        summary,
        [
            (
                15,
                day(2025, 11, 2),
                dec!(1000.00),
                "ACH DEPOSIT",
                "",
                Some("INV-1")
            ),
            // Settlement date; the security's name from SECLIST.
            (
                18,
                day(2025, 11, 5),
                dec!(-504.95),
                "Buy: ACME Corp & Co",
                "Bought 10 ACME",
                Some("INV-2")
            ),
            (
                28,
                day(2025, 11, 15),
                dec!(12.40),
                "Dividend: ACME Corp & Co",
                "Quarterly dividend",
                Some("INV-3")
            ),
            // No SECINFO for it: the id stands in.
            (
                35,
                day(2025, 11, 30),
                dec!(0.87),
                "Interest: CASHSWEEP",
                "",
                Some("INV-4")
            ),
            (
                48,
                day(2025, 11, 27),
                dec!(100.00),
                "Sell: Example Index Fund",
                "",
                Some("INV-6")
            ),
        ]
    );
    assert_eq!(s.notes.len(), 2, "{:?}", s.notes);
    assert!(s.notes[0].contains("Holdings and positions are not imported"));
    assert!(s.notes[1].starts_with("1 investment transaction without a cash movement"));
    // A positive buy total is still money out; a missing TOTAL names the element.
    let positive = edited(
        INVESTMENT,
        "<TOTAL>-504.95</TOTAL>",
        "<TOTAL>504.95</TOTAL>",
    );
    assert_eq!(parse(&positive).unwrap().lines[1].amount, dec!(-504.95));
    let no_total = edited(INVESTMENT, "<TOTAL>12.40</TOTAL>", "");
    assert_error(
        &no_total,
        28,
        Some("TOTAL"),
        "the INCOME transaction has no TOTAL",
    );
    // Bank and investment statements in one file are two accounts.
    let both = edited(
        INVESTMENT,
        "  </INVSTMTMSGSRSV1>",
        "  </INVSTMTMSGSRSV1>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM></STMTRS></STMTTRNRS></BANKMSGSRSV1>",
    );
    let all = super::parse(&both).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[1].notes.is_empty());
}

use crate::test_rng::{Rng, random_inputs};

#[test]
fn never_panics() {
    // Random bytes, with a valid header in front half of the time so the body code runs.
    const ALPHABET: &[u8] = b"<>/?!-[]&;#:.,0123456789 \n\rOFXSTMTRNDPAMBLCU\xC3\xA9\xFF";
    for bytes in random_inputs(
        0x9E37_79B9_7F4A_7C15,
        3000,
        300,
        b"OFXHEADER:100\n<OFX>",
        ALPHABET,
    ) {
        let _ = super::parse(&bytes);
    }
    // Random edits of valid files.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for file in ALL {
        // Every truncation.
        for len in 0..=file.len() {
            let _ = super::parse(&file[..len]);
        }
        // Random byte changes and deletions of a valid file.
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
            let _ = super::parse(&bytes);
        }
    }
}

#[test]
fn hundred_thousand_transactions() {
    let mut file = String::from(
        "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n",
    );
    for i in 0..100_000 {
        file.push_str(&format!(
            "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20240115120000.000[-5:EST]\n<TRNAMT>-{}.{:02}\n<FITID>{i}\n<NAME>SHOP &amp; CO {i}\n<MEMO>CARD PURCHASE\n</STMTTRN>\n",
            i % 1000,
            i % 100
        ));
    }
    file.push_str("</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n");
    let started = std::time::Instant::now();
    let s = parse(file.as_bytes()).unwrap();
    let took = started.elapsed();
    assert_eq!(s.lines.len(), 100_000);
    assert_eq!(s.lines[99_999].source_line, 6 + 99_999 * 8);
    assert_eq!(s.lines[99_999].payee, "SHOP & CO 99999");
    if !cfg!(debug_assertions) {
        assert!(took.as_millis() < 500, "took {took:?}");
    }
}

#[test]
fn sic_carries_the_merchant_category_code() {
    let with_sic = edited(
        CHECKING_102,
        "<NAME>SAFEWAY #1234",
        "<SIC>5411\n<NAME>SAFEWAY #1234",
    );
    let s = parse(&with_sic).unwrap();
    assert_eq!(s.lines[0].merchant_category_code.as_deref(), Some("5411"));
    assert_eq!(s.lines[1].merchant_category_code, None, "no SIC");
    // Not a code: left out, and the row is still read.
    let s = parse(&edited(
        CHECKING_102,
        "<NAME>SAFEWAY #1234",
        "<SIC>GROCERY\n<NAME>SAFEWAY #1234",
    ))
    .unwrap();
    assert_eq!(s.lines[0].merchant_category_code, None);
}

use chrono::NaiveDate;
use rust_decimal_macros::dec;

use super::*;
use crate::statement::StatementLine;

const V02: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/camt/camt053_v02.xml"
));
const V08: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/camt/camt053_v08.xml"
));

const V052: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/camt/camt052_v08.xml"
));
const V054: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/camt/camt054_v08.xml"
));
const NO_BOOKING_DATE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/camt/camt053_v08_no_booking_date.xml"
));

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn line(
    source_line: usize,
    booked_on: NaiveDate,
    amount: Decimal,
    currency: &str,
    payee: &str,
    description: &str,
    source_id: Option<&str>,
    pending: bool,
) -> StatementLine {
    StatementLine {
        source_line,
        booked_on,
        amount,
        currency: Some(currency.to_string()),
        payee: payee.to_string(),
        description: description.to_string(),
        source_id: source_id.map(str::to_string),
        pending,
        merchant_category_code: None,
    }
}

/// A minimal camt.053.001.02 document around `entries`.
fn document(entries: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>\n<Stmt>\n{entries}</Stmt>\n</BkToCstmrStmt>\n</Document>\n"
    )
}

fn error(text: &str) -> (usize, Option<String>, String) {
    let e = parse(text.as_bytes()).expect_err("expected an error");
    (e.line, e.field, e.message)
}

#[test]
fn v02_booked_pending_credit_debit_and_batches() {
    let s = parse(V02).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("DE89370400440532013000"));
    assert_eq!(s.currency.as_deref(), Some("EUR"));
    assert_eq!(s.closing_balance, Some(dec!(3567.25)));
    let expected = [
        line(
            37,
            date(2024, 3, 4),
            dec!(-42.17),
            "EUR",
            "REWE Markt GmbH",
            "2024-03-03T18:12 Debitk.1 2027-12 REWE SAGT DANKE 1234",
            Some("2024030412345"),
            false,
        ),
        // AcctSvcrRef NONREF is a placeholder, so the entry reference stands in.
        line(
            60,
            date(2024, 3, 1),
            dec!(2812.34),
            "EUR",
            "ACME M&S GmbH",
            "Gehalt März",
            Some("SAL-2024-03"),
            false,
        ),
        // Pending, no booking date yet: the value date.
        line(
            80,
            date(2024, 3, 30),
            dec!(-10.99),
            "EUR",
            "",
            "Vormerkung Spotify <P123>",
            None,
            true,
        ),
        // A batch with an amount per transaction: a line each, at its TxDtls.
        line(
            96,
            date(2024, 3, 15),
            dec!(-100.00),
            "EUR",
            "Vermieter GbR",
            "Miete April",
            Some("BATCH-77-A"),
            false,
        ),
        line(
            102,
            date(2024, 3, 15),
            dec!(-50.00),
            "EUR",
            "Stadtwerke Köln",
            "Abschlag",
            Some("BATCH-77/2"),
            false,
        ),
        line(
            107,
            date(2024, 3, 15),
            dec!(-30.00),
            "EUR",
            "Sportverein e.V.",
            "SAMMEL-LS",
            Some("BATCH-77/3"),
            false,
        ),
        // A batch without amounts per transaction stays one line.
        line(
            114,
            date(2024, 3, 20),
            dec!(-75.00),
            "EUR",
            "Erste Firma",
            "SAMMELUEBERWEISUNG 2 POSTEN",
            Some("BATCH-78"),
            false,
        ),
    ];
    assert_eq!(s.lines, expected);
}

#[test]
fn v08_prefixed_names_status_codes_parties_and_itemised_signs() {
    let s = parse(V08).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("CH9300762011623852957"));
    assert_eq!(s.currency.as_deref(), Some("CHF"));
    assert_eq!(s.closing_balance, Some(dec!(-250.40)));
    let expected = [
        line(
            26,
            date(2024, 4, 2),
            dec!(-120.50),
            "CHF",
            "Swisscom (Schweiz) AG",
            "Rechnung 4711",
            Some("ZKB-0001"),
            false,
        ),
        line(
            46,
            date(2024, 4, 29),
            dec!(500.00),
            "CHF",
            "Müller & Söhne AG",
            "Vorschuss",
            Some("ZKB-0002"),
            true,
        ),
        // Transactions in EUR do not add up to the CHF entry: one line.
        line(
            61,
            date(2024, 4, 10),
            dec!(-730.00),
            "CHF",
            "Hotel Sacher",
            "Sammelauftrag EUR",
            Some("ZKB-0003"),
            false,
        ),
        // A credit entry netting a credit and a debit.
        line(
            86,
            date(2024, 4, 12),
            dec!(80.00),
            "CHF",
            "Anna",
            "",
            Some("ZKB-0004/1"),
            false,
        ),
        line(
            91,
            date(2024, 4, 12),
            dec!(-20.00),
            "CHF",
            "Kontogebühr",
            "",
            Some("ZKB-0004/2"),
            false,
        ),
    ];
    assert_eq!(s.lines, expected);
}

const ENTRY: &str = "<Ntry>\n<Amt Ccy=\"EUR\">1.50</Amt>\n<CdtDbtInd>DBIT</CdtDbtInd>\n<Sts>BOOK</Sts>\n<BookgDt><Dt>2024-01-02</Dt></BookgDt>\n</Ntry>\n";

#[test]
fn a_minimal_entry() {
    let s = parse(document(ENTRY).as_bytes()).unwrap();
    assert_eq!(s.lines.len(), 1);
    assert_eq!(
        (s.lines[0].source_line, s.lines[0].amount),
        (5, dec!(-1.50))
    );
    assert_eq!(
        (s.account_hint, s.currency, s.closing_balance),
        (None, None, None)
    );
}

#[test]
fn missing_fields_name_the_entry_line() {
    let cases = [
        ("<Amt Ccy=\"EUR\">1.50</Amt>\n", "Amt"),
        ("<CdtDbtInd>DBIT</CdtDbtInd>\n", "CdtDbtInd"),
        ("<BookgDt><Dt>2024-01-02</Dt></BookgDt>\n", "BookgDt"),
    ];
    for (remove, field) in cases {
        let entries = format!("{ENTRY}{}", ENTRY.replace(remove, ""));
        let (line, f, message) = error(&document(&entries));
        assert_eq!((line, f.as_deref()), (11, Some(field)), "{field}");
        assert!(
            message.starts_with(&format!("the entry has no {field}")),
            "{message}"
        );
    }
}

#[test]
fn bad_values_name_their_own_line() {
    let (line, field, message) = error(&document(&ENTRY.replace("1.50", "1,50")));
    assert_eq!(
        (line, field.as_deref(), message.as_str()),
        (6, Some("Amt"), "\"1,50\" is not an amount")
    );
    let (line, field, message) = error(&document(&ENTRY.replace(">DBIT<", ">OUT<")));
    assert_eq!((line, field.as_deref()), (7, Some("CdtDbtInd")));
    assert_eq!(message, "\"OUT\" is neither CRDT nor DBIT");
    let (line, field, _) = error(&document(&ENTRY.replace("2024-01-02", "02.01.2024")));
    assert_eq!((line, field.as_deref()), (9, Some("BookgDt/Dt")));
    for bad in ["1e3", "", "-", "1.2.3", "NaN"] {
        assert_eq!(xml_decimal(bad), None, "{bad}");
    }
    assert_eq!(xml_decimal("+0012.50"), Some(dec!(12.50)));
}

#[test]
fn malformed_xml_names_the_line() {
    let broken = document(&ENTRY.replace("</CdtDbtInd>", "</CdtDbt>"));
    let (line, field, message) = error(&broken);
    assert_eq!((line, field), (7, None));
    assert!(message.starts_with("malformed XML"), "{message}");
    let (line, _, message) = error(&document(&ENTRY.replace("BOOK", "BO&nbsp;OK")));
    assert_eq!(
        (line, message.as_str()),
        (8, "malformed XML: unknown entity &nbsp;")
    );
}

#[test]
fn truncated_files_point_at_the_last_line() {
    let whole = String::from_utf8(V02.to_vec()).unwrap();
    let root = whole.find("<Document").unwrap();
    let root_open = root + whole[root..].find('>').unwrap() + 1;
    let end = whole.find("</Document>").unwrap() + "</Document>".len();
    for cut in 0..end {
        let Some(part) = whole.get(..cut) else {
            continue;
        };
        let e = parse(part.as_bytes()).expect_err(&format!("cut at {cut}"));
        if cut >= root_open {
            assert_eq!(
                e.message, "the file ends early (truncated?)",
                "cut at {cut}"
            );
            let last = 1 + part.trim_end_matches('\n').matches('\n').count();
            assert_eq!(e.line, last, "cut at {cut}");
        }
    }
}

#[test]
fn not_a_statement() {
    for text in [
        "",
        "hello",
        "<?xml version=\"1.0\"?>\n<Document><Foo/></Document>",
    ] {
        let (line, _, message) = error(text);
        assert_eq!(line, 1, "{text}");
        assert!(
            message.starts_with("this is not a camt.053 statement"),
            "{text}: {message}"
        );
    }
}

#[test]
fn several_statements_of_one_account_merge() {
    let stmt = |day: &str, closing: &str| {
        format!(
            "<Stmt><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct>\n<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>\n{}</Stmt>\n",
            ENTRY.replace("2024-01-02", day)
        )
    };
    let text = format!(
        "<Document><BkToCstmrStmt>\n{}{}</BkToCstmrStmt></Document>",
        stmt("2024-01-02", "10.00"),
        stmt("2024-01-03", "8.50")
    );
    let s = parse(text.as_bytes()).unwrap();
    let dates: Vec<_> = s
        .lines
        .iter()
        .map(|l| (l.source_line, l.booked_on))
        .collect();
    assert_eq!(dates, [(4, date(2024, 1, 2)), (13, date(2024, 1, 3))]);
    assert_eq!(s.closing_balance, Some(dec!(8.50)));
    let other = text.replacen("DE02120300000000202051", "DE89370400440532013000", 1);
    let (line, field, message) = error(&other);
    assert_eq!((line, field.as_deref()), (11, Some("Acct")));
    assert!(message.contains("two accounts"), "{message}");
}

#[test]
fn windows_1252_and_bom() {
    let latin = document(&ENTRY.replace(
        "</Ntry>",
        "<AddtlNtryInf>M\u{fc}ller caf\u{e9}</AddtlNtryInf>\n</Ntry>",
    ));
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    let s = parse(&bytes).unwrap();
    assert_eq!(s.lines[0].description, "Müller café");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(latin.as_bytes());
    assert_eq!(parse(&bom).unwrap().lines[0].description, "Müller café");
}

#[test]
fn report_and_notification_containers_read_too() {
    let report = document(ENTRY)
        .replace("BkToCstmrStmt>", "BkToCstmrAcctRpt>")
        .replace("Stmt>", "Rpt>");
    assert_eq!(parse(report.as_bytes()).unwrap().lines.len(), 1);
    let notification = document(ENTRY)
        .replace("BkToCstmrStmt>", "BkToCstmrDbtCdtNtfctn>")
        .replace("Stmt>", "Ntfctn>");
    assert_eq!(parse(notification.as_bytes()).unwrap().lines.len(), 1);
}

#[test]
fn camt052_report_with_a_pending_entry() {
    let s = parse(V052).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("DE02120300000000202051"));
    assert_eq!(s.currency.as_deref(), Some("EUR"));
    assert_eq!(s.closing_balance, Some(dec!(980.00)));
    let expected = [
        line(
            20,
            date(2024, 5, 6),
            dec!(-20.00),
            "EUR",
            "Bäckerei Schmidt",
            "Kartenzahlung",
            Some("RPT-E-1"),
            false,
        ),
        line(
            34,
            date(2024, 5, 7),
            dec!(-64.90),
            "EUR",
            "",
            "Vormerkung Online-Shop",
            Some("RPT-E-2"),
            true,
        ),
    ];
    assert_eq!(s.lines, expected);
    // A pending entry without a booking date is usual: no note.
    assert!(s.notes.is_empty(), "{:?}", s.notes);
}

#[test]
fn camt054_notification() {
    let s = parse(V054).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("DE02120300000000202051"));
    assert_eq!((s.currency, s.closing_balance), (None, None));
    let expected = [line(
        13,
        date(2024, 5, 6),
        dec!(1250.00),
        "EUR",
        "Kunde & Partner GmbH",
        "Rechnung 2024-117",
        Some("NTF-E-1"),
        false,
    )];
    assert_eq!(s.lines, expected);
    assert!(s.notes.is_empty(), "{:?}", s.notes);
}

/// Seen in camt.053.001.08 exports of a Lithuanian bank: booked entries with a value date
/// only, or no date at all. They once refused the whole file.
#[test]
fn entries_without_a_booking_date_take_the_value_date_then_the_statement_date() {
    let s = parse(NO_BOOKING_DATE).unwrap();
    let dates: Vec<_> = s
        .lines
        .iter()
        .map(|l| (l.source_line, l.booked_on, l.amount, l.pending))
        .collect();
    assert_eq!(
        dates,
        [
            (15, date(2024, 6, 3), dec!(-15.40), false),
            (23, date(2024, 6, 10), dec!(900.00), false),
            // The statement's CreDtTm.
            (31, date(2024, 6, 30), dec!(-2.50), false),
            (38, date(2024, 6, 12), dec!(-7.00), false),
        ]
    );
    assert_eq!(
        s.notes,
        [
            "2 entries had no booking date; their value date was used",
            "1 entry had neither a booking nor a value date; the date the bank created the statement was used",
        ]
    );
    // Without the statement's CreDtTm, the group header's.
    let text = String::from_utf8(NO_BOOKING_DATE.to_vec()).unwrap();
    let no_stmt_date = text.replace("<CreDtTm>2024-06-30T23:00:00</CreDtTm>", "");
    let s = parse(no_stmt_date.as_bytes()).unwrap();
    assert_eq!(s.lines[2].booked_on, date(2024, 7, 1));
    // With neither, the entry is refused, naming it.
    let neither = no_stmt_date.replace("<CreDtTm>2024-07-01T06:00:00</CreDtTm>", "");
    let (line, field, message) = error(&neither);
    assert_eq!((line, field.as_deref()), (31, Some("BookgDt")));
    assert!(message.contains("no ValDt"), "{message}");
    // A broken statement date is named when it is needed.
    let broken = text.replace("2024-06-30T23:00:00", "30.06.2024");
    let (line, field, _) = error(&broken);
    assert_eq!((line, field.as_deref()), (10, Some("CreDtTm")));
}

/// Deterministic pseudo-random bytes (xorshift), biased towards XML-ish pieces.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let pieces: [&[u8]; 14] = [
        b"<",
        b">",
        b"</",
        b"/>",
        b"Ntry",
        b"Amt",
        b"Stmt",
        b"&amp;",
        b"&#",
        b"\"",
        b"\n",
        b"<![CDATA[",
        b"CRDT",
        b"\xff",
    ];
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if x.is_multiple_of(3) {
            out.push((x >> 32) as u8);
        } else {
            out.extend_from_slice(pieces[(x >> 8) as usize % pieces.len()]);
        }
    }
    out
}

#[test]
fn never_panics_on_noise_or_truncation() {
    for seed in 0..2_000u64 {
        let _ = parse(&noise(seed, (seed as usize * 13) % 400));
    }
    // Random bytes spliced into a valid file exercise the deeper states.
    for seed in 0..500u64 {
        let mut bytes = V08.to_vec();
        let at = (seed as usize * 131) % bytes.len();
        bytes.splice(at..at, noise(seed, 8));
        let _ = parse(&bytes);
    }
    for fixture in [V02, V08, V052, V054, NO_BOOKING_DATE] {
        for cut in 0..fixture.len() {
            let _ = parse(&fixture[..cut]);
        }
    }
}

/// Found by `fuzz_camt053`: quick-xml's errors quote the end tag they found, and its name runs
/// to the next `>`, so a broken 1.8 KB file gave a 1,273-character message. Tag names, entity
/// names and values are now cut short in every message.
#[test]
fn long_names_and_values_are_cut_in_messages() {
    let long = "x".repeat(5_000);
    let short = |message: &str| message.chars().count() < 300;
    let (line, field, message) = error(&document(
        &ENTRY.replace("</CdtDbtInd>", &format!("</CdtDbt{long}>")),
    ));
    assert_eq!((line, field), (7, None));
    assert!(
        message.starts_with("malformed XML") && short(&message),
        "{message}"
    );
    let (line, _, message) = error(&document(&ENTRY.replace("BOOK", &format!("&{long};"))));
    assert_eq!(line, 8);
    assert!(
        message.starts_with("malformed XML") && short(&message),
        "{message}"
    );
    for (from, line, field) in [
        ("1.50", 6, "Amt"),
        ("DBIT", 7, "CdtDbtInd"),
        ("2024-01-02", 9, "BookgDt/Dt"),
    ] {
        let (l, f, message) = error(&document(&ENTRY.replace(from, &long)));
        assert_eq!((l, f.as_deref()), (line, Some(field)));
        assert!(message.contains("\"xxx") && short(&message), "{message}");
    }
    let stmt =
        |iban: &str| format!("<Stmt><Acct><Id><IBAN>{iban}</IBAN></Id></Acct>\n{ENTRY}</Stmt>\n");
    let two = format!(
        "<Document><BkToCstmrStmt>\n{}{}</BkToCstmrStmt></Document>",
        stmt("DE02120300000000202051"),
        stmt(&long)
    );
    let (_, field, message) = error(&two);
    assert_eq!(field.as_deref(), Some("Acct"));
    assert!(
        message.contains("two accounts") && short(&message),
        "{message}"
    );
}

use chrono::NaiveDate;
use rust_decimal_macros::dec;

use super::*;
use crate::test_rng::{Rng, random_inputs};
use crate::test_summary::summary;

const SPARKASSE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/mt940/sparkasse.sta"
));
const RABOBANK: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/mt940/rabobank_swift.mt940"
));

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn error(text: &str) -> (usize, Option<String>, String) {
    let e = parse(text.as_bytes()).expect_err("expected an error");
    (e.line, e.field, e.message)
}

/// One statement around `lines` (`:61:` and `:86:` fields), balances left to the caller.
fn statement(opening: &str, lines: &str, closing: &str) -> String {
    format!(
        ":20:REF\n:25:DE02120300000000202051\n:28C:1/1\n:60F:{opening}\n{lines}:62F:{closing}\n"
    )
}

#[test]
fn german_structured_two_statements() {
    assert!(
        SPARKASSE.contains(&0xFC),
        "the fixture is really Windows-1252 (ü)"
    );
    let s = parse(SPARKASSE).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("10050000/0123456789"));
    assert_eq!(s.currency.as_deref(), Some("EUR"));
    assert_eq!(s.closing_balance, Some(dec!(3718.07)));
    let summary = summary(&s);
    assert_eq!(
        summary,
        [
            // ?32 is full (27 characters), so ?33 continues its last word; SVWZ+ is the
            // purpose, split over ?23 and ?24 mid-word.
            (
                5,
                day(2023, 12, 29),
                dec!(-45.00),
                "Turnverein Grün-Weiß Musterstadt e.V.",
                "Beitrag Januar 2024 Mitgliedsnummer 42",
                None
            ),
            // Valued 31 December, entered 2 January: the next year. The bank reference.
            (
                10,
                day(2024, 1, 2),
                dec!(2500.00),
                "ACME GmbH",
                "Gehalt Januar",
                Some("POS-2024-0001/2024-01-02/2500")
            ),
            // RD, the reversal of a debit, is money in.
            (
                13,
                day(2024, 1, 3),
                dec!(45.00),
                "Turnverein Grün-Weiß",
                "Rueckgabe Beitrag",
                None
            ),
            // No entry date: the value date. The customer reference.
            (
                22,
                day(2024, 1, 4),
                dec!(-12.99),
                "SPOTIFY",
                "Spotify P2B3C4D5E6",
                Some("KARTE-0815/2024-01-04/-12.99")
            ),
            // No :86:, the supplementary details on the :61:'s second line.
            (
                24,
                day(2024, 1, 5),
                dec!(-3.50),
                "",
                "Kontofuehrung Januar",
                None
            ),
        ]
    );
    assert!(
        s.lines
            .iter()
            .all(|l| l.currency.as_deref() == Some("EUR") && !l.pending)
    );
    assert_eq!(
        s.notes,
        ["1 line had no entry date; its value date was used as the booking date"]
    );
}

#[test]
fn swift_wrapper_and_dutch_code_words() {
    let s = parse(RABOBANK).unwrap();
    assert_eq!(s.account_hint.as_deref(), Some("NL50RABO0123456789"));
    assert_eq!(s.closing_balance, Some(dec!(945.68)));
    let summary = summary(&s);
    assert_eq!(
        summary,
        [
            // A full 65-character line continues mid-word; `USTD//` names the kind.
            (
                6,
                day(2024, 2, 1),
                dec!(-54.32),
                "J. Jansen",
                "Terugbetaling lunch februari",
                None
            ),
            (
                9,
                day(2024, 2, 1),
                dec!(1500.00),
                "Werkgever B.V.",
                "Salaris januari 2024",
                None
            ),
            // RC, the reversal of a credit, is money out.
            (
                19,
                day(2024, 2, 2),
                dec!(-1500.00),
                "Werkgever B.V.",
                "Storno salaris",
                None
            ),
        ]
    );
    assert!(s.notes.is_empty(), "{:?}", s.notes);
}

#[test]
fn statement_lines() {
    let p = |s: &str| line61::parse(s, &[], 7);
    let l = p("2401310201DR1234,56NTRFNONREF//0815-4711").unwrap();
    assert_eq!(
        (l.value_date, l.entry_date, l.amount),
        (day(2024, 1, 31), Some(day(2024, 2, 1)), dec!(-1234.56))
    );
    assert_eq!(
        (l.reference.as_str(), l.bank_reference.as_deref()),
        ("NONREF", Some("0815-4711"))
    );
    // The entry date before the value date, across the year.
    let l = p("2401021229C5,NMSCREF").unwrap();
    assert_eq!(
        (l.entry_date, l.amount, l.reference.as_str()),
        (Some(day(2023, 12, 29)), dec!(5), "REF")
    );
    // No entry date, no funds code; reversals.
    assert_eq!(p("240102RC1,5NTRF").unwrap().amount, dec!(-1.5));
    assert_eq!(p("240102RD1,5NTRF").unwrap().amount, dec!(1.5));
    assert_eq!(p("240102D0,99S202X").unwrap().amount, dec!(-0.99));
    assert_eq!(p("240102C0.99FCHGX").unwrap().amount, dec!(0.99));
    assert_eq!(p("240102C0,99FCHGX").unwrap().entry_date, None);
    // Supplementary details on the lines after.
    let l = line61::parse("240102C1,NTRFX", &["Details ", " more"], 7).unwrap();
    assert_eq!(l.details, "Details more");
    // 29 February exists in 2024 only.
    assert_eq!(
        p("2403010229C1,NTRFX").unwrap().entry_date,
        Some(day(2024, 2, 29))
    );
    for (bad, part) in [
        ("", "value date"),
        ("24013", "value date"),
        ("241331C1,NTRF", "value date"),
        ("24010201", "entry date"),
        ("2401021340C1,NTRF", "entry date"),
        ("240102X1,NTRF", "mark"),
        ("240102CR,NTRF", "not an amount"),
        ("240102C1,2,3NTRF", "not an amount"),
        ("240102C1,5", "transaction type"),
        ("240102C1,5XTRF", "transaction type"),
        ("240102C1,5N", "transaction type"),
    ] {
        let e = p(bad).expect_err(bad);
        assert_eq!((e.line, e.field.as_deref()), (7, Some(":61:")), "{bad}");
        assert!(e.message.contains(part), "{bad}: {e}");
    }
}

#[test]
fn information_shapes() {
    let i = |lines: &[&str]| info86::parse(lines);
    // German, `?` separated, with posting text and no purpose.
    let info = i(&["020?00UEBERWEISUNG?31DE02120300000000202051"]);
    assert_eq!(
        (info.posting_text.as_str(), info.purpose.as_str()),
        ("UEBERWEISUNG", "")
    );
    assert_eq!(info.account, "DE02120300000000202051");
    // Polish `~` separators; pieces shorter than 27 are joined with a space.
    let info = i(&["020~00PRZELEW~20Faktura 12~21z dnia 01.02~32Jan Kowalski"]);
    assert_eq!(
        (info.purpose.as_str(), info.name.as_str()),
        ("Faktura 12 z dnia 01.02", "Jan Kowalski")
    );
    // SEPA code words: only SVWZ+, up to the next code word.
    let info = i(&["177?20EREF+X1?21SVWZ+Miete Maerz?22ABWA+Hausverwaltung"]);
    assert_eq!(info.purpose, "Miete Maerz");
    // Free text: a short line ends a word, a full one does not.
    let full = "x".repeat(65);
    let info = i(&["Card payment", "Coffee shop", &full, "yz"]);
    assert_eq!(info.purpose, format!("Card payment Coffee shop {full}yz"));
    assert_eq!(info.name, "");
    // Code words with an empty ORDP and a structured creditor reference.
    let info = i(&["/ORDP//NAME/Acme/REMI/STRD/CUR/RF18539007547034/IBAN/NL02ABNA0123456789"]);
    assert_eq!(
        (
            info.name.as_str(),
            info.purpose.as_str(),
            info.account.as_str()
        ),
        ("Acme", "RF18539007547034", "NL02ABNA0123456789")
    );
    // A slash in free text is not a code word.
    assert_eq!(i(&["/ 50% off"]).purpose, "/ 50% off");
}

#[test]
fn the_account_stands_in_for_a_missing_name() {
    let text = statement(
        "C240101EUR0,",
        ":61:240102C1,NTRFNONREF\n:86:051?00GUTSCHRIFT?20Rueckzahlung?31DE02120300000000202051\n",
        "C240102EUR1,",
    );
    let s = parse(text.as_bytes()).unwrap();
    assert_eq!(s.lines[0].payee, "DE02120300000000202051");
    assert_eq!(s.lines[0].description, "Rueckzahlung");
}

/// The matcher takes one source id for one transaction. Banks repeat references (Rabobank
/// writes the code word `EREF`, German banks a mandate's reference every month), so an id is
/// the reference with the date and amount, and a repeat on the same day is numbered.
#[test]
fn ids_are_unique_even_when_references_repeat() {
    let lines = ":61:240102D5,NMSCMANDATE-1\n:61:240102D5,NMSCMANDATE-1\n:61:240202D5,NMSCMANDATE-1\n:61:240202D5,NMSCEREF\n";
    let s = parse(statement("C240101EUR20,", lines, "C240202EUR0,").as_bytes()).unwrap();
    let ids: Vec<_> = s.lines.iter().map(|l| l.source_id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some("MANDATE-1/2024-01-02/-5"),
            Some("MANDATE-1/2024-01-02/-5/2"),
            Some("MANDATE-1/2024-02-02/-5"),
            None
        ]
    );
}

#[test]
fn statements_without_their_own_20_are_still_apart() {
    let text = ":20:X\n:25:A\n:60F:C240101EUR0,\n:61:240102C1,NTRFX\n:62F:C240102EUR1,\n\
        :60F:C240102EUR1,\n:61:240103D1,NTRFY\n:62F:C240103EUR0,\n";
    let s = parse(text.as_bytes()).unwrap();
    assert_eq!(s.lines.len(), 2);
    assert_eq!(s.closing_balance, Some(dec!(0)));
    assert!(
        s.notes.iter().all(|n| !n.contains("add up")),
        "{:?}",
        s.notes
    );
}

#[test]
fn balances_that_do_not_add_up_are_noted() {
    let text = statement(
        "C240101EUR100,00",
        ":61:2401020102D10,NMSCX\n",
        "D240102EUR5,00",
    );
    let s = parse(text.as_bytes()).unwrap();
    assert_eq!(s.closing_balance, Some(dec!(-5.00)));
    assert_eq!(
        s.notes,
        [
            "the statement from line 1: its lines add up to -10, but its balance moved by -105.00; lines may be missing"
        ]
    );
}

#[test]
fn errors_name_the_line_and_field() {
    let ok = statement("C240101EUR0,", ":61:240102C1,NTRFX\n", "C240102EUR1,");
    let cases = [
        // A cut-off file: the last statement has no closing balance.
        (
            ok.replace(":62F:C240102EUR1,\n", ""),
            5,
            Some(":62F:"),
            "the file ends early (truncated?): the statement from line 1",
        ),
        (
            format!("{}{ok}", ok.replace(":62F:C240102EUR1,\n", "")),
            6,
            Some(":62F:"),
            "before the next one",
        ),
        (
            ok.replace("C240101EUR0,", "C2401EUR0,"),
            4,
            Some(":60F:"),
            "not a balance",
        ),
        (
            ok.replace("C240101EUR0,", "X240101EUR0,"),
            4,
            Some(":60F:"),
            "not a balance",
        ),
        (
            ok.replace("C240102EUR1,", "C240102EU1,"),
            6,
            Some(":62F:"),
            "not a balance",
        ),
        (
            ok.replace("C240102EUR1,", "C240102EUR1,2,"),
            6,
            Some(":62F:"),
            "not a balance",
        ),
        (
            ok.replace("240102C1,", "240102C1;"),
            5,
            Some(":61:"),
            "transaction type",
        ),
        (
            format!("Kontoauszug\n{ok}"),
            1,
            None,
            "expected an MT940 field such as :20:",
        ),
        (
            format!(
                "{ok}{}",
                ok.replace("DE02120300000000202051", "DE89370400440532013000")
            ),
            8,
            Some(":25:"),
            "two accounts",
        ),
        (format!("{{1:F01BANK{}", ok), 1, None, "is not closed"),
        (
            ":20:X\n:25:A\n:28C:1\n:34F:EUR0,\n:13D:2401021200+0100\n:61:240102C1,NTRFX\n:90C:1EUR1,\n".to_string(),
            7,
            Some(":62F:"),
            "MT942 interim report",
        ),
        (String::new(), 1, None, "no :20: field"),
        ("\n\n".to_string(), 1, None, "no :20: field"),
    ];
    for (text, line, field, part) in cases {
        let (l, f, message) = error(&text);
        assert_eq!((l, f.as_deref()), (line, field), "{text}: {message}");
        assert!(message.contains(part), "{text}: {message}");
    }
}

#[test]
fn long_values_are_cut_in_messages() {
    let long = "9".repeat(5_000);
    let text = statement("C240101EUR0,", &format!(":61:{long}\n"), "C240102EUR1,");
    let (_, _, message) = error(&text);
    assert!(message.chars().count() < 300, "{message}");
    let (_, _, message) = error(&format!("{long}\n"));
    assert!(message.chars().count() < 300, "{message}");
}

#[test]
fn never_panics() {
    const ALPHABET: &[u8] = b":0123456789CDRNTF?/,.-{}\n\r2586 MSCEUR\xC3\xA9\xFF";
    let prefix = b":20:X\n:25:A\n:60F:C240101EUR1,\n:61:";
    for bytes in random_inputs(0x9E37_79B9_7F4A_7C15, 3000, 200, prefix, ALPHABET) {
        let _ = parse(&bytes);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for file in [SPARKASSE, RABOBANK] {
        for len in 0..=file.len() {
            let _ = parse(&file[..len]);
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
            let _ = parse(&bytes);
        }
    }
}

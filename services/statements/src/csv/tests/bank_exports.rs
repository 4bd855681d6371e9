//! Each preset against a small, realistic export of its bank, and the sniffer on them.

use rust_decimal_macros::dec;

use super::*;

#[test]
fn every_preset_has_a_fixture_and_sniffs_to_itself() {
    assert_eq!(presets().len(), FIXTURES.len());
    for (id, bytes) in FIXTURES {
        let (found, mapping) = sniff(bytes).unwrap_or_else(|| panic!("{id}: nothing sniffed"));
        assert_eq!(found, *id);
        assert_eq!(parse(bytes, &mapping).unwrap(), with_preset(id), "{id}");
    }
}

#[test]
fn generic_iso_dates_quoted_commas_and_thousands() {
    let s = with_preset("generic");
    assert_eq!(
        summary(&s),
        [
            (2, date(2024, 3, 1), dec!(-3.80), "Coffee Corner"),
            (3, date(2024, 3, 2), dec!(-1200.00), "Rent, March"),
            (4, date(2024, 3, 3), dec!(3250.00), "Salary ACME Corp"),
        ]
    );
    assert_eq!(s.lines[0].currency, None);
    assert!(!s.lines[0].pending);
}

#[test]
fn chase_rows_with_a_trailing_comma_the_header_lacks() {
    let s = with_preset("chase");
    assert_eq!(
        summary(&s),
        [
            (
                2,
                date(2024, 3, 4),
                dec!(-5.75),
                "STARBUCKS STORE 01234 SEATTLE WA"
            ),
            (
                3,
                date(2024, 3, 1),
                dec!(2500.00),
                "ACME CORP PAYROLL PPD ID: 9876543210"
            ),
            (4, date(2024, 2, 28), dec!(-120.00), "CHECK 1042"),
        ]
    );
}

#[test]
fn chase_card_memo_is_the_description() {
    let s = with_preset("chase_card");
    assert_eq!(s.lines.len(), 3);
    assert_eq!(s.lines[0].amount, dec!(-64.12));
    assert_eq!(s.lines[2].description, "refund for order 112");
    assert_eq!(s.lines[2].booked_on, date(2024, 3, 2));
}

#[test]
fn bank_of_america_skips_the_summary_and_the_balance_row() {
    let s = with_preset("bank_of_america");
    assert_eq!(
        summary(&s),
        [
            (
                9,
                date(2024, 3, 2),
                dec!(2500.00),
                "ACME CORP DES:PAYROLL ID:XXXXX12345"
            ),
            (
                10,
                date(2024, 3, 5),
                dec!(-62.40),
                "SAFEWAY #1234 03/04 PURCHASE"
            ),
            (11, date(2024, 3, 9), dec!(-250.00), "PG&E DES:WEB ONLINE"),
        ]
    );
}

#[test]
fn bank_of_america_card_reference_is_the_id() {
    let s = with_preset("bank_of_america_card");
    assert_eq!(
        s.lines[0].source_id.as_deref(),
        Some("24492153067123456789012")
    );
    assert_eq!(s.lines[0].amount, dec!(-41.76));
    assert_eq!(s.lines[1].amount, dec!(500.00));
}

#[test]
fn amex_charges_are_positive_in_the_file() {
    let amounts: Vec<_> = with_preset("amex").lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(-23.50), dec!(150.00), dec!(-412.30)]);
}

#[test]
fn capital_one_debit_and_credit_columns() {
    let s = with_preset("capital_one");
    assert_eq!(
        summary(&s),
        [
            (2, date(2024, 3, 12), dec!(-38.00), "SHELL OIL 57442"),
            (
                3,
                date(2024, 3, 14),
                dec!(200.00),
                "CAPITAL ONE MOBILE PYMT"
            ),
            (4, date(2024, 3, 15), dec!(-15.49), "NETFLIX.COM"),
        ]
    );
}

#[test]
fn revolut_fees_pending_and_reverted_rows() {
    let s = with_preset("revolut");
    assert_eq!(
        summary(&s),
        [
            (2, date(2024, 3, 1), dec!(100.00), "Top-Up by *1234"),
            (3, date(2024, 3, 2), dec!(-23.45), "Lidl"),
            (4, date(2024, 3, 4), dec!(-50.50), "Exchanged to USD"),
            (5, date(2024, 3, 5), dec!(-12.99), "Netflix"),
        ]
    );
    let pending: Vec<bool> = s.lines.iter().map(|l| l.pending).collect();
    assert_eq!(pending, [false, false, false, true]);
    assert_eq!(s.lines[0].currency.as_deref(), Some("EUR"));
}

#[test]
fn n26_both_layouts() {
    let old = with_preset("n26");
    assert_eq!(old.lines[0].amount, dec!(-60.0));
    assert_eq!(old.lines[0].description, "Abschlag März");
    assert_eq!(old.lines[2].payee, "Café Einstein");
    let new = with_preset("n26_2023");
    assert_eq!(
        summary(&new),
        [
            (2, date(2024, 3, 4), dec!(-31.17), "REWE Markt"),
            (3, date(2024, 3, 5), dec!(12.00), "Erika Mustermann"),
        ]
    );
}

#[test]
fn dkb_windows_1252_preamble_and_trailing_semicolons() {
    let s = with_preset("dkb");
    assert_eq!(
        summary(&s),
        [
            (8, date(2024, 3, 4), dec!(-7.80), "Bäckerei Müller"),
            (9, date(2024, 3, 1), dec!(2812.34), "ACME GmbH"),
        ]
    );
    assert_eq!(s.lines[0].description, "Brötchen & Café");
}

#[test]
fn dkb_2023_bom_short_years_pending_and_payer_for_money_in() {
    let s = with_preset("dkb_2023");
    assert_eq!(
        summary(&s),
        [
            (6, date(2024, 3, 5), dec!(-10.99), "Spotify AB"),
            (7, date(2024, 3, 4), dec!(-42.17), "REWE Markt GmbH"),
            (8, date(2024, 3, 1), dec!(2812.34), "ACME GmbH"),
        ]
    );
    assert!(s.lines[0].pending);
    assert!(!s.lines[1].pending);
}

#[test]
fn sparkasse_windows_1252_quotes_and_multiline_purpose() {
    let s = with_preset("sparkasse");
    assert_eq!(
        summary(&s),
        [
            (2, date(2024, 3, 28), dec!(-4.35), "Bäckerei Müller, Köln"),
            (3, date(2024, 3, 29), dec!(1250.00), "café crème GmbH"),
            (5, date(2024, 4, 2), dec!(-85.00), "Stadtwerke Köln"),
        ]
    );
    assert_eq!(
        s.lines[1].description,
        "Rechnung 2024-17\r\nDanke; bis bald"
    );
    assert_eq!(s.lines[1].currency.as_deref(), Some("EUR"));
    assert!(s.lines[2].pending);
    assert!(!s.lines[0].pending);
}

#[test]
fn ing_nl_sign_column() {
    let s = with_preset("ing_nl");
    assert_eq!(
        summary(&s),
        [
            (
                2,
                date(2024, 3, 5),
                dec!(-23.45),
                "ALBERT HEIJN 1234 AMSTERDAM"
            ),
            (3, date(2024, 3, 1), dec!(1000.00), "J. DE VRIES"),
        ]
    );
}

#[test]
fn monzo_and_starling() {
    let monzo = with_preset("monzo");
    assert_eq!(
        monzo.lines[0].source_id.as_deref(),
        Some("tx_0000AbCdEf123")
    );
    assert_eq!(monzo.lines[0].payee, "Pret A Manger");
    assert_eq!(monzo.lines[0].description, "PRET A MANGER LONDON GBR");
    assert_eq!(monzo.lines[1].amount, dec!(1850.00));
    assert_eq!(monzo.lines[1].currency.as_deref(), Some("GBP"));
    let starling = with_preset("starling");
    assert_eq!(
        summary(&starling),
        [
            (2, date(2024, 3, 16), dec!(-18.20), "Tesco"),
            (3, date(2024, 3, 17), dec!(25.00), "Jane Doe"),
        ]
    );
    assert_eq!(starling.lines[0].description, "TESCO STORES 2231");
}

#[test]
fn sniff_tells_amex_from_generic_by_the_dates() {
    let us = b"Date,Description,Amount\n03/08/2024,UBER,23.50\n";
    assert_eq!(sniff(us).unwrap().0, "amex");
    let iso = b"Date,Description,Amount\n2024-03-08,UBER,23.50\n";
    assert_eq!(sniff(iso).unwrap().0, "generic");
    assert!(sniff(b"Foo,Bar\n1,2\n").is_none());
    assert!(sniff(b"").is_none());
}

#[test]
fn sniff_finds_a_header_below_a_preamble_of_another_length() {
    // Bank of America with one summary line less than usual.
    let text = "Description,,Summary Amt.\nTotal credits,,\"1.00\"\n\nDate,Description,Amount,Running Bal.\n03/02/2024,PAY,\"1.00\",\"1.00\"\n";
    let (id, mapping) = sniff(text.as_bytes()).unwrap();
    assert_eq!((id, mapping.skip_lines), ("bank_of_america", 3));
    assert_eq!(
        parse(text.as_bytes(), &mapping).unwrap().lines[0].source_line,
        5
    );
}

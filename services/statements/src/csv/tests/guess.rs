//! Issue 16, 3.10: exports no preset knows, mapped from their header words and values.

use rust_decimal_macros::dec;

use super::*;
use crate::{ParseOptions, parse as parse_any};

const GIRO_DE: &[u8] = fixture!("giro_de_guess.csv");

fn guessed(text: &str) -> CsvGuess {
    guess(text.as_bytes()).unwrap_or_else(|| panic!("no guess for {text}"))
}

fn name(n: &str) -> Column {
    Column::Name(n.into())
}

#[test]
fn a_german_giro_export_is_guessed_surely() {
    assert!(sniff(GIRO_DE).is_none(), "no preset knows this export");
    let g = guess(GIRO_DE).unwrap();
    assert!(g.is_confident(), "{g:?}");
    assert_eq!(g.confidence, 1.0, "{:?}", g.reasons);
    let m = &g.mapping;
    assert_eq!((m.delimiter, m.skip_lines, m.has_header), (b';', 0, true));
    assert_eq!(m.encoding, Encoding::Utf8);
    assert_eq!(
        m.date_column,
        name("Buchungstag"),
        "the booking date, not the Valuta"
    );
    assert_eq!(m.date_format, "%d.%m.%Y");
    assert_eq!(m.decimal_mark, DecimalMark::Comma);
    assert_eq!(
        m.amount,
        AmountColumns::Single {
            column: name("Betrag (EUR)"),
            sign: SignConvention::Normal
        }
    );
    assert_eq!(m.payee_column, Some(name("Auftraggeber/Empfänger")));
    assert_eq!(m.description_column, Some(name("Verwendungszweck")));
    assert_eq!(m.currency_column, None);
    assert!(
        g.reasons.iter().any(|r| r.contains("Buchungstag")),
        "{:?}",
        g.reasons
    );

    // An upload with no options reads it with the guess.
    let parsed = parse_any(GIRO_DE, &ParseOptions::default()).unwrap();
    assert_eq!(parsed.csv_preset, None);
    assert_eq!(parsed.csv_guess.as_ref(), Some(&g));
    assert!(parsed.refuse_unsure_guess().is_ok());
    assert_eq!(
        summary(&parsed.statement),
        [
            (2, date(2025, 11, 3), dec!(-23.45), "REWE Markt GmbH"),
            (3, date(2025, 11, 4), dec!(2500.00), "ACME GmbH"),
            (4, date(2025, 11, 13), dec!(-1084.10), "Stadtwerke München"),
            (5, date(2025, 11, 20), dec!(-4.80), "Café Luitpold"),
        ]
    );
    assert_eq!(
        parsed.statement.lines[2].description,
        "Abschlag Strom; Vertrag 4711"
    );
    // The guessed mapping, sent back as csv_mapping, reads the same.
    let json = serde_json::to_string(&g.mapping).unwrap();
    let confirmed: CsvMapping = serde_json::from_str(&json).unwrap();
    assert_eq!(parse(GIRO_DE, &confirmed).unwrap(), parsed.statement);
}

#[test]
fn headers_in_other_languages() {
    // French: débit and crédit columns, day-first dates, no payee column.
    let g = guessed(
        "Date opération;Libellé;Débit;Crédit\n14/11/2026;CB CARREFOUR;45,10;\n15/11/2026;VIR SALAIRE;;1 850,00\n",
    );
    assert_eq!(
        g.mapping.amount,
        AmountColumns::DebitCredit {
            debit: name("Débit"),
            credit: name("Crédit")
        }
    );
    assert_eq!(g.mapping.date_format, "%d/%m/%Y");
    assert_eq!(g.mapping.payee_column, Some(name("Libellé")));
    assert_eq!(g.confidence, 0.9, "{:?}", g.reasons);
    assert!(g.is_confident());
    let french = "Date opération;Libellé;Débit;Crédit\n14/11/2026;CB CARREFOUR;45,10;\n15/11/2026;VIR SALAIRE;;1 850,00\n";
    let s = parse(french.as_bytes(), &g.mapping).unwrap();
    assert_eq!(
        s.lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
        [dec!(-45.10), dec!(1850.00)]
    );

    // Spanish: operation and value dates, a currency column.
    let g = guessed(
        "Fecha Operación;Fecha Valor;Concepto;Importe;Divisa\n20/11/2026;21/11/2026;Mercadona;-32,15;EUR\n25/11/2026;25/11/2026;Nómina;1.900,00;EUR\n",
    );
    assert_eq!(g.mapping.date_column, name("Fecha Operación"));
    assert_eq!(g.mapping.currency_column, Some(name("Divisa")));
    assert_eq!(g.mapping.decimal_mark, DecimalMark::Comma);
    assert!(g.is_confident(), "{g:?}");

    // Italian: "Valuta" is the value date here; the values say so.
    let g = guessed(
        "Data;Valuta;Descrizione;Importo\n16/11/2026;17/11/2026;Esselunga;-18,90\n18/11/2026;18/11/2026;Stipendio;2.100,00\n",
    );
    assert_eq!(g.mapping.date_column, name("Data"));
    assert_eq!(g.mapping.currency_column, None);
    assert!(g.is_confident(), "{g:?}");

    // Dutch: "Valuta" is the currency; comma-separated with decimal commas in quotes.
    let g = guessed(
        "Datum,Naam,Omschrijving,Bedrag,Valuta\n2026-11-19,Albert Heijn,Pinbetaling,\"-12,35\",EUR\n2026-11-20,Werkgever BV,Salaris,\"2.400,00\",EUR\n",
    );
    assert_eq!(g.mapping.delimiter, b',');
    assert_eq!(g.mapping.date_format, "%Y-%m-%d");
    assert_eq!(g.mapping.currency_column, Some(name("Valuta")));
    assert_eq!(g.mapping.decimal_mark, DecimalMark::Comma);
    assert!(g.is_confident(), "{g:?}");

    // English with a preamble, month-first dates (the 25th says so), withdrawals/deposits.
    let g = guessed(
        "Account,Everyday Checking\nExported,2026-11-30\n\nTransaction Date,Payee,Memo,Withdrawals,Deposits\n11/25/2026,Whole Foods,Groceries,54.20,\n11/26/2026,ACME Inc,Payroll,,3100.00\n",
    );
    assert_eq!(g.mapping.skip_lines, 3);
    assert_eq!(g.mapping.date_format, "%m/%d/%Y");
    assert_eq!(g.mapping.decimal_mark, DecimalMark::Point);
    assert_eq!(g.confidence, 1.0, "{:?}", g.reasons);
}

#[test]
fn an_unsure_guess_is_shown_but_not_imported_unasked() {
    // Dates that read day- or month-first, and no amount with a sign.
    let file = "Datum;Name;Betrag\n01/02/2026;A;12,50\n03/04/2026;B;7,00\n";
    let g = guessed(file);
    assert!(!g.is_confident(), "{g:?}");
    assert!(
        g.reasons.iter().any(|r| r.starts_with("unsure: no day")),
        "{:?}",
        g.reasons
    );
    assert!(
        g.reasons
            .iter()
            .any(|r| r.contains("every amount is positive")),
        "{:?}",
        g.reasons
    );
    let parsed = parse_any(file.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(parsed.statement.lines.len(), 2, "the preview reads it");
    let e = parsed.refuse_unsure_guess().unwrap_err();
    assert_eq!(e.field.as_deref(), Some("csv_mapping"));
    assert!(e.message.contains("send it back as csv_mapping"), "{e}");
    assert!(e.message.contains("\"date_format\":\"%d/%m/%Y\""), "{e}");
}

#[test]
fn what_cannot_be_guessed() {
    assert!(guess(b"").is_none());
    assert!(guess(b"Foo;Bar;Baz\n1;2;3\n").is_none());
    // A date but no amount.
    assert!(guess(b"Datum;Name\n01.02.2026;A\n").is_none());
    let e = parse_any(b"Foo;Bar\n1;2\n", &ParseOptions::default()).unwrap_err();
    assert!(
        e.message.contains("choose a preset or map the columns"),
        "{e}"
    );
    // Recognised words, but the values are no dates: the rows say which line is wrong.
    let e = parse_any(b"Datum;Betrag\nyesterday;-1,00\n", &ParseOptions::default()).unwrap_err();
    assert!(
        e.message.contains("choose a preset or map the columns"),
        "{e}"
    );
}

#[test]
fn the_guesser_never_panics() {
    use crate::test_rng::random_inputs;
    const ALPHABET: &[u8] = b";,\t\"\n\r0123456789.-/ DatumBetragFechaImporteValuta\xC3\xA4\xFF";
    for bytes in random_inputs(0x5EED_CAFE, 3000, 200, b"Datum;Betrag;Name\n", ALPHABET) {
        if let Some(g) = guess(&bytes) {
            assert!((0.0..=1.0).contains(&g.confidence));
            let _ = parse(&bytes, &g.mapping);
        }
    }
    for len in 0..=GIRO_DE.len() {
        let _ = guess(&GIRO_DE[..len]);
    }
}

#[test]
fn umlauts_spelled_out_in_headers() {
    let g = guessed(
        "Buchungstag;Empfaenger;Verwendungszweck;Betrag\n13.11.2026;Baeckerei Mueller;Broetchen;-4,20\n",
    );
    assert_eq!(g.mapping.payee_column, Some(name("Empfaenger")));
    assert_eq!(g.mapping.description_column, Some(name("Verwendungszweck")));
    assert!(g.is_confident(), "{g:?}");
}

//! Periods around the edges: a Monday in January (ISO week and year boundaries, "last
//! month" in January, "in December" asked in December), and leap years.

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn on_a_monday_in_january() {
    check(monday_in_january(), &[
        ("spending this week", "en", "spending 2027-01-04..2027-01-04"),
        ("spending last week", "en", "spending 2026-12-28..2027-01-03"),
        ("spending last month", "en", "spending 2026-12-01..2026-12-31"),
        ("spending this month", "en", "spending 2027-01-01..2027-01-04"),
        ("spending this year", "en", "spending 2027-01-01..2027-01-04"),
        ("spending last year", "en", "spending 2026-01-01..2026-12-31"),
        ("spending in December", "en", "spending 2026-12-01..2026-12-31"),
        ("spending in January", "en", "spending 2027-01-01..2027-01-04"),
        ("spending last quarter", "en", "spending 2026-10-01..2026-12-31"),
        ("spending this quarter", "en", "spending 2027-01-01..2027-01-04"),
        ("spending in Q3", "en", "spending 2026-07-01..2026-09-30"),
        ("spending on Monday", "en", "spending 2027-01-04..2027-01-04"),
        ("spending last Monday", "en", "spending 2026-12-28..2026-12-28"),
        ("spending on Sunday", "en", "spending 2027-01-03..2027-01-03"),
        ("spending yesterday", "en", "spending 2027-01-03..2027-01-03"),
        ("spending since November", "en", "spending 2026-11-01..2027-01-04"),
        ("spending in the last 2 weeks", "en", "spending 2026-12-22..2027-01-04"),
        ("Ausgaben letzten Monat", "de", "spending 2026-12-01..2026-12-31"),
        ("Ausgaben letzte Woche", "de", "spending 2026-12-28..2027-01-03"),
        ("Dépenses de l'année dernière", "fr", "spending 2026-01-01..2026-12-31"),
        ("gastos del mes pasado", "es", "spending 2026-12-01..2026-12-31"),
        ("spese del trimestre scorso", "it", "spending 2026-10-01..2026-12-31"),
        ("spese di dicembre", "it", "spending 2026-12-01..2026-12-31"),
    ]);
}

#[test]
fn on_a_sunday_in_december() {
    check(sunday(), &[
        ("spending in December", "en", "spending 2026-12-01..2026-12-06"),
        ("spending in December 2025", "en", "spending 2025-12-01..2025-12-31"),
        ("spending this week", "en", "spending 2026-11-30..2026-12-06"),
        ("spending on Sunday", "en", "spending 2026-12-06..2026-12-06"),
        ("spending last Sunday", "en", "spending 2026-11-29..2026-11-29"),
        ("spending in the last 7 days", "en", "spending 2026-11-30..2026-12-06"),
        ("spending in 2025", "en", "spending 2025-01-01..2025-12-31"),
        ("spending in the third quarter", "en", "spending 2026-07-01..2026-09-30"),
        ("Ausgaben im 2. Quartal", "de", "spending 2026-04-01..2026-06-30"),
        ("Ausgaben letzten Freitag", "de", "spending 2026-12-04..2026-12-04"),
        ("dépenses du premier trimestre 2025", "fr", "spending 2025-01-01..2025-03-31"),
        ("dépenses vendredi dernier", "fr", "spending 2026-12-04..2026-12-04"),
        ("gastos el viernes pasado", "es", "spending 2026-12-04..2026-12-04"),
        ("gastos del tercer trimestre", "es", "spending 2026-07-01..2026-09-30"),
        ("spese di venerdì scorso", "it", "spending 2026-12-04..2026-12-04"),
        ("spese negli ultimi 2 anni", "it", "spending 2024-12-07..2026-12-06"),
        ("spending in the last twelve months", "en", "spending 2025-12-07..2026-12-06"),
        ("spending from March to May", "en", "spending 2026-03-01..2026-05-31"),
        ("Ausgaben von März bis Mai", "de", "spending 2026-03-01..2026-05-31"),
        ("dépenses de mars à mai", "fr", "spending 2026-03-01..2026-05-31"),
        ("gastos de marzo a mayo", "es", "spending 2026-03-01..2026-05-31"),
        ("spese da marzo a maggio", "it", "spending 2026-03-01..2026-05-31"),
        ("spending between October and December 2025", "en", "spending 2025-10-01..2025-12-31"),
        ("spending from December to February", "en", "spending 2025-12-01..2026-02-28"),
        ("How much did I spend in October and November?", "en", "spending 2026-10-01..2026-11-30"),
        ("Compare October and November", "en", "spending 2026-11-01..2026-11-30 cmp=previous_period:2026-10-01..2026-10-31"),
        ("spending in May", "en", "spending 2026-05-01..2026-05-31"),
        ("May I see my balance?", "en", "balances"),
        ("How much did I spend on the 3rd of November?", "en", "spending 2026-11-03..2026-11-03"),
        ("spending on November 3", "en", "spending 2026-11-03..2026-11-03"),
        ("How much did I spend between 1 and 15 November?", "en", "spending 2026-11-01..2026-11-15"),
        ("spending on 24 December", "en", "spending 2025-12-24..2025-12-24"),
        ("Ausgaben am 3. November", "de", "spending 2026-11-03..2026-11-03"),
        ("gastos del 1 al 15 de noviembre", "es", "spending 2026-11-01..2026-11-15"),
        ("spese dal 1 al 15 novembre", "it", "spending 2026-11-01..2026-11-15"),
        ("dépenses du 1er au 15 novembre", "fr", "spending 2026-11-01..2026-11-15"),
        ("spending on 31 February", "en", "oos:not_understood"),
        ("How much did I spend this time last year?", "en", "spending 2025-12-01..2025-12-31"),
        ("How much did I spend in the same month last year?", "en", "spending 2025-12-01..2025-12-31"),
        ("How much did I spend in Q4 last year?", "en", "spending 2025-10-01..2025-12-31"),
        ("spending in October last year", "en", "spending 2025-10-01..2025-10-31"),
        ("Ausgaben im Oktober letzten Jahres", "de", "spending 2025-10-01..2025-10-31"),
        ("gastos de octubre del año pasado", "es", "spending 2025-10-01..2025-10-31"),
        ("Wie viel habe ich vorgestern ausgegeben?", "de", "spending 2026-12-04..2026-12-04"),
        ("How much did I spend the day before yesterday?", "en", "spending 2026-12-04..2026-12-04"),
        ("Wie viel habe ich seit Anfang des Jahres ausgegeben?", "de", "spending 2026-01-01..2026-12-06"),
        ("Dépenses de la semaine", "fr", "spending 2026-11-30..2026-12-06"),
        ("Dépenses du mois dernier", "fr", "spending 2026-11-01..2026-11-30"),
        ("¿Cuánto gasté desde principios de año?", "es", "spending 2026-01-01..2026-12-06"),
        ("gastos de la semana pasada", "es", "spending 2026-11-23..2026-11-29"),
        ("Quanto ho speso dall'inizio dell'anno?", "it", "spending 2026-01-01..2026-12-06"),
        ("spese della settimana", "it", "spending 2026-11-30..2026-12-06"),
        ("Dove ho speso di più il mese scorso?", "it", "spending 2026-11-01..2026-11-30 by=merchant sort=amount-desc top=1"),
        ("What did I spend in the last 30 days?", "en", "spending 2026-11-07..2026-12-06"),
        ("spending over the past 6 months by month", "en", "spending 2026-06-07..2026-12-06 by=month"),
    ]);
}

#[test]
fn in_leap_years() {
    check(day(2024, 3, 1), &[
        ("spending last month", "en", "spending 2024-02-01..2024-02-29"),
        ("spending in February", "en", "spending 2024-02-01..2024-02-29"),
        ("spending in the last 2 days", "en", "spending 2024-02-29..2024-03-01"),
        ("spending on 29 February", "en", "spending 2024-02-29..2024-02-29"),
    ]);
    check(day(2025, 3, 1), &[
        ("spending in February 2024", "en", "spending 2024-02-01..2024-02-29"),
        ("spending last month", "en", "spending 2025-02-01..2025-02-28"),
    ]);
    check(day(2024, 2, 29), &[
        ("Spending this month compared to the same period last year", "en", "spending 2024-02-01..2024-02-29 cmp=same_period_last_year:2023-02-01..2023-02-28"),
        ("spending in the last 12 months", "en", "spending 2023-03-01..2024-02-29"),
        ("spending yesterday", "en", "spending 2024-02-28..2024-02-28"),
    ]);
}

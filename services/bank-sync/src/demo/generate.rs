//! The demo bank's ledger: every event from the first opening day up to a given day, in the
//! order they are generated. Each day's variable content comes from a stream keyed by the date,
//! so a day never depends on how far the ledger is generated; amounts that depend on history
//! (card settlement, interest) only look at events before them. Hence the ledger through a
//! later day always starts with the ledger through an earlier one, event for event, which is
//! what makes ids stable (see `mod.rs`).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::catalog::*;
use super::rng::{Rng, hash_str};

/// One thing the bank will show. Card purchases are authorised on `date` (a pending row) and
/// posted on `post_on`; everything else is booked directly on `date == post_on`.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub account: usize,
    pub date: NaiveDate,
    /// Minute of the day (UTC) from which the bank shows it.
    pub minute: u16,
    pub post_on: NaiveDate,
    pub card: bool,
    pub pending_cents: i64,
    pub cents: i64,
    pub payee: &'static str,
    pub description: String,
    pub pending_description: String,
    pub category: &'static str,
    /// Card payments carry the merchant's category code.
    pub mcc: Option<&'static str>,
}

// Stream tags for `Rng::keyed`, so no two kinds of decision share random numbers.
pub(super) const DAY: u64 = 1;
const MONTH: u64 = 2;
pub(super) const WEEK: u64 = 3;
const YEAR: u64 = 4;
const ACCOUNT: u64 = 5;
pub(super) const TRIP: u64 = 6;
pub(super) const STORE: u64 = 7;
const REFERENCE: u64 = 8;
pub(super) const AWAY: u64 = 9;

/// All events whose source day is `first_day()..=through`. Some (refunds, the far leg of a
/// transfer) are dated after `through`; callers filter by what is visible.
pub(super) fn ledger(seed: u64, through: NaiveDate) -> Vec<Event> {
    let mut g = Gen {
        seed,
        checking_iban: iban(&account_number(seed, CHECKING)),
        savings_iban: iban(&account_number(seed, SAVINGS)),
        card_mask: account_number(seed, CARD)[12..].to_string(),
        place: HOME_CITY,
        events: Vec::with_capacity(4096),
    };
    let mut d = first_day();
    while d <= through {
        g.day(d);
        d = d + Days::new(1);
    }
    g.events
}

/// Account number (card number for the credit card), stable per seed.
pub(super) fn account_number(seed: u64, account: usize) -> String {
    let mut rng = Rng::keyed(seed, &[ACCOUNT, account as u64]);
    let (mut number, len) = match account {
        CARD => (String::from("4"), 16), // a Visa number
        USD => (String::from("7"), 12),
        _ => (String::new(), 10),
    };
    while number.len() < len {
        number.push(char::from(b'0' + rng.below(10) as u8));
    }
    number
}

/// A German IBAN with correct check digits (ISO 13616 mod 97), so validators accept it.
pub(super) fn iban(account_number: &str) -> String {
    let bban = format!("{BANK_CODE}{account_number}");
    // "DE00" moved to the end, letters as numbers: D = 13, E = 14.
    let rest = format!("{bban}131400")
        .bytes()
        .fold(0u64, |r, b| (r * 10 + u64::from(b - b'0')) % 97);
    format!("DE{:02}{bban}", 98 - rest)
}

pub(super) fn ymd_in(year: i32, month: u32, day: u32) -> NaiveDate {
    ymd((year, month, day))
}

pub(super) fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    d + Days::new(days as u64)
}

/// Minutes since midnight, for times of day.
pub(super) const fn h(hours: i64) -> i64 {
    hours * 60
}

/// Banks book transfers and debits on business days (public holidays are ignored).
fn next_business_day(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => plus(d, 2),
        Weekday::Sun => plus(d, 1),
        _ => d,
    }
}

/// Payday is the 27th, or the Friday before when that is a weekend.
pub(super) fn salary_day(year: i32, month: u32) -> NaiveDate {
    let d = ymd_in(year, month, 27);
    match d.weekday() {
        Weekday::Sat => d - Days::new(1),
        Weekday::Sun => d - Days::new(2),
        _ => d,
    }
}

/// Net salary; a raise of 2–4.5 % every April.
fn salary_cents(seed: u64, year: i32, month: u32) -> i64 {
    let mut salary = Rng::keyed(seed, &[YEAR, 0]).range(3_000_00, 3_450_00);
    for y in 2023..=year {
        if y == year && month < 4 {
            break;
        }
        let bps = Rng::keyed(seed, &[YEAR, y as u64, 1]).range(200, 450);
        salary = salary * (10_000 + bps) / 10_000;
    }
    salary
}

/// Christmas bonus, paid with the November salary.
fn bonus_cents(seed: u64, year: i32) -> i64 {
    salary_cents(seed, year, 11) * Rng::keyed(seed, &[YEAR, year as u64, 2]).range(45, 65) / 100
}

/// Graduated rent ("Staffelmiete"): a fixed step every January.
fn rent_cents(year: i32) -> i64 {
    1_150_00 + 30_00 * i64::from((year - 2023).max(0))
}

/// Savings interest per year, in basis points, following the ECB's rates loosely.
fn interest_bps(year: i32) -> i64 {
    match year {
        ..=2023 => 200,
        2024 => 275,
        2025 => 225,
        _ => 175,
    }
}

pub(super) struct Gen {
    pub seed: u64,
    checking_iban: String,
    savings_iban: String,
    card_mask: String,
    /// Where today's card purchases happen (home, a US city, Amsterdam).
    pub place: &'static str,
    pub events: Vec<Event>,
}

impl Gen {
    fn day(&mut self, d: NaiveDate) {
        self.bank_items(d);
        self.spending(d);
        // Settlement and interest last: they sum what was booked up to and including today.
        if d.day() == 20 {
            self.card_statement(d);
        }
        if matches!((d.month(), d.day()), (3, 31) | (6, 30) | (9, 30) | (12, 31)) {
            self.interest(d);
        }
    }

    fn reference(&self, what: &str) -> i64 {
        Rng::keyed(self.seed, &[REFERENCE, hash_str(what)]).range(10_000_000, 99_999_999)
    }

    fn month_rng(&self, d: NaiveDate, what: &str) -> Rng {
        Rng::keyed(
            self.seed,
            &[MONTH, d.year() as u64, u64::from(d.month()), hash_str(what)],
        )
    }

    pub(super) fn push(&mut self, event: Event) -> Option<usize> {
        if event.date < opened_on(event.account) {
            return None;
        }
        self.events.push(event);
        Some(self.events.len() - 1)
    }

    /// A row booked directly, without a pending phase (debits, credits, transfers, fees).
    pub(super) fn booked(
        &mut self,
        account: usize,
        (date, minute): (NaiveDate, i64),
        cents: i64,
        who: Who,
        text: String,
    ) {
        self.push(Event {
            account,
            date,
            minute: minute as u16,
            post_on: date,
            card: false,
            pending_cents: cents,
            cents,
            payee: who.0,
            description: text,
            pending_description: String::new(),
            category: who.1,
            mcc: None,
        });
    }

    /// Money between own accounts: two rows with opposite amounts, maybe days apart.
    fn transfer(
        &mut self,
        from: (usize, NaiveDate, Who, String),
        to: (usize, NaiveDate, Who, String),
        cents: i64,
    ) {
        self.booked(from.0, (from.1, h(6)), -cents, from.2, from.3);
        self.booked(to.0, (to.1, h(6)), cents, to.2, to.3);
    }

    /// Salary, rent, utilities, subscriptions: what a bank books on schedule.
    fn bank_items(&mut self, d: NaiveDate) {
        let (y, m, day) = (d.year(), d.month(), d.day());
        let early = (d, h(5));
        if day == 1 {
            let text =
                format!("STANDING ORDER HAUSVERWALTUNG BRANDT GMBH MIETE {m:02}/{y} WHG 4.2");
            self.booked(CHECKING, early, -rent_cents(y), LANDLORD, text);
        }
        if d == salary_day(y, m) {
            let text = format!("SALARY NORDLICHT SOFTWARE GMBH {m:02}/{y} PERSONALNR 40711");
            let salary = salary_cents(self.seed, y, m);
            self.booked(CHECKING, early, salary, EMPLOYER, text);
            if m == 11 {
                let text = format!("BONUS NORDLICHT SOFTWARE GMBH WEIHNACHTSGELD {y}");
                let bonus = bonus_cents(self.seed, y);
                self.booked(CHECKING, early, bonus, EMPLOYER_BONUS, text);
            }
        }
        if d == next_business_day(plus(salary_day(y, m), 1)) {
            self.sweep(d);
        }
        if day == 15 {
            let base = Rng::keyed(self.seed, &[YEAR, y as u64, 3]).range(78_00, 98_00);
            let cents = base + self.month_rng(d, "electricity").range(-3_00, 3_00);
            let vk = self.reference("vattenfall");
            let text = format!(
                "SEPA DIRECT DEBIT VATTENFALL EUROPE SALES GMBH ABSCHLAG {m:02}/{y} VK {vk}"
            );
            self.booked(CHECKING, early, -cents, ELECTRICITY, text);
        }
        if day == 5 {
            let kd = self.reference("vodafone");
            let text = format!("SEPA DIRECT DEBIT VODAFONE GMBH KD-NR {kd} RECHNUNG {m:02}/{y}");
            self.booked(CHECKING, early, -39_99, INTERNET, text);
        }
        if day == 12 {
            let mut rng = self.month_rng(d, "phone");
            // Now and then calls or roaming beyond the plan.
            let extra = if rng.chance(200) {
                rng.range(99, 6_49)
            } else {
                0
            };
            let kd = self.reference("o2");
            let text =
                format!("SEPA DIRECT DEBIT TELEFONICA GERMANY GMBH O2 RECHNUNG {m:02}/{y} KD {kd}");
            self.booked(CHECKING, early, -(19_99 + extra), PHONE, text);
        }
        if day == 15 && m % 3 == 2 {
            let nr = self.reference("rundfunk");
            let text = format!("SEPA DIRECT DEBIT RUNDFUNK ARD ZDF DRADIO BEITRAGSNR {nr}");
            self.booked(CHECKING, early, -55_08, BROADCAST_FEE, text);
        }
        if d == next_business_day(ymd_in(y, 1, 2)) {
            for (what, cents) in [("HAFTPFLICHT", 68_40), ("KFZ", 412_80)] {
                let nr = self.reference(what);
                let text = format!("SEPA DIRECT DEBIT HUK-COBURG {what} {y} VS-NR {nr}");
                self.booked(CHECKING, early, -cents, INSURER, text);
            }
        }
        if m == 12 && day == 15 {
            let text = format!("SEPA CREDIT TRANSFER AERZTE OHNE GRENZEN E.V. SPENDE {y}");
            self.booked(CHECKING, (d, h(9)), -50_00, CHARITY, text);
        }
        if plus(d, 1).day() == 1 {
            let text = format!("ACCOUNT MAINTENANCE FEE {m:02}/{y}");
            self.booked(CHECKING, (d, h(23)), -4_90, BANK_FEE, text);
        }
        for sub in &SUBSCRIPTIONS {
            let Some(cents) = sub.price(y, m).filter(|_| sub.day == day) else {
                continue;
            };
            let text = match sub.account {
                CHECKING => {
                    let mandate = self.reference(sub.payee);
                    format!(
                        "SEPA DIRECT DEBIT {} MANDATE {mandate} {m:02}/{y}",
                        sub.descriptor
                    )
                }
                USD => format!("RECURRING DEBIT {}", sub.descriptor),
                _ => sub.descriptor.to_string(),
            };
            let who = (sub.payee, sub.category);
            self.booked(sub.account, (d, h(3)), -cents, who, text);
        }
        // A US client pays invoices into the USD account in most months; less often while the
        // account is well filled, so trips and income roughly balance over the years.
        let mut rng = self.month_rng(d, "freelance");
        let (invoiced, day, cents) = (
            rng.chance(700),
            rng.range(6, 18) as u32,
            rng.range(600_00, 1_300_00),
        );
        let skip_when_full = rng.chance(500);
        if invoiced
            && d == next_business_day(ymd_in(y, m, day))
            && !(skip_when_full && self.balance(USD, d) > 7_000_00)
        {
            let id = self.reference("northwind");
            let text = format!("ACH CREDIT NORTHWIND TRADERS LLC INVOICE {y}-{m:02} ID {id}");
            self.booked(USD, (d, h(14)), cents, CLIENT, text);
        }
    }

    /// Booked balance at the end of `d`, as far as generated.
    fn balance(&self, account: usize, d: NaiveDate) -> i64 {
        let booked = self
            .events
            .iter()
            .filter(|e| e.account == account && e.post_on <= d);
        ACCOUNTS[account].opening_cents + booked.map(|e| e.cents).sum::<i64>()
    }

    /// The day after payday, what checking holds beyond a month's needs goes to savings (or,
    /// after an expensive month, savings tops checking up), in 50-euro steps. This keeps the
    /// checking balance realistic for any seed and any number of years.
    fn sweep(&mut self, d: NaiveDate) {
        let amount = (self.balance(CHECKING, d) - 4_500_00) / 50_00 * 50_00;
        let arrives = plus(d, self.month_rng(d, "savings").range(0, 2));
        let (checking, savings) = (self.checking_iban.clone(), self.savings_iban.clone());
        let me = (HOLDER, "transfers.internal");
        if amount > 0 {
            let out = format!("TRANSFER TO {savings} SPARPLAN");
            let inn = format!("CREDIT TRANSFER FROM {checking} SPARPLAN");
            self.transfer((CHECKING, d, me, out), (SAVINGS, arrives, me, inn), amount);
        } else if amount < 0 {
            let out = format!("TRANSFER TO {checking} UMBUCHUNG");
            let inn = format!("CREDIT TRANSFER FROM {savings} UMBUCHUNG");
            self.transfer((SAVINGS, d, me, out), (CHECKING, arrives, me, inn), -amount);
        }
    }

    /// The card is settled in full from checking a few days after the statement date.
    fn card_statement(&mut self, d: NaiveDate) {
        let balance = self.balance(CARD, d);
        if balance >= 0 {
            return;
        }
        let out = next_business_day(plus(d, 3));
        let arrives = plus(out, self.month_rng(d, "settlement").range(0, 3));
        let text = format!(
            "CREDIT CARD SETTLEMENT VISA ****{} STATEMENT {}",
            self.card_mask,
            d.format("%d.%m.%Y")
        );
        let card_text = String::from("PAYMENT RECEIVED - THANK YOU");
        let (bank, me) = (
            ("Kakeibo Demo Bank Visa", "transfers.credit_card"),
            (HOLDER, "transfers.credit_card"),
        );
        self.transfer(
            (CHECKING, out, bank, text),
            (CARD, arrives, me, card_text),
            -balance,
        );
    }

    fn interest(&mut self, d: NaiveDate) {
        let balance = self.balance(SAVINGS, d);
        let (y, bps) = (d.year(), interest_bps(d.year()));
        let text = format!(
            "INTEREST Q{} {y} {}.{:02}% P.A.",
            d.month() / 3,
            bps / 100,
            bps % 100
        );
        let interest = balance * bps / 40_000;
        self.booked(SAVINGS, (d, h(22)), interest, BANK_INTEREST, text);
    }
}

//! Day-to-day card spending: at home in Berlin, on two trips to the US a year, and on a
//! weekend in Amsterdam. Each day draws from its own stream (`DAY`, date), so whether and what
//! someone bought on a day never depends on any other day.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::catalog::*;
use super::generate::{AWAY, DAY, Event, Gen, STORE, TRIP, WEEK, h, plus, ymd_in};
use super::rng::{Rng, hash_str};

/// A trip to the US, spent on the USD account; the flight is bought weeks before on the card.
pub(super) struct Trip {
    pub start: NaiveDate,
    pub days: i64,
    pub city: usize,
    pub hotel: usize,
    pub airline: usize,
    pub car: bool,
    pub booked_on: NaiveDate,
}

/// Two trips a year: one in spring, one in autumn.
pub(super) fn trips(seed: u64, year: i32) -> Vec<Trip> {
    let mut rng = Rng::keyed(seed, &[TRIP, year as u64]);
    let seasons = [((3, 10), 70, (6, 11)), ((9, 5), 50, (5, 10))];
    let mut out = Vec::new();
    for ((month, day), spread, (shortest, longest)) in seasons {
        // Draw everything before deciding, so the stream does not depend on the outcome.
        let start = plus(ymd_in(year, month, day), rng.range(0, spread));
        let trip = Trip {
            start,
            days: rng.range(shortest, longest),
            city: rng.below(US_CITIES.len() as u64) as usize,
            hotel: rng.below(US_HOTELS.len() as u64) as usize,
            airline: rng.below(FLIGHTS.len() as u64) as usize,
            car: rng.chance(300),
            booked_on: start - Days::new(rng.range(35, 70) as u64),
        };
        if trip.start >= plus(opened_on(USD), 14) {
            out.push(trip);
        }
    }
    out
}

/// The Saturday of the yearly weekend in Amsterdam.
fn amsterdam_saturday(seed: u64, year: i32) -> NaiveDate {
    let week = Rng::keyed(seed, &[AWAY, year as u64]).range(18, 40);
    let d = plus(ymd_in(year, 1, 1), week * 7);
    plus(d, (12 - i64::from(d.weekday().num_days_from_monday())) % 7)
}

impl Gen {
    pub(super) fn spending(&mut self, d: NaiveDate) {
        let mut rng = Rng::keyed(self.seed, &[DAY, d.num_days_from_ce() as u64]);
        let this_year = trips(self.seed, d.year());
        let saturday = amsterdam_saturday(self.seed, d.year());
        if let Some(trip) = this_year
            .iter()
            .find(|t| t.start <= d && d < plus(t.start, t.days))
        {
            self.place = US_CITIES[trip.city];
            self.trip_day(&mut rng, d, trip);
        } else if d == saturday || d == plus(saturday, 1) {
            self.place = "AMSTERDAM";
            self.amsterdam_day(&mut rng, d, d == saturday);
        } else {
            self.place = HOME_CITY;
            self.home_day(&mut rng, d);
        }
        self.place = HOME_CITY;
        for trip in this_year.iter().chain(&trips(self.seed, d.year() + 1)) {
            if trip.booked_on == d {
                self.buy(&mut rng, CARD, d, (h(19), h(23)), &FLIGHTS[trip.airline]);
            }
        }
    }

    /// A card purchase at the merchant's usual prices.
    fn buy(
        &mut self,
        rng: &mut Rng,
        account: usize,
        d: NaiveDate,
        minutes: (i64, i64),
        m: &'static Merchant,
    ) -> Option<usize> {
        let cents = rng.range(m.lo, m.hi);
        self.purchase(rng, account, d, minutes, m, cents)
    }

    /// A card purchase: pending from `date`, posted 1–3 days later, maybe with a tip added,
    /// maybe refunded (in full or in part) days later.
    fn purchase(
        &mut self,
        rng: &mut Rng,
        account: usize,
        date: NaiveDate,
        (earliest, latest): (i64, i64),
        m: &'static Merchant,
        cents: i64,
    ) -> Option<usize> {
        let minute = rng.range(earliest, latest);
        let lag = 1 + rng.weighted(&[50, 35, 15]) as i64;
        let tip = match m.tip {
            Tip::None => 0,
            Tip::Europe if rng.chance(600) => (cents * rng.range(5, 10) / 100 + 49) / 50 * 50,
            Tip::Europe => 0,
            Tip::Us => cents * rng.range(15, 22) / 100,
        };
        let variant = rng.below(2); // people shop at two branches of the same chain
        let (store, city) = if m.city.is_empty() {
            let key = [STORE, hash_str(m.descriptor), hash_str(self.place), variant];
            let mut store_rng = Rng::keyed(self.seed, &key);
            let number = match account {
                USD => format!(" #{}", store_rng.range(100, 19_999)),
                _ => format!(" {}", store_rng.range(1000, 9999)),
            };
            (number, self.place)
        } else {
            (String::new(), m.city)
        };
        let desc = m.descriptor;
        let (posted, pending, refund) = match account {
            USD => (
                format!("POS DEBIT {desc}{store} {city}"),
                format!("PENDING POS {desc} {city}"),
                format!("POS REFUND {desc}{store} {city}"),
            ),
            CHECKING => (
                format!("CARD PAYMENT {desc}{store} {city}"),
                format!("CARD AUTHORISATION {desc} {city}"),
                format!("CARD REFUND {desc}{store} {city}"),
            ),
            _ => (
                format!("{desc}{store} {city}"),
                format!("CARD AUTHORISATION {desc} {city}"),
                format!("REFUND {desc}{store} {city}"),
            ),
        };
        let index = self.push(Event {
            account,
            date,
            minute: minute as u16,
            post_on: plus(date, lag),
            card: true,
            pending_cents: -cents,
            cents: -(cents + tip),
            payee: m.payee,
            description: posted,
            pending_description: pending,
            category: m.category,
            mcc: Some(m.mcc).filter(|code| !code.is_empty()),
        })?;
        if m.refund_per_mille > 0 && rng.chance(m.refund_per_mille) {
            let after = rng.range(4, 15);
            let full = rng.chance(500);
            let amount = if full {
                cents
            } else {
                cents * rng.range(25, 75) / 100
            };
            let when = (plus(date, after), rng.range(h(6), h(20)));
            self.booked(account, when, amount, (m.payee, "income.refunds"), refund);
        }
        Some(index)
    }

    fn home_day(&mut self, rng: &mut Rng, d: NaiveDate) {
        let weekday = d.weekday();
        let weekend = matches!(weekday, Weekday::Sat | Weekday::Sun);
        if self.grocery_days(d) & (1 << weekday.num_days_from_monday()) != 0 {
            let m = &GROCERIES[rng.weighted(&GROCERY_WEIGHTS)];
            let account = if rng.chance(850) { CHECKING } else { CARD };
            let cents = rng.skewed(m.lo, m.hi);
            self.purchase(rng, account, d, (h(9), h(20)), m, cents);
        }
        if rng.chance(if weekend { 250 } else { 450 }) {
            let m = rng.pick(&COFFEE);
            let bought = self.buy(rng, CHECKING, d, (h(7) + 30, h(11)), m);
            // Now and then a second, identical coffee for a friend: two rows the importer
            // must not merge.
            if let Some(i) = bought.filter(|_| rng.chance(80)) {
                let twin = self.events[i].clone();
                self.events.push(twin);
            }
        }
        let night_out = matches!(weekday, Weekday::Fri | Weekday::Sat);
        if rng.chance(if night_out { 350 } else { 120 }) {
            let m = rng.pick(&RESTAURANTS);
            let account = if rng.chance(650) { CARD } else { CHECKING };
            let lunch = rng.chance(300);
            let minutes = if lunch {
                (h(12), h(14))
            } else {
                (h(19), h(22) + 30)
            };
            self.buy(rng, account, d, minutes, m);
        }
        let christmas = d.month() == 12 && d.day() <= 23;
        let on_card: [(u64, &'static [Merchant], (i64, i64)); 7] = [
            (50, &DELIVERY, (h(18), h(21) + 30)),
            (40, &TAXI, (h(7), h(23) + 59)),
            (110, &FUEL, (h(7), h(21))),
            (30, &PARKING, (h(8), h(20))),
            (20, &EVENTS, (h(10), h(22))),
            (if christmas { 150 } else { 15 }, &GIFTS, (h(10), h(19))),
            (20, std::slice::from_ref(&RAIL), (h(6), h(22))),
        ];
        for (per_mille, merchants, minutes) in on_card {
            if rng.chance(per_mille) {
                let m = rng.pick(merchants);
                self.buy(rng, CARD, d, minutes, m);
            }
        }
        if rng.chance(80) {
            let m = &SHOPPING[rng.weighted(&SHOPPING_WEIGHTS)];
            let account = if rng.chance(800) { CARD } else { CHECKING };
            self.buy(rng, account, d, (h(10), h(20)), m);
        }
        if rng.chance(90) {
            let m = rng.pick(&DRUGSTORES);
            self.buy(rng, CHECKING, d, (h(9), h(20)), m);
        }
        if rng.chance(25) && !weekend {
            let cents = *rng.pick(&[50_00, 100_00, 150_00, 200_00]);
            let when = (d, rng.range(h(8), h(22)));
            let text = String::from("ATM WITHDRAWAL ALEXANDERPLATZ 10178 BERLIN");
            self.booked(CHECKING, when, -cents, ATM, text);
        }
        if rng.chance(6) && !weekend {
            let cents = rng.range(45_00, 180_00);
            let invoice = rng.range(100, 999);
            let text = format!(
                "SEPA CREDIT TRANSFER ZAHNARZTPRAXIS DR. WEBER RECHNUNG {}-{invoice}",
                d.year()
            );
            self.booked(CHECKING, (d, h(10)), -cents, DENTIST, text);
        }
    }

    /// Bit per weekday (Monday = bit 0): 1–3 grocery runs a week, mostly Friday and Saturday,
    /// never Sunday (shops are closed).
    fn grocery_days(&self, d: NaiveDate) -> u8 {
        let monday = d - Days::new(u64::from(d.weekday().num_days_from_monday()));
        let mut rng = Rng::keyed(self.seed, &[WEEK, monday.num_days_from_ce() as u64]);
        let runs = rng.range(1, 3) as u32;
        let mut mask = 0u8;
        while mask.count_ones() < runs {
            mask |= 1 << rng.weighted(&[2, 2, 2, 2, 3, 4, 0]);
        }
        mask
    }

    fn amsterdam_day(&mut self, rng: &mut Rng, d: NaiveDate, saturday: bool) {
        let train = if saturday {
            (h(8), h(10))
        } else {
            (h(17), h(19))
        };
        self.buy(rng, CARD, d, train, &NS);
        let cents = rng.skewed(ALBERT_HEIJN.lo, ALBERT_HEIJN.hi);
        self.purchase(rng, CHECKING, d, (h(11), h(16)), &ALBERT_HEIJN, cents);
        if !saturday {
            self.buy(rng, CARD, d, (h(10), h(11)), &AMSTERDAM_HOTEL);
        }
    }

    fn trip_day(&mut self, rng: &mut Rng, d: NaiveDate, trip: &Trip) {
        let daily: [(u64, &'static [Merchant], (i64, i64)); 6] = [
            (700, &US_COFFEE, (h(7), h(11))),
            (350, &US_GROCERIES, (h(10), h(21))),
            (500, &US_RESTAURANTS, (h(12), h(14))),
            (800, &US_RESTAURANTS, (h(18), h(22))),
            (600, &US_RIDES, (h(8), h(23))),
            (120, &US_SHOPPING, (h(10), h(20))),
        ];
        for (per_mille, merchants, minutes) in daily {
            if rng.chance(per_mille) {
                let m = rng.pick(merchants);
                self.buy(rng, USD, d, minutes, m);
            }
        }
        for _ in 0..rng.range(0, 2) {
            self.buy(rng, USD, d, (h(7), h(22)), &US_TRANSIT[trip.city]);
        }
        if d == plus(trip.start, trip.days - 1) {
            // Checkout: the hotel for all nights, and the rental car if there was one.
            let hotel = &US_HOTELS[trip.hotel];
            let cents = (trip.days - 1) * rng.range(hotel.lo, hotel.hi);
            self.purchase(rng, USD, d, (h(7), h(11)), hotel, cents);
            if trip.car {
                let cents = trip.days * rng.range(US_CAR_RENTAL.lo, US_CAR_RENTAL.hi);
                self.purchase(rng, USD, d, (h(9), h(12)), &US_CAR_RENTAL, cents);
            }
        }
    }
}

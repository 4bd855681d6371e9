//! The demo bank's fixed cast: accounts, merchants, subscriptions and their price histories.
//! Changing anything here changes every demo user's history, so add, don't edit.

use chrono::NaiveDate;

pub(super) const CHECKING: usize = 0;
pub(super) const SAVINGS: usize = 1;
pub(super) const CARD: usize = 2;
pub(super) const USD: usize = 3;

pub(super) struct AccountSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub currency: &'static str,
    pub opened_on: (i32, u32, u32),
    /// Balance on the opening day, before any transaction the bank shows.
    pub opening_cents: i64,
}

pub(super) const ACCOUNTS: [AccountSpec; 4] = [
    AccountSpec {
        id: "checking",
        name: "Everyday Account",
        kind: "checking",
        currency: "EUR",
        opened_on: (2023, 1, 2),
        opening_cents: 2_450_00,
    },
    AccountSpec {
        id: "savings",
        name: "Savings Account",
        kind: "savings",
        currency: "EUR",
        opened_on: (2023, 1, 2),
        opening_cents: 8_000_00,
    },
    AccountSpec {
        id: "card",
        name: "Visa Credit Card",
        kind: "credit_card",
        currency: "EUR",
        opened_on: (2023, 1, 2),
        opening_cents: 0,
    },
    AccountSpec {
        id: "travel",
        name: "USD Travel Account",
        kind: "checking",
        currency: "USD",
        opened_on: (2023, 6, 1),
        opening_cents: 4_000_00,
    },
];

pub(super) fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("catalog dates are valid")
}

pub(super) fn opened_on(account: usize) -> NaiveDate {
    ymd(ACCOUNTS[account].opened_on)
}

/// The earliest day anything can happen: generation always starts here, because card payoffs
/// and interest depend on the whole history before them.
pub(super) fn first_day() -> NaiveDate {
    (0..ACCOUNTS.len()).map(opened_on).min().expect("accounts")
}

/// The account holder, who is also the counterparty of transfers between own accounts.
pub(super) const HOLDER: &str = "Alex Becker";
/// German bank code starting with 9: no region uses it, so the IBANs are formally valid
/// (checksum) but belong to no real bank.
pub(super) const BANK_CODE: &str = "99990000";
pub(super) const HOME_CITY: &str = "BERLIN";

/// The other side of a row booked without a card: (payee, category hint).
pub(super) type Who = (&'static str, &'static str);
pub(super) const LANDLORD: Who = ("Hausverwaltung Brandt GmbH", "housing.rent");
pub(super) const EMPLOYER: Who = ("Nordlicht Software GmbH", "income.salary");
pub(super) const EMPLOYER_BONUS: Who = ("Nordlicht Software GmbH", "income.bonus");
pub(super) const ELECTRICITY: Who = ("Vattenfall Europe Sales GmbH", "utilities.electricity");
pub(super) const INTERNET: Who = ("Vodafone GmbH", "utilities.internet_phone");
pub(super) const PHONE: Who = ("Telefonica Germany GmbH", "utilities.internet_phone");
pub(super) const BROADCAST_FEE: Who = ("Rundfunk ARD, ZDF, Deutschlandradio", "financial.taxes");
pub(super) const INSURER: Who = ("HUK-COBURG", "financial.insurance");
pub(super) const CHARITY: Who = ("Ärzte ohne Grenzen e.V.", "giving.charity");
pub(super) const BANK_FEE: Who = ("Kakeibo Demo Bank", "financial.fees");
pub(super) const BANK_INTEREST: Who = ("Kakeibo Demo Bank", "income.interest");
pub(super) const CLIENT: Who = ("Northwind Traders LLC", "income.freelance");
pub(super) const ATM: Who = ("ATM Alexanderplatz", "transfers.cash");
pub(super) const DENTIST: Who = ("Zahnarztpraxis Dr. Weber", "health.medical");

/// How often a scheduled item is booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Month,
    Quarter,
    Year,
}

/// A bank item `Gen::bank_items` books on a schedule (subscriptions are in `SUBSCRIPTIONS`):
/// who, on which account, how often, whether money goes out, and whether its amount follows
/// something else (a balance, a share of the salary) rather than a price.
pub(super) struct Scheduled {
    pub who: Who,
    pub account: usize,
    pub every: Every,
    pub outgoing: bool,
    pub amount_follows: bool,
}

const fn every(who: Who, account: usize, every: Every, outgoing: bool) -> Scheduled {
    Scheduled {
        who,
        account,
        every,
        outgoing,
        amount_follows: false,
    }
}

/// Keep in step with `Gen::bank_items` (a test checks the ledger against it). Two insurance
/// policies are debited on one day: two entries.
#[rustfmt::skip]
pub(super) const SCHEDULED: [Scheduled; 12] = [
    every(LANDLORD, CHECKING, Every::Month, true),
    every(EMPLOYER, CHECKING, Every::Month, false),
    Scheduled { amount_follows: true, ..every(EMPLOYER_BONUS, CHECKING, Every::Year, false) },
    every(ELECTRICITY, CHECKING, Every::Month, true),
    every(INTERNET, CHECKING, Every::Month, true),
    every(PHONE, CHECKING, Every::Month, true),
    every(BROADCAST_FEE, CHECKING, Every::Quarter, true),
    every(INSURER, CHECKING, Every::Year, true),
    every(INSURER, CHECKING, Every::Year, true),
    every(CHARITY, CHECKING, Every::Year, true),
    every(BANK_FEE, CHECKING, Every::Month, true),
    Scheduled { amount_follows: true, ..every(BANK_INTEREST, SAVINGS, Every::Quarter, false) },
];

/// Who sells, how their card terminal names itself, and what they usually charge.
pub(super) struct Merchant {
    pub payee: &'static str,
    pub descriptor: &'static str,
    /// Fixed location text (web shops, apps); empty = the city where the purchase happens,
    /// after a store number.
    pub city: &'static str,
    pub category: &'static str,
    pub lo: i64,
    pub hi: i64,
    pub tip: Tip,
    /// Chance (per mille) that a purchase is later (partly) refunded.
    pub refund_per_mille: u64,
    /// The merchant category code its acquirer registered (ISO 18245), which the card
    /// network passes on with every payment: what the business is, not what was bought.
    pub mcc: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tip {
    None,
    /// Sometimes a little, rounded up to 50 cents, added after the authorisation.
    Europe,
    /// Always 15–22 %, added after the authorisation.
    Us,
}

const fn m(
    payee: &'static str,
    descriptor: &'static str,
    city: &'static str,
    category: &'static str,
    lo: i64,
    hi: i64,
) -> Merchant {
    Merchant {
        payee,
        descriptor,
        city,
        category,
        lo,
        hi,
        tip: Tip::None,
        refund_per_mille: 0,
        mcc: "",
    }
}

impl Merchant {
    const fn tip(mut self, tip: Tip) -> Self {
        self.tip = tip;
        self
    }
    const fn refunds(mut self, per_mille: u64) -> Self {
        self.refund_per_mille = per_mille;
        self
    }
    const fn mcc(mut self, code: &'static str) -> Self {
        self.mcc = code;
        self
    }
}

// Tables are laid out one merchant per line; rustfmt would spread each over eight.

// At home in Berlin, EUR.
#[rustfmt::skip]
pub(super) const GROCERIES: [Merchant; 5] = [
    m("REWE", "REWE SAGT DANKE", "", "food.groceries", 4_50, 165_00).mcc("5411"),
    m("Lidl", "LIDL DIENSTLEISTUNG", "", "food.groceries", 3_20, 120_00).mcc("5411"),
    m("EDEKA", "EDEKA CENTER", "", "food.groceries", 5_10, 140_00).mcc("5411"),
    m("ALDI Nord", "ALDI NORD", "", "food.groceries", 3_00, 110_00).mcc("5411"),
    m("Bio Company", "BIO COMPANY", "", "food.groceries", 6_80, 95_00).mcc("5411"),
];
pub(super) const GROCERY_WEIGHTS: [u64; 5] = [35, 25, 15, 15, 10];
#[rustfmt::skip]
pub(super) const COFFEE: [Merchant; 4] = [
    m("Starbucks", "STARBUCKS COFFEE", "", "food.coffee", 2_80, 6_50).mcc("5814"),
    m("Einstein Kaffee", "EINSTEIN KAFFEE", "", "food.coffee", 2_60, 5_90).mcc("5814"),
    m("The Barn", "THE BARN ROASTERY", "", "food.coffee", 3_20, 6_20).mcc("5814"),
    m("Balzac Coffee", "BALZAC COFFEE", "", "food.coffee", 2_70, 5_80).mcc("5814"),
];
#[rustfmt::skip]
pub(super) const RESTAURANTS: [Merchant; 6] = [
    m("Trattoria Da Enzo", "TRATTORIA DA ENZO", "", "food.restaurants", 24_00, 86_00).tip(Tip::Europe).mcc("5812"),
    m("Mama Thai", "MAMA THAI", "", "food.restaurants", 18_00, 52_00).tip(Tip::Europe).mcc("5812"),
    m("Lokal", "LOKAL RESTAURANT", "", "food.restaurants", 38_00, 95_00).tip(Tip::Europe).mcc("5812"),
    m("Cocolo Ramen", "COCOLO RAMEN", "", "food.restaurants", 16_00, 44_00).tip(Tip::Europe).mcc("5812"),
    m("Burgermeister", "BURGERMEISTER", "", "food.restaurants", 9_00, 24_00).mcc("5814"),
    m("Five Guys", "FIVE GUYS", "", "food.restaurants", 11_00, 28_00).mcc("5814"),
];
#[rustfmt::skip]
pub(super) const DELIVERY: [Merchant; 2] = [
    m("Lieferando", "LIEFERANDO.DE", "BERLIN", "food.delivery", 17_00, 42_00).mcc("5814"),
    m("Wolt", "WOLT", "BERLIN", "food.delivery", 16_00, 39_00).mcc("5814"),
];
#[rustfmt::skip]
pub(super) const TAXI: [Merchant; 3] = [
    m("Bolt", "BOLT.EU/O", "TALLINN", "transport.taxi", 7_50, 29_00).mcc("4121"),
    m("Uber", "UBER *TRIP", "HELP.UBER.COM", "transport.taxi", 8_50, 34_00).mcc("4121"),
    m("FREENOW", "FREENOW", "HAMBURG", "transport.taxi", 9_00, 31_00).mcc("4121"),
];
#[rustfmt::skip]
pub(super) const FUEL: [Merchant; 3] = [
    m("Aral", "ARAL STATION", "", "transport.fuel", 42_00, 86_00).mcc("5541"),
    m("Shell", "SHELL", "", "transport.fuel", 40_00, 84_00).mcc("5541"),
    m("TotalEnergies", "TOTALENERGIES", "", "transport.fuel", 38_00, 80_00).mcc("5541"),
];
#[rustfmt::skip]
pub(super) const PARKING: [Merchant; 2] = [
    m("APCOA Parking", "APCOA PARKING", "", "transport.parking", 3_00, 18_00).mcc("7523"),
    m("Contipark", "CONTIPARK", "", "transport.parking", 2_50, 14_00).mcc("7523"),
];
#[rustfmt::skip]
pub(super) const RAIL: Merchant = m("Deutsche Bahn", "DB VERTRIEB GMBH", "FRANKFURT", "transport.public", 17_90, 89_90).mcc("4112");
#[rustfmt::skip]
pub(super) const SHOPPING: [Merchant; 7] = [
    m("Amazon", "AMAZON.DE", "AMAZON.DE", "shopping.general", 8_99, 89_00).refunds(100).mcc("5999"),
    m("Zalando", "ZALANDO SE", "ZALANDO.DE", "shopping.clothing", 25_00, 140_00).refunds(400).mcc("5651"),
    m("H&M", "H&M", "", "shopping.clothing", 12_99, 60_00).refunds(80).mcc("5651"),
    m("IKEA", "IKEA DEUTSCHLAND", "", "shopping.home", 12_00, 250_00).refunds(100).mcc("5712"),
    m("MediaMarkt", "MEDIA MARKT", "", "shopping.electronics", 19_99, 399_00).refunds(120).mcc("5732"),
    m("Decathlon", "DECATHLON", "", "shopping.general", 15_00, 90_00).refunds(80).mcc("5941"),
    m("Thalia", "THALIA", "", "entertainment.hobbies", 9_00, 35_00).refunds(30).mcc("5942"),
];
pub(super) const SHOPPING_WEIGHTS: [u64; 7] = [40, 15, 10, 8, 7, 10, 10];
#[rustfmt::skip]
pub(super) const DRUGSTORES: [Merchant; 3] = [
    m("dm-drogerie markt", "DM DROGERIE MARKT", "", "family.personal_care", 3_00, 35_00).mcc("5912"),
    m("Rossmann", "ROSSMANN", "", "family.personal_care", 2_50, 30_00).mcc("5912"),
    m("Apotheke am Rosenthaler Platz", "APOTHEKE AM ROSENTHALER PL", "", "health.pharmacy", 4_50, 32_00).mcc("5912"),
];
#[rustfmt::skip]
pub(super) const EVENTS: [Merchant; 3] = [
    m("Eventim", "EVENTIM", "BREMEN", "entertainment.events", 29_00, 89_00).mcc("7922"),
    m("CinemaxX", "CINEMAXX", "", "entertainment.events", 11_00, 26_00).mcc("7832"),
    m("Yorck Kinos", "YORCK KINOS", "", "entertainment.events", 10_50, 24_00).mcc("7832"),
];
#[rustfmt::skip]
pub(super) const GIFTS: [Merchant; 2] = [
    m("Etsy", "ETSY.COM", "DUBLIN", "giving.gifts", 15_00, 75_00).mcc("5999"),
    m("Blumen Schmidt", "BLUMEN SCHMIDT", "", "giving.gifts", 18_00, 45_00).mcc("5992"),
];
#[rustfmt::skip]
pub(super) const FLIGHTS: [Merchant; 2] = [
    m("Lufthansa", "LUFTHANSA", "FRANKFURT", "travel.flights", 480_00, 940_00).mcc("3008"),
    m("United Airlines", "UNITED AIRLINES", "HOUSTON", "travel.flights", 450_00, 890_00).mcc("3000"),
];

// A weekend in Amsterdam once a year, EUR.
#[rustfmt::skip]
pub(super) const ALBERT_HEIJN: Merchant = m("Albert Heijn", "ALBERT HEIJN", "", "food.groceries", 4_00, 38_00).mcc("5411");
#[rustfmt::skip]
pub(super) const NS: Merchant = m("NS", "NS GROEP IZ NS REIZIGERS", "UTRECHT", "transport.public", 19_20, 62_00).mcc("4112");
#[rustfmt::skip]
pub(super) const AMSTERDAM_HOTEL: Merchant = m("Hotel V Nesplein", "HOTEL V NESPLEIN", "", "travel.lodging", 150_00, 240_00).mcc("7011");

// Trips to the US, USD.
pub(super) const US_CITIES: [&str; 2] = ["NEW YORK NY", "SAN FRANCISCO CA"];
#[rustfmt::skip]
pub(super) const US_GROCERIES: [Merchant; 2] = [
    m("Whole Foods", "WHOLE FOODS MKT", "", "food.groceries", 6_50, 78_00).mcc("5411"),
    m("Trader Joe's", "TRADER JOE'S", "", "food.groceries", 5_00, 64_00).mcc("5411"),
];
#[rustfmt::skip]
pub(super) const US_COFFEE: [Merchant; 2] = [
    m("Starbucks", "STARBUCKS STORE", "", "food.coffee", 3_45, 8_95).mcc("5814"),
    m("Blue Bottle Coffee", "BLUE BOTTLE COFFEE", "", "food.coffee", 4_50, 9_75).mcc("5814"),
];
#[rustfmt::skip]
pub(super) const US_RESTAURANTS: [Merchant; 5] = [
    m("Balthazar", "BALTHAZAR", "", "food.restaurants", 48_00, 140_00).tip(Tip::Us).mcc("5812"),
    m("The Smith", "THE SMITH", "", "food.restaurants", 38_00, 110_00).tip(Tip::Us).mcc("5812"),
    m("Joe's Pizza", "JOE'S PIZZA", "", "food.restaurants", 6_50, 22_00).mcc("5814"),
    m("Shake Shack", "SHAKE SHACK", "", "food.restaurants", 12_00, 31_00).mcc("5814"),
    m("Katz's Delicatessen", "KATZ'S DELICATESSEN", "", "food.restaurants", 24_00, 58_00).tip(Tip::Us).mcc("5812"),
];
#[rustfmt::skip]
pub(super) const US_RIDES: [Merchant; 2] = [
    m("Uber", "UBER *TRIP", "HELP.UBER.COM", "transport.taxi", 9_00, 46_00).mcc("4121"),
    m("Lyft", "LYFT *RIDE", "SAN FRANCISCO CA", "transport.taxi", 8_50, 42_00).mcc("4121"),
];
/// Per city in `US_CITIES`: the transit operator and its flat fare.
#[rustfmt::skip]
pub(super) const US_TRANSIT: [Merchant; 2] = [
    m("MTA", "MTA*NYCT PAYGO", "NEW YORK NY", "transport.public", 2_90, 2_90).mcc("4111"),
    m("Clipper", "CLIPPER SERVICE", "SAN FRANCISCO CA", "transport.public", 2_75, 2_75).mcc("4111"),
];
#[rustfmt::skip]
pub(super) const US_SHOPPING: [Merchant; 2] = [
    m("Target", "TARGET", "", "shopping.general", 9_00, 85_00).refunds(60).mcc("5310"),
    m("Macy's", "MACY'S", "", "shopping.clothing", 25_00, 180_00).refunds(200).mcc("5311"),
];
#[rustfmt::skip]
pub(super) const US_HOTELS: [Merchant; 3] = [
    m("Marriott", "MARRIOTT HOTELS", "", "travel.lodging", 160_00, 290_00).mcc("3509"),
    m("Hilton", "HILTON HOTELS", "", "travel.lodging", 150_00, 270_00).mcc("3504"),
    m("Ace Hotel", "ACE HOTEL", "", "travel.lodging", 180_00, 320_00).mcc("7011"),
];
#[rustfmt::skip]
pub(super) const US_CAR_RENTAL: Merchant = m("Hertz", "HERTZ RENT-A-CAR", "", "travel.car_rental", 55_00, 85_00).mcc("3357");

/// A monthly charge on a fixed day, with the prices it had over time.
pub(super) struct Subscription {
    pub payee: &'static str,
    /// The full statement text on the card; the creditor's name for direct debits.
    pub descriptor: &'static str,
    pub account: usize,
    pub day: u32,
    pub category: &'static str,
    /// (first month it applied, price in cents), ascending; the first entry is the start.
    pub prices: &'static [((i32, u32), i64)],
    /// After the last listed change the price keeps rising by `step` every `every` months
    /// (0 = stays), so any future two-year window still sees increases.
    pub every: i32,
    pub step: i64,
    /// Last month charged, for a cancelled subscription.
    pub until: Option<(i32, u32)>,
}

const fn sub(
    payee: &'static str,
    descriptor: &'static str,
    account: usize,
    day: u32,
    category: &'static str,
    prices: &'static [((i32, u32), i64)],
) -> Subscription {
    Subscription {
        payee,
        descriptor,
        account,
        day,
        category,
        prices,
        every: 0,
        step: 0,
        until: None,
    }
}

impl Subscription {
    const fn rising(mut self, step: i64, every: i32) -> Self {
        (self.step, self.every) = (step, every);
        self
    }
    const fn cancelled_after(mut self, year: i32, month: u32) -> Self {
        self.until = Some((year, month));
        self
    }

    /// The charge for a month, or `None` before the start or after cancellation.
    pub(super) fn price(&self, year: i32, month: u32) -> Option<i64> {
        let at = (year, month);
        if at < self.prices[0].0 || self.until.is_some_and(|u| at > u) {
            return None;
        }
        let &((ly, lm), last) = self.prices.iter().rev().find(|(from, _)| *from <= at)?;
        let since = (year - ly) * 12 + month as i32 - lm as i32;
        let steps = if self.every > 0 {
            since / self.every
        } else {
            0
        };
        Some(last + self.step * i64::from(steps))
    }
}

#[rustfmt::skip]
pub(super) const SUBSCRIPTIONS: [Subscription; 8] = [
    sub("Netflix", "NETFLIX.COM AMSTERDAM", CARD, 14, "entertainment.streaming",
        &[((2023, 1), 12_99), ((2024, 4), 13_99)]).rising(1_00, 18),
    sub("Spotify", "SPOTIFY P2B1C3D4E5 STOCKHOLM", CARD, 3, "entertainment.streaming",
        &[((2023, 1), 9_99), ((2023, 8), 10_99), ((2024, 11), 11_99)]).rising(1_00, 24),
    sub("Disney+", "DISNEY PLUS LONDON", CARD, 9, "entertainment.streaming",
        &[((2023, 1), 8_99), ((2023, 11), 9_99)]).cancelled_after(2025, 8),
    // 200 GB, then the 2 TB plan once the photo library outgrew it.
    sub("Apple iCloud+", "APPLE.COM/BILL CORK", CARD, 19, "subscriptions.software",
        &[((2023, 1), 2_99), ((2025, 3), 9_99)]),
    sub("SPIEGEL+", "SPIEGEL-VERLAG HAMBURG", CARD, 24, "subscriptions.news",
        &[((2024, 6), 19_99)]),
    sub("FitX", "FITX DEUTSCHLAND GMBH", CHECKING, 2, "health.fitness",
        &[((2023, 1), 24_99), ((2024, 1), 25_99)]).rising(1_00, 12),
    // The ticket's real history: launched May 2023 at 49, 58 from 2025, 63 from 2026.
    sub("Deutschlandticket", "BVG DEUTSCHLANDTICKET", CHECKING, 1, "transport.public",
        &[((2023, 5), 49_00), ((2025, 1), 58_00), ((2026, 1), 63_00)]).rising(3_00, 12),
    sub("Dropbox", "DROPBOX*PLUS DB.TT/CCHELP CA", USD, 21, "subscriptions.software",
        &[((2023, 6), 11_99)]),
];

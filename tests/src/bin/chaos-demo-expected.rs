//! What the demo bank shows a user, for the fault runs (`deploy/local/chaos.sh`), which check
//! that a demo-bank sync interrupted by `kill -9` or a database restart stored every row once:
//! `chaos-demo-expected USER_ID SINCE AS_OF` prints the provider id of every transaction the
//! user's demo bank shows as of AS_OF (RFC 3339), booked from SINCE (YYYY-MM-DD), one a line.
//! The bank's seed is derived from the user id as the demo provider derives it.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use kakeibo_bank_sync::demo::DemoBank;

/// The demo provider's `seed_for` (FNV-1a over the user id's text).
fn seed_for(user_id: &str) -> u64 {
    user_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: chaos-demo-expected USER_ID SINCE AS_OF";
    let user_id: uuid::Uuid = args.next().context(usage)?.parse()?;
    let since: NaiveDate = args.next().context(usage)?.parse()?;
    let as_of: DateTime<Utc> = args.next().context(usage)?.parse()?;
    let bank = DemoBank::new(seed_for(&user_id.to_string()));
    for row in bank.transactions(since, as_of) {
        println!("{}", row.id);
    }
    Ok(())
}

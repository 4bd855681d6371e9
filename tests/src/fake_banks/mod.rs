//! Local servers that answer as Plaid, GoCardless Bank Account Data and SimpleFIN document
//! their APIs, including their documented errors. Each runs in the test process on port 0;
//! tests add accounts and transactions to it and make it fail on purpose.

pub mod gocardless;
pub mod plaid;
pub mod simplefin;

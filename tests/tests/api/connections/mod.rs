//! Bank connections through the API: the demo bank end to end (connect, complete, the sync
//! job, on-demand sync), scoping, sealed credentials, and the jobs an import enqueues; and
//! each real provider (Plaid, GoCardless, SimpleFIN) end to end against its local fake.

mod demo;
mod gocardless;
mod plaid;
mod simplefin;
mod support;

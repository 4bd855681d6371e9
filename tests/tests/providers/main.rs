//! Each provider's real client against a local server that answers as the provider documents.

mod gocardless;
mod plaid;
mod simplefin;

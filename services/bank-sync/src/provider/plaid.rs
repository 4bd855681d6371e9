//! plaid provider (in progress).

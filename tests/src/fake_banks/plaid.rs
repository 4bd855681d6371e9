//! A local plaid (in progress).

//! The plaid client against the local plaid server (in progress).

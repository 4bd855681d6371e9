//! gocardless provider (in progress).

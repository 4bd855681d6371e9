//! A local gocardless (in progress).

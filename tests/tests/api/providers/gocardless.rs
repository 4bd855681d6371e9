//! The gocardless client against the local gocardless server (in progress).

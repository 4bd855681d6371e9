//! The simplefin client against the local simplefin server (in progress).

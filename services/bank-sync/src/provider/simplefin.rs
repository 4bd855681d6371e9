//! simplefin provider (in progress).

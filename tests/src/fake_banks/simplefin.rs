//! A local simplefin (in progress).

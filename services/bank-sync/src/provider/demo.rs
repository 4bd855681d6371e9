//! demo provider (in progress).

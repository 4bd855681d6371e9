//! Bank connections through the API: the demo bank end to end (connect, complete, the sync
//! job, on-demand sync), scoping, sealed credentials, and the jobs an import enqueues.

mod demo;

//! Counters of statement imports through the API: how many, how they ended, how long they
//! took and what became of their rows (`/metrics`, the dashboard's imports row).

use std::time::Instant;

use crate::import::ImportReport;

/// Row outcomes, in the order the dashboard stacks them.
pub const ROW_RESULTS: [&str; 3] = ["added", "matched", "posted"];

pub fn failed(format: &'static str) {
    metrics::counter!("imports_total", "format" => format, "outcome" => "failed").increment(1);
}

pub fn done<'a>(
    format: &'static str,
    started: Instant,
    reports: impl IntoIterator<Item = &'a ImportReport>,
) {
    metrics::counter!("imports_total", "format" => format, "outcome" => "ok").increment(1);
    metrics::histogram!("import_duration_seconds", "format" => format)
        .record(started.elapsed().as_secs_f64());
    for report in reports {
        for (result, rows) in
            ROW_RESULTS
                .iter()
                .zip([report.rows_added, report.rows_matched, report.rows_posted])
        {
            metrics::counter!("import_rows_total", "result" => *result).increment(rows as u64);
        }
    }
}

//! `kakeibo`: one binary, several roles. Startup failures end with one line naming the
//! problem and its fix, and exit code 1 (2 for bad command-line usage, from clap).

use std::process::ExitCode;

use clap::Parser;
use kakeibo_server::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kakeibo: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(kakeibo_server::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kakeibo: error: {e}");
            ExitCode::FAILURE
        }
    }
}

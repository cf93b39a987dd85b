//! Scores the time recogniser on MEANTIME until the command line exposes it.
//!
//! Usage: `eval_meantime DIR [--errors]`, where DIR is MEANTIME's
//! `intra-doc_annotation` folder; `--errors` also lists every disagreement.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let Some(directory) = arguments
        .iter()
        .find(|argument| !argument.starts_with("--"))
    else {
        eprintln!("usage: eval_meantime DIR [--errors]");
        return ExitCode::FAILURE;
    };
    match dragoman_time::evaluate_meantime(Path::new(directory)) {
        Ok(report) => {
            if arguments.iter().any(|argument| argument == "--errors") {
                for mismatch in &report.mismatches {
                    println!("{mismatch}");
                }
            }
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

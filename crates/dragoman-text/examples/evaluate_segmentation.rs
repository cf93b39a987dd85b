//! Prints token and sentence scores of the segmenter on a CoNLL-U file.
//!
//! Usage: `evaluate_segmentation FILE.conllu [DOCUMENT_ID_PREFIX]`; with a
//! prefix (`GUM_news_`) only the documents whose id starts with it count.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut arguments = std::env::args().skip(1);
    let Some(path) = arguments.next() else {
        eprintln!("usage: evaluate_segmentation FILE.conllu [DOCUMENT_ID_PREFIX]");
        return ExitCode::FAILURE;
    };
    let prefix = arguments.next().unwrap_or_default();
    let conllu = match std::fs::read_to_string(&path) {
        Ok(conllu) => conllu,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match dragoman_text::evaluate_documents_on_conllu(&conllu, |id| id.starts_with(&prefix)) {
        Ok(scores) => {
            print!("{scores}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}

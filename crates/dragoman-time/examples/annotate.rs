//! Prints the time expressions of a text, one per line (id, byte
//! offset, text, kind, value, modifier), for a quick look.
//!
//! Usage: `annotate [--published YYYY-MM-DD] [FILE]`; without FILE the text
//! is read from standard input.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut published = None;
    let mut path = None;
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        if argument == "--published" {
            match arguments.next().map(|date| date.parse()) {
                Some(Ok(date)) => published = Some(date),
                _ => {
                    eprintln!("--published takes a date such as 2026-03-03");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            path = Some(argument);
        }
    }
    let mut text = String::new();
    let read = match &path {
        Some(path) => std::fs::read_to_string(path).map(|contents| text = contents),
        None => std::io::stdin().read_to_string(&mut text).map(drop),
    };
    if let Err(error) = read {
        eprintln!(
            "cannot read {}: {error}",
            path.as_deref().unwrap_or("standard input")
        );
        return ExitCode::FAILURE;
    }
    let segmentation = dragoman_text::segment(&text);
    for expression in dragoman_time::recognize(&text, &segmentation, published) {
        println!(
            "{}\t{}\t{:?}\t{:?}\t{}\t{}",
            expression.id,
            expression.span.start,
            expression.span.text,
            expression.kind,
            expression.value.as_deref().unwrap_or("-"),
            expression
                .modifier
                .map_or_else(String::new, |modifier| format!("{modifier:?}"))
        );
    }
    ExitCode::SUCCESS
}

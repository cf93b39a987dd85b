//! `dragoman demo`: the built-in example articles, written for this project
//! in the style of wire copy (the people, outlets and quotes are invented).

use std::process::ExitCode;

use dragoman_ingest::{InputFormat, ReadOptions};
use dragoman_pipeline::{AnalyzeOptions, Pipeline};

use crate::analyze::Batch;
use crate::output::OutputSettings;
use crate::{DemoArgs, Format, OutputArgs};

/// Each article as a plain-text file with a metadata header.
pub(crate) const ARTICLES: [(&str, &str); 3] = [
    (
        "demo/withdrawal.txt",
        include_str!("../demo/withdrawal.txt"),
    ),
    ("demo/ceasefire.txt", include_str!("../demo/ceasefire.txt")),
    ("demo/sanctions.txt", include_str!("../demo/sanctions.txt")),
];

pub(crate) fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    // The demo is for reading: the report, unless a format is asked for.
    let output = OutputArgs {
        format: Some(args.output.format.unwrap_or(Format::Text)),
        ..args.output
    };
    let settings = OutputSettings::from_args(&output)?;
    let pipeline = Pipeline::shipped()?;
    let options = AnalyzeOptions::default();
    let mut batch = Batch::new(&pipeline, &options, settings);
    batch.run(articles())?;
    Ok(batch.exit_code())
}

/// The demo articles as a reader returns them.
pub(crate) fn articles() -> Vec<dragoman_ingest::Item> {
    let options = ReadOptions {
        format: InputFormat::Text,
        ..ReadOptions::default()
    };
    ARTICLES
        .iter()
        .flat_map(|(name, text)| dragoman_ingest::read_bytes(name, text.as_bytes(), &options))
        .collect()
}

//! `dragoman`: reads news articles and prints who did what to whom, where,
//! when, and who said so, as evidence-linked records.
//!
//! This binary is the edge of the system: it parses arguments into validated
//! settings, reads inputs, loads the shipped resources, runs the pipeline over
//! documents in parallel, and writes results in input order. Errors about one
//! input go to stderr and never stop the others.

mod analyze;
mod bench;
mod demo;
mod eval;
mod lexicon;
mod output;
mod report;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "dragoman",
    version,
    about = "Reads news and prints who did what to whom, where, when, and who said so.",
    after_help = "Examples:
  dragoman demo                              analyse the built-in example articles
  dragoman analyze article.txt               a readable report on a terminal, JSON in a pipe
  dragoman analyze --format jsonl feeds/     every article under a directory, one JSON line each
  curl -s URL | dragoman analyze - --published 2026-03-02 --pretty
  dragoman bench                             throughput of segmentation and the whole pipeline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse articles: text, HTML, JSON lines, RSS/Atom feeds, WARC files, directories, or `-` for stdin.
    #[command(after_help = "Examples:
  dragoman analyze story.txt
  dragoman analyze --format json --pretty page.html
  dragoman analyze --input-format jsonl --format jsonl - < articles.jsonl
  dragoman analyze --published 2026-03-02 wire/

Exit status: 0 when every input was analysed, 1 when some failed (each is
reported on stderr and the others are still analysed), 2 for a usage error.")]
    Analyze(AnalyzeArgs),
    /// Analyse the built-in example articles and print the report.
    Demo(DemoArgs),
    /// Measure documents/s and tokens/s of segmentation and of the whole pipeline.
    Bench(bench::BenchArgs),
    /// Score a stage against gold data (precision, recall, F1, accuracy).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train a model from gold data and write its file.
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Rebuild the shipped gazetteer index from its sources.
    #[command(subcommand)]
    Gazetteer(lexicon::GazetteerCommand),
    /// Rebuild the shipped lexicon tables from their sources.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
    /// Print the JSON Schema of the output documents.
    Schema,
}

#[derive(Args, Debug)]
struct AnalyzeArgs {
    /// Files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    /// The kind of input; `auto` tells it from the content.
    #[arg(long, default_value = "auto", value_name = "FORMAT", value_parser = parse_input_format)]
    input_format: dragoman_ingest::InputFormat,
    /// The publication date (YYYY-MM-DD) that anchors relative dates; overrides the input's own.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = dragoman_ingest::DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    parser: ParserChoiceArgs,
}

/// The choice between the shipped parsers, for every command that runs the
/// whole pipeline.
#[derive(Args, Clone, Copy, Debug)]
pub(crate) struct ParserChoiceArgs {
    /// Parse with the beam-search parser: more accurate (EWT test LAS +1.0),
    /// about a third of the greedy pipeline's speed.
    #[arg(long)]
    accurate: bool,
}

impl ParserChoiceArgs {
    /// How reports name the parser chosen.
    pub(crate) fn name(self) -> &'static str {
        if self.accurate {
            "beam-search"
        } else {
            "greedy"
        }
    }

    pub(crate) fn pipeline(
        self,
    ) -> Result<dragoman_pipeline::Pipeline, dragoman_pipeline::LoadError> {
        dragoman_pipeline::Pipeline::shipped_with(if self.accurate {
            dragoman_pipeline::ParserChoice::Beam
        } else {
            dragoman_pipeline::ParserChoice::Greedy
        })
    }
}

#[derive(Args, Debug)]
struct DemoArgs {
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug, Clone)]
struct OutputArgs {
    /// Output format (default: `text` on a terminal, `json` otherwise).
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,
    /// Indent JSON output.
    #[arg(long)]
    pretty: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON document per input article.
    Json,
    /// One JSON document per line.
    Jsonl,
    /// A readable report.
    Text,
}

fn parse_input_format(value: &str) -> Result<dragoman_ingest::InputFormat, String> {
    value.parse()
}

fn parse_date(value: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|error| format!("expected a date as YYYY-MM-DD: {error}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Eval(command) => eval::run(command),
        Command::Train(command) => train::run(command),
        Command::Gazetteer(command) => lexicon::run_gazetteer(command),
        Command::Lexicon(command) => lexicon::run(command),
        Command::Schema => output::print_schema(),
    };
    match outcome {
        Ok(status) => status,
        Err(error) => {
            eprintln!("error: {error:#}");
            if error.is::<output::UsageError>() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

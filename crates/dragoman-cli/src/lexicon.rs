//! `dragoman lexicon build`: regenerate the shipped place table from GeoNames.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub(crate) enum LexiconCommand {
    /// Compile countries, admin regions and cities from a GeoNames data
    /// directory into the compact table that ships in the binary.
    Build(BuildArgs),
}

#[derive(Args, Debug)]
pub(crate) struct BuildArgs {
    /// The geo data directory (GeoNames extracts).
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
    /// Where to write the table (the shipped one is
    /// crates/dragoman-lexicon/data/places.tsv).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub(crate) fn run(command: LexiconCommand) -> anyhow::Result<ExitCode> {
    match command {
        LexiconCommand::Build(args) => {
            let table = dragoman_lexicon::build_place_table(&args.from).with_context(|| {
                format!("building the place table from {}", args.from.display())
            })?;
            std::fs::write(&args.out, &table)
                .with_context(|| format!("writing {}", args.out.display()))?;
            eprintln!(
                "wrote {} ({} rows, {:.2} MB)",
                args.out.display(),
                table
                    .lines()
                    .filter(|line| !line.starts_with('#'))
                    .count()
                    .saturating_sub(1),
                table.len() as f64 / 1e6
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

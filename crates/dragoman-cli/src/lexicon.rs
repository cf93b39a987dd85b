//! `dragoman lexicon build` and `dragoman gazetteer build`: regenerate the
//! shipped place tables from their sources.

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

#[derive(Subcommand, Debug)]
pub(crate) enum GazetteerCommand {
    /// Compile GeoNames, OurAirports, ISO 3166-2 and Natural Earth data into
    /// the gazetteer index the geoparser ships.
    Build(GazetteerBuildArgs),
    /// List every sense the shipped gazetteer has for a name, most populous first.
    Lookup(GazetteerLookupArgs),
}

#[derive(Args, Debug)]
pub(crate) struct GazetteerLookupArgs {
    /// The place names to look up ("Ain al-Asad", "Arbil").
    #[arg(required = true)]
    names: Vec<String>,
}

#[derive(Args, Debug)]
pub(crate) struct GazetteerBuildArgs {
    /// The geo data directory.
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
    /// Where to write the index (the shipped one is crates/dragoman-geo/data/gazetteer.bin).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub(crate) fn run_gazetteer(command: GazetteerCommand) -> anyhow::Result<ExitCode> {
    match command {
        GazetteerCommand::Build(args) => {
            let bytes = dragoman_geo::build_gazetteer(&args.from)
                .with_context(|| format!("building the gazetteer from {}", args.from.display()))?;
            std::fs::write(&args.out, &bytes)
                .with_context(|| format!("writing {}", args.out.display()))?;
            let gazetteer = dragoman_geo::Gazetteer::from_bytes(&bytes)
                .context("reading back the new gazetteer")?;
            eprintln!(
                "wrote {} ({} entries under {} names, {:.1} MB)",
                args.out.display(),
                gazetteer.len(),
                gazetteer.key_count(),
                bytes.len() as f64 / 1e6
            );
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Lookup(args) => {
            let gazetteer = dragoman_geo::Gazetteer::shipped()?;
            let mut found_all = true;
            for name in &args.names {
                let mut senses = gazetteer.lookup(name);
                senses.sort_by_key(|sense| std::cmp::Reverse(sense.population));
                println!("{name}: {} senses", senses.len());
                found_all &= !senses.is_empty();
                for sense in senses {
                    let admin1 = sense
                        .admin1
                        .and_then(|index| gazetteer.entry(index))
                        .map(|region| region.name)
                        .unwrap_or_default();
                    println!(
                        "  {}\t{}\t{:?}\t{:.4},{:.4}\t{}\t{}\tpop {}",
                        sense.id,
                        sense.name,
                        sense.feature,
                        sense.latitude,
                        sense.longitude,
                        sense.country.unwrap_or_default(),
                        admin1,
                        sense.population
                    );
                }
            }
            Ok(if found_all {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

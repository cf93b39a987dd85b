//! Trains and evaluates the tagger and parser from a UD treebank folder,
//! printing dev scores after each epoch.
//!
//! ```text
//! cargo run --release -p dragoman-nlp --example train -- tagger DIR OUT [EPOCHS] [PRUNE]
//! cargo run --release -p dragoman-nlp --example train -- parser DIR TAGGER OUT [EPOCHS] [PRUNE]
//! cargo run --release -p dragoman-nlp --example train -- eval FILE.conllu TAGGER [PARSER]
//! ```
//! DIR holds `*-train.conllu` and `*-dev.conllu`. A thin driver over the
//! library until the command line offers the same.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use dragoman_nlp::{EpochReport, Parser, Tagger, TrainOptions};

fn main() -> Result<()> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let report = |report: &EpochReport| {
        eprintln!(
            "epoch {:>2}  {}  ({:.1} s)",
            report.epoch, report.dev, report.seconds
        );
    };
    match arguments
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["tagger", dir, out, rest @ ..] => {
            let options = options(rest)?;
            let bytes = dragoman_nlp::train_tagger(
                &read_split(dir, "train")?,
                &read_split(dir, "dev")?,
                &options,
                &mut { report },
            )?;
            std::fs::write(out, bytes).with_context(|| format!("writing {out}"))?;
        }
        ["parser", dir, tagger, out, rest @ ..] => {
            let options = options(rest)?;
            let tagger = Tagger::from_bytes(&std::fs::read(tagger)?)?;
            let bytes = dragoman_nlp::train_parser(
                &read_split(dir, "train")?,
                &read_split(dir, "dev")?,
                &tagger,
                &options,
                &mut { report },
            )?;
            std::fs::write(out, bytes).with_context(|| format!("writing {out}"))?;
        }
        ["eval", file, tagger, rest @ ..] => {
            let started = std::time::Instant::now();
            let tagger = Tagger::from_bytes(&std::fs::read(tagger)?)?;
            let parser = match rest.first() {
                Some(path) => Some(Parser::from_bytes(&std::fs::read(path)?)?),
                None => None,
            };
            eprintln!(
                "models loaded in {:.1} ms",
                started.elapsed().as_secs_f64() * 1e3
            );
            let text = std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?;
            println!(
                "{file}: {}",
                dragoman_nlp::evaluate(&text, &tagger, parser.as_ref())?
            );
        }
        _ => bail!("usage: see the comment atop examples/train.rs"),
    }
    Ok(())
}

fn options(rest: &[&str]) -> Result<TrainOptions> {
    let mut options = TrainOptions::default();
    if let Some(epochs) = rest.first() {
        options.epochs = epochs.parse()?;
    }
    if let Some(prune) = rest.get(1) {
        options.prune_below = prune.parse()?;
    }
    Ok(options)
}

/// Reads the one `*-{split}.conllu` file in `dir`.
fn read_split(dir: &str, split: &str) -> Result<String> {
    let suffix = format!("-{split}.conllu");
    let path: PathBuf = std::fs::read_dir(Path::new(dir))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.to_string_lossy().ends_with(&suffix))
        .with_context(|| format!("no *{suffix} in {dir}"))?;
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

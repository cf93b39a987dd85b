//! `dragoman eval …`: score a stage against gold data and print the figures.
//!
//! Gold data is read from the paths given; nothing here is bundled with the
//! binary. Each command prints precision, recall and F1 (or accuracy) and the
//! time taken, so a results file can quote the command and its output.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub(crate) enum EvalCommand {
    /// Token and sentence segmentation against a CoNLL-U treebank (UD EWT, GUM).
    Segmentation(SegmentationArgs),
}

#[derive(Args, Debug)]
pub(crate) struct SegmentationArgs {
    /// A `.conllu` file, or a treebank directory whose `*-dev.conllu` and
    /// `*-test.conllu` files are scored in turn.
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// Score only documents whose id starts with this (e.g. `GUM_news_`).
    #[arg(long, value_name = "PREFIX")]
    documents: Option<String>,
}

pub(crate) fn run(command: EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Segmentation(args) => segmentation(&args),
    }
}

fn segmentation(args: &SegmentationArgs) -> anyhow::Result<ExitCode> {
    for file in treebank_files(&args.data, &["dev", "test"], "conllu")? {
        let conllu = read(&file)?;
        let started = Instant::now();
        let prefix = args.documents.as_deref().unwrap_or("");
        let scores =
            dragoman_text::evaluate_documents_on_conllu(&conllu, |id| id.starts_with(prefix))
                .with_context(|| format!("reading {}", file.display()))?;
        println!("== {}", file.display());
        print!("{scores}");
        println!("time        {:.2} s", started.elapsed().as_secs_f64());
    }
    Ok(ExitCode::SUCCESS)
}

/// `path` itself when it is a file, else the files of `path` named
/// `*-{split}.{extension}`, for each split, in that order.
pub(crate) fn treebank_files(
    path: &Path,
    splits: &[&str],
    extension: &str,
) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("reading the directory {}", path.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    names.sort();
    let found: Vec<PathBuf> = splits
        .iter()
        .filter_map(|split| {
            let suffix = format!("-{split}.{extension}");
            names
                .iter()
                .find(|name| name.to_string_lossy().ends_with(&suffix))
                .cloned()
        })
        .collect();
    if found.is_empty() {
        bail!(
            "{} holds no file named *-{{{}}}.{extension}",
            path.display(),
            splits.join(",")
        );
    }
    Ok(found)
}

pub(crate) fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

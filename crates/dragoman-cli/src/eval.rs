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
    /// Quotation attribution against PolNeAR (brat source/cue/content relations).
    Quotes(QuotesArgs),
    /// Time expressions and their normalised values against MEANTIME (TIMEX3).
    Time(TimeArgs),
    /// The entity recogniser: PER/ORG/LOC precision, recall and F1, exact spans.
    Ner(NerArgs),
    /// The tagger and lemmatiser: UPOS, XPOS and lemma accuracy on gold words.
    Tagger(SyntaxArgs),
    /// Tagger and parser together: the parser is fed predicted tags; UAS and LAS over all words.
    Parser(SyntaxArgs),
    /// Toponym detection and geocoding of the whole pipeline against
    /// GeoWebNews and, optionally, GeoVirus.
    Geo(GeoArgs),
}

#[derive(Args, Debug)]
pub(crate) struct GeoArgs {
    /// The GeoWebNews directory (`GWN.xml` and `Geocoding/gwn_full.txt`).
    #[arg(long, value_name = "DIR", required_unless_present = "geovirus")]
    gwn: Option<PathBuf>,
    /// A GeoVirus file (`GeoVirus.xml`: Wikinews articles, Wikipedia points).
    #[arg(long, value_name = "FILE")]
    geovirus: Option<PathBuf>,
    /// Also list every undetected, spurious and misplaced toponym.
    #[arg(long)]
    errors: bool,
    #[command(flatten)]
    parser: crate::ParserChoiceArgs,
}

#[derive(Args, Debug)]
pub(crate) struct SyntaxArgs {
    /// A `.conllu` file, or a treebank directory whose `*-dev.conllu` and
    /// `*-test.conllu` files are scored in turn.
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// A tagger model to score instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    tagger: Option<PathBuf>,
    /// A parser model to score instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    parser: Option<PathBuf>,
    /// Decode with a beam of this width instead of the model's own (1 is
    /// greedy).
    #[arg(long, value_name = "N")]
    beam: Option<usize>,
    /// Score the shipped beam-search parser instead of the greedy one.
    #[arg(long, conflicts_with = "parser")]
    accurate: bool,
    /// Also list the most frequent UPOS confusions (gold -> predicted) with
    /// the words most often behind them.
    #[arg(long)]
    errors: bool,
}

#[derive(Args, Debug)]
pub(crate) struct NerArgs {
    /// A Universal NER `.iob2` file, or a directory whose `*-dev.iob2` and
    /// `*-test.iob2` files are scored in turn.
    #[arg(long, value_name = "PATH", required_unless_present = "gum")]
    data: Option<PathBuf>,
    /// A GUM CoNLL-U file: its person, organization and place mentions headed
    /// by a proper noun are scored as PER, ORG and LOC.
    #[arg(long, value_name = "FILE")]
    gum: Option<PathBuf>,
    /// A model file to score instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct TimeArgs {
    /// The MEANTIME annotation directory (its topic folders hold the articles).
    #[arg(long, value_name = "DIR")]
    meantime: PathBuf,
    /// Also list every missed, spurious and wrongly valued expression.
    #[arg(long)]
    errors: bool,
}

#[derive(Args, Debug)]
pub(crate) struct QuotesArgs {
    /// The PolNeAR directory (holding `data/<split>/text` and `data/<split>/attributions`).
    #[arg(long, value_name = "DIR")]
    polnear: PathBuf,
    /// Which split to score.
    #[arg(long, default_value = "dev", value_name = "SPLIT")]
    split: String,
    /// Also list every found quotation whose speaker is wrong or missing.
    #[arg(long)]
    errors: bool,
    #[command(flatten)]
    parser: crate::ParserChoiceArgs,
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
        EvalCommand::Quotes(args) => quotes(&args),
        EvalCommand::Time(args) => time(&args),
        EvalCommand::Ner(args) => ner(&args),
        EvalCommand::Tagger(args) => syntax(&args, false),
        EvalCommand::Parser(args) => syntax(&args, true),
        EvalCommand::Geo(args) => geo(&args),
    }
}

fn quotes(args: &QuotesArgs) -> anyhow::Result<ExitCode> {
    let split = [
        args.polnear.join("data").join(&args.split),
        args.polnear.join(&args.split),
    ]
    .into_iter()
    .find(|candidate| candidate.join("text").is_dir())
    .with_context(|| {
        format!(
            "{} has no data/{}/text directory",
            args.polnear.display(),
            args.split
        )
    })?;
    let mut annotations: Vec<PathBuf> = std::fs::read_dir(split.join("attributions"))
        .with_context(|| format!("reading {}", split.join("attributions").display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    annotations.sort();
    let mut texts: Vec<PathBuf> = std::fs::read_dir(split.join("text"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    texts.sort();
    let pipeline = args.parser.pipeline()?;
    let started = Instant::now();
    let mut scores = dragoman_pipeline::QuoteScores::default();
    let mut skipped = 0;
    for text_path in &texts {
        let stem = text_path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // Doubly annotated articles keep the first annotator's file, in name order.
        let Some(annotation_path) = annotations.iter().find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(&format!("{stem}_")))
        }) else {
            skipped += 1;
            continue;
        };
        let text = read(text_path)?;
        let gold = dragoman_pipeline::parse_brat_attributions(&text, &read(annotation_path)?)
            .map_err(|problem| anyhow::anyhow!("{}: {problem}", annotation_path.display()))?;
        let article = dragoman_model::Article {
            text,
            published: publication_date_in_name(&stem),
            origin: dragoman_model::Origin::file(text_path.display().to_string()),
            ..dragoman_model::Article::default()
        };
        let document = pipeline.analyze(&article, &dragoman_pipeline::AnalyzeOptions::default());
        scores.add(&document, &gold);
    }
    println!(
        "== {} ({} articles without annotations skipped)",
        split.display(),
        skipped
    );
    print!("{scores}");
    println!("time {:.2} s", started.elapsed().as_secs_f64());
    if args.errors {
        for miss in &scores.speaker_misses {
            println!("{miss}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How many UPOS confusions `--errors` lists per file.
const CONFUSIONS_LISTED: usize = 20;

fn syntax(args: &SyntaxArgs, parse: bool) -> anyhow::Result<ExitCode> {
    let load = |path: &Option<PathBuf>| -> anyhow::Result<Option<Vec<u8>>> {
        path.as_ref()
            .map(|path| std::fs::read(path).with_context(|| format!("reading {}", path.display())))
            .transpose()
    };
    let tagger = match load(&args.tagger)? {
        Some(bytes) => dragoman_nlp::Tagger::from_bytes(&bytes)?,
        None => dragoman_nlp::Tagger::shipped()?,
    };
    let parser = match (parse, load(&args.parser)?) {
        (false, _) => None,
        (true, Some(bytes)) => Some(dragoman_nlp::Parser::from_bytes(&bytes)?),
        (true, None) if args.accurate => Some(dragoman_nlp::Parser::shipped_beam()?),
        (true, None) => Some(dragoman_nlp::Parser::shipped()?),
    };
    let parser = match (parser, args.beam) {
        (Some(parser), Some(width)) => Some(parser.with_beam(width)?),
        (parser, _) => parser,
    };
    for file in treebank_files(&args.data, &["dev", "test"], "conllu")? {
        let started = Instant::now();
        let evaluation = dragoman_nlp::evaluate(&read(&file)?, &tagger, parser.as_ref())
            .with_context(|| format!("scoring {}", file.display()))?;
        println!("== {}", file.display());
        println!("{evaluation}");
        println!("time {:.2} s", started.elapsed().as_secs_f64());
        if args.errors {
            println!(
                "UPOS confusions, gold -> predicted, words (the {CONFUSIONS_LISTED} most frequent):"
            );
            for confusion in evaluation.upos_confusions.iter().take(CONFUSIONS_LISTED) {
                println!("{confusion}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn geo(args: &GeoArgs) -> anyhow::Result<ExitCode> {
    let pipeline = args.parser.pipeline()?;
    if let Some(directory) = &args.gwn {
        let articles = dragoman_geo::read_gwn(directory)
            .with_context(|| format!("reading {}", directory.display()))?;
        score_places(&pipeline, directory, &articles, args.errors);
    }
    if let Some(file) = &args.geovirus {
        let articles = dragoman_geo::read_geovirus(file)
            .with_context(|| format!("reading {}", file.display()))?;
        score_places(&pipeline, file, &articles, args.errors);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the whole pipeline over a geoparsing corpus and prints its report.
fn score_places(
    pipeline: &dragoman_pipeline::Pipeline,
    corpus: &Path,
    articles: &[dragoman_geo::GwnArticle],
    errors: bool,
) {
    let started = Instant::now();
    let mut report = dragoman_geo::GeoReport::default();
    for (number, gold) in articles.iter().enumerate() {
        let article = dragoman_model::Article {
            text: gold.text.clone(),
            origin: dragoman_model::Origin::within(
                corpus.display().to_string(),
                format!("article {number}"),
            ),
            ..dragoman_model::Article::default()
        };
        let document = pipeline.analyze(&article, &dragoman_pipeline::AnalyzeOptions::default());
        report.add(&document.places, &gold.toponyms);
    }
    let misaligned: usize = articles.iter().map(|article| article.misaligned).sum();
    println!("== {} (whole pipeline)", corpus.display());
    print!("{report}");
    println!("gold records skipped as misaligned: {misaligned}");
    println!("time {:.2} s", started.elapsed().as_secs_f64());
    if errors {
        for miss in &report.misses {
            println!("{miss}");
        }
    }
}

fn ner(args: &NerArgs) -> anyhow::Result<ExitCode> {
    let recognizer = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            dragoman_ner::Recognizer::from_bytes(&bytes)
                .with_context(|| format!("loading {}", path.display()))?
        }
        None => dragoman_ner::Recognizer::shipped()?,
    };
    if let Some(data) = &args.data {
        for file in treebank_files(data, &["dev", "test"], "iob2")? {
            let started = Instant::now();
            let evaluation = dragoman_ner::evaluate_iob2(&recognizer, &read(&file)?)
                .with_context(|| format!("scoring {}", file.display()))?;
            println!("== {}", file.display());
            print!("{evaluation}");
            println!("time {:.2} s", started.elapsed().as_secs_f64());
        }
    }
    if let Some(gum) = &args.gum {
        let started = Instant::now();
        let evaluation = dragoman_ner::evaluate_gum(&recognizer, &read(gum)?)
            .with_context(|| format!("scoring {}", gum.display()))?;
        println!(
            "== {} (GUM person/organization/place headed by a proper noun)",
            gum.display()
        );
        print!("{evaluation}");
        println!("time {:.2} s", started.elapsed().as_secs_f64());
    }
    Ok(ExitCode::SUCCESS)
}

fn time(args: &TimeArgs) -> anyhow::Result<ExitCode> {
    let report = dragoman_time::evaluate_meantime(&args.meantime)
        .with_context(|| format!("scoring against {}", args.meantime.display()))?;
    println!("== {}", args.meantime.display());
    print!("{report}");
    if args.errors {
        for mismatch in &report.mismatches {
            println!("{mismatch}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// PolNeAR names articles `publisher_YYYY-MM-DD_slug`.
fn publication_date_in_name(stem: &str) -> Option<chrono::NaiveDate> {
    let date = stem.split('_').nth(1)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
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

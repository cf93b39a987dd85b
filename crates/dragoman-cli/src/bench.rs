//! `dragoman bench`: single-thread throughput of segmentation and of the
//! whole pipeline, in documents/s and tokens/s.
//!
//! Both stages run over the same corpus in one process, so their ratio holds
//! even on a noisy machine. Where the kernel reports it, the CPU time the
//! thread itself used is measured too: on a shared machine it moves far less
//! than the wall clock. Every round must reproduce the first round's counts:
//! a fast wrong answer fails instead of looking good.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;
use dragoman_ingest::ReadOptions;
use dragoman_model::Article;
use dragoman_pipeline::AnalyzeOptions;

#[derive(Args, Debug)]
pub(crate) struct BenchArgs {
    /// Articles to measure on (any input `analyze` takes); default: the
    /// built-in demo articles.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Repeat the corpus until it holds at least this many bytes of text.
    #[arg(long, default_value_t = 1_000_000, value_name = "BYTES")]
    min_bytes: usize,
    /// Timed rounds per stage; the median is reported.
    #[arg(long, default_value_t = 5, value_name = "N")]
    rounds: usize,
    #[command(flatten)]
    parser: crate::ParserChoiceArgs,
}

/// What one pass over the corpus found; every round must find the same.
#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
struct Counts {
    documents: usize,
    tokens: usize,
    sentences: usize,
    entities: usize,
    quotes: usize,
}

pub(crate) fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if args.rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    let articles = load_corpus(&args.inputs)?;
    let corpus = repeat_to(&articles, args.min_bytes);
    let bytes: usize = corpus.iter().map(|article| article.text.len()).sum();
    let load_started = Instant::now();
    let pipeline = args.parser.pipeline()?;
    let load_time = load_started.elapsed();
    let options = AnalyzeOptions::default();
    println!(
        "corpus: {} documents, {:.2} MB of text ({} distinct articles); resources loaded in {:.1} ms; {} parser",
        corpus.len(),
        bytes as f64 / 1e6,
        articles.len(),
        load_time.as_secs_f64() * 1e3,
        args.parser.name()
    );

    let segmentation = measure(args.rounds, || {
        let mut counts = Counts::default();
        for article in &corpus {
            let segmented = dragoman_text::segment(&article.text);
            counts.documents += 1;
            counts.tokens += segmented.tokens.len();
            counts.sentences += segmented.sentences.len();
        }
        counts
    })?;
    // Token counts come from segmentation, outside the timed pipeline passes.
    let tokens_per_article: Vec<usize> = corpus
        .iter()
        .map(|article| dragoman_text::segment(&article.text).tokens.len())
        .collect();
    let whole = measure(args.rounds, || {
        let mut counts = Counts::default();
        for (article, tokens) in corpus.iter().zip(&tokens_per_article) {
            let document = pipeline.analyze(article, &options);
            counts.documents += 1;
            counts.tokens += tokens;
            counts.sentences += document.sentences.len();
            counts.entities += document.entities.len();
            counts.quotes += document.quotes.len();
        }
        counts
    })?;
    if whole.counts.sentences != segmentation.counts.sentences {
        bail!("the pipeline reported a different number of sentences than segmentation alone");
    }
    println!(
        "{:<14} {:>12} {:>14} {:>10} {:>12} {:>16}",
        "stage", "documents/s", "tokens/s", "MB/s", "median round", "tokens/CPU-s"
    );
    for (stage, measured) in [("segmentation", &segmentation), ("analyze", &whole)] {
        let seconds = measured.median.as_secs_f64();
        let per_cpu_second = measured.median_cpu.map_or_else(
            || "-".to_owned(),
            |cpu| format!("{:.0}", measured.counts.tokens as f64 / cpu.as_secs_f64()),
        );
        println!(
            "{stage:<14} {:>12.0} {:>14.0} {:>10.2} {:>10.1} ms {per_cpu_second:>16}",
            measured.counts.documents as f64 / seconds,
            measured.counts.tokens as f64 / seconds,
            bytes as f64 / 1e6 / seconds,
            seconds * 1e3
        );
    }
    println!(
        "found per pass: {} tokens, {} sentences, {} entities, {} quotes",
        whole.counts.tokens, whole.counts.sentences, whole.counts.entities, whole.counts.quotes
    );
    println!(
        "analyze costs {:.1}× segmentation alone; single thread",
        whole.median.as_secs_f64() / segmentation.median.as_secs_f64()
    );
    if let Some(peak) = peak_memory_kib() {
        println!("peak resident memory: {:.1} MB", peak as f64 / 1024.0);
    }
    Ok(ExitCode::SUCCESS)
}

struct Measured {
    counts: Counts,
    median: Duration,
    /// Median CPU time of the measuring thread, where the kernel reports it.
    median_cpu: Option<Duration>,
}

/// Runs `pass` once to warm up and `rounds` times timed, checking that every
/// round finds exactly what the warm-up found.
fn measure(rounds: usize, mut pass: impl FnMut() -> Counts) -> anyhow::Result<Measured> {
    let expected = pass();
    if expected.tokens == 0 {
        bail!("the corpus has no tokens: nothing to measure");
    }
    let mut times = Vec::with_capacity(rounds);
    let mut cpu_times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let cpu_started = thread_cpu_time();
        let started = Instant::now();
        let counts = pass();
        times.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu_started, thread_cpu_time()) {
            cpu_times.push(after.saturating_sub(before));
        }
        if counts != expected {
            bail!(
                "round {round} found {counts:?}, the warm-up found {expected:?}: the output is not deterministic"
            );
        }
    }
    times.sort();
    cpu_times.sort();
    Ok(Measured {
        counts: expected,
        median: times[times.len() / 2],
        median_cpu: (cpu_times.len() == rounds).then(|| cpu_times[rounds / 2]),
    })
}

/// The CPU time the calling thread has used, from the kernel's scheduler
/// statistics (Linux: the first field of `schedstat`, in nanoseconds).
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanoseconds))
}

fn load_corpus(inputs: &[PathBuf]) -> anyhow::Result<Vec<Article>> {
    let items = if inputs.is_empty() {
        crate::demo::articles()
    } else {
        let options = ReadOptions::default();
        inputs
            .iter()
            .flat_map(|input| dragoman_ingest::read_path(input, &options))
            .collect()
    };
    let mut articles = Vec::new();
    for item in items {
        match item {
            Ok(article) => articles.push(article),
            Err(error) => eprintln!("warning: left out of the corpus: {error}"),
        }
    }
    if articles.is_empty() {
        bail!("no article could be read to measure on");
    }
    Ok(articles)
}

fn repeat_to(articles: &[Article], min_bytes: usize) -> Vec<Article> {
    let mut corpus = Vec::new();
    let mut bytes = 0;
    while bytes < min_bytes || corpus.len() < articles.len() {
        let article = &articles[corpus.len() % articles.len()];
        bytes += article.text.len();
        corpus.push(article.clone());
    }
    corpus
}

/// Peak resident set size from the kernel's own accounting, where there is one.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

//! `dragoman analyze`: every input through the pipeline, in order, in parallel.

use std::io::{self, BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use anyhow::Context;
use dragoman_ingest::{Item, ReadOptions};
use dragoman_model::{Article, Document, Severity};
use dragoman_pipeline::{AnalyzeOptions, Pipeline};
use rayon::prelude::*;

use crate::AnalyzeArgs;
use crate::output::{OutputSettings, write_document};

/// Articles analysed together: enough to keep every core busy, few enough
/// that a huge input never sits in memory as finished documents.
const BATCH: usize = 256;

pub(crate) fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let settings = OutputSettings::from_args(&args.output)?;
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("starting the worker threads")?;
    }
    let read_options = ReadOptions {
        format: args.input_format,
        max_bytes: args.max_bytes,
    };
    let options = AnalyzeOptions {
        published: args.published,
    };
    let pipeline = args.parser.pipeline()?;
    let mut batch = Batch::new(&pipeline, &options, settings);
    for input in &args.inputs {
        let items = dragoman_ingest::read_path(input, &read_options);
        if !batch.run(items)? {
            break;
        }
    }
    Ok(batch.exit_code())
}

/// Runs items through the pipeline and writes them out, counting failures.
pub(crate) struct Batch<'a> {
    pipeline: &'a Pipeline,
    options: &'a AnalyzeOptions,
    settings: OutputSettings,
    out: BufWriter<io::StdoutLock<'static>>,
    failures: usize,
}

impl<'a> Batch<'a> {
    pub(crate) fn new(
        pipeline: &'a Pipeline,
        options: &'a AnalyzeOptions,
        settings: OutputSettings,
    ) -> Self {
        Batch {
            pipeline,
            options,
            settings,
            out: BufWriter::new(io::stdout().lock()),
            failures: 0,
        }
    }

    /// Analyses and writes `items` in order. Returns `Ok(false)` when the
    /// reader of our output has gone away (a closed pipe), so the caller can
    /// stop without an error.
    pub(crate) fn run(&mut self, items: Vec<Item>) -> anyhow::Result<bool> {
        for chunk in items.chunks(BATCH) {
            let results: Vec<Result<Document, String>> = chunk
                .par_iter()
                .map(|item| match item {
                    Ok(article) => analyze_guarded(self.pipeline, article, self.options),
                    Err(error) => Err(error.to_string()),
                })
                .collect();
            for result in results {
                match result {
                    Ok(document) => {
                        report_diagnostics(&document);
                        match write_document(&mut self.out, &document, self.settings) {
                            Ok(()) => {}
                            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                                return Ok(false);
                            }
                            Err(error) => return Err(error).context("writing the output"),
                        }
                    }
                    Err(message) => {
                        self.failures += 1;
                        eprintln!("error: {message}");
                    }
                }
            }
        }
        match self.out.flush() {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(false),
            flushed => flushed.context("writing the output").map(|()| true),
        }
    }

    pub(crate) fn exit_code(&self) -> ExitCode {
        if self.failures == 0 {
            ExitCode::SUCCESS
        } else {
            eprintln!("{} input(s) could not be analysed", self.failures);
            ExitCode::from(1)
        }
    }
}

/// A bug that panics on one article must not take the batch down with it.
fn analyze_guarded(
    pipeline: &Pipeline,
    article: &Article,
    options: &AnalyzeOptions,
) -> Result<Document, String> {
    catch_unwind(AssertUnwindSafe(|| pipeline.analyze(article, options))).map_err(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown cause");
        format!(
            "{}: internal error while analysing (please report it with this input): {reason}",
            article.origin
        )
    })
}

fn report_diagnostics(document: &Document) {
    for diagnostic in &document.diagnostics {
        let level = match diagnostic.severity {
            Severity::Info => continue,
            Severity::Warning => "warning",
        };
        match diagnostic.offset {
            Some(offset) => eprintln!(
                "{level}: {} (byte {offset}): {}",
                document.origin, diagnostic.message
            ),
            None => eprintln!("{level}: {}: {}", document.origin, diagnostic.message),
        }
    }
}

//! Writing documents in the format the user asked for.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use dragoman_model::Document;

use crate::{Format, OutputArgs, report};

/// The validated output settings: a format and whether to indent JSON.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OutputSettings {
    format: Format,
    pretty: bool,
}

impl OutputSettings {
    pub(crate) fn from_args(args: &OutputArgs) -> anyhow::Result<Self> {
        let format = args.format.unwrap_or(if io::stdout().is_terminal() {
            Format::Text
        } else {
            Format::Json
        });
        if args.pretty && format == Format::Jsonl {
            return Err(UsageError(
                "--pretty cannot be used with --format jsonl: JSON lines are one document per line",
            )
            .into());
        }
        Ok(OutputSettings {
            format,
            pretty: args.pretty,
        })
    }
}

/// A mistake in the command line that clap cannot see; exits with status 2
/// like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub(crate) &'static str);

/// Writes one document. A closed pipe (e.g. `| head`) is reported as an
/// error so the caller can stop quietly.
pub(crate) fn write_document(
    out: &mut impl Write,
    document: &Document,
    settings: OutputSettings,
) -> io::Result<()> {
    match settings.format {
        Format::Json if settings.pretty => {
            serde_json::to_writer_pretty(&mut *out, document)?;
            writeln!(out)
        }
        Format::Json | Format::Jsonl => {
            serde_json::to_writer(&mut *out, document)?;
            writeln!(out)
        }
        Format::Text => report::write_report(out, document),
    }
}

pub(crate) fn print_schema() -> anyhow::Result<ExitCode> {
    let schema = serde_json::to_string_pretty(&dragoman_model::json_schema())
        .context("serialising the schema")?;
    println!("{schema}");
    Ok(ExitCode::SUCCESS)
}

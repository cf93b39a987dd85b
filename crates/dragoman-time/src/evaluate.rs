//! Scores the recogniser against the TIMEX3 gold annotation of MEANTIME,
//! TempEval-3 style: extraction with strict (exact span) and relaxed
//! (overlapping span) matching, and value F1 over relaxed matches whose value
//! equals the gold value.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dragoman_model::TimeExpression;
use dragoman_model::score::{Counts, ratio};
use dragoman_text::Segmentation;

use crate::meantime::{self, GoldToken, MeantimeDocument};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvaluationError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {problem}")]
    Malformed { path: PathBuf, problem: String },
    #[error("no MEANTIME .xml files found under {0}")]
    NoDocuments(PathBuf),
}

/// One disagreement with the gold annotation, for error analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub document: String,
    /// `missed`, `spurious`, `span` (overlap but not exact) or `value`.
    pub kind: &'static str,
    pub gold_text: Option<String>,
    pub gold_value: Option<String>,
    pub predicted_text: Option<String>,
    pub predicted_value: Option<String>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
        write!(
            formatter,
            "{:8} {}: gold {:?} = {} | predicted {:?} = {}",
            self.kind,
            self.document,
            shown(&self.gold_text),
            shown(&self.gold_value),
            shown(&self.predicted_text),
            shown(&self.predicted_value)
        )
    }
}

/// The figures of one evaluation run.
#[derive(Clone, Debug, PartialEq)]
pub struct MeantimeReport {
    pub documents: usize,
    pub strict: Counts,
    pub relaxed: Counts,
    /// Relaxed match and equal value (TempEval-3 value F1).
    pub value: Counts,
    /// Of the relaxed matches, the share with the gold value.
    pub value_accuracy: f64,
    /// Tokens of the whole documents, each recognition pass.
    pub tokens: usize,
    /// Recognition alone, segmentation excluded.
    pub tokens_per_second: f64,
    pub elapsed: Duration,
    pub mismatches: Vec<Mismatch>,
}

impl fmt::Display for MeantimeReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            formatter,
            "MEANTIME time expressions, {} documents",
            self.documents
        )?;
        for (name, counts) in [
            ("extraction strict", self.strict),
            ("extraction relaxed", self.relaxed),
            ("value (relaxed+val)", self.value),
        ] {
            writeln!(
                formatter,
                "{name:<19} P {:.3}  R {:.3}  F1 {:.3}  ({} correct, {} predicted, {} gold)",
                counts.precision(),
                counts.recall(),
                counts.f1(),
                counts.predicted_matched,
                counts.predicted,
                counts.gold
            )?;
        }
        writeln!(
            formatter,
            "value accuracy      {:.3} of relaxed matches",
            self.value_accuracy
        )?;
        writeln!(
            formatter,
            "recognition speed   {:.0} tokens/s ({} tokens per pass)",
            self.tokens_per_second, self.tokens
        )?;
        writeln!(
            formatter,
            "time taken          {:.2} s",
            self.elapsed.as_secs_f64()
        )
    }
}

/// One gold document made ready for scoring.
struct Prepared {
    name: String,
    text: String,
    segmentation: Segmentation,
    creation_time: Option<NaiveDate>,
    gold: Vec<(Range<usize>, String)>,
    /// Only the first sentences of each MEANTIME article are annotated;
    /// predictions past the last annotated sentence are not scored.
    annotated_end: usize,
}

/// Scores [`crate::recognize`] on every `.xml` file under `directory` (the
/// MEANTIME `intra-doc_annotation` folder or one of its topic folders), with
/// each document's creation time as the publication date.
///
/// The text of each document is rebuilt from its gold tokens; gold TIMEX3
/// spans map to the byte spans of their tokens, and the creation time counts
/// when its TIMEX3 is anchored in the text (the dateline).
pub fn evaluate_meantime(directory: &Path) -> Result<MeantimeReport, EvaluationError> {
    let began = Instant::now();
    let mut files = Vec::new();
    collect_xml_files(directory, MAXIMUM_FOLDER_DEPTH, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(EvaluationError::NoDocuments(directory.to_owned()));
    }
    let mut prepared = Vec::with_capacity(files.len());
    for path in &files {
        let xml = std::fs::read_to_string(path).map_err(|source| EvaluationError::Read {
            path: path.clone(),
            source,
        })?;
        let document = meantime::parse(&xml).map_err(|malformed| EvaluationError::Malformed {
            path: path.clone(),
            problem: malformed.to_string(),
        })?;
        let name = path
            .file_stem()
            .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
        prepared.push(prepare(name, &document));
    }

    let mut report = MeantimeReport {
        documents: prepared.len(),
        strict: Counts::default(),
        relaxed: Counts::default(),
        value: Counts::default(),
        value_accuracy: 0.0,
        tokens: 0,
        tokens_per_second: 0.0,
        elapsed: Duration::ZERO,
        mismatches: Vec::new(),
    };
    for document in &prepared {
        let predicted = crate::recognize(
            &document.text,
            &document.segmentation,
            document.creation_time,
        );
        score_document(document, &predicted, &mut report);
        report.tokens += document.segmentation.tokens.len();
    }
    report.value_accuracy = ratio(
        report.value.predicted_matched,
        report.relaxed.predicted_matched,
    );
    report.tokens_per_second = measure_speed(&prepared, report.tokens);
    report.elapsed = began.elapsed();
    Ok(report)
}

/// MEANTIME nests two levels; the bound stops a symbolic-link loop.
const MAXIMUM_FOLDER_DEPTH: usize = 8;

fn collect_xml_files(
    directory: &Path,
    depth_left: usize,
    files: &mut Vec<PathBuf>,
) -> Result<(), EvaluationError> {
    let entries = std::fs::read_dir(directory).map_err(|source| EvaluationError::Read {
        path: directory.to_owned(),
        source,
    })?;
    for entry in entries {
        let path = entry
            .map_err(|source| EvaluationError::Read {
                path: directory.to_owned(),
                source,
            })?
            .path();
        if path.is_dir() {
            if let Some(depth_left) = depth_left.checked_sub(1) {
                collect_xml_files(&path, depth_left, files)?;
            }
        } else if path.extension().is_some_and(|extension| extension == "xml") {
            files.push(path);
        }
    }
    Ok(())
}

fn prepare(name: String, document: &MeantimeDocument) -> Prepared {
    let mut tokens: Vec<&GoldToken> = document.tokens.iter().collect();
    tokens.sort_by_key(|token| token.id);
    let (text, ranges) = rebuild_text(&tokens);
    let range_of = |id: u32| {
        tokens
            .binary_search_by_key(&id, |token| token.id)
            .ok()
            .map(|index| ranges[index].clone())
    };
    let gold = document
        .timexes
        .iter()
        .filter_map(|timex| {
            let ranges: Vec<Range<usize>> =
                timex.tokens.iter().filter_map(|id| range_of(*id)).collect();
            let start = ranges.iter().map(|range| range.start).min()?;
            let end = ranges.iter().map(|range| range.end).max()?;
            Some((start..end, timex.value.clone()))
        })
        .collect();
    let last_sentence = document
        .annotated_tokens
        .iter()
        .filter_map(|id| {
            tokens
                .binary_search_by_key(id, |token| token.id)
                .ok()
                .map(|index| tokens[index].sentence)
        })
        .max();
    let annotated_end = tokens
        .iter()
        .zip(&ranges)
        .filter(|(token, _)| last_sentence.is_some_and(|last| token.sentence <= last))
        .map(|(_, range)| range.end)
        .max()
        .unwrap_or(0);
    let segmentation = dragoman_text::segment(&text);
    Prepared {
        name,
        text,
        segmentation,
        creation_time: document.creation_time,
        gold,
        annotated_end,
    }
}

/// Joins gold tokens into running text the way news is written, with a
/// blank line between sentences (MEANTIME's title and dateline carry no
/// final stop), and returns each token's byte range.
fn rebuild_text(tokens: &[&GoldToken]) -> (String, Vec<Range<usize>>) {
    const ATTACH_LEFT: &[&str] = &[
        ",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "'S", "’s", "n't", "'re", "'ve", "'ll",
        "'d", "'m", "-",
    ];
    const ATTACH_RIGHT: &[&str] = &["(", "[", "$", "-"];
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(tokens.len());
    let mut previous_sentence = None;
    let mut glue_next = true;
    let mut inside_quotes = false;
    for token in tokens {
        let word = token.text.as_str();
        let is_quote = word == "\"";
        if previous_sentence.is_some_and(|sentence| sentence != token.sentence) {
            text.push_str("\n\n");
            inside_quotes = false;
        } else if !(glue_next || ATTACH_LEFT.contains(&word) || is_quote && inside_quotes) {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(word);
        ranges.push(start..text.len());
        glue_next = ATTACH_RIGHT.contains(&word) || (is_quote && !inside_quotes);
        if is_quote {
            inside_quotes = !inside_quotes;
        }
        previous_sentence = Some(token.sentence);
    }
    (text, ranges)
}

fn score_document(document: &Prepared, predicted: &[TimeExpression], report: &mut MeantimeReport) {
    let predicted: Vec<(Range<usize>, Option<&str>, &str)> = predicted
        .iter()
        .filter(|expression| expression.span.start < document.annotated_end)
        .map(|expression| {
            (
                expression.span.range(),
                expression.value.as_deref(),
                expression.span.text.as_str(),
            )
        })
        .collect();
    let gold = &document.gold;
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;

    // Exact spans pair first, then overlaps with the same value, then any
    // overlap, so that a range's end does not steal its neighbour's match.
    let mut gold_match: Vec<Option<usize>> = vec![None; gold.len()];
    let mut predicted_taken = vec![false; predicted.len()];
    let passes: [&dyn Fn(usize, usize) -> bool; 3] = [
        &|g, p| gold[g].0 == predicted[p].0,
        &|g, p| overlaps(&gold[g].0, &predicted[p].0) && predicted[p].1 == Some(&gold[g].1),
        &|g, p| overlaps(&gold[g].0, &predicted[p].0),
    ];
    for pass in passes {
        for (gold_index, matched) in gold_match.iter_mut().enumerate() {
            if matched.is_some() {
                continue;
            }
            if let Some(predicted_index) =
                (0..predicted.len()).find(|p| !predicted_taken[*p] && pass(gold_index, *p))
            {
                *matched = Some(predicted_index);
                predicted_taken[predicted_index] = true;
            }
        }
    }

    let mut scores = (
        Counts::one_to_one(gold.len(), predicted.len(), 0),
        Counts::one_to_one(gold.len(), predicted.len(), 0),
        Counts::one_to_one(gold.len(), predicted.len(), 0),
    );
    let text_of = |range: &Range<usize>| document.text[range.clone()].to_owned();
    for (gold_index, matched) in gold_match.iter().enumerate() {
        let (gold_range, gold_value) = &gold[gold_index];
        let mismatch = |kind, paired: Option<usize>| Mismatch {
            document: document.name.clone(),
            kind,
            gold_text: Some(text_of(gold_range)),
            gold_value: Some(gold_value.clone()),
            predicted_text: paired.map(|p| predicted[p].2.to_owned()),
            predicted_value: paired.and_then(|p| predicted[p].1.map(str::to_owned)),
        };
        let Some(predicted_index) = *matched else {
            report.mismatches.push(mismatch("missed", None));
            continue;
        };
        scores.1.add_match();
        let exact = predicted[predicted_index].0 == *gold_range;
        if exact {
            scores.0.add_match();
        }
        let same_value = predicted[predicted_index].1 == Some(gold_value.as_str());
        if same_value {
            scores.2.add_match();
        }
        if !same_value {
            report
                .mismatches
                .push(mismatch("value", Some(predicted_index)));
        } else if !exact {
            report
                .mismatches
                .push(mismatch("span", Some(predicted_index)));
        }
    }
    for (index, taken) in predicted_taken.iter().enumerate() {
        if !taken {
            report.mismatches.push(Mismatch {
                document: document.name.clone(),
                kind: "spurious",
                gold_text: None,
                gold_value: None,
                predicted_text: Some(predicted[index].2.to_owned()),
                predicted_value: predicted[index].1.map(str::to_owned),
            });
        }
    }
    report.strict += scores.0;
    report.relaxed += scores.1;
    report.value += scores.2;
}

/// Recognition throughput over the whole documents, repeated until the
/// measurement spans at least a quarter of a second.
fn measure_speed(prepared: &[Prepared], tokens_per_pass: usize) -> f64 {
    let began = Instant::now();
    let mut passes = 0usize;
    let mut found = 0usize;
    while passes == 0 || began.elapsed() < Duration::from_millis(250) {
        for document in prepared {
            found += crate::recognize(
                &document.text,
                &document.segmentation,
                document.creation_time,
            )
            .len();
        }
        passes += 1;
    }
    let seconds = began.elapsed().as_secs_f64();
    // Keeps the work observable so that it cannot be optimised away.
    std::hint::black_box(found);
    (tokens_per_pass * passes) as f64 / seconds.max(f64::EPSILON)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(id: u32, sentence: u32, text: &str) -> GoldToken {
        GoldToken {
            id,
            sentence,
            text: text.to_owned(),
        }
    }

    #[test]
    fn rebuilt_text_reads_like_news_and_keeps_token_ranges() {
        let tokens = [
            token(1, 0, "Rovers"),
            token(2, 0, "win"),
            token(3, 1, "He"),
            token(4, 1, "said"),
            token(5, 1, "\""),
            token(6, 1, "yes"),
            token(7, 1, "\""),
            token(8, 1, "on"),
            token(9, 1, "mid"),
            token(10, 1, "-"),
            token(11, 1, "March"),
            token(12, 1, "'s"),
            token(13, 1, "eve"),
            token(14, 1, "."),
        ];
        let references: Vec<&GoldToken> = tokens.iter().collect();
        let (text, ranges) = rebuild_text(&references);
        assert_eq!(text, "Rovers win\n\nHe said \"yes\" on mid-March's eve.");
        for (token, range) in tokens.iter().zip(&ranges) {
            assert_eq!(&text[range.clone()], token.text);
        }
    }

    /// An invented article in the MEANTIME layout: a title with a bogus
    /// gold expression (a miss), the dateline (the creation time), one
    /// annotated sentence, and one sentence past the annotated part.
    const ARTICLE: &str = r#"<Document doc_id="1">
<token t_id="1" sentence="0">Rovers</token><token t_id="2" sentence="0">win</token>
<token t_id="3" sentence="1">March</token><token t_id="4" sentence="1">2</token>
<token t_id="5" sentence="1">,</token><token t_id="6" sentence="1">2026</token>
<token t_id="7" sentence="2">Talks</token><token t_id="8" sentence="2">ended</token>
<token t_id="9" sentence="2">yesterday</token><token t_id="10" sentence="2">.</token>
<token t_id="11" sentence="3">They</token><token t_id="12" sentence="3">resume</token>
<token t_id="13" sentence="3">Friday</token><token t_id="14" sentence="3">.</token>
<TIMEX3 functionInDocument="CREATION_TIME" type="DATE" value="2026-03-02">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 type="DATE" value="2026-03-01"><token_anchor t_id="9"/></TIMEX3>
<TIMEX3 type="DATE" value="XXXX"><token_anchor t_id="1"/></TIMEX3>
</Document>"#;

    #[test]
    fn scores_an_article_within_its_annotated_part() {
        let directory =
            std::env::temp_dir().join(format!("dragoman-time-evaluation-{}", std::process::id()));
        std::fs::create_dir_all(&directory).expect("temporary directory");
        std::fs::write(directory.join("article.xml"), ARTICLE).expect("write article");
        let report = evaluate_meantime(&directory);
        std::fs::remove_dir_all(&directory).expect("clean up");
        let report = report.expect("evaluation runs");
        let expected = Counts::one_to_one(3, 2, 2);
        assert_eq!(
            (report.strict, report.relaxed, report.value),
            (expected, expected, expected)
        );
        assert_eq!(report.mismatches.len(), 1);
        assert_eq!(report.mismatches[0].kind, "missed");
        assert_eq!(report.tokens, 14);
        assert!(report.to_string().contains("F1 0.800"));
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let error = evaluate_meantime(Path::new("no such directory")).unwrap_err();
        assert!(matches!(error, EvaluationError::Read { .. }));
    }
}

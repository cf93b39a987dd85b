//! Scores quotation attribution against PolNeAR (brat standoff: `text/*.txt`
//! beside `attributions/*.ann`, character offsets):
//! `cargo run --release -p dragoman-extract --example evaluate_polnear -- DIR`
//! where DIR holds `text/` and `attributions/` (the dev split).
//!
//! A predicted quotation matches a gold attribution when their cues overlap.
//! Cue precision and recall count those matches; content is right when the
//! spans overlap; the speaker is right when a mention of the predicted entity
//! overlaps the gold source span. PolNeAR also annotates beliefs and
//! intentions without speech, so recall is bounded well below 1.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use dragoman_extract::{baseline_mentions, extract};
use dragoman_lexicon::Lexicon;

#[derive(Default)]
struct Relation {
    cue: Vec<Range<usize>>,
    content: Vec<Range<usize>>,
    source: Vec<Range<usize>>,
}

#[derive(Default)]
struct Totals {
    gold: usize,
    predicted: usize,
    predicted_matched: usize,
    gold_matched: usize,
    content_right: usize,
    with_speaker: usize,
    speaker_right: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        return Err("usage: evaluate_polnear DIR (holding text/ and attributions/)".into());
    };
    let lexicon = Lexicon::embedded()?;
    let mut totals = Totals::default();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir.join("text"))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    names.sort();
    for text_path in names {
        let Some(annotations) = annotation_path(&dir, &text_path) else {
            continue;
        };
        let text = std::fs::read_to_string(&text_path)?;
        let gold = read_relations(&std::fs::read_to_string(annotations)?, &text);
        score(&text, &gold, &lexicon, &mut totals);
    }
    let ratio = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
    let precision = ratio(totals.predicted_matched, totals.predicted);
    let recall = ratio(totals.gold_matched, totals.gold);
    println!(
        "gold attributions {}, predicted quotations with a cue {}",
        totals.gold, totals.predicted
    );
    println!(
        "cue: precision {:.3} recall {:.3} F1 {:.3}",
        precision,
        recall,
        2.0 * precision * recall / (precision + recall).max(f64::EPSILON)
    );
    println!(
        "content overlaps gold, of matched: {:.3}",
        ratio(totals.content_right, totals.predicted_matched)
    );
    println!(
        "speaker given, of matched: {:.3}; speaker right, of those given: {:.3}",
        ratio(totals.with_speaker, totals.predicted_matched),
        ratio(totals.speaker_right, totals.with_speaker)
    );
    Ok(())
}

/// `text/NAME.txt` is annotated in `attributions/NAME_XXXX.ann`.
fn annotation_path(dir: &Path, text_path: &Path) -> Option<PathBuf> {
    let stem = text_path.file_stem()?.to_str()?.to_owned();
    std::fs::read_dir(dir.join("attributions"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| {
            path.file_stem()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&stem))
        })
}

/// Gold relations with byte ranges (brat counts characters).
fn read_relations(annotations: &str, text: &str) -> Vec<Relation> {
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut spans: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
    for line in annotations.lines().filter(|line| line.starts_with('T')) {
        let mut fields = line.split('\t');
        let (Some(id), Some(label)) = (fields.next(), fields.next()) else {
            continue;
        };
        let ranges = label
            .split_once(' ')
            .map(|(_, offsets)| offsets)
            .unwrap_or_default()
            .split(';')
            .filter_map(|pair| {
                let (start, end) = pair.split_once(' ')?;
                let (start, end): (usize, usize) = (start.parse().ok()?, end.parse().ok()?);
                Some(*byte_of.get(start)?..*byte_of.get(end)?)
            })
            .collect();
        spans.insert(id, ranges);
    }
    annotations
        .lines()
        .filter(|line| line.starts_with('E'))
        .map(|line| {
            let mut relation = Relation::default();
            for argument in line.split(['\t', ' ']).skip(1) {
                let Some((role, id)) = argument.split_once(':') else {
                    continue;
                };
                let ranges = spans.get(id).cloned().unwrap_or_default();
                match role {
                    "Cue" => relation.cue = ranges,
                    "Content" => relation.content = ranges,
                    "Source" => relation.source = ranges,
                    _ => {}
                }
            }
            relation
        })
        .filter(|relation| !relation.cue.is_empty())
        .collect()
}

fn overlaps(left: &Range<usize>, right: &[Range<usize>]) -> bool {
    right
        .iter()
        .any(|range| left.start < range.end && range.start < left.end)
}

fn score(text: &str, gold: &[Relation], lexicon: &Lexicon, totals: &mut Totals) {
    let segmentation = dragoman_text::segment(text);
    let mentions = baseline_mentions(text, &segmentation, lexicon);
    let extraction = extract(text, &segmentation, &mentions, lexicon);
    totals.gold += gold.len();
    let mut gold_matched = vec![false; gold.len()];
    for quote in &extraction.quotes {
        // Continuations carry no cue of their own; PolNeAR joins them to the
        // attribution whose cue they share, so they are not scored apart.
        let Some(cue) = &quote.cue else { continue };
        totals.predicted += 1;
        let Some(index) = gold
            .iter()
            .position(|relation| overlaps(&cue.range(), &relation.cue))
        else {
            if std::env::var_os("SHOW_MISSES").is_some() {
                println!(
                    "unmatched {:?} cue {:?}: {}",
                    quote.kind, cue.text, quote.evidence.text
                );
            }
            continue;
        };
        gold_matched[index] = true;
        totals.predicted_matched += 1;
        let relation = &gold[index];
        totals.content_right += usize::from(overlaps(&quote.content.range(), &relation.content));
        if let Some(speaker) = &quote.speaker {
            totals.with_speaker += 1;
            let entity = extraction
                .entities
                .iter()
                .find(|entity| &entity.id == speaker);
            let right = entity.is_some_and(|entity| {
                entity
                    .mentions
                    .iter()
                    .any(|mention| overlaps(&mention.span.range(), &relation.source))
            });
            totals.speaker_right += usize::from(right);
        }
    }
    totals.gold_matched += gold_matched.iter().filter(|&&matched| matched).count();
    if std::env::var_os("SHOW_MISSES").is_some() {
        for (relation, _) in gold
            .iter()
            .zip(&gold_matched)
            .filter(|(_, matched)| !**matched)
        {
            let cue: Vec<&str> = relation
                .cue
                .iter()
                .map(|range| &text[range.clone()])
                .collect();
            let source: Vec<&str> = relation
                .source
                .iter()
                .map(|range| &text[range.clone()])
                .collect();
            let around = relation.cue[0].start.saturating_sub(120)
                ..(relation.cue[0].end + 60).min(text.len());
            let around = text.get(around).unwrap_or_default().replace('\n', " ");
            println!(
                "missed cue {:?} source {:?} in …{around}…",
                cue.join(" "),
                source.join(" ")
            );
        }
    }
}

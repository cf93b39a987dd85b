//! Scoring quotation attribution against gold attribution relations in the
//! brat standoff format (PolNeAR: source, cue and content spans).
//!
//! Two matchings are reported: *overlap* (a predicted content shares a byte
//! with a gold content) and *exact* (equal after trimming quotation marks,
//! punctuation and spaces at both ends). Speaker accuracy is measured over the
//! gold attributions that have a source and were found: the predicted
//! quote that overlaps the gold content most (on a tie, the tighter one)
//! must have a speaker with a mention overlapping the gold source span.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use dragoman_model::score::{Counts, ratio};
use dragoman_model::{Document, EntityId, QuoteKind};

/// One gold attribution relation, with byte ranges into the article text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldAttribution {
    /// One or more pieces (brat allows discontinuous spans).
    pub content: Vec<Range<usize>>,
    pub source: Option<Range<usize>>,
    pub cue: Option<Range<usize>>,
    /// The content carries double quotation marks: a direct or partial quote.
    pub quoted: bool,
}

/// Reads the attribution relations of one brat `.ann` file. Its offsets count
/// characters; they are turned into byte offsets of `text`.
pub fn parse_brat_attributions(
    text: &str,
    annotation: &str,
) -> Result<Vec<GoldAttribution>, String> {
    let byte_of_char: Vec<usize> = text
        .char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .collect();
    let to_bytes = |start: usize, end: usize| -> Result<Range<usize>, String> {
        match (byte_of_char.get(start), byte_of_char.get(end)) {
            (Some(&start), Some(&end)) if start <= end => Ok(start..end),
            _ => Err(format!("span {start}..{end} is outside the text")),
        }
    };
    let mut spans: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
    let mut relations = Vec::new();
    for (index, line) in annotation.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let located = |problem: String| format!("line {}: {problem}", index + 1);
        match fields.first().and_then(|id| id.chars().next()) {
            Some('T') if fields.len() >= 2 => {
                let (_, offsets) = fields[1]
                    .split_once(' ')
                    .ok_or_else(|| located("a text-bound annotation without offsets".into()))?;
                let mut pieces = Vec::new();
                for piece in offsets.split(';') {
                    let (start, end) = piece
                        .split_once(' ')
                        .ok_or_else(|| located(format!("bad offsets {piece:?}")))?;
                    let number = |value: &str| {
                        value
                            .trim()
                            .parse::<usize>()
                            .map_err(|_| located(format!("bad offset {value:?}")))
                    };
                    pieces.push(to_bytes(number(start)?, number(end)?).map_err(located)?);
                }
                spans.insert(fields[0], pieces);
            }
            Some('E') if fields.len() >= 2 => relations.push(fields[1]),
            _ => {}
        }
    }
    let mut attributions = Vec::new();
    for relation in relations {
        let mut content = Vec::new();
        let mut source = None;
        let mut cue = None;
        for argument in relation.split_whitespace() {
            let Some((role, id)) = argument.split_once(':') else {
                continue;
            };
            let pieces = spans.get(id).cloned().unwrap_or_default();
            let hull = hull(&pieces);
            match role {
                "Content" => content = pieces,
                "Source" => source = hull,
                "Cue" => cue = hull,
                _ => {}
            }
        }
        if content.is_empty() {
            continue;
        }
        let quoted = content
            .iter()
            .any(|piece| text[piece.clone()].contains(['"', '“', '”']));
        attributions.push(GoldAttribution {
            content,
            source,
            cue,
            quoted,
        });
    }
    Ok(attributions)
}

/// Scores for one class of attribution (quoted, all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttributionScores {
    pub overlap: Counts,
    pub exact: Counts,
    /// Found gold attributions that have a source.
    pub speakers_scored: usize,
    pub speakers_correct: usize,
    /// Predicted quotations that overlap no gold attribution (titles,
    /// scare quotes), and how many of them were still given a speaker.
    pub unattributed: usize,
    pub unattributed_with_speaker: usize,
}

impl AttributionScores {
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speakers_correct, self.speakers_scored)
    }
}

/// Quote attribution scores over a corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteScores {
    pub documents: usize,
    /// Direct and partial quotes against gold contents in quotation marks.
    pub quoted: AttributionScores,
    /// Every predicted quote against every gold attribution (including
    /// indirect speech, beliefs and intentions).
    pub all: AttributionScores,
    /// Quoted attributions found with a wrong or missing speaker, for error analysis.
    pub speaker_misses: Vec<SpeakerMiss>,
}

/// A quoted gold attribution whose best-matching quote has the wrong
/// speaker, or a quotation given a speaker where gold attributes nothing
/// (`gold_source` empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerMiss {
    pub document: String,
    pub gold_source: String,
    /// The predicted speaker's name, or `None` when the quote had no speaker.
    pub predicted: Option<String>,
    pub kind: QuoteKind,
    /// The predicted quote's reporting expression, if it has one.
    pub cue: Option<String>,
    pub content: String,
}

impl fmt::Display for SpeakerMiss {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let content: String = self.content.chars().take(80).collect();
        let kind = match self.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        };
        write!(
            formatter,
            "{}: gold {:?}, predicted {:?} ({kind}, cue {:?}): {content:?}",
            self.document,
            self.gold_source,
            self.predicted.as_deref().unwrap_or("—"),
            self.cue.as_deref().unwrap_or("—")
        )
    }
}

impl QuoteScores {
    /// Adds one analysed document and its gold attributions.
    pub fn add(&mut self, document: &Document, gold: &[GoldAttribution]) {
        self.documents += 1;
        let quoted_gold: Vec<&GoldAttribution> = gold.iter().filter(|gold| gold.quoted).collect();
        let all_gold: Vec<&GoldAttribution> = gold.iter().collect();
        let misses = add_class(&mut self.quoted, document, &quoted_gold, |kind| {
            matches!(kind, QuoteKind::Direct | QuoteKind::Partial)
        });
        self.speaker_misses.extend(misses);
        add_class(&mut self.all, document, &all_gold, |_| true);
    }
}

fn add_class(
    scores: &mut AttributionScores,
    document: &Document,
    gold: &[&GoldAttribution],
    predicted_kind: impl Fn(QuoteKind) -> bool,
) -> Vec<SpeakerMiss> {
    let text = document.text.as_str();
    let predicted: Vec<_> = document
        .quotes
        .iter()
        .filter(|quote| predicted_kind(quote.kind))
        .collect();
    let overlaps = |range: &Range<usize>, gold: &GoldAttribution| {
        gold.content
            .iter()
            .map(|piece| overlap(range, piece))
            .sum::<usize>()
    };
    let exact = |range: &Range<usize>, gold: &GoldAttribution| {
        let predicted = trim_quote(text, range.clone());
        hull(&gold.content)
            .into_iter()
            .chain(gold.content.iter().cloned())
            .any(|piece| trim_quote(text, piece) == predicted)
    };
    let contents: Vec<Range<usize>> = predicted
        .iter()
        .map(|quote| quote.content.range())
        .collect();
    count_matches(&mut scores.overlap, &contents, gold, |range, gold| {
        overlaps(range, gold) > 0
    });
    count_matches(&mut scores.exact, &contents, gold, exact);
    let entities: HashMap<&EntityId, &dragoman_model::Entity> = document
        .entities
        .iter()
        .map(|entity| (&entity.id, entity))
        .collect();
    let mut misses = Vec::new();
    for quote in &predicted {
        let range = quote.content.range();
        if gold.iter().any(|gold| overlaps(&range, gold) > 0) {
            continue;
        }
        scores.unattributed += 1;
        let Some(speaker) = quote.speaker.as_ref().and_then(|id| entities.get(id)) else {
            continue;
        };
        scores.unattributed_with_speaker += 1;
        misses.push(SpeakerMiss {
            document: document.origin.to_string(),
            gold_source: String::new(),
            predicted: Some(speaker.name.clone()),
            kind: quote.kind,
            cue: quote.cue.as_ref().map(|cue| cue.text.clone()),
            content: quote.content.text.clone(),
        });
    }
    for gold in gold {
        let Some(source) = &gold.source else { continue };
        let best = predicted
            .iter()
            .map(|quote| (overlaps(&quote.content.range(), gold), quote))
            .filter(|(shared, _)| *shared > 0)
            // On a tie the tighter quotation wins: a quotation nested in
            // another matches its own gold better than the one around it.
            .max_by_key(|(shared, quote)| {
                (
                    *shared,
                    std::cmp::Reverse(quote.content.range().len()),
                    std::cmp::Reverse(quote.content.start),
                )
            });
        let Some((_, quote)) = best else { continue };
        scores.speakers_scored += 1;
        let speaker = quote
            .speaker
            .as_ref()
            .and_then(|speaker| entities.get(speaker));
        let correct = speaker.is_some_and(|entity| {
            entity
                .mentions
                .iter()
                .any(|mention| overlap(&mention.span.range(), source) > 0)
        });
        scores.speakers_correct += usize::from(correct);
        if !correct {
            misses.push(SpeakerMiss {
                document: document.origin.to_string(),
                gold_source: text[source.clone()].to_owned(),
                predicted: speaker.map(|entity| entity.name.clone()),
                kind: quote.kind,
                cue: quote.cue.as_ref().map(|cue| cue.text.clone()),
                content: quote.content.text.clone(),
            });
        }
    }
    misses
}

fn count_matches(
    counts: &mut Counts,
    predicted: &[Range<usize>],
    gold: &[&GoldAttribution],
    matches: impl Fn(&Range<usize>, &GoldAttribution) -> bool,
) {
    counts.predicted += predicted.len();
    counts.gold += gold.len();
    counts.predicted_matched += predicted
        .iter()
        .filter(|range| gold.iter().any(|gold| matches(range, gold)))
        .count();
    counts.gold_matched += gold
        .iter()
        .filter(|gold| predicted.iter().any(|range| matches(range, gold)))
        .count();
}

/// The smallest range covering every piece (brat lists pieces in any order).
fn hull(pieces: &[Range<usize>]) -> Option<Range<usize>> {
    let start = pieces.iter().map(|piece| piece.start).min()?;
    let end = pieces.iter().map(|piece| piece.end).max()?;
    Some(start..end)
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The span's text without quotation marks, punctuation or spaces at its ends.
fn trim_quote(text: &str, range: Range<usize>) -> &str {
    text[range].trim_matches(|character: char| {
        character.is_whitespace()
            || character.is_ascii_punctuation()
            || matches!(character, '“' | '”' | '‘' | '’' | '…' | '—' | '–')
    })
}

impl fmt::Display for QuoteScores {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(formatter, "documents {}", self.documents)?;
        for (name, scores) in [
            ("direct+partial", &self.quoted),
            ("all attributions", &self.all),
        ] {
            writeln!(formatter, "{name}")?;
            for (matching, counts) in [("overlap", scores.overlap), ("exact", scores.exact)] {
                writeln!(
                    formatter,
                    "  content {matching:<7} P {:6.2}  R {:6.2}  F1 {:6.2}  (gold {}, predicted {})",
                    100.0 * counts.precision(),
                    100.0 * counts.recall(),
                    100.0 * counts.f1(),
                    counts.gold,
                    counts.predicted
                )?;
            }
            writeln!(
                formatter,
                "  speaker accuracy {:6.2}  ({} of {} found attributions with a source)",
                100.0 * scores.speaker_accuracy(),
                scores.speakers_correct,
                scores.speakers_scored
            )?;
            writeln!(
                formatter,
                "  speaker given to {} of {} quotations no gold attribution overlaps",
                scores.unattributed_with_speaker, scores.unattributed
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“We will win,” Ana Ruiz said. Officials said the vote was fair.";

    fn annotation() -> String {
        // Character offsets: the curly quotes are one character each.
        [
            "T1\tContent 0 14\t“We will win,”",
            "T2\tSource 15 23\tAna Ruiz",
            "T3\tCue 24 28\tsaid",
            "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
            "T4\tSource 30 39\tOfficials",
            "T5\tCue 40 44\tsaid",
            "T6\tContent 45 62\tthe vote was fair",
            "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4",
        ]
        .join("\n")
    }

    #[test]
    fn character_offsets_become_byte_offsets() {
        let gold = parse_brat_attributions(TEXT, &annotation()).unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(&TEXT[gold[0].content[0].clone()], "“We will win,”");
        assert_eq!(&TEXT[gold[0].source.clone().unwrap()], "Ana Ruiz");
        assert!(gold[0].quoted);
        assert_eq!(&TEXT[gold[1].content[0].clone()], "the vote was fair");
        assert!(!gold[1].quoted);
    }

    #[test]
    fn offsets_outside_the_text_are_an_error() {
        assert!(parse_brat_attributions("short", "T1\tContent 0 99\tx\nE1\tContent:T1").is_err());
    }

    #[test]
    fn trimming_ignores_marks_and_punctuation_at_the_ends() {
        assert_eq!(trim_quote(TEXT, 0..18), "We will win");
    }
}

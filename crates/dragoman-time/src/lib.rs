//! Time expressions of English news, recognised and normalised to TIMEX3
//! values against the publication date: "late Monday" → the date of that
//! Monday with modifier `late`, "in September" → `2026-09`, "by the end of
//! 2026" → `2026-12-31` as a deadline, "for three years" → `P3Y`, "every
//! Friday" → `XXXX-WXX-5`.
//!
//! Recognition is a hand-written grammar over the tokens of each sentence
//! (classified once by table look-up, no regular expressions); resolution
//! places weekdays and months without a year by the tense of the nearest
//! verb, from part-of-speech tags when the caller has them. Conventions:
//! signals ("on", "in", "by") stay outside the span; vague references are
//! `PAST_REF`, `PRESENT_REF` and `FUTURE_REF` ("recently", "now", "in the
//! coming weeks"); "two days ago" is a date and its span holds "ago";
//! parts of day extend a date (`2026-03-02TNI`); decades and centuries as
//! durations are written in years (`P10Y`); a range ("between March and
//! May") gives its two ends as two expressions.
//!
//! This crate must never read the clock, the network or any file outside
//! [`evaluate_meantime`]: the publication date is passed in, and without it a
//! relative expression keeps `value: None` with the reason. It never panics
//! on any text.

mod evaluate;
mod grammar;
mod lexicon;
mod meantime;
mod resolve;
mod tense;

use chrono::NaiveDate;
use dragoman_model::{Span, TimeExpression, TimeId};
use dragoman_text::Segmentation;

pub use evaluate::{EvaluationError, MeantimeReport, Mismatch, evaluate_meantime};

/// Every time expression of `text`, in text order, with ids `t1`, `t2`, …
///
/// `segmentation` must be the segmentation of `text`; `published` anchors
/// relative expressions ("yesterday", "last week", "Monday").
pub fn recognize(
    text: &str,
    segmentation: &Segmentation,
    published: Option<NaiveDate>,
) -> Vec<TimeExpression> {
    recognize_with_tags(text, segmentation, published, None)
}

/// [`recognize`], with the Penn part-of-speech tag (XPOS) of every token of
/// `segmentation` when a tagger has run: `VBD` then marks the past tense
/// that the word list can only guess from "-ed" and irregular forms, so that
/// "Monday" is the last one or the next one more often. Tags that do not line
/// up with the tokens are ignored.
pub fn recognize_with_tags(
    text: &str,
    segmentation: &Segmentation,
    published: Option<NaiveDate>,
    tags: Option<&[&str]>,
) -> Vec<TimeExpression> {
    let tags = tags.filter(|tags| tags.len() == segmentation.tokens.len());
    let mut context = resolve::Context {
        anchor: published,
        reference: published.map(|date| resolve::Reference {
            date,
            unit: lexicon::Unit::Day,
        }),
        last_day: published,
    };
    let mut expressions = Vec::new();
    let mut words = Vec::new();
    let mut surfaces: Vec<&str> = Vec::new();
    for sentence in &segmentation.sentences {
        let Some(tokens) = segmentation.tokens.get(sentence.tokens.clone()) else {
            continue;
        };
        words.clear();
        words.extend(
            tokens
                .iter()
                .filter(|token| text.get(token.range()).is_some())
                .map(|token| lexicon::classify(text, token.start, token.end)),
        );
        if words.len() != tokens.len() {
            continue;
        }
        let found = grammar::find_in_sentence(text, &words);
        if found.is_empty() {
            continue;
        }
        surfaces.clear();
        surfaces.extend(tokens.iter().map(|token| token.text(text)));
        let sentence_tags = tags.and_then(|tags| tags.get(sentence.tokens.clone()));
        for expression in &found {
            let tense = || tense::tense_near(&surfaces, expression.tokens.clone(), sentence_tags);
            let resolved = resolve::resolve(expression, &context, tense);
            if let Some(reference) = resolved.reference {
                context.reference = Some(reference);
                if reference.unit == lexicon::Unit::Day {
                    context.last_day = Some(reference.date);
                }
            }
            let start = words[expression.tokens.start].start;
            let last = &words[expression.tokens.end - 1];
            // "at 5 p.m." ending a sentence: the tokenizer gives the final
            // period to the sentence, but it also closes the abbreviation.
            let abbreviation_period =
                text[last.start..last.end].contains('.') && text[last.end..].starts_with('.');
            let end = last.end + usize::from(abbreviation_period);
            expressions.push(TimeExpression {
                id: TimeId::nth(expressions.len()),
                span: Span::of(text, start..end),
                kind: resolved.kind,
                value: resolved.value,
                modifier: resolved.modifier,
                part_of_day: expression.part_of_day,
                anchor: resolved.anchor,
                unresolved: resolved.unresolved.map(str::to_owned),
            });
        }
    }
    expressions
}

#[cfg(test)]
mod tests;

//! Training options, per-epoch reports and accuracy evaluation against a
//! CoNLL-U treebank (gold words, predicted tags fed to the parser).

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use crate::NlpError;
use crate::conllu::{self, GoldSentence};
use crate::parser::{Parsed, Parser, ParserScratch};
use crate::tagger::{Tagged, Tagger, TaggerScratch};

/// How to train a model; the same options and data give the same model.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the shipped model.
    pub prune_below: f32,
    /// Parser only: transition features met in fewer training states than
    /// this get no weights (0 and 1 keep them all).
    pub min_feature_count: u32,
    /// Parser only: the beam width to train and decode with (1: greedy,
    /// with the dynamic oracle).
    pub beam: usize,
    /// Tagger only: tag right to left, then left to right seeing the first
    /// pass's tags of the word and the two after it.
    pub two_pass: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 1,
            prune_below: 0.0,
            min_feature_count: 0,
            beam: 1,
            two_pass: false,
        }
    }
}

/// Dev scores after one training epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochReport {
    pub epoch: usize,
    pub dev: Scores,
    pub seconds: f64,
}

/// Accuracies in percent over all words (punctuation included, as in the
/// CoNLL 2018 shared task). Attachment scores are `None` when nothing was
/// parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: Option<f64>,
    pub las: Option<f64>,
    correct_upos: usize,
    correct_xpos: usize,
    correct_lemma: usize,
    correct_heads: usize,
    correct_labelled: usize,
    parsed_words: usize,
}

impl Scores {
    pub(crate) fn add_tags(&mut self, gold: &GoldSentence, tagged: &[Tagged]) {
        for (word, tags) in gold.iter().zip(tagged) {
            self.words += 1;
            self.correct_upos += usize::from(tags.upos.as_str() == word.upos);
            self.correct_xpos += usize::from(tags.xpos.as_str() == word.xpos);
            self.correct_lemma += usize::from(*tags.lemma == *word.lemma);
        }
    }

    pub(crate) fn add_parse(&mut self, gold: &GoldSentence, parsed: &[Parsed]) {
        for (word, arc) in gold.iter().zip(parsed) {
            self.parsed_words += 1;
            let head = arc.head.map_or(0, |head| head + 1);
            if head == word.head {
                self.correct_heads += 1;
                self.correct_labelled += usize::from(arc.deprel.as_str() == word.deprel);
            }
        }
    }

    /// Turns the counts into percentages.
    pub(crate) fn finish(mut self) -> Scores {
        let percent = |count: usize, total: usize| 100.0 * count as f64 / total.max(1) as f64;
        self.upos = percent(self.correct_upos, self.words);
        self.xpos = percent(self.correct_xpos, self.words);
        self.lemma = percent(self.correct_lemma, self.words);
        if self.parsed_words > 0 {
            self.uas = Some(percent(self.correct_heads, self.parsed_words));
            self.las = Some(percent(self.correct_labelled, self.parsed_words));
        }
        self
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "UPOS {:.2}  XPOS {:.2}  lemma {:.2}",
            self.upos, self.xpos, self.lemma
        )?;
        if let (Some(uas), Some(las)) = (self.uas, self.las) {
            write!(formatter, "  UAS {uas:.2}  LAS {las:.2}")?;
        }
        Ok(())
    }
}

/// Scores on a treebank plus single-thread throughput.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub scores: Scores,
    pub sentences: usize,
    /// Words tagged (and parsed) per second, excluding CoNLL-U reading.
    pub words_per_second: f64,
    /// Every pair of gold and predicted UPOS that differ, most frequent first.
    pub upos_confusions: Vec<Confusion>,
}

/// Words the tagger gave one UPOS where the treebank has another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    pub gold: String,
    pub predicted: String,
    pub count: usize,
    /// The words confused this way, most frequent first, with their counts.
    pub words: Vec<(String, usize)>,
}

impl fmt::Display for Confusion {
    /// `gold -> predicted  count  word (n), word (n), …` with the five
    /// commonest words.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self
            .words
            .iter()
            .take(5)
            .map(|(word, count)| format!("{word} ({count})"))
            .collect();
        write!(
            formatter,
            "{:>5} -> {:<5} {:>5}  {}",
            self.gold,
            self.predicted,
            self.count,
            words.join(", ")
        )
    }
}

/// Groups the mistagged words by gold and predicted UPOS.
fn confusions<'a>(pairs: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Vec<Confusion> {
    let mut grouped: HashMap<(&str, &str), HashMap<&str, usize>> = HashMap::new();
    for (word, gold, predicted) in pairs.filter(|(_, gold, predicted)| gold != predicted) {
        *grouped
            .entry((gold, predicted))
            .or_default()
            .entry(word)
            .or_default() += 1;
    }
    let mut confusions: Vec<Confusion> = grouped
        .into_iter()
        .map(|((gold, predicted), words)| {
            let mut words: Vec<(String, usize)> = words
                .into_iter()
                .map(|(word, count)| (word.to_owned(), count))
                .collect();
            words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Confusion {
                gold: gold.to_owned(),
                predicted: predicted.to_owned(),
                count: words.iter().map(|(_, count)| count).sum(),
                words,
            }
        })
        .collect();
    confusions.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (&a.gold, &a.predicted).cmp(&(&b.gold, &b.predicted)))
    });
    confusions
}

impl fmt::Display for Evaluation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} sentences, {} words: {}  ({:.0} words/s)",
            self.sentences, self.scores.words, self.scores, self.words_per_second
        )
    }
}

/// Tags (and, given a parser, parses) every sentence of a CoNLL-U text with
/// its gold words and scores the result; the parser sees predicted tags.
pub fn evaluate(
    conllu: &str,
    tagger: &Tagger,
    parser: Option<&Parser>,
) -> Result<Evaluation, NlpError> {
    let sentences = conllu::parse(conllu)?;
    let mut tagger_scratch = TaggerScratch::default();
    let mut parser_scratch = ParserScratch::default();
    let mut tagged = Vec::new();
    let mut parsed = Vec::new();
    let mut outputs = Vec::with_capacity(sentences.len());
    let started = Instant::now();
    for sentence in &sentences {
        let forms: Vec<&str> = sentence.iter().map(|w| w.form.as_str()).collect();
        tagger.tag(&forms, &mut tagger_scratch, &mut tagged);
        if let Some(parser) = parser {
            parser.parse(&forms, &tagged, &mut parser_scratch, &mut parsed);
        }
        outputs.push((tagged.clone(), parsed.clone()));
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut scores = Scores::default();
    for (sentence, (tagged, parsed)) in sentences.iter().zip(&outputs) {
        scores.add_tags(sentence, tagged);
        if parser.is_some() {
            scores.add_parse(sentence, parsed);
        }
    }
    let scores = scores.finish();
    let upos_confusions = confusions(sentences.iter().zip(&outputs).flat_map(
        |(sentence, (tagged, _))| {
            sentence
                .iter()
                .zip(tagged)
                .map(|(word, tags)| (word.form.as_str(), word.upos.as_str(), tags.upos.as_str()))
        },
    ));
    Ok(Evaluation {
        scores,
        sentences: sentences.len(),
        words_per_second: scores.words as f64 / seconds.max(1e-9),
        upos_confusions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusions_group_mistagged_words_most_frequent_first() {
        let pairs = [
            ("Police", "NOUN", "PROPN"),
            ("said", "VERB", "VERB"),
            ("Police", "NOUN", "PROPN"),
            ("Housing", "PROPN", "NOUN"),
            ("Army", "NOUN", "PROPN"),
        ];
        let found = confusions(pairs.into_iter());
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].gold.as_str(), found[0].predicted.as_str()),
            ("NOUN", "PROPN")
        );
        assert_eq!(found[0].count, 3);
        assert_eq!(
            found[0].words,
            [("Police".to_owned(), 2), ("Army".to_owned(), 1)]
        );
        assert_eq!(found[1].count, 1);
        assert_eq!(
            found[0].to_string(),
            " NOUN -> PROPN     3  Police (2), Army (1)"
        );
    }

    #[test]
    fn an_evaluation_lists_what_the_tagger_got_wrong() {
        // The gold tags "Monday" as a common noun; the tagger says PROPN.
        let conllu = "1\tTroops\ttroops\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
                      2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                      3\tMonday\tMonday\tNOUN\tNN\t_\t2\tobl\t_\t_\n\n";
        let evaluation = evaluate(conllu, &Tagger::shipped().unwrap(), None).unwrap();
        assert_eq!(evaluation.scores.words, 3);
        let confusions: Vec<(&str, &str, usize)> = evaluation
            .upos_confusions
            .iter()
            .map(|c| (c.gold.as_str(), c.predicted.as_str(), c.count))
            .collect();
        assert_eq!(confusions, [("NOUN", "PROPN", 1)]);
    }
}

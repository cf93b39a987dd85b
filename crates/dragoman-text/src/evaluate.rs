//! Scores the segmenter against CoNLL-U gold data (Universal Dependencies).
//!
//! Each document's raw text is rebuilt from its `# text =` comments: the
//! sentences of a paragraph (`# newpar`) joined by a space, paragraphs by a
//! blank line. The text is segmented and the predicted tokens and sentences
//! are compared with the gold ones as exact byte spans.

use std::fmt;

use crate::segment;

/// A CoNLL-U input the evaluation cannot read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConlluError {
    #[error("line {line}: a word line needs 10 tab-separated columns, found {found}")]
    MissingColumns { line: usize, found: usize },
    #[error("line {line}: word line before any `# text =` comment")]
    WordWithoutText { line: usize },
    #[error("line {line}: the form {form:?} does not occur in the sentence text")]
    FormNotInText { line: usize, form: String },
}

/// Gold, predicted and matched counts of one kind of unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }

    fn add_sorted(&mut self, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.matched += count_common_sorted(gold, predicted);
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// How well the segmentation of rebuilt documents matches the gold data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentationScores {
    pub documents: usize,
    /// Tokens against the gold syntactic words; a multiword token (`don't`)
    /// counts as its words when they spell it (`do` + `n't`), else as one.
    pub tokens: Counts,
    /// Sentences, matched on their exact span (as in the CoNLL 2018 shared task).
    pub sentences: Counts,
    /// Sentence ends inside paragraphs only: an end at a paragraph break is
    /// given away by the blank line and would flatter the figure.
    pub boundaries: Counts,
}

impl fmt::Display for SegmentationScores {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(formatter, "documents   {}", self.documents)?;
        for (name, counts) in [
            ("tokens", self.tokens),
            ("sentences", self.sentences),
            ("boundaries", self.boundaries),
        ] {
            writeln!(
                formatter,
                "{name:<11} P {:6.2}  R {:6.2}  F1 {:6.2}  (gold {}, predicted {}, matched {})",
                100.0 * counts.precision(),
                100.0 * counts.recall(),
                100.0 * counts.f1(),
                counts.gold,
                counts.predicted,
                counts.matched,
            )?;
        }
        Ok(())
    }
}

/// Scores the segmenter on every document of a CoNLL-U file.
pub fn evaluate_on_conllu(conllu: &str) -> Result<SegmentationScores, ConlluError> {
    evaluate_documents_on_conllu(conllu, |_| true)
}

/// Scores the segmenter on the documents whose `# newdoc id` satisfies
/// `keep_document` (for instance GUM's news documents, `GUM_news_…`).
pub fn evaluate_documents_on_conllu(
    conllu: &str,
    keep_document: impl Fn(&str) -> bool,
) -> Result<SegmentationScores, ConlluError> {
    let mut scores = SegmentationScores::default();
    let mut document = GoldDocument::default();
    for (index, line) in conllu.lines().enumerate() {
        let line_number = index + 1;
        if let Some(id) = line.strip_prefix("# newdoc") {
            document.score_into(&mut scores, &keep_document);
            document = GoldDocument {
                id: document_id(id).to_owned(),
                ..GoldDocument::default()
            };
        } else if line.starts_with("# newpar") {
            document.paragraph_pending = true;
        } else if let Some(sentence) = line.strip_prefix("# text =") {
            document.push_sentence(sentence.trim());
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else {
            document.push_word_line(line, line_number)?;
        }
    }
    document.score_into(&mut scores, &keep_document);
    Ok(scores)
}

/// The id in the rest of a `# newdoc id = …` comment.
fn document_id(rest: &str) -> &str {
    let rest = rest.trim_start();
    rest.strip_prefix("id")
        .unwrap_or(rest)
        .trim_start_matches([' ', '='])
        .trim_end()
}

/// A multiword token whose words are still being read.
#[derive(Debug, Default)]
struct PendingMultiword {
    span: (usize, usize),
    last_word: usize,
    spelled_by_words: String,
    word_ends: Vec<usize>,
}

#[derive(Debug, Default)]
struct GoldDocument {
    id: String,
    text: String,
    paragraph_pending: bool,
    has_sentence: bool,
    /// Where the next gold word is searched for in `text`.
    cursor: usize,
    sentences: Vec<(usize, usize)>,
    paragraph_ends: Vec<usize>,
    words: Vec<(usize, usize)>,
    multiword: Option<PendingMultiword>,
}

impl GoldDocument {
    fn push_sentence(&mut self, sentence: &str) {
        if self.has_sentence {
            if self.paragraph_pending {
                self.paragraph_ends.push(self.text.len());
                self.text.push_str("\n\n");
            } else {
                self.text.push(' ');
            }
        }
        self.paragraph_pending = false;
        self.has_sentence = true;
        let start = self.text.len();
        self.text.push_str(sentence);
        self.sentences.push((start, self.text.len()));
        self.cursor = start;
        self.multiword = None;
    }

    fn push_word_line(&mut self, line: &str, line_number: usize) -> Result<(), ConlluError> {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(ConlluError::MissingColumns {
                line: line_number,
                found: columns.len(),
            });
        }
        let (id, form) = (columns[0], columns[1]);
        if !self.has_sentence {
            return Err(ConlluError::WordWithoutText { line: line_number });
        }
        // Empty nodes (`8.1`) have no surface form.
        if id.contains('.') {
            return Ok(());
        }
        if let Some((_, last)) = id.split_once('-') {
            let span = self.find_form(form, line_number)?;
            self.multiword = Some(PendingMultiword {
                span,
                last_word: last.parse().unwrap_or(0),
                ..PendingMultiword::default()
            });
            return Ok(());
        }
        let word_number: usize = id.parse().unwrap_or(0);
        let Some(multiword) = self.multiword.as_mut() else {
            let span = self.find_form(form, line_number)?;
            self.words.push(span);
            return Ok(());
        };
        multiword.spelled_by_words.push_str(form);
        multiword.word_ends.push(multiword.spelled_by_words.len());
        if word_number >= multiword.last_word {
            let (start, end) = multiword.span;
            if multiword.spelled_by_words == self.text[start..end] {
                let mut word_start = start;
                for &word_end in &multiword.word_ends {
                    if start + word_end > word_start {
                        self.words.push((word_start, start + word_end));
                    }
                    word_start = start + word_end;
                }
            } else {
                self.words.push((start, end));
            }
            self.multiword = None;
        }
        Ok(())
    }

    /// Finds `form` in the current sentence after the previous word.
    fn find_form(&mut self, form: &str, line: usize) -> Result<(usize, usize), ConlluError> {
        let rest = &self.text[self.cursor..];
        let offset = rest.find(form).ok_or_else(|| ConlluError::FormNotInText {
            line,
            form: form.to_owned(),
        })?;
        let start = self.cursor + offset;
        self.cursor = start + form.len();
        Ok((start, self.cursor))
    }

    fn score_into(&self, scores: &mut SegmentationScores, keep_document: &impl Fn(&str) -> bool) {
        if !self.has_sentence || !keep_document(&self.id) {
            return;
        }
        scores.documents += 1;
        let segmentation = segment(&self.text);
        let predicted_tokens: Vec<(usize, usize)> = segmentation
            .tokens
            .iter()
            .map(|token| (token.start, token.end))
            .collect();
        scores.tokens.add_sorted(&self.words, &predicted_tokens);
        let predicted_sentences: Vec<(usize, usize)> = segmentation
            .sentences
            .iter()
            .map(|sentence| (sentence.start, sentence.end))
            .collect();
        scores
            .sentences
            .add_sorted(&self.sentences, &predicted_sentences);
        let gold_boundaries = inner_ends(&self.sentences, &self.paragraph_ends, self.text.len());
        let predicted_paragraph_ends: Vec<usize> = segmentation
            .paragraphs
            .iter()
            .map(|paragraph| paragraph.end)
            .collect();
        let predicted_boundaries = inner_ends(
            &predicted_sentences,
            &predicted_paragraph_ends,
            self.text.len(),
        );
        scores
            .boundaries
            .add_sorted(&gold_boundaries, &predicted_boundaries);
    }
}

/// The ends of the sentences that do not end a paragraph or the text, as
/// degenerate spans so that they score like the other units.
fn inner_ends(
    sentences: &[(usize, usize)],
    paragraph_ends: &[usize],
    text_end: usize,
) -> Vec<(usize, usize)> {
    sentences
        .iter()
        .map(|&(_, end)| (end, end))
        .filter(|&(end, _)| end != text_end && paragraph_ends.binary_search(&end).is_err())
        .collect()
}

/// How many spans two sorted span lists share.
fn count_common_sorted(gold: &[(usize, usize)], predicted: &[(usize, usize)]) -> usize {
    let (mut gold_index, mut predicted_index, mut common) = (0, 0, 0);
    while gold_index < gold.len() && predicted_index < predicted.len() {
        match gold[gold_index].cmp(&predicted[predicted_index]) {
            std::cmp::Ordering::Less => gold_index += 1,
            std::cmp::Ordering::Greater => predicted_index += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                gold_index += 1;
                predicted_index += 1;
            }
        }
    }
    common
}

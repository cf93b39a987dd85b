//! Scores the segmenter against CoNLL-U gold data (Universal Dependencies).
//!
//! Each document's raw text is rebuilt from its `# text =` comments: the
//! sentences of a paragraph (`# newpar`) joined by a space, paragraphs by a
//! blank line. The text is segmented and the predicted tokens and sentences
//! are compared with the gold ones as exact byte spans.

use std::fmt;

use dragoman_model::score::Counts;

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
                counts.predicted_matched,
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
        scores.tokens += sorted_span_counts(&self.words, &predicted_tokens);
        let predicted_sentences: Vec<(usize, usize)> = segmentation
            .sentences
            .iter()
            .map(|sentence| (sentence.start, sentence.end))
            .collect();
        scores.sentences += sorted_span_counts(&self.sentences, &predicted_sentences);
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
        scores.boundaries += sorted_span_counts(&gold_boundaries, &predicted_boundaries);
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

/// Counts two sorted span lists, matching the spans they share.
fn sorted_span_counts(gold: &[(usize, usize)], predicted: &[(usize, usize)]) -> Counts {
    Counts::one_to_one(
        gold.len(),
        predicted.len(),
        count_common_sorted(gold, predicted),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A CoNLL-U word line with only the columns the evaluation reads filled in.
    fn word(id: &str, form: &str) -> String {
        format!("{id}\t{form}\t_\t_\t_\t_\t_\t_\t_\t_\n")
    }

    fn two_paragraph_document() -> String {
        let mut conllu = String::from("# newdoc id = wire_1\n# newpar id = p1\n");
        conllu.push_str("# sent_id = 1\n# text = Mr. Lee didn't go.\n");
        for (id, form) in [
            ("1", "Mr."),
            ("2", "Lee"),
            ("3-4", "didn't"),
            ("3", "did"),
            ("4", "n't"),
            ("5", "go"),
            ("6", "."),
        ] {
            conllu.push_str(&word(id, form));
        }
        conllu.push_str("\n# sent_id = 2\n# text = He stayed.\n");
        conllu.push_str(&(word("1", "He") + &word("2", "stayed") + &word("3", ".")));
        conllu.push_str("\n# newpar id = p2\n# sent_id = 3\n# text = Talks end\n");
        conllu.push_str(&(word("1", "Talks") + &word("2", "end")));
        conllu
    }

    #[test]
    fn a_document_segmented_as_gold_scores_full_marks() {
        let scores = evaluate_on_conllu(&two_paragraph_document()).unwrap();
        assert_eq!(scores.documents, 1);
        let all = |count| Counts::one_to_one(count, count, count);
        assert_eq!(scores.tokens, all(11));
        assert_eq!(scores.sentences, all(3));
        // Only the first sentence ends inside a paragraph.
        assert_eq!(scores.boundaries, all(1));
        assert_eq!(scores.tokens.f1(), 1.0);
    }

    #[test]
    fn a_missed_boundary_costs_recall_and_the_merged_sentence() {
        let mut conllu = String::from("# newdoc id = wire_2\n# text = Talks ended\n");
        conllu.push_str(&(word("1", "Talks") + &word("2", "ended")));
        conllu.push_str("\n# text = Troops left.\n");
        conllu.push_str(&(word("1", "Troops") + &word("2", "left") + &word("3", ".")));
        let scores = evaluate_on_conllu(&conllu).unwrap();
        assert_eq!(scores.sentences, Counts::one_to_one(2, 1, 0));
        assert_eq!(
            (scores.boundaries.gold, scores.boundaries.gold_matched),
            (1, 0)
        );
        assert_eq!(scores.boundaries.recall(), 0.0);
        assert_eq!(scores.tokens.predicted_matched, 5);
    }

    #[test]
    fn documents_can_be_selected_by_id() {
        let scores =
            evaluate_documents_on_conllu(&two_paragraph_document(), |id| id == "wire_1").unwrap();
        assert_eq!(scores.documents, 1);
        let none = evaluate_documents_on_conllu(&two_paragraph_document(), |id| {
            id.starts_with("GUM_news_")
        })
        .unwrap();
        assert_eq!(none, SegmentationScores::default());
    }

    #[test]
    fn malformed_input_is_an_error_naming_the_line() {
        assert_eq!(
            evaluate_on_conllu("# text = a\n1\ta\n"),
            Err(ConlluError::MissingColumns { line: 2, found: 2 })
        );
        assert_eq!(
            evaluate_on_conllu(&word("1", "a")),
            Err(ConlluError::WordWithoutText { line: 1 })
        );
        assert_eq!(
            evaluate_on_conllu(&format!("# text = a\n{}", word("1", "b"))),
            Err(ConlluError::FormNotInText {
                line: 2,
                form: "b".to_owned()
            })
        );
    }

    fn conllu_like() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("# newdoc id = d".to_owned()),
            Just("# newpar".to_owned()),
            "# text = [a-z .']{0,12}".prop_map(String::from),
            ("[0-9]{1,2}(-[0-9])?(\\.1)?", "[a-z.']{0,3}")
                .prop_map(|(id, form)| word(&id, &form).trim_end().to_owned()),
            Just(String::new()),
        ];
        prop::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(input in any::<String>()) {
            let _ = evaluate_on_conllu(&input);
        }

        #[test]
        fn conllu_like_input_never_panics_and_counts_stay_consistent(input in conllu_like()) {
            if let Ok(scores) = evaluate_on_conllu(&input) {
                for counts in [scores.tokens, scores.sentences, scores.boundaries] {
                    prop_assert!(counts.predicted_matched <= counts.gold.min(counts.predicted));
                }
            }
        }
    }
}

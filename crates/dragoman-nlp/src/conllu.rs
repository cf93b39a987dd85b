//! A reader for the CoNLL-U treebank format (basic dependencies only).
//!
//! Multiword token lines (`3-4 don't`) are skipped because their parts follow
//! as words, and empty nodes (`5.1`) are skipped because they belong to the
//! enhanced graph, which the models do not predict.

use crate::NlpError;

/// One syntactic word of a treebank sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GoldWord {
    pub(crate) form: String,
    pub(crate) lemma: String,
    pub(crate) upos: String,
    pub(crate) xpos: String,
    /// 1-based head, 0 for the root (as in the file).
    pub(crate) head: usize,
    pub(crate) deprel: String,
}

pub(crate) type GoldSentence = Vec<GoldWord>;

/// Reads every sentence of `text`, checking word numbering and heads.
pub(crate) fn parse(text: &str) -> Result<Vec<GoldSentence>, NlpError> {
    let mut sentences = Vec::new();
    let mut current: GoldSentence = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                check_heads(&current, line_number)?;
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(malformed(
                line_number,
                format!("expected 10 tab-separated columns, found {}", columns.len()),
            ));
        }
        let id = columns[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let expected = current.len() + 1;
        if id.parse::<usize>().ok() != Some(expected) {
            return Err(malformed(
                line_number,
                format!("expected word number {expected}, found {id:?}"),
            ));
        }
        let head = columns[6].parse::<usize>().map_err(|_| {
            malformed(
                line_number,
                format!("head {:?} is not a number", columns[6]),
            )
        })?;
        current.push(GoldWord {
            form: columns[1].to_owned(),
            lemma: columns[2].to_owned(),
            upos: columns[3].to_owned(),
            xpos: columns[4].to_owned(),
            head,
            deprel: columns[7].to_owned(),
        });
    }
    if !current.is_empty() {
        check_heads(&current, text.lines().count())?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn check_heads(sentence: &GoldSentence, line_number: usize) -> Result<(), NlpError> {
    match sentence.iter().find(|word| word.head > sentence.len()) {
        Some(word) => Err(malformed(
            line_number,
            format!("head {} lies outside its sentence", word.head),
        )),
        None => Ok(()),
    }
}

fn malformed(line: usize, message: String) -> NlpError {
    NlpError::Conllu { line, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = "# text = Officials don't agree.\n\
        1\tOfficials\tofficial\tNOUN\tNNS\t_\t4\tnsubj\t_\t_\n\
        2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
        3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
        4\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\t_\n\
        4.1\tagree\tagree\tVERB\tVB\t_\t_\t_\t_\t_\n\
        5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_and_skips_multiword_tokens_and_empty_nodes() {
        let sentences = parse(SAMPLE).unwrap();
        assert_eq!(sentences.len(), 1);
        let forms: Vec<&str> = sentences[0].iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["Officials", "do", "n't", "agree", "."]);
        assert_eq!(sentences[0][2].lemma, "not");
        assert_eq!(sentences[0][3].head, 0);
        assert_eq!(sentences[0][0].deprel, "nsubj");
    }

    #[test]
    fn bad_numbering_and_heads_are_errors_with_a_line() {
        let skipped = "1\ta\ta\tX\tXX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tXX\t_\t1\tdep\t_\t_\n";
        assert!(matches!(
            parse(skipped),
            Err(NlpError::Conllu { line: 2, .. })
        ));
        let far_head = "1\ta\ta\tX\tXX\t_\t7\troot\t_\t_\n\n";
        assert!(matches!(parse(far_head), Err(NlpError::Conllu { .. })));
        let short = "1\ta\ta\n";
        assert!(matches!(
            parse(short),
            Err(NlpError::Conllu { line: 1, .. })
        ));
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "[0-9a-z\\t\\n#.-]{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn well_formed_sentences_round_trip(heads in proptest::collection::vec(0usize..5, 1..5)) {
            let length = heads.len();
            let text: String = heads
                .iter()
                .enumerate()
                .map(|(index, head)| {
                    let head = head % (length + 1);
                    format!("{}\tw\tw\tX\tXX\t_\t{head}\tdep\t_\t_\n", index + 1)
                })
                .collect();
            let sentences = parse(&text).unwrap();
            prop_assert_eq!(sentences.len(), 1);
            prop_assert_eq!(sentences[0].len(), length);
        }
    }
}

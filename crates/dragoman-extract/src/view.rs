//! A read-only view of one segmented text with the token-level helpers every
//! component shares: casing, lowercase keys without allocation, sentence and
//! paragraph of a token.

use dragoman_lexicon::{Lexicon, ReportingVerb};
use dragoman_text::{QuoteDirection, Segmentation, Token, TokenKind};

pub(crate) struct TextView<'a> {
    pub(crate) text: &'a str,
    pub(crate) tokens: &'a [Token],
    pub(crate) segmentation: &'a Segmentation,
    pub(crate) lexicon: &'a Lexicon,
    /// The sentence of every token; sentences partition the tokens.
    sentence_of: Vec<u32>,
}

/// Lowercase particles that stand inside names: "Sabah al-Numan",
/// "Osama bin Laden", "Charles de Gaulle".
const NAME_PARTICLES: [&str; 12] = [
    "al", "el", "bin", "ibn", "bint", "de", "da", "du", "van", "von", "der", "ul",
];

pub(crate) fn is_name_particle(word: &str) -> bool {
    NAME_PARTICLES
        .iter()
        .any(|particle| word.eq_ignore_ascii_case(particle))
}

/// "himself", "herself", "themselves", "itself": the parser may take one
/// for the subject in "Cruz himself said".
pub(crate) fn is_reflexive(word: &str) -> bool {
    ["himself", "herself", "themselves", "itself"]
        .iter()
        .any(|reflexive| word.eq_ignore_ascii_case(reflexive))
}

/// Double quotation marks. Single marks double as apostrophes and only nest
/// inside double ones in wire copy, so they never open a quotation here.
pub(crate) fn is_double_quote_mark(mark: &str) -> bool {
    matches!(
        mark,
        "\"" | "“" | "”" | "„" | "«" | "»" | "‟" | "〝" | "〞" | "＂"
    )
}

impl<'a> TextView<'a> {
    pub(crate) fn new(text: &'a str, segmentation: &'a Segmentation, lexicon: &'a Lexicon) -> Self {
        let mut sentence_of = vec![0; segmentation.tokens.len()];
        for (index, sentence) in segmentation.sentences.iter().enumerate() {
            let tokens = sentence.tokens.start.min(sentence_of.len())
                ..sentence.tokens.end.min(sentence_of.len());
            sentence_of[tokens].fill(index as u32);
        }
        TextView {
            text,
            tokens: &segmentation.tokens,
            segmentation,
            lexicon,
            sentence_of,
        }
    }

    pub(crate) fn word(&self, token: usize) -> &'a str {
        self.tokens[token].text(self.text)
    }

    pub(crate) fn kind(&self, token: usize) -> TokenKind {
        self.tokens[token].kind
    }

    pub(crate) fn sentence_of(&self, token: usize) -> usize {
        self.sentence_of[token] as usize
    }

    /// The token range of the sentence holding `token`.
    pub(crate) fn sentence_tokens(&self, token: usize) -> std::ops::Range<usize> {
        self.segmentation.sentences[self.sentence_of(token)]
            .tokens
            .clone()
    }

    pub(crate) fn paragraph_of(&self, token: usize) -> usize {
        self.segmentation.sentences[self.sentence_of(token)].paragraph
    }

    /// A word that starts with an uppercase letter.
    pub(crate) fn is_capitalised(&self, token: usize) -> bool {
        self.kind(token) == TokenKind::Word
            && self
                .word(token)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    pub(crate) fn is_word(&self, token: usize, word: &str) -> bool {
        self.word(token).eq_ignore_ascii_case(word)
    }

    pub(crate) fn is_punctuation(&self, token: usize, mark: &str) -> bool {
        self.kind(token) == TokenKind::Punctuation && self.word(token) == mark
    }

    /// Whether two consecutive tokens touch with no space between ("al" "-").
    pub(crate) fn attached(&self, left: usize, right: usize) -> bool {
        self.tokens[left].end == self.tokens[right].start
    }

    pub(crate) fn double_quote(&self, token: usize) -> Option<QuoteDirection> {
        let candidate = &self.tokens[token];
        if candidate.kind != TokenKind::Quote || !is_double_quote_mark(candidate.text(self.text)) {
            return None;
        }
        candidate.quote_direction(self.text)
    }

    /// Writes the [`dragoman_lexicon::phrase_key`] of tokens `first..end` into
    /// `key`, reusing its allocation.
    pub(crate) fn phrase_key_into(&self, first: usize, end: usize, key: &mut String) {
        key.clear();
        let slice = &self.text[self.tokens[first].start..self.tokens[end - 1].end];
        let mut in_space = false;
        for character in slice.chars() {
            if character.is_whitespace() {
                in_space = true;
                continue;
            }
            if in_space {
                key.push(' ');
                in_space = false;
            }
            if character.is_ascii() {
                key.push(character.to_ascii_lowercase());
            } else {
                key.extend(character.to_lowercase());
            }
        }
    }

    /// The longest title starting at `first` (at most `limit` tokens, within
    /// `end`) accepted by `accept`, as its end token.
    pub(crate) fn title_at(
        &self,
        first: usize,
        end: usize,
        key: &mut String,
        accept: impl Fn(&dragoman_lexicon::Title) -> bool,
    ) -> Option<usize> {
        if self.kind(first) != TokenKind::Word {
            return None;
        }
        self.phrase_key_into(first, first + 1, key);
        if !self.lexicon.starts_title(key) {
            return None;
        }
        // Titles span up to a few words; "commander-in-chief" is five tokens.
        let limit = (self.lexicon.longest_title_words() * 3).min(end - first);
        (1..=limit).rev().find_map(|length| {
            let last = first + length - 1;
            if self.kind(last) != TokenKind::Word && !self.word(last).ends_with('.') {
                return None;
            }
            self.phrase_key_into(first, first + length, key);
            self.lexicon
                .title(key)
                .filter(|title| accept(title))
                .map(|_| first + length)
        })
    }

    /// The reporting verb starting at `first` within `end`, with its end token.
    pub(crate) fn reporting_verb_at(
        &self,
        first: usize,
        end: usize,
        key: &mut String,
    ) -> Option<(usize, &'a ReportingVerb)> {
        // A capitalised "Said" inside a sentence is a name, not a verb, and
        // "so-called" reports nobody.
        let so_called = first >= 2
            && self.is_punctuation(first - 1, "-")
            && self.word(first - 2).eq_ignore_ascii_case("so");
        if self.kind(first) != TokenKind::Word
            || (self.is_capitalised(first) && !self.sentence_starts_at(first))
            || so_called
        {
            return None;
        }
        self.phrase_key_into(first, first + 1, key);
        let limit = if self.lexicon.starts_multiword_reporting_verb(key) {
            self.lexicon.longest_reporting_verb_words().min(end - first)
        } else {
            1
        };
        (1..=limit).rev().find_map(|length| {
            self.phrase_key_into(first, first + length, key);
            self.lexicon
                .reporting_verb(key)
                .map(|verb| (first + length, verb))
        })
    }

    pub(crate) fn sentence_starts_at(&self, token: usize) -> bool {
        self.sentence_tokens(token).start == token
    }

    /// The first token at or after byte `offset`.
    pub(crate) fn token_from(&self, offset: usize) -> usize {
        self.tokens.partition_point(|token| token.start < offset)
    }

    /// One past the last token ending at or before byte `offset`.
    pub(crate) fn token_until(&self, offset: usize) -> usize {
        self.tokens.partition_point(|token| token.end <= offset)
    }
}

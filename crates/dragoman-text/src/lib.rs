//! Segmentation of news text into paragraphs, sentences and tokens.
//!
//! Every unit is a byte range into the input; nothing is copied or altered.
//! Tokens follow the Universal Dependencies English conventions (clitics such
//! as `'s` and `n't` and word-internal hyphens are tokens of their own) so
//! that the statistical models see at run time what they were trained on.
//!
//! Invariants: tokens are in order, do not overlap, lie inside the text and
//! cover every byte that is not [`is_space`] (white space and invisible
//! format marks such as U+200B and U+FEFF); sentences never cross a paragraph
//! break (a blank line) and partition the tokens.
//!
//! This crate must never alter or copy the text, allocate per token, read
//! files, or panic on any input: it is the first stage every article goes
//! through. [`evaluate_on_conllu`] measures it against Universal Dependencies
//! gold data given as a string by the caller.

mod abbreviations;
mod chars;
mod evaluate;
mod sentences;
mod tokens;

use std::ops::Range;

pub use chars::{is_space, shape_class};
pub use evaluate::{
    ConlluError, SegmentationScores, evaluate_documents_on_conllu, evaluate_on_conllu,
};

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

    /// For a [`TokenKind::Quote`] token, whether it opens or closes a quotation.
    ///
    /// Curly and angle quotes say so by their shape; a straight quote opens
    /// when it follows the start of the text, whitespace, an opening bracket
    /// or a dash and is followed by something other than whitespace. A lone
    /// `'` or `’` after a word (`parents'`) reads as closing, and so does a
    /// `“` glued to a word and followed by a space.
    pub fn quote_direction(&self, text: &str) -> Option<QuoteDirection> {
        if self.kind != TokenKind::Quote {
            return None;
        }
        let mark = chars::char_at(text, self.start);
        let glued_to_previous =
            chars::char_before(text, self.start).is_some_and(|before| !chars::is_space(before));
        let followed = text[self.end..]
            .chars()
            .next()
            .is_some_and(|after| !chars::is_space(after));
        if chars::is_opening_quote_shape(mark) {
            // A typo such as `decision.“ However` closes with the wrong shape.
            let misshapen_closer = glued_to_previous && !followed && matches!(mark, '“' | '‘');
            return Some(if misshapen_closer {
                QuoteDirection::Closing
            } else {
                QuoteDirection::Opening
            });
        }
        if chars::is_closing_quote_shape(mark) {
            return Some(QuoteDirection::Closing);
        }
        let opens_after = chars::char_before(text, self.start).is_none_or(|before| {
            chars::is_space(before)
                || chars::is_opening_bracket(before)
                || chars::is_dash(before)
                || chars::is_opening_quote_shape(before)
        });
        Some(if opens_after && followed {
            QuoteDirection::Opening
        } else {
            QuoteDirection::Closing
        })
    }
}

/// Whether a quotation mark opens or closes a quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteDirection {
    Opening,
    Closing,
}

/// The coarse kind of a token, decided from its characters alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Words, clitics (`'s`, `n't`), abbreviations with their period
    /// (`Gen.`, `U.S.`), host and file names (`Amazon.com`), handles and
    /// hashtags (`@Wirewatch`, `#ceasefire`).
    Word,
    /// Tokens starting with a digit: `1,200`, `3.5`, `10:30`, `9/11`, `3rd`;
    /// a glued unit is a word of its own (`2.5bn` → `2.5` `bn`), as in EWT.
    Number,
    /// A quotation mark, straight or curly, single or double.
    Quote,
    Punctuation,
    Symbol,
    /// A URL (`https://…`, `www.…`) or an e-mail address, kept whole.
    Url,
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
    /// Byte ranges of the paragraphs, separated by blank lines (or U+2029)
    /// and trimmed to their first and last token.
    pub paragraphs: Vec<Range<usize>>,
}

/// Splits `text` into paragraphs, sentences and tokens.
///
/// An abbreviation that ends a sentence gives its period back as a `.` token
/// (`in the U.S.` → `U.S` `.`), as UD EWT writes it; the period is never
/// counted twice.
///
/// Never fails: any string, however odd, gets a segmentation that satisfies
/// the invariants of this crate.
pub fn segment(text: &str) -> Segmentation {
    let mut segmentation = Segmentation {
        // News averages about six bytes per token; one reservation avoids
        // regrowing the vector on articles, and the cap keeps a huge input
        // of mostly white space from reserving gigabytes up front.
        tokens: Vec::with_capacity((text.len() / 5 + 1).min(1 << 20)),
        ..Segmentation::default()
    };
    let mut paragraph_tokens = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let (chunk_start, breaks_paragraph) = skip_whitespace(text, at);
        if breaks_paragraph {
            finish_paragraph(text, &mut paragraph_tokens, &mut segmentation);
        }
        if chunk_start >= text.len() {
            break;
        }
        let chunk_end = tokens::chunk_end(text, chunk_start, text.len());
        tokens::tokenize_chunk(text, chunk_start, chunk_end, &mut paragraph_tokens);
        at = chunk_end;
    }
    finish_paragraph(text, &mut paragraph_tokens, &mut segmentation);
    segmentation
}

/// Skips whitespace from `start`; returns where the next chunk starts and
/// whether the whitespace held a blank line (two line breaks, or a Unicode
/// paragraph separator).
fn skip_whitespace(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut line_breaks = 0;
    let mut at = start;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte < 0x80 {
            if chars::ASCII_CLASSES[byte as usize] != chars::AsciiClass::Space {
                break;
            }
            line_breaks += usize::from(byte == b'\n');
            at += 1;
        } else {
            let character = chars::char_at(text, at);
            if !chars::is_space(character) {
                break;
            }
            line_breaks += match character {
                '\u{2029}' => 2,
                '\u{2028}' | '\u{0085}' => 1,
                _ => 0,
            };
            at += character.len_utf8();
        }
    }
    (at, line_breaks >= 2)
}

fn finish_paragraph(
    text: &str,
    paragraph_tokens: &mut Vec<Token>,
    segmentation: &mut Segmentation,
) {
    let (Some(first), Some(last)) = (paragraph_tokens.first(), paragraph_tokens.last()) else {
        return;
    };
    let index = segmentation.paragraphs.len();
    segmentation.paragraphs.push(first.start..last.end);
    sentences::split_paragraph(
        text,
        paragraph_tokens,
        index,
        &mut segmentation.tokens,
        &mut segmentation.sentences,
    );
    paragraph_tokens.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens of `input` joined by `|`.
    fn tokens_of(input: &str) -> String {
        let segmentation = segment(input);
        let surfaces: Vec<&str> = segmentation
            .tokens
            .iter()
            .map(|token| token.text(input))
            .collect();
        surfaces.join("|")
    }

    /// Sentences of `input` joined by `||`.
    fn sentences_of(input: &str) -> String {
        let segmentation = segment(input);
        let surfaces: Vec<&str> = segmentation
            .sentences
            .iter()
            .map(|sentence| &input[sentence.start..sentence.end])
            .collect();
        surfaces.join("||")
    }

    /// One case per line: `input` and its expected tokens (`a|b`) or
    /// sentences (`first||second`), depending on which `expect` holds.
    fn check(input: &str, expected: &str) {
        let actual = if expected.contains("||") || !expected.contains('|') {
            sentences_of(input)
        } else {
            tokens_of(input)
        };
        assert_eq!(actual, expected, "input: {input:?}");
        assert_invariants(input, &segment(input));
    }

    #[test]
    fn tokens_follow_ewt_conventions() {
        check("Iran's envoy", "Iran|'s|envoy");
        check("Iran’s envoy", "Iran|’s|envoy");
        check("I don't know", "I|do|n't|know");
        check("they can't, won't", "they|ca|n't|,|wo|n't");
        check("DON’T go", "DO|N’T|go");
        check(
            "I'm sure we've seen they're here",
            "I|'m|sure|we|'ve|seen|they|'re|here",
        );
        check("he'll say I'd go", "he|'ll|say|I|'d|go");
        check("the parents' view", "the|parents|'|view");
        check(
            "Qa'ani met O'Brien of Ma’ariv",
            "Qa'ani|met|O'Brien|of|Ma’ariv",
        );
        check("O'Brien's team", "O'Brien|'s|team");
        check("the U.S.'s role", "the|U.S.|'s|role");
        check("a U.S.-led force", "a|U.S.|-|led|force");
        check("al-Sudani said", "al|-|Sudani|said");
        check("a 26-year-old man", "a|26|-|year|-|old|man");
        check("a 12,000-strong force", "a|12,000|-|strong|force");
        check(
            "send an e-mail to the co-founder",
            "send|an|e-mail|to|the|co-founder",
        );
        check(
            "he was re-elected in a non-binding vote",
            "he|was|re-elected|in|a|non-binding|vote",
        );
        check("call 713-853-3989 now", "call|713-853-3989|now");
        check("it cannot be", "it|can|not|be");
        check("we're gonna win", "we|'re|gon|na|win");
        check("Mr. Smith and Gen. Jones", "Mr.|Smith|and|Gen.|Jones");
        check("Lt. Col. Ray Sgt. Park", "Lt.|Col.|Ray|Sgt.|Park");
        check(
            "John F. Kennedy and J.R.R. Tolkien",
            "John|F.|Kennedy|and|J.R.R.|Tolkien",
        );
        check("at 5 p.m. on Sept. 3", "at|5|p.m.|on|Sept.|3");
        check(
            "Acme Inc. and Bolt Corp. vs. Dune Ltd.",
            "Acme|Inc.|and|Bolt|Corp.|vs.|Dune|Ltd|.",
        );
        check("No. 3 seed", "No.|3|seed");
        check(
            "Sen. Ames, Rep. Bell, Gov. Cole met at St. Paul’s",
            "Sen.|Ames|,|Rep.|Bell|,|Gov.|Cole|met|at|St.|Paul|’s",
        );
        check("U.K. and U.N. staff", "U.K.|and|U.N.|staff");
        check(
            "on Feb. 3, Aug. 4 and Jan. 9",
            "on|Feb.|3|,|Aug.|4|and|Jan.|9",
        );
        check("inter\u{ad}national", "inter\u{ad}national");
        check("\u{feff}Iraq\u{200b}news \u{200e} now", "Iraq|news|now");
        check(
            "rose 3.5 percent to 1,200,000",
            "rose|3.5|percent|to|1,200,000",
        );
        check("a $1.2 million deal", "a|$|1.2|million|deal");
        check(
            "costs 2.5bn euros, 50% more",
            "costs|2.5|bn|euros|,|50|%|more",
        );
        check(
            "a 375mm shell at 5pm, 11:30AM",
            "a|375|mm|shell|at|5|pm|,|11:30|AM",
        );
        check(
            "the 3rd, 1990s, 4G and F16 era",
            "the|3rd|,|1990s|,|4G|and|F16|era",
        );
        check("at 10:30 on 9/11", "at|10:30|on|9/11");
        check("and/or", "and|/|or");
        check("AT&T shares", "AT&T|shares");
        check(
            "see https://example.org/a?b=1, now",
            "see|https://example.org/a?b=1|,|now",
        );
        check("(www.example.com)", "(|www.example.com|)");
        check(
            "write to press@example.org.",
            "write|to|press@example.org|.",
        );
        check(
            "bought from Amazon.com today",
            "bought|from|Amazon.com|today",
        );
        check("he said \"no.\"", "he|said|\"|no|.|\"");
        check("“Yes,” she said", "“|Yes|,|”|she|said");
        check("wait... what…", "wait|...|what|…");
        check("Wow!!! Really?!", "Wow|!!!|Really|?!");
        check("troops — and tanks – moved", "troops|—|and|tanks|–|moved");
        check("Pérez’s café", "Pérez|’s|café");
        check("Cafe\u{301} open", "Cafe\u{301}|open");
        check("[sic]", "[|sic|]");
        check(
            "wrote @Wirewatch on #ceasefire day",
            "wrote|@Wirewatch|on|#ceasefire|day",
        );
        check("ask me @ 5 # 3", "ask|me|@|5|#|3");
        check("(@Nigel_Farage_) _x", "(|@Nigel_Farage_|)|_|x");
        check(
            "see pic.twitter.com/Ab12 now",
            "see|pic.twitter.com/Ab12|now",
        );
        check("==== *** $$$ <<", "====|***|$$$|<<");
        check("see Lisa_resume.doc", "see|Lisa_resume.doc");
        check("great :) thanks", "great|:)|thanks");
        check("note: more", "note|:|more");
        check("(p. 163) more", "(|p.|163|)|more");
    }

    #[test]
    fn sentences_handle_news_copy() {
        check(
            "It was wrong.“ However, he left.",
            "It was wrong.“||However, he left.",
        );
        check("He left. She stayed.", "He left.||She stayed.");
        check(
            "Mr. Smith met Gen. Jones. They talked.",
            "Mr. Smith met Gen. Jones.||They talked.",
        );
        check(
            "He lives in the U.S. Army bases are near.",
            "He lives in the U.S. Army bases are near.",
        );
        check(
            "He lives in the U.S. The rest moved.",
            "He lives in the U.S.||The rest moved.",
        );
        check(
            "They met at 5 p.m. Officials said so.",
            "They met at 5 p.m.||Officials said so.",
        );
        check(
            "They met at 5 p.m. Monday in Rome.",
            "They met at 5 p.m. Monday in Rome.",
        );
        check(
            "It was founded on Jan. 5 by Acme Inc. The firm grew.",
            "It was founded on Jan. 5 by Acme Inc.||The firm grew.",
        );
        check("John F. Kennedy spoke.", "John F. Kennedy spoke.");
        check(
            "It rose 3.5 percent. Prices fell.",
            "It rose 3.5 percent.||Prices fell.",
        );
        check(
            "He said \"no.\" Then he left.",
            "He said \"no.\"||Then he left.",
        );
        check(
            "“We will fight. We will win,” he said.",
            "“We will fight.||We will win,” he said.",
        );
        check("\"Why?\" he asked.", "\"Why?\" he asked.");
        check("He left (for good.) Then", "He left (for good.)||Then");
        check(
            "It ended in 2019. 2020 was worse.",
            "It ended in 2019.||2020 was worse.",
        );
        check("Wait... The rest.", "Wait...||The rest.");
        check(
            "He posted on X. Karua said so.",
            "He posted on X.||Karua said so.",
        );
        check("a poem of W. H. Longfellow", "a poem of W. H. Longfellow");
        check("he nominated A. Noel Kramer", "he nominated A. Noel Kramer");
        check("We waited… Nothing came.", "We waited…||Nothing came.");
        check(
            "the so-called … Islamic State",
            "the so-called … Islamic State",
        );
        check(
            "Headline Without Stop\n\nBody text here.",
            "Headline Without Stop||Body text here.",
        );
        check("one line\nwraps here.", "one line\nwraps here.");
        check(
            "BAGHDAD, March 2 (Reuters) — Iraqi forces moved.",
            "BAGHDAD, March 2 (Reuters) — Iraqi forces moved.",
        );
        check(
            "Key points:\n• Talks resume\n• Troops withdraw",
            "Key points:||• Talks resume||• Troops withdraw",
        );
        check(
            "1. Ceasefire holds.\n2. Talks resume.",
            "1. Ceasefire holds.||2. Talks resume.",
        );
        check(
            "He cited e.g. costs. Others agreed.",
            "He cited e.g. costs.||Others agreed.",
        );
        check(
            "The vote was No. 3 on the list.",
            "The vote was No. 3 on the list.",
        );
        check("He said No. Then he left.", "He said No.||Then he left.");
        check(
            "Fuel, food, etc. The rest waited.",
            "Fuel, food, etc.||The rest waited.",
        );
        check(
            "The U.K. Foreign Office and the U.N. Security Council met.",
            "The U.K. Foreign Office and the U.N. Security Council met.",
        );
        check(
            "Talks in the U.K. But no deal.",
            "Talks in the U.K.||But no deal.",
        );
        check(
            "Sen. Ames and Lt. Col. Bell met Sgt. Cole on St. Mark's Square.",
            "Sen. Ames and Lt. Col. Bell met Sgt. Cole on St. Mark's Square.",
        );
        check(
            "They left in Aug. The rest stayed.",
            "They left in Aug.||The rest stayed.",
        );
        check("Stop! Now.", "Stop!||Now.");
        check(
            "It starts at 9 a.m. Eastern time.",
            "It starts at 9 a.m. Eastern time.",
        );
        check(
            "Prices incl. taxes rose. Roe v. Wade stands.",
            "Prices incl. taxes rose.||Roe v. Wade stands.",
        );
        check("prices rose. then fell", "prices rose.||then fell");
        check(
            "It ended in 1961. #NoDeal pic.twitter.com/Ab1",
            "It ended in 1961.||#NoDeal pic.twitter.com/Ab1",
        );
        check(
            "See the film. https://example.org/f is up.",
            "See the film.||https://example.org/f is up.",
        );
        check(
            "It fell. $5 million was lost.",
            "It fell.||$5 million was lost.",
        );
        check("We won! :) Great.", "We won! :)||Great.");
        check(
            "\"Why now?\" Karim Said asked. He left.",
            "\"Why now?\" Karim Said asked.||He left.",
        );
        check(
            "“Enough!” Gen. Ray Toll shouted.",
            "“Enough!” Gen. Ray Toll shouted.",
        );
        check(
            "\"We won.\" Ames said the vote was fair.",
            "\"We won.\"||Ames said the vote was fair.",
        );
        check("\"Why?\" Talks resumed.", "\"Why?\"||Talks resumed.");
    }

    #[test]
    fn sentence_final_abbreviation_gives_its_period_to_the_sentence() {
        check("They are in the U.S.", "They|are|in|the|U.S|.");
        check("It is Acme Inc. The firm", "It|is|Acme|Inc|.|The|firm");
    }

    #[test]
    fn paragraphs_are_blank_line_separated_and_trimmed() {
        let text = "  First para.\r\n\r\nSecond\none. \n \t\nThird";
        let segmentation = segment(text);
        let paragraphs: Vec<&str> = segmentation
            .paragraphs
            .iter()
            .map(|range| &text[range.clone()])
            .collect();
        assert_eq!(paragraphs, ["First para.", "Second\none.", "Third"]);
        let sentence_paragraphs: Vec<usize> = segmentation
            .sentences
            .iter()
            .map(|sentence| sentence.paragraph)
            .collect();
        assert_eq!(sentence_paragraphs, [0, 1, 2]);
    }

    #[test]
    fn token_kinds_tell_words_numbers_quotes_punctuation_symbols_and_urls() {
        let text = "Iran's 1,200 \"troops\" — $5 http://a.io @Wirewatch";
        let kinds: Vec<TokenKind> = segment(text)
            .tokens
            .iter()
            .map(|token| token.kind)
            .collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [
                Word,
                Word,
                Number,
                Quote,
                Word,
                Quote,
                Punctuation,
                Symbol,
                Number,
                Url,
                Word
            ]
        );
    }

    #[test]
    fn straight_quotes_get_their_direction_from_context() {
        let text = "He said \"no\" and ('yes') “maybe” parents' view";
        let segmentation = segment(text);
        let directions: Vec<QuoteDirection> = segmentation
            .tokens
            .iter()
            .filter_map(|token| token.quote_direction(text))
            .collect();
        use QuoteDirection::*;
        assert_eq!(
            directions,
            [
                Opening, Closing, Opening, Closing, Opening, Closing, Closing
            ]
        );
        assert_eq!(segmentation.tokens[0].quote_direction(text), None);
    }

    #[test]
    fn empty_and_blank_texts_have_no_units() {
        for text in ["", " ", "\n\n\t", "\u{2029}"] {
            assert_eq!(segment(text), Segmentation::default());
        }
    }

    /// Checks every documented invariant of a segmentation of `text`.
    pub(crate) fn assert_invariants(text: &str, segmentation: &Segmentation) {
        let mut covered = 0;
        for token in &segmentation.tokens {
            assert!(token.start < token.end, "empty token {token:?}");
            assert!(token.start >= covered, "overlap or disorder at {token:?}");
            assert!(token.end <= text.len());
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            assert!(
                text[covered..token.start].chars().all(is_space),
                "uncovered non-whitespace before {token:?} in {text:?}"
            );
            assert!(!token.text(text).chars().any(is_space));
            covered = token.end;
        }
        assert!(text[covered..].chars().all(is_space));

        let mut next_token = 0;
        let mut previous_paragraph = 0;
        for sentence in &segmentation.sentences {
            assert_eq!(
                sentence.tokens.start, next_token,
                "sentences must partition tokens"
            );
            assert!(!sentence.tokens.is_empty());
            next_token = sentence.tokens.end;
            let first = segmentation.tokens[sentence.tokens.start];
            let last = segmentation.tokens[sentence.tokens.end - 1];
            assert_eq!((sentence.start, sentence.end), (first.start, last.end));
            assert!(sentence.paragraph >= previous_paragraph);
            previous_paragraph = sentence.paragraph;
            let paragraph = &segmentation.paragraphs[sentence.paragraph];
            assert!(paragraph.start <= sentence.start && sentence.end <= paragraph.end);
        }
        assert_eq!(next_token, segmentation.tokens.len());
        for pair in segmentation.paragraphs.windows(2) {
            assert!(pair[0].end < pair[1].start);
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Fragments of wire copy whose combinations exercise every rule.
        const PIECES: &[&str] = &[
            "Mr.",
            "U.S.",
            "p.m.",
            "Gen.",
            "Jan.",
            "Inc.",
            "No.",
            "J.R.R.",
            "F.",
            "Iran's",
            "don't",
            "can’t",
            "O'Brien",
            "al-Sudani",
            "26-year-old",
            "1,200",
            "3.5",
            "$",
            "%",
            "\"",
            "“",
            "”",
            "'",
            "’",
            "(",
            ")",
            "—",
            "–",
            "-",
            "...",
            "…",
            ".",
            "!",
            "?",
            ",",
            ":",
            "said",
            "The",
            "officials",
            "https://a.org/x",
            "a@b.co",
            "•",
            "1.",
            "é",
            "\u{301}",
            "\u{2029}",
            "\u{a0}",
            " ",
            " ",
            " ",
            "\n",
            "\n\n",
            "\r\n",
        ];

        fn news_like() -> impl Strategy<Value = String> {
            prop::collection::vec(
                (
                    prop::sample::select(PIECES),
                    prop::sample::select(&[" ", "", "\n"][..]),
                ),
                0..40,
            )
            .prop_map(|parts| {
                parts
                    .into_iter()
                    .flat_map(|(piece, separator)| [piece, separator])
                    .collect()
            })
        }

        proptest! {
            #[test]
            fn arbitrary_unicode_keeps_the_invariants(text in any::<String>()) {
                assert_invariants(&text, &segment(&text));
            }

            #[test]
            fn news_like_text_keeps_the_invariants(text in news_like()) {
                assert_invariants(&text, &segment(&text));
            }

            #[test]
            fn segmenting_a_paragraph_alone_gives_the_same_sentences(text in news_like()) {
                let whole = segment(&text);
                for (index, paragraph) in whole.paragraphs.iter().enumerate() {
                    let alone = segment(&text[paragraph.clone()]);
                    let expected: Vec<(usize, usize)> = whole
                        .sentences
                        .iter()
                        .filter(|sentence| sentence.paragraph == index)
                        .map(|sentence| (sentence.start - paragraph.start, sentence.end - paragraph.start))
                        .collect();
                    let actual: Vec<(usize, usize)> = alone
                        .sentences
                        .iter()
                        .map(|sentence| (sentence.start, sentence.end))
                        .collect();
                    prop_assert_eq!(actual, expected);
                }
            }
        }
    }
}

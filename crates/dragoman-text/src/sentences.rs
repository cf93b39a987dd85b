//! Sentence boundaries inside one paragraph.
//!
//! A sentence may end at a terminator token (`.`, `!`, `?`, an ellipsis, or an
//! abbreviation carrying its period). Closing quotes and brackets glued to the
//! terminator stay with the sentence; whether it really ends is decided from
//! the next token and, for abbreviations, from what kind of abbreviation it is.

use crate::abbreviations::{
    AbbreviationKind, is_date_or_zone_word, is_numbering_abbreviation, is_sentence_opener,
    known_abbreviation,
};
use crate::chars::{char_at, is_closing_bracket, is_opening_bracket};
use crate::{QuoteDirection, Sentence, Token, TokenKind};

/// What a token could end a sentence as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Terminator {
    /// `.`, `!`, `?` and runs of `!?`.
    Plain,
    /// `...` or `…`: often marks an omission inside a sentence.
    Ellipsis,
    Abbreviation(AbbreviationKind),
}

/// Moves the tokens of one paragraph into `tokens`, cutting them into
/// sentences appended to `sentences`.
///
/// A sentence-final abbreviation gives its period to the sentence as a `.`
/// token of its own (`in the U.S.` → `U.S` `.`), as UD EWT does, so that the
/// tagger sees the sentence end it was trained on.
pub(crate) fn split_paragraph(
    text: &str,
    paragraph_tokens: &[Token],
    paragraph: usize,
    tokens: &mut Vec<Token>,
    sentences: &mut Vec<Sentence>,
) {
    let mut sentence_start = tokens.len();
    let mut index = 0;
    while index < paragraph_tokens.len() {
        if index > 0
            && tokens.len() > sentence_start
            && starts_list_item(text, paragraph_tokens, index)
        {
            close_sentence(tokens, sentences, &mut sentence_start, paragraph);
        }
        let token = paragraph_tokens[index];
        let Some(terminator) = terminator(text, &token) else {
            tokens.push(token);
            index += 1;
            continue;
        };
        let mut after = index + 1;
        while after < paragraph_tokens.len()
            && ((paragraph_tokens[after].start == paragraph_tokens[after - 1].end
                && is_closer(text, &paragraph_tokens[after]))
                || is_emoticon(text, &paragraph_tokens[after]))
        {
            after += 1;
        }
        let ends = match paragraph_tokens.get(after) {
            None => true,
            Some(next) => {
                let context = EndContext {
                    so_far: &tokens[sentence_start..],
                    terminator: token,
                    before: index.checked_sub(1).map(|before| paragraph_tokens[before]),
                    closed: after > index + 1,
                    glued: index > 0 && paragraph_tokens[index - 1].end == token.start,
                    terminator_end: paragraph_tokens[after - 1].end,
                    following: &paragraph_tokens[after..],
                };
                sentence_ends(text, terminator, &context, next)
            }
        };
        if ends && matches!(terminator, Terminator::Abbreviation(_)) && after == index + 1 {
            let period = token.end - 1;
            tokens.push(Token {
                end: period,
                ..token
            });
            tokens.push(Token {
                start: period,
                end: token.end,
                kind: TokenKind::Punctuation,
            });
        } else {
            tokens.extend_from_slice(&paragraph_tokens[index..after]);
        }
        if ends {
            close_sentence(tokens, sentences, &mut sentence_start, paragraph);
        }
        index = after;
    }
    close_sentence(tokens, sentences, &mut sentence_start, paragraph);
}

fn close_sentence(
    tokens: &[Token],
    sentences: &mut Vec<Sentence>,
    sentence_start: &mut usize,
    paragraph: usize,
) {
    let range = *sentence_start..tokens.len();
    if range.is_empty() {
        return;
    }
    sentences.push(Sentence {
        start: tokens[range.start].start,
        end: tokens[range.end - 1].end,
        tokens: range,
        paragraph,
    });
    *sentence_start = tokens.len();
}

fn terminator(text: &str, token: &Token) -> Option<Terminator> {
    // Every terminator ends in `.`, `!`, `?` or the last byte of `…`; this
    // test turns most tokens away before any string comparison.
    let last_byte = text.as_bytes()[token.end - 1];
    if !matches!(last_byte, b'.' | b'!' | b'?' | 0xA6) {
        return None;
    }
    let surface = token.text(text);
    match surface {
        "." => return Some(Terminator::Plain),
        "…" => return Some(Terminator::Ellipsis),
        _ => {}
    }
    match token.kind {
        TokenKind::Punctuation if surface.bytes().all(|byte| byte == b'.') => {
            Some(Terminator::Ellipsis)
        }
        TokenKind::Punctuation if surface.bytes().all(|byte| byte == b'!' || byte == b'?') => {
            Some(Terminator::Plain)
        }
        TokenKind::Word if surface.len() > 1 && surface.ends_with('.') => Some(
            Terminator::Abbreviation(abbreviation_kind(&surface[..surface.len() - 1])),
        ),
        _ => None,
    }
}

fn abbreviation_kind(word: &str) -> AbbreviationKind {
    if let Some(kind) = known_abbreviation(word) {
        kind
    } else if is_numbering_abbreviation(word) {
        AbbreviationKind::Title
    } else if word.bytes().any(|byte| byte.is_ascii_lowercase()) {
        AbbreviationKind::Ordinary
    } else {
        AbbreviationKind::Acronym
    }
}

/// Closing quotes and brackets that belong to the sentence before them.
fn is_closer(text: &str, token: &Token) -> bool {
    match token.kind {
        TokenKind::Quote => token.quote_direction(text) == Some(QuoteDirection::Closing),
        TokenKind::Punctuation => is_closing_bracket(char_at(text, token.start)),
        _ => false,
    }
}

fn is_opener(text: &str, token: &Token) -> bool {
    match token.kind {
        TokenKind::Quote => token.quote_direction(text) == Some(QuoteDirection::Opening),
        TokenKind::Punctuation => is_opening_bracket(char_at(text, token.start)),
        _ => false,
    }
}

fn starts_capitalised(text: &str, token: &Token) -> bool {
    let first = char_at(text, token.start);
    first.is_alphabetic() && !first.is_lowercase()
}

/// What precedes a candidate sentence end.
struct EndContext<'t> {
    /// The tokens of the sentence before the terminator.
    so_far: &'t [Token],
    /// The terminator itself.
    terminator: Token,
    /// The token just before the terminator.
    before: Option<Token>,
    /// Whether closing quotes or brackets follow the terminator.
    closed: bool,
    /// Whether the terminator touches the token before it.
    glued: bool,
    /// Where the terminator and its closers end.
    terminator_end: usize,
    /// The tokens from the next one to the end of the paragraph.
    following: &'t [Token],
}

/// Whether the sentence ends at `terminator`, given the token after it.
fn sentence_ends(text: &str, terminator: Terminator, context: &EndContext, next: &Token) -> bool {
    let next_text = next.text(text);
    match terminator {
        Terminator::Plain => {
            if is_list_marker(text, context.so_far) || is_attributed_exclamation(text, context) {
                return false;
            }
            starts_capitalised(text, next)
                || next.kind == TokenKind::Number
                || is_opening_quote(text, next)
                || (is_opener(text, next)
                    && context
                        .following
                        .get(1)
                        .is_some_and(|word| starts_capitalised(text, word)))
                || starts_symbol_sentence(text, next)
                || next.kind == TokenKind::Url
                || matches!(text.as_bytes()[next.start], b'#' | b'@')
                || (starts_lowercase(text, next)
                    && !context.closed
                    && next.start > context.terminator_end
                    && follows_plain_word(text, context.before))
        }
        // An ellipsis glued to a word trails off (`we waited... Nothing`);
        // one standing alone marks words left out of a quotation.
        Terminator::Ellipsis if context.glued => {
            starts_capitalised(text, next) || is_opening_quote(text, next)
        }
        Terminator::Ellipsis => is_sentence_opener(next_text),
        Terminator::Abbreviation(AbbreviationKind::Title) => false,
        Terminator::Abbreviation(AbbreviationKind::Ordinary) => {
            (starts_capitalised(text, next) && !is_date_or_zone_word(next_text))
                || is_opening_quote(text, next)
        }
        Terminator::Abbreviation(AbbreviationKind::Acronym) => {
            is_sentence_opener(next_text)
                || is_opening_quote(text, next)
                || (is_letter_after_lowercase_word(text, context)
                    && starts_capitalised(text, next)
                    && next.start > context.terminator_end
                    && !next_text.ends_with('.')
                    && !context
                        .following
                        .get(1)
                        .is_some_and(|word| starts_capitalised(text, word)))
        }
    }
}

/// A quoted question or exclamation followed by its speaker and a speech
/// verb (`"Why?" Karim Said asked.`) continues the sentence; a statement
/// would have ended in a comma, so this is not applied after a full stop.
fn is_attributed_exclamation(text: &str, context: &EndContext) -> bool {
    let mark = text.as_bytes()[context.terminator.start];
    let quoted = context.closed && mark != b'.';
    quoted && {
        // The speaker's name: up to four capitalised words or titles.
        let name_length = context
            .following
            .iter()
            .take(4)
            .take_while(|token| starts_capitalised(text, token))
            .count();
        name_length > 0
            && context
                .following
                .get(name_length)
                .is_some_and(|verb| is_speech_verb(verb.text(text)))
    }
}

fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "asked"
            | "asks"
            | "added"
            | "adds"
            | "told"
            | "tells"
            | "wrote"
            | "writes"
            | "replied"
            | "shouted"
            | "insisted"
            | "tweeted"
            | "exclaimed"
            | "wondered"
            | "cried"
            | "demanded"
            | "declared"
    )
}

/// A lone capital after a lower-case word (`posted on X.`, `a plan B.`) is
/// a name or a label rather than an initial, which follows a first name or
/// another initial; the caller still checks that no name follows it.
fn is_letter_after_lowercase_word(text: &str, context: &EndContext) -> bool {
    let is_single_letter = context.terminator.end - context.terminator.start == 2;
    let follows_lowercase = context
        .before
        .is_some_and(|before| before.kind == TokenKind::Word && starts_lowercase(text, &before));
    is_single_letter && follows_lowercase
}

/// Symbols that may open a sentence: currency (`$5 million was lost.`),
/// bullets and banners (`*** Talks resumed`).
fn starts_symbol_sentence(text: &str, next: &Token) -> bool {
    next.kind == TokenKind::Symbol && !is_emoticon(text, next)
}

/// An emoticon (`:)`) after a terminator belongs to the sentence it ends.
fn is_emoticon(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Symbol && matches!(char_at(text, token.start), ':' | ';')
}

fn starts_lowercase(text: &str, token: &Token) -> bool {
    char_at(text, token.start).is_lowercase()
}

/// Whether the terminator follows an ordinary word of two or more letters,
/// not an unknown abbreviation such as a lone letter.
fn follows_plain_word(text: &str, before: Option<Token>) -> bool {
    before.is_some_and(|token| {
        token.kind == TokenKind::Word && token.text(text).chars().nth(1).is_some()
    })
}

fn is_opening_quote(text: &str, token: &Token) -> bool {
    token.quote_direction(text) == Some(QuoteDirection::Opening)
}

/// A sentence so far made of one short number or letter (`1.`, `b.`) is a
/// list marker, not a sentence.
fn is_list_marker(text: &str, so_far: &[Token]) -> bool {
    let [only] = so_far else {
        return false;
    };
    let surface = only.text(text);
    match only.kind {
        TokenKind::Number => surface.len() <= 3,
        TokenKind::Word => surface.chars().count() == 1,
        _ => false,
    }
}

/// Whether the token at `index` starts a bulleted or numbered line, which
/// starts a new sentence even when the previous line has no full stop.
fn starts_list_item(text: &str, paragraph_tokens: &[Token], index: usize) -> bool {
    let token = &paragraph_tokens[index];
    let first = char_at(text, token.start);
    let is_bullet = matches!(first, '•' | '·' | '▪' | '‣' | '◦' | '*' | '-' | '–' | '—')
        && token.end - token.start == first.len_utf8();
    let is_numbered = token.kind == TokenKind::Number
        && paragraph_tokens.get(index + 1).is_some_and(|marker| {
            marker.start == token.end && matches!(marker.text(text), "." | ")")
        });
    (is_bullet || is_numbered) && text[paragraph_tokens[index - 1].end..token.start].contains('\n')
}

//! Roles stated next to a person's name: a title before it ("Prime Minister
//! Ali Hassan", "ministry spokesman Ali Hassan") or an appositive after it
//! ("Ali Hassan, adviser to Prime Minister Karim Saleh, said").

use dragoman_model::{Role, Span};
use dragoman_text::TokenKind;

use crate::view::TextView;

/// Prepositions that link a role to the body it belongs to.
const ROLE_LINKS: [&str; 8] = ["to", "of", "for", "at", "in", "with", "from", "on"];
const DETERMINERS: [&str; 3] = ["a", "an", "the"];
/// An appositive longer than this is a clause, not a role.
const LONGEST_APPOSITIVE: usize = 30;
/// Modifiers a role noun may carry before it: "a senior Kurdish lawmaker".
const MOST_MODIFIERS: usize = 5;

/// The role stated by a title right before the name starting at `first`.
pub(crate) fn title_before(
    view: &TextView<'_>,
    first: usize,
    name_end: usize,
    key: &mut String,
) -> Option<Role> {
    let sentence_start = view.sentence_tokens(first).start;
    let limit = (view.lexicon.longest_title_words() * 3).min(first - sentence_start);
    let title_start = (1..=limit)
        .rev()
        .map(|length| first - length)
        .find(|&start| {
            view.title_at(start, first, key, |title| {
                title.precedes_names || title.heads_roles
            }) == Some(first)
                && title_fits(view, start, first, key)
        })?;
    Some(Role {
        title: text_of(view, title_start, first).to_owned(),
        of: None,
        evidence: Span::of(
            view.text,
            view.tokens[title_start].start..view.tokens[name_end - 1].end,
        ),
    })
}

/// Titles before names are capitalised ("Foreign Minister"); role nouns
/// before names are lowercase ("party spokesman Ali Hassan").
fn title_fits(view: &TextView<'_>, start: usize, end: usize, key: &mut String) -> bool {
    view.phrase_key_into(start, end, key);
    let Some(title) = view.lexicon.title(key) else {
        return false;
    };
    if view.is_capitalised(start) {
        title.precedes_names
    } else {
        title.heads_roles
    }
}

/// The role stated by an appositive after the name ending before `after`:
/// `, a member of the parliamentary defense committee,`.
pub(crate) fn appositive_after(
    view: &TextView<'_>,
    name_first: usize,
    after: usize,
    key: &mut String,
) -> Option<Role> {
    let sentence_end = view.sentence_tokens(name_first).end;
    if after >= sentence_end || !view.is_punctuation(after, ",") {
        return None;
    }
    let start = after + 1;
    let stop = appositive_end(view, start, sentence_end, key);
    let mut at = start;
    while at < stop && DETERMINERS.iter().any(|word| view.is_word(at, word)) {
        at += 1;
    }
    let search_end = (at + MOST_MODIFIERS + 1).min(stop);
    let (title_start, title_end) = (at..search_end).find_map(|candidate| {
        let end = view.title_at(candidate, stop, key, |title| {
            title.heads_roles || title.precedes_names
        })?;
        Some((candidate, end))
    })?;
    let modifiers_fit = (at..title_start).all(|token| {
        matches!(view.kind(token), TokenKind::Word | TokenKind::Punctuation)
            && !ROLE_LINKS.iter().any(|link| view.is_word(token, link))
            && view.reporting_verb_at(token, stop, key).is_none()
    });
    if !modifiers_fit {
        return None;
    }
    let of = (title_end + 1 < stop && ROLE_LINKS.iter().any(|link| view.is_word(title_end, link)))
        .then(|| text_of(view, title_end + 1, stop).to_owned());
    if title_end < stop && of.is_none() && !view.is_word(title_end, "who") {
        // "X, a member said to be close to …" is not a role we can read.
        let trailing_word = view.kind(title_end) == TokenKind::Word;
        if trailing_word && !view.word(title_end).starts_with('\'') {
            return None;
        }
    }
    Some(Role {
        title: text_of(view, title_start, title_end).to_owned(),
        of,
        evidence: Span::of(
            view.text,
            view.tokens[name_first].start..view.tokens[stop - 1].end,
        ),
    })
}

/// Where an appositive starting at `start` ends: before the next comma,
/// clause punctuation, quotation mark or reporting verb.
pub(crate) fn appositive_end(
    view: &TextView<'_>,
    start: usize,
    sentence_end: usize,
    key: &mut String,
) -> usize {
    let limit = (start + LONGEST_APPOSITIVE).min(sentence_end);
    (start..limit)
        .find(|&token| {
            let word = view.word(token);
            matches!(
                word,
                "," | ";" | ":" | "(" | ")" | "—" | "–" | "." | "?" | "!"
            ) || view.kind(token) == TokenKind::Quote
                || view.reporting_verb_at(token, sentence_end, key).is_some()
        })
        .unwrap_or(limit)
}

pub(crate) fn text_of<'t>(view: &TextView<'t>, first: usize, end: usize) -> &'t str {
    &view.text[view.tokens[first].start..view.tokens[end - 1].end]
}

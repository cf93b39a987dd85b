//! Byte-level tokenizer following UD English EWT conventions.
//!
//! Whitespace-separated chunks are split further: clitics (`'s`, `n't`, `'re`)
//! and hyphens between words become tokens, while abbreviations keep their
//! period, numbers keep their separators and URLs stay whole. One pass over
//! the bytes, no allocation beyond the output vector.

use crate::abbreviations::{is_kept_hyphen_prefix, is_numbering_abbreviation, known_abbreviation};
use crate::chars::{
    ASCII_CLASSES, AsciiClass, char_at, is_apostrophe, is_quote_mark, is_space, is_symbol,
    is_word_char,
};
use crate::{Token, TokenKind};

/// Appends the tokens of the non-whitespace chunk `text[start..end]` to `out`.
pub(crate) fn tokenize_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    match find_url(text, start, end) {
        Some((url_start, url_end)) => {
            tokenize_plain(text, start, url_start, out);
            out.push(Token {
                start: url_start,
                end: url_end,
                kind: TokenKind::Url,
            });
            tokenize_plain(text, url_end, end, out);
        }
        None => tokenize_plain(text, start, end, out),
    }
}

/// The end of the whitespace-free chunk starting at `start`.
#[inline]
pub(crate) fn chunk_end(text: &str, start: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < limit {
        let byte = bytes[at];
        if byte < 0x80 {
            if ASCII_CLASSES[byte as usize] == AsciiClass::Space {
                return at;
            }
            at += 1;
        } else {
            let character = char_at(text, at);
            if is_space(character) {
                return at;
            }
            at += character.len_utf8();
        }
    }
    limit
}

fn tokenize_plain(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end {
        let character = char_at(text, at);
        if is_word_char(character) {
            at = scan_word(text, at, end, out);
            continue;
        }
        let token_end = match character {
            '.' => run_end(bytes, at, end, |byte| byte == b'.'),
            '!' | '?' => run_end(bytes, at, end, |byte| byte == b'!' || byte == b'?'),
            '@' | '#' if is_handle_start(text, at, end, out) => {
                let handle_end = handle_end(text, at + 1, end);
                out.push(Token {
                    start: at,
                    end: handle_end,
                    kind: TokenKind::Word,
                });
                at = handle_end;
                continue;
            }
            '-' | '=' | '*' | '_' | '<' | '>' | '~' | '#' | '+' | '^' | '|' | '$' | '/' => {
                // Rules and banners (`=====`, `***`) and `<<`, `$$$` are one token in EWT.
                let mark = bytes[at];
                run_end(bytes, at, end, |byte| byte == mark)
            }
            ':' | ';' if is_emoticon(&bytes[at + 1..end]) => {
                out.push(Token {
                    start: at,
                    end,
                    kind: TokenKind::Symbol,
                });
                at = end;
                continue;
            }
            _ if is_apostrophe(character) => {
                let after = at + character.len_utf8();
                let clitic_end = clitic_after(text, after, end);
                match clitic_end {
                    Some(clitic_end) if follows_word(out, at) => {
                        out.push(Token {
                            start: at,
                            end: clitic_end,
                            kind: TokenKind::Word,
                        });
                        at = clitic_end;
                        continue;
                    }
                    _ => after,
                }
            }
            _ => at + character.len_utf8(),
        };
        out.push(Token {
            start: at,
            end: token_end,
            kind: mark_kind(character),
        });
        at = token_end;
    }
}

fn mark_kind(character: char) -> TokenKind {
    if is_quote_mark(character) {
        TokenKind::Quote
    } else if is_symbol(character) {
        TokenKind::Symbol
    } else {
        TokenKind::Punctuation
    }
}

/// Whether a social-media handle or hashtag (`@Wirewatch`, `#ceasefire`)
/// starts at `at`: the mark begins the token and a word follows it.
fn is_handle_start(text: &str, at: usize, end: usize, out: &[Token]) -> bool {
    at + 1 < end
        && is_word_char(char_at(text, at + 1))
        && out
            .last()
            .is_none_or(|token| token.end < at || token.kind != TokenKind::Word)
}

/// The end of a handle or hashtag body: word characters and underscores
/// (`Nigel_Farage`).
fn handle_end(text: &str, start: usize, end: usize) -> usize {
    let mut at = word_run_end(text, start, end);
    while at + 1 < end && text.as_bytes()[at] == b'_' {
        at = word_run_end(text, at + 1, end);
    }
    at
}

/// Whether the rest of the chunk after a `:` or `;` makes an emoticon
/// (`:)`, `;-)`, `:D`), which is one symbol token.
fn is_emoticon(face: &[u8]) -> bool {
    matches!(
        face,
        b")" | b"(" | b"-)" | b"-(" | b"D" | b"P" | b"p" | b"-D" | b"-P" | b"?" | b"/"
    )
}

fn run_end(bytes: &[u8], start: usize, end: usize, same: impl Fn(u8) -> bool) -> usize {
    let mut at = start + 1;
    while at < end && same(bytes[at]) {
        at += 1;
    }
    at
}

/// Whether the last token emitted ends at `at` and is a word or number, so
/// that an apostrophe there starts a clitic (`U.S.'s`).
fn follows_word(out: &[Token], at: usize) -> bool {
    out.last().is_some_and(|token| {
        token.end == at && matches!(token.kind, TokenKind::Word | TokenKind::Number)
    })
}

/// If `text[after..]` holds a clitic body (`s`, `re`, `ll`…) ending the
/// word, the end of that body.
fn clitic_after(text: &str, after: usize, end: usize) -> Option<usize> {
    if after >= end {
        return None;
    }
    let body_end = word_run_end(text, after, end);
    is_clitic_body(&text[after..body_end]).then_some(body_end)
}

fn is_clitic_body(body: &str) -> bool {
    let bytes = body.as_bytes();
    match bytes.len() {
        1 => matches!(bytes[0].to_ascii_lowercase(), b's' | b'm' | b'd'),
        2 => {
            let pair = [bytes[0].to_ascii_lowercase(), bytes[1].to_ascii_lowercase()];
            matches!(&pair, b"re" | b"ve" | b"ll")
        }
        _ => false,
    }
}

/// The end of the run of word characters starting at `start`.
#[inline]
fn word_run_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end {
        let byte = bytes[at];
        if byte < 0x80 {
            if !matches!(
                ASCII_CLASSES[byte as usize],
                AsciiClass::Letter | AsciiClass::Digit
            ) {
                return at;
            }
            at += 1;
        } else {
            let character = char_at(text, at);
            if !is_word_char(character) {
                return at;
            }
            at += character.len_utf8();
        }
    }
    end
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())
}

fn byte_at(text: &str, at: usize, end: usize) -> Option<u8> {
    (at < end).then(|| text.as_bytes()[at])
}

/// Scans a word or number starting at `start`, pushes its token(s) and
/// returns where scanning resumes.
fn scan_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let mut at = start;
    let mut first_run = true;
    loop {
        let run_start = at;
        at = word_run_end(text, at, end);
        if at >= end {
            break;
        }
        let run = &text[run_start..at];
        let next = byte_at(text, at + 1, end);
        let continues = match text.as_bytes()[at] {
            b'.' => {
                if is_digits(run) && next.is_some_and(|byte| byte.is_ascii_digit()) {
                    true
                } else if first_run && let Some(token_end) = abbreviation_end(text, start, at, end)
                {
                    out.push(Token {
                        start,
                        end: token_end,
                        kind: TokenKind::Word,
                    });
                    return token_end;
                } else if let Some(domain_end) = domain_end(text, at + 1, end) {
                    at = domain_end;
                    first_run = false;
                    continue;
                } else {
                    false
                }
            }
            b',' => is_digits(run) && is_thousands_group(text, at + 1, end),
            b':' | b'/' => is_digits(run) && next.is_some_and(|byte| byte.is_ascii_digit()),
            // `file_name` and `snake_case` identifiers stay whole.
            b'_' => at + 1 < end && is_word_char(char_at(text, at + 1)),
            b'-' => {
                let next_is_word = at + 1 < end && is_word_char(char_at(text, at + 1));
                next_is_word
                    && ((first_run && is_kept_hyphen_prefix(run))
                        || (run.len() == 3 && is_digits(run) && is_phone_group(text, at + 1, end)))
            }
            b'&' => {
                run.len() <= 3
                    && run.bytes().all(|byte| byte.is_ascii_uppercase())
                    && next.is_some_and(|byte| byte.is_ascii_uppercase())
            }
            _ => {
                let character = char_at(text, at);
                if is_apostrophe(character) {
                    let after = at + character.len_utf8();
                    match split_at_apostrophe(text, start, at, after, end, out) {
                        Some(resume) => return resume,
                        // A name-internal apostrophe (`O'Brien`, `Qa'ani`).
                        None => after < end && is_word_char(char_at(text, after)),
                    }
                } else {
                    false
                }
            }
        };
        if !continues {
            break;
        }
        at += match text.as_bytes()[at] {
            byte if byte < 0x80 => 1,
            _ => char_at(text, at).len_utf8(),
        };
        first_run = false;
    }
    push_word(text, start, at, out);
    at
}

/// Splits `word'clitic` into word and clitic (`Iran's`, `don't` → `do n't`)
/// and returns where scanning resumes, or `None` if the apostrophe does not
/// start a clitic.
fn split_at_apostrophe(
    text: &str,
    start: usize,
    apostrophe: usize,
    after: usize,
    end: usize,
    out: &mut Vec<Token>,
) -> Option<usize> {
    if after >= end || !is_word_char(char_at(text, after)) {
        return None;
    }
    let body_end = word_run_end(text, after, end);
    let body = &text[after..body_end];
    let before = text.as_bytes()[apostrophe - 1];
    let split = if body.eq_ignore_ascii_case("t")
        && before.eq_ignore_ascii_case(&b'n')
        && apostrophe - 1 > start
    {
        apostrophe - 1
    } else if is_clitic_body(body) {
        apostrophe
    } else {
        return None;
    };
    push_word(text, start, split, out);
    out.push(Token {
        start: split,
        end: body_end,
        kind: TokenKind::Word,
    });
    Some(body_end)
}

/// Pushes a word or number token, splitting the fused forms UD EWT splits:
/// `cannot` → `can not`, `gonna` → `gon na`, and a number glued to its unit
/// or multiplier, `2.5bn` → `2.5 bn`, `5pm` → `5 pm`.
fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    let starts_with_digit = word.as_bytes()[0].is_ascii_digit();
    let (split, kinds) = if starts_with_digit {
        (
            unit_suffix_start(word),
            (TokenKind::Number, TokenKind::Word),
        )
    } else {
        let split = match word.len() {
            6 if word.eq_ignore_ascii_case("cannot") => Some(3),
            5 if ["gonna", "wanna", "gotta"]
                .iter()
                .any(|fused| word.eq_ignore_ascii_case(fused)) =>
            {
                Some(3)
            }
            _ => None,
        };
        (split, (TokenKind::Word, TokenKind::Word))
    };
    match split {
        Some(offset) => {
            out.push(Token {
                start,
                end: start + offset,
                kind: kinds.0,
            });
            out.push(Token {
                start: start + offset,
                end,
                kind: kinds.1,
            });
        }
        None => out.push(Token {
            start,
            end,
            kind: kinds.0,
        }),
    }
}

/// Where the unit starts in a number written together with its unit or
/// multiplier (`3.8bn`, `375mm`, `11:30am`); `None` for ordinals and codes
/// (`3rd`, `1990s`, `4G`) that EWT keeps whole.
fn unit_suffix_start(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let letters_start = bytes.iter().position(u8::is_ascii_alphabetic)?;
    let number = &bytes[..letters_start];
    let unit = &bytes[letters_start..];
    let is_number = number
        .iter()
        .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b',' | b':' | b'/'));
    let is_unit = unit.len() <= 3 && {
        let mut lower = [0u8; 3];
        for (slot, byte) in lower.iter_mut().zip(unit) {
            *slot = byte.to_ascii_lowercase();
        }
        matches!(
            &lower[..unit.len()],
            b"bn"
                | b"bln"
                | b"mn"
                | b"mln"
                | b"m"
                | b"k"
                | b"tn"
                | b"trn"
                | b"km"
                | b"kg"
                | b"mm"
                | b"cm"
                | b"ml"
                | b"mph"
                | b"kph"
                | b"ft"
                | b"lb"
                | b"lbs"
                | b"am"
                | b"pm"
                | b"mw"
                | b"gw"
                | b"kw"
                | b"kwh"
        )
    };
    (is_number && is_unit).then_some(letters_start)
}

/// Whether `text[at..]` is three digits followed by something other than a
/// digit, as after the comma in `1,200`.
fn is_thousands_group(text: &str, at: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    at + 3 <= end
        && bytes[at..at + 3].iter().all(u8::is_ascii_digit)
        && !(at + 3 < end && bytes[at + 3].is_ascii_digit())
}

/// Whether a phone-number group (three or more digits) starts at `at`.
fn is_phone_group(text: &str, at: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let digits = bytes[at..end]
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    digits >= 3 && !(at + digits < end && bytes[at + digits].is_ascii_alphabetic())
}

/// If the word `text[start..period]` followed by the period at `period` is an
/// abbreviation that keeps its period, the end of the abbreviation token.
fn abbreviation_end(text: &str, start: usize, period: usize, end: usize) -> Option<usize> {
    if let Some(acronym_end) = dotted_acronym_end(text, start, end) {
        return Some(acronym_end);
    }
    let word = &text[start..period];
    let is_initial = word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase() && word != "I";
    let keeps_period = is_initial
        || known_abbreviation(word).is_some()
        || (is_numbering_abbreviation(word) && number_follows(text, period + 1));
    keeps_period.then_some(period + 1)
}

/// The end of a dotted acronym such as `U.S.`, `J.R.R.`, `a.m.` or `Ph.D.`:
/// two or more groups of one or two letters, each followed by a period.
fn dotted_acronym_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut groups = 0;
    loop {
        let letters = bytes[at..end]
            .iter()
            .take_while(|byte| byte.is_ascii_alphabetic())
            .count();
        if !(1..=2).contains(&letters) || at + letters >= end || bytes[at + letters] != b'.' {
            break;
        }
        at += letters + 1;
        groups += 1;
        if at >= end {
            break;
        }
    }
    (groups >= 2).then_some(at)
}

/// Whether a number follows `at` after optional spaces (`No. 3`, `No.3`).
fn number_follows(text: &str, at: usize) -> bool {
    text.as_bytes()[at..]
        .iter()
        .find(|&&byte| byte != b' ')
        .is_some_and(u8::is_ascii_digit)
}

/// If the rest of a host name or file name starts at `at` (after a period)
/// and ends in a known top-level domain or file extension, where it ends:
/// `Amazon.com`, `bbc.co.uk`, `unitedway.enron.com`, `report.pdf`.
fn domain_end(text: &str, at: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut label_start = at;
    loop {
        let label_length = bytes[label_start..end]
            .iter()
            .take_while(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || **byte == b'-')
            .count();
        let label_end = label_start + label_length;
        if label_length == 0 {
            return None;
        }
        let continues = label_end + 1 < end
            && bytes[label_end] == b'.'
            && bytes[label_end + 1].is_ascii_lowercase();
        // Host names are at most 253 bytes; giving up there keeps a long run
        // of `abc.def.ghi…` linear instead of rescanning it at every period.
        if label_end - at > 253 {
            return None;
        }
        if continues {
            label_start = label_end + 1;
            continue;
        }
        if label_end < end && is_word_char(char_at(text, label_end)) {
            return None;
        }
        return is_domain_or_extension(&bytes[label_start..label_end]).then_some(label_end);
    }
}

fn is_domain_or_extension(label: &[u8]) -> bool {
    matches!(
        label,
        b"com"
            | b"org"
            | b"net"
            | b"gov"
            | b"edu"
            | b"mil"
            | b"int"
            | b"io"
            | b"co"
            | b"uk"
            | b"info"
            | b"biz"
            | b"pdf"
            | b"doc"
            | b"docx"
            | b"xls"
            | b"xlsx"
            | b"ppt"
            | b"htm"
            | b"html"
            | b"txt"
            | b"jpg"
            | b"png"
            | b"zip"
            | b"csv"
    )
}

/// Finds a URL or e-mail address inside the chunk, without the punctuation
/// that wraps it in running text.
fn find_url(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    // Every URL form recognised below holds a `/` or an `@`, or starts with
    // `www.`; most chunks hold none and leave here.
    let chunk = &text.as_bytes()[start..end];
    let may_hold_url = chunk.iter().any(|&byte| byte == b'/' || byte == b'@')
        || chunk.windows(4).any(|window| window == b"www.");
    if !may_hold_url {
        return None;
    }
    let core_start = start
        + text[start..end]
            .char_indices()
            .find(|&(_, character)| {
                !(is_quote_mark(character) || matches!(character, '(' | '[' | '<'))
            })
            .map_or(end - start, |(offset, _)| offset);
    let mut core_end = end;
    while core_end > core_start {
        let last = text[..core_end].chars().next_back().unwrap_or(' ');
        if is_quote_mark(last)
            || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '>')
        {
            core_end -= last.len_utf8();
        } else {
            break;
        }
    }
    let core = &text[core_start..core_end];
    let is_url = has_scheme(core)
        || (core.len() > 4 && core.starts_with("www."))
        || is_bare_url(core)
        || is_email(core);
    is_url.then_some((core_start, core_end))
}

/// A host name with a known top-level domain followed by a path
/// (`pic.twitter.com/abc`, `bbc.co.uk/news`).
fn is_bare_url(core: &str) -> bool {
    let Some((host, path)) = core.split_once('/') else {
        return false;
    };
    let mut labels = host.split('.');
    let top_level = labels.next_back().unwrap_or_default();
    !path.is_empty()
        && host.contains('.')
        && labels.all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        })
        && is_domain_or_extension(top_level.as_bytes())
}

fn has_scheme(core: &str) -> bool {
    core.find("://").is_some_and(|colon| {
        colon > 0
            && core[..colon].bytes().all(|byte| byte.is_ascii_alphabetic())
            && core.len() > colon + 3
    })
}

fn is_email(core: &str) -> bool {
    let Some((local, domain)) = core.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._%+-".contains(&byte));
    let domain_ok = domain
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
        && domain.rsplit('.').next().is_some_and(|tld| {
            tld.len() >= 2 && tld.bytes().all(|byte| byte.is_ascii_alphabetic())
        });
    local_ok && domain_ok
}

//! Character classes used by the tokenizer and the sentence splitter, and
//! the word-shape classes the statistical models share.
//!
//! ASCII is decided by a byte table so that the common case costs one load;
//! other characters fall back to the Unicode properties `std` offers.

/// What an ASCII byte is to the tokenizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AsciiClass {
    Space,
    Letter,
    Digit,
    /// Anything else that is printable: each is decided by its own rule.
    Other,
}

const fn ascii_classes() -> [AsciiClass; 128] {
    let mut table = [AsciiClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            // Exactly the ASCII members of `char::is_whitespace`.
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => AsciiClass::Space,
            b'a'..=b'z' | b'A'..=b'Z' => AsciiClass::Letter,
            b'0'..=b'9' => AsciiClass::Digit,
            _ => AsciiClass::Other,
        };
        byte += 1;
    }
    table
}

pub(crate) static ASCII_CLASSES: [AsciiClass; 128] = ascii_classes();

/// Decodes the char starting at byte `at` (which must be a char boundary).
#[inline]
pub(crate) fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or('\0')
}

/// The char ending just before byte `at`, if any.
#[inline]
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// What separates tokens: Unicode white space, and the invisible format
/// marks that web copy scatters between words (zero-width space, direction
/// marks, byte-order mark), which would otherwise become tokens of their own.
#[inline]
pub fn is_space(character: char) -> bool {
    if character.is_ascii() {
        ASCII_CLASSES[character as usize] == AsciiClass::Space
    } else {
        character.is_whitespace()
            || matches!(
                character,
                '\u{200B}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{FEFF}'
            )
    }
}

/// What a character stands for in a word shape, the feature the tagger and
/// the recogniser read casing from: `X` upper case, `x` lower case, `d` a
/// digit or other number, any other character itself ("F-16" → `X-dd`).
#[inline]
pub fn shape_class(character: char) -> char {
    if character.is_uppercase() {
        'X'
    } else if character.is_lowercase() {
        'x'
    } else if character.is_numeric() {
        'd'
    } else {
        character
    }
}

/// Letters, digits and the marks that continue a word (combining accents,
/// joiners, variation selectors): a word never breaks before one of these.
#[inline]
pub(crate) fn is_word_char(character: char) -> bool {
    if character.is_ascii() {
        matches!(
            ASCII_CLASSES[character as usize],
            AsciiClass::Letter | AsciiClass::Digit
        )
    } else {
        character.is_alphanumeric() || is_word_joining_mark(character)
    }
}

/// Non-alphabetic marks that belong to the preceding letter. Most dependent
/// vowel signs are already `Alphabetic`; these are the ones that are not.
fn is_word_joining_mark(character: char) -> bool {
    matches!(character,
        // A soft hyphen marks where a word may break, inside the word.
        '\u{00AD}'
        | '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Any quotation mark, straight or curly, including the apostrophes.
#[inline]
pub(crate) fn is_quote_mark(character: char) -> bool {
    matches!(
        character,
        '"' | '\''
            | '`'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201E}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
    )
}

/// Apostrophes that may join a clitic or sit inside a name (`Qa'ani`, `Ma’ariv`).
#[inline]
pub(crate) fn is_apostrophe(character: char) -> bool {
    matches!(character, '\'' | '\u{2019}')
}

/// Quote marks whose shape says they open a quotation.
pub(crate) fn is_opening_quote_shape(character: char) -> bool {
    matches!(
        character,
        '\u{201C}'
            | '\u{2018}'
            | '\u{201E}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{2039}'
    )
}

/// Quote marks whose shape says they close a quotation.
pub(crate) fn is_closing_quote_shape(character: char) -> bool {
    matches!(character, '\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{203A}')
}

pub(crate) fn is_opening_bracket(character: char) -> bool {
    matches!(character, '(' | '[' | '{' | '<')
}

pub(crate) fn is_closing_bracket(character: char) -> bool {
    matches!(character, ')' | ']' | '}' | '>')
}

/// Hyphen-like and dash characters.
pub(crate) fn is_dash(character: char) -> bool {
    matches!(character, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// Symbols as opposed to punctuation: currency, maths, marks such as `%` and
/// `&`, and everything outside the punctuation blocks (emoji, arrows…).
pub(crate) fn is_symbol(character: char) -> bool {
    if character.is_ascii() {
        return matches!(
            character,
            '$' | '%' | '&' | '+' | '<' | '=' | '>' | '@' | '#' | '^' | '|' | '~' | '*'
        );
    }
    !matches!(character,
        '\u{00A1}' | '\u{00A7}' | '\u{00B6}' | '\u{00B7}' | '\u{00BF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2032}'..='\u{205E}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF1F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_classes_keep_case_and_digits_and_other_characters() {
        let shape: String = "Émile F-16 ½".chars().map(shape_class).collect();
        assert_eq!(shape, "Xxxxx X-dd d");
    }

    #[test]
    fn ascii_table_agrees_with_std_whitespace() {
        for byte in 0u8..128 {
            let character = byte as char;
            assert_eq!(is_space(character), character.is_whitespace(), "{byte:#x}");
        }
    }

    #[test]
    fn combining_accent_continues_a_word() {
        assert!(is_word_char('\u{0301}'));
        assert!(is_word_char('é'));
        assert!(!is_word_char('—'));
    }

    #[test]
    fn currency_is_a_symbol_and_dash_is_not() {
        assert!(is_symbol('€'));
        assert!(is_symbol('$'));
        assert!(!is_symbol('—'));
        assert!(!is_symbol('…'));
    }
}

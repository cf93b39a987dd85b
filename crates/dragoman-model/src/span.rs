use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A byte range of the document text together with the text it covers.
///
/// The copy of the text makes every record self-evidencing in the JSON; the
/// invariant `&document.text[start..end] == text` is checked by
/// [`crate::Document::check_spans`] and by the golden tests.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Span {
    /// Byte offset of the first byte, inclusive.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The covered text, `document.text[start..end]`.
    pub text: String,
}

impl Span {
    /// Cuts `range` out of `source`.
    ///
    /// # Panics
    /// When `range` is out of bounds or does not fall on character
    /// boundaries: a span that does not slice its text is a bug in the stage
    /// that made it, never a property of the input.
    pub fn of(source: &str, range: Range<usize>) -> Span {
        let text = source[range.clone()].to_owned();
        Span {
            start: range.start,
            end: range.end,
            text,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn of_copies_exactly_the_covered_bytes() {
        let text = "Sabah al-Numan said “yes”.";
        let span = Span::of(text, 20..29);
        assert_eq!(span.text, "“yes”");
        assert_eq!(span.range(), 20..29);
        assert_eq!(span.len(), 9);
    }

    #[test]
    fn containment_and_overlap() {
        let text = "abcdefgh";
        let outer = Span::of(text, 1..6);
        let inner = Span::of(text, 2..4);
        let beside = Span::of(text, 6..8);
        assert!(outer.contains(&inner));
        assert!(!inner.contains(&outer));
        assert!(outer.overlaps(&inner));
        assert!(!outer.overlaps(&beside));
    }

    #[test]
    #[should_panic]
    fn of_refuses_a_range_inside_a_character() {
        Span::of("“x”", 1..3);
    }
}

//! Feature hashing shared by the tagger and the parser.
//!
//! Strings are hashed once per word with [`FeatureKey`]; a feature then only
//! mixes a template number with a few of those 64-bit word keys, which is a
//! handful of multiplications instead of re-hashing text for every template.
//! The mixing below is part of the model file format: changing it
//! invalidates the shipped models, so its value is frozen by a test.

use dragoman_learn::{FeatureKey, SplitMix64, splitmix64_finalize};
use dragoman_text::shape_class;

/// Template number used to hash plain strings (never a feature by itself).
const STRING_TEMPLATE: u16 = 0xffff;
/// Template number of features specialised to a context.
const SPECIALISED_TEMPLATE: u16 = 0xfffe;

/// The key of a string, used as a part of features.
pub(crate) fn string_key(text: &str) -> u64 {
    FeatureKey::template(STRING_TEMPLATE).with(text).finish()
}

/// The key of feature `template` over `parts` (word keys or small numbers).
#[inline]
pub(crate) fn feature(template: u16, parts: &[u64]) -> u64 {
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ u64::from(template);
    for &part in parts {
        state = (state ^ part).wrapping_mul(0xff51_afd7_ed55_8ccd);
        state ^= state >> 29;
    }
    // 0 is reserved for empty slots in the weights.
    splitmix64_finalize(state).max(1)
}

/// Feature `key` specialised to one of a few contexts (such as an arc's
/// direction), so that a model sees the feature apart in each.
#[inline]
pub(crate) fn specialise(key: u64, context: u64) -> u64 {
    feature(SPECIALISED_TEMPLATE, &[key, context])
}

/// Rewrites curly quotes and dashes to the ASCII forms most of the training
/// text uses, so that typeset news and plain web text look alike.
pub(crate) fn normalize(form: &str, out: &mut String) {
    out.clear();
    for character in form.chars() {
        out.push(match character {
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' | '„' | '″' | '«' | '»' => '"',
            '–' | '—' => '-',
            other => other,
        });
    }
}

/// The word's shape with runs collapsed: "Baghdad" → "Xx", "F-16" → "X-d".
pub(crate) fn shape(form: &str, out: &mut String) {
    out.clear();
    let mut last = None;
    for class in form.chars().map(shape_class) {
        if last != Some(class) {
            out.push(class);
            last = Some(class);
        }
    }
}

/// Bit flags for orthographic properties of a word.
pub(crate) fn orthography(form: &str) -> u64 {
    let mut flags = 0u64;
    let mut letters = 0;
    let mut uppercase = 0;
    for character in form.chars() {
        if character.is_numeric() {
            flags |= 1;
        }
        if character == '-' {
            flags |= 2;
        }
        if character.is_alphabetic() {
            letters += 1;
            if character.is_uppercase() {
                uppercase += 1;
            }
        }
    }
    if form.chars().next().is_some_and(char::is_uppercase) {
        flags |= 4;
    }
    if letters > 0 && uppercase == letters {
        flags |= 8;
    }
    if form.contains('.') {
        flags |= 16;
    }
    flags
}

/// The generator tagger and parser training draw from. The seed is mixed
/// as it always was, so that a seed keeps giving the same shuffles.
pub(crate) fn training_random(seed: u64) -> SplitMix64 {
    SplitMix64::new(seed ^ 0x5851_f42d_4c95_7f2d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feature_mixing_is_frozen() {
        // Shipped models store these keys: this value must never change.
        assert_eq!(feature(3, &[1, 2]), 0xc510_9698_edec_9fbf);
        assert_ne!(feature(3, &[1, 2]), feature(3, &[2, 1]));
        assert_ne!(feature(3, &[1]), feature(4, &[1]));
    }

    #[test]
    fn shapes_and_normal_forms() {
        let mut out = String::new();
        shape("F-16s", &mut out);
        assert_eq!(out, "X-dx");
        normalize("“It’s", &mut out);
        assert_eq!(out, "\"It's");
        assert_eq!(orthography("NATO") & 8, 8);
        assert_eq!(orthography("x-1") & 3, 3);
    }
}

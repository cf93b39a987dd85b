//! Words that English writes in lowercase: a capital on one of them says
//! little (sentence starts, headlines), a capital on any other word says
//! "name". Counted from the training text.

use std::collections::HashMap;

use crate::NerError;

/// How often a word must be seen, and in lowercase, to count as common.
const MINIMUM_LOWERCASE: usize = 2;
const FORMAT_TAG: &[u8; 4] = b"CWD1";

/// Hashes (see `features::string_id`) of the lowercase forms of common words.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct CommonWords {
    keys: Vec<u64>,
}

impl CommonWords {
    /// Counts `(lowercase id, written in lowercase)` observations: a word is
    /// common when it is mostly written in lowercase.
    pub(crate) fn count(observations: impl IntoIterator<Item = (u64, bool)>) -> CommonWords {
        let mut counts: HashMap<u64, (usize, usize)> = HashMap::new();
        for (key, lowercase) in observations {
            let (lower, other) = counts.entry(key).or_default();
            if lowercase {
                *lower += 1;
            } else {
                *other += 1;
            }
        }
        let mut keys: Vec<u64> = counts
            .into_iter()
            .filter(|&(_, (lower, other))| lower >= MINIMUM_LOWERCASE && lower >= 2 * other)
            .map(|(key, _)| key)
            .collect();
        keys.sort_unstable();
        CommonWords { keys }
    }

    pub(crate) fn contains(&self, key: u64) -> bool {
        self.keys.binary_search(&key).is_ok()
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.keys.len() * 8);
        out.extend_from_slice(FORMAT_TAG);
        for key in &self.keys {
            out.extend_from_slice(&key.to_le_bytes());
        }
        out
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<CommonWords, NerError> {
        let corrupt = |reason: &str| NerError::CorruptModel(format!("common words: {reason}"));
        let keys = bytes
            .strip_prefix(FORMAT_TAG)
            .ok_or_else(|| corrupt("unknown format tag"))?;
        if keys.len() % 8 != 0 {
            return Err(corrupt("truncated"));
        }
        let keys: Vec<u64> = keys
            .chunks_exact(8)
            .map(|chunk| u64::from_le_bytes(chunk.try_into().expect("8 bytes")))
            .collect();
        if !keys.is_sorted() {
            return Err(corrupt("words are not sorted"));
        }
        Ok(CommonWords { keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_mostly_in_lowercase_are_common() {
        let words = CommonWords::count([
            (1, true),
            (1, true),
            (1, false),
            (2, false),
            (2, false),
            (3, true),
        ]);
        assert!(words.contains(1));
        assert!(!words.contains(2));
        assert!(!words.contains(3), "seen once: not enough evidence");
        assert_eq!(CommonWords::from_bytes(&words.to_bytes()).unwrap(), words);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut tagged = FORMAT_TAG.to_vec();
            tagged.extend_from_slice(&bytes);
            let _ = CommonWords::from_bytes(&tagged);
        }
    }
}

/// A hashed feature, built from a template number and string or integer parts.
///
/// The hash (FNV-1a with a final avalanche) is part of the model file format:
/// changing it invalidates every shipped model, so it is fixed here and tested
/// against known values.
///
/// ```
/// use dragoman_learn::FeatureKey;
/// let suffix = FeatureKey::template(3).with("ing").finish();
/// assert_eq!(suffix, FeatureKey::template(3).with("ing").finish());
/// assert_ne!(suffix, FeatureKey::template(4).with("ing").finish());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureKey(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Separates parts so that ("ab", "c") and ("a", "bc") hash apart.
const PART_SEPARATOR: u8 = 0xff;

impl FeatureKey {
    pub fn template(id: u16) -> Self {
        FeatureKey(FNV_OFFSET)
            .mix_bytes(&id.to_le_bytes())
            .mix_bytes(&[PART_SEPARATOR])
    }

    pub fn with(self, part: &str) -> Self {
        self.mix_bytes(part.as_bytes()).mix_bytes(&[PART_SEPARATOR])
    }

    pub fn with_number(self, part: u64) -> Self {
        self.mix_bytes(&part.to_le_bytes())
            .mix_bytes(&[PART_SEPARATOR])
    }

    /// The final key; never 0, which the weight table reserves for empty slots.
    pub fn finish(self) -> u64 {
        // The finaliser spreads FNV's weak low bits over the word.
        splitmix64_finalize(self.0).max(1)
    }

    fn mix_bytes(mut self, bytes: &[u8]) -> Self {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }
}

/// splitmix64's finaliser: each input bit flips about half of the output
/// bits. Part of the model file format wherever feature keys go through it.
#[inline]
pub fn splitmix64_finalize(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_frozen() {
        // Shipped models store these keys: this value must never change.
        assert_eq!(
            FeatureKey::template(7).with("Iraq").finish(),
            0xb1b1_f2fb_b2a3_6f06
        );
    }

    #[test]
    fn part_boundaries_matter() {
        assert_ne!(
            FeatureKey::template(1).with("ab").with("c").finish(),
            FeatureKey::template(1).with("a").with("bc").finish()
        );
        assert_ne!(
            FeatureKey::template(1).with_number(1).finish(),
            FeatureKey::template(1).with_number(2).finish()
        );
    }
}

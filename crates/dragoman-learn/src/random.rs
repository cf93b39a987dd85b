//! The seeded generator training draws from: shuffles and exploration must
//! depend on nothing but the seed, not on a random-number crate's version.

use crate::features::splitmix64_finalize;

/// splitmix64 (Steele, Lea and Flood): a tiny generator whose stream is fixed
/// by its seed.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        splitmix64_finalize(self.0)
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Puts `items` in a random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            let other = (self.next_u64() % (index as u64 + 1)) as usize;
            items.swap(index, other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_splitmix64() {
        // The published first outputs for seed 0: retraining a model with
        // the same seed must see the same shuffles.
        let mut random = SplitMix64::new(0);
        assert_eq!(random.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(random.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn shuffles_are_reproducible_permutations() {
        let mut first: Vec<u32> = (0..50).collect();
        let mut second = first.clone();
        SplitMix64::new(7).shuffle(&mut first);
        SplitMix64::new(7).shuffle(&mut second);
        assert_eq!(first, second);
        assert_ne!(first, (0..50).collect::<Vec<_>>());
        second.sort_unstable();
        assert_eq!(second, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn unit_floats_stay_below_one() {
        let mut random = SplitMix64::new(3);
        assert!(
            (0..1000)
                .map(|_| random.unit())
                .all(|x| (0.0..1.0).contains(&x))
        );
    }
}

use crate::ModelError;

/// Frozen, quantised perceptron weights: for each hashed feature, a short
/// list of (class, weight) pairs.
///
/// Layout, chosen for fast lookups and a small file: an open-addressing table
/// of `u32` slots (a feature's index + 1, or 0 when empty) over sorted feature
/// keys, with each feature's weights stored contiguously as `(u16 class, i16
/// weight)`. Weights are quantised to `i16` with one scale for the model,
/// which keeps about four significant digits: far more than the perceptron's
/// decisions depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    classes: usize,
    scale: f32,
    slots: Vec<u32>,
    keys: Vec<u64>,
    /// `starts[i]..starts[i + 1]` are feature `i`'s entries.
    starts: Vec<u32>,
    entries: Vec<(u16, i16)>,
}

const FORMAT_TAG: &[u8; 4] = b"WGT1";

impl Weights {
    /// Builds the table from rows sorted by feature key.
    pub(crate) fn from_rows(classes: usize, rows: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let largest = rows
            .iter()
            .flat_map(|(_, row)| row.iter().map(|&(_, weight)| weight.abs()))
            .fold(0.0f32, f32::max);
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let mut keys = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let mut entries = Vec::new();
        for (feature, row) in rows {
            keys.push(*feature);
            starts.push(entries.len() as u32);
            for &(class, weight) in row {
                let quantised = (weight / scale).round() as i16;
                if quantised != 0 {
                    entries.push((class, quantised));
                }
            }
        }
        starts.push(entries.len() as u32);
        let slots = build_slots(&keys);
        Weights {
            classes,
            scale,
            slots,
            keys,
            starts,
            entries,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// How many features carry weights.
    pub fn features(&self) -> usize {
        self.keys.len()
    }

    /// Adds the weights of `features` to `scores` (one score per class).
    #[inline]
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        for &feature in features {
            if let Some(index) = self.find(feature) {
                let entries =
                    &self.entries[self.starts[index] as usize..self.starts[index + 1] as usize];
                for &(class, weight) in entries {
                    scores[usize::from(class)] += f32::from(weight) * self.scale;
                }
            }
        }
    }

    #[inline]
    fn find(&self, feature: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = (feature as usize) & mask;
        loop {
            match self.slots[slot] {
                0 => return None,
                stored => {
                    let index = stored as usize - 1;
                    if self.keys[index] == feature {
                        return Some(index);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Serialises the weights (little-endian); the slot table is rebuilt on load.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.keys.len() * 12 + self.entries.len() * 4);
        out.extend_from_slice(FORMAT_TAG);
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for key in &self.keys {
            out.extend_from_slice(&key.to_le_bytes());
        }
        for start in &self.starts {
            out.extend_from_slice(&start.to_le_bytes());
        }
        for &(class, weight) in &self.entries {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    /// Reads weights written by [`Weights::to_bytes`], checking every bound.
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(4)? != FORMAT_TAG {
            return Err(ModelError::Corrupt(
                "weights section has an unknown format tag".into(),
            ));
        }
        let classes = reader.u32()? as usize;
        let scale = f32::from_le_bytes(reader.array()?);
        let feature_count = reader.u32()? as usize;
        let entry_count = reader.u32()? as usize;
        let expected = feature_count
            .checked_mul(12)
            .and_then(|size| size.checked_add(4 + entry_count.checked_mul(4)?))
            .ok_or_else(|| ModelError::Corrupt("weights section sizes overflow".into()))?;
        if reader.remaining() != expected {
            return Err(ModelError::Corrupt(format!(
                "weights section should hold {expected} more bytes, holds {}",
                reader.remaining()
            )));
        }
        let keys = (0..feature_count)
            .map(|_| reader.array().map(u64::from_le_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        let starts = (0..=feature_count)
            .map(|_| reader.u32())
            .collect::<Result<Vec<_>, _>>()?;
        let entries = (0..entry_count)
            .map(|_| {
                let class = u16::from_le_bytes(reader.array()?);
                let weight = i16::from_le_bytes(reader.array()?);
                Ok((class, weight))
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        let starts_are_valid = starts.windows(2).all(|pair| pair[0] <= pair[1])
            && starts
                .last()
                .is_some_and(|&last| last as usize == entry_count);
        let classes_are_valid = entries
            .iter()
            .all(|&(class, _)| usize::from(class) < classes);
        if !starts_are_valid || !classes_are_valid || keys.contains(&0) {
            return Err(ModelError::Corrupt(
                "weights section is inconsistent".into(),
            ));
        }
        let slots = build_slots(&keys);
        Ok(Weights {
            classes,
            scale,
            slots,
            keys,
            starts,
            entries,
        })
    }
}

/// A power-of-two table at most half full, so probes stay short.
fn build_slots(keys: &[u64]) -> Vec<u32> {
    let size = (keys.len() * 2).next_power_of_two().max(2);
    let mask = size - 1;
    let mut slots = vec![0u32; size];
    for (index, &key) in keys.iter().enumerate() {
        let mut slot = (key as usize) & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index as u32 + 1;
    }
    slots
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(count)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| ModelError::Corrupt("weights section is truncated".into()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.array().map(u32::from_le_bytes)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Weights {
        Weights::from_rows(
            3,
            &[
                (5, vec![(0, 1.5), (2, -0.25)]),
                (9, vec![(1, 3.0)]),
                (17, vec![(2, 0.5)]),
            ],
        )
    }

    #[test]
    fn scores_sum_the_weights_of_known_features() {
        let weights = sample();
        let mut scores = [0.0; 3];
        weights.add_scores(&[5, 9, 12345], &mut scores);
        assert!((scores[0] - 1.5).abs() < 1e-3);
        assert!((scores[1] - 3.0).abs() < 1e-3);
        assert!((scores[2] + 0.25).abs() < 1e-3);
    }

    #[test]
    fn bytes_round_trip() {
        let weights = sample();
        assert_eq!(Weights::from_bytes(&weights.to_bytes()).unwrap(), weights);
    }

    #[test]
    fn truncated_bytes_are_an_error() {
        let bytes = sample().to_bytes();
        assert!(Weights::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = Weights::from_bytes(&bytes);
        }

        #[test]
        fn every_stored_feature_is_found(keys in proptest::collection::btree_set(1u64.., 1..200)) {
            let rows: Vec<_> = keys.iter().map(|&key| (key, vec![(0u16, 1.0f32)])).collect();
            let weights = Weights::from_rows(1, &rows);
            for key in keys {
                prop_assert!(weights.find(key).is_some());
            }
        }
    }
}

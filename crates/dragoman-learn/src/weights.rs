use crate::ModelError;

/// Frozen, quantised perceptron weights: for each hashed feature, a short
/// list of (class, weight) pairs.
///
/// Layout, chosen because lookups are bound by cache misses, not arithmetic:
/// an open-addressing table whose slots hold the feature key together with
/// where its row lies, so a lookup costs one miss for the slot and one for the
/// row. Rows are stored contiguously as `(u16 class, i16 weight)`. Weights are
/// quantised to `i16` with one scale for the model, which keeps about four
/// significant digits: far more than the perceptron's decisions depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    classes: usize,
    scale: f32,
    features: usize,
    slots: Vec<Slot>,
    entries: Vec<(u16, i16)>,
}

/// One probe slot; key 0 marks an empty slot.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Sorted keys with separate row offsets; the slot table is rebuilt on load.
const OLD_FORMAT_TAG: &[u8; 4] = b"WGT1";
/// The slot table itself, so loading is a bulk copy.
const FORMAT_TAG: &[u8; 4] = b"WGT2";
const SLOT_BYTES: usize = 16;
const ENTRY_BYTES: usize = 4;
/// Features looked up before their rows are summed: issuing the probes of a
/// whole batch first lets the processor overlap their cache misses.
const LOOKUP_BATCH: usize = 32;

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
        let mut placed = Vec::with_capacity(rows.len());
        let mut entries = Vec::new();
        for (feature, row) in rows {
            let start = entries.len() as u32;
            for &(class, weight) in row {
                let quantised = (weight / scale).round() as i16;
                if quantised != 0 {
                    entries.push((class, quantised));
                }
            }
            placed.push(Slot {
                key: *feature,
                start,
                len: entries.len() as u32 - start,
            });
        }
        Weights {
            classes,
            scale,
            features: placed.len(),
            slots: build_slots(&placed),
            entries,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// How many features carry weights.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Adds the weights of `features` to `scores` (one score per class).
    #[inline]
    pub fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        let mut rows = [(0u32, 0u32); LOOKUP_BATCH];
        for batch in features.chunks(LOOKUP_BATCH) {
            let mut found = 0;
            for &feature in batch {
                if let Some(slot) = self.find(feature) {
                    rows[found] = (slot.start, slot.len);
                    found += 1;
                }
            }
            for &(start, len) in &rows[..found] {
                let start = start as usize;
                for &(class, weight) in &self.entries[start..start + len as usize] {
                    scores[usize::from(class)] += f32::from(weight) * self.scale;
                }
            }
        }
    }

    #[inline]
    fn find(&self, feature: u64) -> Option<Slot> {
        let mut index = home_slot(feature, self.slots.len());
        loop {
            let slot = self.slots[index];
            if slot.key == feature {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            index += 1;
            if index == self.slots.len() {
                index = 0;
            }
        }
    }

    /// Serialises the weights (little-endian), slot table included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            24 + self.slots.len() * SLOT_BYTES + self.entries.len() * ENTRY_BYTES,
        );
        out.extend_from_slice(FORMAT_TAG);
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.features as u32).to_le_bytes());
        out.extend_from_slice(&(self.slots.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for slot in &self.slots {
            out.extend_from_slice(&slot.key.to_le_bytes());
            out.extend_from_slice(&slot.start.to_le_bytes());
            out.extend_from_slice(&slot.len.to_le_bytes());
        }
        for &(class, weight) in &self.entries {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    /// Reads weights written by [`Weights::to_bytes`] (or by the earlier
    /// layout, whose slot table is rebuilt), checking every bound.
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        let tag = reader.take(4)?;
        let weights = if tag == FORMAT_TAG {
            read_slotted(&mut reader)?
        } else if tag == OLD_FORMAT_TAG {
            read_sorted(&mut reader)?
        } else {
            return Err(ModelError::Corrupt(
                "weights section has an unknown format tag".into(),
            ));
        };
        let classes_are_valid = weights
            .entries
            .iter()
            .all(|&(class, _)| usize::from(class) < weights.classes);
        if !classes_are_valid {
            return Err(ModelError::Corrupt(
                "weights section names a class beyond its class count".into(),
            ));
        }
        Ok(weights)
    }
}

/// Reads the current layout: header, slots, entries.
fn read_slotted(reader: &mut Reader<'_>) -> Result<Weights, ModelError> {
    let classes = reader.u32()? as usize;
    let scale = f32::from_le_bytes(reader.array()?);
    let features = reader.u32()? as usize;
    let slot_count = reader.u32()? as usize;
    let entry_count = reader.u32()? as usize;
    let slot_bytes = reader.take_section(slot_count, SLOT_BYTES)?;
    let entry_bytes = reader.take_section(entry_count, ENTRY_BYTES)?;
    if reader.remaining() != 0 {
        return Err(ModelError::Corrupt(
            "weights section has trailing bytes".into(),
        ));
    }
    let slots: Vec<Slot> = slot_bytes
        .chunks_exact(SLOT_BYTES)
        .map(|bytes| Slot {
            key: u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")),
            start: u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")),
            len: u32::from_le_bytes(bytes[12..].try_into().expect("4 bytes")),
        })
        .collect();
    let entries = read_entries(entry_bytes);
    let filled = slots.iter().filter(|slot| slot.key != 0).count();
    let rows_are_valid = slots.iter().all(|slot| {
        if slot.key == 0 {
            slot.start == 0 && slot.len == 0
        } else {
            (slot.start as usize)
                .checked_add(slot.len as usize)
                .is_some_and(|end| end <= entry_count)
        }
    });
    // Lookups stop at an empty slot, so there must be one.
    if filled != features || filled >= slot_count || !rows_are_valid {
        return Err(ModelError::Corrupt(
            "weights section is inconsistent".into(),
        ));
    }
    Ok(Weights {
        classes,
        scale,
        features,
        slots,
        entries,
    })
}

/// Reads the earlier layout: sorted keys, row starts, entries.
fn read_sorted(reader: &mut Reader<'_>) -> Result<Weights, ModelError> {
    let classes = reader.u32()? as usize;
    let scale = f32::from_le_bytes(reader.array()?);
    let feature_count = reader.u32()? as usize;
    let entry_count = reader.u32()? as usize;
    let key_bytes = reader.take_section(feature_count, 8)?;
    let start_bytes = reader.take_section(feature_count.saturating_add(1), 4)?;
    let entry_bytes = reader.take_section(entry_count, ENTRY_BYTES)?;
    if reader.remaining() != 0 {
        return Err(ModelError::Corrupt(
            "weights section has trailing bytes".into(),
        ));
    }
    let keys: Vec<u64> = key_bytes
        .chunks_exact(8)
        .map(|bytes| u64::from_le_bytes(bytes.try_into().expect("8 bytes")))
        .collect();
    let starts: Vec<u32> = start_bytes
        .chunks_exact(4)
        .map(|bytes| u32::from_le_bytes(bytes.try_into().expect("4 bytes")))
        .collect();
    let starts_are_valid = starts.windows(2).all(|pair| pair[0] <= pair[1])
        && starts
            .last()
            .is_some_and(|&last| last as usize == entry_count);
    if !starts_are_valid || keys.contains(&0) {
        return Err(ModelError::Corrupt(
            "weights section is inconsistent".into(),
        ));
    }
    let placed: Vec<Slot> = keys
        .iter()
        .zip(starts.windows(2))
        .map(|(&key, pair)| Slot {
            key,
            start: pair[0],
            len: pair[1] - pair[0],
        })
        .collect();
    Ok(Weights {
        classes,
        scale,
        features: placed.len(),
        slots: build_slots(&placed),
        entries: read_entries(entry_bytes),
    })
}

fn read_entries(bytes: &[u8]) -> Vec<(u16, i16)> {
    bytes
        .chunks_exact(ENTRY_BYTES)
        .map(|bytes| {
            (
                u16::from_le_bytes([bytes[0], bytes[1]]),
                i16::from_le_bytes([bytes[2], bytes[3]]),
            )
        })
        .collect()
}

/// Where probing for `key` starts: the key's high bits scaled to the table
/// (keys are already well mixed), so the table need not be a power of two.
#[inline]
fn home_slot(key: u64, slot_count: usize) -> usize {
    ((u128::from(key) * slot_count as u128) >> 64) as usize
}

/// A table about two thirds full at most: short probes without the doubling
/// a power-of-two size would cost in memory, hence in cache misses.
fn build_slots(placed: &[Slot]) -> Vec<Slot> {
    let size = placed.len() + placed.len() / 2 + 1;
    let mut slots = vec![Slot::default(); size];
    for &slot in placed {
        let mut index = home_slot(slot.key, size);
        while slots[index].key != 0 {
            index += 1;
            if index == size {
                index = 0;
            }
        }
        slots[index] = slot;
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

    /// `count` records of `size` bytes each.
    fn take_section(&mut self, count: usize, size: usize) -> Result<&'a [u8], ModelError> {
        let length = count
            .checked_mul(size)
            .ok_or_else(|| ModelError::Corrupt("weights section sizes overflow".into()))?;
        self.take(length)
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

    /// The earlier layout, as the models shipped before the slot table was
    /// stored: sorted keys, row starts, then entries.
    fn old_layout_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(OLD_FORMAT_TAG);
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&(3.0f32 / f32::from(i16::MAX)).to_le_bytes());
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&4u32.to_le_bytes());
        for key in [5u64, 9, 17] {
            out.extend_from_slice(&key.to_le_bytes());
        }
        for start in [0u32, 2, 3, 4] {
            out.extend_from_slice(&start.to_le_bytes());
        }
        for (class, weight) in [(0u16, 16384i16), (2, -2731), (1, 32767), (2, 5461)] {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    #[test]
    fn the_earlier_layout_still_loads() {
        let weights = Weights::from_bytes(&old_layout_bytes()).unwrap();
        assert_eq!(weights, sample());
        assert_eq!(weights.features(), 3);
    }

    #[test]
    fn a_slot_table_without_an_empty_slot_is_refused() {
        let weights = Weights::from_rows(1, &[(5, vec![(0, 1.0)])]);
        let mut bytes = weights.to_bytes();
        // Claim one slot only (the filled one), dropping the empty one.
        bytes[16..20].copy_from_slice(&1u32.to_le_bytes());
        let filled = weights.slots.iter().position(|slot| slot.key != 0).unwrap();
        let slot_start = 24 + filled * SLOT_BYTES;
        let mut cut = bytes[..24].to_vec();
        cut.extend_from_slice(&bytes[slot_start..slot_start + SLOT_BYTES]);
        cut.extend_from_slice(&bytes[24 + weights.slots.len() * SLOT_BYTES..]);
        assert!(Weights::from_bytes(&cut).is_err());
    }

    #[test]
    fn empty_weights_answer_lookups() {
        let weights = Weights::from_rows(2, &[]);
        let mut scores = [0.0; 2];
        weights.add_scores(&[1, 2, 3], &mut scores);
        assert_eq!(scores, [0.0, 0.0]);
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

        #[test]
        fn scores_match_a_plain_sum_over_the_rows(
            rows in proptest::collection::btree_map(1u64.., proptest::collection::btree_map(0u16..8, -4.0f32..4.0, 1..8), 1..60),
            absent in proptest::collection::vec(1u64.., 0..40),
        ) {
            let rows: Vec<(u64, Vec<(u16, f32)>)> = rows
                .into_iter()
                .map(|(key, row)| (key, row.into_iter().collect()))
                .collect();
            let weights = Weights::from_rows(8, &rows);
            let loaded = Weights::from_bytes(&weights.to_bytes()).unwrap();
            // More features than one lookup batch, present and absent mixed.
            let mut features: Vec<u64> = rows.iter().map(|(key, _)| *key).collect();
            features.extend(&absent);
            let mut expected = [0.0f32; 8];
            for (key, row) in &rows {
                let repeats = features.iter().filter(|&&feature| feature == *key).count();
                for &(class, weight) in row {
                    expected[usize::from(class)] += weight * repeats as f32;
                }
            }
            let mut scores = [0.0f32; 8];
            loaded.add_scores(&features, &mut scores);
            for (score, want) in scores.iter().zip(expected) {
                prop_assert!((score - want).abs() < 0.05, "{scores:?} vs {expected:?}");
            }
        }
    }
}

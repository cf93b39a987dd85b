use crate::ModelError;

/// Frozen, quantised perceptron weights: for each hashed feature, a short
/// list of (class, weight) pairs.
///
/// Layout, chosen because lookups are bound by cache misses, not arithmetic:
/// an open-addressing table whose slots hold the feature key together with
/// its row when the row has at most two weights (most rows of a pruned
/// model), so the lookup costs one miss, or else where the row lies, one
/// miss for the slot and one for the row. Sparse rows are stored as
/// `(u16 class, i16 weight)`; rows that touch a good share of the classes
/// are stored dense, one `i16` per class, which sums with vector
/// instructions and takes little more room. Weights are
/// quantised to `i16` with one scale for the model, which keeps about four
/// significant digits: far more than the perceptron's decisions depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    classes: usize,
    scale: f32,
    features: usize,
    slots: Vec<Slot>,
    /// Whether [`probe_paths_ascend`] holds, so that a probe may give up at
    /// the first larger key instead of walking on to an empty slot.
    ascending: bool,
    entries: Vec<(u16, i16)>,
    dense: Vec<i16>,
}

/// One probe slot; key 0 marks an empty slot. A row of at most two weights
/// is held in the slot: `first` and `second` are packed entries (class in
/// the low half, weight in the high half; an absent second entry is class 0
/// with weight 0, which adds nothing). Otherwise the low half of `second` is
/// [`OUT_OF_LINE`], its high half the row's length ([`DENSE_ROW`] for a
/// dense row) and `first` where the row starts. No class is `OUT_OF_LINE`:
/// class counts fit a `u16`, so the largest class is one below it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Slot {
    key: u64,
    first: u32,
    second: u32,
}

/// Where a slot's row is.
enum Row {
    Inline([(u16, i16); 2]),
    Sparse { start: usize, len: usize },
    Dense { start: usize },
}

impl Slot {
    fn inline(key: u64, entries: &[(u16, i16)]) -> Slot {
        let pack = |(class, weight): (u16, i16)| u32::from(class) | u32::from(weight as u16) << 16;
        let entry = |index: usize| entries.get(index).copied().map_or(0, pack);
        Slot {
            key,
            first: entry(0),
            second: entry(1),
        }
    }

    fn out_of_line(key: u64, start: usize, len: u16) -> Slot {
        Slot {
            key,
            first: start as u32,
            second: u32::from(OUT_OF_LINE) | u32::from(len) << 16,
        }
    }

    #[inline]
    fn row(&self) -> Row {
        let unpack = |packed: u32| (packed as u16, (packed >> 16) as u16 as i16);
        if self.second as u16 != OUT_OF_LINE {
            return Row::Inline([unpack(self.first), unpack(self.second)]);
        }
        let start = self.first as usize;
        match (self.second >> 16) as u16 {
            DENSE_ROW => Row::Dense { start },
            len => Row::Sparse {
                start,
                len: usize::from(len),
            },
        }
    }
}

/// Sorted keys with separate row offsets; the slot table is rebuilt on load.
const OLD_FORMAT_TAG: &[u8; 4] = b"WGT1";
/// The slot table with every row out of line; its slots are converted on
/// load.
const OUT_OF_LINE_FORMAT_TAG: &[u8; 4] = b"WGT3";
/// The slot table itself, short rows inline, so loading is a bulk copy.
const FORMAT_TAG: &[u8; 4] = b"WGT4";
const SLOT_BYTES: usize = 16;
/// The low half of a slot's `second` word for a row stored outside it.
const OUT_OF_LINE: u16 = u16::MAX;
/// The length of a dense row in its slot.
const DENSE_ROW: u16 = u16::MAX;
/// Rows with at most this many weights live in their slot.
const INLINE_ENTRIES: usize = 2;
/// A row is stored dense when it has weights for at least a quarter of the
/// classes: at that share a dense row takes at most twice the bytes of the
/// sparse one and sums in a fraction of the instructions.
const DENSE_SHARE: usize = 4;
const ENTRY_BYTES: usize = 4;
/// Features looked up before their rows are summed: issuing the probes of a
/// whole batch first lets the processor overlap their cache misses.
const LOOKUP_BATCH: usize = 32;
/// Models with at most this many classes sum their integer weights in a
/// buffer on the stack; larger ones allocate it.
const STACK_CLASSES: usize = 256;

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
        let quantised = rows.iter().map(|(feature, row)| {
            let row = row
                .iter()
                .map(move |&(class, weight)| (class, (weight / scale).round() as i16))
                .filter(|&(_, weight)| weight != 0);
            (*feature, row)
        });
        pack(classes, scale, quantised)
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
        // Quantised weights are summed as integers (exact, and vectorised
        // without conversions) and scaled once per class and batch.
        let mut on_stack = [0i32; STACK_CLASSES];
        let mut on_heap = Vec::new();
        let totals: &mut [i32] = if self.classes <= STACK_CLASSES {
            &mut on_stack[..self.classes]
        } else {
            on_heap.resize(self.classes, 0);
            &mut on_heap
        };
        let mut rows = [Slot::default(); LOOKUP_BATCH];
        for batch in features.chunks(LOOKUP_BATCH) {
            // First the home slots of the whole batch, with no branch on what
            // they hold: a branch on a slot still in flight would stall the
            // loads after it, this way their cache misses overlap.
            let mut homes = [(0usize, Slot::default()); LOOKUP_BATCH];
            for (home, &feature) in homes.iter_mut().zip(batch) {
                let index = home_slot(feature, self.slots.len());
                *home = (index, self.slots[index]);
            }
            let mut found = 0;
            for (&feature, &(index, slot)) in batch.iter().zip(&homes) {
                if let Some(slot) = self.probe(feature, index, slot) {
                    rows[found] = slot;
                    found += 1;
                }
            }
            // Likewise the rows stored apart: one read of each starts all
            // their misses before the sums wait on the first.
            for slot in &rows[..found] {
                match slot.row() {
                    Row::Inline(_) => {}
                    Row::Dense { start } => {
                        std::hint::black_box(self.dense[start]);
                    }
                    Row::Sparse { start, .. } => {
                        std::hint::black_box(self.entries[start]);
                    }
                }
            }
            for slot in &rows[..found] {
                let sparse = match slot.row() {
                    Row::Inline(entries) => {
                        for (class, weight) in entries {
                            let total = &mut totals[usize::from(class)];
                            *total = total.wrapping_add(i32::from(weight));
                        }
                        continue;
                    }
                    Row::Dense { start } => {
                        let row = &self.dense[start..start + self.classes];
                        for (total, &weight) in totals.iter_mut().zip(row) {
                            *total = total.wrapping_add(i32::from(weight));
                        }
                        continue;
                    }
                    Row::Sparse { start, len } => &self.entries[start..start + len],
                };
                for &(class, weight) in sparse {
                    let total = &mut totals[usize::from(class)];
                    *total = total.wrapping_add(i32::from(weight));
                }
            }
            // Flushed per batch, 32 rows of weights below 2^15 cannot overflow
            // (wrapping only guards a corrupt file repeating a class in a row).
            for (score, total) in scores.iter_mut().zip(totals.iter_mut()) {
                *score += *total as f32 * self.scale;
                *total = 0;
            }
        }
    }

    /// The slot of `feature`, whose home slot `home` holds `at_home`.
    #[inline]
    fn probe(&self, feature: u64, home: usize, at_home: Slot) -> Option<Slot> {
        let passed = |key: u64| key == 0 || (self.ascending && key > feature);
        if at_home.key == feature {
            return Some(at_home);
        }
        if passed(at_home.key) {
            return None;
        }
        let mut index = home;
        loop {
            index += 1;
            if index == self.slots.len() {
                index = 0;
            }
            let slot = self.slots[index];
            if slot.key == feature {
                return Some(slot);
            }
            if passed(slot.key) {
                return None;
            }
        }
    }

    /// Serialises the weights (little-endian), slot table included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            28 + self.slots.len() * SLOT_BYTES
                + self.entries.len() * ENTRY_BYTES
                + self.dense.len() * 2,
        );
        out.extend_from_slice(FORMAT_TAG);
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.features as u32).to_le_bytes());
        out.extend_from_slice(&(self.slots.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.dense.len() as u32).to_le_bytes());
        for slot in &self.slots {
            out.extend_from_slice(&slot.key.to_le_bytes());
            out.extend_from_slice(&slot.first.to_le_bytes());
            out.extend_from_slice(&slot.second.to_le_bytes());
        }
        for &(class, weight) in &self.entries {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        for weight in &self.dense {
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
            read_slotted(&mut reader, Layout::Inline)?
        } else if tag == OUT_OF_LINE_FORMAT_TAG {
            read_slotted(&mut reader, Layout::OutOfLine)?
        } else if tag == OLD_FORMAT_TAG {
            read_sorted(&mut reader)?
        } else {
            return Err(ModelError::Corrupt(
                "weights section has an unknown format tag".into(),
            ));
        };
        let valid = |&(class, _): &(u16, i16)| usize::from(class) < weights.classes;
        let classes_are_valid = weights.entries.iter().all(valid)
            && weights.slots.iter().all(|slot| match slot.row() {
                Row::Inline(entries) => slot.key == 0 || entries.iter().all(valid),
                _ => true,
            });
        if !classes_are_valid {
            return Err(ModelError::Corrupt(
                "weights section names a class beyond its class count".into(),
            ));
        }
        Ok(weights)
    }
}

/// How a slot table's rows are recorded in its slots.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// As [`Slot`] describes.
    Inline,
    /// Each slot's two words are the row's start and length (`u32::MAX`
    /// for a dense row): rewritten on load, the slots staying in place.
    OutOfLine,
}

/// Reads a slot table layout: header, slots, sparse entries, dense values.
fn read_slotted(reader: &mut Reader<'_>, layout: Layout) -> Result<Weights, ModelError> {
    let classes = reader.u32()? as usize;
    let scale = f32::from_le_bytes(reader.array()?);
    let features = reader.u32()? as usize;
    let slot_count = reader.u32()? as usize;
    let entry_count = reader.u32()? as usize;
    let dense_count = reader.u32()? as usize;
    let slot_bytes = reader.take_section(slot_count, SLOT_BYTES)?;
    let entry_bytes = reader.take_section(entry_count, ENTRY_BYTES)?;
    let dense_bytes = reader.take_section(dense_count, 2)?;
    if reader.remaining() != 0 {
        return Err(ModelError::Corrupt(
            "weights section has trailing bytes".into(),
        ));
    }
    let inconsistent = || ModelError::Corrupt("weights section is inconsistent".into());
    if classes > usize::from(u16::MAX) {
        return Err(inconsistent());
    }
    let entries = read_entries(entry_bytes);
    let dense: Vec<i16> = dense_bytes
        .chunks_exact(2)
        .map(|bytes| i16::from_le_bytes([bytes[0], bytes[1]]))
        .collect();
    let fits = |start: usize, len: usize, stored: usize| {
        start.checked_add(len).is_some_and(|end| end <= stored)
    };
    let mut slots = Vec::with_capacity(slot_count);
    for bytes in slot_bytes.chunks_exact(SLOT_BYTES) {
        let key = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
        let first = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        let second = u32::from_le_bytes(bytes[12..].try_into().expect("4 bytes"));
        let slot = match layout {
            _ if key == 0 && (first, second) != (0, 0) => return Err(inconsistent()),
            _ if key == 0 => Slot::default(),
            Layout::Inline => Slot { key, first, second },
            Layout::OutOfLine => {
                let start = first as usize;
                match second {
                    u32::MAX => Slot::out_of_line(key, start, DENSE_ROW),
                    len if len as usize <= INLINE_ENTRIES => {
                        let row = entries
                            .get(start..start + len as usize)
                            .ok_or_else(inconsistent)?;
                        Slot::inline(key, row)
                    }
                    len => Slot::out_of_line(
                        key,
                        start,
                        u16::try_from(len)
                            .ok()
                            .filter(|&len| len != DENSE_ROW)
                            .ok_or_else(inconsistent)?,
                    ),
                }
            }
        };
        let row_is_valid = match slot.row() {
            Row::Inline(_) => true,
            Row::Sparse { start, len } => fits(start, len, entry_count),
            Row::Dense { start } => fits(start, classes, dense_count),
        };
        if !row_is_valid {
            return Err(inconsistent());
        }
        slots.push(slot);
    }
    let filled = slots.iter().filter(|slot| slot.key != 0).count();
    // Lookups stop at an empty slot, so there must be one.
    if filled != features || filled >= slot_count {
        return Err(inconsistent());
    }
    Ok(Weights {
        classes,
        scale,
        features,
        ascending: probe_paths_ascend(&slots),
        slots,
        entries,
        dense,
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
    let entries = read_entries(entry_bytes);
    let classes_are_valid = entries
        .iter()
        .all(|&(class, _)| usize::from(class) < classes);
    if !starts_are_valid || !classes_are_valid || keys.contains(&0) {
        return Err(ModelError::Corrupt(
            "weights section is inconsistent".into(),
        ));
    }
    let rows = keys.iter().zip(starts.windows(2)).map(|(&key, pair)| {
        let row = entries[pair[0] as usize..pair[1] as usize].iter().copied();
        (key, row)
    });
    Ok(pack(classes, scale, rows))
}

/// Lays out quantised rows, each dense or sparse, and the slot table.
fn pack<Row: Iterator<Item = (u16, i16)> + Clone>(
    classes: usize,
    scale: f32,
    rows: impl Iterator<Item = (u64, Row)>,
) -> Weights {
    let mut placed = Vec::new();
    let mut entries = Vec::new();
    let mut dense = Vec::new();
    let mut short = Vec::with_capacity(INLINE_ENTRIES);
    for (key, row) in rows {
        let len = row.clone().count();
        if len <= INLINE_ENTRIES {
            short.clear();
            short.extend(row);
            placed.push(Slot::inline(key, &short));
        } else if len * DENSE_SHARE >= classes || len >= usize::from(DENSE_ROW) {
            let start = dense.len();
            dense.resize(start + classes, 0);
            for (class, weight) in row {
                if let Some(value) = dense.get_mut(start + usize::from(class)) {
                    *value = weight;
                }
            }
            placed.push(Slot::out_of_line(key, start, DENSE_ROW));
        } else {
            let start = entries.len();
            entries.extend(row);
            placed.push(Slot::out_of_line(key, start, len as u16));
        }
    }
    let slots = build_slots(&placed);
    Weights {
        classes,
        scale,
        features: placed.len(),
        ascending: probe_paths_ascend(&slots),
        slots,
        entries,
        dense,
    }
}

/// Whether each key's probe path, from its home slot to its own, passes
/// only smaller keys: true of a table filled in ascending key order (as
/// every table this crate builds), since the slots a key skipped were
/// filled before it. Then a probe that meets a larger key can stop: the
/// feature it looks for is absent, as the full probe would have found.
fn probe_paths_ascend(slots: &[Slot]) -> bool {
    slots.iter().enumerate().all(|(position, slot)| {
        if slot.key == 0 {
            return true;
        }
        let mut index = home_slot(slot.key, slots.len());
        while index != position {
            if slots[index].key >= slot.key {
                return false;
            }
            index += 1;
            if index == slots.len() {
                index = 0;
            }
        }
        true
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

    /// The slot table as the models shipped before short rows moved into
    /// their slots: the rows of `sample()` and a dense one, all out of line.
    fn out_of_line_layout_bytes() -> Vec<u8> {
        let rows = [(5u64, 0u32, 2u32), (9, 2, 1), (17, 3, 1), (21, 0, u32::MAX)];
        let placed: Vec<Slot> = rows
            .iter()
            .map(|&(key, ..)| Slot {
                key,
                ..Slot::default()
            })
            .collect();
        let slots = build_slots(&placed);
        let mut out = Vec::new();
        out.extend_from_slice(OUT_OF_LINE_FORMAT_TAG);
        for number in [3u32, 0, 4, slots.len() as u32, 4, 3] {
            out.extend_from_slice(&number.to_le_bytes());
        }
        out[8..12].copy_from_slice(&(3.0f32 / f32::from(i16::MAX)).to_le_bytes());
        for slot in &slots {
            let (start, len) = rows
                .iter()
                .find(|row| row.0 == slot.key && slot.key != 0)
                .map_or((0, 0), |row| (row.1, row.2));
            out.extend_from_slice(&slot.key.to_le_bytes());
            out.extend_from_slice(&start.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
        }
        for (class, weight) in [(0u16, 16384i16), (2, -2731), (1, 32767), (2, 5461)] {
            out.extend_from_slice(&class.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        for weight in [100i16, -200, 300] {
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    #[test]
    fn the_out_of_line_layout_still_loads() {
        let weights = Weights::from_bytes(&out_of_line_layout_bytes()).unwrap();
        assert_eq!(weights.features(), 4);
        let (mut converted, mut expected) = ([0.0; 3], [0.0; 3]);
        weights.add_scores(&[5, 9, 17], &mut converted);
        sample().add_scores(&[5, 9, 17], &mut expected);
        assert_eq!(converted, expected);
        let mut dense = [0.0; 3];
        weights.add_scores(&[21], &mut dense);
        assert!(
            (dense[1] - -200.0 * weights.scale).abs() < 1e-6,
            "{dense:?}"
        );
        let saved = Weights::from_bytes(&weights.to_bytes()).unwrap();
        assert_eq!(saved, weights);
    }

    #[test]
    fn a_slot_table_without_an_empty_slot_is_refused() {
        const HEADER_BYTES: usize = 28;
        let weights = Weights::from_rows(1, &[(5, vec![(0, 1.0)])]);
        let mut bytes = weights.to_bytes();
        // Claim one slot only (the filled one), dropping the empty one.
        bytes[16..20].copy_from_slice(&1u32.to_le_bytes());
        let filled = weights.slots.iter().position(|slot| slot.key != 0).unwrap();
        let slot_start = HEADER_BYTES + filled * SLOT_BYTES;
        let mut cut = bytes[..HEADER_BYTES].to_vec();
        cut.extend_from_slice(&bytes[slot_start..slot_start + SLOT_BYTES]);
        cut.extend_from_slice(&bytes[HEADER_BYTES + weights.slots.len() * SLOT_BYTES..]);
        assert_eq!(cut.len(), bytes.len() - SLOT_BYTES);
        assert!(Weights::from_bytes(&cut).is_err());
    }

    #[test]
    fn a_table_filled_out_of_key_order_is_probed_to_an_empty_slot() {
        // Keys 1 and 2 both have slot 0 of 4 as their home; the larger
        // sits there, so a probe for 1 must walk past it.
        let mut slots = vec![Slot::default(); 4];
        slots[0] = Slot::inline(2, &[(0, 1)]);
        slots[1] = Slot::inline(1, &[(0, 2)]);
        assert!(!probe_paths_ascend(&slots));
        let disordered = Weights {
            classes: 1,
            scale: 1.0,
            features: 2,
            ascending: false,
            slots: slots.clone(),
            entries: Vec::new(),
            dense: Vec::new(),
        };
        let loaded = Weights::from_bytes(&disordered.to_bytes()).unwrap();
        assert_eq!(loaded, disordered);
        let mut scores = [0.0];
        loaded.add_scores(&[1], &mut scores);
        assert_eq!(scores, [2.0]);
        slots.swap(0, 1);
        assert!(probe_paths_ascend(&slots));
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
                let home = home_slot(key, weights.slots.len());
                prop_assert!(weights.probe(key, home, weights.slots[home]).is_some());
            }
        }

        #[test]
        fn scores_match_a_plain_sum_over_the_rows(
            rows in proptest::collection::btree_map(1u64.., proptest::collection::btree_map(0u16..8, -4.0f32..4.0, 1..8), 1..150),
            absent in proptest::collection::vec(1u64.., 0..80),
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

//! The container every dragoman model file uses.
//!
//! ```text
//! magic      8 bytes  "DRAGOMAN"
//! version    u32      container format version (1)
//! kind       u32 len + UTF-8   e.g. "tagger", "parser", "ner"
//! sections   u32 count, then per section: u32 len + UTF-8 name, u64 len + bytes
//! ```
//! All integers are little-endian. A model's own layout lives in its sections.

use std::io::{self, Write};

const MAGIC: &[u8; 8] = b"DRAGOMAN";
const CONTAINER_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a dragoman model file (bad magic number)")]
    NotAModel,
    #[error("model container version {found} is not supported (expected {CONTAINER_VERSION})")]
    UnsupportedVersion { found: u32 },
    #[error("expected a {expected} model, found a {found} model")]
    WrongKind { expected: String, found: String },
    #[error("model has no section {0:?}")]
    MissingSection(String),
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
}

/// A parsed model file borrowing its bytes (e.g. from `include_bytes!`).
#[derive(Debug)]
pub struct ModelFile<'a> {
    kind: &'a str,
    sections: Vec<(&'a str, &'a [u8])>,
}

impl<'a> ModelFile<'a> {
    /// Parses `bytes` and checks the model is of `expected_kind`.
    pub fn parse(bytes: &'a [u8], expected_kind: &str) -> Result<ModelFile<'a>, ModelError> {
        let mut cursor = Cursor { bytes, at: 0 };
        if cursor.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
            return Err(ModelError::NotAModel);
        }
        let version = cursor.u32()?;
        if version != CONTAINER_VERSION {
            return Err(ModelError::UnsupportedVersion { found: version });
        }
        let kind = cursor.text()?;
        if kind != expected_kind {
            return Err(ModelError::WrongKind {
                expected: expected_kind.to_owned(),
                found: kind.to_owned(),
            });
        }
        let count = cursor.u32()?;
        let mut sections = Vec::new();
        for _ in 0..count {
            let name = cursor.text()?;
            let length = usize::try_from(cursor.u64()?)
                .map_err(|_| ModelError::Corrupt("section too large".into()))?;
            sections.push((name, cursor.take(length)?));
        }
        if cursor.at != bytes.len() {
            return Err(ModelError::Corrupt(
                "trailing bytes after the last section".into(),
            ));
        }
        Ok(ModelFile { kind, sections })
    }

    pub fn kind(&self) -> &'a str {
        self.kind
    }

    pub fn section(&self, name: &str) -> Result<&'a [u8], ModelError> {
        self.optional_section(name)
            .ok_or_else(|| ModelError::MissingSection(name.to_owned()))
    }

    /// A section that only some models of a kind have.
    pub fn optional_section(&self, name: &str) -> Option<&'a [u8]> {
        self.sections
            .iter()
            .find(|(section, _)| *section == name)
            .map(|&(_, bytes)| bytes)
    }

    /// A section holding UTF-8 text (labels, metadata).
    pub fn text_section(&self, name: &str) -> Result<&'a str, ModelError> {
        std::str::from_utf8(self.section(name)?)
            .map_err(|_| ModelError::Corrupt(format!("section {name:?} is not UTF-8")))
    }
}

/// Assembles a model file section by section.
#[derive(Debug)]
pub struct ModelWriter {
    kind: String,
    sections: Vec<(String, Vec<u8>)>,
}

impl ModelWriter {
    pub fn new(kind: &str) -> Self {
        ModelWriter {
            kind: kind.to_owned(),
            sections: Vec::new(),
        }
    }

    pub fn section(mut self, name: &str, bytes: Vec<u8>) -> Self {
        self.sections.push((name.to_owned(), bytes));
        self
    }

    pub fn write_to(&self, mut out: impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&CONTAINER_VERSION.to_le_bytes())?;
        write_text(&mut out, &self.kind)?;
        out.write_all(&(self.sections.len() as u32).to_le_bytes())?;
        for (name, bytes) in &self.sections {
            write_text(&mut out, name)?;
            out.write_all(&(bytes.len() as u64).to_le_bytes())?;
            out.write_all(bytes)?;
        }
        Ok(())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out)
            .expect("writing to a Vec cannot fail");
        out
    }
}

fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(&(text.len() as u32).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(count)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| ModelError::Corrupt("file is truncated".into()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn text(&mut self) -> Result<&'a str, ModelError> {
        let length = self.u32()? as usize;
        std::str::from_utf8(self.take(length)?)
            .map_err(|_| ModelError::Corrupt("a name is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Vec<u8> {
        ModelWriter::new("tagger")
            .section("labels", b"NOUN\nVERB".to_vec())
            .section("weights", vec![1, 2, 3])
            .to_bytes()
    }

    #[test]
    fn sections_round_trip() {
        let bytes = sample();
        let model = ModelFile::parse(&bytes, "tagger").unwrap();
        assert_eq!(model.kind(), "tagger");
        assert_eq!(model.text_section("labels").unwrap(), "NOUN\nVERB");
        assert_eq!(model.section("weights").unwrap(), &[1, 2, 3]);
        assert!(matches!(
            model.section("other"),
            Err(ModelError::MissingSection(_))
        ));
    }

    #[test]
    fn wrong_kind_magic_and_truncation_are_errors() {
        let bytes = sample();
        assert!(matches!(
            ModelFile::parse(&bytes, "parser"),
            Err(ModelError::WrongKind { .. })
        ));
        assert!(matches!(
            ModelFile::parse(b"NOTAMODEL", "tagger"),
            Err(ModelError::NotAModel)
        ));
        assert!(matches!(
            ModelFile::parse(&bytes[..bytes.len() - 1], "tagger"),
            Err(ModelError::Corrupt(_))
        ));
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..128)) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&tail);
            let _ = ModelFile::parse(&bytes, "tagger");
        }
    }
}

use dragoman_model::Origin;

/// Why one input, or one article inside a container input, could not be read.
///
/// Its `Display` names the input, the place inside it and the reason, e.g.
/// `feeds/wire.jsonl (line 3): malformed JSON: expected value at column 1`,
/// so that a batch runner can print it as is and go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct IngestError {
    pub origin: Origin,
    pub kind: ErrorKind,
}

impl IngestError {
    pub(crate) fn new(origin: Origin, kind: ErrorKind) -> Self {
        IngestError { origin, kind }
    }
}

/// The reason an input or an article was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("empty input")]
    Empty,
    #[error("input is {size} bytes, over the limit of {limit} bytes (max_bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("standard input is over the limit of {limit} bytes (max_bytes)")]
    StdinTooLarge { limit: u64 },
    #[error("decompressed input is over the limit of {limit} bytes (max_bytes)")]
    DecompressedTooLarge { limit: u64 },
    #[error("looks like binary data, not text ({reason})")]
    Binary { reason: String },
    #[error("HTML nests about {depth} elements deep, over the limit of {limit}")]
    TooDeep { depth: usize, limit: usize },
    #[error("no text ({0})")]
    NoText(String),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("record has no \"text\" string")]
    MissingTextField,
    #[error("malformed feed: {0}")]
    MalformedFeed(String),
    #[error("the feed parser crashed on this input: {0}")]
    FeedParserPanic(String),
    #[error("malformed WARC: {0}")]
    MalformedWarc(String),
    #[error("cannot decompress: {0}")]
    Decompression(String),
}

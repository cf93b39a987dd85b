//! Golden tests: every fixture in `tests/fixtures/` is read and analysed, and
//! the result must equal the checked-in `<fixture>.expected.json` beside it.
//!
//! After a deliberate change, rewrite the expected files with
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test -p dragoman-cli --test golden
//! ```
//!
//! and review the diff like code. Over every fixture the harness also checks
//! the invariants no output may break: spans slice their text, records are in
//! bounds, analysis is deterministic.

use std::path::{Path, PathBuf};

use dragoman_ingest::ReadOptions;
use dragoman_pipeline::{AnalyzeOptions, Pipeline};
use serde_json::{Value, json};

const EXPECTED_SUFFIX: &str = ".expected.json";

fn fixtures() -> Vec<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&directory)
        .expect("the fixtures directory exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| !path.to_string_lossy().ends_with(EXPECTED_SUFFIX))
        .collect();
    inputs.sort();
    inputs
}

/// The documents and errors one fixture yields, as the JSON that is compared.
fn analyse_fixture(pipeline: &Pipeline, path: &Path) -> Value {
    let name = path.file_name().expect("a file name").to_string_lossy();
    let bytes = std::fs::read(path).expect("a readable fixture");
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for item in dragoman_ingest::read_bytes(&name, &bytes, &ReadOptions::default()) {
        match item {
            Ok(article) => {
                let document = pipeline.analyze(&article, &AnalyzeOptions::default());
                if let Err(problem) = document.check_spans() {
                    panic!("{name}: {problem}");
                }
                assert_eq!(
                    document,
                    pipeline.analyze(&article, &AnalyzeOptions::default()),
                    "{name}: analysis is not deterministic"
                );
                documents.push(serde_json::to_value(&document).expect("a document serialises"));
            }
            Err(error) => errors.push(Value::String(error.to_string())),
        }
    }
    json!({ "documents": documents, "errors": errors })
}

#[test]
fn every_fixture_matches_its_expected_output() {
    let pipeline = Pipeline::shipped().expect("the shipped resources load");
    let inputs = fixtures();
    assert!(
        inputs.len() >= 8,
        "the golden corpus shrank to {} fixtures",
        inputs.len()
    );
    for input in inputs {
        let actual =
            serde_json::to_string_pretty(&analyse_fixture(&pipeline, &input)).expect("JSON") + "\n";
        let expected = PathBuf::from(format!("{}{EXPECTED_SUFFIX}", input.display()));
        expect_test::expect_file![expected].assert_eq(&actual);
    }
}

#[test]
fn the_demo_articles_keep_every_invariant() {
    let pipeline = Pipeline::shipped().expect("the shipped resources load");
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    for entry in std::fs::read_dir(directory).expect("the demo directory exists") {
        let path = entry.expect("a readable directory entry").path();
        let analysed = analyse_fixture(&pipeline, &path);
        assert_eq!(analysed["errors"], json!([]), "{}", path.display());
        assert_eq!(analysed["documents"].as_array().map(Vec::len), Some(1));
    }
}

//! The `dragoman` binary as a user meets it: exit codes, what goes to stdout
//! and what to stderr, and that one bad input never stops the others.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn dragoman(arguments: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // A usage error exits before reading stdin; the closed pipe is expected then.
    let _ = child.stdin.take().expect("a stdin pipe").write_all(stdin);
    child.wait_with_output().expect("the binary finishes")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn stdout_documents(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON document per line"))
        .collect()
}

#[test]
fn a_bad_input_is_reported_and_the_others_still_analysed() {
    let directory = tempdir();
    let empty = directory.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let output = dragoman(
        &[
            "analyze",
            "--format",
            "jsonl",
            &fixture("appositives.txt"),
            empty.to_str().unwrap(),
            &fixture("wire.jsonl"),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let documents = stdout_documents(&output);
    assert_eq!(documents.len(), 3, "one article and two good JSON lines");
    assert_eq!(documents[0]["schema"], "dragoman/1");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.txt: empty input"), "{stderr}");
    assert!(
        stderr.contains("wire.jsonl (line 2): malformed JSON"),
        "{stderr}"
    );
}

#[test]
fn standard_input_with_a_publication_date_from_the_command_line() {
    let output = dragoman(
        &[
            "analyze",
            "-",
            "--format",
            "json",
            "--published",
            "2026-03-02",
        ],
        "“We will leave,” the minister said.".as_bytes(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents = stdout_documents(&output);
    assert_eq!(documents[0]["published"], "2026-03-02");
    assert_eq!(documents[0]["published_source"], "command_line");
    assert_eq!(documents[0]["origin"]["input"], "-");
}

#[test]
fn usage_errors_exit_with_status_2() {
    assert_eq!(dragoman(&["analyze"], b"").status.code(), Some(2));
    assert_eq!(
        dragoman(&["analyze", "-", "--published", "yesterday"], b"")
            .status
            .code(),
        Some(2)
    );
    let conflicting = dragoman(&["analyze", "-", "--format", "jsonl", "--pretty"], b"x");
    assert_eq!(conflicting.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&conflicting.stderr).contains("--pretty"));
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning_naming_the_offset() {
    let output = dragoman(
        &["analyze", "-", "--format", "jsonl"],
        b"Troops left Mosul.\xff\xfe Officials said so.",
    );
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning: - (byte 18)"), "{stderr}");
    assert_eq!(stdout_documents(&output).len(), 1);
}

#[test]
fn the_demo_prints_a_report_with_every_section() {
    let output = dragoman(&["demo"], b"");
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8(output.stdout).unwrap();
    for section in ["Entities (", "Quotes (", "Places (", "Times (", "Events ("] {
        assert_eq!(report.matches(section).count(), 3, "{section} in {report}");
    }
}

#[test]
fn oversized_input_is_refused_naming_the_limit() {
    let output = dragoman(
        &["analyze", "-", "--max-bytes", "10"],
        b"More than ten bytes of news.",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("limit of 10 bytes"));
}

/// A fresh directory under the target directory, removed on the next run.
#[test]
fn gazetteer_lookup_lists_senses_and_fails_on_an_unknown_name() {
    let output = dragoman(&["gazetteer", "lookup", "Ain al-Asad"], b"");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Al Asad Air Base\tAirbase"), "{stdout}");

    let output = dragoman(&["gazetteer", "lookup", "Erbil", "Qzxqzx"], b"");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Qzxqzx: 0 senses"), "{stdout}");
}

fn tempdir() -> std::path::PathBuf {
    let directory =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    directory
}

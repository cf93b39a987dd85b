//! A reader for the comma-separated files of OurAirports: RFC 4180 quoting
//! (quoted fields may hold commas, doubled quotes and line breaks).

/// All records of `text`, each a list of unquoted fields. Never fails: a
/// stray quote or an unterminated field is read as literally as possible.
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match (in_quotes, character) {
            (true, '"') if characters.peek() == Some(&'"') => {
                field.push('"');
                characters.next();
            }
            (true, '"') => in_quotes = false,
            (true, _) => field.push(character),
            (false, '"') if field.is_empty() => in_quotes = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\r') if characters.peek() == Some(&'\n') => {}
            (false, _) => field.push(character),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let text = "id,name,keywords\r\n1,\"Al Asad Air Base\",\"Qadisiyah Airbase, \"\"AB\"\"\"\n2,Plain,\"two\nlines\"\n";
        let records = parse_csv(text);
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[1],
            ["1", "Al Asad Air Base", "Qadisiyah Airbase, \"AB\""]
        );
        assert_eq!(records[2], ["2", "Plain", "two\nlines"]);
    }

    #[test]
    fn empty_fields_are_kept() {
        assert_eq!(parse_csv("a,,c"), vec![vec!["a", "", "c"]]);
    }

    proptest! {
        #[test]
        fn plain_fields_round_trip(fields in proptest::collection::vec("[^,\"\r\n]{0,8}", 1..6)) {
            let line = fields.join(",");
            let records = parse_csv(&format!("{line}\n"));
            prop_assert_eq!(records, vec![fields]);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = parse_csv(&text);
        }
    }
}

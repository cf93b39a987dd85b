//! The published JSON Schema must match the types. Update it with
//! `UPDATE_EXPECT=1 cargo test -p dragoman-model --test schema`.

#[test]
fn published_schema_is_current() {
    let schema = serde_json::to_string_pretty(&dragoman_model::json_schema()).unwrap() + "\n";
    expect_test::expect_file!["../../../schema/dragoman-1.schema.json"].assert_eq(&schema);
}

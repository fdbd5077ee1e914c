//! Every input in `fuzz/regressions/` (inputs that once made a fuzz target fail), and the
//! seed corpus (the sample feed and the test fixtures), through the fuzz targets' checks.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_regression_and_seed_passes_the_fuzz_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut inputs: Vec<_> = std::fs::read_dir(root.join("fuzz/regressions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    inputs.push(root.join("fuzz/seeds/every-field.json"));
    inputs.push(root.join("feeds/sample.json"));
    inputs.push(root.join("tests/fixtures/one-bad-item.json"));
    inputs.sort();
    for input in &inputs {
        let data = std::fs::read(input).unwrap();
        let name = input.display();
        let result = std::panic::catch_unwind(|| {
            checks::check_text(&data);
            checks::check_loader(&data);
            checks::check_json(&data);
        });
        assert!(result.is_ok(), "{name} fails a fuzz check");
    }
}

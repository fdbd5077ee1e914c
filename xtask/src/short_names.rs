//! Short names for what a wasm-bindgen build's Wasm imports from its glue and exports to it.
//!
//! wasm-bindgen names every import after its function and a 16-digit hash
//! (`__wbg_setAttribute_0123456789abcdef`), and every closure shim after its whole type
//! (names of 100 to 300 characters). Each name is shipped twice, in the Wasm's import or
//! export section and in the glue, and the hashes do not compress: for the cards module
//! that was 3.6 KB brotli of what every page loads. `dist` renames
//! them `$0`, `$1`, … in both files, and drops the exports the glue never names (such as
//! `__wbindgen_free` when no JavaScript frees Rust memory), so that `wasm-opt` can drop
//! their code as well.
//!
//! The names the glue exports to the page (`export function mount_questions`) are what the
//! loader calls, so they keep their names however long.
//!
//! The glue is plain generated JavaScript, and a name is renamed as a whole word (a run of
//! identifier characters): a hashed name cannot be part of another word, and the build
//! stops if a short name is already taken or the glue does not define an import.

use std::collections::HashMap;

use anyhow::{ensure, Result};
use wasm_encoder::{EntityType, ImportSection};
use wasmparser::Payload;

use crate::wasm_binary;

/// Names shorter than this are left as they are: they are short already (`memory`,
/// `mount`), and a common word could also stand in one of the glue's strings.
const MIN_LEN: usize = 12;

/// What [`shorten`] did.
pub struct Shortened {
    pub wasm: Vec<u8>,
    pub glue: String,
    /// Imports and exports renamed.
    pub renamed: usize,
    /// Exports dropped because the glue never names them.
    pub dropped: Vec<String>,
}

/// Renames the long import and export names of `wasm` in it and in its `glue`, gives the
/// import modules short names, and drops the exports the glue does not name.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<Shortened> {
    let words = word_counts(glue);
    let public = exported_functions(glue);
    let mut names = Names::new(&words);
    let mut modules: Vec<(String, String)> = Vec::new();
    let mut dropped = Vec::new();
    let wasm = wasm_binary::rewrite(wasm, |payload, module| {
        match payload {
            Payload::ImportSection(imports) => {
                let mut section = ImportSection::new();
                for import in imports.clone().into_imports() {
                    let import = import?;
                    ensure!(
                        words.contains_key(import.name),
                        "the glue does not define the import {}",
                        import.name
                    );
                    let short_module = match modules.iter().find(|(m, _)| m == import.module) {
                        Some((_, short)) => short.clone(),
                        None => {
                            let short = format!("m{}", modules.len());
                            modules.push((import.module.to_string(), short.clone()));
                            short
                        }
                    };
                    let ty = EntityType::try_from(import.ty)?;
                    section.import(&short_module, &names.short(import.name)?, ty);
                }
                module.section(&section);
            }
            Payload::ExportSection(exports) => {
                module.section(&wasm_binary::rewrite_exports(exports, |name| {
                    if !words.contains_key(name) {
                        dropped.push(name.to_string());
                        return Ok(None);
                    }
                    if public.contains(&name) {
                        return Ok(Some(name.to_string()));
                    }
                    names.short(name).map(Some)
                })?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let mut glue = rename_words(glue, &names.map);
    for (module, short) in &modules {
        let key = format!("\"{module}\"");
        ensure!(
            glue.matches(&key).count() == 1,
            "the glue should name the import module {key} once, as its imports' key"
        );
        glue = glue.replace(&key, &format!("\"{short}\""));
    }
    Ok(Shortened {
        wasm,
        glue,
        renamed: names.map.len(),
        dropped,
    })
}

/// The functions the glue exports (`export function NAME(`), by name.
fn exported_functions(glue: &str) -> Vec<&str> {
    glue.split("export function ")
        .skip(1)
        .filter_map(|rest| rest.split_once('(').map(|(name, _)| name.trim()))
        .collect()
}

/// The short names given so far; the same long name always gets the same short one (a
/// closure shim is both a glue function and an export of that name).
struct Names<'a> {
    taken: &'a HashMap<&'a str, usize>,
    map: HashMap<String, String>,
}

impl<'a> Names<'a> {
    fn new(taken: &'a HashMap<&'a str, usize>) -> Self {
        Names {
            taken,
            map: HashMap::new(),
        }
    }

    /// `name`'s short name, or `name` itself when it is short.
    fn short(&mut self, name: &str) -> Result<String> {
        if name.len() < MIN_LEN {
            return Ok(name.to_string());
        }
        if let Some(short) = self.map.get(name) {
            return Ok(short.clone());
        }
        let short = format!("${}", base36(self.map.len()));
        ensure!(
            !self.taken.contains_key(short.as_str()),
            "the glue already uses the name {short}"
        );
        self.map.insert(name.to_string(), short.clone());
        Ok(short)
    }
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("ASCII digits")
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// The text cut into words (runs of identifier characters) and what lies between them.
fn pieces(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos == bytes.len() {
            return None;
        }
        let word = is_word_byte(bytes[pos]);
        let start = pos;
        while pos < bytes.len() && is_word_byte(bytes[pos]) == word {
            pos += 1;
        }
        // Word bytes are ASCII, so both ends are character boundaries.
        Some((word, &text[start..pos]))
    })
}

/// How often each word stands in `text`.
fn word_counts(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for (word, piece) in pieces(text) {
        if word {
            *counts.entry(piece).or_insert(0) += 1;
        }
    }
    counts
}

/// `text` with every word that `names` maps replaced.
fn rename_words(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    for (word, piece) in pieces(text) {
        match names.get(piece).filter(|_| word) {
            Some(short) => out.push_str(short),
            None => out.push_str(piece),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{ExportKind, ExportSection, TypeSection};

    /// A module with a type section, function imports from `module` and exports of
    /// function index 0.
    fn module(module: &str, imports: &[&str], exports: &[&str]) -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut import = ImportSection::new();
        for name in imports {
            import.import(module, name, EntityType::Function(0));
        }
        let mut export = ExportSection::new();
        for name in exports {
            export.export(name, ExportKind::Func, 0);
        }
        let mut wasm = wasm_encoder::Module::new();
        wasm.section(&types).section(&import).section(&export);
        wasm.finish()
    }

    const GLUE: &str = r#"function getImports() {
    const import0 = {
        __wbg_setAttribute_0123456789abcdef: function(a, b) { a.setAttribute(b); },
        __wbg_log_0123456789abcdef: function(a) { console.log(a, wasm_bindgen_closure_invoke_true_); },
    };
    return { "./w_bg.js": import0 };
}
function wasm_bindgen_closure_invoke_true_(a) { wasm.wasm_bindgen_closure_invoke_true_(a); }
export function mount(x) { wasm.mount(x); console.log(`${x} memory`); }
"#;

    #[test]
    fn long_names_become_short_in_both_files_and_unnamed_exports_go() {
        let wasm = module(
            "./w_bg.js",
            &[
                "__wbg_setAttribute_0123456789abcdef",
                "__wbg_log_0123456789abcdef",
            ],
            &[
                "mount",
                "wasm_bindgen_closure_invoke_true_",
                "__wbindgen_free",
                "memory",
            ],
        );
        let out = shorten(&wasm, GLUE).unwrap();
        assert_eq!(
            out.wasm,
            module("m0", &["$0", "$1"], &["mount", "$2", "memory"])
        );
        assert_eq!(out.dropped, ["__wbindgen_free"]);
        assert_eq!(out.renamed, 3);
        assert_eq!(
            out.glue,
            r#"function getImports() {
    const import0 = {
        $0: function(a, b) { a.setAttribute(b); },
        $1: function(a) { console.log(a, $2); },
    };
    return { "m0": import0 };
}
function $2(a) { wasm.$2(a); }
export function mount(x) { wasm.mount(x); console.log(`${x} memory`); }
"#
        );
    }

    #[test]
    fn the_functions_the_glue_exports_keep_their_names() {
        let glue =
            format!("{GLUE}export function mount_questions(x) {{ wasm.mount_questions(x); }}\n");
        let wasm = module("./w_bg.js", &[], &["mount_questions"]);
        let out = shorten(&wasm, &glue).unwrap();
        assert_eq!(out.wasm, module("m0", &[], &["mount_questions"]));
        assert!(out
            .glue
            .contains("export function mount_questions(x) { wasm.mount_questions(x); }"));
    }

    #[test]
    fn a_glue_that_does_not_fit_stops_the_build() {
        let wasm = module("./w_bg.js", &["__wbg_missing_0123456789abcdef"], &[]);
        assert!(
            shorten(&wasm, GLUE).is_err(),
            "an import the glue does not define"
        );
        let wasm = module("./w_bg.js", &["__wbg_log_0123456789abcdef"], &[]);
        let taken = format!("{GLUE}let $0 = 1;\n");
        assert!(
            shorten(&wasm, &taken).is_err(),
            "a short name the glue uses"
        );
        let twice = format!("{GLUE}// \"./w_bg.js\"\n");
        assert!(shorten(&wasm, &twice).is_err(), "the module named twice");
    }

    #[test]
    fn words_are_whole_runs_of_identifier_characters() {
        let names = HashMap::from([("ab".to_string(), "$0".to_string())]);
        assert_eq!(
            rename_words("ab abc $ab ab.ab(ab) 'ab' é ab", &names),
            "$0 abc $ab $0.$0($0) '$0' é $0"
        );
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
    }
}

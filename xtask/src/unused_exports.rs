//! Takes out of a wasm-bindgen build the JavaScript classes that a dependency exports and
//! the widget never uses, so that `wasm-opt` can drop their code.
//!
//! Leptos turns on `server_fn`'s `browser` feature, and with it `wasm-streams`, whose
//! `#[wasm_bindgen]` classes (`IntoUnderlyingSink` and two more) adapt Rust streams to the
//! browser's streams API. Exports are roots: however unused, their code and what it calls
//! stays in the Wasm, and their classes in the glue. No feature of Leptos turns this off for
//! a client-only build. [`crate::link_filter`] keeps them out when the Wasm is linked,
//! which drops all of their code; should they get through (a response file, a new
//! toolchain), `dist` removes them here, between `wasm-bindgen` and `wasm-opt`: the
//! exports from the Wasm's export section, the classes from the glue, which drops some of
//! their code. It refuses to go on when the glue does not look as expected or still calls
//! a removed export, so a new wasm-bindgen cannot make it break the widget quietly.

use anyhow::{ensure, Context, Result};
use wasmparser::Payload;

use crate::wasm_binary;

/// The classes removed, as wasm-bindgen names them in the glue.
pub const UNUSED_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Whether `export` (a Wasm export's name) belongs to one of `classes`: wasm-bindgen names a
/// class's methods `{class}_{method}` and its destructor `__wbg_{class}_free`, in lower case.
pub fn belongs_to(export: &str, classes: &[&str]) -> bool {
    classes.iter().any(|class| {
        let class = class.to_ascii_lowercase();
        export
            .strip_prefix("__wbg_")
            .unwrap_or(export)
            .strip_prefix(&class)
            .is_some_and(|rest| rest.starts_with('_'))
    })
}

/// Removes `classes` from a wasm-bindgen output: returns the new Wasm and glue, and the
/// names of the exports removed (none when the glue has none of the classes).
pub fn remove(wasm: &[u8], glue: &str, classes: &[&str]) -> Result<(Vec<u8>, String, Vec<String>)> {
    if !classes
        .iter()
        .any(|c| glue.contains(&format!("export class {c} {{")))
    {
        return Ok((wasm.to_vec(), glue.to_string(), Vec::new()));
    }
    let (wasm, removed) = remove_exports(wasm, |name| belongs_to(name, classes))?;
    let glue = remove_glue_classes(glue, classes)?;
    for name in &removed {
        ensure!(
            !glue.contains(&format!("wasm.{name}(")),
            "the glue still calls {name} after its class was removed"
        );
    }
    Ok((wasm, glue, removed))
}

/// Rewrites the export section without the exports `unused` picks; every other section is
/// copied byte for byte.
pub fn remove_exports(
    wasm: &[u8],
    unused: impl Fn(&str) -> bool,
) -> Result<(Vec<u8>, Vec<String>)> {
    let mut removed = Vec::new();
    let out = wasm_binary::rewrite(wasm, |payload, module| {
        let Payload::ExportSection(exports) = payload else {
            return Ok(false);
        };
        module.section(&wasm_binary::rewrite_exports(exports, |name| {
            Ok(if unused(name) {
                removed.push(name.to_string());
                None
            } else {
                Some(name.to_string())
            })
        })?);
        Ok(true)
    })?;
    Ok((out, removed))
}

/// Removes each class's definition (`export class C {` to the `}` that closes it at the
/// start of a line), its `Symbol.dispose` line and its `CFinalization` registry.
pub fn remove_glue_classes(glue: &str, classes: &[&str]) -> Result<String> {
    let mut out = String::with_capacity(glue.len());
    let mut lines = glue.split_inclusive('\n');
    let mut found = vec![0; classes.len()];
    while let Some(line) = lines.next() {
        let class = classes.iter().position(|c| {
            line.starts_with(&format!("export class {c} {{"))
                || line.starts_with(&format!("if (Symbol.dispose) {c}.prototype"))
                || line.starts_with(&format!("const {c}Finalization = "))
        });
        let Some(class) = class else {
            out.push_str(line);
            continue;
        };
        found[class] += 1;
        if line.starts_with("export class ") {
            lines
                .by_ref()
                .find(|l| l.trim_end() == "}")
                .context("a class in the glue does not end")?;
        } else if line.starts_with("const ") {
            let mut statement = line;
            while !statement.trim_end().ends_with(';') {
                statement = lines
                    .next()
                    .context("a finalization registry in the glue does not end")?;
            }
        }
    }
    for (class, count) in classes.iter().zip(found) {
        ensure!(
            count == 3,
            "the glue's {class} does not look as expected (class, dispose, registry)"
        );
    }
    for class in classes {
        ensure!(
            !out.contains(class),
            "the glue still names {class} after it was removed"
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{CustomSection, ExportKind, ExportSection, Module};

    /// A Wasm module with a custom section and an export section only (the rewrite does
    /// not look further): each export a function, of the index given.
    fn module_exporting(exports: &[(&str, u32)]) -> Vec<u8> {
        let mut section = ExportSection::new();
        for (name, index) in exports {
            section.export(name, ExportKind::Func, *index);
        }
        let mut wasm = Module::new();
        wasm.section(&CustomSection {
            name: "x".into(),
            data: [9][..].into(),
        });
        wasm.section(&section);
        wasm.finish()
    }

    #[test]
    fn only_the_classes_exports_leave_the_wasm() {
        let wasm = module_exporting(&[
            ("mount", 7),
            ("__wbg_intounderlyingsink_free", 300),
            ("intounderlyingsink_write", 301),
            ("intounderlyingsinks_other", 302),
            ("memory", 0),
        ]);
        let (out, removed) = remove_exports(&wasm, |n| belongs_to(n, &UNUSED_CLASSES)).unwrap();
        assert_eq!(
            removed,
            ["__wbg_intounderlyingsink_free", "intounderlyingsink_write"]
        );
        assert_eq!(
            out,
            module_exporting(&[
                ("mount", 7),
                ("intounderlyingsinks_other", 302),
                ("memory", 0)
            ])
        );
        assert!(remove_exports(b"\0asm\x01\0\0\0\x07\x05", |_| true).is_err());
    }

    const GLUE: &str = "export class IntoUnderlyingSink {
    free() {
        wasm.__wbg_intounderlyingsink_free(ptr, 0);
    }
    write(chunk) {
        const ret = wasm.intounderlyingsink_write(this.__wbg_ptr, chunk);
        return ret;
    }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;

export function mount(host) {
    wasm.mount(host);
}
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));

function kept() {}
";

    #[test]
    fn the_class_leaves_the_glue_and_the_rest_stays() {
        let glue = remove_glue_classes(GLUE, &["IntoUnderlyingSink"]).unwrap();
        assert_eq!(
            glue,
            "\nexport function mount(host) {\n    wasm.mount(host);\n}\n\nfunction kept() {}\n"
        );
    }

    #[test]
    fn a_glue_of_another_shape_stops_the_build() {
        let without_registry = GLUE.replace("const IntoUnderlyingSinkFinalization", "let x");
        assert!(remove_glue_classes(&without_registry, &["IntoUnderlyingSink"]).is_err());
        let wasm = module_exporting(&[("mount", 1), ("intounderlyingsink_write", 2)]);
        let calls_it = format!("{GLUE}wasm.intounderlyingsink_write(1);\n");
        // The extra call is outside the class: the removed export would still be needed.
        assert!(remove(&wasm, &calls_it, &["IntoUnderlyingSink"]).is_err());
        let (same_wasm, same_glue, removed) =
            remove(&wasm, "export function mount() {}\n", &UNUSED_CLASSES).unwrap();
        assert_eq!(
            (same_wasm, same_glue.as_str(), removed.len()),
            (wasm, "export function mount() {}\n", 0)
        );
    }
}

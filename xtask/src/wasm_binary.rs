//! `dist`'s rewrites of a wasm-bindgen build, section by section: `wasmparser` reads the
//! module, `wasm-encoder` writes the sections a rewrite changes, and every other section is
//! copied byte for byte. Anything `wasmparser` does not understand is an error, never a
//! guess.

use anyhow::{ensure, Result};
use wasm_encoder::{ExportSection, Module, RawSection};
use wasmparser::{Encoding, ExportSectionReader, Parser, Payload};

/// `wasm` rebuilt section by section: `rewrite` gets each section and either adds what
/// replaces it to the module and returns `true`, or returns `false` to have it copied.
pub fn rewrite(
    wasm: &[u8],
    mut rewrite: impl FnMut(&Payload<'_>, &mut Module) -> Result<bool>,
) -> Result<Vec<u8>> {
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if let Payload::Version { num, encoding, .. } = payload {
            ensure!(
                encoding == Encoding::Module && num == 1,
                "not a Wasm module (version 1)"
            );
        }
        // Sections only: not the header, the end or the code section's single functions.
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        if !rewrite(&payload, &mut module)? {
            let data = &wasm[range.start as usize..range.end as usize];
            module.section(&RawSection { id, data });
        }
    }
    Ok(module.finish())
}

/// `exports` rewritten by `rename`, which gets each export's name and returns its new
/// name, or `None` to drop the export; the kinds and indices stay.
pub fn rewrite_exports(
    exports: &ExportSectionReader<'_>,
    mut rename: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<ExportSection> {
    let mut section = ExportSection::new();
    for export in exports.clone() {
        let export = export?;
        if let Some(new_name) = rename(export.name)? {
            section.export(&new_name, export.kind.into(), export.index);
        }
    }
    Ok(section)
}

//! Just enough of the Wasm binary format for `dist`'s rewrites of a wasm-bindgen build:
//! walking the sections, and the numbers and names they are made of. Anything it does not
//! understand is an error, never a guess.

use anyhow::{bail, ensure, Context, Result};

/// The magic number and version 1.
pub const HEADER: &[u8] = b"\0asm\x01\0\0\0";

/// Section ids.
pub const IMPORT: u8 = 2;
pub const EXPORT: u8 = 7;

/// A module's sections, in order: `(id, body)`.
pub fn sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>> {
    ensure!(wasm.starts_with(HEADER), "not a Wasm module (version 1)");
    let mut out = Vec::new();
    let mut pos = HEADER.len();
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let size = read_leb(wasm, &mut pos)? as usize;
        let body = wasm
            .get(pos..pos + size)
            .context("the Wasm ends inside a section")?;
        pos += size;
        out.push((id, body));
    }
    Ok(out)
}

/// A module made of `sections` (as [`sections`] gives them, some rewritten).
pub fn assemble<'a>(sections: impl IntoIterator<Item = (u8, &'a [u8])>) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    for (id, body) in sections {
        out.push(id);
        write_leb(&mut out, body.len() as u32);
        out.extend_from_slice(body);
    }
    out
}

/// An unsigned LEB128 number of up to 32 bits at `pos`, which moves past it.
pub fn read_leb(bytes: &[u8], pos: &mut usize) -> Result<u32> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*pos).context("the Wasm ends inside a number")?;
        *pos += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(value).context("a number in the Wasm is too large");
        }
    }
    bail!("a number in the Wasm is too long")
}

pub fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A name (length, then UTF-8) at `pos`, which moves past it.
pub fn read_name<'a>(bytes: &'a [u8], pos: &mut usize) -> Result<&'a str> {
    let len = read_leb(bytes, pos)? as usize;
    let name = bytes
        .get(*pos..*pos + len)
        .context("the Wasm ends inside a name")?;
    *pos += len;
    std::str::from_utf8(name).context("a name in the Wasm is not UTF-8")
}

pub fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

/// Moves `pos` past an import's description (what follows its two names): a function's
/// type, a table's, a memory's or a global's, or an exception tag.
pub fn skip_import_description(bytes: &[u8], pos: &mut usize) -> Result<()> {
    let kind = *bytes.get(*pos).context("the Wasm ends inside an import")?;
    *pos += 1;
    let limits = |pos: &mut usize| -> Result<()> {
        let flags = *bytes.get(*pos).context("the Wasm ends inside limits")?;
        *pos += 1;
        ensure!(flags <= 3, "limits of an unknown kind ({flags:#x})");
        read_leb(bytes, pos)?;
        if flags & 1 == 1 {
            read_leb(bytes, pos)?;
        }
        Ok(())
    };
    match kind {
        0 => drop(read_leb(bytes, pos)?),
        1 => {
            let element = bytes.get(*pos).copied();
            ensure!(
                matches!(element, Some(0x6f | 0x70)),
                "a table import of an unknown element type"
            );
            *pos += 1;
            limits(pos)?;
        }
        2 => limits(pos)?,
        3 => *pos += 2, // the value type and mutability
        4 => {
            *pos += 1; // the attribute
            read_leb(bytes, pos)?;
        }
        _ => bail!("an import of an unknown kind ({kind})"),
    }
    ensure!(*pos <= bytes.len(), "the Wasm ends inside an import");
    Ok(())
}

/// An export section's `body` rewritten by `rename`, which gets each export's name and
/// returns its new name, or `None` to drop the export; the kinds and indices stay.
pub fn rewrite_exports(
    body: &[u8],
    mut rename: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<Vec<u8>> {
    let mut p = 0;
    let count = read_leb(body, &mut p)?;
    let mut kept = Vec::new();
    let mut kept_count = 0;
    for _ in 0..count {
        let name = read_name(body, &mut p)?;
        let start = p;
        p += 1; // the export's kind
        read_leb(body, &mut p)?; // and its index
        ensure!(p <= body.len(), "the Wasm ends inside an export");
        if let Some(new_name) = rename(name)? {
            write_name(&mut kept, &new_name);
            kept.extend_from_slice(&body[start..p]);
            kept_count += 1;
        }
    }
    ensure!(
        p == body.len(),
        "the export section has bytes after its exports"
    );
    let mut section = Vec::new();
    write_leb(&mut section, kept_count);
    section.extend_from_slice(&kept);
    Ok(section)
}

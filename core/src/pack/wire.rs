//! The pack's primitives: unsigned LEB128 numbers, little-endian `f32`, length-prefixed
//! UTF-8 strings and optional values, written into a `Vec<u8>` and read back from a
//! byte slice without ever panicking on bad input.
//!
//! Why not a serialisation crate: the reading side runs in the widget's Wasm, where every
//! kind of value a generic deserialiser meets compiles its own code, and the pack holds
//! only these four kinds.

use super::PackError;

/// Appends values to a pack.
#[derive(Debug, Default)]
pub struct Writer {
    /// The pack so far.
    pub bytes: Vec<u8>,
}

impl Writer {
    /// A number, seven bits a byte, lowest first.
    pub fn number(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    /// A count or an index.
    pub fn count(&mut self, n: usize) {
        self.number(n as u64);
    }

    /// A float, as its four bytes.
    pub fn float(&mut self, x: f32) {
        self.bytes.extend_from_slice(&x.to_le_bytes());
    }

    /// A string: its length in bytes, then the bytes.
    pub fn text(&mut self, s: &str) {
        self.count(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// An optional string: 0 for none, else 1 + its length, then the bytes.
    pub fn maybe_text(&mut self, s: Option<&str>) {
        match s {
            None => self.number(0),
            Some(s) => {
                self.count(s.len() + 1);
                self.bytes.extend_from_slice(s.as_bytes());
            }
        }
    }

    /// A list of strings: the count, then each.
    pub fn texts(&mut self, list: &[String]) {
        self.count(list.len());
        for s in list {
            self.text(s);
        }
    }

    /// An optional signed number: 0 for none, else 1 and the number zigzagged (small
    /// magnitudes, of either sign, take few bytes).
    pub fn maybe_signed(&mut self, n: Option<i64>) {
        match n {
            None => self.number(0),
            Some(n) => {
                self.number(1);
                self.number(((n << 1) ^ (n >> 63)) as u64);
            }
        }
    }
}

/// Reads values from a pack, in the order they were written.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Where the reader is, in bytes from the start.
    pub fn position(&self) -> usize {
        self.at
    }

    /// Whether everything was read.
    pub fn is_at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], PackError> {
        let end = self.at.checked_add(n).ok_or(PackError::Truncated)?;
        let bytes = self.bytes.get(self.at..end).ok_or(PackError::Truncated)?;
        self.at = end;
        Ok(bytes)
    }

    /// A number written by [`Writer::number`].
    pub fn number(&mut self) -> Result<u64, PackError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at).ok_or(PackError::Truncated)?;
            self.at += 1;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(PackError::Malformed("a number longer than 64 bits"))
    }

    /// A count or an index, which must fit in what is left of the pack when each counted
    /// thing takes at least `least` bytes: a count can never make the reader allocate more
    /// than the pack could fill.
    pub fn count(&mut self, least: usize) -> Result<usize, PackError> {
        let n = usize::try_from(self.number()?).map_err(|_| PackError::Truncated)?;
        if n.saturating_mul(least) > self.bytes.len() - self.at {
            return Err(PackError::Truncated);
        }
        Ok(n)
    }

    /// A float written by [`Writer::float`].
    pub fn float(&mut self) -> Result<f32, PackError> {
        let bytes = self.take(4)?;
        Ok(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn utf8(&mut self, len: usize) -> Result<&'a str, PackError> {
        std::str::from_utf8(self.take(len)?)
            .map_err(|_| PackError::Malformed("text that is not UTF-8"))
    }

    /// A string written by [`Writer::text`], borrowed from the pack.
    pub fn text(&mut self) -> Result<&'a str, PackError> {
        let len = self.count(1)?;
        self.utf8(len)
    }

    /// An optional string written by [`Writer::maybe_text`].
    pub fn maybe_text(&mut self) -> Result<Option<String>, PackError> {
        match self.count(1)? {
            0 => Ok(None),
            n => Ok(Some(self.utf8(n - 1)?.to_string())),
        }
    }

    /// A list written by [`Writer::texts`].
    pub fn texts(&mut self) -> Result<Vec<String>, PackError> {
        let n = self.count(1)?;
        (0..n).map(|_| Ok(self.text()?.to_string())).collect()
    }

    /// An optional signed number written by [`Writer::maybe_signed`].
    pub fn maybe_signed(&mut self) -> Result<Option<i64>, PackError> {
        match self.number()? {
            0 => Ok(None),
            _ => {
                let z = self.number()?;
                Ok(Some((z >> 1) as i64 ^ -((z & 1) as i64)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_value_reads_back_as_written() {
        let mut w = Writer::default();
        let numbers = [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX];
        for n in numbers {
            w.number(n);
        }
        w.float(0.25);
        w.float(-1.5e7);
        w.text("spraakherkenning é ✓");
        w.maybe_text(None);
        w.maybe_text(Some(""));
        w.maybe_text(Some("klantcontact"));
        w.texts(&["a".into(), "bc".into()]);
        let signed = [
            None,
            Some(0),
            Some(-1),
            Some(1),
            Some(i64::MIN),
            Some(i64::MAX),
        ];
        for n in signed {
            w.maybe_signed(n);
        }

        let mut r = Reader::new(&w.bytes);
        for n in numbers {
            assert_eq!(r.number().unwrap(), n);
        }
        assert_eq!(r.float().unwrap(), 0.25);
        assert_eq!(r.float().unwrap(), -1.5e7);
        assert_eq!(r.text().unwrap(), "spraakherkenning é ✓");
        assert_eq!(r.maybe_text().unwrap(), None);
        assert_eq!(r.maybe_text().unwrap().as_deref(), Some(""));
        assert_eq!(r.maybe_text().unwrap().as_deref(), Some("klantcontact"));
        assert_eq!(r.texts().unwrap(), ["a", "bc"]);
        for n in signed {
            assert_eq!(r.maybe_signed().unwrap(), n);
        }
        assert!(r.is_at_end());
    }

    #[test]
    fn short_or_broken_input_is_an_error_not_a_panic() {
        let mut w = Writer::default();
        w.text("waterstof");
        let bytes = w.bytes;
        for end in 0..bytes.len() {
            assert_eq!(Reader::new(&bytes[..end]).text(), Err(PackError::Truncated));
        }
        // A count that claims more than the pack holds is refused before any allocation.
        let mut w = Writer::default();
        w.count(1 << 40);
        assert_eq!(Reader::new(&w.bytes).texts(), Err(PackError::Truncated));
        assert!(Reader::new(&[0xff; 11]).number().is_err());
        assert!(Reader::new(&[2, 0xc3, 0x28]).text().is_err());
    }
}

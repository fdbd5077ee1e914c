//! The two date forms a feed uses: RFC 3339 timestamps (`date_published`) and calendar dates
//! (`start_date`). Parsed by hand because the widget must stay small: a date crate with time
//! zone data would cost more bytes than the whole ranking.

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian), or `None` when the
/// date does not exist (e.g. 2025-02-30).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD` into days since 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(&s[0..4])?;
    days_from_civil(i64::from(year), number(&s[5..7])?, number(&s[8..10])?)
}

/// Parses an RFC 3339 timestamp (`2025-03-14T09:00:00+01:00`, `…Z`, optional fraction)
/// into seconds since the Unix epoch, UTC.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    if s.len() < 20 || !s.is_char_boundary(10) || !s.is_char_boundary(19) {
        return None;
    }
    let days = parse_date(&s[..10])?;
    let sep = s.as_bytes()[10];
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let time = &s[11..19];
    let tb = time.as_bytes();
    if tb[2] != b':' || tb[5] != b':' {
        return None;
    }
    let (h, m, sec) = (
        number(&time[0..2])?,
        number(&time[3..5])?,
        number(&time[6..8])?,
    );
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let ob = rest.as_bytes();
            if ob.len() != 6 || !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                return None;
            }
            let (oh, om) = (number(&rest[1..3])?, number(&rest[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = i64::from(oh * 3600 + om * 60);
            if ob[0] == b'-' {
                -secs
            } else {
                secs
            }
        }
    };
    Some(days * 86_400 + i64::from(h * 3600 + m * 60 + sec) - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-1-01"), None);
    }

    #[test]
    fn timestamps_with_offsets_agree_in_utc() {
        let utc = parse_rfc3339("2025-03-14T08:00:00Z").unwrap();
        assert_eq!(parse_rfc3339("2025-03-14T09:00:00+01:00"), Some(utc));
        assert_eq!(parse_rfc3339("2025-03-14T08:00:00.123Z"), Some(utc));
        assert_eq!(parse_rfc3339("2025-03-14"), None);
        assert_eq!(parse_rfc3339("2025-03-14T25:00:00Z"), None);
        assert_eq!(parse_rfc3339("2025-03-14T08:00:00+0100"), None);
        assert_eq!(parse_rfc3339("2025-03-14T08:00:00ü"), None);
    }
}

//! Dates as ISO 8601. A page states its date in many shapes (`2019-11-19T19:47:00Z`,
//! `Tue, 19 Nov 2019 19:47:00 +0000`, `November 19, 2019, 07:47 PM EST`,
//! `19.11.2019 19:47`, `12. Juni 2017`); [`iso8601`] turns each into one
//! form: `2019-11-19T19:47:00-05:00` with a time and a known zone,
//! `2019-11-19T19:47:00` with a time and no zone (none is assumed), and
//! `2019-11-19` for a day. chrono parses the standard forms and checks that
//! the day exists; the free forms are read token by token. A value that is
//! not clearly one date (`03/04/2020`, day and month ambiguous) is left
//! alone: `None`, and the caller keeps the raw value.

use super::words::{WORDS, has};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// The longest value read as a date; anything longer is a sentence.
const MAX_LEN: usize = 80;

/// `raw` as an ISO 8601 date or date-time, if it is clearly one.
pub fn iso8601(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() || s.len() > MAX_LEN {
        return None;
    }
    standard(s)
        .or_else(|| {
            // An ISO date-time with its zone written out: `2022-05-04T03:00:00 UTC`.
            let utc = s.strip_suffix(" UTC").or_else(|| s.strip_suffix(" GMT"))?;
            standard(&format!("{utc}Z"))
        })
        .or_else(|| epoch(s))
        .or_else(|| free_form(s))
}

/// A unix time in seconds (10 digits, 2001 to 2286), as a `<meta>` may hold it.
fn epoch(s: &str) -> Option<String> {
    if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = DateTime::from_timestamp(s.parse().ok()?, 0)?;
    Some(with_zone(t.fixed_offset()))
}

/// RFC 3339 / ISO 8601 and RFC 2822, the forms of `<meta>` and JSON-LD.
fn standard(s: &str) -> Option<String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(with_zone(t));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(with_zone(t));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M:%S%.f%#z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(with_zone(t));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(naive(t));
        }
    }
    for f in ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

fn with_zone(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn naive(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// What the tokens of a free-form date said.
#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<(u32, u32, u32)>,
    pm: Option<bool>,
    offset: Option<i32>,
    /// Numbers that fit no slot: the value is not a plain date.
    stray: bool,
}

impl Parts {
    fn set<T>(slot: &mut Option<T>, v: T, stray: &mut bool) {
        if slot.is_some() {
            *stray = true;
        } else {
            *slot = Some(v);
        }
    }
}

/// Dates written out: month names (English, German, French, Spanish,
/// Italian, Polish, Dutch, Portuguese), numeric `d.m.y`, `d/m/y` or `m/d/y`
/// when only one reading makes sense, a time with `am`/`pm`, a zone given as
/// an offset or a common abbreviation. Other words (weekdays, "Published",
/// "at", "Uhr") are passed over; any number left over means no date.
fn free_form(s: &str) -> Option<String> {
    let mut p = Parts::default();
    for token in s.split(|c: char| c.is_whitespace() || c == ',') {
        let token = token.trim_matches(|c: char| matches!(c, '(' | ')' | '|' | '-' | '–'));
        if token.is_empty() {
            continue;
        }
        read_token(token, &mut p);
    }
    if p.stray {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(p.year?, p.month?, p.day?)?;
    let Some((mut h, m, sec)) = p.time else {
        return Some(date.format("%Y-%m-%d").to_string());
    };
    match p.pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    let t = date.and_time(NaiveTime::from_hms_opt(h, m, sec)?);
    Some(match p.offset.and_then(FixedOffset::east_opt) {
        Some(zone) => with_zone(zone.from_local_datetime(&t).single()?),
        None => naive(t),
    })
}

fn read_token(token: &str, p: &mut Parts) {
    let lower = token.to_lowercase();
    let word = lower.trim_end_matches('.');
    if let Some(month) = month_number(word) {
        return Parts::set(&mut p.month, month, &mut p.stray);
    }
    match word {
        "am" | "a.m" => return p.pm = Some(false),
        "pm" | "p.m" => return p.pm = Some(true),
        _ => {}
    }
    if let Some(offset) = zone_offset(token) {
        return Parts::set(&mut p.offset, offset, &mut p.stray);
    }
    if let Some((time, rest)) = clock(&lower) {
        Parts::set(&mut p.time, time, &mut p.stray);
        match rest {
            "am" => p.pm = Some(false),
            "pm" => p.pm = Some(true),
            "" | "h" | "uhr" => {}
            other => match zone_offset(other) {
                Some(o) => Parts::set(&mut p.offset, o, &mut p.stray),
                None => p.stray = true,
            },
        }
        return;
    }
    if let Some((a, b, c)) = numeric_date(word) {
        let (y, m, d) = match (a, b, c) {
            (y, m, d) if y >= 1000 => (y, m, d),
            (d, m, y) if m <= 12 && (d > 12 || token.contains('.') || d == m) => (y, m, d),
            (m, d, y) if d > 12 && m <= 12 => (y, m, d),
            _ => return p.stray = true,
        };
        let y = if y < 100 { y + 2000 } else { y };
        Parts::set(&mut p.year, y as i32, &mut p.stray);
        Parts::set(&mut p.month, m, &mut p.stray);
        return Parts::set(&mut p.day, d, &mut p.stray);
    }
    let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // "19", "19th", "2019", "19." (German ordinal)
        let suffix = &word[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er" | "e" | "º") {
            return p.stray = true;
        }
        match (digits.len(), digits.parse::<u32>()) {
            (4, Ok(y)) if suffix.is_empty() => Parts::set(&mut p.year, y as i32, &mut p.stray),
            (1 | 2, Ok(d)) if (1..=31).contains(&d) => Parts::set(&mut p.day, d, &mut p.stray),
            _ => p.stray = true,
        }
    }
}

/// `19:47`, `7:47pm`, `19:47:05`, `19.47` is not taken (a date's dots).
fn clock(token: &str) -> Option<((u32, u32, u32), &str)> {
    let end = token
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(token.len());
    let (digits, rest) = token.split_at(end);
    let mut parts = digits.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m = parts.next()?;
    let s = parts.next().unwrap_or("0");
    if parts.next().is_some() || m.len() != 2 {
        return None;
    }
    let (m, s): (u32, u32) = (m.parse().ok()?, s.parse().ok()?);
    (h < 24 && m < 60 && s < 61).then_some(((h, m, s.min(59)), rest.trim_start_matches('.')))
}

/// `19.11.2019`, `19/11/2019`, `2019/11/19`, `11-19-2019` as three numbers.
fn numeric_date(word: &str) -> Option<(u32, u32, u32)> {
    let sep = word.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let mut it = word.split(sep);
    let mut next = || -> Option<u32> {
        let n = it.next()?;
        (!n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.parse().ok())
            .flatten()
    };
    let triple = (next()?, next()?, next()?);
    it.next().is_none().then_some(triple)
}

/// Offset in seconds east of UTC for `+0100`, `-05:00`, `UTC`, `GMT+2` or a
/// common zone abbreviation; ambiguous ones (IST, CST in China) count as
/// their North American or European meaning only where that is the usual one.
fn zone_offset(token: &str) -> Option<i32> {
    let upper = token.to_ascii_uppercase();
    let hours = |h: i32| Some(h * 3600);
    match upper.as_str() {
        "Z" | "UTC" | "GMT" | "UT" => return hours(0),
        "EST" => return hours(-5),
        "EDT" | "AST" => return hours(-4),
        "CST" => return hours(-6),
        "CDT" => return hours(-5),
        "MST" => return hours(-7),
        "MDT" => return hours(-6),
        "PST" => return hours(-8),
        "PDT" => return hours(-7),
        "WET" => return hours(0),
        "BST" | "CET" | "MEZ" | "WEST" => return hours(1),
        "CEST" | "MESZ" | "EET" => return hours(2),
        "EEST" | "MSK" => return hours(3),
        "JST" | "KST" => return hours(9),
        "AEST" => return hours(10),
        "AEDT" => return hours(11),
        _ => {}
    }
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    let sign = match rest.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// The month a name or abbreviation stands for (`[dates]` of
/// `rules/extract/words.toml`), in the languages of the dev sets.
fn month_number(word: &str) -> Option<u32> {
    WORDS
        .dates
        .months
        .iter()
        .position(|names| has(names, word))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[track_caller]
    fn is(raw: &str, want: Option<&str>) {
        assert_eq!(iso8601(raw).as_deref(), want, "{raw}");
    }

    #[test]
    fn standard_forms_keep_their_zone() {
        is(
            "2024-05-14T08:30:00+00:00",
            Some("2024-05-14T08:30:00+00:00"),
        );
        is("2024-03-01T10:00:00Z", Some("2024-03-01T10:00:00+00:00"));
        is(
            "2024-03-01T10:00:00.123+0100",
            Some("2024-03-01T10:00:00+01:00"),
        );
        is("2024-03-01 10:00", Some("2024-03-01T10:00:00"));
        is("2024-03-01", Some("2024-03-01"));
        is(
            "Tue, 19 Nov 2019 19:47:00 +0000",
            Some("2019-11-19T19:47:00+00:00"),
        );
    }

    #[test]
    fn written_out_dates_of_news_sites() {
        is(
            "November 19, 2019, 07:47 PM EST",
            Some("2019-11-19T19:47:00-05:00"),
        );
        is("Nov. 19, 2019 7:47 am", Some("2019-11-19T07:47:00"));
        is("Thursday, 18 January 2024", Some("2024-01-18"));
        is("January 31, 2024 2:15 pm", Some("2024-01-31T14:15:00"));
        is(
            "Posted on 12:00 am, March 3rd 2021",
            Some("2021-03-03T00:00:00"),
        );
        is("12. Juni 2017", Some("2017-06-12"));
        is("16 marca 2021", Some("2021-03-16"));
        is("19.11.2019 19:47 Uhr", Some("2019-11-19T19:47:00"));
        is("31/01/2024 14:15", Some("2024-01-31T14:15:00"));
        is("01/31/2024", Some("2024-01-31"));
    }

    #[test]
    fn unclear_values_are_left_alone() {
        is("03/04/2020", None);
        is("yesterday", None);
        is("February 30, 2024", None);
        is("Room 12, 2024 visitors, 3 May", None);
        is("", None);
        is("13:00 PM, 1 May 2020", None);
        is("PT15M", None);
        is("Mo-Su 08:00-20:00", None);
        is("123456789", None);
    }
}

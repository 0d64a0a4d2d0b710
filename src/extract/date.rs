//! Publication dates as ISO 8601. Pages state dates in many shapes
//! (`2024-05-14T08:30:00.000Z`, `2024-05-14 08:30:00`, `Tue, 14 May 2024
//! 08:30:00 GMT`, `May 14, 2024`, `14.05.2024`); a dataset wants one. The
//! value becomes `YYYY-MM-DDTHH:MM:SS±HH:MM` when the page gives the time
//! and zone, `YYYY-MM-DDTHH:MM:SS` with the time only, `YYYY-MM-DD` with
//! the day only; chrono does the parsing. The page's own value is kept
//! beside it (`date_raw`), and is all there is when no shape fits.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Shapes of a date with a time and a zone (beyond RFC 3339 and RFC 2822).
const ZONED: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M%z",
    "%Y-%m-%d %H:%M:%S %z",
];

/// Shapes of a date with a time but no zone.
const LOCAL: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
];

/// Shapes of a day (English month names are those of chrono's `%B`/`%b`).
const DAY: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b. %d, %Y",
];

/// The ISO 8601 form of a date a page states, or `None` when no known
/// shape fits.
pub fn iso(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    const WITH_ZONE: &str = "%Y-%m-%dT%H:%M:%S%:z";
    if let Ok(dt) = DateTime::parse_from_rfc3339(s).or_else(|_| DateTime::parse_from_rfc2822(s)) {
        return Some(dt.format(WITH_ZONE).to_string());
    }
    if let Some(dt) = ZONED
        .iter()
        .find_map(|f| DateTime::parse_from_str(s, f).ok())
    {
        return Some(dt.format(WITH_ZONE).to_string());
    }
    if let Some(dt) = LOCAL
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    {
        return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    // A day, perhaps followed by a time in a shape not listed: the day stands.
    let day = |s: &str| {
        DAY.iter()
            .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
    };
    day(s)
        .or_else(|| s.get(..10).and_then(day))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::iso;

    #[test]
    fn dates_become_iso_8601_with_what_the_page_knows() {
        let cases = [
            ("2024-05-14T08:30:00+00:00", "2024-05-14T08:30:00+00:00"),
            ("2024-03-01T10:00:00Z", "2024-03-01T10:00:00+00:00"),
            ("2024-03-01T10:00:00.123+0200", "2024-03-01T10:00:00+02:00"),
            ("Tue, 14 May 2024 08:30:00 GMT", "2024-05-14T08:30:00+00:00"),
            ("2024-05-14 08:30:00", "2024-05-14T08:30:00"),
            ("2024-05-14T08:30", "2024-05-14T08:30:00"),
            ("2024-05-14", "2024-05-14"),
            ("May 14, 2024", "2024-05-14"),
            ("14.05.2024", "2024-05-14"),
            ("2024-05-14T08:30:00 Europe/Berlin", "2024-05-14"),
        ];
        for (raw, want) in cases {
            assert_eq!(iso(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn what_is_no_date_stays_unnormalised() {
        for raw in ["", "yesterday", "2024-13-45", "Q3 2024", "ąęł 2024-05"] {
            assert_eq!(iso(raw), None, "{raw}");
        }
    }
}

//! Opening hours (O1–O4).
//!
//! - O1: Stockholm local time, Mon–Fri 07.00–21.30, Saturday 07.30–16.00,
//!   Sunday 13.00–21.30 ([`regular_hours`]).
//! - O2: closed all day on red days ([`crate::calendar::red_day`]).
//! - O3: an eve is open 07.00–16.30 intersected with its O1 hours ([`base_hours`]).
//! - O4: exceptions from configuration (closures and extra openings) on top of
//!   O1–O3 ([`OpeningHours`]); outside opening hours a query gets
//!   [`ServiceClosed`] with the next opening time.
//!
//! All intervals are half-open, `[opens, closes)`, and computed on UTC instants.
//! Without exceptions the service is never closed longer than 92 h 30 min at a stretch
//! (23 December on a Wednesday, 16.30, to Sunday 27 December, 13.00; e.g. 2026).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use chrono::{TimeZone, Timelike, Utc, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::{DayKind, day_kind};
use crate::tz::{STOCKHOLM, stockholm_date};

const fn hm(hour: u32, minute: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(t) => t,
        None => panic!("invalid time of day"),
    }
}

/// O1 hours Monday–Friday: 07.00–21.30.
pub const WEEKDAY_HOURS: (NaiveTime, NaiveTime) = (hm(7, 0), hm(21, 30));
/// O1 hours on Saturdays: 07.30–16.00.
pub const SATURDAY_HOURS: (NaiveTime, NaiveTime) = (hm(7, 30), hm(16, 0));
/// O1 hours on Sundays: 13.00–21.30.
pub const SUNDAY_HOURS: (NaiveTime, NaiveTime) = (hm(13, 0), hm(21, 30));
/// O3: an eve is open at most 07.00–16.30 (intersected with its O1 hours).
pub const EVE_HOURS: (NaiveTime, NaiveTime) = (hm(7, 0), hm(16, 30));

/// Years an [`Exception`] may fall in: those the calendar is verified for.
pub const EXCEPTION_YEARS: std::ops::RangeInclusive<i32> = 1583..=9999;

/// O1 hours `[opens, closes)` for a day of the week, ignoring red days and eves.
pub fn regular_hours(weekday: Weekday) -> (NaiveTime, NaiveTime) {
    match weekday {
        Weekday::Sat => SATURDAY_HOURS,
        Weekday::Sun => SUNDAY_HOURS,
        _ => WEEKDAY_HOURS,
    }
}

/// Local opening hours `[opens, closes)` of `date` under O1–O3, without
/// exceptions. `None` on red days.
pub fn base_hours(date: NaiveDate) -> Option<(NaiveTime, NaiveTime)> {
    let (opens, closes) = regular_hours(date.weekday());
    match day_kind(date) {
        DayKind::RedDay(_) => None,
        // O3 only ever shortens a day.
        DayKind::Eve { .. } => {
            let (opens, closes) = (opens.max(EVE_HOURS.0), closes.min(EVE_HOURS.1));
            (opens < closes).then_some((opens, closes))
        }
        DayKind::Weekday | DayKind::Saturday | DayKind::Sunday => Some((opens, closes)),
    }
}

/// The instant at which Stockholm clocks first show `local`.
///
/// A time skipped by spring-forward (02.00–03.00 on the last Sunday of March) maps
/// to the first instant after the gap (03.00 summer time); an ambiguous time in the
/// autumn fold maps to the earlier instant (summer time).
pub fn stockholm_instant(local: NaiveDateTime) -> DateTime<Utc> {
    match STOCKHOLM.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => first_instant_showing(local),
    }
}

/// Binary search for the first instant whose local time is ≥ `local`. Local time is
/// monotonic within a day of a spring gap, so the predicate is monotonic.
fn first_instant_showing(local: NaiveDateTime) -> DateTime<Utc> {
    let as_utc = local.and_utc();
    let day = TimeDelta::days(1);
    let mut lo = as_utc.checked_sub_signed(day).unwrap_or(as_utc);
    let mut hi = as_utc.checked_add_signed(day).unwrap_or(as_utc);
    while hi - lo > TimeDelta::nanoseconds(1) {
        let mid = lo + (hi - lo) / 2;
        if mid.with_timezone(&STOCKHOLM).naive_local() >= local {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// What an [`Exception`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// Closed (e.g. maintenance), whatever O1–O3 say. Wins over extra openings.
    Closure,
    /// Open even though O1–O3 say closed.
    ExtraOpening,
}

impl ExceptionKind {
    fn keyword(self) -> &'static str {
        match self {
            ExceptionKind::Closure => "closure",
            ExceptionKind::ExtraOpening => "extra_opening",
        }
    }
}

/// An exception to O1–O3 from configuration (the SLA), O4: a closure or an extra
/// opening over the Stockholm local range `[start, end)`, with a reason.
///
/// Configuration forms (local times as `YYYY-MM-DDTHH:MM`, seconds optional):
///
/// - serde, e.g. JSON: `{"kind": "closure", "start": "2026-12-27T08:00",
///   "end": "2026-12-27T12:00", "reason": "Planerat underhåll"}`; `kind` is
///   `closure` or `extra_opening`; unknown fields are rejected.
/// - one line of text ([`FromStr`]/[`Display`](fmt::Display)):
///   `closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll`
///   (kind, start, end, then the reason as the rest of the line);
///   [`parse_exceptions`] reads many such lines.
///
/// Invariants: `start < end`, both in [`EXCEPTION_YEARS`], non-blank reason. Local
/// times are mapped to instants with [`stockholm_instant`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ExceptionConfig", into = "ExceptionConfig")]
pub struct Exception {
    kind: ExceptionKind,
    start: NaiveDateTime,
    end: NaiveDateTime,
    reason: String,
}

/// Why an exception could not be accepted. Messages are Swedish, for operators.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExceptionError {
    /// `end` is not after `start`.
    #[error("Undantaget måste sluta efter att det börjar (början {start}, slut {end}).")]
    EndNotAfterStart {
        /// The local start.
        start: NaiveDateTime,
        /// The local end.
        end: NaiveDateTime,
    },
    /// A time outside [`EXCEPTION_YEARS`].
    #[error("Tidpunkten {0} ligger utanför de år som stöds (1583–9999).")]
    YearOutOfRange(NaiveDateTime),
    /// A time that is not `YYYY-MM-DDTHH:MM[:SS]`.
    #[error(
        "Ogiltig tidpunkt \"{0}\": ange lokal svensk tid som ÅÅÅÅ-MM-DDTHH:MM, till exempel 2026-12-27T08:00."
    )]
    InvalidDateTime(String),
    /// A kind other than `closure` or `extra_opening`.
    #[error("Okänd typ av undantag \"{0}\": ange closure eller extra_opening.")]
    UnknownKind(String),
    /// A blank reason.
    #[error("Undantaget saknar orsak.")]
    MissingReason,
    /// A text line with a part missing (`kind`, `start` or `end`).
    #[error("Undantaget saknar {0}.")]
    MissingPart(&'static str),
}

/// An error in a multi-line exception configuration, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Rad {line}: {source}")]
pub struct ConfigError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong on that line.
    pub source: ExceptionError,
}

impl Exception {
    /// A validated exception over the Stockholm local range `[start, end)`.
    pub fn new(
        kind: ExceptionKind,
        start: NaiveDateTime,
        end: NaiveDateTime,
        reason: impl Into<String>,
    ) -> Result<Self, ExceptionError> {
        for t in [start, end] {
            if !EXCEPTION_YEARS.contains(&t.year()) {
                return Err(ExceptionError::YearOutOfRange(t));
            }
        }
        if start >= end {
            return Err(ExceptionError::EndNotAfterStart { start, end });
        }
        let reason = reason.into().trim().to_owned();
        if reason.is_empty() {
            return Err(ExceptionError::MissingReason);
        }
        Ok(Exception {
            kind,
            start,
            end,
            reason,
        })
    }

    /// A closure over `[start, end)` local time.
    pub fn closure(
        start: NaiveDateTime,
        end: NaiveDateTime,
        reason: impl Into<String>,
    ) -> Result<Self, ExceptionError> {
        Self::new(ExceptionKind::Closure, start, end, reason)
    }

    /// An extra opening over `[start, end)` local time.
    pub fn extra_opening(
        start: NaiveDateTime,
        end: NaiveDateTime,
        reason: impl Into<String>,
    ) -> Result<Self, ExceptionError> {
        Self::new(ExceptionKind::ExtraOpening, start, end, reason)
    }

    /// Closure or extra opening.
    pub fn kind(&self) -> ExceptionKind {
        self.kind
    }

    /// Local start (inclusive).
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }

    /// Local end (exclusive).
    pub fn end(&self) -> NaiveDateTime {
        self.end
    }

    /// Why, e.g. "Planerat underhåll".
    pub fn reason(&self) -> &str {
        &self.reason
    }

    fn span(&self) -> Span {
        Span {
            start: stockholm_instant(self.start),
            end: stockholm_instant(self.end),
        }
    }
}

fn parse_local(text: &str) -> Result<NaiveDateTime, ExceptionError> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f"))
        .map_err(|_| ExceptionError::InvalidDateTime(text.to_owned()))
}

fn format_local(t: NaiveDateTime) -> String {
    if t.second() == 0 && t.nanosecond() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
    }
}

impl FromStr for ExceptionKind {
    type Err = ExceptionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "closure" => Ok(ExceptionKind::Closure),
            "extra_opening" => Ok(ExceptionKind::ExtraOpening),
            other => Err(ExceptionError::UnknownKind(other.to_owned())),
        }
    }
}

/// Parses `kind start end reason…`, e.g.
/// `closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll`.
impl FromStr for Exception {
    type Err = ExceptionError;

    fn from_str(line: &str) -> Result<Self, Self::Err> {
        let mut rest = line.trim();
        let mut next = |what| {
            let (word, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            rest = tail.trim_start();
            if word.is_empty() {
                Err(ExceptionError::MissingPart(what))
            } else {
                Ok(word)
            }
        };
        let kind = next("typ")?.parse()?;
        let start = parse_local(next("starttid")?)?;
        let end = parse_local(next("sluttid")?)?;
        Exception::new(kind, start, end, rest)
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.kind.keyword(),
            format_local(self.start),
            format_local(self.end),
            self.reason
        )
    }
}

/// Parses one [`Exception`] per line in the text form; blank lines and lines
/// starting with `#` are ignored.
pub fn parse_exceptions(text: &str) -> Result<Vec<Exception>, ConfigError> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(line, text)| text.parse().map_err(|source| ConfigError { line, source }))
        .collect()
}

/// The serde shape of an [`Exception`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionConfig {
    kind: ExceptionKind,
    start: String,
    end: String,
    reason: String,
}

impl TryFrom<ExceptionConfig> for Exception {
    type Error = ExceptionError;

    fn try_from(c: ExceptionConfig) -> Result<Self, Self::Error> {
        Exception::new(
            c.kind,
            parse_local(&c.start)?,
            parse_local(&c.end)?,
            c.reason,
        )
    }
}

impl From<Exception> for ExceptionConfig {
    fn from(e: Exception) -> Self {
        ExceptionConfig {
            kind: e.kind,
            start: format_local(e.start),
            end: format_local(e.end),
            reason: e.reason,
        }
    }
}

/// A half-open interval of instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// Sorted, disjoint, non-empty spans; touching or overlapping ones are merged.
fn merged(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut spans: Vec<Span> = spans.filter(|s| s.start < s.end).collect();
    spans.sort_by_key(|s| s.start);
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The span in sorted, disjoint `spans` containing `t`.
fn containing(spans: &[Span], t: DateTime<Utc>) -> Option<Span> {
    let after = spans.partition_point(|s| s.start <= t);
    let candidate = spans.get(after.checked_sub(1)?)?;
    (t < candidate.end).then_some(*candidate)
}

/// The first start in sorted `spans` strictly after `t`.
fn next_start_after(spans: &[Span], t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    spans
        .get(spans.partition_point(|s| s.start <= t))
        .map(|s| s.start)
}

/// `date`'s O1–O3 opening interval as instants.
fn base_span(date: NaiveDate) -> Option<Span> {
    let (opens, closes) = base_hours(date)?;
    Some(Span {
        start: stockholm_instant(date.and_time(opens)),
        end: stockholm_instant(date.and_time(closes)),
    })
}

/// The O1–O3 interval containing `t`; base intervals never cross midnight.
fn base_containing(t: DateTime<Utc>) -> Option<Span> {
    base_span(stockholm_date(t)).filter(|s| s.start <= t && t < s.end)
}

/// The first O1–O3 opening strictly after `t`. Terminates within a few days: at
/// most three red days (24–26 December) follow each other.
fn next_base_start_after(t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut date = stockholm_date(t);
    loop {
        if let Some(s) = base_span(date)
            && s.start > t
        {
            return Some(s.start);
        }
        date = date.succ_opt()?;
    }
}

/// The service's opening hours: O1–O3 plus configured exceptions (O4).
///
/// Where a closure and an extra opening overlap, the closure wins: the service is
/// closed. Exceptions are kept as merged, sorted UTC intervals, so every query costs
/// O(log n) in the number of exceptions plus O(1) calendar work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "Vec<Exception>")]
pub struct OpeningHours {
    exceptions: Vec<Exception>,
    closures: Vec<Span>,
    extras: Vec<Span>,
}

impl From<Vec<Exception>> for OpeningHours {
    fn from(exceptions: Vec<Exception>) -> Self {
        OpeningHours::new(exceptions)
    }
}

/// O4: the answer to a query outside opening hours (`SERVICE_CLOSED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", closed_message(.next_opening))]
pub struct ServiceClosed {
    /// When the service opens next; `None` only at the end of the calendar.
    pub next_opening: Option<DateTime<Utc>>,
}

impl ServiceClosed {
    /// The answer code the gateway returns (O4).
    pub const CODE: &'static str = "SERVICE_CLOSED";
}

fn closed_message(next_opening: &Option<DateTime<Utc>>) -> String {
    match next_opening {
        Some(t) => format!(
            "Tjänsten är stängd just nu. Den öppnar igen {}.",
            t.with_timezone(&STOCKHOLM).format("%Y-%m-%d kl. %H.%M")
        ),
        None => "Tjänsten är stängd just nu.".to_owned(),
    }
}

impl OpeningHours {
    /// O1–O3 with the given exceptions (O4).
    pub fn new(exceptions: Vec<Exception>) -> Self {
        let spans = |kind| {
            merged(
                exceptions
                    .iter()
                    .filter(|e| e.kind == kind)
                    .map(Exception::span),
            )
        };
        OpeningHours {
            closures: spans(ExceptionKind::Closure),
            extras: spans(ExceptionKind::ExtraOpening),
            exceptions,
        }
    }

    /// The configured exceptions, as given.
    pub fn exceptions(&self) -> &[Exception] {
        &self.exceptions
    }

    /// Whether the service is open at `instant`.
    pub fn is_open(&self, instant: DateTime<Utc>) -> bool {
        containing(&self.closures, instant).is_none()
            && (containing(&self.extras, instant).is_some() || base_containing(instant).is_some())
    }

    /// O4: `Ok` when open, else [`ServiceClosed`] with the next opening time.
    pub fn check(&self, instant: DateTime<Utc>) -> Result<(), ServiceClosed> {
        if self.is_open(instant) {
            Ok(())
        } else {
            Err(ServiceClosed {
                next_opening: self.next_opening(instant),
            })
        }
    }

    /// The first instant ≥ `instant` at which the service is open (`Some(instant)`
    /// if open now).
    ///
    /// No search horizon is needed: each step either jumps past a closure or lands on
    /// the next opening (O1–O3 or extra), so it takes at most 2 × closures + 2 steps,
    /// and O1–O3 alone open at least every 92 h 30 min. `None` only if the calendar
    /// runs out (chrono's last representable date), never for supported years.
    pub fn next_opening(&self, instant: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut t = instant;
        loop {
            if let Some(closure) = containing(&self.closures, t) {
                t = closure.end;
                continue;
            }
            if containing(&self.extras, t).is_some() || base_containing(t).is_some() {
                return Some(t);
            }
            t = match (next_base_start_after(t), next_start_after(&self.extras, t)) {
                (Some(base), Some(extra)) => base.min(extra),
                (base, extra) => base.or(extra)?,
            };
        }
    }

    /// When the open interval containing `instant` ends (the first instant > `instant`
    /// at which the service is closed); `None` if closed at `instant`. Follows extra
    /// openings that join O1–O3 hours without a gap.
    pub fn closes_at(&self, instant: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if !self.is_open(instant) {
            return None;
        }
        let mut t = instant;
        loop {
            // Open at t, so an extra opening or the base hours cover it.
            let cover_end = [containing(&self.extras, t), base_containing(t)]
                .into_iter()
                .flatten()
                .map(|s| s.end)
                .max()?;
            if let Some(closure) = next_start_after(&self.closures, t)
                && closure < cover_end
            {
                return Some(closure);
            }
            t = cover_end;
            if !self.is_open(t) {
                return Some(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Holiday, red_day};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn local(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, s).unwrap()
    }

    /// The instant Stockholm clocks show the given local time (unambiguous times).
    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        STOCKHOLM
            .from_local_datetime(&local(y, m, day, h, min, 0))
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }

    fn hours(opens: (u32, u32), closes: (u32, u32)) -> Option<(NaiveTime, NaiveTime)> {
        Some((hm(opens.0, opens.1), hm(closes.0, closes.1)))
    }

    fn none() -> OpeningHours {
        OpeningHours::default()
    }

    /// Asserts the service is open exactly `[opens, closes)` local time on `date`.
    fn assert_open_exactly(date: NaiveDate, opens: (u32, u32), closes: (u32, u32)) {
        let oh = none();
        assert_eq!(base_hours(date), hours(opens, closes), "{date}");
        let (y, m, dd) = (date.year(), date.month(), date.day());
        let open = at(y, m, dd, opens.0, opens.1);
        let close = at(y, m, dd, closes.0, closes.1);
        let second = TimeDelta::seconds(1);
        assert!(!oh.is_open(open - second), "{date} just before opening");
        assert!(oh.is_open(open), "{date} at opening");
        assert!(oh.is_open(close - second), "{date} just before closing");
        assert!(!oh.is_open(close), "{date} at closing");
        assert_eq!(oh.closes_at(open), Some(close));
        assert_eq!(oh.next_opening(open - second), Some(open));
    }

    fn assert_closed_all_day(date: NaiveDate) {
        assert_eq!(base_hours(date), None, "{date}");
        let oh = none();
        let mut t = stockholm_instant(date.and_time(NaiveTime::MIN));
        let end = stockholm_instant(date.succ_opt().unwrap().and_time(NaiveTime::MIN));
        while t < end {
            assert!(!oh.is_open(t), "{date}: open at {t}");
            t += TimeDelta::minutes(15);
        }
    }

    #[test]
    fn o1_weekday_is_open_07_00_to_21_30() {
        assert_open_exactly(d(2026, 3, 11), (7, 0), (21, 30));
        let oh = none();
        let s = TimeDelta::seconds(1);
        assert!(!oh.is_open(at(2026, 3, 11, 6, 59) + s * 59));
        assert!(oh.is_open(at(2026, 3, 11, 7, 0)));
        assert!(!oh.is_open(at(2026, 3, 11, 21, 30)));
    }

    #[test]
    fn o1_saturday_is_open_07_30_to_16_00() {
        assert_open_exactly(d(2026, 3, 14), (7, 30), (16, 0));
        assert!(!none().is_open(at(2026, 3, 14, 7, 0)));
    }

    #[test]
    fn o1_sunday_is_open_13_00_to_21_30() {
        assert_open_exactly(d(2026, 3, 15), (13, 0), (21, 30));
        assert!(!none().is_open(at(2026, 3, 15, 12, 59)));
    }

    #[test]
    fn o2_closed_all_day_on_each_kind_of_red_day() {
        for (date, _) in crate::calendar::red_days(2026) {
            assert_closed_all_day(date);
        }
        // Påskdagen is always a Sunday; midsommardagen and alla helgons dag Saturdays.
        assert_eq!(red_day(d(2026, 4, 5)), Some(Holiday::Paskdagen));
        assert_closed_all_day(d(2026, 4, 5));
        assert_closed_all_day(d(2026, 6, 20));
        // A fixed red day on a Sunday (nationaldagen 2027) and a Saturday (juldagen 2027).
        assert_eq!(d(2027, 6, 6).weekday(), Weekday::Sun);
        assert_closed_all_day(d(2027, 6, 6));
        assert_eq!(d(2027, 12, 25).weekday(), Weekday::Sat);
        assert_closed_all_day(d(2027, 12, 25));
    }

    #[test]
    fn o2_ordinary_sunday_keeps_its_hours() {
        assert_open_exactly(d(2026, 4, 12), (13, 0), (21, 30));
    }

    #[test]
    fn o3_skartorsdagen_is_open_07_00_to_16_30() {
        assert_open_exactly(d(2026, 4, 2), (7, 0), (16, 30));
    }

    #[test]
    fn o3_paskafton_on_a_saturday_keeps_saturday_hours() {
        assert_open_exactly(d(2026, 4, 4), (7, 30), (16, 0));
    }

    #[test]
    fn o3_sunday_eve_is_open_13_00_to_16_30() {
        // Trettondagsafton 2025 and valborgsmässoafton 2028 are Sundays.
        assert_eq!(d(2025, 1, 5).weekday(), Weekday::Sun);
        assert_open_exactly(d(2025, 1, 5), (13, 0), (16, 30));
        assert_eq!(d(2028, 4, 30).weekday(), Weekday::Sun);
        assert_open_exactly(d(2028, 4, 30), (13, 0), (16, 30));
    }

    #[test]
    fn o3_23_and_30_december_and_other_weekday_eves_close_16_30() {
        assert_open_exactly(d(2026, 12, 23), (7, 0), (16, 30));
        assert_open_exactly(d(2026, 12, 30), (7, 0), (16, 30));
        // The day before Kristi himmelsfärdsdag (14 May 2026).
        assert_open_exactly(d(2026, 5, 13), (7, 0), (16, 30));
        assert_open_exactly(d(2026, 6, 18), (7, 0), (16, 30));
        assert_open_exactly(d(2026, 4, 30), (7, 0), (16, 30));
        assert_open_exactly(d(2026, 1, 5), (7, 0), (16, 30));
        assert_open_exactly(d(2026, 10, 30), (7, 0), (16, 30));
    }

    #[test]
    fn o1_dst_change_days_use_local_time() {
        // Spring forward 2026-03-29: 13.00 CEST = 11.00 UTC.
        assert!(!none().is_open(utc(2026, 3, 29, 10, 59)));
        assert!(none().is_open(utc(2026, 3, 29, 11, 0)));
        assert_eq!(
            none().next_opening(utc(2026, 3, 29, 0, 30)),
            Some(utc(2026, 3, 29, 11, 0))
        );
        assert_eq!(
            none().closes_at(utc(2026, 3, 29, 11, 0)),
            Some(utc(2026, 3, 29, 19, 30))
        );
        // Fall back 2026-10-25: 13.00 CET = 12.00 UTC.
        assert!(!none().is_open(utc(2026, 10, 25, 11, 59)));
        assert!(none().is_open(utc(2026, 10, 25, 12, 0)));
        assert_eq!(
            none().next_opening(utc(2026, 10, 25, 0, 30)),
            Some(utc(2026, 10, 25, 12, 0))
        );
        assert_eq!(
            none().closes_at(utc(2026, 10, 25, 12, 0)),
            Some(utc(2026, 10, 25, 20, 30))
        );
        // Saturday before spring forward: 07.30 CET = 06.30 UTC.
        assert!(none().is_open(utc(2026, 3, 28, 6, 30)));
    }

    #[test]
    fn o4_local_times_in_the_dst_gap_and_fold_map_as_documented() {
        // 02.30 does not exist on 2026-03-29: first valid instant is 03.00 CEST.
        assert_eq!(
            stockholm_instant(local(2026, 3, 29, 2, 30, 0)),
            utc(2026, 3, 29, 1, 0)
        );
        assert_eq!(
            stockholm_instant(local(2026, 3, 29, 2, 0, 0)),
            utc(2026, 3, 29, 1, 0)
        );
        assert_eq!(
            stockholm_instant(local(2026, 3, 29, 3, 0, 0)),
            utc(2026, 3, 29, 1, 0)
        );
        assert_eq!(
            stockholm_instant(local(2026, 3, 29, 1, 59, 0)),
            utc(2026, 3, 29, 0, 59)
        );
        // 02.30 happens twice on 2026-10-25: the earlier (CEST) one.
        assert_eq!(
            stockholm_instant(local(2026, 10, 25, 2, 30, 0)),
            utc(2026, 10, 25, 0, 30)
        );
        assert_eq!(
            stockholm_instant(local(2026, 10, 25, 3, 0, 0)),
            utc(2026, 10, 25, 2, 0)
        );
    }

    #[test]
    fn o4_closure_inside_the_dst_gap_is_empty_but_valid() {
        let e = Exception::closure(
            local(2026, 3, 29, 2, 10, 0),
            local(2026, 3, 29, 2, 50, 0),
            "Underhåll",
        )
        .unwrap();
        let oh = OpeningHours::new(vec![e]);
        assert_eq!(
            oh.next_opening(utc(2026, 3, 29, 0, 0)),
            Some(utc(2026, 3, 29, 11, 0))
        );
    }

    #[test]
    fn o4_friday_night_opens_saturday_07_30() {
        let friday_night = at(2026, 3, 13, 22, 15);
        assert!(!none().is_open(friday_night));
        assert_eq!(
            none().next_opening(friday_night),
            Some(at(2026, 3, 14, 7, 30))
        );
        assert_eq!(
            none().check(friday_night),
            Err(ServiceClosed {
                next_opening: Some(at(2026, 3, 14, 7, 30))
            })
        );
        assert_eq!(
            none().check(friday_night).unwrap_err().to_string(),
            "Tjänsten är stängd just nu. Den öppnar igen 2026-03-14 kl. 07.30."
        );
        assert_eq!(none().check(at(2026, 3, 14, 7, 30)), Ok(()));
    }

    #[test]
    fn o4_from_julafton_opens_sunday_27_december_13_00() {
        // 24–26 December 2026 are red; 27 December is an ordinary Sunday.
        assert_eq!(d(2026, 12, 27).weekday(), Weekday::Sun);
        let expected = Some(at(2026, 12, 27, 13, 0));
        assert_eq!(none().next_opening(at(2026, 12, 24, 10, 0)), expected);
        assert_eq!(none().next_opening(at(2026, 12, 23, 16, 30)), expected);
        assert_eq!(
            none().next_opening(at(2026, 12, 23, 16, 29)),
            Some(at(2026, 12, 23, 16, 29))
        );
    }

    #[test]
    fn o4_open_now_returns_now_and_closes_at_closing() {
        let t = at(2026, 3, 11, 12, 0) + TimeDelta::nanoseconds(17);
        assert_eq!(none().next_opening(t), Some(t));
        assert_eq!(none().closes_at(t), Some(at(2026, 3, 11, 21, 30)));
        assert_eq!(none().closes_at(at(2026, 3, 11, 22, 0)), None);
    }

    fn closure(start: NaiveDateTime, end: NaiveDateTime) -> Exception {
        Exception::closure(start, end, "Planerat underhåll").unwrap()
    }

    fn extra(start: NaiveDateTime, end: NaiveDateTime) -> Exception {
        Exception::extra_opening(start, end, "Extra öppet").unwrap()
    }

    #[test]
    fn o4_closure_closes_an_open_period_and_moves_next_opening() {
        let oh = OpeningHours::new(vec![closure(
            local(2026, 3, 11, 8, 0, 0),
            local(2026, 3, 11, 12, 0, 0),
        )]);
        assert!(oh.is_open(at(2026, 3, 11, 7, 59)));
        assert_eq!(
            oh.closes_at(at(2026, 3, 11, 7, 0)),
            Some(at(2026, 3, 11, 8, 0))
        );
        assert!(!oh.is_open(at(2026, 3, 11, 8, 0)));
        assert!(!oh.is_open(at(2026, 3, 11, 11, 59)));
        assert_eq!(
            oh.next_opening(at(2026, 3, 11, 8, 0)),
            Some(at(2026, 3, 11, 12, 0))
        );
        assert!(oh.is_open(at(2026, 3, 11, 12, 0)));
        assert_eq!(
            oh.closes_at(at(2026, 3, 11, 12, 0)),
            Some(at(2026, 3, 11, 21, 30))
        );

        // A closure running past closing time: next opening is the next morning.
        let oh = OpeningHours::new(vec![closure(
            local(2026, 3, 11, 20, 0, 0),
            local(2026, 3, 11, 23, 0, 0),
        )]);
        assert_eq!(
            oh.next_opening(at(2026, 3, 11, 20, 0)),
            Some(at(2026, 3, 12, 7, 0))
        );
    }

    #[test]
    fn o4_closure_spanning_several_days() {
        let oh = OpeningHours::new(vec![closure(
            local(2026, 3, 12, 18, 0, 0),
            local(2026, 3, 15, 14, 0, 0),
        )]);
        assert!(oh.is_open(at(2026, 3, 12, 17, 59)));
        assert_eq!(
            oh.closes_at(at(2026, 3, 12, 17, 0)),
            Some(at(2026, 3, 12, 18, 0))
        );
        for t in [
            at(2026, 3, 13, 12, 0),
            at(2026, 3, 14, 9, 0),
            at(2026, 3, 15, 13, 30),
        ] {
            assert!(!oh.is_open(t), "{t}");
        }
        assert_eq!(
            oh.next_opening(at(2026, 3, 12, 18, 0)),
            Some(at(2026, 3, 15, 14, 0))
        );
    }

    #[test]
    fn o4_extra_opening_on_a_red_day_opens_it() {
        let oh = OpeningHours::new(vec![extra(
            local(2026, 12, 26, 10, 0, 0),
            local(2026, 12, 26, 14, 0, 0),
        )]);
        assert!(!oh.is_open(at(2026, 12, 26, 9, 59)));
        assert!(oh.is_open(at(2026, 12, 26, 10, 0)));
        assert_eq!(
            oh.closes_at(at(2026, 12, 26, 10, 0)),
            Some(at(2026, 12, 26, 14, 0))
        );
        assert_eq!(
            oh.next_opening(at(2026, 12, 24, 10, 0)),
            Some(at(2026, 12, 26, 10, 0))
        );
        assert_eq!(
            oh.next_opening(at(2026, 12, 26, 14, 0)),
            Some(at(2026, 12, 27, 13, 0))
        );
    }

    #[test]
    fn o4_extra_opening_joining_base_hours_extends_closes_at() {
        let oh = OpeningHours::new(vec![extra(
            local(2026, 3, 11, 21, 30, 0),
            local(2026, 3, 11, 23, 0, 0),
        )]);
        assert_eq!(
            oh.closes_at(at(2026, 3, 11, 12, 0)),
            Some(at(2026, 3, 11, 23, 0))
        );
        let oh = OpeningHours::new(vec![extra(
            local(2026, 3, 11, 5, 0, 0),
            local(2026, 3, 11, 7, 0, 0),
        )]);
        assert_eq!(
            oh.closes_at(at(2026, 3, 11, 5, 0)),
            Some(at(2026, 3, 11, 21, 30))
        );
    }

    #[test]
    fn o4_closure_wins_over_overlapping_extra_opening() {
        let oh = OpeningHours::new(vec![
            extra(local(2026, 12, 25, 9, 0, 0), local(2026, 12, 25, 17, 0, 0)),
            closure(local(2026, 12, 25, 12, 0, 0), local(2026, 12, 25, 13, 0, 0)),
        ]);
        assert!(oh.is_open(at(2026, 12, 25, 11, 59)));
        assert!(!oh.is_open(at(2026, 12, 25, 12, 0)));
        assert!(!oh.is_open(at(2026, 12, 25, 12, 59)));
        assert!(oh.is_open(at(2026, 12, 25, 13, 0)));
        assert_eq!(
            oh.closes_at(at(2026, 12, 25, 9, 0)),
            Some(at(2026, 12, 25, 12, 0))
        );
        assert_eq!(
            oh.next_opening(at(2026, 12, 25, 12, 0)),
            Some(at(2026, 12, 25, 13, 0))
        );
        // Fully covered extra opening: stays closed.
        let oh = OpeningHours::new(vec![
            extra(local(2026, 12, 25, 9, 0, 0), local(2026, 12, 25, 17, 0, 0)),
            closure(local(2026, 12, 25, 0, 0, 0), local(2026, 12, 26, 0, 0, 0)),
        ]);
        assert!(!oh.is_open(at(2026, 12, 25, 10, 0)));
        assert_eq!(
            oh.next_opening(at(2026, 12, 25, 10, 0)),
            Some(at(2026, 12, 27, 13, 0))
        );
    }

    #[test]
    fn o4_exceptions_parse_from_json_and_text() {
        let json = r#"[
            {"kind": "closure", "start": "2026-12-27T08:00", "end": "2026-12-27T14:00", "reason": "Planerat underhåll"},
            {"kind": "extra_opening", "start": "2026-12-26T10:00:00", "end": "2026-12-26T12:00", "reason": "Extra öppet"}
        ]"#;
        let parsed: Vec<Exception> = serde_json::from_str(json).unwrap();
        assert_eq!(
            parsed[0],
            closure(local(2026, 12, 27, 8, 0, 0), local(2026, 12, 27, 14, 0, 0))
        );
        assert_eq!(parsed[1].kind(), ExceptionKind::ExtraOpening);
        assert_eq!(parsed[1].reason(), "Extra öppet");
        let oh: OpeningHours = serde_json::from_str(json).unwrap();
        assert_eq!(
            oh.next_opening(at(2026, 12, 26, 13, 0)),
            Some(at(2026, 12, 27, 14, 0))
        );

        // Round trip through serde and text.
        let back: Vec<Exception> =
            serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
        assert_eq!(back, parsed);
        let text = "# SLA-undantag\n\nclosure 2026-12-27T08:00 2026-12-27T14:00 Planerat underhåll\n  extra_opening 2026-12-26T10:00 2026-12-26T12:00   Extra öppet\n";
        assert_eq!(parse_exceptions(text).unwrap(), parsed);
        for e in &parsed {
            assert_eq!(e.to_string().parse::<Exception>().unwrap(), *e);
        }
        assert_eq!(
            parsed[0].to_string(),
            "closure 2026-12-27T08:00 2026-12-27T14:00 Planerat underhåll"
        );
    }

    #[test]
    fn o4_invalid_exceptions_are_rejected() {
        let err = |json: &str| {
            serde_json::from_str::<Exception>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(
            err(r#"{"kind": "closure", "start": "2026-12-27T14:00", "end": "2026-12-27T14:00", "reason": "x"}"#)
                .contains("måste sluta efter")
        );
        assert!(
            err(r#"{"kind": "closure", "start": "27/12 2026", "end": "2026-12-27T14:00", "reason": "x"}"#)
                .contains("Ogiltig tidpunkt")
        );
        assert!(
            err(r#"{"kind": "open", "start": "2026-12-27T08:00", "end": "2026-12-27T14:00", "reason": "x"}"#)
                .contains("unknown variant")
        );
        assert!(
            err(r#"{"kind": "closure", "start": "2026-12-27T08:00", "end": "2026-12-27T14:00", "reason": "x", "extra": 1}"#)
                .contains("unknown field")
        );
        assert_eq!(
            Exception::closure(local(2026, 1, 2, 8, 0, 0), local(2026, 1, 1, 8, 0, 0), "x"),
            Err(ExceptionError::EndNotAfterStart {
                start: local(2026, 1, 2, 8, 0, 0),
                end: local(2026, 1, 1, 8, 0, 0)
            })
        );
        assert_eq!(
            Exception::closure(local(2026, 1, 1, 8, 0, 0), local(2026, 1, 1, 9, 0, 0), "  "),
            Err(ExceptionError::MissingReason)
        );
        assert_eq!(
            Exception::closure(local(1500, 1, 1, 8, 0, 0), local(2026, 1, 1, 9, 0, 0), "x"),
            Err(ExceptionError::YearOutOfRange(local(1500, 1, 1, 8, 0, 0)))
        );
        assert_eq!(
            "closure 2026-12-27T08:00".parse::<Exception>(),
            Err(ExceptionError::MissingPart("sluttid"))
        );
        assert_eq!(
            "stängt 2026-12-27T08:00 2026-12-27T09:00 x".parse::<Exception>(),
            Err(ExceptionError::UnknownKind("stängt".to_owned()))
        );
        let e = parse_exceptions("closure 2026-12-27T08:00 2026-12-27T09:00 ok\n\nclosure 2026-12-27T08:00 2026-12-27T07:00 fel")
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.to_string()
                .starts_with("Rad 3: Undantaget måste sluta efter")
        );
    }

    /// The longest stretch without an O1–O3 opening, from 1900 to 2500.
    #[test]
    fn o4_longest_regular_closure_is_92h30_over_christmas() {
        let mut longest = TimeDelta::zero();
        let mut longest_from = None;
        let mut last_close: Option<DateTime<Utc>> = None;
        let mut date = d(1900, 1, 1);
        while date.year() <= 2500 {
            if let Some(span) = base_span(date) {
                if let Some(closed) = last_close
                    && span.start - closed > longest
                {
                    longest = span.start - closed;
                    longest_from = Some(closed);
                }
                last_close = Some(span.end);
            }
            date = date.succ_opt().unwrap();
        }
        assert_eq!(longest, LONGEST_REGULAR_CLOSURE);
        let from = stockholm_date(longest_from.unwrap());
        assert_eq!(
            (from.month(), from.day(), from.weekday()),
            (12, 23, Weekday::Wed)
        );
        // 2026 is such a year.
        assert_eq!(
            at(2026, 12, 27, 13, 0) - at(2026, 12, 23, 16, 30),
            LONGEST_REGULAR_CLOSURE
        );
    }

    const LONGEST_REGULAR_CLOSURE: TimeDelta = TimeDelta::minutes(92 * 60 + 30);

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (1900i32..=2200, 1u32..=366)
            .prop_filter_map("valid ordinal", |(y, o)| NaiveDate::from_yo_opt(y, o))
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        let lo = utc(1900, 1, 2, 0, 0).timestamp();
        let hi = utc(2200, 12, 30, 0, 0).timestamp();
        (lo..hi).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    /// An instant in 2026–2027 and up to four exceptions within a few days of it.
    fn instant_with_exceptions() -> impl Strategy<Value = (DateTime<Utc>, OpeningHours)> {
        let lo = utc(2026, 1, 1, 0, 0).timestamp();
        let hi = utc(2027, 12, 31, 0, 0).timestamp();
        (lo..hi).prop_flat_map(|s| {
            let t = DateTime::from_timestamp(s, 0).unwrap();
            let base = t.with_timezone(&STOCKHOLM).naive_local();
            let exception = (any::<bool>(), -3 * 1440i64..5 * 1440, 1i64..3 * 1440).prop_map(
                move |(is_closure, offset, length)| {
                    let start = base + TimeDelta::minutes(offset);
                    let end = start + TimeDelta::minutes(length);
                    if is_closure {
                        closure(start, end)
                    } else {
                        extra(start, end)
                    }
                },
            );
            (
                Just(t),
                proptest::collection::vec(exception, 0..=4).prop_map(OpeningHours::new),
            )
        })
    }

    fn assert_next_opening_consistent(oh: &OpeningHours, i: DateTime<Utc>) {
        let second = TimeDelta::seconds(1);
        if oh.is_open(i) {
            assert_eq!(oh.next_opening(i), Some(i));
            let c = oh.closes_at(i).unwrap();
            assert!(c > i && oh.is_open(c - second) && !oh.is_open(c));
        } else {
            assert_eq!(oh.closes_at(i), None);
            let n = oh.next_opening(i).unwrap();
            assert!(n > i, "{i} -> {n}");
            assert!(oh.is_open(n), "{i} -> {n}");
            assert!(!oh.is_open(n - second), "{i} -> {n}");
        }
    }

    proptest! {
        #[test]
        fn o3_base_hours_never_exceed_o1(date in any_date()) {
            if let Some((opens, closes)) = base_hours(date) {
                let (o1_opens, o1_closes) = regular_hours(date.weekday());
                prop_assert!(o1_opens <= opens && opens < closes && closes <= o1_closes);
            }
        }

        #[test]
        fn o4_next_opening_is_the_first_open_instant(i in any_instant()) {
            assert_next_opening_consistent(&none(), i);
        }

        #[test]
        fn o4_next_opening_is_the_first_open_instant_with_exceptions(
            (i, oh) in instant_with_exceptions()
        ) {
            assert_next_opening_consistent(&oh, i);
        }

        #[test]
        fn o4_without_exceptions_next_opening_is_within_92h30(i in any_instant()) {
            let n = none().next_opening(i).unwrap();
            prop_assert!(n - i <= LONGEST_REGULAR_CLOSURE);
        }
    }
}

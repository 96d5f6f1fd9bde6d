//! The registries' own model of a case, before it takes a v9 shape: a case (ärende)
//! with a start, maybe an end, and its parts (one decision each, over one period).
//! Generated people and fixtures both describe the real world in this model;
//! [`restrict`] then makes it what a registry holds (SPEC §4) — cut to the windows, or
//! raw ([`History`]) — and the renderers turn it into the benefit's v9 types.

use chrono::{Datelike, Days, Months, NaiveDate};
use lefi_contract::v9::Person;
use lefi_contract::v9::{Belopp, Bokstavskod, Datum, FranTill, Omfattning, Sifferkod, Summa};
use lefi_domain::Benefit;
use lefi_domain::history::{Window, payments_from, window};
use lefi_domain::pnr::luhn_check_digit;
use rand::RngExt;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use crate::person::PersonFacts;

/// Who a registry answers about: what every registry agrees on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Subject {
    pub key: u64,
    pub birth: NaiveDate,
    pub woman: bool,
    pub deceased: Option<NaiveDate>,
    pub abroad: bool,
    pub no_benefits: bool,
}

impl Subject {
    pub fn of(facts: &PersonFacts) -> Self {
        Self {
            key: facts.key,
            birth: facts.birth_date,
            woman: facts.woman,
            deceased: facts.deceased,
            abroad: crate::person::lives_abroad(facts),
            no_benefits: facts.no_benefits,
        }
    }

    /// The day the person turns `years`.
    pub fn turns(&self, years: u32) -> NaiveDate {
        add_months(self.birth, years * 12)
    }

    pub fn age_on(&self, date: NaiveDate) -> i32 {
        crate::person::age_on(self.birth, date)
    }

    /// The last day the registries can know anything about: today, or the day of death.
    pub fn last_day(&self, as_of: NaiveDate) -> NaiveDate {
        self.deceased.map_or(as_of, |d| d.min(as_of))
    }
}

/// Someone a case refers to: a child, or a deceased spouse or parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Related {
    pub born: NaiveDate,
    /// Birth number 1–999 of their personnummer.
    pub serial: u16,
    pub died: Option<NaiveDate>,
}

impl Related {
    /// The v9 `LefiPerson`, with a valid 12-digit personnummer.
    pub fn person(&self) -> Person {
        Person {
            personnummer: Some(personnummer(self.born, self.serial)),
            foddes: Some(self.born),
            avled: self.died.map(|d| vec![d]),
            ..Person::default()
        }
    }
}

/// A 12-digit personnummer with a valid check digit.
pub(crate) fn personnummer(born: NaiveDate, serial: u16) -> String {
    let serial = serial.clamp(1, 999);
    let nine = [
        (born.year() % 100 / 10) as u8,
        (born.year() % 10) as u8,
        (born.month() / 10) as u8,
        (born.month() % 10) as u8,
        (born.day() / 10) as u8,
        (born.day() % 10) as u8,
        (serial / 100) as u8,
        (serial / 10 % 10) as u8,
        (serial % 10) as u8,
    ];
    format!(
        "{:04}{:02}{:02}{:03}{}",
        born.year(),
        born.month(),
        born.day(),
        serial,
        luhn_check_digit(&nine)
    )
}

/// One decision of a case and the period it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    /// The day the decision was made (`fattades`).
    pub decided: NaiveDate,
    pub from: NaiveDate,
    /// `None`: open, the decision runs until further notice.
    pub till: Option<NaiveDate>,
    /// Extent as taljare/namnare (1/4, 1/2, 3/4, 1/1; 36/100 … for handikappersättning).
    pub extent: (u8, u8),
    /// Öre per day (daily benefits) or per month at full extent (monthly benefits).
    pub rate: i64,
    pub karens: bool,
    /// A benefit-specific sub-kind: delförmån, level, type of compensation.
    pub sub: u8,
    /// `false` for a rejection: no period, no money.
    pub granted: bool,
}

impl Part {
    pub fn new(decided: NaiveDate, from: NaiveDate, till: Option<NaiveDate>, rate: i64) -> Self {
        Self {
            decided,
            from,
            till,
            extent: (1, 1),
            rate,
            karens: false,
            sub: 0,
            granted: true,
        }
    }

    pub fn extent(mut self, extent: (u8, u8)) -> Self {
        self.extent = extent;
        self
    }

    pub fn sub(mut self, sub: u8) -> Self {
        self.sub = sub;
        self
    }

    pub fn karens(mut self, karens: bool) -> Self {
        self.karens = karens;
        self
    }

    /// Calendar days of a closed period (the seed: 2009-10-12–2010-01-10 = 91 days).
    pub fn days(&self) -> Option<u32> {
        let till = self.till?;
        u32::try_from((till - self.from).num_days() + 1).ok()
    }

    /// The amount of one month (monthly benefits) or day (daily benefits) at this
    /// part's extent, in öre.
    pub fn amount(&self) -> i64 {
        let (t, n) = self.extent;
        self.rate * i64::from(t) / i64::from(n.max(1))
    }
}

/// A case (ärende).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Case {
    /// The day the case started (`startades`); kept even when it is before the window.
    pub started: NaiveDate,
    /// `None` while the case is ongoing.
    pub ended: Option<NaiveDate>,
    /// Rejected (avslaget): one decision without period or money.
    pub rejected: bool,
    /// A benefit-specific kind: which answer key, which variant of the benefit.
    pub kind: u8,
    /// The child or the deceased the case is about.
    pub related: Option<Related>,
    /// The day of the injury, for a livränta.
    pub occurred: Option<NaiveDate>,
    /// Seeds details that are drawn when the case is written out (employer, cause …).
    pub seed: u64,
    pub parts: Vec<Part>,
}

impl Case {
    pub fn new(started: NaiveDate, ended: Option<NaiveDate>, parts: Vec<Part>) -> Self {
        Self {
            started,
            ended,
            rejected: false,
            kind: 0,
            related: None,
            occurred: None,
            seed: 0,
            parts,
        }
    }

    pub fn kind(mut self, kind: u8) -> Self {
        self.kind = kind;
        self
    }

    pub fn related(mut self, related: Related) -> Self {
        self.related = Some(related);
        self
    }

    pub fn occurred(mut self, day: NaiveDate) -> Self {
        self.occurred = Some(day);
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    pub fn ongoing(&self) -> bool {
        self.ended.is_none()
    }

    /// A rejected application: one decision, nothing granted.
    pub fn rejection(applied: NaiveDate, decided: NaiveDate) -> Self {
        let mut part = Part::new(decided, applied, Some(applied), 0);
        part.granted = false;
        Self {
            rejected: true,
            ..Self::new(applied, Some(decided), vec![part])
        }
    }
}

/// How a benefit is paid, which also decides how an ongoing decision's period is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule {
    /// A monthly amount, paid on this day of each month the decision covers.
    Monthly { payday: u32 },
    /// A daily benefit, paid for each month's days on the 10th of the next month.
    Arrears,
    /// Nothing is paid (forecasts, certificates, SGI, repayment claims).
    Unpaid,
}

pub(crate) fn schedule(benefit: Benefit) -> Schedule {
    use Benefit as B;
    match benefit {
        B::Barnbidrag => Schedule::Monthly { payday: 20 },
        B::Pension | B::Efterlevandepension | B::BostadstillaggPensionarer => {
            Schedule::Monthly { payday: 19 }
        }
        B::Handikappersattning
        | B::Underhallsstod
        | B::Vardbidrag
        | B::Bostadsbidrag
        | B::SjukersattningAktivitetsersattning
        | B::Arbetsskadelivranta
        | B::Yrkesskadelivranta => Schedule::Monthly { payday: 25 },
        B::Sjukpenning
        | B::Foraldrapenning
        | B::Narstaendepenning
        | B::Graviditetspenning
        | B::Smittbararersattning
        | B::DagpenningTotalforsvarspliktig
        | B::Aktivitetsstod
        | B::Rehabiliteringsersattning
        | B::TillfalligForaldrapenning => Schedule::Arrears,
        B::Pensionsprognos | B::SjukpenninggrundandeInkomst | B::Levnadsintyg | B::Utbetalning => {
            Schedule::Unpaid
        }
    }
}

/// How much of the past a registry returns: the simulator's `history` knob.
///
/// The registries behind LEFI hold nothing older than each benefit's window (SPEC §4),
/// so by default the simulated ones cut their answers to the windows too. Then the
/// service's own window code never meets older data; `Raw` lets a registry return its
/// whole history — cases, decisions, payments, earnings, certificates and forecasts
/// older than the windows — so end-to-end tests show the service cuts by itself.
/// Nothing after today or after death is ever returned: that is not history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum History {
    /// Cut to the windows (H2–H9), as the real registries are.
    #[default]
    Windowed,
    /// Everything up to today, however old.
    Raw,
}

/// In raw mode, payments are not cut: the earliest day any payment could have.
const RAW_PAYMENTS_FROM: NaiveDate = ymd(1900, 1, 1);

impl History {
    /// The first day of a benefit's case data (H3, H5, H6, H7), if it is cut at all.
    pub(crate) fn window_start(self, benefit: Benefit, subject: &Subject) -> Option<NaiveDate> {
        match (self, window(benefit, subject.birth.year())) {
            (History::Windowed, Window::From(d)) => Some(d),
            _ => None,
        }
    }

    /// The first day of a benefit's payments (H2, H7).
    pub(crate) fn payments_from(self, benefit: Benefit, as_of: NaiveDate) -> NaiveDate {
        match self {
            History::Windowed => payments_from(benefit, as_of),
            History::Raw => RAW_PAYMENTS_FROM,
        }
    }
}

/// What a registry holds of real-world cases (SPEC §4): nothing after today or after
/// death (a case ends at death), and, windowed, no decision or period before the
/// benefit's window — though a case that began before it keeps its start date. A
/// closed case with nothing left in the window is not held at all.
pub(crate) fn restrict(
    benefit: Benefit,
    subject: &Subject,
    as_of: NaiveDate,
    history: History,
    cases: Vec<Case>,
) -> Vec<Case> {
    let window = history.window_start(benefit, subject);
    let last = subject.last_day(as_of);
    let dead = subject.deceased.is_some_and(|d| d <= as_of);
    let monthly = matches!(schedule(benefit), Schedule::Monthly { .. });
    let mut cases: Vec<Case> = cases
        .into_iter()
        .filter_map(|mut c| {
            if c.started > last {
                return None;
            }
            c.ended = match c.ended {
                Some(e) if e <= last => Some(e),
                _ if dead => Some(last),
                _ => None,
            };
            let ended = c.ended;
            c.parts.retain_mut(|p| {
                if p.from > last {
                    return false;
                }
                p.till = match (p.till, ended) {
                    (Some(t), _) if t <= last => Some(t),
                    // Past today in an ongoing case: open for a monthly benefit, paid up
                    // to today for a daily one.
                    (_, None) if monthly => None,
                    (_, None) => Some(last),
                    (_, Some(e)) => Some(e.min(last)),
                };
                p.decided = p.decided.min(last);
                window.is_none_or(|w| p.decided >= w && p.from >= w)
            });
            // Closed before the window, or all its decisions were: nothing is held.
            let gone = c.parts.is_empty() && !c.rejected;
            if window.is_some_and(|w| ended.is_some_and(|e| e < w || gone)) {
                return None;
            }
            Some(c)
        })
        .collect();
    cases.sort_by_key(|c| c.started);
    cases
}

// ---------------------------------------------------------------------------------
// Dates and draws.

pub(crate) const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid constant date"),
    }
}

pub(crate) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let d = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        date.checked_add_days(d)
    } else {
        date.checked_sub_days(d)
    };
    moved.unwrap_or(date)
}

pub(crate) fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(date)
}

pub(crate) fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

pub(crate) fn month_end(date: NaiveDate) -> NaiveDate {
    add_days(add_months(month_start(date), 1), -1)
}

pub(crate) fn year_start(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub(crate) fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// A day drawn uniformly from `[from, to]` (`from` itself when the range is empty).
pub(crate) fn day_between(r: &mut Pcg64Mcg, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        return from;
    }
    add_days(from, r.random_range(0..=span))
}

/// Kronor as öre, the unit of every amount here.
pub(crate) const fn kr(kronor: i64) -> i64 {
    kronor * 100
}

/// Whole kronor drawn from `[lo, hi)`, as öre.
pub(crate) fn kronor(r: &mut Pcg64Mcg, lo: i64, hi: i64) -> i64 {
    r.random_range(lo..hi.max(lo + 1)) * 100
}

/// An extent drawn with weights for 1/1, 3/4, 1/2, 1/4 (out of 100).
pub(crate) fn quarters(r: &mut Pcg64Mcg, weights: [u32; 4]) -> (u8, u8) {
    let total: u32 = weights.iter().sum();
    let mut roll = r.random_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return [(1, 1), (3, 4), (1, 2), (1, 4)][i];
        }
        roll -= w;
    }
    (1, 1)
}

/// Nominal wages and prices relative to `year` 2026, about 2.5 % a year: amounts are
/// drawn in today's money and scaled back.
pub(crate) fn scaled(ore_2026: i64, year: i32) -> i64 {
    let factor = 1.025_f64.powi(year - 2026);
    // Whole kronor: amounts in decisions are.
    ((ore_2026 as f64 * factor) / 100.0).round() as i64 * 100
}

/// Prisbasbelopp (the price base amount) of a year, in öre, roughly.
pub(crate) fn prisbasbelopp(year: i32) -> i64 {
    scaled(kr(59_200), year)
}

// ---------------------------------------------------------------------------------
// v9 building blocks.

pub(crate) fn sek(ore: i64) -> Option<Belopp> {
    Some(Belopp {
        summa: Summa::from_ore(ore),
        valuta: Some("SEK".to_owned()),
    })
}

pub(crate) fn bokstav(id: &str, text: &str) -> Option<Bokstavskod> {
    Some(Bokstavskod {
        id: Some(id.to_owned()),
        beskrivning: Some(text.to_owned()),
    })
}

pub(crate) fn siffer(id: i64, text: &str) -> Option<Sifferkod> {
    Some(Sifferkod {
        id: Some(id),
        beskrivning: Some(text.to_owned()),
    })
}

pub(crate) fn omfattning((t, n): (u8, u8)) -> Option<Omfattning> {
    Some(Omfattning {
        taljare: Some(u32::from(t)),
        namnare: Some(u32::from(n)),
    })
}

pub(crate) fn fran_till(from: NaiveDate, till: Option<NaiveDate>) -> Option<FranTill> {
    Some(FranTill {
        fran: Some(Datum::Dag(from)),
        till: till.map(Datum::Dag),
    })
}

/// The period of a granted part; none for a rejection.
pub(crate) fn part_period(p: &Part) -> Option<FranTill> {
    p.granted.then(|| fran_till(p.from, p.till)).flatten()
}

/// v9's `periodicitet`: monthly.
pub(crate) fn monthly() -> Option<Sifferkod> {
    siffer(1, "Månadsvis")
}

/// `Some(list)` unless the list is empty: an absent list means "nothing".
pub(crate) fn non_empty<T>(list: Vec<T>) -> Option<Vec<T>> {
    (!list.is_empty()).then_some(list)
}

/// The salt of a benefit's own draws: each registry draws from its own stream.
pub(crate) fn salt(benefit: Benefit) -> u64 {
    0x4245_4e00 + benefit as u64
}

/// The random stream of one benefit for one person.
pub(crate) fn stream(subject: &Subject, benefit: Benefit) -> Pcg64Mcg {
    crate::person::rng(subject.key, salt(benefit))
}

/// Monthly decisions split at each 1 January, from `from` to `end` (or open).
pub(crate) fn yearly_monthly(
    r: &mut Pcg64Mcg,
    from: NaiveDate,
    end: Option<NaiveDate>,
    as_of: NaiveDate,
    rate_of_year: impl Fn(i32) -> i64,
    extent: (u8, u8),
) -> Vec<Part> {
    let last_year = end.map_or(as_of.year(), |e| e.year().min(as_of.year()));
    let mut parts = Vec::new();
    let mut day = from;
    while day.year() <= last_year {
        let year = day.year();
        let till = if year == last_year {
            end
        } else {
            Some(year_end(year))
        };
        let decided = if parts.is_empty() {
            add_days(day, -r.random_range(5..40))
        } else {
            add_days(day, r.random_range(0..20))
        };
        parts.push(Part::new(decided, day, till, rate_of_year(year)).extent(extent));
        day = year_start(year + 1);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_domain::Personnummer;

    fn subject(deceased: Option<NaiveDate>) -> Subject {
        Subject {
            key: 7,
            birth: ymd(1960, 5, 5),
            woman: false,
            deceased,
            abroad: false,
            no_benefits: false,
        }
    }

    #[test]
    fn related_people_get_valid_personnummer() {
        for (born, serial) in [
            (ymd(2001, 3, 5), 482),
            (ymd(1999, 12, 31), 1),
            (ymd(2024, 1, 10), 999),
        ] {
            let pnr = personnummer(born, serial);
            let parsed = Personnummer::parse(&pnr, ymd(2026, 11, 26)).expect("valid");
            assert_eq!(parsed.expose(), pnr);
        }
    }

    #[test]
    fn h7_restrict_keeps_the_start_but_drops_decisions_before_the_window() {
        let case = Case::new(
            ymd(2001, 1, 10),
            None,
            vec![
                Part::new(
                    ymd(2001, 1, 20),
                    ymd(2001, 1, 24),
                    Some(ymd(2001, 12, 31)),
                    kr(500),
                ),
                Part::new(
                    ymd(2002, 1, 3),
                    ymd(2002, 1, 1),
                    Some(ymd(2030, 1, 1)),
                    kr(500),
                ),
            ],
        );
        let held = restrict(
            Benefit::Sjukpenning,
            &subject(None),
            ymd(2026, 11, 26),
            History::Windowed,
            vec![case],
        );
        assert_eq!(held[0].started, ymd(2001, 1, 10));
        assert_eq!(held[0].parts.len(), 1);
        assert_eq!(
            held[0].parts[0].till,
            Some(ymd(2026, 11, 26)),
            "daily: up to today"
        );
    }

    #[test]
    fn h7_raw_history_keeps_decisions_and_closed_cases_before_the_window() {
        let part = |from: NaiveDate, till: NaiveDate| Part::new(from, from, Some(till), kr(500));
        let ongoing = Case::new(
            ymd(2001, 1, 10),
            None,
            vec![
                part(ymd(2001, 1, 24), ymd(2001, 12, 31)),
                part(ymd(2002, 1, 1), ymd(2002, 6, 30)),
            ],
        );
        let closed_before = Case::new(
            ymd(1999, 3, 1),
            Some(ymd(1999, 5, 31)),
            vec![part(ymd(1999, 3, 1), ymd(1999, 5, 31))],
        );
        let cases = || vec![ongoing.clone(), closed_before.clone()];
        let held = |history| {
            restrict(
                Benefit::Sjukpenning,
                &subject(None),
                ymd(2026, 11, 26),
                history,
                cases(),
            )
        };
        let windowed = held(History::Windowed);
        assert_eq!(windowed.len(), 1, "the case closed in 1999 is not held");
        assert_eq!(windowed[0].parts.len(), 1);
        let raw = held(History::Raw);
        assert_eq!(raw.len(), 2);
        assert_eq!(raw[0].started, ymd(1999, 3, 1));
        assert_eq!(raw[1].parts.len(), 2, "the 2001 decision is kept");
        assert_eq!(
            History::Raw.payments_from(Benefit::Sjukpenning, ymd(2026, 11, 26)),
            RAW_PAYMENTS_FROM
        );
    }

    #[test]
    fn history_is_a_lowercase_knob_value() {
        assert_eq!(serde_json::to_value(History::Raw).unwrap(), "raw");
        assert_eq!(
            serde_json::from_value::<History>(serde_json::json!("windowed")).unwrap(),
            History::Windowed
        );
        assert!(serde_json::from_value::<History>(serde_json::json!("Raw")).is_err());
    }

    #[test]
    fn a_case_ends_at_death_and_a_monthly_one_stays_open_while_ongoing() {
        let case = || {
            Case::new(
                ymd(2020, 1, 1),
                None,
                vec![Part::new(ymd(2020, 1, 1), ymd(2020, 1, 1), None, kr(9_000))],
            )
        };
        let alive = restrict(
            Benefit::Barnbidrag,
            &subject(None),
            ymd(2026, 11, 26),
            History::Windowed,
            vec![case()],
        );
        assert_eq!((alive[0].ended, alive[0].parts[0].till), (None, None));
        let death = ymd(2025, 3, 14);
        let dead = restrict(
            Benefit::Barnbidrag,
            &subject(Some(death)),
            ymd(2026, 11, 26),
            History::Windowed,
            vec![case()],
        );
        assert_eq!(
            (dead[0].ended, dead[0].parts[0].till),
            (Some(death), Some(death))
        );
    }

    #[test]
    fn nothing_after_today_is_held() {
        let later = Case::new(
            ymd(2027, 1, 1),
            None,
            vec![Part::new(ymd(2027, 1, 1), ymd(2027, 1, 1), None, kr(1))],
        );
        assert!(
            restrict(
                Benefit::Barnbidrag,
                &subject(None),
                ymd(2026, 11, 26),
                History::Raw,
                vec![later]
            )
            .is_empty()
        );
    }
}

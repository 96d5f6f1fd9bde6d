//! History windows (SPEC §4, H1–H11) on the v9 wire types: what the Compile step (SPEC
//! §3 step 6) may show of one benefit's registry answer. The rules themselves live in
//! [`lefi_domain::history`]; this module only says where each v9 type keeps its dates,
//! by implementing that module's traits, and applies the rules to an answer's data
//! ([`Uppgifter`]: both models) with [`apply_windows`], which also gives the "data
//! available from" dates per kind of list ([`AvailableFrom`]: records, payments).
//!
//! How Försäkringskassan's types (`formansinformation`) meet the traits:
//!
//! - **Cases** ([`Case`]), every case type under the catalogue's answer keys. `start()` is
//!   the first day the case covers: the earliest of `startades` and its decisions' days,
//!   as a decision may be granted for days before the case was registered (H1 asks what
//!   the case covers, not when it was registered); types without `startades`
//!   (`AllmanpensionArende`, `BarnbidragArende`, `EfterlevandepensionArende`) start with
//!   their earliest decision. `end()` is `None` while the case is ongoing
//!   (`aktivt == Some(true)`, or a decision whose period has no end), else the latest
//!   day its decisions reach (at least `startades`). A decision's days are its `period`,
//!   a [`Datum::Manad`] covering its whole month and a missing `fran` open at the start;
//!   a decision without a period (a rejection) is the day it was made (`fattades`).
//!   `retain_within` drops the decisions wholly outside the range, and föräldrapenning's
//!   case-level `anspraksdagar` by their day. Lists of dated rows nested in a decision
//!   (`ersattningsdagar`, `bedomdadagar`) are not trimmed: they go with their decision.
//!   A decision with no date at all is kept. A list that trimming empties is left out,
//!   as the registries leave out a list without data, so an answer never shows that
//!   something was cut (SPEC §6: windows cut silently).
//! - **Payments** ([`Dated`]): `UtbetalningUppgift::datum`. A payment without a date is
//!   dated [`NaiveDate::MIN`], before every payment window, so it is never shown (H2).
//! - **Earnings records** ([`EarningsRecord`]): `IntjanandeUppgift::ar`. A record
//!   without a year is never shown (H4 cannot place it).
//! - **Pension forecasts** (H9): `IntjanandeBehallning` carries no mailing year in v9,
//!   so it cannot implement [`Mailing`]. Such a list is only capped at
//!   [`FORECAST_MAILING_YEARS`] entries, keeping the first (the latest).
//! - **Life certificates** (H8): `LevnadsintygUppgift::uppdaterades` is a date and time
//!   in no given format; its leading `YYYY-MM-DD`, when there is one, is the day the
//!   certificate was registered ([`levnadsintyg_registered`]). Each certificate is in
//!   force until a later one; only the one in force today is shown, at most one. One
//!   without a readable date counts as registered before all others.
//! - **SGI** (`SjukpenninggrundandeInkomstUppgift`): each decision is in force from its
//!   `faststalldes` until the day before the next one's; those in force during the
//!   period are shown, by the same H1 rule as cases.
//!
//! Pensionsmyndigheten's types (the answer's top-level lists), where our registries
//! answer PM's benefits:
//!
//! - **Claims and decisions** (`ansprak`, `beslut`) as cases (`PmCase`): the contract
//!   links no decision to its claim, so a decision belongs to the latest claim of its
//!   `formansgrupp` that arrived by the day it was made (`beslutsdatum`; the group's
//!   first claim if it was made before all of them); a decision of a group without
//!   claims is a case of its own. A claim covers its `ankomstdatum` and its
//!   `yrkadPeriod`; a decision the periods of its `beslutadErsattning` (open when one
//!   is), else its `beslutsdatum`. The case starts on the earliest of these (a decision
//!   granted for days before the claim arrived counts, H1); it is ongoing while a
//!   decision is open-ended, or, before any dated decision, while the claim is open;
//!   else it ends on the latest day. Then H1 with the benefit's window as for
//!   Försäkringskassan's cases (H3: ÅP37 from 2003, ÅP38 from 2001 for PM:AP); decisions
//!   wholly outside the shown range are dropped, the claim stays with its case.
//! - **Payments** (`utbetalningar`, `preliminaraUtbetalningar`): [`Dated`] by
//!   `utbetalningsdatum` (H2).
//! - **Övrig information**, by `informationstyp` (or the one part an entry carries):
//!   `PM:PU` earnings years by `artal` (H4, from 2003, the years the period touches);
//!   `PM:LINT` the certificate in force today by `senastUppdaterad` (H8; without a date
//!   it counts as registered before all others); `PM:PBH` the account values of the
//!   two latest `faststallelsear`, none after today's year (H9, [`Mailing`]; a value
//!   without a year is dropped). An entry keeps only the part its type names; one
//!   whose type cannot be told is dropped.
//!
//! Types with no usable date, treated as "current" (never cut):
//! - a case with neither `startades` nor a decision with a date (period or `fattades`);
//!   a PM claim with neither `ankomstdatum` nor `yrkadPeriod` and without dated
//!   decisions, and a PM decision without compensation periods or `beslutsdatum` in a
//!   group without claims;
//! - an SGI decision without `faststalldes`;
//! - `IntjanandeBehallning` (forecasts; capped at two as above, never cut by date);
//! - a `LevnadsintygUppgift` without a readable `uppdaterades` (still H8: at most one).
//!
//! H10 (person data) is not here: the Compile step gets person data elsewhere. H11
//! (havandeskapspenning up to 2010-12-31) is the registry's naming; nothing here
//! renames or rewrites a kept item, it only drops whole items (and, for PM's övrig
//! information, the parts of an entry its type does not name).

use chrono::NaiveDate;
use lefi_domain::Benefit;
use lefi_domain::catalogue::V9List;
use lefi_domain::history::{
    Case, Dated, EarningsRecord, FORECAST_MAILING_YEARS, Mailing, select_cases, select_current,
    select_earnings, select_latest_forecasts, select_payments,
};
use lefi_domain::period::{DateRange, QueryPeriod, parse_iso_date};
use serde::{Deserialize, Serialize};

use crate::v9::{
    AktivitetsstodArende, AktivitetsstodBeslut, AllmanpensionArende, AllmanpensionBeslut,
    ArbetsskadelivrantaBeslut, ArbetsskadelivrantaEfterlevandeArende,
    ArbetsskadelivrantaEgenArende, BarnbidragArende, BarnbidragBeslut, BostadsbidragArende,
    BostadsbidragBeslut, BostadstillaggArende, BostadstillaggBeslut, Datum,
    EfterlevandepensionArende, EfterlevandepensionBeslut, ForaldrapenningAnspraksdag,
    ForaldrapenningArende, ForaldrapenningBeslut, Formansinformation, FranTill,
    GraviditetspenningArende, GraviditetspenningBeslut, HandikappersattningArende,
    HandikappersattningBeslut, IntjanandeUppgift, LevnadsintygUppgift, NarstaendepenningArende,
    NarstaendepenningBeslut, RehabersattningArende, RehabersattningBeslut,
    SjukOchAktivitetsersattningArende, SjukOchAktivitetsersattningBeslut, SjukpenningArende,
    SjukpenningBeslut, SjukpenninggrundandeInkomstUppgift, SmittbararersattningArende,
    SmittbararersattningBeslut, TillfalligForaldrapenningArende, TillfalligForaldrapenningBeslut,
    TotalforsvarspliktspenningArende, TotalforsvarspliktspenningBeslut, UnderhallsstodArende,
    UnderhallsstodBeslut, UtbetalningUppgift, VardbidragArende, VardbidragBeslut,
    YrkesskadelivrantaBeslut, YrkesskadelivrantaEfterlevandeArende, YrkesskadelivrantaEgenArende,
};
use crate::v9::{
    Artal, PeriodMedValfrittTom, PmFormanAnsprak, PmFormanBeslut, PmFormanGrupp, PmFormanGruppKod,
    PmFormanUtbetalning, PmOvrigInformation, PmOvrigInformationTypKod, PmPensionBehallning,
    PmPensionKonto, PmPensionKontoVarde, PmPensionUnderlag, PmPensionUnderlagIntjanandeAr,
    Uppgifter,
};

// ---------------------------------------------------------------------------------
// Days of decisions and periods.

/// The days a decision or a row reaches: `[from, till]`, `till` `None` while open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    from: NaiveDate,
    till: Option<NaiveDate>,
}

impl Span {
    fn day(day: NaiveDate) -> Self {
        Self {
            from: day,
            till: Some(day),
        }
    }

    /// The days of a `LefiFranTill`: a month covers its whole month, a missing end is
    /// open. `None` when neither end is given.
    fn of_period(period: &FranTill) -> Option<Self> {
        if period.fran.is_none() && period.till.is_none() {
            return None;
        }
        Some(Self {
            from: period.fran.map_or(NaiveDate::MIN, Datum::first_day),
            till: period.till.map(Datum::last_day),
        })
    }

    /// A decision's days: its period, or the day it was made when it has none.
    fn of_decision(period: Option<&FranTill>, fattades: Option<NaiveDate>) -> Option<Self> {
        period
            .and_then(Self::of_period)
            .or_else(|| fattades.map(Self::day))
    }

    fn overlaps(self, range: DateRange) -> bool {
        range.overlaps(self.from, self.till)
    }
}

/// A dated row of a case: a decision (beslut), or a case-level day.
trait Row {
    /// `None` when the row has no date at all.
    fn span(&self) -> Option<Span>;
}

/// Decisions: every v9 `…Beslut` of a case type has `period` and `fattades`.
macro_rules! decisions {
    ($($beslut:ty),+ $(,)?) => {$(
        impl Row for $beslut {
            fn span(&self) -> Option<Span> {
                Span::of_decision(self.period.as_ref(), self.fattades)
            }
        }
    )+};
}

decisions!(
    AktivitetsstodBeslut,
    AllmanpensionBeslut,
    ArbetsskadelivrantaBeslut,
    BarnbidragBeslut,
    BostadsbidragBeslut,
    BostadstillaggBeslut,
    EfterlevandepensionBeslut,
    ForaldrapenningBeslut,
    GraviditetspenningBeslut,
    HandikappersattningBeslut,
    NarstaendepenningBeslut,
    RehabersattningBeslut,
    SjukOchAktivitetsersattningBeslut,
    SjukpenningBeslut,
    SmittbararersattningBeslut,
    TillfalligForaldrapenningBeslut,
    TotalforsvarspliktspenningBeslut,
    UnderhallsstodBeslut,
    VardbidragBeslut,
    YrkesskadelivrantaBeslut,
);

impl Row for ForaldrapenningAnspraksdag {
    fn span(&self) -> Option<Span> {
        self.dag.map(Span::day)
    }
}

/// Keeps the rows that share a day with `range`, and those without a date; a list left
/// empty becomes absent.
fn retain_rows<R: Row>(rows: &mut Option<Vec<R>>, range: DateRange) {
    if let Some(list) = rows {
        list.retain(|r| r.span().is_none_or(|s| s.overlaps(range)));
        if list.is_empty() {
            *rows = None;
        }
    }
}

// ---------------------------------------------------------------------------------
// Cases.

/// How a v9 case type holds its dates: its own start and state, where it has them, and
/// its decisions.
trait V9Case {
    type Beslut: Row;
    fn startades(&self) -> Option<NaiveDate>;
    fn aktivt(&self) -> Option<bool>;
    fn beslut(&self) -> &Option<Vec<Self::Beslut>>;
    /// Drops the decisions, and any other dated rows of the case itself, wholly outside
    /// `range`.
    fn retain_rows(&mut self, range: DateRange);

    fn spans(&self) -> impl Iterator<Item = Span> {
        self.beslut().iter().flatten().filter_map(Row::span)
    }

    /// Whether the case has any usable date; one without is "current", never cut.
    fn has_dates(&self) -> bool {
        self.startades().is_some() || self.spans().next().is_some()
    }

    /// The first day the case covers: the earliest of `startades` and its decisions'
    /// days, since a decision may cover days before the case was registered (granted
    /// retroactively; H1 asks what the case covers). [`NaiveDate::MIN`] for a case
    /// without dates, which [`apply_windows`] never windows.
    fn case_start(&self) -> NaiveDate {
        self.startades()
            .into_iter()
            .chain(self.spans().map(|s| s.from))
            .min()
            .unwrap_or(NaiveDate::MIN)
    }

    /// `None` while ongoing (`aktivt`, or an open-ended decision), else the latest day
    /// the case reaches.
    fn case_end(&self) -> Option<NaiveDate> {
        if self.aktivt() == Some(true) {
            return None;
        }
        let mut end = self.startades();
        for span in self.spans() {
            end = end.max(Some(span.till?));
        }
        end
    }
}

/// Implements [`V9Case`] and [`Case`] for case types whose only dated rows are their
/// `beslut`: `started` ones have `startades` and `aktivt`, `by_decisions` ones do not.
macro_rules! v9_cases {
    (
        started { $($started:ty => $sbeslut:ty,)+ }
        by_decisions { $($plain:ty => $pbeslut:ty,)+ }
    ) => {
        $(
            impl V9Case for $started {
                type Beslut = $sbeslut;
                fn startades(&self) -> Option<NaiveDate> {
                    self.startades
                }
                fn aktivt(&self) -> Option<bool> {
                    self.aktivt
                }
                fn beslut(&self) -> &Option<Vec<$sbeslut>> {
                    &self.beslut
                }
                fn retain_rows(&mut self, range: DateRange) {
                    retain_rows(&mut self.beslut, range);
                }
            }
            case_via_v9_case!($started);
        )+
        $(
            impl V9Case for $plain {
                type Beslut = $pbeslut;
                fn startades(&self) -> Option<NaiveDate> {
                    None
                }
                fn aktivt(&self) -> Option<bool> {
                    None
                }
                fn beslut(&self) -> &Option<Vec<$pbeslut>> {
                    &self.beslut
                }
                fn retain_rows(&mut self, range: DateRange) {
                    retain_rows(&mut self.beslut, range);
                }
            }
            case_via_v9_case!($plain);
        )+
    };
}

/// [`Case`] (a foreign trait) for one type, through its [`V9Case`].
macro_rules! case_via_v9_case {
    ($case:ty) => {
        impl Case for $case {
            fn start(&self) -> NaiveDate {
                self.case_start()
            }
            fn end(&self) -> Option<NaiveDate> {
                self.case_end()
            }
            fn retain_within(&mut self, range: DateRange) {
                self.retain_rows(range);
            }
        }
    };
}

v9_cases! {
    started {
        AktivitetsstodArende => AktivitetsstodBeslut,
        ArbetsskadelivrantaEfterlevandeArende => ArbetsskadelivrantaBeslut,
        ArbetsskadelivrantaEgenArende => ArbetsskadelivrantaBeslut,
        BostadsbidragArende => BostadsbidragBeslut,
        BostadstillaggArende => BostadstillaggBeslut,
        GraviditetspenningArende => GraviditetspenningBeslut,
        HandikappersattningArende => HandikappersattningBeslut,
        NarstaendepenningArende => NarstaendepenningBeslut,
        RehabersattningArende => RehabersattningBeslut,
        SjukOchAktivitetsersattningArende => SjukOchAktivitetsersattningBeslut,
        SjukpenningArende => SjukpenningBeslut,
        SmittbararersattningArende => SmittbararersattningBeslut,
        TillfalligForaldrapenningArende => TillfalligForaldrapenningBeslut,
        TotalforsvarspliktspenningArende => TotalforsvarspliktspenningBeslut,
        UnderhallsstodArende => UnderhallsstodBeslut,
        VardbidragArende => VardbidragBeslut,
        YrkesskadelivrantaEfterlevandeArende => YrkesskadelivrantaBeslut,
        YrkesskadelivrantaEgenArende => YrkesskadelivrantaBeslut,
    }
    by_decisions {
        AllmanpensionArende => AllmanpensionBeslut,
        BarnbidragArende => BarnbidragBeslut,
        EfterlevandepensionArende => EfterlevandepensionBeslut,
    }
}

/// Föräldrapenning also lists claimed days (`anspraksdagar`) on the case itself; they
/// are trimmed with the decisions.
impl V9Case for ForaldrapenningArende {
    type Beslut = ForaldrapenningBeslut;
    fn startades(&self) -> Option<NaiveDate> {
        self.startades
    }
    fn aktivt(&self) -> Option<bool> {
        self.aktivt
    }
    fn beslut(&self) -> &Option<Vec<ForaldrapenningBeslut>> {
        &self.beslut
    }
    fn retain_rows(&mut self, range: DateRange) {
        retain_rows(&mut self.beslut, range);
        retain_rows(&mut self.anspraksdagar, range);
    }
}
case_via_v9_case!(ForaldrapenningArende);

// ---------------------------------------------------------------------------------
// Payments, earnings, certificates, SGI.

impl Dated for UtbetalningUppgift {
    /// `datum`; a payment without one is dated [`NaiveDate::MIN`], before every payment
    /// window, so a window-limited answer never shows it.
    fn date(&self) -> NaiveDate {
        self.datum.unwrap_or(NaiveDate::MIN)
    }
}

impl EarningsRecord for IntjanandeUppgift {
    /// `ar`; a record without one is placed at [`i32::MIN`], outside every period.
    fn earning_year(&self) -> i32 {
        self.ar.unwrap_or(i32::MIN)
    }
}

/// The day a life certificate was registered: the leading `YYYY-MM-DD` of
/// `uppdaterades` (v9 gives "date and time" and no format), if it has one.
pub fn levnadsintyg_registered(certificate: &LevnadsintygUppgift) -> Option<NaiveDate> {
    let text = certificate.uppdaterades.as_deref()?;
    parse_iso_date(text.get(..10)?)
}

/// An item with the days it is in force, for H1's "shown when in force during the
/// period" on things that are not cases (SGI decisions).
#[derive(Debug)]
struct InForce<T> {
    item: T,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

impl<T> Case for InForce<T> {
    fn start(&self) -> NaiveDate {
        self.start
    }
    fn end(&self) -> Option<NaiveDate> {
        self.end
    }
    fn retain_within(&mut self, _range: DateRange) {}
}

/// A case with its place in the registry's list, so that cases windowed apart from the
/// undated ones go back in the registry's order.
#[derive(Debug)]
struct Placed<C>(usize, C);

impl<C: Case> Case for Placed<C> {
    fn start(&self) -> NaiveDate {
        self.1.start()
    }
    fn end(&self) -> Option<NaiveDate> {
        self.1.end()
    }
    fn retain_within(&mut self, range: DateRange) {
        self.1.retain_within(range);
    }
}

// ---------------------------------------------------------------------------------
// Pensionsmyndigheten's model: claims and decisions as cases, payments, övrig information.

/// The days a PM decision covers: from the first of its compensations' periods to the
/// last (open when one is), else the day it was made (`beslutsdatum`).
fn pm_decision_span(beslut: &PmFormanBeslut) -> Option<Span> {
    let periods: Vec<&PeriodMedValfrittTom> = beslut
        .beslutad_ersattning
        .iter()
        .flatten()
        .filter_map(|e| e.period.as_ref())
        .collect();
    match periods.iter().map(|p| p.from).min() {
        Some(from) => {
            let till = periods
                .iter()
                .map(|p| p.tom)
                .try_fold(NaiveDate::MIN, |end, tom| tom.map(|t| end.max(t)));
            Some(Span { from, till })
        }
        None => beslut.beslutsdatum.map(Span::day),
    }
}

/// The day a claim is placed by: when it arrived, else the first day it claims.
fn pm_claim_day(ansprak: &PmFormanAnsprak) -> Option<NaiveDate> {
    ansprak
        .ankomstdatum
        .or(ansprak.yrkad_period.as_ref().map(|p| p.from))
}

/// The day a decision is placed by among its group's claims: when it was made, else the
/// first day it covers.
fn pm_decision_day(beslut: &PmFormanBeslut) -> Option<NaiveDate> {
    beslut
        .beslutsdatum
        .or_else(|| pm_decision_span(beslut).map(|s| s.from))
}

/// A case of Pensionsmyndigheten's model: a claim and the decisions on it, each with its
/// place in its list. The contract does not link a decision to its claim: a decision
/// goes to the latest claim of its `formansgrupp` that arrived by the day it was made
/// (to the group's first claim if it was made before all of them); a decision of a group
/// without claims is a case of its own.
#[derive(Debug, Default)]
struct PmCase {
    claim: Option<(usize, PmFormanAnsprak)>,
    decisions: Vec<(usize, PmFormanBeslut)>,
}

impl PmCase {
    fn decision_spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.decisions
            .iter()
            .filter_map(|(_, b)| pm_decision_span(b))
    }

    /// The claim's own days: from its arrival (or the first day claimed, if earlier) to
    /// the end of the claimed period (open when none is given).
    fn claim_span(&self) -> Option<Span> {
        let (_, claim) = self.claim.as_ref()?;
        let claimed = claim.yrkad_period.as_ref();
        let from = claim
            .ankomstdatum
            .into_iter()
            .chain(claimed.map(|p| p.from))
            .min()?;
        let till = match (claimed, claim.ankomstdatum) {
            (Some(p), arrived) => p.tom.map(|t| t.max(arrived.unwrap_or(t))),
            (None, arrived) => arrived,
        };
        Some(Span { from, till })
    }

    fn has_dates(&self) -> bool {
        self.claim_span().is_some() || self.decision_spans().next().is_some()
    }
}

impl Case for PmCase {
    /// The first day the case covers: the claim's arrival, the first day claimed, or a
    /// decision's first day, whichever is earliest (a decision may be granted for days
    /// before the claim arrived, H1).
    fn start(&self) -> NaiveDate {
        self.claim_span()
            .into_iter()
            .chain(self.decision_spans())
            .map(|s| s.from)
            .min()
            .unwrap_or(NaiveDate::MIN)
    }

    /// Ongoing (`None`) while a decision runs until further notice, or, before any
    /// dated decision, while the claim is open; else the latest day the claim or its
    /// decisions reach.
    fn end(&self) -> Option<NaiveDate> {
        let mut decided = self.decision_spans().peekable();
        let claim = self.claim_span();
        if decided.peek().is_none() {
            return claim.and_then(|c| c.till);
        }
        let mut end = claim.and_then(|c| c.till.or(Some(c.from)));
        for span in decided {
            end = end.max(Some(span.till?));
        }
        end
    }

    /// Drops the decisions wholly outside `range`; undated ones stay with the claim.
    fn retain_within(&mut self, range: DateRange) {
        self.decisions
            .retain(|(_, b)| pm_decision_span(b).is_none_or(|s| s.overlaps(range)));
    }
}

/// Claims and decisions grouped into [`PmCase`]s, in no particular order.
fn pm_cases(claims: Vec<PmFormanAnsprak>, decisions: Vec<PmFormanBeslut>) -> Vec<PmCase> {
    type Group = Option<PmFormanGruppKod>;
    let group_of = |g: &Option<PmFormanGrupp>| g.as_ref().map(|g| g.kod);
    let mut cases: Vec<(Group, Option<NaiveDate>, PmCase)> = claims
        .into_iter()
        .enumerate()
        .map(|(i, claim)| {
            let group = group_of(&claim.formansgrupp);
            let day = pm_claim_day(&claim);
            let case = PmCase {
                claim: Some((i, claim)),
                decisions: Vec::new(),
            };
            (group, day, case)
        })
        .collect();
    // Latest claim first within a group, so the first one arrived by a day is its claim.
    cases.sort_by_key(|(group, day, _)| (*group, std::cmp::Reverse(*day)));
    let mut alone = Vec::new();
    for (i, decision) in decisions.into_iter().enumerate() {
        let group = group_of(&decision.formansgrupp);
        let day = pm_decision_day(&decision);
        // The group's dated claims, latest first.
        let dated: Vec<usize> = (0..cases.len())
            .filter(|&c| cases[c].0 == group && cases[c].1.is_some())
            .collect();
        let claim = match day {
            Some(day) => dated
                .iter()
                .copied()
                .find(|&c| cases[c].1.is_some_and(|d| d <= day))
                .or_else(|| dated.last().copied()),
            None => dated.first().copied(),
        };
        match claim {
            Some(c) => cases[c].2.decisions.push((i, decision)),
            None => alone.push(PmCase {
                claim: None,
                decisions: vec![(i, decision)],
            }),
        }
    }
    cases
        .into_iter()
        .map(|(_, _, case)| case)
        .chain(alone)
        .collect()
}

impl Dated for PmFormanUtbetalning {
    /// `utbetalningsdatum`; without one, [`NaiveDate::MIN`]: never shown (H2).
    fn date(&self) -> NaiveDate {
        self.utbetalningsdatum.unwrap_or(NaiveDate::MIN)
    }
}

impl EarningsRecord for PmPensionUnderlagIntjanandeAr {
    /// `artal`; without one, [`i32::MIN`], outside every period (H4 cannot place it).
    fn earning_year(&self) -> i32 {
        self.artal.map_or(i32::MIN, Artal::ar)
    }
}

/// Which rule an entry of `ovrigInformation` falls under: its `informationstyp`, else
/// the one part it carries. `None` when neither tells.
fn ovrig_typ(entry: &PmOvrigInformation) -> Option<PmOvrigInformationTypKod> {
    if let Some(typ) = &entry.informationstyp {
        return Some(typ.kod);
    }
    match (
        &entry.levnadsintyg,
        &entry.pensionsbehallning,
        &entry.pensionsunderlag,
    ) {
        (Some(_), None, None) => Some(PmOvrigInformationTypKod::PmLint),
        (None, Some(_), None) => Some(PmOvrigInformationTypKod::PmPbh),
        (None, None, Some(_)) => Some(PmOvrigInformationTypKod::PmPu),
        _ => None,
    }
}

/// One account value of a pension balance, with where it sits, for H9.
struct KontoVarde {
    entry: usize,
    konto: usize,
    varde: PmPensionKontoVarde,
}

impl Mailing for KontoVarde {
    fn mailing_year(&self) -> i32 {
        self.varde.faststallelsear.map_or(i32::MIN, Artal::ar)
    }
}

// ---------------------------------------------------------------------------------
// The Compile step's entry point.

/// The "data available from" dates of one benefit's answer (SPEC §6), one per kind of
/// list, each `None` when the query did not reach back before that window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailableFrom {
    /// The benefit's own records: cases, claims, decisions and övrig information (H1,
    /// H3–H7, H4 for the earnings records).
    pub uppgifter: Option<NaiveDate>,
    /// Its payments (H2, H7; or the caller's later first day).
    pub utbetalningar: Option<NaiveDate>,
}

/// H1–H9 and H11 on one benefit's registry answer: `data` trimmed to what the answer
/// may show, and its "data available from" dates.
///
/// - **Försäkringskassan's model** (`formansinformation`): only `benefit`'s keys there
///   are windowed — its answer keys, or for a benefit of Pensionsmyndigheten the keys of
///   the same data in FK's model (`allmanpensionsarende`, `intjanandeuppgift`, …), should
///   a registry send them — and the payments (`utbetalningsuppgift`); every other key is
///   left as it is. Cases go through [`select_cases`] (H1, H3, H5–H7), earnings through
///   [`select_earnings`] (H4), life certificates through [`select_current`] (H8),
///   forecasts are capped at two (H9).
/// - **Pensionsmyndigheten's model** (the top-level lists), all of it: claims and
///   decisions as cases (see the module doc: H1 with `benefit`'s window, H3 for PM:AP); the
///   `ovrigInformation` entries by their type: `PM:PU` earnings years by `artal` (H4),
///   `PM:LINT` the certificate current today by `senastUppdaterad` (H8), `PM:PBH` the
///   account values of the two latest `faststallelsear` (H9); an entry whose type
///   cannot be told is dropped.
/// - **Payments** of both models (`utbetalningsuppgift`, `utbetalningar`,
///   `preliminaraUtbetalningar`): `payments_from` `None` means they were not asked for
///   (or not allowed): all are dropped. `Some(day)`: those inside the period and not
///   before `max(day, 2008-07-01)` ([`select_payments`], H2) are kept.
///
/// Nothing is renamed (H11 is the registry's naming). A list that ends up empty is left
/// out, and so is a `formansinformation` left without any list.
pub fn apply_windows(
    benefit: Benefit,
    mut data: Uppgifter,
    birth_year: i32,
    period: &QueryPeriod,
    today: NaiveDate,
    payments_from: Option<NaiveDate>,
) -> (Uppgifter, AvailableFrom) {
    let mut w = Windows {
        benefit,
        birth_year,
        period,
        today,
        payments_from,
        available: AvailableFrom::default(),
    };
    if let Some(fi) = data.formansinformation.as_mut() {
        w.formansinformation(fi);
        let sent = fi.utbetalningsuppgift.is_some();
        w.payments(&mut fi.utbetalningsuppgift, sent);
    }
    data.formansinformation = data
        .formansinformation
        .filter(|fi| fi != &Formansinformation::default());
    w.pm_cases(&mut data.ansprak, &mut data.beslut);
    let sent = data.utbetalningar.is_some() || data.preliminara_utbetalningar.is_some();
    w.payments(&mut data.utbetalningar, sent);
    w.payments(&mut data.preliminara_utbetalningar, sent);
    w.ovrig_information(&mut data.ovrig_information);
    (data, w.available)
}

/// One benefit's windows, and the "data available from" dates seen so far.
struct Windows<'a> {
    benefit: Benefit,
    birth_year: i32,
    period: &'a QueryPeriod,
    today: NaiveDate,
    payments_from: Option<NaiveDate>,
    available: AvailableFrom,
}

impl Windows<'_> {
    /// The latest of the records' dates.
    fn note(&mut self, available_from: Option<NaiveDate>) {
        self.available.uppgifter = self.available.uppgifter.max(available_from);
    }

    /// `benefit`'s keys in Försäkringskassan's model.
    fn formansinformation(&mut self, fi: &mut Formansinformation) {
        use Benefit as B;
        match self.benefit {
            B::Arbetsskadelivranta => {
                self.cases(&mut fi.arbetsskadeegenlivrantearende);
                self.cases(&mut fi.arbetsskadeefterlevandearende);
            }
            B::Efterlevandepension => self.cases(&mut fi.efterlevandepensionsarende),
            B::Pensionsprognos => self.forecasts(&mut fi.intjanandebehallning),
            B::Yrkesskadelivranta => {
                self.cases(&mut fi.yrkesskadeegenlivrantearende);
                self.cases(&mut fi.yrkesskadeefterlevandearende);
            }
            B::BostadstillaggPensionarer => self.cases(&mut fi.bostadstillaggsarende),
            B::Pension => {
                self.cases(&mut fi.allmanpensionsarende);
                self.earnings(&mut fi.intjanandeuppgift);
            }
            B::SjukersattningAktivitetsersattning => {
                self.cases(&mut fi.sjuk_och_aktivitetsersattningsarende);
            }
            B::Aktivitetsstod => self.cases(&mut fi.aktivitetsstodsarende),
            B::Foraldrapenning => self.cases(&mut fi.foraldrapenningarende),
            B::Narstaendepenning => self.cases(&mut fi.narstaendepenningarende),
            B::Sjukpenning => self.cases(&mut fi.sjukpenningarende),
            B::Smittbararersattning => self.cases(&mut fi.smittbararersattningsarende),
            B::DagpenningTotalforsvarspliktig => self.cases(&mut fi.totalforsvarspliktsarende),
            B::Graviditetspenning => self.cases(&mut fi.graviditetspenningsarende),
            B::Rehabiliteringsersattning => self.cases(&mut fi.rehabersattningsarende),
            B::SjukpenninggrundandeInkomst => {
                self.sgi(&mut fi.sjukpenninggrundande_inkomstuppgift);
            }
            B::TillfalligForaldrapenning => self.cases(&mut fi.tillfallig_foraldrapenningarende),
            B::Barnbidrag => self.cases(&mut fi.barnbidragsarende),
            B::Handikappersattning => self.cases(&mut fi.handikappersattningsarende),
            B::Underhallsstod => {
                self.cases(&mut fi.underhallsstodsmottag);
                self.cases(&mut fi.underhallsstodskrav);
            }
            B::Vardbidrag => self.cases(&mut fi.vardbidragsarende),
            B::Bostadsbidrag => self.cases(&mut fi.bostadsbidragsarende),
            B::Levnadsintyg => self.current_certificate(&mut fi.levnadsintygsuppgift),
            // Its only key is the payments.
            B::Utbetalning => {}
        }
    }

    /// H1 with the benefit's window (H3, H5–H7). Cases without dates stay as they are.
    fn cases<C: V9Case + Case>(&mut self, list: &mut Option<Vec<C>>) {
        let items = list.take().unwrap_or_default();
        let (dated, undated): (Vec<_>, Vec<_>) = items
            .into_iter()
            .enumerate()
            .map(|(i, c)| Placed(i, c))
            .partition(|p| p.1.has_dates());
        let shown = select_cases(self.benefit, self.birth_year, self.period, dated);
        self.note(shown.available_from);
        let mut kept: Vec<Placed<C>> = shown.items;
        kept.extend(undated);
        kept.sort_by_key(|p| p.0);
        *list = non_empty(kept.into_iter().map(|p| p.1).collect());
    }

    /// SGI decisions in force during the period (H1's rule); undated ones stay.
    fn sgi(&mut self, list: &mut Option<Vec<SjukpenninggrundandeInkomstUppgift>>) {
        let items = list.take().unwrap_or_default();
        let days: Vec<NaiveDate> = items.iter().filter_map(|g| g.faststalldes).collect();
        let (dated, undated): (Vec<_>, Vec<_>) = items
            .into_iter()
            .enumerate()
            .partition(|(_, g)| g.faststalldes.is_some());
        let in_force = dated.into_iter().map(|(i, g)| {
            let start = g.faststalldes.unwrap_or(NaiveDate::MIN);
            // In force until the day before the next decision.
            let next = days.iter().copied().filter(|d| *d > start).min();
            InForce {
                item: (i, g),
                start,
                end: next.and_then(|d| d.pred_opt()),
            }
        });
        let shown = select_cases(self.benefit, self.birth_year, self.period, in_force);
        self.note(shown.available_from);
        let mut kept: Vec<(usize, SjukpenninggrundandeInkomstUppgift)> =
            shown.items.into_iter().map(|f| f.item).collect();
        kept.extend(undated);
        kept.sort_by_key(|(i, _)| *i);
        *list = non_empty(kept.into_iter().map(|(_, g)| g).collect());
    }

    /// H2 and H7, on a list of payments of either model. `sent`: whether the registry
    /// sent payments for this benefit at all. Övrig information (forecast, SGI, life
    /// certificate) is never paid, so its payment window says nothing unless payments
    /// were sent.
    fn payments<P: Dated>(&mut self, list: &mut Option<Vec<P>>, sent: bool) {
        let Some(first_day) = self.payments_from else {
            // Not asked for: none is shown, and no window is worth a date.
            *list = None;
            return;
        };
        let shown = select_payments(first_day, self.period, list.take().unwrap_or_default());
        if sent || self.benefit.v9_list() != V9List::OvrigInformation {
            self.available.utbetalningar = self.available.utbetalningar.max(shown.available_from);
        }
        *list = non_empty(shown.items);
    }

    /// H4.
    fn earnings(&mut self, list: &mut Option<Vec<IntjanandeUppgift>>) {
        let shown = select_earnings(self.period, list.take().unwrap_or_default());
        self.note(shown.available_from);
        *list = non_empty(shown.items);
    }

    /// H8: the certificate in force today — the latest registered, none registered
    /// after today. One without a readable date counts as registered before all others.
    fn current_certificate(&mut self, list: &mut Option<Vec<LevnadsintygUppgift>>) {
        let current = select_current(self.today, list.take().unwrap_or_default(), |c| {
            (levnadsintyg_registered(c).unwrap_or(NaiveDate::MIN), None)
        });
        *list = current.map(|c| vec![c]);
    }

    /// H9: v9 forecasts carry no mailing year; the registry sends the two latest mailing
    /// years, latest first, and the list is capped at that.
    fn forecasts<T>(&mut self, list: &mut Option<Vec<T>>) {
        if let Some(forecasts) = list {
            forecasts.truncate(FORECAST_MAILING_YEARS);
        }
        *list = list.take().and_then(non_empty);
    }

    /// H1 (and H3 for PM:AP) on Pensionsmyndigheten's claims and decisions, as
    /// [`PmCase`]s. Cases without any date stay, as in Försäkringskassan's model.
    fn pm_cases(
        &mut self,
        claims: &mut Option<Vec<PmFormanAnsprak>>,
        decisions: &mut Option<Vec<PmFormanBeslut>>,
    ) {
        let cases = pm_cases(
            claims.take().unwrap_or_default(),
            decisions.take().unwrap_or_default(),
        );
        let (dated, undated): (Vec<_>, Vec<_>) = cases.into_iter().partition(PmCase::has_dates);
        let shown = select_cases(self.benefit, self.birth_year, self.period, dated);
        self.note(shown.available_from);
        let mut kept_claims = Vec::new();
        let mut kept_decisions = Vec::new();
        for case in shown.items.into_iter().chain(undated) {
            kept_claims.extend(case.claim);
            kept_decisions.extend(case.decisions);
        }
        kept_claims.sort_by_key(|(i, _)| *i);
        kept_decisions.sort_by_key(|(i, _)| *i);
        *claims = non_empty(kept_claims.into_iter().map(|(_, c)| c).collect());
        *decisions = non_empty(kept_decisions.into_iter().map(|(_, b)| b).collect());
    }

    /// Each entry by its type: H4 (`PM:PU`), H8 (`PM:LINT`), H9 (`PM:PBH`). An entry
    /// keeps only the part its type names; one whose type cannot be told is dropped.
    fn ovrig_information(&mut self, list: &mut Option<Vec<PmOvrigInformation>>) {
        use PmOvrigInformationTypKod as T;
        let entries = list.take().unwrap_or_default();
        let mut certificates = Vec::new();
        let mut balances = Vec::new();
        let mut kept: Vec<(usize, PmOvrigInformation)> = Vec::new();
        let mut earnings_seen = self.benefit == Benefit::Pension;
        for (i, mut entry) in entries.into_iter().enumerate() {
            match ovrig_typ(&entry) {
                Some(T::PmPu) => {
                    earnings_seen = true;
                    let underlag = entry.pensionsunderlag.take().unwrap_or_default();
                    let shown =
                        select_earnings(self.period, underlag.intjanandear.unwrap_or_default());
                    if !shown.items.is_empty() {
                        kept.push((
                            i,
                            PmOvrigInformation {
                                informationstyp: entry.informationstyp,
                                pensionsunderlag: Some(PmPensionUnderlag {
                                    intjanandear: Some(shown.items),
                                }),
                                ..Default::default()
                            },
                        ));
                    }
                }
                Some(T::PmLint) => certificates.push((i, entry)),
                Some(T::PmPbh) => balances.push((i, entry)),
                None => {}
            }
        }
        if earnings_seen {
            // H4 says from when earnings exist whether or not any were sent.
            self.note(
                select_earnings::<PmPensionUnderlagIntjanandeAr>(self.period, []).available_from,
            );
        }
        // H8: one certificate, the one in force today.
        let current = select_current(self.today, certificates, |(_, e)| {
            let registered = e.levnadsintyg.as_ref().and_then(|l| l.senast_uppdaterad);
            (registered.unwrap_or(NaiveDate::MIN), None)
        });
        kept.extend(current.map(|(i, e)| {
            (
                i,
                PmOvrigInformation {
                    informationstyp: e.informationstyp,
                    levnadsintyg: e.levnadsintyg,
                    ..Default::default()
                },
            )
        }));
        kept.extend(self.latest_balances(balances));
        kept.sort_by_key(|(i, _)| *i);
        *list = non_empty(kept.into_iter().map(|(_, e)| e).collect());
    }

    /// H9: of all account values in the balances, those of the person's two latest
    /// years of establishment (`faststallelsear`), none after today's year; a value
    /// without a year cannot be placed and is dropped. Accounts and entries left without
    /// values are left out.
    fn latest_balances(
        &self,
        balances: Vec<(usize, PmOvrigInformation)>,
    ) -> Vec<(usize, PmOvrigInformation)> {
        let mut values = Vec::new();
        let mut shells: Vec<(usize, PmOvrigInformation, Vec<PmPensionKonto>)> = Vec::new();
        for (entry, (i, mut e)) in balances.into_iter().enumerate() {
            let konton = e
                .pensionsbehallning
                .take()
                .and_then(|b| b.pensionskonton)
                .unwrap_or_default();
            let mut accounts = Vec::with_capacity(konton.len());
            for (konto, mut k) in konton.into_iter().enumerate() {
                let dated = k.kontovarden.take().unwrap_or_default().into_iter();
                values.extend(dated.map(|varde| KontoVarde {
                    entry,
                    konto,
                    varde,
                }));
                accounts.push(k);
            }
            let shell = PmOvrigInformation {
                informationstyp: e.informationstyp,
                ..Default::default()
            };
            shells.push((i, shell, accounts));
        }
        let placed = values
            .into_iter()
            .filter(|v| v.varde.faststallelsear.is_some());
        for v in select_latest_forecasts(self.today, placed) {
            let account = &mut shells[v.entry].2[v.konto];
            account
                .kontovarden
                .get_or_insert_with(Vec::new)
                .push(v.varde);
        }
        shells
            .into_iter()
            .filter_map(|(i, mut shell, accounts)| {
                let accounts: Vec<PmPensionKonto> = accounts
                    .into_iter()
                    .filter(|k| k.kontovarden.is_some())
                    .collect();
                shell.pensionsbehallning = Some(PmPensionBehallning {
                    pensionskonton: Some(non_empty(accounts)?),
                });
                Some((i, shell))
            })
            .collect()
    }
}

/// `Some(list)` unless it is empty: an answer leaves out a list without data.
fn non_empty<T>(list: Vec<T>) -> Option<Vec<T>> {
    (!list.is_empty()).then_some(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v9::Manad;

    fn d(s: &str) -> NaiveDate {
        parse_iso_date(s).unwrap()
    }

    fn month(y: i32, m: u32) -> Datum {
        Datum::Manad(Manad::new(y, m).unwrap())
    }

    fn beslut(fran: Option<Datum>, till: Option<Datum>) -> SjukpenningBeslut {
        SjukpenningBeslut {
            period: Some(FranTill { fran, till }),
            ..Default::default()
        }
    }

    #[test]
    fn h1_a_month_covers_its_whole_month_and_a_missing_end_is_open() {
        let span = Span::of_period(&FranTill {
            fran: Some(month(2024, 2)),
            till: Some(month(2024, 2)),
        });
        assert_eq!(
            span,
            Some(Span {
                from: d("2024-02-01"),
                till: Some(d("2024-02-29"))
            })
        );
        let open = Span::of_period(&FranTill {
            fran: Some(Datum::Dag(d("2024-02-10"))),
            till: None,
        });
        assert_eq!(open.map(|s| s.till), Some(None));
        let open_start = Span::of_period(&FranTill {
            fran: None,
            till: Some(Datum::Dag(d("2024-02-10"))),
        });
        assert_eq!(open_start.map(|s| s.from), Some(NaiveDate::MIN));
        assert_eq!(Span::of_period(&FranTill::default()), None);
    }

    #[test]
    fn h1_a_rejection_is_the_day_it_was_decided() {
        let rejection = SjukpenningBeslut {
            fattades: Some(d("2020-05-05")),
            ..Default::default()
        };
        assert_eq!(rejection.span(), Some(Span::day(d("2020-05-05"))));
        // A period wins over the decision day.
        let granted = SjukpenningBeslut {
            fattades: Some(d("2020-05-05")),
            ..beslut(Some(Datum::Dag(d("2020-04-01"))), None)
        };
        assert_eq!(granted.span().map(|s| s.from), Some(d("2020-04-01")));
    }

    #[test]
    fn h1_case_start_and_end_from_startades_aktivt_and_decisions() {
        let mut case = SjukpenningArende {
            startades: Some(d("2019-12-20")),
            aktivt: Some(false),
            beslut: Some(vec![
                beslut(Some(Datum::Dag(d("2020-01-01"))), Some(month(2020, 3))),
                beslut(Some(month(2020, 4)), Some(Datum::Dag(d("2020-06-15")))),
            ]),
        };
        assert_eq!(case.start(), d("2019-12-20"));
        assert_eq!(case.end(), Some(d("2020-06-15")));
        case.aktivt = Some(true);
        assert_eq!(case.end(), None, "aktivt: ongoing");
        case.aktivt = None;
        case.startades = None;
        assert_eq!(
            case.start(),
            d("2020-01-01"),
            "no startades: first decision"
        );
        case.beslut = Some(vec![beslut(Some(month(2021, 1)), None)]);
        assert_eq!(case.end(), None, "an open-ended decision: ongoing");
        assert!(case.has_dates());
        assert!(!SjukpenningArende::default().has_dates());
    }

    #[test]
    fn h1_retain_within_drops_decisions_wholly_outside_and_keeps_undated_ones() {
        let mut case = SjukpenningArende {
            beslut: Some(vec![
                beslut(Some(month(2023, 12)), Some(month(2023, 12))),
                beslut(Some(month(2024, 1)), Some(month(2024, 1))),
                SjukpenningBeslut::default(),
                beslut(Some(Datum::Dag(d("2024-07-01"))), None),
            ]),
            ..Default::default()
        };
        let range = DateRange::new(d("2024-01-31"), d("2024-06-30")).unwrap();
        case.retain_within(range);
        let kept = case.beslut.unwrap();
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1], SjukpenningBeslut::default());
    }
}

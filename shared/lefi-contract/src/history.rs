//! History windows (SPEC §4, H1–H11) on the v9 wire types: what the Compile step (SPEC
//! §3 step 6) may show of one benefit's registry answer. The rules themselves live in
//! [`lefi_domain::history`]; this module only says where each v9 type keeps its dates,
//! by implementing that module's traits, and applies the rules to a
//! [`Formansinformation`] with [`apply_windows`].
//!
//! How the v9 types meet the traits:
//!
//! - **Cases** ([`Case`]), every case type under the catalogue's answer keys. `start()` is
//!   the first day the case covers: the earliest of `startades` and its decisions' days,
//!   as a decision may be granted for days before the case was registered (H1 asks what
//!   the case covers, not when it was registered); types without `startades`
//!   (`AllmanpensionArende`, `BarnbidragArende`, `EfterlevandepensionArende`) start with
//!   their earliest decision. `end()` is `None`
//!   while the case is ongoing (`aktivt == Some(true)`, or a decision whose period has
//!   no end), else the latest day its decisions reach (at least `startades`). A
//!   decision's days are its `period`, a [`Datum::Manad`] covering its whole month and
//!   a missing `fran` open at the start; a decision without a period (a rejection) is
//!   the day it was made (`fattades`). `retain_within` drops the decisions wholly
//!   outside the range, and föräldrapenning's case-level `anspraksdagar` by their day.
//!   Lists of dated rows nested in a decision (`ersattningsdagar`, `bedomdadagar`) are
//!   not trimmed: they go with their decision. A decision with no date at all is kept.
//!   A list that trimming empties is left out, as the registries leave out a list
//!   without data, so an answer never shows that something was cut (SPEC §6: windows
//!   cut silently).
//! - **Payments** ([`Dated`]): `UtbetalningUppgift::datum`. A payment without a date is
//!   dated [`NaiveDate::MIN`], before every payment window, so it is never shown (H2).
//! - **Earnings records** ([`EarningsRecord`]): `IntjanandeUppgift::ar`. A record
//!   without a year is never shown (H4 cannot place it).
//! - **Pension forecasts** (H9): `IntjanandeBehallning` carries no mailing year in v9,
//!   so it cannot implement [`Mailing`](lefi_domain::history::Mailing). The registry
//!   holds only the two latest mailing years, one forecast each, latest first
//!   (`docs/simulators.md`); here the list is only capped at
//!   [`FORECAST_MAILING_YEARS`] entries, keeping the first.
//! - **Life certificates** (H8): `LevnadsintygUppgift::uppdaterades` is a date and time
//!   in no given format; its leading `YYYY-MM-DD`, when there is one, is the day the
//!   certificate was registered ([`levnadsintyg_registered`]). Each certificate is in
//!   force until a later one; only the one in force today is shown, at most one. One
//!   without a readable date counts as registered before all others.
//! - **SGI** (`SjukpenninggrundandeInkomstUppgift`): each decision is in force from its
//!   `faststalldes` until the day before the next one's; those in force during the
//!   period are shown, by the same H1 rule as cases.
//!
//! Types with no usable date, treated as "current" (never cut):
//! - a case with neither `startades` nor a decision with a date (period or `fattades`);
//! - an SGI decision without `faststalldes`;
//! - `IntjanandeBehallning` (forecasts; capped at two as above, never cut by date);
//! - a `LevnadsintygUppgift` without a readable `uppdaterades` (still H8: at most one).
//!
//! H10 (person data) is not here: the Compile step gets person data elsewhere. H11
//! (havandeskapspenning up to 2010-12-31) is the registry's naming; nothing here
//! renames or rewrites a kept item, it only drops whole items.

use chrono::NaiveDate;
use lefi_domain::Benefit;
use lefi_domain::catalogue::V9List;
use lefi_domain::history::{
    Case, Dated, EarningsRecord, FORECAST_MAILING_YEARS, select_cases, select_current,
    select_earnings, select_payments,
};
use lefi_domain::period::{DateRange, QueryPeriod, parse_iso_date};

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
// The Compile step's entry point.

/// H1–H9 and H11 on one benefit's registry answer: `data` trimmed to what the answer
/// may show, and the "data available from" date of SPEC §6 — the latest of its lists'
/// dates, `None` when the query did not reach back before any window.
///
/// Touches only `benefit`'s answer keys ([`Benefit::answer_keys`]) and its payments
/// (`utbetalningsuppgift`); every other key is left as it is. Cases go through
/// [`select_cases`] (H1, H3, H5–H7), payments through [`select_payments`] (H2, H7),
/// earnings through [`select_earnings`] (H4), life certificates through
/// [`select_current`] (H8), forecasts are capped at two (H9). Nothing is renamed (H11
/// is the registry's naming). A list that ends up empty is left out.
pub fn apply_windows(
    benefit: Benefit,
    mut data: Formansinformation,
    birth_year: i32,
    period: &QueryPeriod,
    today: NaiveDate,
) -> (Formansinformation, Option<NaiveDate>) {
    let mut w = Windows {
        benefit,
        birth_year,
        period,
        today,
        available_from: None,
    };
    let fi = &mut data;
    use Benefit as B;
    match benefit {
        B::Arbetsskadelivranta => {
            w.cases(&mut fi.arbetsskadeegenlivrantearende);
            w.cases(&mut fi.arbetsskadeefterlevandearende);
        }
        B::Efterlevandepension => w.cases(&mut fi.efterlevandepensionsarende),
        B::Pensionsprognos => w.forecasts(&mut fi.intjanandebehallning),
        B::Yrkesskadelivranta => {
            w.cases(&mut fi.yrkesskadeegenlivrantearende);
            w.cases(&mut fi.yrkesskadeefterlevandearende);
        }
        B::BostadstillaggPensionarer => w.cases(&mut fi.bostadstillaggsarende),
        B::Pension => {
            w.cases(&mut fi.allmanpensionsarende);
            w.earnings(&mut fi.intjanandeuppgift);
        }
        B::SjukersattningAktivitetsersattning => {
            w.cases(&mut fi.sjuk_och_aktivitetsersattningsarende);
        }
        B::Aktivitetsstod => w.cases(&mut fi.aktivitetsstodsarende),
        B::Foraldrapenning => w.cases(&mut fi.foraldrapenningarende),
        B::Narstaendepenning => w.cases(&mut fi.narstaendepenningarende),
        B::Sjukpenning => w.cases(&mut fi.sjukpenningarende),
        B::Smittbararersattning => w.cases(&mut fi.smittbararersattningsarende),
        B::DagpenningTotalforsvarspliktig => w.cases(&mut fi.totalforsvarspliktsarende),
        B::Graviditetspenning => w.cases(&mut fi.graviditetspenningsarende),
        B::Rehabiliteringsersattning => w.cases(&mut fi.rehabersattningsarende),
        B::SjukpenninggrundandeInkomst => w.sgi(&mut fi.sjukpenninggrundande_inkomstuppgift),
        B::TillfalligForaldrapenning => w.cases(&mut fi.tillfallig_foraldrapenningarende),
        B::Barnbidrag => w.cases(&mut fi.barnbidragsarende),
        B::Handikappersattning => w.cases(&mut fi.handikappersattningsarende),
        B::Underhallsstod => {
            w.cases(&mut fi.underhallsstodsmottag);
            w.cases(&mut fi.underhallsstodskrav);
        }
        B::Vardbidrag => w.cases(&mut fi.vardbidragsarende),
        B::Bostadsbidrag => w.cases(&mut fi.bostadsbidragsarende),
        B::Levnadsintyg => w.current_certificate(&mut fi.levnadsintygsuppgift),
        // Its only key is the payments, below.
        B::Utbetalning => {}
    }
    w.payments(&mut fi.utbetalningsuppgift);
    (data, w.available_from)
}

/// One benefit's windows, and the latest "data available from" date seen so far.
struct Windows<'a> {
    benefit: Benefit,
    birth_year: i32,
    period: &'a QueryPeriod,
    today: NaiveDate,
    available_from: Option<NaiveDate>,
}

impl Windows<'_> {
    fn note(&mut self, available_from: Option<NaiveDate>) {
        self.available_from = self.available_from.max(available_from);
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

    /// H2 and H7. Övrig information (forecast, SGI, life certificate) is never paid, so
    /// its payment window says nothing about its data unless payments were sent.
    fn payments(&mut self, list: &mut Option<Vec<UtbetalningUppgift>>) {
        let sent = list.is_some();
        let shown = select_payments(
            self.benefit,
            self.period,
            self.today,
            list.take().unwrap_or_default(),
        );
        if sent || self.benefit.v9_list() != V9List::OvrigInformation {
            self.note(shown.available_from);
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

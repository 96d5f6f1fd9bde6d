//! Pensions and long-term compensation: allmän pension with the earnings records
//! (H3, H4), efterlevandepension, bostadstillägg, the pension forecast (H9), the life
//! certificate (H8), sjuk- och aktivitetsersättning (H6), arbetsskadelivränta (H5) and
//! yrkesskadelivränta.
//!
//! Pensionsmyndigheten's benefits (PM:AP, PM:BTI, PM:EF, PM:LINT, PM:PBH) are written in
//! v9's PM model (the end of this file): a case becomes a claim (`ansprak`) and one
//! decision (`beslut`) per part, its payments PM payments (`utbetalningar`), and the
//! earnings, forecasts and certificates entries of `ovrigInformation` (PM:PU, PM:PBH,
//! PM:LINT). Försäkringskassan's (FK:SA, FK:AS, FK:YL) stay in `formansinformation`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use lefi_contract::v9::{
    ArbetsskadelivrantaBeslut, ArbetsskadelivrantaEfterlevandeArende,
    ArbetsskadelivrantaEfterlevandeUppgifter, ArbetsskadelivrantaEgenArende,
    ArbetsskadelivrantaEgenUppgifter, ArbetsskadelivrantaUnderlag, Artal, Datum, Datumperiod,
    Formansinformation, PeriodMedValfrittTom, PmFormanAnsprak, PmFormanBeslut,
    PmFormanBeslutStatus, PmFormanBeslutStatusKod, PmFormanBeslutTillagg,
    PmFormanBeslutTillaggAllmanpension, PmFormanBeslutTillaggBostadsInkomststod,
    PmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag,
    PmFormanBeslutTillaggEfterlevandeformaner, PmFormanBeslutTillaggEfterlevandeformanerAvliden,
    PmFormanBeslutUtfall, PmFormanBeslutUtfallKod, PmFormanBeslutadErsattning,
    PmFormanBeslutadErsattningTyp, PmFormanBeslutadErsattningTypKod, PmFormanBeslutatBelopp,
    PmFormanBeslutatBeloppFrekvens, PmFormanBeslutatBeloppFrekvensKod, PmFormanGrupp,
    PmFormanGruppKod, PmFormanUtbetalning, PmFormanUtbetalningAvdrag, PmFormanUtbetalningAvdragTyp,
    PmFormanUtbetalningAvdragTypKod, PmFormanUtbetalningBeloppTyp, PmFormanUtbetalningBeloppTypKod,
    PmFormanUtbetalningRad, PmLevnadsintyg, PmLevnadsintygStatus, PmLevnadsintygStatusKod,
    PmOvrigInformation, PmOvrigInformationTyp, PmOvrigInformationTypKod, PmPensionBehallning,
    PmPensionKonto, PmPensionKontoTyp, PmPensionKontoTypKod, PmPensionKontoVarde,
    PmPensionUnderlag, PmPensionUnderlagIntjanandeAr, PmUtbetalningForman, PmUtbetalningFormanKod,
    SjukOchAktivitetsersattningArende, SjukOchAktivitetsersattningBeslut,
    SjukOchAktivitetsersattningUppgifter, Uppgifter, UtbetalningUppgift, YrkesskadelivrantaBeslut,
    YrkesskadelivrantaEfterlevandeArende, YrkesskadelivrantaEfterlevandeUppgifter,
    YrkesskadelivrantaEgenArende, YrkesskadelivrantaEgenUppgifter, YrkesskadelivrantaUnderlag,
};
use lefi_domain::Benefit;
use lefi_domain::history::{EARNINGS_FROM_YEAR, Mailing, select_current, select_latest_forecasts};
use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use super::life::{late_spouse, pension_start, worklife};
use super::model::{
    Case, History, Part, Related, Subject, add_days, add_months, bokstav, day_between, kr, kronor,
    month_end, month_start, monthly, non_empty, omfattning, part_period, quarters, scaled, sek,
    siffer, stream, yearly_monthly, ymd,
};
use super::payments;
use crate::person::{organisation_number, rng};

// ---------------------------------------------------------------------------------
// Allmän pension (ålderspension). `sub` of a decision: 0 inkomstpension,
// 1 garantipension, 2 tilläggspension, 3 premiepension.

pub(crate) fn allmanpension(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let Some(start) = pension_start(s) else {
        return Vec::new();
    };
    if start > s.last_day(as_of) {
        return Vec::new();
    }
    let mut r = stream(s, Benefit::Pension);
    let ap37 = s.birth.year() <= lefi_domain::history::AP37_LAST_BIRTH_YEAR;
    let rate = kronor(&mut r, 9_000, 32_000);
    // Some take out part of it (¼, ½, ¾) for their first years while still working.
    let partial = quarters(&mut r, [85, 5, 8, 2]);
    let partial_until = start.year() + r.random_range(1..=3);
    let mut parts = yearly_monthly(&mut r, start, None, as_of, |y| scaled(rate, y), (1, 1));
    for p in &mut parts {
        p.sub = if ap37 { 2 } else { 0 };
        if p.from.year() < partial_until {
            p.extent = partial;
        }
    }
    // Low pensions are topped up with garantipension.
    if rate < kr(14_000) {
        let top_up = kronor(&mut r, 1_000, 4_000);
        let mut extra = yearly_monthly(&mut r, start, None, as_of, |y| scaled(top_up, y), (1, 1));
        for p in &mut extra {
            p.sub = 1;
        }
        parts.extend(extra);
        parts.sort_by_key(|p| (p.from, p.sub));
    }
    vec![Case::new(
        add_days(start, -r.random_range(30..90)),
        None,
        parts,
    )]
}

/// One earning year: pensionable income and the rights it gave, öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Earning {
    pub year: i32,
    pub pgi: i64,
    pub inkomstpension: i64,
    pub premiepension: i64,
}

impl Earning {
    /// Rights as the rules give them: 16 % and 2.5 % of the income.
    pub fn of_income(year: i32, pgi: i64) -> Self {
        Self {
            year,
            pgi,
            inkomstpension: pgi * 16 / 100,
            premiepension: pgi * 25 / 1000,
        }
    }
}

/// Earning years of a generated person with income (the real world, from age 18).
pub(crate) fn earnings(s: &Subject, as_of: NaiveDate) -> Vec<Earning> {
    let Some(w) = worklife(s, as_of) else {
        return Vec::new();
    };
    // Records before H4's first year are never held, so they are not even drawn.
    (w.first_year.max(EARNINGS_FROM_YEAR)..=w.last_year)
        .filter_map(|year| {
            let pgi = w.income(year);
            let (ip, pp) = w.rights(year);
            (pgi > 0).then_some(Earning {
                year,
                pgi,
                inkomstpension: ip,
                premiepension: pp,
            })
        })
        .collect()
}

/// H4: earning years from 2003; a year's record exists once the year is over.
pub(crate) fn held_earnings(as_of: NaiveDate, mut records: Vec<Earning>) -> Vec<Earning> {
    records.retain(|e| e.year >= EARNINGS_FROM_YEAR && e.year < as_of.year());
    records
}

// ---------------------------------------------------------------------------------
// Pensionsprognos (intjänandebehållning, H9).

/// The balance sent in one year's mailing (the orange envelope), öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Forecast {
    pub mailing_year: i32,
    pub total: i64,
    pub premiepension: i64,
}

impl Mailing for Forecast {
    fn mailing_year(&self) -> i32 {
        self.mailing_year
    }
}

/// Forecasts of a generated person of working age with earnings: the real world has
/// one per mailing year; only the last few are drawn, as only two are ever held.
pub(crate) fn forecasts(s: &Subject, as_of: NaiveDate) -> Vec<Forecast> {
    if s.deceased.is_some_and(|d| d <= as_of) || !(18..=64).contains(&s.age_on(as_of)) {
        return Vec::new();
    }
    let Some(w) = worklife(s, as_of) else {
        return Vec::new();
    };
    (as_of.year() - 2..=as_of.year())
        .filter(|y| *y > w.first_year)
        .map(|mailing_year| {
            let (ip, pp) = w.balance(mailing_year - 1);
            Forecast {
                mailing_year,
                total: (ip + pp) / 100 * 100,
                premiepension: pp / 100 * 100,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Levnadsintyg (H8).

/// A life certificate, valid from the day it was registered until the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Certificate {
    pub from: NaiveDate,
    pub till: Option<NaiveDate>,
    /// v9's status code (`LefiPmLevnadsintygStatusKod`).
    pub status: u8,
}

/// Certificates of a generated person: pensioners living abroad are asked every year;
/// a few pensioners in Sweden too.
pub(crate) fn certificates(s: &Subject, as_of: NaiveDate) -> Vec<Certificate> {
    let mut r = stream(s, Benefit::Levnadsintyg);
    if s.deceased.is_some_and(|d| d <= as_of) {
        return Vec::new();
    }
    let age = s.age_on(as_of);
    let pensioner = pension_start(s).is_some_and(|d| d <= as_of);
    let asked = (s.abroad && age >= 18 && r.random_bool(0.9))
        || (pensioner && age >= 65 && r.random_bool(0.05));
    if !asked {
        return Vec::new();
    }
    let n = r.random_range(1..=4);
    let mut out: Vec<Certificate> = Vec::with_capacity(n);
    let mut from = add_days(as_of, -r.random_range(0..330));
    for _ in 0..n {
        let till = out.last().map(|newer| add_days(newer.from, -1));
        let status = match r.random_range(0..100) {
            0..70 => 2,
            70..85 => 1,
            85..95 => 4,
            _ => 8,
        };
        // The hour and minute of the update: PM's model gives the day only, but the draws
        // stay, so that everyone keeps the certificates they had.
        let _at: (u8, u8) = (r.random_range(7..18), r.random_range(0..60));
        out.push(Certificate { from, till, status });
        from = add_days(from, -r.random_range(330..400));
    }
    out
}

fn certificate_status(status: u8) -> &'static str {
    match status {
        0 => "Förfrågan till kund skall skickas",
        1 => "Förfrågan till kund har skickats",
        2 => "Intyg komplett",
        3 => "Intyg ej komplett",
        4 => "Påminnelsebrev har skickats",
        5 => "Förmåner har spärrats",
        8 => "Intyg komplett med förändringar",
        9 => "Intyg ej komplett med förändringar",
        _ => "Okänd",
    }
}

// ---------------------------------------------------------------------------------
// Efterlevandepension: `sub` 0 omställningspension, 1 barnpension, 2 änkepension.

pub(crate) fn efterlevandepension(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Efterlevandepension);
    let last = s.last_day(as_of);
    let age = s.age_on(last);
    let (deceased, sub, end) = if age < 20 && r.random_bool(0.006) {
        // Barnpension until 20 (18, or 20 while at school).
        let died = day_between(&mut r, s.birth, add_days(last, -30));
        let parent = Related {
            born: add_days(s.birth, -r.random_range(8_000..15_000)),
            serial: r.random_range(1..1000),
            died: Some(died),
        };
        (parent, 1, month_end(s.turns(20)))
    } else if age >= 30 && r.random_bool(0.03) {
        let spouse = late_spouse(s, &mut r, as_of);
        let died = spouse.died.unwrap_or(last);
        if s.woman && s.birth.year() <= 1944 && r.random_bool(0.5) {
            // Änkepension: for life.
            (spouse, 2, ymd(9999, 12, 31))
        } else {
            // Omställningspension: a year, longer with children at home.
            let months = if r.random_bool(0.8) { 12 } else { 24 };
            (spouse, 0, month_end(add_months(died, months)))
        }
    } else {
        return Vec::new();
    };
    let died = deceased.died.unwrap_or(last);
    if died >= last {
        return Vec::new();
    }
    let start = add_months(month_start(died), 1);
    let rate = kronor(&mut r, 2_000, 14_000);
    let end = (end <= as_of).then_some(end);
    let mut parts = yearly_monthly(&mut r, start, end, as_of, |y| scaled(rate, y), (1, 1));
    for p in &mut parts {
        p.sub = sub;
    }
    vec![Case::new(add_days(died, r.random_range(5..60)), end, parts).related(deceased)]
}

// ---------------------------------------------------------------------------------
// Bostadstillägg till pensionärer.

pub(crate) fn bostadstillagg(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::BostadstillaggPensionarer);
    let last = s.last_day(as_of);
    let Some(pension) = pension_start(s).filter(|d| *d <= last) else {
        return Vec::new();
    };
    if !r.random_bool(0.14) {
        return Vec::new();
    }
    let start = month_start(day_between(
        &mut r,
        pension,
        add_months(pension, 120).min(last),
    ));
    let end = r.random_bool(0.15).then(|| {
        month_end(day_between(
            &mut r,
            add_months(start, 12),
            add_months(start, 120),
        ))
    });
    let rate = kronor(&mut r, 500, 6_500);
    let parts = yearly_monthly(&mut r, start, end, as_of, |y| scaled(rate, y), (1, 1));
    let case = Case::new(add_days(start, -r.random_range(20..90)), end, parts)
        .seed(r.random_range(0..u64::MAX));
    vec![case]
}

// ---------------------------------------------------------------------------------
// Sjuk- och aktivitetsersättning: `kind` 0 sjukersättning, 1 aktivitetsersättning;
// `sub` 0 inkomstrelaterad, 1 garantiersättning.

pub(crate) fn sjuk_och_aktivitetsersattning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::SjukersattningAktivitetsersattning);
    let last = s.last_day(as_of);
    let mut cases = Vec::new();
    let mut push = |r: &mut Pcg64Mcg, kind: u8, start: NaiveDate, end: NaiveDate| {
        let rate = if kind == 1 {
            kronor(r, 8_500, 11_500)
        } else {
            kronor(r, 9_000, 17_500)
        };
        let sub = u8::from(rate < kr(11_000));
        let extent = quarters(r, [70, 10, 15, 5]);
        let end = (end <= as_of).then_some(end);
        let mut parts = yearly_monthly(r, start, end, as_of, |y| scaled(rate, y), extent);
        for p in &mut parts {
            p.sub = sub;
        }
        let seed = r.random_range(0..u64::MAX);
        cases.push(
            Case::new(add_days(start, -r.random_range(60..240)), end, parts)
                .kind(kind)
                .seed(seed),
        );
    };
    let retired = month_end(add_days(s.turns(65), -1));
    if s.turns(19) < last && r.random_bool(0.025) {
        // Aktivitetsersättning from 19–28, until 30; then often sjukersättning.
        let start = month_start(day_between(&mut r, s.turns(19), s.turns(29).min(last)));
        let thirty = month_end(add_days(s.turns(30), -1));
        let end = if r.random_bool(0.7) {
            thirty
        } else {
            month_end(day_between(&mut r, add_months(start, 12), thirty))
        };
        push(&mut r, 1, start, end);
        if end == thirty && r.random_bool(0.6) {
            push(&mut r, 0, add_days(thirty, 1), retired);
        }
    } else if s.turns(30) < last && r.random_bool(0.07) {
        let start = month_start(day_between(
            &mut r,
            s.turns(30).max(ymd(1995, 1, 1)),
            s.turns(64).min(last),
        ));
        let end = if r.random_bool(0.75) {
            retired
        } else {
            month_end(day_between(&mut r, add_months(start, 24), retired))
        };
        push(&mut r, 0, start, end);
    }
    cases
}

pub(crate) fn render_sjuk_och_aktivitetsersattning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| {
            let mut r = rng(c.seed, 1);
            let (code, name) = if c.kind == 1 {
                ("AE", "Aktivitetsersättning")
            } else {
                ("SE", "Sjukersättning")
            };
            SjukOchAktivitetsersattningArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                grunduppgifter: Some(SjukOchAktivitetsersattningUppgifter {
                    forsakringstid: omfattning((r.random_range(25..=40), 40)).map(|o| vec![o]),
                    ..SjukOchAktivitetsersattningUppgifter::default()
                }),
                beslut: non_empty(
                    c.parts
                        .iter()
                        .map(|p| SjukOchAktivitetsersattningBeslut {
                            fattades: Some(p.decided),
                            definitivt: Some(true),
                            forman: bokstav(code, name),
                            delforman: if p.sub == 1 {
                                bokstav("GAR", "Garantiersättning")
                            } else {
                                bokstav("IRE", "Inkomstrelaterad ersättning")
                            },
                            periodicitet: monthly(),
                            period: part_period(p),
                            beslutat_bruttobelopp: sek(p.amount()),
                            samordnat_bruttobelopp: sek(p.amount()),
                            omfattning: omfattning(p.extent),
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    fi.sjuk_och_aktivitetsersattningsarende = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Arbetsskadelivränta and yrkesskadelivränta: `kind` 0 egenlivränta (the injured),
// 1 efterlevandelivränta (survivors).

/// A livränta for an injury at `injured`, from `start`, ongoing or until `end`.
fn livranta(
    r: &mut Pcg64Mcg,
    injured: NaiveDate,
    start: NaiveDate,
    end: Option<NaiveDate>,
    as_of: NaiveDate,
    rate: (i64, i64),
) -> Case {
    let rate = kronor(r, rate.0, rate.1);
    let parts = yearly_monthly(r, start, end, as_of, |y| scaled(rate, y), (1, 1));
    Case::new(add_days(start, -r.random_range(60..400)), end, parts)
        .occurred(injured)
        .seed(r.random_range(0..u64::MAX))
}

pub(crate) fn arbetsskadelivranta(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Arbetsskadelivranta);
    let last = s.last_day(as_of);
    if s.turns(22) < last && r.random_bool(0.012) {
        let from = s.turns(20).max(ymd(1985, 1, 1));
        let until = s.turns(64).min(add_days(last, -400));
        if from >= until {
            return Vec::new();
        }
        let injured = day_between(&mut r, from, until);
        let start = month_start(add_days(injured, r.random_range(200..900)));
        let end = r
            .random_bool(0.3)
            .then(|| month_end(add_days(s.turns(65), -1)))
            .filter(|e| *e > start);
        return vec![livranta(
            &mut r,
            injured,
            start,
            end,
            as_of,
            (1_500, 14_000),
        )];
    }
    if s.age_on(last) >= 30 && r.random_bool(0.0015) {
        let spouse = late_spouse(s, &mut r, as_of);
        let died = spouse.died.unwrap_or(last);
        let start = add_months(month_start(died), 1);
        let end = Some(month_end(add_months(start, r.random_range(12..72))));
        let case = livranta(&mut r, died, start, end, as_of, (2_000, 9_000))
            .kind(1)
            .related(spouse);
        return vec![case];
    }
    Vec::new()
}

fn employer(r: &mut Pcg64Mcg) -> Option<lefi_contract::v9::Sifferkod> {
    const NAMES: [&str; 5] = [
        "Byggservice i Norr AB",
        "Skogsindustri AB",
        "Vårdhuset AB",
        "Logistikpartner AB",
        "Verkstadsbolaget AB",
    ];
    let orgnr = organisation_number(r.random_range(0..10_000_000));
    siffer(
        orgnr.parse().unwrap_or_default(),
        NAMES[r.random_range(0..NAMES.len())],
    )
}

fn cause(r: &mut Pcg64Mcg) -> Option<lefi_contract::v9::Sifferkod> {
    match r.random_range(0..10) {
        0..6 => siffer(1, "Olycksfall i arbetet"),
        6..9 => siffer(2, "Arbetssjukdom"),
        _ => siffer(3, "Färdolycksfall"),
    }
}

pub(crate) fn render_arbetsskadelivranta(cases: &[Case], fi: &mut Formansinformation) {
    let beslut = |c: &Case, r: &mut Pcg64Mcg| {
        let factor = f64::from(r.random_range(100..130_u32)) / 100.0;
        let pgi = kronor(r, 200_000, 500_000);
        let (code, name, ersattning) = if c.kind == 1 {
            ("EFL", "Efterlevandelivränta", 2)
        } else {
            ("EGL", "Egenlivränta", 1)
        };
        non_empty(
            c.parts
                .iter()
                .map(|p| ArbetsskadelivrantaBeslut {
                    fattades: Some(p.decided),
                    definitivt: Some(true),
                    forman: bokstav("AS", "Arbetsskadelivränta"),
                    delforman: bokstav(code, name),
                    periodicitet: monthly(),
                    period: part_period(p),
                    beslutat_bruttobelopp: sek(p.amount()),
                    underlag: Some(ArbetsskadelivrantaUnderlag {
                        faktor: Some(factor),
                        samordningsandel: omfattning((1, 1)),
                        bruttoforhojning: None,
                        pensionsgrundande_inkomst: sek(scaled(pgi, p.from.year())),
                    }),
                    samordnat_bruttobelopp: sek(p.amount()),
                    ersattning: siffer(ersattning, name),
                })
                .collect(),
        )
    };
    let updated = |c: &Case| c.parts.last().map(|p| p.decided);
    let own = cases
        .iter()
        .filter(|c| c.kind == 0)
        .map(|c| {
            let mut r = rng(c.seed, 1);
            let before = kronor(&mut r, 220_000, 520_000);
            ArbetsskadelivrantaEgenArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                grunduppgifter: Some(ArbetsskadelivrantaEgenUppgifter {
                    uppdaterades: updated(c),
                    arbetsgivare: employer(&mut r),
                    skadetillfalle: c.occurred,
                    orsak: cause(&mut r),
                    arsinkomst_innan_skada: sek(before),
                    arsinkomst_efter_skada: sek(before * i64::from(r.random_range(0..60_u8))
                        / 100
                        / 100
                        * 100),
                }),
                beslut: beslut(c, &mut r),
            }
        })
        .collect();
    let survivors = cases
        .iter()
        .filter(|c| c.kind == 1)
        .map(|c| {
            let mut r = rng(c.seed, 1);
            ArbetsskadelivrantaEfterlevandeArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                grunduppgifter: Some(ArbetsskadelivrantaEfterlevandeUppgifter {
                    uppdaterades: updated(c),
                    arbetsgivare: employer(&mut r),
                    skadetillfalle: c.occurred,
                    orsak: cause(&mut r),
                    avliden: c.related.map(|d| d.person()),
                    arsinkomst_innan_skada: sek(kronor(&mut r, 220_000, 520_000)),
                }),
                beslut: beslut(c, &mut r),
            }
        })
        .collect();
    fi.arbetsskadeegenlivrantearende = non_empty(own);
    fi.arbetsskadeefterlevandearende = non_empty(survivors);
}

pub(crate) fn yrkesskadelivranta(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Yrkesskadelivranta);
    let last = s.last_day(as_of);
    // Injuries before 1977, when yrkesskadeförsäkringen was replaced.
    let from = s.turns(16).max(ymd(1955, 1, 1));
    let until = ymd(1976, 12, 31).min(last);
    if from < until && r.random_bool(0.006) {
        let injured = day_between(&mut r, from, until);
        let start = month_start(add_days(injured, r.random_range(200..700)));
        return vec![livranta(&mut r, injured, start, None, as_of, (800, 6_000))];
    }
    if s.birth.year() <= 1950 && s.age_on(last) >= 40 && r.random_bool(0.001) {
        let spouse = late_spouse(s, &mut r, as_of);
        let died = spouse.died.unwrap_or(last);
        let injured = add_days(spouse.born, r.random_range(7_000..9_000)).min(ymd(1976, 12, 31));
        let start = add_months(month_start(died), 1);
        let case = livranta(&mut r, injured, start, None, as_of, (1_000, 5_000))
            .kind(1)
            .related(spouse);
        return vec![case];
    }
    Vec::new()
}

pub(crate) fn render_yrkesskadelivranta(cases: &[Case], fi: &mut Formansinformation) {
    let beslut = |c: &Case, r: &mut Pcg64Mcg| {
        let degree = quarters(r, [20, 20, 40, 20]);
        let (code, name, ersattning) = if c.kind == 1 {
            ("EFL", "Efterlevandelivränta", 2)
        } else {
            ("EGL", "Egenlivränta", 1)
        };
        non_empty(
            c.parts
                .iter()
                .map(|p| YrkesskadelivrantaBeslut {
                    fattades: Some(p.decided),
                    definitivt: Some(true),
                    forman: bokstav("YL", "Yrkesskadelivränta"),
                    delforman: bokstav(code, name),
                    periodicitet: monthly(),
                    period: part_period(p),
                    beslutat_bruttobelopp: sek(p.amount()),
                    underlag: Some(YrkesskadelivrantaUnderlag {
                        faktor: omfattning(degree),
                    }),
                    ersattning: siffer(ersattning, name),
                })
                .collect(),
        )
    };
    let own = cases
        .iter()
        .filter(|c| c.kind == 0)
        .map(|c| {
            let mut r = rng(c.seed, 1);
            YrkesskadelivrantaEgenArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                grunduppgifter: Some(YrkesskadelivrantaEgenUppgifter {
                    arbetsgivare: employer(&mut r).map(|e| vec![e]),
                    skadetillfalle: c.occurred,
                    orsak: cause(&mut r).map(|o| vec![o]),
                }),
                beslut: beslut(c, &mut r),
            }
        })
        .collect();
    let survivors = cases
        .iter()
        .filter(|c| c.kind == 1)
        .map(|c| {
            let mut r = rng(c.seed, 1);
            YrkesskadelivrantaEfterlevandeArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                grunduppgifter: Some(YrkesskadelivrantaEfterlevandeUppgifter {
                    arbetsgivare: employer(&mut r).map(|e| vec![e]),
                    skadetillfalle: c.occurred,
                    orsak: cause(&mut r).map(|o| vec![o]),
                    avliden: c.related.map(|d| d.person()),
                }),
                beslut: beslut(c, &mut r),
            }
        })
        .collect();
    fi.yrkesskadeegenlivrantearende = non_empty(own);
    fi.yrkesskadeefterlevandearende = non_empty(survivors);
}

// ---------------------------------------------------------------------------------
// Pensionsmyndigheten's model (v9's `LefiPm*`). Amounts are whole kronor there.

/// Öre to whole kronor, rounded half up (amounts here are never negative).
fn whole_kronor(ore: i64) -> i64 {
    (ore + 50).div_euclid(100)
}

/// The benefit group of a PM benefit with a claim, decisions and payments.
fn group(benefit: Benefit) -> Option<PmFormanGrupp> {
    let kod = match benefit {
        Benefit::Pension => PmFormanGruppKod::PmAp,
        Benefit::BostadstillaggPensionarer => PmFormanGruppKod::PmBti,
        Benefit::Efterlevandepension => PmFormanGruppKod::PmEf,
        _ => return None,
    };
    Some(PmFormanGrupp {
        kod,
        beskrivning: benefit.name_sv().to_owned(),
    })
}

/// The compensation a part grants: `sub` as the case generators set it.
fn compensation(benefit: Benefit, sub: u8) -> PmFormanBeslutadErsattningTyp {
    use PmFormanBeslutadErsattningTypKod as K;
    let (kod, text) = match (benefit, sub) {
        (Benefit::Pension, 1) => (K::PmGarp, "Garantipension"),
        (Benefit::Pension, 2) => (K::PmTp, "Tilläggspension"),
        (Benefit::Pension, 3) => (K::PmPrep, "Premiepension"),
        (Benefit::Pension, _) => (K::PmIp, "Inkomstpension"),
        (Benefit::Efterlevandepension, 1) => (K::PmBp, "Barnpension"),
        (Benefit::Efterlevandepension, 2) => (K::PmAnkep, "Änkepension"),
        (Benefit::Efterlevandepension, _) => (K::PmOp, "Omställningspension"),
        _ => (K::PmBt, "Bostadstillägg"),
    };
    PmFormanBeslutadErsattningTyp::new(kod, text)
}

/// What a payment row pays out: the payable benefit (ÅP37/ÅP38 by birth year, H3) and
/// the kind of amount.
fn payment_row_kind(
    benefit: Benefit,
    sub: u8,
    s: &Subject,
) -> (PmUtbetalningForman, Option<PmFormanUtbetalningBeloppTyp>) {
    use PmFormanUtbetalningBeloppTypKod as B;
    use PmUtbetalningFormanKod as F;
    let ap37 = s.birth.year() <= lefi_domain::history::AP37_LAST_BIRTH_YEAR;
    let (forman, text) = match (benefit, sub) {
        (Benefit::Pension, 3) => (F::PmPrep, "Premiepension"),
        (Benefit::Pension, _) if ap37 => (F::PmAp37, "Allmän pension, född 1937 eller tidigare"),
        (Benefit::Pension, _) => (F::PmAp38, "Allmän pension, född 1938 eller senare"),
        (Benefit::Efterlevandepension, _) => (F::PmEp, "Efterlevandepension"),
        _ => (F::PmBtp, "Bostadstillägg till pensionärer"),
    };
    let amount = match (benefit, sub) {
        (Benefit::Pension, 0) => Some((B::PmIp, "Inkomstpension")),
        (Benefit::Pension, 1) => Some((B::PmGarp, "Garantipension")),
        (Benefit::Pension, 2) => Some((B::PmTp, "Tilläggspension")),
        // v9 has no amount type for premiepension: the payable benefit says it.
        (Benefit::Pension, _) => None,
        (Benefit::Efterlevandepension, 1) => Some((B::PmBp, "Barnpension")),
        (Benefit::Efterlevandepension, 2) => Some((B::PmAnkep, "Änkepension")),
        (Benefit::Efterlevandepension, _) => Some((B::PmOp, "Omställningspension")),
        _ => Some((B::PmBtp, "Bostadstillägg")),
    };
    (
        PmUtbetalningForman::new(forman, text),
        amount.map(|(kod, text)| PmFormanUtbetalningBeloppTyp::new(kod, text)),
    )
}

/// A case's claim: it arrived when the case started (kept before a window, as
/// `startades` is, H1) and claims from the first day its held decisions cover until
/// the case ended (open while ongoing).
fn claim(benefit: Benefit, c: &Case) -> PmFormanAnsprak {
    let from = c.parts.iter().map(|p| p.from).min().unwrap_or(c.started);
    PmFormanAnsprak {
        ansprakid: None,
        ankomstdatum: Some(c.started),
        formansgrupp: group(benefit),
        yrkad_period: Some(PeriodMedValfrittTom { from, tom: c.ended }),
    }
}

/// One decision per part of a case; a rejection grants nothing.
fn decision(benefit: Benefit, p: &Part, tillagg: Option<PmFormanBeslutTillagg>) -> PmFormanBeslut {
    let (utfall, text) = if p.granted {
        (PmFormanBeslutUtfallKod::Bifall, "Bifall")
    } else {
        (PmFormanBeslutUtfallKod::Avslag, "Avslag")
    };
    let (t, n) = p.extent;
    let ersattning = PmFormanBeslutadErsattning {
        beslutat_belopp: Some(PmFormanBeslutatBelopp {
            belopp: Some(whole_kronor(p.amount())),
            beloppsfrekvens: Some(PmFormanBeslutatBeloppFrekvens::new(
                PmFormanBeslutatBeloppFrekvensKod::Manad,
                "Månad",
            )),
        }),
        period: Some(PeriodMedValfrittTom {
            from: p.from,
            tom: p.till,
        }),
        ersattningstyp: Some(compensation(benefit, p.sub)),
        // The share taken out (¼–1/1) matters for the old-age pension only.
        omfattning: (benefit == Benefit::Pension).then(|| f64::from(t) / f64::from(n.max(1))),
        underlag: None,
    };
    PmFormanBeslut {
        beslutsid: None,
        beslutsdatum: Some(p.decided),
        formansgrupp: group(benefit),
        beslutsstatus: Some(PmFormanBeslutStatus::new(
            PmFormanBeslutStatusKod::Slutligt,
            "Slutligt",
        )),
        beslutsutfall: Some(PmFormanBeslutUtfall::new(utfall, text)),
        beslutad_ersattning: p.granted.then(|| vec![ersattning]),
        tillagg,
    }
}

/// What a decision adds for its group. Other people's personnummer (a co-applicant, the
/// deceased) are left out: data minimisation; the deceased's dates are enough.
fn tillagg(benefit: Benefit, s: &Subject, c: &Case, p: &Part) -> Option<PmFormanBeslutTillagg> {
    match benefit {
        Benefit::Pension => Some(PmFormanBeslutTillagg {
            // The registries do not know the civil status (the person register does);
            // living abroad is taken to mean a pension from another country too.
            allmanpension: Some(PmFormanBeslutTillaggAllmanpension {
                samordning_med_pension_fran_annat_land: Some(s.abroad),
                anvant_civilstand: None,
            }),
            ..PmFormanBeslutTillagg::default()
        }),
        Benefit::BostadstillaggPensionarer => {
            // The yearly housing cost of the case, in the decision's year's money.
            let mut r = rng(c.seed, 1);
            let cost = scaled(kronor(&mut r, 60_000, 140_000), p.from.year());
            Some(PmFormanBeslutTillagg {
                bostads_inkomststod: Some(PmFormanBeslutTillaggBostadsInkomststod {
                    berakningsunderlag: Some(
                        PmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag {
                            bostadskostnad_brutto: Some(whole_kronor(cost)),
                            bostadskostnad_netto_bt: Some(whole_kronor(cost * 9 / 10)),
                            bostadskostnadd_netto_afs: None,
                            medsokande: None,
                        },
                    ),
                }),
                ..PmFormanBeslutTillagg::default()
            })
        }
        Benefit::Efterlevandepension => Some(PmFormanBeslutTillagg {
            efterlevandeformaner: Some(PmFormanBeslutTillaggEfterlevandeformaner {
                avlidna: c.related.map(|d| {
                    vec![PmFormanBeslutTillaggEfterlevandeformanerAvliden {
                        person: None,
                        dodsfallsdatum: d.died.map(|day| day.format("%Y-%m-%d").to_string()),
                        fodelsedatum: Some(d.born),
                    }]
                }),
                ovriga_berattigade_efterlevande: None,
            }),
            ..PmFormanBeslutTillagg::default()
        }),
        _ => None,
    }
}

/// One row of a payment: one part's amount on one payday.
struct Row {
    day: NaiveDate,
    from: NaiveDate,
    tom: NaiveDate,
    gross: i64,
    tax: i64,
    sub: u8,
}

/// The payments of a PM benefit's cases dated from `from` (H2): one payment per payday,
/// a row per part it pays. The days and amounts are those of the payment schedule every
/// benefit shares ([`payments::payments`]), so each part is paid as before.
fn pm_payments(
    benefit: Benefit,
    s: &Subject,
    as_of: NaiveDate,
    from: NaiveDate,
    cases: &[Case],
) -> Vec<PmFormanUtbetalning> {
    let ore = |b: &Option<lefi_contract::v9::Belopp>| {
        b.as_ref().and_then(|b| b.summa).map_or(0, |s| s.ore())
    };
    let mut rows = Vec::new();
    for c in cases {
        for p in &c.parts {
            let one = Case {
                parts: vec![*p],
                ..c.clone()
            };
            let mut paid: Vec<UtbetalningUppgift> = Vec::new();
            payments::payments(benefit, s, as_of, from, &[one], &mut paid);
            rows.extend(paid.iter().filter_map(|u| {
                let period = u.period.as_ref()?;
                Some(Row {
                    day: u.datum?,
                    from: period.fran.map(Datum::first_day)?,
                    tom: period.till.map(Datum::last_day)?,
                    gross: whole_kronor(ore(&u.bruttobelopp)),
                    tax: whole_kronor(ore(&u.skattebelopp)),
                    sub: p.sub,
                })
            }));
        }
    }
    let mut by_day: BTreeMap<NaiveDate, Vec<Row>> = BTreeMap::new();
    for row in rows {
        by_day.entry(row.day).or_default().push(row);
    }
    by_day
        .into_iter()
        .map(|(day, rows)| {
            let gross: i64 = rows.iter().map(|r| r.gross).sum();
            let tax: i64 = rows.iter().map(|r| r.tax).sum();
            let period_from = rows.iter().map(|r| r.from).min().unwrap_or(day);
            let period_tom = rows.iter().map(|r| r.tom).max().unwrap_or(day);
            PmFormanUtbetalning {
                utbetalningsdatum: Some(day),
                utbetalningsperiod: Some(Datumperiod {
                    from: period_from,
                    tom: period_tom,
                }),
                bruttobelopp: Some(gross),
                nettobelopp: Some(gross - tax),
                avdrag: (tax > 0).then(|| {
                    vec![PmFormanUtbetalningAvdrag {
                        belopp: Some(tax),
                        avdragstyp: Some(PmFormanUtbetalningAvdragTyp::new(
                            PmFormanUtbetalningAvdragTypKod::PmPs,
                            "Preliminär skatt",
                        )),
                    }]
                }),
                utbetalningsrader: Some(
                    rows.iter()
                        .map(|r| {
                            let (forman, typ) = payment_row_kind(benefit, r.sub, s);
                            PmFormanUtbetalningRad {
                                formansgrupp: group(benefit),
                                belopp: Some(r.gross),
                                utbetalningsforman: Some(forman),
                                beloppstyp: typ,
                            }
                        })
                        .collect(),
                ),
            }
        })
        .collect()
}

/// PM:AP, PM:BTI and PM:EF: each case's claim, a decision per part, and the payments
/// from `payments_from` on.
pub(crate) fn render_pm_cases(
    benefit: Benefit,
    s: &Subject,
    as_of: NaiveDate,
    payments_from: NaiveDate,
    cases: &[Case],
    out: &mut Uppgifter,
) {
    let claims = cases.iter().map(|c| claim(benefit, c)).collect();
    let decisions = cases
        .iter()
        .flat_map(|c| {
            c.parts
                .iter()
                .map(move |p| decision(benefit, p, tillagg(benefit, s, c, p)))
        })
        .collect();
    out.ansprak = non_empty(claims);
    out.beslut = non_empty(decisions);
    out.utbetalningar = non_empty(pm_payments(benefit, s, as_of, payments_from, cases));
}

fn ovrig(kod: PmOvrigInformationTypKod, text: &str) -> Option<PmOvrigInformationTyp> {
    Some(PmOvrigInformationTyp::new(kod, text))
}

/// PM:PU (answered by PM:AP's registry): the held earning years, one entry.
pub(crate) fn render_earnings(records: &[Earning], out: &mut Uppgifter) {
    if records.is_empty() {
        return;
    }
    let years = records
        .iter()
        .map(|e| PmPensionUnderlagIntjanandeAr {
            artal: Artal::new(e.year),
            pensionsgrundande_inkomst: Some(whole_kronor(e.pgi)),
            ..PmPensionUnderlagIntjanandeAr::default()
        })
        .collect();
    out.ovrig_information
        .get_or_insert_with(Vec::new)
        .push(PmOvrigInformation {
            informationstyp: ovrig(PmOvrigInformationTypKod::PmPu, "Pensionsunderlag"),
            pensionsunderlag: Some(PmPensionUnderlag {
                intjanandear: Some(years),
            }),
            ..PmOvrigInformation::default()
        });
}

/// PM:PBH, H9: the balances of the two latest mailing years (none after today's year),
/// latest first, as the value of each account established that year: inkomstpension
/// (the balance less the premiepension) and premiepension (when there is any).
pub(crate) fn render_forecasts(
    as_of: NaiveDate,
    history: History,
    mut forecasts: Vec<Forecast>,
    out: &mut Uppgifter,
) {
    let mut kept = match history {
        History::Windowed => select_latest_forecasts(as_of, forecasts),
        // Raw (the simulator's `history` knob): every mailing up to today's year.
        History::Raw => {
            forecasts.retain(|f| f.mailing_year <= as_of.year());
            forecasts
        }
    };
    kept.sort_by_key(|f| std::cmp::Reverse(f.mailing_year));
    let value = |f: &Forecast, ore: i64| PmPensionKontoVarde {
        varde: Some(whole_kronor(ore)),
        faststallelsear: Artal::new(f.mailing_year),
        ..PmPensionKontoVarde::default()
    };
    let account = |kod, text: &str, values: Vec<PmPensionKontoVarde>| {
        (!values.is_empty()).then(|| PmPensionKonto {
            kontotyp: Some(PmPensionKontoTyp::new(kod, text)),
            kontovarden: Some(values),
        })
    };
    let income = kept
        .iter()
        .map(|f| value(f, f.total - f.premiepension))
        .collect();
    let premium = kept
        .iter()
        .filter(|f| f.premiepension > 0)
        .map(|f| value(f, f.premiepension))
        .collect();
    let accounts: Vec<PmPensionKonto> = [
        account(PmPensionKontoTypKod::Ip, "Inkomstpension", income),
        account(PmPensionKontoTypKod::Prep, "Premiepension", premium),
    ]
    .into_iter()
    .flatten()
    .collect();
    if accounts.is_empty() {
        return;
    }
    out.ovrig_information
        .get_or_insert_with(Vec::new)
        .push(PmOvrigInformation {
            informationstyp: ovrig(PmOvrigInformationTypKod::PmPbh, "Pensionsbehållning"),
            pensionsbehallning: Some(PmPensionBehallning {
                pensionskonton: Some(accounts),
            }),
            ..PmOvrigInformation::default()
        });
}

/// PM:LINT, H8: only the certificate in force today.
pub(crate) fn render_certificates(
    as_of: NaiveDate,
    history: History,
    mut certificates: Vec<Certificate>,
    out: &mut Uppgifter,
) {
    let held = match history {
        History::Windowed => select_current(as_of, certificates, |c| (c.from, c.till))
            .into_iter()
            .collect(),
        // Raw: every certificate registered by today, latest first.
        History::Raw => {
            certificates.retain(|c| c.from <= as_of);
            certificates.sort_by_key(|c| std::cmp::Reverse(c.from));
            certificates
        }
    };
    for current in held {
        let status = PmLevnadsintygStatusKod::from_code(u16::from(current.status))
            .map(|kod| PmLevnadsintygStatus::new(kod, certificate_status(current.status)));
        out.ovrig_information
            .get_or_insert_with(Vec::new)
            .push(PmOvrigInformation {
                informationstyp: ovrig(PmOvrigInformationTypKod::PmLint, "Levnadsintyg"),
                levnadsintyg: Some(PmLevnadsintyg {
                    senast_uppdaterad: Some(current.from),
                    levnadsintygsstatus: status,
                }),
                ..PmOvrigInformation::default()
            });
    }
}

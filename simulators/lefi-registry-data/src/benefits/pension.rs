//! Pensions and long-term compensation: allmän pension with the earnings records
//! (H3, H4), efterlevandepension, bostadstillägg, the pension forecast (H9), the life
//! certificate (H8), sjuk- och aktivitetsersättning (H6), arbetsskadelivränta (H5) and
//! yrkesskadelivränta.

use chrono::{Datelike, NaiveDate};
use lefi_contract::v9::{
    AllmanpensionArende, AllmanpensionBeslut, ArbetsskadelivrantaBeslut,
    ArbetsskadelivrantaEfterlevandeArende, ArbetsskadelivrantaEfterlevandeUppgifter,
    ArbetsskadelivrantaEgenArende, ArbetsskadelivrantaEgenUppgifter, ArbetsskadelivrantaUnderlag,
    BostadstillaggArende, BostadstillaggBeslut, BostadstillaggUnderlag, EfterlevandepensionArende,
    EfterlevandepensionBeslut, EfterlevandepensionUppgifter, Formansinformation,
    IntjanandeBehallning, IntjanandeGrund, IntjanandePensionUnderlag, IntjanandeUnderlag,
    IntjanandeUppgift, LevnadsintygUppgift, SjukOchAktivitetsersattningArende,
    SjukOchAktivitetsersattningBeslut, SjukOchAktivitetsersattningUppgifter,
    YrkesskadelivrantaBeslut, YrkesskadelivrantaEfterlevandeArende,
    YrkesskadelivrantaEfterlevandeUppgifter, YrkesskadelivrantaEgenArende,
    YrkesskadelivrantaEgenUppgifter, YrkesskadelivrantaUnderlag,
};
use lefi_domain::Benefit;
use lefi_domain::history::{EARNINGS_FROM_YEAR, Mailing, select_current, select_latest_forecasts};
use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use super::life::{late_spouse, pension_start, worklife};
use super::model::{
    Case, Related, Subject, add_days, add_months, bokstav, day_between, kr, kronor, month_end,
    month_start, monthly, non_empty, omfattning, part_period, quarters, scaled, sek, siffer,
    stream, yearly_monthly, ymd,
};
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

pub(crate) fn render_allmanpension(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| AllmanpensionArende {
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| AllmanpensionBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("AP", "Ålderspension"),
                        delforman: match p.sub {
                            1 => bokstav("GP", "Garantipension"),
                            2 => bokstav("TP", "Tilläggspension"),
                            3 => bokstav("PP", "Premiepension"),
                            _ => bokstav("IP", "Inkomstpension"),
                        },
                        periodicitet: monthly(),
                        period: part_period(p),
                        beslutat_bruttobelopp: sek(p.amount()),
                        samordnat_bruttobelopp: None,
                        omfattning: omfattning(p.extent),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.allmanpensionsarende = non_empty(list);
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

pub(crate) fn render_earnings(records: &[Earning], fi: &mut Formansinformation) {
    let grund = |id: &str, text: &str, ore: i64| IntjanandeGrund {
        typ: bokstav(id, text),
        belopp: sek(ore),
    };
    let list = records
        .iter()
        .map(|e| IntjanandeUppgift {
            ar: Some(e.year),
            underlag: Some(IntjanandeUnderlag {
                pensionsunderlag: Some(vec![IntjanandePensionUnderlag {
                    belopp: Some(vec![grund("PGI", "Pensionsgrundande inkomst", e.pgi)]),
                    ..IntjanandePensionUnderlag::default()
                }]),
                ..IntjanandeUnderlag::default()
            }),
            pensionsratter: Some(vec![
                grund("prutb", "Pensionsrätt för inkomstpension", e.inkomstpension),
                grund("prprep", "Pensionsrätt för premiepension", e.premiepension),
            ]),
            ..IntjanandeUppgift::default()
        })
        .collect();
    fi.intjanandeuppgift = non_empty(list);
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

/// H9: the two latest mailing years (none after today's year), latest first.
pub(crate) fn render_forecasts(
    as_of: NaiveDate,
    forecasts: Vec<Forecast>,
    fi: &mut Formansinformation,
) {
    let mut kept = select_latest_forecasts(as_of, forecasts);
    kept.sort_by_key(|f| std::cmp::Reverse(f.mailing_year));
    let list = kept
        .iter()
        .map(|f| IntjanandeBehallning {
            belopp: sek(f.total),
            premiepension_belopp: (f.premiepension > 0)
                .then(|| sek(f.premiepension))
                .flatten(),
        })
        .collect();
    fi.intjanandebehallning = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Levnadsintyg (H8).

/// A life certificate, valid from the day it was registered until the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Certificate {
    pub from: NaiveDate,
    pub till: Option<NaiveDate>,
    /// v9's status code.
    pub status: u8,
    /// Hour and minute of the update.
    pub at: (u8, u8),
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
        out.push(Certificate {
            from,
            till,
            status,
            at: (r.random_range(7..18), r.random_range(0..60)),
        });
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

/// H8: only the certificate in force today.
pub(crate) fn render_certificates(
    as_of: NaiveDate,
    certificates: Vec<Certificate>,
    fi: &mut Formansinformation,
) {
    let current = select_current(as_of, certificates, |c| (c.from, c.till));
    fi.levnadsintygsuppgift = current.map(|c| {
        vec![LevnadsintygUppgift {
            uppdaterades: Some(format!(
                "{}T{:02}:{:02}:00",
                c.from.format("%Y-%m-%d"),
                c.at.0,
                c.at.1
            )),
            status: siffer(i64::from(c.status), certificate_status(c.status)),
        }]
    });
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

pub(crate) fn render_efterlevandepension(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| EfterlevandepensionArende {
            grunduppgifter: c.related.map(|d| EfterlevandepensionUppgifter {
                avliden: Some(d.person()),
            }),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| EfterlevandepensionBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("EP", "Efterlevandepension"),
                        delforman: match p.sub {
                            1 => bokstav("BP", "Barnpension"),
                            2 => bokstav("ÄP", "Änkepension"),
                            _ => bokstav("OP", "Omställningspension"),
                        },
                        periodicitet: monthly(),
                        period: part_period(p),
                        beslutat_bruttobelopp: sek(p.amount()),
                        samordnat_bruttobelopp: None,
                        omfattning: omfattning(p.extent).map(|o| vec![o]),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.efterlevandepensionsarende = non_empty(list);
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

pub(crate) fn render_bostadstillagg(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| {
            let mut r = rng(c.seed, 1);
            let yearly_cost = kronor(&mut r, 60_000, 140_000);
            BostadstillaggArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                medsokande: None,
                beslut: non_empty(
                    c.parts
                        .iter()
                        .map(|p| {
                            let cost = scaled(yearly_cost, p.from.year());
                            BostadstillaggBeslut {
                                fattades: Some(p.decided),
                                definitivt: Some(true),
                                forman: bokstav("BTP", "Bostadstillägg till pensionärer"),
                                delforman: bokstav("BTP", "Bostadstillägg"),
                                periodicitet: monthly(),
                                period: part_period(p),
                                beslutat_bruttobelopp: sek(p.amount()),
                                underlag: Some(BostadstillaggUnderlag {
                                    arsbruttokostnad: sek(cost),
                                    bostadstillaggsnettokostnad: sek(cost * 9 / 10 / 100 * 100),
                                    forsorjningsstodsarsnettokostnad: None,
                                }),
                            }
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    fi.bostadstillaggsarende = non_empty(list);
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

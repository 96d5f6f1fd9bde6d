//! Daily benefits (dagersättningar): sjukpenning, föräldrapenning, tillfällig
//! föräldrapenning, graviditetspenning, närståendepenning, smittbärarersättning,
//! dagpenning till totalförsvarspliktig, aktivitetsstöd, rehabiliteringsersättning —
//! and the sjukpenninggrundande inkomst (SGI) behind them.
//!
//! Each benefit has a generator (the real world of a generated person, as cases) and a
//! renderer (the v9 types). H7's window (2002) and the payments' two years back are
//! applied by [`super::model::restrict`] and [`super::payments`], not here.

use chrono::{Datelike, NaiveDate};
use lefi_contract::v9::{
    AktivitetsstodArende, AktivitetsstodBeslut, AktivitetsstodUppgifter, Ersattningstyp,
    ForaldrapenningArende, ForaldrapenningBeslut, ForaldrapenningUppgifter, Formansinformation,
    GraviditetspenningArende, GraviditetspenningBeslut, NarstaendepenningArende,
    NarstaendepenningBeslut, RehabersattningArende, RehabersattningBeslut, SjukpenningArende,
    SjukpenningBeslut, SjukpenninggrundandeInkomstUppgift, SmittbararersattningArende,
    SmittbararersattningBeslut, TillfalligForaldrapenningArende, TillfalligForaldrapenningBeslut,
    TillfalligForaldrapenningUppgifter, TotalforsvarspliktspenningArende,
    TotalforsvarspliktspenningBeslut,
};
use lefi_domain::Benefit;
use lefi_domain::history::graviditetspenning_name;
use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use super::life::{children, worklife};
use super::model::{
    Case, Part, Subject, add_days, add_months, bokstav, day_between, kronor, monthly, non_empty,
    omfattning, part_period, quarters, scaled, sek, siffer, stream, year_end, ymd,
};

/// A daily rate in öre for a day of `year`, drawn in today's money.
fn daily_rate(r: &mut Pcg64Mcg, lo: i64, hi: i64, year: i32) -> i64 {
    scaled(kronor(r, lo, hi), year)
}

/// Consecutive decisions over `[from, end]`, each 14–90 days, the extent changing as
/// a sick person goes back to work. `sub` 1 marks days past the first 364
/// (fortsättningsnivå).
fn consecutive(
    r: &mut Pcg64Mcg,
    from: NaiveDate,
    end: NaiveDate,
    rate: i64,
    karens_first: bool,
    lengths: (i64, i64),
) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut day = from;
    let mut extent = (1, 1);
    while day <= end {
        let till = add_days(day, r.random_range(lengths.0..=lengths.1) - 1).min(end);
        let level = u8::from((day - from).num_days() >= 364);
        parts.push(
            Part::new(add_days(day, r.random_range(3..21)), day, Some(till), rate)
                .extent(extent)
                .karens(karens_first && parts.is_empty())
                .sub(level),
        );
        day = add_days(till, 1);
        extent = quarters(r, [45, 15, 30, 10]);
    }
    parts
}

/// One decision a year, from `from` to the end of each year, until `end` or today.
fn yearly_decisions(
    r: &mut Pcg64Mcg,
    from: NaiveDate,
    end: Option<NaiveDate>,
    as_of: NaiveDate,
    rate_2026: i64,
) -> Vec<Part> {
    let last = end.unwrap_or(as_of).min(as_of);
    let mut parts = Vec::new();
    let mut day = from;
    while day <= last {
        let till = year_end(day.year()).min(last);
        let level = u8::from((day - from).num_days() >= 364);
        parts.push(
            Part::new(
                add_days(day, r.random_range(5..25)),
                day,
                Some(till),
                scaled(rate_2026, day.year()),
            )
            .extent(quarters(r, [50, 15, 25, 10]))
            .sub(level),
        );
        day = add_days(till, 1);
    }
    parts
}

// ---------------------------------------------------------------------------------
// Sjukpenning.

pub(crate) fn sjukpenning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Sjukpenning);
    let from = s.turns(18).max(ymd(1998, 1, 1));
    let until = s.turns(65).min(s.last_day(as_of));
    if from >= until || !r.random_bool(0.4) {
        return Vec::new();
    }
    let mut cases = Vec::new();
    // One in ten: sick for years, still ongoing (or until 65 or death).
    if r.random_range(0..10) == 0 && add_days(until, -800) > from {
        let start = day_between(
            &mut r,
            from.max(add_days(as_of, -4400)),
            add_days(until, -800),
        );
        let first = add_days(start, 14);
        let rate = kronor(&mut r, 400, 1_160);
        let end = (until < as_of).then_some(until);
        let parts = yearly_decisions(&mut r, first, end, as_of, rate);
        cases.push(Case::new(start, end, parts));
        return cases;
    }
    let mut start = day_between(&mut r, from, until);
    for _ in 0..r.random_range(1..=3) {
        let days = match r.random_range(0..100) {
            0..65 => r.random_range(15..60),
            65..93 => r.random_range(60..200),
            _ => r.random_range(200..550),
        };
        let end = add_days(start, days - 1);
        let employee = r.random_bool(0.85);
        let first = if employee { add_days(start, 14) } else { start };
        let rate = daily_rate(&mut r, 350, 1_160, first.year());
        let parts = consecutive(&mut r, first, end, rate, !employee, (14, 90));
        cases.push(Case::new(start, Some(end), parts));
        start = add_days(end, r.random_range(60..2500));
        if start > until {
            break;
        }
    }
    cases
}

pub(crate) fn render_sjukpenning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| SjukpenningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| SjukpenningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("SJP", "Sjukpenning"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                        karens: Some(p.karens),
                        beslutsutfall: Some("BEVILJAN".to_owned()),
                        beslutstyp: Some("SLUTLIGT".to_owned()),
                        ersattning: Some(Ersattningstyp::Kod("SJUKPENNING".to_owned())),
                        ersattningsniva: Some(
                            if p.sub == 1 { "FORTSATTNING" } else { "NORMAL" }.to_owned(),
                        ),
                        ersattningsdagar: None,
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.sjukpenningarende = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Föräldrapenning, tillfällig föräldrapenning, graviditetspenning.

pub(crate) fn foraldrapenning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Foraldrapenning);
    let mut cases = Vec::new();
    for child in children(s, as_of) {
        if !r.random_bool(if s.woman { 0.95 } else { 0.8 }) {
            continue;
        }
        let rate_2026 = kronor(&mut r, 250, 1_250);
        let level = match r.random_range(0..100) {
            0..85 => 0,
            85..95 => 1,
            _ => 2,
        };
        let mut parts = Vec::new();
        // The main block: the mother from the birth, the father later in the first year.
        let (block_from, block_days) = if s.woman {
            (
                add_days(child.born, r.random_range(0..6)),
                r.random_range(120..300),
            )
        } else {
            (
                add_days(child.born, r.random_range(200..450)),
                r.random_range(30..150),
            )
        };
        let mut day = block_from;
        let block_end = add_days(block_from, block_days - 1);
        while day <= block_end {
            let till = add_days(day, r.random_range(60..150) - 1).min(block_end);
            parts.push(
                Part::new(
                    add_days(day, -r.random_range(5..30)),
                    day,
                    Some(till),
                    scaled(rate_2026, day.year()),
                )
                .extent(quarters(&mut r, [75, 15, 10, 0]))
                .sub(level),
            );
            day = add_days(till, 1);
        }
        // A few days now and then until the child is older.
        let mut later = add_days(block_end, r.random_range(60..600));
        for _ in 0..r.random_range(0..4) {
            let till = add_days(later, r.random_range(3..30));
            if later >= add_months(child.born, 96) {
                break;
            }
            parts.push(
                Part::new(
                    add_days(later, -r.random_range(2..20)),
                    later,
                    Some(till),
                    scaled(rate_2026, later.year()),
                )
                .extent(quarters(&mut r, [60, 0, 40, 0]))
                .sub(if r.random_bool(0.2) { 2 } else { level }),
            );
            later = add_days(till, r.random_range(90..700));
        }
        let started = add_days(parts[0].from, -r.random_range(10..40));
        // Days are kept until the child turns 8 (12 for children born from 2014).
        let years = if child.born >= ymd(2014, 1, 1) { 12 } else { 8 };
        let ended = add_months(child.born, years * 12);
        cases.push(Case::new(started, Some(ended), parts).related(child));
    }
    cases
}

fn fp_level(sub: u8) -> Option<lefi_contract::v9::Sifferkod> {
    match sub {
        1 => siffer(2, "Grundnivå"),
        2 => siffer(3, "Lägstanivå"),
        _ => siffer(1, "Sjukpenningnivå"),
    }
}

pub(crate) fn render_foraldrapenning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| ForaldrapenningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            grunduppgifter: c.related.map(|child| ForaldrapenningUppgifter {
                barn: Some(child.person()),
            }),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| ForaldrapenningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("FP", "Föräldrapenning"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                        ersattning: fp_level(p.sub),
                        ersattningsdagar: None,
                    })
                    .collect(),
            ),
            anspraksdagar: None,
        })
        .collect();
    fi.foraldrapenningarende = non_empty(list);
}

pub(crate) fn tillfallig_foraldrapenning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::TillfalligForaldrapenning);
    let mut cases = Vec::new();
    for child in children(s, as_of) {
        // Tillfällig föräldrapenning exists since 1974, the days at a birth since 1980.
        if child.born.year() < 1973 {
            continue;
        }
        let birth_days = !s.woman && child.born.year() >= 1980 && r.random_bool(0.75);
        if !birth_days && !r.random_bool(0.6) {
            continue;
        }
        let rate_2026 = kronor(&mut r, 300, 1_250);
        let mut parts = Vec::new();
        if birth_days {
            // Ten days in connection with the birth.
            let from = add_days(child.born, r.random_range(0..20));
            parts.push(
                Part::new(
                    add_days(from, r.random_range(5..30)),
                    from,
                    Some(add_days(from, 9)),
                    scaled(rate_2026, from.year()),
                )
                .sub(1),
            );
        }
        // Vård av sjukt barn: a few short spells a year from age one until 12.
        let ended = add_months(child.born, 144);
        let mut year = (child.born.year() + 1).max(1974);
        while year <= ended.year().min(as_of.year()) {
            for _ in 0..r.random_range(0..4) {
                let from = day_between(
                    &mut r,
                    ymd(year, 1, 1).max(add_months(child.born, 9)),
                    year_end(year).min(ended),
                );
                let till = add_days(from, r.random_range(0..5));
                parts.push(
                    Part::new(
                        add_days(till, r.random_range(7..40)),
                        from,
                        Some(till),
                        scaled(rate_2026, year),
                    )
                    .extent(quarters(&mut r, [80, 0, 15, 5])),
                );
            }
            year += 1;
        }
        if parts.is_empty() {
            continue;
        }
        parts.sort_by_key(|p| p.from);
        cases.push(Case::new(parts[0].from, Some(ended), parts).related(child));
    }
    cases
}

pub(crate) fn render_tillfallig_foraldrapenning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| TillfalligForaldrapenningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            grunduppgifter: c.related.map(|child| TillfalligForaldrapenningUppgifter {
                barn: Some(child.person()),
            }),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| TillfalligForaldrapenningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("TFP", "Tillfällig föräldrapenning"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                        bedomdadagar: None,
                        ersattning: if p.sub == 1 {
                            siffer(2, "Dagar i samband med barns födelse")
                        } else {
                            siffer(1, "Vård av barn")
                        },
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.tillfallig_foraldrapenningarende = non_empty(list);
}

pub(crate) fn graviditetspenning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    if !s.woman {
        return Vec::new();
    }
    let mut r = stream(s, Benefit::Graviditetspenning);
    let mut cases = Vec::new();
    for child in children(s, as_of) {
        let age = s.age_on(child.born);
        if !(20..=45).contains(&age) || !r.random_bool(0.15) {
            continue;
        }
        let started = add_days(child.born, -r.random_range(60..110));
        let decided = add_days(started, r.random_range(5..20));
        if r.random_range(0..100) < 6 {
            cases.push(Case::rejection(started, decided));
            continue;
        }
        // Up to 10 days before the expected birth.
        let from = add_days(child.born, -r.random_range(30..58)).max(decided);
        let till = add_days(child.born, -11);
        if from > till {
            continue;
        }
        let part = Part::new(
            decided,
            from,
            Some(till),
            daily_rate(&mut r, 250, 1_160, from.year()),
        )
        .extent(if r.random_bool(0.7) { (1, 1) } else { (1, 2) })
        .sub(u8::from(r.random_bool(0.3)));
        cases.push(Case::new(started, Some(till), vec![part]));
    }
    cases
}

pub(crate) fn render_graviditetspenning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| GraviditetspenningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| {
                        // H11: named by the day the period starts.
                        let name = graviditetspenning_name(p.from);
                        let id = if name == "Graviditetspenning" {
                            "GP"
                        } else {
                            "HP"
                        };
                        GraviditetspenningBeslut {
                            fattades: Some(p.decided),
                            definitivt: Some(true),
                            forman: bokstav(id, name),
                            period: part_period(p),
                            omfattning: p.granted.then(|| omfattning(p.extent)).flatten(),
                            dagar: p.days().filter(|_| p.granted),
                            ersattning: if !p.granted {
                                siffer(0, "Avslag")
                            } else if p.sub == 1 {
                                siffer(2, "Risk i arbetsmiljön")
                            } else {
                                siffer(1, "Fysiskt påfrestande arbete")
                            },
                        }
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.graviditetspenningsarende = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Närståendepenning, smittbärarersättning, totalförsvarsplikt, aktivitetsstöd, rehab.

/// One or a few short consecutive spells of a daily benefit, drawn in `[from, until]`.
fn short_case(
    r: &mut Pcg64Mcg,
    from: NaiveDate,
    until: NaiveDate,
    days: (i64, i64),
    rate: (i64, i64),
) -> Option<Case> {
    if from >= until {
        return None;
    }
    let start = day_between(r, from, until);
    let first = add_days(start, r.random_range(0..10));
    let end = add_days(first, r.random_range(days.0..=days.1) - 1);
    let rate = daily_rate(r, rate.0, rate.1, first.year());
    let parts = consecutive(r, first, end, rate, false, (days.0.max(3), days.1.max(3)));
    Some(Case::new(start, Some(end), parts))
}

pub(crate) fn narstaendepenning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    occasional(
        s,
        as_of,
        Benefit::Narstaendepenning,
        0.03,
        (25, 66),
        (5, 45),
    )
}

/// A benefit a few people get once, for a short spell between two ages: `share` of
/// people, days in `days`, at an ordinary daily rate.
fn occasional(
    s: &Subject,
    as_of: NaiveDate,
    benefit: Benefit,
    share: f64,
    ages: (u32, u32),
    days: (i64, i64),
) -> Vec<Case> {
    let mut r = stream(s, benefit);
    if !r.random_bool(share) {
        return Vec::new();
    }
    let from = s.turns(ages.0).max(ymd(1998, 1, 1));
    let until = s.turns(ages.1).min(s.last_day(as_of));
    short_case(&mut r, from, until, days, (350, 1_160))
        .into_iter()
        .collect()
}

pub(crate) fn render_narstaendepenning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| NarstaendepenningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| NarstaendepenningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("NP", "Närståendepenning"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                        karens: Some(p.karens),
                        ersattning: siffer(1, "Vård av närstående"),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.narstaendepenningarende = non_empty(list);
}

pub(crate) fn smittbararersattning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Smittbararersattning);
    if !r.random_bool(0.008) {
        return Vec::new();
    }
    // Half of them in the pandemic years.
    let (from, until) = if r.random_bool(0.5) {
        (ymd(2020, 3, 1), ymd(2021, 12, 31))
    } else {
        (ymd(2002, 1, 1), as_of)
    };
    let from = from.max(s.turns(18));
    let until = until.min(s.turns(66)).min(s.last_day(as_of));
    short_case(&mut r, from, until, (3, 40), (350, 1_160))
        .into_iter()
        .collect()
}

pub(crate) fn render_smittbararersattning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| SmittbararersattningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| SmittbararersattningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("SBP", "Smittbärarersättning"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.smittbararersattningsarende = non_empty(list);
}

pub(crate) fn totalforsvarsplikt(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::DagpenningTotalforsvarspliktig);
    let year = s.birth.year();
    let share = if year >= 1999 {
        0.05
    } else if year >= 1978 && !s.woman {
        0.12
    } else {
        0.0
    };
    if share == 0.0 || !r.random_bool(share) {
        return Vec::new();
    }
    let start = add_days(s.turns(19), r.random_range(0..300));
    let end = add_days(start, r.random_range(80..450));
    if start > s.last_day(as_of) {
        return Vec::new();
    }
    let rate = daily_rate(&mut r, 150, 700, start.year());
    let parts = consecutive(&mut r, start, end, rate, false, (120, 300))
        .into_iter()
        .map(|p| p.extent((1, 1)))
        .collect();
    vec![Case::new(start, Some(end), parts)]
}

pub(crate) fn render_totalforsvarsplikt(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| TotalforsvarspliktspenningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| TotalforsvarspliktspenningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("DPE", "Dagpenning till totalförsvarspliktig"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.totalforsvarspliktsarende = non_empty(list);
}

pub(crate) fn aktivitetsstod(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Aktivitetsstod);
    if !r.random_bool(0.07) {
        return Vec::new();
    }
    let from = s.turns(20).max(ymd(1998, 1, 1));
    let until = s.turns(64).min(s.last_day(as_of));
    if from >= until {
        return Vec::new();
    }
    let mut cases = Vec::new();
    let mut start = day_between(&mut r, from, until);
    for _ in 0..r.random_range(1..=2) {
        let end = add_days(start, r.random_range(60..500));
        let young = s.age_on(start) < 25;
        let rate = daily_rate(&mut r, 365, 911, start.year());
        let parts = consecutive(&mut r, start, end, rate, false, (60, 180))
            .into_iter()
            .map(|p| p.sub(u8::from(young)))
            .collect();
        let atgard = r.random_range(0..4);
        cases.push(Case::new(start, Some(end), parts).kind(atgard));
        start = add_days(end, r.random_range(200..3000));
        if start > until {
            break;
        }
    }
    cases
}

pub(crate) fn render_aktivitetsstod(cases: &[Case], fi: &mut Formansinformation) {
    const ATGARD: [(i64, &str); 4] = [
        (1, "Jobb- och utvecklingsgarantin"),
        (2, "Jobbgarantin för ungdomar"),
        (3, "Arbetsmarknadsutbildning"),
        (4, "Arbetspraktik"),
    ];
    let list = cases
        .iter()
        .map(|c| {
            let (id, text) = ATGARD[usize::from(c.kind) % ATGARD.len()];
            AktivitetsstodArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                grunduppgifter: Some(AktivitetsstodUppgifter {
                    atgardstyp: siffer(id, text),
                }),
                beslut: non_empty(
                    c.parts
                        .iter()
                        .map(|p| {
                            let (code, name) = if p.sub == 1 {
                                ("UTV", "Utvecklingsersättning")
                            } else {
                                ("AKS", "Aktivitetsstöd")
                            };
                            AktivitetsstodBeslut {
                                fattades: Some(p.decided),
                                definitivt: Some(true),
                                forman: bokstav("PROG", "Aktivitetsstöd"),
                                delforman: bokstav(code, name),
                                periodicitet: monthly(),
                                period: part_period(p),
                                beslutat_bruttobelopp: sek(p.amount()),
                                dagar: p.days(),
                                karens: Some(p.karens),
                                ersattning: siffer(i64::from(p.sub) + 1, name),
                            }
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    fi.aktivitetsstodsarende = non_empty(list);
}

pub(crate) fn rehabiliteringsersattning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    occasional(
        s,
        as_of,
        Benefit::Rehabiliteringsersattning,
        0.02,
        (20, 64),
        (14, 120),
    )
}

pub(crate) fn render_rehabiliteringsersattning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| RehabersattningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| RehabersattningBeslut {
                        karens: Some(p.karens),
                        beslutsutfall: Some("BEVILJAN".to_owned()),
                        beslutstyp: Some("SLUTLIGT".to_owned()),
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("RBE", "Rehabiliteringsersättning"),
                        period: part_period(p),
                        omfattning: omfattning(p.extent),
                        dagar: p.days(),
                        ersattning: Some(Ersattningstyp::Kod("REHABPENNING".to_owned())),
                        ersattningsniva: Some("NORMAL".to_owned()),
                        ersattningsdagar: None,
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.rehabersattningsarende = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Sjukpenninggrundande inkomst.

/// One SGI decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sgi {
    pub decided: NaiveDate,
    /// 0 A- eller B-inkomst, 1 studietid, 2 värnplikt, 3 livränta.
    pub typ: u8,
    /// Yearly income from employment (A) and business (B), öre.
    pub a: i64,
    pub b: i64,
    /// Karenstid, days.
    pub karens: u32,
    /// Yearly working time.
    pub dagar: u32,
    pub timmar: u32,
}

/// SGI decisions of a generated person aged 18–66: one to three, the latest within
/// the last three years; income from their working life.
pub(crate) fn sgi(s: &Subject, as_of: NaiveDate) -> Vec<Sgi> {
    let mut r = stream(s, Benefit::SjukpenninggrundandeInkomst);
    let last = s.last_day(as_of);
    let age = s.age_on(last);
    if !(18..=66).contains(&age) || !r.random_bool(0.85) {
        return Vec::new();
    }
    let work = worklife(s, as_of);
    let self_employed = r.random_range(0..10) == 0;
    let n = r.random_range(1..=3);
    let mut decided = add_days(last, -r.random_range(0..1100));
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if decided < s.turns(18) {
            break;
        }
        let year = decided.year();
        let income = work.map_or(0, |w| w.income(year.min(w.last_year)));
        let student = income == 0;
        let timmar = match r.random_range(0..10) {
            0 => 1040,
            1 => 1560,
            _ => 2080,
        };
        out.push(Sgi {
            decided,
            typ: u8::from(student),
            a: if student { 0 } else { income / 10_000 * 10_000 },
            b: if self_employed && !student {
                scaled(kronor(&mut r, 50_000, 400_000), year) / 10_000 * 10_000
            } else {
                0
            },
            karens: if self_employed {
                [1, 7, 14, 30, 60, 90][r.random_range(0..6)]
            } else {
                0
            },
            dagar: 0,
            timmar,
        });
        decided = add_days(decided, -r.random_range(300..1500));
    }
    out.reverse();
    out
}

pub(crate) fn render_sgi(records: &[Sgi], fi: &mut Formansinformation) {
    let list = records
        .iter()
        .map(|g| SjukpenninggrundandeInkomstUppgift {
            faststalldes: Some(g.decided),
            typ: match g.typ {
                1 => siffer(1, "Studietid"),
                2 => siffer(2, "Värnplikt"),
                3 => siffer(3, "Livränta"),
                _ => siffer(0, "A- eller B-inkomst"),
            },
            anstallning: sek(g.a),
            verksamhet: sek(g.b),
            karens: Some(g.karens),
            dagar: Some(g.dagar),
            timmar: Some(g.timmar),
        })
        .collect();
    fi.sjukpenninggrundande_inkomstuppgift = non_empty(list);
}

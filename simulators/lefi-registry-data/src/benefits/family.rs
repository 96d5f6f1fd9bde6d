//! Benefits for families and for disability: barnbidrag, underhållsstöd, vårdbidrag,
//! handikappersättning and bostadsbidrag. None has a window of its own (H1 and H2
//! only), and all are paid monthly.

use chrono::{Datelike, NaiveDate};
use lefi_contract::v9::{
    BarnbidragArende, BarnbidragBeslut, BarnbidragUnderlag, BarnbidragUppgifter,
    BostadsbidragArende, BostadsbidragBeslut, BostadsbidragUnderlag, Formansinformation,
    HandikappersattningArende, HandikappersattningBeslut, UnderhallsstodArende,
    UnderhallsstodBeslut, UnderhallsstodUppgifter, VardbidragArende, VardbidragBeslut,
    VardbidragUnderlag,
};
use lefi_domain::Benefit;
use rand::RngExt;

use super::life::children;
use super::model::{
    Case, Part, Related, Subject, add_days, add_months, bokstav, day_between, kr, kronor,
    month_end, month_start, monthly, non_empty, omfattning, part_period, prisbasbelopp, scaled,
    sek, siffer, stream, yearly_monthly, ymd,
};

// ---------------------------------------------------------------------------------
// Barnbidrag.

/// The days barnbidrag changed, and the monthly amount from each (roughly, before 1996).
const BARNBIDRAG: [(NaiveDate, i64); 11] = [
    (ymd(1948, 1, 1), kr(22)),
    (ymd(1960, 1, 1), kr(75)),
    (ymd(1970, 1, 1), kr(100)),
    (ymd(1980, 1, 1), kr(250)),
    (ymd(1990, 1, 1), kr(560)),
    (ymd(1996, 1, 1), kr(640)),
    (ymd(1998, 1, 1), kr(750)),
    (ymd(2001, 1, 1), kr(850)),
    (ymd(2002, 1, 1), kr(950)),
    (ymd(2006, 1, 1), kr(1_050)),
    (ymd(2018, 3, 1), kr(1_250)),
];

/// Barnbidrag a month on `day`, öre.
fn barnbidrag_amount(day: NaiveDate) -> i64 {
    BARNBIDRAG
        .iter()
        .rev()
        .find(|(from, _)| *from <= day)
        .map_or(BARNBIDRAG[0].1, |(_, amount)| *amount)
}

/// A barnbidrag case for `child`, from `from` (a month's first day) until the child
/// turns 16: one decision at the start and one at each change of the amount.
pub(crate) fn barnbidrag_case(child: Related, from: NaiveDate, decided: NaiveDate) -> Case {
    let end = month_end(add_months(child.born, 16 * 12));
    let mut bounds = vec![(decided, from)];
    for (change, _) in BARNBIDRAG {
        if change > from && change <= end {
            bounds.push((add_days(change, -30), change));
        }
    }
    let mut parts = Vec::with_capacity(bounds.len());
    for (i, (decided, day)) in bounds.iter().enumerate() {
        let till = bounds
            .get(i + 1)
            .map_or(end, |(_, next)| add_days(*next, -1));
        parts.push(Part::new(
            *decided,
            *day,
            Some(till),
            barnbidrag_amount(*day),
        ));
    }
    Case::new(add_days(child.born, 3), Some(end), parts).related(child)
}

pub(crate) fn barnbidrag(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Barnbidrag);
    let mut cases = Vec::new();
    for child in children(s, as_of) {
        if !r.random_bool(if s.woman { 0.85 } else { 0.15 }) {
            continue;
        }
        let from = add_months(month_start(child.born), 1);
        let decided = add_days(child.born, r.random_range(7..30));
        cases.push(barnbidrag_case(child, from, decided));
    }
    cases
}

pub(crate) fn render_barnbidrag(cases: &[Case], as_of: NaiveDate, fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| BarnbidragArende {
            grunduppgifter: c.related.map(|child| BarnbidragUppgifter {
                barn: Some(child.person()),
            }),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| BarnbidragBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("ABB", "Barnbidrag"),
                        delforman: bokstav("BB", "Allmänt barnbidrag"),
                        periodicitet: monthly(),
                        period: part_period(p),
                        beslutat_bruttobelopp: sek(p.amount()),
                        underlag: Some(BarnbidragUnderlag {
                            skolgang: c
                                .related
                                .map(|child| p.decided.min(as_of) >= add_months(child.born, 72)),
                            myndighetsplacering: Some(false),
                        }),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.barnbidragsarende = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Underhållsstöd: `kind` 0 = the parent who receives it (underhallsstodsmottag),
// 1 = the parent who is to pay it back (underhallsstodskrav).

fn underhallsstod_amount(year: i32) -> i64 {
    match year {
        ..2016 => kr(1_273),
        2016..2019 => kr(1_573),
        2019..2024 => kr(1_673),
        _ => kr(1_823),
    }
}

pub(crate) fn underhallsstod(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Underhallsstod);
    let mut cases = Vec::new();
    for child in children(s, as_of) {
        if !r.random_bool(0.1) {
            continue;
        }
        let receives = r.random_bool(if s.woman { 0.85 } else { 0.15 });
        // Underhållsstöd since February 1997 (bidragsförskott before).
        let start = month_start(day_between(
            &mut r,
            add_months(child.born, 6).max(ymd(1997, 2, 1)),
            add_months(child.born, 12 * 12),
        ));
        let adult = month_end(add_months(child.born, 18 * 12));
        if start >= adult {
            continue;
        }
        let end = if r.random_bool(0.3) {
            month_end(day_between(&mut r, add_months(start, 6), adult))
        } else {
            adult
        };
        let pay_back = kronor(&mut r, 300, 1_600);
        let parts = yearly_monthly(
            &mut r,
            start,
            Some(end),
            as_of,
            |y| {
                if receives {
                    underhallsstod_amount(y)
                } else {
                    scaled(pay_back, y)
                }
            },
            (1, 1),
        );
        cases.push(
            Case::new(add_days(start, -r.random_range(10..60)), Some(end), parts)
                .kind(u8::from(!receives))
                .related(child),
        );
    }
    cases
}

pub(crate) fn render_underhallsstod(cases: &[Case], fi: &mut Formansinformation) {
    let render = |c: &Case| UnderhallsstodArende {
        startades: Some(c.started),
        aktivt: Some(c.ongoing()),
        avslaget: Some(c.rejected),
        grunduppgifter: c.related.map(|child| UnderhallsstodUppgifter {
            barn: Some(child.person()),
        }),
        beslut: non_empty(
            c.parts
                .iter()
                .map(|p| UnderhallsstodBeslut {
                    fattades: Some(p.decided),
                    definitivt: Some(true),
                    forman: bokstav("US", "Underhållsstöd"),
                    delforman: if c.kind == 0 {
                        bokstav("USU", "Utbetalt underhållsstöd")
                    } else {
                        bokstav("USB", "Betalningsskyldighet")
                    },
                    periodicitet: monthly(),
                    period: part_period(p),
                    beslutat_bruttobelopp: sek(p.amount()),
                    ersattning: if c.kind == 0 {
                        siffer(1, "Underhållsstöd")
                    } else {
                        siffer(2, "Återbetalningsbelopp")
                    },
                    samordnat_bruttobelopp: sek(p.amount()),
                })
                .collect(),
        ),
    };
    fi.underhallsstodsmottag =
        non_empty(cases.iter().filter(|c| c.kind == 0).map(render).collect());
    fi.underhallsstodskrav = non_empty(cases.iter().filter(|c| c.kind == 1).map(render).collect());
}

// ---------------------------------------------------------------------------------
// Vårdbidrag (for a child with a disability; replaced by omvårdnadsbidrag in 2019,
// old decisions ran until 2022) and handikappersättning (for adults; replaced by
// merkostnadsersättning in the same way).

/// The last day of the old benefits' transition.
const TRANSITION_END: NaiveDate = ymd(2022, 12, 31);

pub(crate) fn vardbidrag(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Vardbidrag);
    let mut cases = Vec::new();
    for child in children(s, as_of) {
        if !r.random_bool(if s.woman { 0.03 } else { 0.008 }) {
            continue;
        }
        // Vårdbidrag since 1982.
        let start = month_start(day_between(
            &mut r,
            add_months(child.born, 6).max(ymd(1982, 1, 1)),
            add_months(child.born, 120),
        ));
        if start > ymd(2018, 12, 31) {
            continue;
        }
        let end = month_end(add_months(child.born, 19 * 12)).min(TRANSITION_END);
        if start >= end {
            continue;
        }
        let extent = super::model::quarters(&mut r, [30, 15, 30, 25]);
        let parts = yearly_monthly(
            &mut r,
            start,
            Some(end),
            as_of,
            |y| prisbasbelopp(y) * 250 / 100 / 12 / 100 * 100,
            extent,
        );
        cases.push(
            Case::new(add_days(start, -r.random_range(30..120)), Some(end), parts)
                .related(child)
                .kind(u8::from(r.random_bool(0.2))),
        );
    }
    cases
}

pub(crate) fn render_vardbidrag(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| VardbidragArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| VardbidragBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("VB", "Vårdbidrag"),
                        delforman: bokstav("VB", "Vårdbidrag"),
                        periodicitet: monthly(),
                        period: part_period(p),
                        beslutat_bruttobelopp: sek(p.amount()),
                        ersattning: siffer(1, "Vårdbidrag"),
                        omfattning: omfattning(p.extent),
                        underlag: Some(VardbidragUnderlag {
                            barn: c.related.map(|child| vec![child.person()]),
                            // Shared between the parents.
                            delat: Some(c.kind == 1),
                        }),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.vardbidragsarende = non_empty(list);
}

pub(crate) fn handikappersattning(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Handikappersattning);
    if !r.random_bool(0.015) {
        return Vec::new();
    }
    let from = s.turns(19).max(ymd(1990, 1, 1));
    let until = s.turns(64).min(ymd(2018, 12, 31)).min(s.last_day(as_of));
    if from >= until {
        return Vec::new();
    }
    let start = month_start(day_between(&mut r, from, until));
    let end = if r.random_bool(0.8) {
        TRANSITION_END
    } else {
        month_end(day_between(&mut r, add_months(start, 12), TRANSITION_END))
    };
    // Three levels: 36, 53 or 69 % of the price base amount a year.
    let level = [(36, 100), (53, 100), (69, 100)][r.random_range(0..3)];
    let parts = yearly_monthly(
        &mut r,
        start,
        Some(end),
        as_of,
        |y| prisbasbelopp(y) / 12 / 100 * 100,
        level,
    );
    vec![Case::new(
        add_days(start, -r.random_range(30..120)),
        Some(end),
        parts,
    )]
}

pub(crate) fn render_handikappersattning(cases: &[Case], fi: &mut Formansinformation) {
    let list = cases
        .iter()
        .map(|c| HandikappersattningArende {
            startades: Some(c.started),
            aktivt: Some(c.ongoing()),
            avslaget: Some(c.rejected),
            beslut: non_empty(
                c.parts
                    .iter()
                    .map(|p| HandikappersattningBeslut {
                        fattades: Some(p.decided),
                        definitivt: Some(true),
                        forman: bokstav("HE", "Handikappersättning"),
                        delforman: bokstav("HE", "Handikappersättning"),
                        periodicitet: monthly(),
                        period: part_period(p),
                        beslutat_bruttobelopp: sek(p.amount()),
                        omfattning: omfattning(p.extent),
                    })
                    .collect(),
            ),
        })
        .collect();
    fi.handikappersattningsarende = non_empty(list);
}

// ---------------------------------------------------------------------------------
// Bostadsbidrag: young people 18–28 and families with children.

pub(crate) fn bostadsbidrag(s: &Subject, as_of: NaiveDate) -> Vec<Case> {
    let mut r = stream(s, Benefit::Bostadsbidrag);
    let kids = children(s, as_of);
    let (from, until) = if !kids.is_empty() && r.random_bool(0.07) {
        (kids[0].born, add_months(kids[0].born, 17 * 12))
    } else if r.random_bool(0.05) {
        (s.turns(18), s.turns(29))
    } else {
        return Vec::new();
    };
    let from = from.max(ymd(1997, 1, 1));
    let until = until.min(s.last_day(as_of));
    if from >= until {
        return Vec::new();
    }
    let start = month_start(day_between(&mut r, from, until));
    let months = r.random_range(6..72);
    let end = month_end(add_months(start, months));
    let rate = kronor(&mut r, 500, 4_500);
    let parts = yearly_monthly(&mut r, start, Some(end), as_of, |y| scaled(rate, y), (1, 1));
    let case = Case::new(add_days(start, -r.random_range(10..60)), Some(end), parts)
        .seed(r.random_range(0..u64::MAX));
    vec![case]
}

pub(crate) fn render_bostadsbidrag(
    cases: &[Case],
    s: &Subject,
    as_of: NaiveDate,
    fi: &mut Formansinformation,
) {
    let kids = children(s, as_of);
    let list = cases
        .iter()
        .map(|c| {
            let mut r = crate::person::rng(c.seed, 1);
            let cost = kronor(&mut r, 4_000, 9_500);
            let income = kronor(&mut r, 90_000, 320_000);
            BostadsbidragArende {
                startades: Some(c.started),
                aktivt: Some(c.ongoing()),
                avslaget: Some(c.rejected),
                medsokande: None,
                beslut: non_empty(
                    c.parts
                        .iter()
                        .map(|p| {
                            let year = p.from.year();
                            let at_home: Vec<_> = kids
                                .iter()
                                .filter(|k| {
                                    k.born <= p.from && p.from < add_months(k.born, 18 * 12)
                                })
                                .map(Related::person)
                                .collect();
                            BostadsbidragBeslut {
                                fattades: Some(p.decided),
                                // The current year's decision is preliminary.
                                definitivt: Some(year < as_of.year() || !c.ongoing()),
                                forman: bokstav("BOB", "Bostadsbidrag"),
                                delforman: bokstav("BOB", "Bostadsbidrag"),
                                periodicitet: monthly(),
                                period: part_period(p),
                                beslutat_bruttobelopp: sek(p.amount()),
                                underlag: Some(BostadsbidragUnderlag {
                                    reducerad_bostadskostnad: sek(scaled(cost * 8 / 10, year)),
                                    total_bostadskostnad: sek(scaled(cost, year)),
                                    inkomster: Some(
                                        vec![sek(scaled(income, year))]
                                            .into_iter()
                                            .flatten()
                                            .collect(),
                                    ),
                                    hemmavarande_barn: non_empty(at_home),
                                    tidvisboende_barn: None,
                                    vaxelvisboende_barn: None,
                                }),
                            }
                        })
                        .collect(),
                ),
            }
        })
        .collect();
    fi.bostadsbidragsarende = non_empty(list);
}

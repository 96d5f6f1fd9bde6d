//! The fixture people's benefits, written out by hand (see `docs/simulators.md`). They
//! describe the real world; the registries hold of it what the H-rules let them, by
//! the same code as for generated people, so each fixture shows its rule through the
//! registries' answers.

use chrono::{Datelike, NaiveDate};
use lefi_domain::Benefit;

use super::World;
use super::daily::Sgi;
use super::family::barnbidrag_case;
use super::model::{Case, Part, Related, Subject, add_days, kr, year_end, year_start, ymd};
use super::pension::{Certificate, Earning, Forecast};
use crate::fixtures::Fixture;
use crate::population::mix;

/// The registries' view of a fixture person.
pub(super) fn subject(f: &Fixture) -> Subject {
    let key = f
        .name
        .bytes()
        .fold(0xF1C5_u64, |h, b| mix(h ^ u64::from(b)));
    // The second-to-last digit is odd for men.
    let sex_digit = f.personnummer.as_bytes().get(10).copied().unwrap_or(b'0');
    Subject {
        key,
        birth: f.birth_date(),
        woman: (sex_digit - b'0').is_multiple_of(2),
        deceased: f.deceased.map(|(y, m, d)| ymd(y, m, d)),
        abroad: f.address.is_none(),
        no_benefits: false,
    }
}

/// The written world of one fixture customer id.
pub(super) struct Written<'a>(pub &'a str);

/// Yearly decisions of a monthly benefit from `from` (decided `first_decided`), each
/// following one decided on 12 January, until `end` or open; `rate` in 2026 kronor.
fn yearly(
    first_decided: NaiveDate,
    from: NaiveDate,
    end: Option<NaiveDate>,
    as_of: NaiveDate,
    rate: i64,
) -> Vec<Part> {
    let last_year = end.map_or(as_of.year(), |e| e.year()).min(as_of.year());
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
            first_decided
        } else {
            ymd(year, 1, 12)
        };
        parts.push(Part::new(
            decided,
            day,
            till,
            super::model::scaled(rate * 100, year),
        ));
        day = year_start(year + 1);
    }
    parts
}

/// A daily-benefit decision over `[from, till]` at `extent`, `rate` kronor a day.
fn days(decided: NaiveDate, from: NaiveDate, till: NaiveDate, extent: (u8, u8), rate: i64) -> Part {
    Part::new(decided, from, Some(till), rate * 100).extent(extent)
}

fn child(born: NaiveDate, serial: u16) -> Related {
    Related {
        born,
        serial,
        died: None,
    }
}

/// The seed's §5.2 example: sick from 2009-09-28 (the employer paid the first 14
/// days), full rate 2009-10-12–2010-01-10 (91 days), half rate 2010-01-11–2010-01-31
/// (21 days), no waiting day.
fn seed_sjukpenning() -> Case {
    Case::new(
        ymd(2009, 9, 28),
        Some(ymd(2010, 1, 31)),
        vec![
            days(
                ymd(2009, 10, 20),
                ymd(2009, 10, 12),
                ymd(2010, 1, 10),
                (1, 1),
                293,
            ),
            days(
                ymd(2010, 1, 15),
                ymd(2010, 1, 11),
                ymd(2010, 1, 31),
                (1, 2),
                293,
            ),
        ],
    )
}

/// H1: sick since 2015-03-01 and still, with a decision every year; and a closed case
/// in 2012.
fn h1_sjukpenning(as_of: NaiveDate) -> Vec<Case> {
    const EXTENTS: [(u8, u8); 4] = [(1, 1), (3, 4), (1, 2), (1, 2)];
    let closed = Case::new(
        ymd(2012, 1, 10),
        Some(ymd(2012, 4, 30)),
        vec![
            days(
                ymd(2012, 1, 25),
                ymd(2012, 1, 10),
                ymd(2012, 4, 30),
                (1, 1),
                640,
            )
            .karens(true),
        ],
    );
    let mut parts = Vec::new();
    let mut from = ymd(2015, 3, 15);
    let mut i = 0;
    while from.year() <= as_of.year() {
        let decided = if i == 0 {
            ymd(2015, 3, 25)
        } else {
            ymd(from.year(), 1, 20)
        };
        parts.push(
            days(decided, from, year_end(from.year()), EXTENTS[i % 4], 720).sub(u8::from(i > 0)),
        );
        from = year_start(from.year() + 1);
        i += 1;
    }
    vec![closed, Case::new(ymd(2015, 3, 1), None, parts)]
}

/// H7: föräldrapenning for a child born 2001 (periods 2001–2003) and one born 2024.
fn h7_foraldrapenning() -> Vec<Case> {
    let first = Case::new(
        ymd(2001, 4, 2),
        Some(ymd(2009, 3, 5)),
        vec![
            days(
                ymd(2001, 5, 20),
                ymd(2001, 6, 1),
                ymd(2001, 12, 31),
                (1, 1),
                560,
            ),
            days(
                ymd(2002, 1, 3),
                ymd(2002, 1, 1),
                ymd(2002, 8, 31),
                (1, 2),
                560,
            ),
            days(
                ymd(2003, 4, 22),
                ymd(2003, 5, 1),
                ymd(2003, 6, 30),
                (1, 1),
                580,
            ),
        ],
    )
    .related(child(ymd(2001, 3, 5), 482));
    let second = Case::new(
        ymd(2024, 1, 20),
        None,
        vec![
            days(
                ymd(2024, 1, 25),
                ymd(2024, 2, 1),
                ymd(2024, 9, 30),
                (1, 1),
                1_050,
            ),
            days(
                ymd(2025, 5, 20),
                ymd(2025, 6, 1),
                ymd(2025, 8, 31),
                (1, 1),
                1_080,
            ),
        ],
    )
    .related(child(ymd(2024, 1, 10), 236));
    vec![first, second]
}

/// H11: periods on both sides of 2011-01-01, and one that straddles it.
fn h11_graviditetspenning() -> Vec<Case> {
    vec![
        Case::new(
            ymd(2010, 10, 25),
            Some(ymd(2011, 2, 20)),
            vec![
                days(
                    ymd(2010, 11, 5),
                    ymd(2010, 11, 15),
                    ymd(2010, 12, 31),
                    (1, 1),
                    610,
                ),
                days(
                    ymd(2010, 12, 28),
                    ymd(2011, 1, 1),
                    ymd(2011, 2, 20),
                    (1, 1),
                    610,
                ),
            ],
        ),
        Case::new(
            ymd(2010, 12, 10),
            Some(ymd(2011, 1, 10)),
            vec![days(
                ymd(2010, 12, 15),
                ymd(2010, 12, 20),
                ymd(2011, 1, 10),
                (1, 2),
                610,
            )],
        ),
    ]
}

/// Old-age pension from `from`, applied for two months before.
fn pension(from: NaiveDate, as_of: NaiveDate, rate: i64, sub: u8) -> Case {
    let mut parts = yearly(add_days(from, -20), from, None, as_of, rate);
    for p in &mut parts {
        p.sub = sub;
    }
    Case::new(add_days(from, -60), None, parts)
}

impl World for Written<'_> {
    fn cases(&self, benefit: Benefit, _s: &Subject, as_of: NaiveDate) -> Vec<Case> {
        use Benefit as B;
        match (self.0, benefit) {
            ("F-SEED", B::Sjukpenning) => vec![seed_sjukpenning()],
            ("F-H1", B::Sjukpenning) => h1_sjukpenning(as_of),
            ("F-H2", B::Barnbidrag) => vec![
                barnbidrag_case(
                    child(ymd(2005, 1, 12), 123),
                    ymd(2005, 2, 1),
                    ymd(2005, 1, 25),
                ),
                barnbidrag_case(
                    child(ymd(2012, 6, 3), 286),
                    ymd(2012, 7, 1),
                    ymd(2012, 6, 20),
                ),
            ],
            // ÅP37 (tilläggspension) and ÅP38 (inkomstpension), both since 2000.
            ("F-H3-37", B::Pension) => vec![pension(ymd(2000, 1, 1), as_of, 14_500, 2)],
            ("F-H3-38", B::Pension) => vec![pension(ymd(2000, 1, 1), as_of, 16_200, 0)],
            ("F-H4", B::Pension) => vec![pension(ymd(2025, 2, 1), as_of, 24_800, 0)],
            ("F-DECEASED", B::Pension) => vec![pension(ymd(2005, 3, 1), as_of, 17_900, 0)],
            ("F-H5", B::Arbetsskadelivranta) => vec![
                Case::new(
                    ymd(2003, 2, 10),
                    None,
                    yearly(ymd(2003, 3, 20), ymd(2003, 4, 1), None, as_of, 6_400),
                )
                .occurred(ymd(2002, 10, 14))
                .seed(5),
            ],
            ("F-H6", B::SjukersattningAktivitetsersattning) => vec![
                Case::new(
                    ymd(1999, 10, 1),
                    None,
                    yearly(ymd(1999, 12, 8), ymd(2000, 1, 1), None, as_of, 13_800),
                )
                .seed(6),
            ],
            ("F-H7", B::Foraldrapenning) => h7_foraldrapenning(),
            ("F-H11", B::Graviditetspenning) => h11_graviditetspenning(),
            ("F-DUP-A", B::Sjukpenning) => vec![Case::new(
                ymd(2025, 9, 1),
                Some(ymd(2025, 11, 23)),
                vec![
                    days(
                        ymd(2025, 9, 24),
                        ymd(2025, 9, 15),
                        ymd(2025, 10, 31),
                        (1, 1),
                        980,
                    ),
                    days(
                        ymd(2025, 11, 3),
                        ymd(2025, 11, 1),
                        ymd(2025, 11, 23),
                        (1, 2),
                        980,
                    ),
                ],
            )],
            ("F-DUP-B", B::Foraldrapenning) => vec![
                Case::new(
                    ymd(2024, 5, 25),
                    None,
                    vec![
                        days(
                            ymd(2024, 5, 30),
                            ymd(2024, 5, 20),
                            ymd(2024, 12, 31),
                            (1, 1),
                            1_010,
                        ),
                        days(
                            ymd(2025, 5, 12),
                            ymd(2025, 6, 1),
                            ymd(2025, 10, 31),
                            (3, 4),
                            1_010,
                        ),
                    ],
                )
                .related(child(ymd(2024, 5, 20), 617)),
            ],
            ("F-CHANGED", B::Barnbidrag) => vec![barnbidrag_case(
                child(ymd(2015, 8, 10), 392),
                ymd(2015, 9, 1),
                ymd(2015, 8, 28),
            )],
            ("F-SAMORD-60", B::Barnbidrag) => vec![barnbidrag_case(
                child(ymd(2019, 4, 2), 758),
                ymd(2019, 5, 1),
                ymd(2019, 4, 20),
            )],
            ("F-PROTECTED", B::Sjukpenning) => vec![Case::new(
                ymd(2026, 9, 1),
                None,
                vec![days(
                    ymd(2026, 9, 22),
                    ymd(2026, 9, 15),
                    ymd(2026, 12, 31),
                    (1, 1),
                    870,
                )],
            )],
            ("F-SAMORD", B::Sjukpenning) => vec![Case::new(
                ymd(2024, 9, 17),
                Some(ymd(2024, 12, 15)),
                vec![days(
                    ymd(2024, 10, 8),
                    ymd(2024, 10, 1),
                    ymd(2024, 12, 15),
                    (1, 1),
                    690,
                )],
            )],
            _ => Vec::new(),
        }
    }

    fn sgi(&self, _s: &Subject, _as_of: NaiveDate) -> Vec<Sgi> {
        match self.0 {
            // The seed's §5.2 example.
            "F-SEED" => vec![Sgi {
                decided: ymd(2009, 9, 28),
                typ: 0,
                a: kr(138_000),
                b: 0,
                karens: 0,
                dagar: 0,
                timmar: 1040,
            }],
            _ => Vec::new(),
        }
    }

    fn earnings(&self, _s: &Subject, _as_of: NaiveDate) -> Vec<Earning> {
        match self.0 {
            // H4: earning years 1995–2025.
            "F-H4" => (1995..=2025)
                .map(|year| Earning::of_income(year, super::model::scaled(kr(430_000), year)))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn forecasts(&self, _s: &Subject, as_of: NaiveDate) -> Vec<Forecast> {
        match self.0 {
            // The seed's §5.2 example: 11 700 kronor in the latest mailing.
            "F-SEED" => vec![Forecast {
                mailing_year: as_of.year(),
                total: kr(11_700),
                premiepension: 0,
            }],
            // H9: a mailing every year 2020–2026.
            "F-H9" => (2020..=2026).map(h9_forecast).collect(),
            _ => Vec::new(),
        }
    }

    fn certificates(&self, _s: &Subject, _as_of: NaiveDate) -> Vec<Certificate> {
        match self.0 {
            // H8: a certificate of 2022 that lapsed, and the current one of 2024.
            "F-H8" => vec![
                Certificate {
                    from: ymd(2022, 3, 14),
                    till: Some(ymd(2023, 3, 13)),
                    status: 2,
                },
                Certificate {
                    from: ymd(2024, 3, 11),
                    till: None,
                    status: 2,
                },
            ],
            _ => Vec::new(),
        }
    }
}

/// F-H9's forecast of a mailing year: 1 500 000 kronor in 2020, 60 000 more each year.
pub(crate) fn h9_forecast(mailing_year: i32) -> Forecast {
    let total = kr(1_500_000) + i64::from(mailing_year - 2020) * kr(60_000);
    Forecast {
        mailing_year,
        total,
        premiepension: total / 10,
    }
}

//! A generated person's life, as far as several registries need to agree on it: their
//! children, their working life and earnings, and when they took out their pension.
//! Each is drawn from its own salt, so it is the same whichever registry asks first.

use chrono::{Datelike, NaiveDate};
use rand::RngExt;

use super::model::{Related, Subject, add_days, add_months, day_between, kr, month_start, ymd};
use crate::person::rng;

const SALT_CHILDREN: u64 = 0x0043_4849_4c44;
const SALT_WORK: u64 = 0x574f_524b;
const SALT_PENSION: u64 = 0x5045_4e53;

/// The person's children born by today, oldest first: a parent is 20–44 at a birth.
/// Nobody is born after the parent's death.
pub(crate) fn children(s: &Subject, as_of: NaiveDate) -> Vec<Related> {
    let mut r = rng(s.key, SALT_CHILDREN);
    if !r.random_bool(0.78) {
        return Vec::new();
    }
    let n = match r.random_range(0..100) {
        0..30 => 1,
        30..78 => 2,
        78..95 => 3,
        _ => 4,
    };
    let first_age = if s.woman {
        r.random_range(21..36)
    } else {
        r.random_range(23..39)
    };
    let mut born = add_days(s.turns(first_age), r.random_range(0..365));
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if s.age_on(born) > 44 || born > s.last_day(as_of) {
            break;
        }
        out.push(Related {
            born,
            serial: r.random_range(1..1000),
            died: None,
        });
        born = add_days(born, r.random_range(400..2200));
    }
    out
}

/// When the person took out (or will take out) their old-age pension: the month after
/// turning 65 for most, 66–70 for some who work on. `None` for the few who never do.
pub(crate) fn pension_start(s: &Subject) -> Option<NaiveDate> {
    let mut r = rng(s.key, SALT_PENSION);
    if !r.random_bool(0.97) {
        return None;
    }
    // ÅP37: the old rules, at 65.
    let age = if s.birth.year() <= 1937 || r.random_range(0..100) < 85 {
        65
    } else {
        r.random_range(66..71)
    };
    let start = add_months(month_start(s.turns(age)), 1);
    s.deceased.is_none_or(|d| start <= d).then_some(start)
}

/// A working life: yearly pensionable income (PGI) from the first to the last year.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Worklife {
    pub first_year: i32,
    pub last_year: i32,
    /// Yearly income in today's (2026) money, öre.
    income_2026: i64,
    seed: u64,
}

impl Worklife {
    /// The pensionable income of `year`, in öre: 0 outside the working life and in a
    /// gap year (studies, unemployment, abroad).
    pub fn income(&self, year: i32) -> i64 {
        if year < self.first_year || year > self.last_year {
            return 0;
        }
        let mut r = rng(self.seed, u64::from(year.unsigned_abs()));
        if r.random_range(0..100) < 7 {
            return 0;
        }
        // Lower at the start of a career.
        let years_in = i64::from(year - self.first_year).min(10);
        let ramp = 60 + years_in * 4;
        let wobble = r.random_range(90..111);
        super::model::scaled(self.income_2026 * ramp / 100 * wobble / 100, year)
    }

    /// Income-based pension rights of a year (inkomstpension 16 %, premiepension 2.5 %
    /// of PGI up to 7.5 income base amounts), öre.
    pub fn rights(&self, year: i32) -> (i64, i64) {
        let ceiling = super::model::scaled(kr(604_500), year);
        let pgi = self.income(year).min(ceiling);
        (pgi * 16 / 100, pgi * 25 / 1000)
    }

    /// Accumulated pension balance (inkomst- and premiepension) at the end of `year`,
    /// with a simple return of 3 % a year, öre.
    pub fn balance(&self, year: i32) -> (i64, i64) {
        let (mut ip, mut pp) = (0_i64, 0_i64);
        for y in self.first_year..=year.min(self.last_year) {
            ip = ip * 103 / 100;
            pp = pp * 104 / 100;
            let (i, p) = self.rights(y);
            ip += i;
            pp += p;
        }
        for _ in self.last_year.max(self.first_year)..year {
            ip = ip * 103 / 100;
            pp = pp * 104 / 100;
        }
        (ip, pp)
    }
}

/// The person's working life, if they have one: from 18–24 until their pension, death
/// or today.
pub(crate) fn worklife(s: &Subject, as_of: NaiveDate) -> Option<Worklife> {
    let mut r = rng(s.key, SALT_WORK);
    if !r.random_bool(0.9) {
        return None;
    }
    let first_year = s.birth.year() + r.random_range(18..25);
    let retire = pension_start(s).map_or(s.birth.year() + 65, |d| d.year());
    let last_year = retire
        .min(s.deceased.map_or(i32::MAX, |d| d.year()))
        .min(as_of.year());
    (first_year <= last_year).then(|| Worklife {
        first_year,
        last_year,
        income_2026: super::model::kronor(&mut r, 180_000, 720_000),
        seed: r.random_range(0..u64::MAX),
    })
}

/// A spouse who died while the person was an adult, if the person is a widow(er).
pub(crate) fn late_spouse(s: &Subject, r: &mut rand_pcg::Pcg64Mcg, as_of: NaiveDate) -> Related {
    let born = add_days(s.birth, r.random_range(-2500..2500));
    let earliest = s.turns(28).max(ymd(1990, 1, 1));
    let died = day_between(r, earliest, add_days(as_of, -30));
    Related {
        born,
        serial: r.random_range(1..1000),
        died: Some(died),
    }
}

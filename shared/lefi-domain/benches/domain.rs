//! What the hot path pays for the domain rules: validating a query (V1–V9) and asking
//! whether the service is open (O1–O4). Figures go to BENCHMARKS.md.

use std::hint::black_box;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use lefi_domain::catalogue::V9List;
use lefi_domain::opening::{Exception, OpeningHours};
use lefi_domain::{Benefit, PeriodLimit, RawCode, RawQuery};

/// Each catalogue code in its benefit's main list; anything else in `formansinformation`.
fn query(pnr: &str, from: &str, to: &str, codes: &[&str]) -> RawQuery {
    let list = |c: &str| Benefit::from_code(c).map_or(V9List::Formansinformation, Benefit::v9_list);
    RawQuery {
        personnummer: pnr.into(),
        from: from.into(),
        to: to.into(),
        asked: codes.iter().map(|c| RawCode::new(list(c), *c)).collect(),
        own_codes: true,
        ..Default::default()
    }
}

fn validation(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date");
    let valid = query(
        "195001019420",
        "2025-01-01",
        "2026-06-30",
        &["FK:SJP", "FK:SGI", "PM:PBH", "FK:FP"],
    );
    let all_24: Vec<&str> = Benefit::ALL.iter().map(|b| b.code()).collect();
    let everything = query("500101-9420", "2025-01-01", "2026-06-30", &all_24);
    let invalid = query("19500101-942X", "2024-13-01", "2030-01-01", &["FK:NOPE"]);

    let mut g = c.benchmark_group("validate");
    g.bench_function("valid, 4 benefits", |b| {
        b.iter(|| black_box(&valid).validate(today, &PeriodLimit::STANDARD))
    });
    g.bench_function("valid, all 24 benefits, 10-digit pnr", |b| {
        b.iter(|| black_box(&everything).validate(today, &PeriodLimit::STANDARD))
    });
    g.bench_function("invalid, 4 violations", |b| {
        b.iter(|| black_box(&invalid).validate(today, &PeriodLimit::STANDARD))
    });
    g.finish();
}

fn opening_hours(c: &mut Criterion) {
    let plain = OpeningHours::default();
    // A year of monthly maintenance windows: the SLA's exceptions are few, but not none.
    let exceptions = (1..=12)
        .map(|m| {
            format!("closure 2026-{m:02}-10T19:00 2026-{m:02}-10T21:30 Planerat underhåll")
                .parse::<Exception>()
                .expect("valid exception")
        })
        .collect();
    let with_exceptions = OpeningHours::new(exceptions);
    let open = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let christmas_eve = Utc.with_ymd_and_hms(2026, 12, 24, 9, 0, 0).unwrap();

    let mut g = c.benchmark_group("opening");
    g.bench_function("open now? (weekday noon)", |b| {
        b.iter(|| plain.is_open(black_box(open)))
    });
    g.bench_function("open now? (12 exceptions)", |b| {
        b.iter(|| with_exceptions.is_open(black_box(open)))
    });
    g.bench_function("next opening from julafton", |b| {
        b.iter(|| plain.next_opening(black_box(christmas_eve)))
    });
    g.finish();
}

criterion_group!(benches, validation, opening_hours);
criterion_main!(benches);

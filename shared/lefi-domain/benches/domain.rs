//! What the hot path pays for the domain rules: validating a query (V1–V9) and asking
//! whether the service is open (O1–O4). Figures go to BENCHMARKS.md.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use lefi_domain::{PeriodLimit, RawQuery};

fn query(pnr: &str, from: &str, to: &str, benefits: &[&str]) -> RawQuery {
    RawQuery {
        personnummer: pnr.into(),
        from: from.into(),
        to: to.into(),
        benefits: benefits.iter().map(|s| s.to_string()).collect(),
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
    let all_24: Vec<&str> = lefi_domain::Benefit::ALL.iter().map(|b| b.code()).collect();
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

criterion_group!(benches, validation);
criterion_main!(benches);

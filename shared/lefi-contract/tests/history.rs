//! The history windows (SPEC §4) on v9 answers, through the Compile step's entry point
//! [`apply_windows`]: one test or more per H-rule that applies to benefit data (H10,
//! person data, is not here), named after the rule, and property tests of the bounds
//! every answer keeps.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use lefi_contract::history::{AvailableFrom, apply_windows, levnadsintyg_registered};
use lefi_contract::v9::*;
use lefi_domain::history::{PAYMENTS_FROM, payments_from};
use lefi_domain::period::parse_iso_date;
use lefi_domain::{Benefit, PeriodLimit, QueryPeriod};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const TODAY: &str = "2026-11-26";

fn d(s: &str) -> NaiveDate {
    parse_iso_date(s).unwrap_or_else(|| panic!("not a date: {s}"))
}

fn today() -> NaiveDate {
    d(TODAY)
}

fn period(from: &str, to: &str) -> QueryPeriod {
    QueryPeriod::new(d(from), d(to), today(), PeriodLimit::STANDARD)
        .unwrap_or_else(|e| panic!("not a valid period: {e:?}"))
}

fn dag(s: &str) -> Option<Datum> {
    Some(Datum::Dag(d(s)))
}

fn manad(y: i32, m: u32) -> Option<Datum> {
    Some(Datum::Manad(
        Manad::new(y, m).unwrap_or_else(|| panic!("not a month")),
    ))
}

fn fran_till(fran: Option<Datum>, till: Option<Datum>) -> Option<FranTill> {
    Some(FranTill { fran, till })
}

fn payment(datum: &str) -> UtbetalningUppgift {
    UtbetalningUppgift {
        datum: Some(d(datum)),
        ..Default::default()
    }
}

fn payment_dates(fi: &Formansinformation) -> Vec<NaiveDate> {
    fi.utbetalningsuppgift
        .iter()
        .flatten()
        .filter_map(|p| p.datum)
        .collect()
}

/// Försäkringskassan's model through the windows, with the benefit's own payment window
/// (as when the partner asked for its payments).
fn apply(
    benefit: Benefit,
    data: Formansinformation,
    birth_year: i32,
    p: &QueryPeriod,
) -> (Formansinformation, AvailableFrom) {
    let data = Uppgifter {
        formansinformation: Some(data),
        ..Default::default()
    };
    let (out, available) = apply_windows(
        benefit,
        data,
        birth_year,
        p,
        today(),
        Some(payments_from(benefit, today())),
    );
    (out.formansinformation.unwrap_or_default(), available)
}

fn available(uppgifter: Option<&str>, utbetalningar: Option<&str>) -> AvailableFrom {
    AvailableFrom {
        uppgifter: uppgifter.map(d),
        utbetalningar: utbetalningar.map(d),
    }
}

// ---------------------------------------------------------------------------------
// Sjukpenning, a daily benefit with `startades` and `aktivt`.

fn sjp_beslut(from: &str, till: Option<&str>) -> SjukpenningBeslut {
    SjukpenningBeslut {
        fattades: Some(d(from)),
        period: fran_till(dag(from), till.map(d).map(Datum::Dag)),
        ..Default::default()
    }
}

fn sjp_from(case: &SjukpenningArende) -> Vec<Option<Datum>> {
    case.beslut
        .iter()
        .flatten()
        .map(|b| b.period.as_ref().and_then(|p| p.fran))
        .collect()
}

#[test]
fn h1_an_ongoing_case_started_years_before_the_period_is_shown_from_its_start() {
    // Sick since 2015, a decision a year, still ongoing; the partner asks for 2024–mid 2025.
    let beslut = (2015..=2026)
        .map(|y| {
            let from = if y == 2015 {
                "2015-03-15".to_owned()
            } else {
                format!("{y}-01-01")
            };
            let till = (y < 2026).then(|| format!("{y}-12-31"));
            sjp_beslut(&from, till.as_deref())
        })
        .collect();
    let case = SjukpenningArende {
        startades: Some(d("2015-03-01")),
        aktivt: Some(true),
        beslut: Some(beslut),
    };
    let data = Formansinformation {
        sjukpenningarende: Some(vec![case]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Sjukpenning,
        data,
        1970,
        &period("2024-01-01", "2025-06-30"),
    );
    let cases = out.sjukpenningarende.unwrap_or_default();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].startades, Some(d("2015-03-01")));
    let froms = sjp_from(&cases[0]);
    assert_eq!(froms.len(), 11, "2015–2025; 2026 is after tom");
    assert_eq!(
        froms[0],
        dag("2015-03-15"),
        "the whole history, from the start"
    );
    // The case window (2002) is not reached; H7's payments (two years back) are.
    assert_eq!(available_from, available(None, Some("2024-11-26")));
}

#[test]
fn h1_a_case_whose_decision_covers_days_before_its_start_is_shown_for_those_days() {
    // Registered 2024-03-01, but granted from 2024-01-15 (retroactively): the case covers
    // January and February although `startades` is later. A period of only those days
    // touches the case.
    let retroactive = sjp_beslut("2024-01-15", Some("2024-04-30"));
    let case = SjukpenningArende {
        startades: Some(d("2024-03-01")),
        aktivt: Some(false),
        beslut: Some(vec![retroactive.clone()]),
    };
    let data = Formansinformation {
        sjukpenningarende: Some(vec![case.clone()]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Sjukpenning,
        data,
        1970,
        &period("2024-01-01", "2024-02-15"),
    );
    assert_eq!(out.sjukpenningarende, Some(vec![case]));
}

#[test]
fn h1_a_case_closed_before_the_period_is_dropped_one_ending_on_its_first_day_kept() {
    let case = |start: &str, end: &str| VardbidragArende {
        startades: Some(d(start)),
        aktivt: Some(false),
        beslut: Some(vec![VardbidragBeslut {
            period: fran_till(dag(start), dag(end)),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let closed_before = case("2010-01-01", "2023-12-31");
    let touching = case("2012-01-01", "2024-01-01");
    let started_after = VardbidragArende {
        aktivt: Some(true),
        ..case("2025-07-01", "2025-07-31")
    };
    let data = Formansinformation {
        vardbidragsarende: Some(vec![closed_before, touching.clone(), started_after]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Vardbidrag,
        data,
        1980,
        &period("2024-01-01", "2025-06-30"),
    );
    assert_eq!(out.vardbidragsarende, Some(vec![touching]));
    assert_eq!(available_from, available(None, None), "no window reached");
}

#[test]
fn h1_decisions_after_tom_are_dropped_rejections_by_their_decision_day() {
    let monthly = |from: &str, till: Option<&str>| BostadsbidragBeslut {
        period: fran_till(dag(from), till.map(d).map(Datum::Dag)),
        ..Default::default()
    };
    let rejection = |day: &str| BostadsbidragBeslut {
        fattades: Some(d(day)),
        ..Default::default()
    };
    let case = BostadsbidragArende {
        startades: Some(d("2023-11-15")),
        aktivt: Some(true),
        beslut: Some(vec![
            monthly("2024-01-01", Some("2024-12-31")),
            rejection("2024-06-30"),
            rejection("2024-07-01"),
            monthly("2025-01-01", None),
        ]),
        ..Default::default()
    };
    let data = Formansinformation {
        bostadsbidragsarende: Some(vec![case]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Bostadsbidrag,
        data,
        1990,
        &period("2024-01-01", "2024-06-30"),
    );
    let kept = out
        .bostadsbidragsarende
        .unwrap_or_default()
        .remove(0)
        .beslut
        .unwrap_or_default();
    assert_eq!(
        kept,
        [
            monthly("2024-01-01", Some("2024-12-31")),
            rejection("2024-06-30")
        ]
    );
}

#[test]
fn h1_cases_without_startades_start_with_their_first_decision() {
    // Barnbidrag has no `startades` or `aktivt`: an open-ended decision keeps it ongoing.
    let beslut = |from: &str, till: Option<&str>| BarnbidragBeslut {
        period: fran_till(dag(from), till.map(d).map(Datum::Dag)),
        ..Default::default()
    };
    let ongoing = BarnbidragArende {
        beslut: Some(vec![
            beslut("2012-02-01", Some("2018-02-28")),
            beslut("2018-03-01", None),
        ]),
        ..Default::default()
    };
    let ended = BarnbidragArende {
        beslut: Some(vec![beslut("2006-01-01", Some("2015-12-31"))]),
        ..Default::default()
    };
    let data = Formansinformation {
        barnbidragsarende: Some(vec![ended, ongoing.clone()]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Barnbidrag,
        data,
        1985,
        &period("2024-01-01", "2025-06-30"),
    );
    assert_eq!(out.barnbidragsarende, Some(vec![ongoing]));
}

#[test]
fn h1_a_case_without_any_date_is_current_and_never_cut() {
    let undated = SjukpenningArende {
        beslut: Some(vec![SjukpenningBeslut {
            dagar: Some(12),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let old = SjukpenningArende {
        startades: Some(d("2005-01-01")),
        aktivt: Some(false),
        beslut: Some(vec![sjp_beslut("2005-01-15", Some("2005-03-31"))]),
    };
    let recent = SjukpenningArende {
        startades: Some(d("2024-03-01")),
        aktivt: Some(false),
        beslut: Some(vec![sjp_beslut("2024-03-15", Some("2024-04-30"))]),
    };
    let data = Formansinformation {
        sjukpenningarende: Some(vec![undated.clone(), old, recent.clone()]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Sjukpenning,
        data,
        1970,
        &period("2024-01-01", "2025-06-30"),
    );
    assert_eq!(
        out.sjukpenningarende,
        Some(vec![undated, recent]),
        "the registry's order is kept"
    );
}

#[test]
fn h1_periods_of_whole_months_cover_the_whole_month() {
    let beslut = |fran, till| HandikappersattningBeslut {
        period: fran_till(fran, till),
        ..Default::default()
    };
    // Ends with January 2024: that is 2024-01-31, the period's first day.
    let ends_in_january = HandikappersattningArende {
        startades: Some(d("2022-11-20")),
        aktivt: Some(false),
        beslut: Some(vec![
            beslut(manad(2023, 1), manad(2023, 12)),
            beslut(manad(2024, 1), manad(2024, 1)),
        ]),
        ..Default::default()
    };
    let ends_in_december = HandikappersattningArende {
        startades: Some(d("2022-11-20")),
        aktivt: Some(false),
        beslut: Some(vec![beslut(manad(2023, 1), manad(2023, 12))]),
        ..Default::default()
    };
    // Ongoing: June 2024 starts before tom, July 2024 after it.
    let ongoing = HandikappersattningArende {
        startades: Some(d("2024-02-10")),
        aktivt: Some(true),
        beslut: Some(vec![
            beslut(manad(2024, 3), manad(2024, 5)),
            beslut(manad(2024, 6), manad(2024, 6)),
            beslut(manad(2024, 7), None),
        ]),
        ..Default::default()
    };
    let data = Formansinformation {
        handikappersattningsarende: Some(vec![ends_in_january.clone(), ends_in_december, ongoing]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Handikappersattning,
        data,
        1970,
        &period("2024-01-31", "2024-06-30"),
    );
    let cases = out.handikappersattningsarende.unwrap_or_default();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0], ends_in_january);
    let months: Vec<_> = cases[1]
        .beslut
        .iter()
        .flatten()
        .map(|b| b.period.as_ref().and_then(|p| p.fran))
        .collect();
    assert_eq!(months, [manad(2024, 3), manad(2024, 6)]);
}

#[test]
fn h1_sgi_decisions_in_force_during_the_period_are_shown() {
    let sgi = |day: &str| SjukpenninggrundandeInkomstUppgift {
        faststalldes: Some(d(day)),
        ..Default::default()
    };
    let undated = SjukpenninggrundandeInkomstUppgift {
        timmar: Some(1040),
        ..Default::default()
    };
    let data = Formansinformation {
        sjukpenninggrundande_inkomstuppgift: Some(vec![
            sgi("2019-05-01"),
            sgi("2022-03-01"),
            undated.clone(),
            sgi("2025-09-01"),
        ]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::SjukpenninggrundandeInkomst,
        data,
        1980,
        &period("2024-01-01", "2025-06-30"),
    );
    // 2019 was replaced before the period, 2025-09-01 came after it.
    assert_eq!(
        out.sjukpenninggrundande_inkomstuppgift,
        Some(vec![sgi("2022-03-01"), undated])
    );
    assert_eq!(available_from, available(None, None));
}

#[test]
fn h1_a_list_that_windows_empty_is_left_out_not_sent_empty() {
    let old = SjukpenningArende {
        startades: Some(d("2010-01-01")),
        aktivt: Some(false),
        beslut: Some(vec![sjp_beslut("2010-01-15", Some("2010-02-28"))]),
    };
    let data = Formansinformation {
        sjukpenningarende: Some(vec![old]),
        utbetalningsuppgift: Some(vec![payment("2010-03-10")]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Sjukpenning,
        data,
        1970,
        &period("2024-01-01", "2025-06-30"),
    );
    assert_eq!(out, Formansinformation::default());
}

// ---------------------------------------------------------------------------------
// Payments.

#[test]
fn h2_payments_before_2008_07_01_and_outside_the_period_are_dropped() {
    let undated = UtbetalningUppgift {
        nettobelopp: Some(Belopp::default()),
        ..Default::default()
    };
    let mut payments: Vec<_> = ["2008-06-20", "2008-07-20", "2009-12-20", "2010-01-20"]
        .map(payment)
        .into();
    payments.push(undated);
    let data = Formansinformation {
        utbetalningsuppgift: Some(payments),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Barnbidrag,
        data,
        1975,
        &period("2008-01-01", "2009-12-31"),
    );
    assert_eq!(
        payment_dates(&out),
        [d("2008-07-20"), d("2009-12-20")],
        "none before 2008-07-01, none after tom, none without a date"
    );
    assert_eq!(out.utbetalningsuppgift.map(|p| p.len()), Some(2));
    assert_eq!(available_from.utbetalningar, Some(PAYMENTS_FROM));
    assert_eq!(
        available_from.uppgifter, None,
        "barnbidrag has no window of its own"
    );
}

#[test]
fn h2_utbetalning_reaches_at_most_18_months_back_and_leaves_other_keys_alone() {
    let other = Some(vec![SjukpenningArende {
        startades: Some(d("1999-01-01")),
        ..Default::default()
    }]);
    let data = Formansinformation {
        utbetalningsuppgift: Some(
            ["2025-05-25", "2025-05-26", "2026-11-25"]
                .map(payment)
                .into(),
        ),
        sjukpenningarende: other.clone(),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Utbetalning,
        data,
        1975,
        &period("2025-01-01", TODAY),
    );
    assert_eq!(payment_dates(&out), [d("2025-05-26"), d("2026-11-25")]);
    assert_eq!(available_from, available(None, Some("2025-05-26")));
    assert_eq!(out.sjukpenningarende, other);
}

// ---------------------------------------------------------------------------------
// Windows of their own: H3–H7.

fn ap_beslut(from: &str, till: Option<&str>) -> AllmanpensionBeslut {
    AllmanpensionBeslut {
        period: fran_till(dag(from), till.map(d).map(Datum::Dag)),
        ..Default::default()
    }
}

#[test]
fn h3_old_age_pension_from_2003_for_ap37_and_from_2001_for_ap38() {
    let data = || Formansinformation {
        allmanpensionsarende: Some(vec![AllmanpensionArende {
            beslut: Some(vec![
                ap_beslut("1999-02-01", Some("2000-12-31")),
                ap_beslut("2001-01-01", Some("2002-12-31")),
                ap_beslut("2003-01-01", None),
            ]),
        }]),
        ..Default::default()
    };
    let p = period("2024-01-01", "2025-06-30");
    let kept = |fi: Formansinformation| {
        fi.allmanpensionsarende
            .unwrap_or_default()
            .iter()
            .flat_map(|c| c.beslut.iter().flatten())
            .map(|b| b.period.as_ref().and_then(|p| p.fran))
            .collect::<Vec<_>>()
    };
    let (ap37, from37) = apply(Benefit::Pension, data(), 1937, &p);
    assert_eq!(kept(ap37), [dag("2003-01-01")]);
    assert_eq!(from37, available(Some("2003-01-01"), None));
    let (ap38, from38) = apply(Benefit::Pension, data(), 1938, &p);
    assert_eq!(kept(ap38), [dag("2001-01-01"), dag("2003-01-01")]);
    assert_eq!(from38, available(Some("2001-01-01"), None));
}

#[test]
fn h4_earnings_records_from_earning_year_2003_inside_the_period() {
    let record = |ar| IntjanandeUppgift {
        ar,
        ..Default::default()
    };
    let data = Formansinformation {
        intjanandeuppgift: Some(vec![
            record(Some(2001)),
            record(Some(2002)),
            record(Some(2003)),
            record(Some(2004)),
            record(None),
        ]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Pension,
        data,
        1950,
        &period("2002-01-01", "2003-12-31"),
    );
    assert_eq!(out.intjanandeuppgift, Some(vec![record(Some(2003))]));
    // Earnings reach 2003, payments 2008-07-01: each list says its own.
    assert_eq!(
        available_from,
        available(Some("2003-01-01"), Some("2008-07-01"))
    );
}

#[test]
fn h5_work_injury_annuity_from_2005_in_both_keys() {
    let beslut = |from: &str, till: Option<&str>| ArbetsskadelivrantaBeslut {
        period: fran_till(dag(from), till.map(d).map(Datum::Dag)),
        ..Default::default()
    };
    let own = ArbetsskadelivrantaEgenArende {
        startades: Some(d("2003-05-01")),
        aktivt: Some(true),
        beslut: Some(vec![
            beslut("2003-06-01", Some("2004-12-31")),
            beslut("2005-01-01", None),
        ]),
        ..Default::default()
    };
    let survivors_closed = ArbetsskadelivrantaEfterlevandeArende {
        startades: Some(d("2003-01-01")),
        aktivt: Some(false),
        beslut: Some(vec![beslut("2003-02-01", Some("2004-12-31"))]),
        ..Default::default()
    };
    let data = Formansinformation {
        arbetsskadeegenlivrantearende: Some(vec![own]),
        arbetsskadeefterlevandearende: Some(vec![survivors_closed]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Arbetsskadelivranta,
        data,
        1960,
        &period("2024-01-01", "2025-06-30"),
    );
    let own = out.arbetsskadeegenlivrantearende.unwrap_or_default();
    assert_eq!(own[0].startades, Some(d("2003-05-01")), "start kept");
    assert_eq!(own[0].beslut, Some(vec![beslut("2005-01-01", None)]));
    assert_eq!(out.arbetsskadeefterlevandearende, None);
    assert_eq!(available_from, available(Some("2005-01-01"), None));
}

#[test]
fn h6_sickness_and_activity_compensation_from_2003() {
    let beslut = |fran, till| SjukOchAktivitetsersattningBeslut {
        period: fran_till(fran, till),
        ..Default::default()
    };
    let case = SjukOchAktivitetsersattningArende {
        startades: Some(d("2000-10-01")),
        aktivt: Some(true),
        beslut: Some(vec![
            beslut(manad(2001, 1), manad(2002, 12)),
            beslut(manad(2003, 1), None),
        ]),
        ..Default::default()
    };
    let data = Formansinformation {
        sjuk_och_aktivitetsersattningsarende: Some(vec![case]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::SjukersattningAktivitetsersattning,
        data,
        1965,
        &period("2024-01-01", "2025-06-30"),
    );
    let kept = out.sjuk_och_aktivitetsersattningsarende.unwrap_or_default();
    assert_eq!(kept[0].beslut, Some(vec![beslut(manad(2003, 1), None)]));
    assert_eq!(available_from, available(Some("2003-01-01"), None));
}

#[test]
fn h7_old_daily_benefits_from_2002_and_their_payments_two_years_back() {
    let case = SjukpenningArende {
        startades: Some(d("2000-01-10")),
        aktivt: Some(true),
        beslut: Some(vec![
            sjp_beslut("2000-01-24", Some("2001-12-31")),
            sjp_beslut("2002-01-01", Some("2025-12-31")),
        ]),
    };
    let payments = || {
        Some(
            ["2024-07-10", "2024-11-25", "2024-12-10"]
                .map(payment)
                .into(),
        )
    };
    let data = Formansinformation {
        sjukpenningarende: Some(vec![case]),
        utbetalningsuppgift: payments(),
        ..Default::default()
    };
    let p = period("2024-06-01", "2025-06-30");
    let (out, available_from) = apply(Benefit::Sjukpenning, data, 1970, &p);
    let kept = out.sjukpenningarende.clone().unwrap_or_default();
    assert_eq!(sjp_from(&kept[0]), [dag("2002-01-01")]);
    assert_eq!(
        payments_from(Benefit::Sjukpenning, today()),
        d("2024-11-26")
    );
    assert_eq!(payment_dates(&out), [d("2024-12-10")]);
    // The case reaches back to 2002, the payments to 2024-11-26: one date per list (the
    // one date of old would have said 2024-11-26 of the cases too).
    assert_eq!(
        available_from,
        available(Some("2002-01-01"), Some("2024-11-26"))
    );

    // Tillfällig föräldrapenning is not in H7's list: its payments reach the period.
    let data = Formansinformation {
        utbetalningsuppgift: payments(),
        ..Default::default()
    };
    let (out, available_from) = apply(Benefit::TillfalligForaldrapenning, data, 1970, &p);
    assert_eq!(payment_dates(&out).len(), 3);
    assert_eq!(available_from, available(None, None));
}

// ---------------------------------------------------------------------------------
// H8, H9, H11.

fn certificate(uppdaterades: &str) -> LevnadsintygUppgift {
    LevnadsintygUppgift {
        uppdaterades: Some(uppdaterades.to_owned()),
        ..Default::default()
    }
}

#[test]
fn h8_only_the_life_certificate_in_force_today_is_shown() {
    let data = Formansinformation {
        levnadsintygsuppgift: Some(vec![
            certificate("2025-02-01T10:00:00"),
            certificate("2026-03-01T09:30:00"),
            certificate("2027-01-04T08:00:00"),
            certificate("okänt"),
        ]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Levnadsintyg,
        data,
        1940,
        &period("2020-01-01", "2021-06-30"),
    );
    assert_eq!(
        out.levnadsintygsuppgift,
        Some(vec![certificate("2026-03-01T09:30:00")]),
        "whatever the period: current only, nothing registered after today"
    );
    assert_eq!(available_from, available(None, None));
    assert_eq!(
        levnadsintyg_registered(&certificate("2026-03-01 09:30")),
        Some(d("2026-03-01"))
    );

    // A certificate without a readable date is current when it is the only one.
    let data = Formansinformation {
        levnadsintygsuppgift: Some(vec![certificate("okänt")]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Levnadsintyg,
        data,
        1940,
        &period("2025-01-01", "2025-06-30"),
    );
    assert_eq!(out.levnadsintygsuppgift, Some(vec![certificate("okänt")]));
}

#[test]
fn h9_at_most_the_two_latest_mailing_years_of_forecasts() {
    let forecast = |kronor: i64| IntjanandeBehallning {
        belopp: Some(Belopp {
            summa: Summa::from_ore(kronor * 100),
            valuta: Some("SEK".to_owned()),
        }),
        ..Default::default()
    };
    // v9 carries no mailing year: the registry lists them latest first.
    let data = Formansinformation {
        intjanandebehallning: Some(vec![forecast(3), forecast(2), forecast(1)]),
        ..Default::default()
    };
    let (out, available_from) = apply(
        Benefit::Pensionsprognos,
        data,
        1970,
        &period("2001-01-01", "2002-06-30"),
    );
    assert_eq!(
        out.intjanandebehallning,
        Some(vec![forecast(3), forecast(2)])
    );
    assert_eq!(
        available_from,
        available(None, None),
        "never paid, no date window"
    );
}

#[test]
fn h11_havandeskapspenning_and_graviditetspenning_keep_the_registrys_names() {
    let beslut = |from: &str, till: &str, id: &str, name: &str| GraviditetspenningBeslut {
        forman: Some(Bokstavskod {
            id: Some(id.to_owned()),
            beskrivning: Some(name.to_owned()),
        }),
        period: fran_till(dag(from), dag(till)),
        ..Default::default()
    };
    let case = GraviditetspenningArende {
        startades: Some(d("2010-10-01")),
        aktivt: Some(false),
        avslaget: Some(false),
        beslut: Some(vec![
            beslut("2010-11-01", "2010-12-31", "HP", "Havandeskapspenning"),
            beslut("2011-01-01", "2011-02-15", "GP", "Graviditetspenning"),
        ]),
    };
    let data = Formansinformation {
        graviditetspenningsarende: Some(vec![case]),
        ..Default::default()
    };
    let (out, _) = apply(
        Benefit::Graviditetspenning,
        data.clone(),
        1980,
        &period("2010-06-01", "2011-05-31"),
    );
    assert_eq!(out, data, "nothing cut, nothing renamed");
}

// ---------------------------------------------------------------------------------
// Pensionsmyndigheten's model: claims and decisions (H1, H3), payments (H2), övrig
// information (H4, H8, H9).

use PmFormanGruppKod::{PmAp, PmEf};

fn grupp(kod: PmFormanGruppKod) -> Option<PmFormanGrupp> {
    Some(PmFormanGrupp {
        kod,
        beskrivning: kod.code().to_owned(),
    })
}

fn claim(kod: PmFormanGruppKod, arrived: &str, from: &str, tom: Option<&str>) -> PmFormanAnsprak {
    PmFormanAnsprak {
        ankomstdatum: Some(d(arrived)),
        formansgrupp: grupp(kod),
        yrkad_period: Some(PeriodMedValfrittTom {
            from: d(from),
            tom: tom.map(d),
        }),
        ..Default::default()
    }
}

/// A decision granting one compensation over `[from, tom]` (open without `tom`).
fn decision(kod: PmFormanGruppKod, decided: &str, from: &str, tom: Option<&str>) -> PmFormanBeslut {
    PmFormanBeslut {
        beslutsdatum: Some(d(decided)),
        formansgrupp: grupp(kod),
        beslutad_ersattning: Some(vec![PmFormanBeslutadErsattning {
            period: Some(PeriodMedValfrittTom {
                from: d(from),
                tom: tom.map(d),
            }),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

fn pm_payment(day: &str) -> PmFormanUtbetalning {
    PmFormanUtbetalning {
        utbetalningsdatum: Some(d(day)),
        bruttobelopp: Some(10_000),
        ..Default::default()
    }
}

fn pm_apply(
    benefit: Benefit,
    data: Uppgifter,
    birth_year: i32,
    p: &QueryPeriod,
    payments: Option<NaiveDate>,
) -> (Uppgifter, AvailableFrom) {
    apply_windows(benefit, data, birth_year, p, today(), payments)
}

/// The first day each kept decision's compensation covers.
fn decided_from(data: &Uppgifter) -> Vec<NaiveDate> {
    data.beslut
        .iter()
        .flatten()
        .flat_map(|b| b.beslutad_ersattning.iter().flatten())
        .filter_map(|e| e.period.as_ref().map(|p| p.from))
        .collect()
}

/// A pension claimed in late 2014, from 2015, with a decision every year, still paid.
fn ongoing_pension() -> Uppgifter {
    let decisions = (2015..=2026)
        .map(|y| {
            let tom = (y < 2026).then(|| format!("{y}-12-31"));
            decision(
                PmAp,
                &format!("{}-12-15", y - 1),
                &format!("{y}-01-01"),
                tom.as_deref(),
            )
        })
        .collect();
    Uppgifter {
        ansprak: Some(vec![claim(PmAp, "2014-10-20", "2015-01-01", None)]),
        beslut: Some(decisions),
        ..Default::default()
    }
}

#[test]
fn h1_pm_an_ongoing_claim_is_shown_with_its_whole_history() {
    let p = period("2024-01-01", "2025-06-30");
    let (out, available_from) = pm_apply(Benefit::Pension, ongoing_pension(), 1950, &p, None);
    assert_eq!(
        out.ansprak,
        ongoing_pension().ansprak,
        "the claim goes with its case"
    );
    let years: Vec<i32> = decided_from(&out).iter().map(|d| d.year()).collect();
    assert_eq!(
        years,
        (2015..=2025).collect::<Vec<_>>(),
        "the whole history from the start; 2026 begins after tom"
    );
    assert_eq!(
        available_from,
        available(None, None),
        "ÅP38: 2001 not reached"
    );
}

#[test]
fn h1_pm_a_claim_whose_decision_covers_days_before_it_arrived_is_shown_for_those_days() {
    // The claim arrived 2024-03-01; the decision grants the pension from 2024-01-15
    // (retroactively). A period of only those earlier days touches the case.
    let data = Uppgifter {
        ansprak: Some(vec![claim(
            PmEf,
            "2024-03-01",
            "2024-03-01",
            Some("2024-04-30"),
        )]),
        beslut: Some(vec![decision(
            PmEf,
            "2024-03-20",
            "2024-01-15",
            Some("2024-04-30"),
        )]),
        ..Default::default()
    };
    let (out, _) = pm_apply(
        Benefit::Efterlevandepension,
        data.clone(),
        1960,
        &period("2024-01-01", "2024-02-15"),
        None,
    );
    assert_eq!(out, data);
}

#[test]
fn h1_pm_a_case_ended_before_the_period_is_dropped_claim_and_decisions() {
    let old_claim = claim(PmEf, "2010-02-01", "2010-03-01", Some("2011-02-28"));
    let old_decision = decision(PmEf, "2010-02-20", "2010-03-01", Some("2011-02-28"));
    let new_claim = claim(PmEf, "2024-05-02", "2024-06-01", None);
    let new_decision = decision(PmEf, "2024-05-20", "2024-06-01", None);
    let data = Uppgifter {
        ansprak: Some(vec![old_claim, new_claim.clone()]),
        beslut: Some(vec![old_decision, new_decision.clone()]),
        ..Default::default()
    };
    let (out, _) = pm_apply(
        Benefit::Efterlevandepension,
        data,
        1960,
        &period("2024-01-01", "2025-06-30"),
        None,
    );
    assert_eq!(out.ansprak, Some(vec![new_claim]));
    assert_eq!(out.beslut, Some(vec![new_decision]));
}

#[test]
fn h1_pm_decisions_of_a_group_without_claims_are_cases_of_their_own() {
    let before = decision(PmEf, "2020-01-10", "2020-02-01", Some("2021-01-31"));
    let during = decision(PmEf, "2023-12-10", "2024-01-01", Some("2024-12-31"));
    let undated = PmFormanBeslut {
        formansgrupp: grupp(PmEf),
        ..Default::default()
    };
    let data = Uppgifter {
        beslut: Some(vec![before, during.clone(), undated.clone()]),
        ..Default::default()
    };
    let (out, _) = pm_apply(
        Benefit::Efterlevandepension,
        data,
        1960,
        &period("2024-01-01", "2025-06-30"),
        None,
    );
    assert_eq!(out.beslut, Some(vec![during, undated]), "undated: current");
    assert_eq!(out.ansprak, None);
}

#[test]
fn h3_pm_old_age_pension_from_2003_for_ap37_and_from_2001_for_ap38() {
    let data = || Uppgifter {
        ansprak: Some(vec![claim(PmAp, "1998-11-02", "1999-02-01", None)]),
        beslut: Some(vec![
            decision(PmAp, "1999-01-20", "1999-02-01", Some("2000-12-31")),
            decision(PmAp, "2001-01-12", "2001-01-01", Some("2002-12-31")),
            decision(PmAp, "2003-01-12", "2003-01-01", None),
        ]),
        utbetalningar: Some(vec![pm_payment("2008-06-19"), pm_payment("2024-05-19")]),
        ..Default::default()
    };
    let p = period("2024-01-01", "2025-06-30");
    let paid = Some(payments_from(Benefit::Pension, today()));
    let (ap37, from37) = pm_apply(Benefit::Pension, data(), 1937, &p, paid);
    assert_eq!(decided_from(&ap37), [d("2003-01-01")]);
    assert_eq!(
        ap37.ansprak,
        data().ansprak,
        "the claim's arrival is the case's, kept"
    );
    assert_eq!(ap37.utbetalningar, Some(vec![pm_payment("2024-05-19")]));
    assert_eq!(from37, available(Some("2003-01-01"), None));
    let (ap38, from38) = pm_apply(Benefit::Pension, data(), 1938, &p, paid);
    assert_eq!(decided_from(&ap38), [d("2001-01-01"), d("2003-01-01")]);
    assert_eq!(from38, available(Some("2001-01-01"), None));
}

#[test]
fn h2_pm_payments_by_their_day_from_2008_07_01_inside_the_period() {
    let undated = PmFormanUtbetalning {
        bruttobelopp: Some(1),
        ..Default::default()
    };
    let data = Uppgifter {
        utbetalningar: Some(vec![
            pm_payment("2008-06-19"),
            pm_payment("2008-07-19"),
            pm_payment("2009-12-19"),
            pm_payment("2010-01-19"),
            undated,
        ]),
        preliminara_utbetalningar: Some(vec![pm_payment("2010-01-19")]),
        ..Default::default()
    };
    let (out, available_from) = pm_apply(
        Benefit::BostadstillaggPensionarer,
        data,
        1940,
        &period("2008-01-01", "2009-12-31"),
        Some(payments_from(Benefit::BostadstillaggPensionarer, today())),
    );
    assert_eq!(
        out.utbetalningar,
        Some(vec![pm_payment("2008-07-19"), pm_payment("2009-12-19")])
    );
    assert_eq!(out.preliminara_utbetalningar, None, "after tom");
    assert_eq!(available_from, available(None, Some("2008-07-01")));
}

#[test]
fn h2_payments_not_asked_for_are_dropped_in_both_models_the_records_stay() {
    let fi = Formansinformation {
        barnbidragsarende: Some(vec![BarnbidragArende {
            beslut: Some(vec![BarnbidragBeslut {
                period: fran_till(dag("2020-01-01"), None),
                ..Default::default()
            }]),
            ..Default::default()
        }]),
        utbetalningsuppgift: Some(vec![payment("2024-05-20")]),
        ..Default::default()
    };
    let data = Uppgifter {
        formansinformation: Some(fi.clone()),
        utbetalningar: Some(vec![pm_payment("2024-05-19")]),
        preliminara_utbetalningar: Some(vec![pm_payment("2024-06-19")]),
        ..ongoing_pension()
    };
    let p = period("2024-01-01", "2025-06-30");
    let (out, available_from) = pm_apply(Benefit::Barnbidrag, data.clone(), 1975, &p, None);
    let kept = out.formansinformation.unwrap_or_default();
    assert_eq!(kept.utbetalningsuppgift, None);
    assert_eq!(kept.barnbidragsarende, fi.barnbidragsarende);
    assert_eq!(
        (out.utbetalningar, out.preliminara_utbetalningar),
        (None, None)
    );
    assert_eq!(
        out.beslut.map(|b| b.len()),
        Some(11),
        "PM's decisions stay too"
    );
    assert_eq!(
        available_from.utbetalningar, None,
        "no payment window to speak of when none were asked for"
    );
    // Asked for, the same payments inside the period are shown.
    let asked = Some(payments_from(Benefit::Barnbidrag, today()));
    let (out, _) = pm_apply(Benefit::Barnbidrag, data, 1975, &p, asked);
    let kept = out.formansinformation.unwrap_or_default();
    assert_eq!(payment_dates(&kept), [d("2024-05-20")]);
    assert_eq!(out.utbetalningar, Some(vec![pm_payment("2024-05-19")]));
}

#[test]
fn h2_the_callers_later_first_day_cuts_the_payments_and_is_the_payments_date() {
    // The seed's "Utbetalning" asks a benefit's payments 18 months back: the caller
    // passes that day; the cases keep their own window and their own date.
    let data = Uppgifter {
        formansinformation: Some(Formansinformation {
            sjukpenningarende: Some(vec![SjukpenningArende {
                startades: Some(d("2000-01-10")),
                aktivt: Some(true),
                beslut: Some(vec![sjp_beslut("2000-01-24", None)]),
            }]),
            utbetalningsuppgift: Some(["2025-05-10", "2025-06-10"].map(payment).into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let eighteen_months = d("2025-05-26");
    let (out, available_from) = pm_apply(
        Benefit::Sjukpenning,
        data,
        1970,
        &period("2025-01-01", TODAY),
        Some(eighteen_months),
    );
    let fi = out.formansinformation.unwrap_or_default();
    assert_eq!(payment_dates(&fi), [d("2025-06-10")]);
    assert_eq!(
        available_from,
        available(Some("2002-01-01"), Some("2025-05-26")),
        "one date per list: the case from 2002 (H7), its payments from the caller's day"
    );
}

fn earnings_entry(years: &[Option<i32>]) -> PmOvrigInformation {
    PmOvrigInformation {
        informationstyp: Some(PmOvrigInformationTyp::new(
            PmOvrigInformationTypKod::PmPu,
            "Pensionsunderlag",
        )),
        pensionsunderlag: Some(PmPensionUnderlag {
            intjanandear: Some(
                years
                    .iter()
                    .map(|y| PmPensionUnderlagIntjanandeAr {
                        artal: y.and_then(Artal::new),
                        pensionsgrundande_inkomst: Some(400_000),
                        ..Default::default()
                    })
                    .collect(),
            ),
        }),
        ..Default::default()
    }
}

#[test]
fn h4_pm_earnings_years_from_2003_and_only_the_years_the_period_touches() {
    let data = Uppgifter {
        ovrig_information: Some(vec![earnings_entry(&[
            Some(2001),
            Some(2002),
            Some(2003),
            Some(2004),
            None,
        ])]),
        ..Default::default()
    };
    let (out, available_from) = pm_apply(
        Benefit::Pension,
        data.clone(),
        1950,
        &period("2002-01-01", "2003-12-31"),
        None,
    );
    assert_eq!(
        out.ovrig_information,
        Some(vec![earnings_entry(&[Some(2003)])])
    );
    assert_eq!(available_from, available(Some("2003-01-01"), None));
    // A period of earning years before 2003 only: the entry is left out altogether.
    let (out, _) = pm_apply(
        Benefit::Pension,
        data,
        1950,
        &period("2001-01-01", "2002-12-31"),
        None,
    );
    assert_eq!(out.ovrig_information, None);
}

fn certificate_entry(day: Option<&str>, status: PmLevnadsintygStatusKod) -> PmOvrigInformation {
    PmOvrigInformation {
        informationstyp: Some(PmOvrigInformationTyp::new(
            PmOvrigInformationTypKod::PmLint,
            "Levnadsintyg",
        )),
        levnadsintyg: Some(PmLevnadsintyg {
            senast_uppdaterad: day.map(d),
            levnadsintygsstatus: Some(PmLevnadsintygStatus::new(status, "Status")),
        }),
        ..Default::default()
    }
}

#[test]
fn h8_pm_only_the_life_certificate_in_force_today() {
    use PmLevnadsintygStatusKod::{Status1, Status2, Status4, Status8};
    let data = Uppgifter {
        ovrig_information: Some(vec![
            certificate_entry(Some("2025-02-01"), Status2),
            certificate_entry(Some("2026-03-01"), Status8),
            certificate_entry(Some("2027-01-04"), Status1),
            certificate_entry(None, Status4),
        ]),
        ..Default::default()
    };
    let (out, available_from) = pm_apply(
        Benefit::Levnadsintyg,
        data,
        1940,
        &period("2020-01-01", "2021-06-30"),
        None,
    );
    assert_eq!(
        out.ovrig_information,
        Some(vec![certificate_entry(Some("2026-03-01"), Status8)]),
        "whatever the period: current only, nothing registered after today"
    );
    assert_eq!(available_from, available(None, None));
}

/// An account's values: (year of establishment, kronor).
type Values<'a> = &'a [(Option<i32>, i64)];

fn balance_entry(accounts: &[(PmPensionKontoTypKod, Values)]) -> PmOvrigInformation {
    PmOvrigInformation {
        informationstyp: Some(PmOvrigInformationTyp::new(
            PmOvrigInformationTypKod::PmPbh,
            "Pensionsbehållning",
        )),
        pensionsbehallning: Some(PmPensionBehallning {
            pensionskonton: Some(
                accounts
                    .iter()
                    .map(|(typ, values)| PmPensionKonto {
                        kontotyp: Some(PmPensionKontoTyp::new(*typ, typ.code())),
                        kontovarden: Some(
                            values
                                .iter()
                                .map(|(year, varde)| PmPensionKontoVarde {
                                    varde: Some(*varde),
                                    faststallelsear: year.and_then(Artal::new),
                                    ..Default::default()
                                })
                                .collect(),
                        ),
                    })
                    .collect(),
            ),
        }),
        ..Default::default()
    }
}

#[test]
fn h9_pm_only_the_two_latest_years_of_the_pension_balance() {
    use PmPensionKontoTypKod::{Ip, Prep};
    let data = Uppgifter {
        ovrig_information: Some(vec![balance_entry(&[
            (
                Ip,
                &[
                    (Some(2026), 26),
                    (Some(2025), 25),
                    (Some(2024), 24),
                    (None, 1),
                ],
            ),
            (Prep, &[(Some(2027), 7), (Some(2025), 5), (Some(2023), 3)]),
        ])]),
        ..Default::default()
    };
    let (out, available_from) = pm_apply(
        Benefit::Pensionsprognos,
        data,
        1970,
        &period("2001-01-01", "2002-06-30"),
        None,
    );
    assert_eq!(
        out.ovrig_information,
        Some(vec![balance_entry(&[
            (Ip, &[(Some(2026), 26), (Some(2025), 25)]),
            (Prep, &[(Some(2025), 5)]),
        ])]),
        "2026 and 2025; 2027 is after today's year; a value without a year cannot be placed"
    );
    assert_eq!(available_from, available(None, None));
}

#[test]
fn h4_h8_h9_pm_an_entry_keeps_only_what_its_type_names_and_one_of_no_type_is_dropped() {
    let mut mixed = certificate_entry(Some("2026-03-01"), PmLevnadsintygStatusKod::Status2);
    mixed.pensionsunderlag = earnings_entry(&[Some(2024)]).pensionsunderlag;
    let untyped = PmOvrigInformation {
        levnadsintyg: mixed.levnadsintyg.clone(),
        pensionsunderlag: mixed.pensionsunderlag.clone(),
        ..Default::default()
    };
    let data = Uppgifter {
        ovrig_information: Some(vec![mixed, untyped]),
        ..Default::default()
    };
    let (out, _) = pm_apply(
        Benefit::Levnadsintyg,
        data,
        1940,
        &period("2024-01-01", "2025-06-30"),
        None,
    );
    assert_eq!(
        out.ovrig_information,
        Some(vec![certificate_entry(
            Some("2026-03-01"),
            PmLevnadsintygStatusKod::Status2
        )])
    );
}

// ---------------------------------------------------------------------------------
// Every answer key, and nothing else.

/// A case that ended long ago, in a shape every case type reads (unknown fields are
/// ignored).
fn stale_case() -> Value {
    json!({
        "startades": "1990-01-01",
        "aktivt": false,
        "beslut": [{"fattades": "1990-01-01", "period": {"fran": "1990-01-01", "till": "1990-12-31"}}],
    })
}

/// A benefit's keys in Försäkringskassan's model: its answer keys, or for
/// Pensionsmyndigheten's benefits the FK-model keys of the same data (which the windows
/// still cut, should a registry send them).
fn fk_keys(benefit: Benefit) -> Vec<&'static str> {
    match benefit {
        Benefit::Pension => vec!["allmanpensionsarende", "intjanandeuppgift"],
        Benefit::Efterlevandepension => vec!["efterlevandepensionsarende"],
        Benefit::BostadstillaggPensionarer => vec!["bostadstillaggsarende"],
        Benefit::Pensionsprognos => vec!["intjanandebehallning"],
        Benefit::Levnadsintyg => vec!["levnadsintygsuppgift"],
        b => b.answer_keys().to_vec(),
    }
}

/// Data under every key of Försäkringskassan's model that each benefit's windows cut,
/// and under keys of no benefit too.
fn stale_everything() -> Formansinformation {
    let mut fi = Map::new();
    for benefit in Benefit::ALL {
        for key in fk_keys(benefit) {
            fi.insert(key.to_owned(), json!([stale_case()]));
        }
    }
    let mut set = |key: &str, value: Value| fi.insert(key.to_owned(), value);
    set("intjanandeuppgift", json!([{"ar": 1990}]));
    let forecasts = [1, 2, 3].map(|k| json!({"belopp": {"summa": k}}));
    set("intjanandebehallning", json!(forecasts));
    set(
        "levnadsintygsuppgift",
        json!([{"uppdaterades": "2020-01-01T10:00:00"}, {"uppdaterades": "2021-01-01T10:00:00"}]),
    );
    set(
        "sjukpenninggrundandeInkomstuppgift",
        json!([{"faststalldes": "1990-01-01"}, {"faststalldes": "1991-01-01"}]),
    );
    set("utbetalningsuppgift", json!([{"datum": "1990-01-25"}]));
    // Keys of no benefit in the catalogue.
    set("mottagareavbarnbidrag", json!([stale_case()]));
    set(
        "omvardnadsbidragsarende",
        json!([{"startades": "1990-01-01", "aktivt": false}]),
    );
    set("preliminarautbetalningar", json!([{"datum": "1990-01-25"}]));
    set("generellPersoninformation", json!([{}]));
    serde_json::from_value(Value::Object(fi))
        .unwrap_or_else(|e| panic!("stale data does not read: {e}"))
}

fn as_object(fi: &Formansinformation) -> Map<String, Value> {
    match serde_json::to_value(fi) {
        Ok(Value::Object(map)) => map,
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn h1_every_answer_key_of_a_benefit_is_windowed_and_no_other_key_is_touched() {
    let data = stale_everything();
    let before = as_object(&data);
    for benefit in Benefit::ALL {
        let (out, _) = apply(
            benefit,
            data.clone(),
            1960,
            &period("2024-01-01", "2025-06-30"),
        );
        let after = as_object(&out);
        let changed: BTreeSet<&str> = before
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .map(String::as_str)
            .collect();
        let mut expected: BTreeSet<&str> = fk_keys(benefit).into_iter().collect();
        expected.insert("utbetalningsuppgift");
        assert_eq!(changed, expected, "{benefit:?}");
        assert!(
            after.keys().all(|k| before.contains_key(k)),
            "{benefit:?} added a key"
        );
    }
}

#[test]
fn h1_pensionsmyndighetens_model_is_windowed_whatever_the_benefit() {
    // Stale data in every list of PM's model: whichever registry sent it, nothing of it
    // reaches a 2024–2025 answer.
    let stale = Uppgifter {
        ansprak: Some(vec![claim(
            PmEf,
            "1990-01-02",
            "1990-02-01",
            Some("1990-12-31"),
        )]),
        beslut: Some(vec![decision(
            PmEf,
            "1990-01-20",
            "1990-02-01",
            Some("1990-12-31"),
        )]),
        utbetalningar: Some(vec![pm_payment("1990-02-19")]),
        preliminara_utbetalningar: Some(vec![pm_payment("1990-03-19")]),
        ovrig_information: Some(vec![
            earnings_entry(&[Some(1990)]),
            balance_entry(&[(PmPensionKontoTypKod::Ip, &[(None, 1)])]),
            PmOvrigInformation::default(),
        ]),
        ..Default::default()
    };
    for benefit in Benefit::ALL {
        let (out, _) = apply_windows(
            benefit,
            stale.clone(),
            1960,
            &period("2024-01-01", "2025-06-30"),
            today(),
            Some(payments_from(benefit, today())),
        );
        assert_eq!(out, Uppgifter::default(), "{benefit:?}");
    }
}

// ---------------------------------------------------------------------------------
// Properties.

fn arb_day() -> impl Strategy<Value = NaiveDate> {
    (0u64..11_650).prop_map(|n| d("1995-01-01") + Days::new(n))
}

/// A period date as v9 writes it: a day, or a month.
fn arb_datum() -> impl Strategy<Value = String> {
    (arb_day(), any::<bool>()).prop_map(|(day, whole_month)| {
        let format = if whole_month { "%Y-%m" } else { "%Y-%m-%d" };
        day.format(format).to_string()
    })
}

fn arb_beslut() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(arb_day()),
        proptest::option::of((
            proptest::option::of(arb_datum()),
            proptest::option::of(arb_datum()),
        )),
    )
        .prop_map(|(fattades, period)| {
            let mut b = Map::new();
            if let Some(day) = fattades {
                b.insert("fattades".into(), json!(day.to_string()));
            }
            if let Some((fran, till)) = period {
                b.insert("period".into(), json!({"fran": fran, "till": till}));
            }
            Value::Object(b)
        })
}

fn arb_case() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(arb_day()),
        proptest::option::of(any::<bool>()),
        proptest::collection::vec(arb_beslut(), 0..5),
    )
        .prop_map(|(startades, aktivt, beslut)| {
            json!({
                "startades": startades.map(|s| s.to_string()),
                "aktivt": aktivt,
                "beslut": beslut,
            })
        })
}

/// The answer keys that hold cases (the others hold records, forecasts, certificates).
fn case_keys(benefit: Benefit) -> Vec<&'static str> {
    const NOT_CASES: [&str; 5] = [
        "intjanandeuppgift",
        "intjanandebehallning",
        "levnadsintygsuppgift",
        "sjukpenninggrundandeInkomstuppgift",
        "utbetalningsuppgift",
    ];
    fk_keys(benefit)
        .into_iter()
        .filter(|k| !NOT_CASES.contains(k))
        .collect()
}

fn datum(value: &Value) -> Option<Datum> {
    value.as_str().and_then(|s| s.parse().ok())
}

/// The first day a decision (as JSON) covers: its period's start, else its day.
fn decision_from(beslut: &Value) -> Option<NaiveDate> {
    let period = &beslut["period"];
    let (fran, till) = (datum(&period["fran"]), datum(&period["till"]));
    match (fran, till) {
        (Some(f), _) => Some(f.first_day()),
        (None, Some(_)) => Some(NaiveDate::MIN),
        (None, None) => datum(&beslut["fattades"]).map(Datum::first_day),
    }
}

proptest! {
    /// H1, H2, H7: after the windows, no decision lies wholly after `tom`, and no payment
    /// is outside the period or before the benefit's payment window.
    #[test]
    fn h1_h2_nothing_shown_lies_after_tom_or_before_the_payment_window(
        index in 0usize..24,
        birth in 1930i32..2005,
        from in arb_day(),
        len in 0u64..730,
        cases in proptest::collection::vec(arb_case(), 0..4),
        paid in proptest::collection::vec(proptest::option::of(arb_day()), 0..8),
    ) {
        let benefit = Benefit::ALL[index];
        let to = from + Days::new(len);
        let Ok(p) = QueryPeriod::new(from, to, today(), PeriodLimit::STANDARD) else {
            return Ok(());
        };
        let mut fi = Map::new();
        for key in case_keys(benefit) {
            fi.insert(key.to_owned(), json!(cases));
        }
        let payments: Vec<Value> = paid
            .iter()
            .map(|day| json!({"datum": day.map(|d| d.to_string())}))
            .collect();
        fi.insert("utbetalningsuppgift".into(), json!(payments));
        let data: Formansinformation = serde_json::from_value(Value::Object(fi))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;

        let before = as_object(&data);
        let (out, available_from) = apply(benefit, data, birth, &p);
        let after = as_object(&out);
        for key in case_keys(benefit) {
            for case in after.get(key).and_then(Value::as_array).into_iter().flatten() {
                // What the case covered as the registry sent it (its start, or a decision
                // before it, H1) starts by tom, though windows may have cut those days.
                // (Undated cases are current, never cut.)
                let covered = |c: &Value| {
                    let decisions = c["beslut"].as_array().into_iter().flatten();
                    datum(&c["startades"])
                        .map(Datum::first_day)
                        .into_iter()
                        .chain(decisions.filter_map(decision_from))
                        .min()
                };
                let mut sent = before
                    .get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter(|c| c["startades"] == case["startades"]);
                prop_assert!(
                    sent.any(|c| covered(c).is_none_or(|start| start <= p.to())),
                    "{key}: case starts after tom"
                );
                for b in case["beslut"].as_array().into_iter().flatten() {
                    if let Some(first) = decision_from(b) {
                        prop_assert!(first <= p.to(), "{key}: decision after tom: {b}");
                    }
                }
            }
        }
        for day in payment_dates(&out) {
            prop_assert!(day >= payments_from(benefit, today()));
            prop_assert!(p.range().contains(day));
        }
        let undated = out.utbetalningsuppgift.iter().flatten().filter(|p| p.datum.is_none());
        prop_assert_eq!(undated.count(), 0);
        for available in [available_from.uppgifter, available_from.utbetalningar] {
            prop_assert!(available.is_none_or(|a| a <= today()));
        }
    }
}

fn arb_pm_decision() -> impl Strategy<Value = PmFormanBeslut> {
    (
        proptest::option::of(arb_day()),
        proptest::collection::vec((arb_day(), proptest::option::of(0u64..4000)), 0..3),
    )
        .prop_map(|(decided, periods)| PmFormanBeslut {
            beslutsdatum: decided,
            formansgrupp: grupp(PmAp),
            beslutad_ersattning: Some(
                periods
                    .into_iter()
                    .map(|(from, days)| PmFormanBeslutadErsattning {
                        period: Some(PeriodMedValfrittTom {
                            from,
                            tom: days.map(|n| from + Days::new(n)),
                        }),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        })
}

fn arb_pm_claim() -> impl Strategy<Value = PmFormanAnsprak> {
    (
        proptest::option::of(arb_day()),
        proptest::option::of((arb_day(), proptest::option::of(0u64..4000))),
    )
        .prop_map(|(arrived, claimed)| PmFormanAnsprak {
            ankomstdatum: arrived,
            formansgrupp: grupp(PmAp),
            yrkad_period: claimed.map(|(from, days)| PeriodMedValfrittTom {
                from,
                tom: days.map(|n| from + Days::new(n)),
            }),
            ..Default::default()
        })
}

proptest! {
    /// H1–H3 on PM's model: no kept decision covers only days after `tom` or only days
    /// before the pension window (H3), no payment lies outside the period or before
    /// 2008-07-01, and nothing is invented.
    #[test]
    fn h1_h2_h3_pm_nothing_shown_lies_after_tom_or_before_its_windows(
        birth in 1930i32..1960,
        from in arb_day(),
        len in 0u64..730,
        claims in proptest::collection::vec(arb_pm_claim(), 0..3),
        decisions in proptest::collection::vec(arb_pm_decision(), 0..6),
        paid in proptest::collection::vec(proptest::option::of(arb_day()), 0..6),
    ) {
        let to = from + Days::new(len);
        let Ok(p) = QueryPeriod::new(from, to, today(), PeriodLimit::STANDARD) else {
            return Ok(());
        };
        let payments: Vec<PmFormanUtbetalning> = paid
            .iter()
            .map(|day| PmFormanUtbetalning { utbetalningsdatum: *day, ..Default::default() })
            .collect();
        let data = Uppgifter {
            ansprak: Some(claims.clone()),
            beslut: Some(decisions.clone()),
            utbetalningar: Some(payments),
            ..Default::default()
        };
        let window = if birth <= 1937 { d("2003-01-01") } else { d("2001-01-01") };
        let first_payment_day = payments_from(Benefit::Pension, today());
        let (out, available_from) =
            pm_apply(Benefit::Pension, data, birth, &p, Some(first_payment_day));
        for b in out.beslut.iter().flatten() {
            prop_assert!(decisions.contains(b), "a decision was invented or changed");
            let periods: Vec<&PeriodMedValfrittTom> =
                b.beslutad_ersattning.iter().flatten().filter_map(|e| e.period.as_ref()).collect();
            if let Some(first) = periods.iter().map(|p| p.from).min() {
                prop_assert!(first <= p.to(), "decision after tom: {b:?}");
                let open = periods.iter().any(|p| p.tom.is_none());
                let last = periods.iter().filter_map(|p| p.tom).max();
                prop_assert!(open || last.is_some_and(|l| l >= window), "decision before H3: {b:?}");
            }
        }
        for c in out.ansprak.iter().flatten() {
            prop_assert!(claims.contains(c), "a claim was invented or changed");
        }
        for pay in out.utbetalningar.iter().flatten() {
            let day = pay.utbetalningsdatum.expect("only dated payments are shown");
            prop_assert!(day >= PAYMENTS_FROM && p.range().contains(day));
        }
        if let Some(w) = available_from.uppgifter {
            // The pension window (H3), or the earnings' (H4, 2003), which PM:AP also holds.
            prop_assert!(w == window.max(d("2003-01-01")) || w == window, "{w}");
        }
    }
}

//! The history windows (SPEC §4) on v9 answers, through the Compile step's entry point
//! [`apply_windows`]: one test or more per H-rule that applies to benefit data (H10,
//! person data, is not here), named after the rule, and property tests of the bounds
//! every answer keeps.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use lefi_contract::history::{apply_windows, levnadsintyg_registered};
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

fn apply(
    benefit: Benefit,
    data: Formansinformation,
    birth_year: i32,
    p: &QueryPeriod,
) -> (Formansinformation, Option<NaiveDate>) {
    apply_windows(benefit, data, birth_year, p, today())
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
    assert_eq!(available_from, Some(d("2024-11-26")));
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
    assert_eq!(available_from, None, "no window reached");
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
    assert_eq!(available_from, None);
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
    assert_eq!(available_from, Some(PAYMENTS_FROM));
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
    assert_eq!(available_from, Some(d("2025-05-26")));
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
    assert_eq!(from37, Some(d("2003-01-01")));
    let (ap38, from38) = apply(Benefit::Pension, data(), 1938, &p);
    assert_eq!(kept(ap38), [dag("2001-01-01"), dag("2003-01-01")]);
    assert_eq!(from38, Some(d("2001-01-01")));
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
    // Earnings reach 2003, payments 2008-07-01: the later one is what the answer says.
    assert_eq!(available_from, Some(PAYMENTS_FROM));
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
    assert_eq!(available_from, Some(d("2005-01-01")));
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
    assert_eq!(available_from, Some(d("2003-01-01")));
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
    // The case reaches back to 2002, the payments to 2024-11-26: the later one.
    assert_eq!(available_from, Some(d("2024-11-26")));

    // Tillfällig föräldrapenning is not in H7's list: its payments reach the period.
    let data = Formansinformation {
        utbetalningsuppgift: payments(),
        ..Default::default()
    };
    let (out, available_from) = apply(Benefit::TillfalligForaldrapenning, data, 1970, &p);
    assert_eq!(payment_dates(&out).len(), 3);
    assert_eq!(available_from, None);
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
    assert_eq!(available_from, None);
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
    assert_eq!(available_from, None, "never paid, no date window");
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

/// Data under every answer key that each benefit's windows cut, and under keys of no
/// benefit too.
fn stale_everything() -> Formansinformation {
    let mut fi = Map::new();
    for benefit in Benefit::ALL {
        for key in benefit.answer_keys() {
            fi.insert((*key).to_owned(), json!([stale_case()]));
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
        let mut expected: BTreeSet<&str> = benefit.answer_keys().iter().copied().collect();
        expected.insert("utbetalningsuppgift");
        assert_eq!(changed, expected, "{benefit:?}");
        assert!(
            after.keys().all(|k| before.contains_key(k)),
            "{benefit:?} added a key"
        );
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
    benefit
        .answer_keys()
        .iter()
        .copied()
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
        let (out, available_from) = apply_windows(benefit, data, birth, &p, today());
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
        if let Some(available) = available_from {
            prop_assert!(available <= today());
        }
    }
}

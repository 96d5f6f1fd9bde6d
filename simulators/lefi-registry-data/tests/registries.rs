//! The benefit registries through the public facade (`Registers`): every H-rule can be
//! observed in their answers (the fixtures), the seed's example is exact, and the
//! generated population keeps every rule, realistically mixed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use lefi_contract::v9::{
    Bokstavskod, Datum, Ersattningstyp, Formansinformation, FranTill, Omfattning,
    PmFormanBeslutadErsattningTypKod, PmLevnadsintygStatusKod, PmOvrigInformation,
    PmOvrigInformationTypKod, PmPensionKontoTypKod, PmUtbetalningFormanKod, Sifferkod,
    SjukpenninggrundandeInkomstUppgift, Uppgifter, UtbetalningUppgift,
};
use lefi_domain::history::{PAYMENTS_FROM, Window, payments_from, window};
use lefi_domain::{Benefit, Personnummer};
use lefi_registry_data::fixtures::FIXTURES;
use lefi_registry_data::person::{PersonFacts, lives_abroad, register_entry};
use lefi_registry_data::{History, PersonAnswer, Registers, RegistersConfig};
use serde_json::Value;

fn d(s: &str) -> NaiveDate {
    lefi_domain::period::parse_iso_date(s).expect("a test date")
}

const AS_OF: &str = "2026-11-26";

fn registers_on(as_of: &str) -> Registers {
    Registers::new(RegistersConfig {
        seed: RegistersConfig::DEFAULT_SEED,
        population: RegistersConfig::DEFAULT_POPULATION,
        as_of: d(as_of),
    })
}

fn registers() -> Registers {
    registers_on(AS_OF)
}

fn fetch(r: &Registers, benefit: Benefit, customer_id: &str) -> Uppgifter {
    fetch_with(r, benefit, customer_id, History::Windowed)
}

fn fetch_with(r: &Registers, benefit: Benefit, customer_id: &str, history: History) -> Uppgifter {
    r.fetch(benefit, customer_id, history)
        .unwrap_or_else(|| panic!("{customer_id} unknown"))
}

/// Försäkringskassan's model of an answer (empty when there is none).
fn fk(r: &Registers, benefit: Benefit, customer_id: &str) -> Formansinformation {
    fetch(r, benefit, customer_id)
        .formansinformation
        .unwrap_or_default()
}

/// The entries of one type of PM's övrig information.
fn ovrig(up: &Uppgifter, kod: PmOvrigInformationTypKod) -> Vec<PmOvrigInformation> {
    up.ovrig_information
        .iter()
        .flatten()
        .filter(|e| e.informationstyp.as_ref().map(|t| t.kod) == Some(kod))
        .cloned()
        .collect()
}

fn day(datum: &Option<Datum>) -> Option<NaiveDate> {
    match datum {
        Some(Datum::Dag(d)) => Some(*d),
        Some(Datum::Manad(m)) => Some(m.first_day()),
        None => None,
    }
}

fn from_till(p: &Option<FranTill>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let p = p.as_ref().expect("a period");
    (day(&p.fran), day(&p.till))
}

fn omf(t: u32, n: u32) -> Option<Omfattning> {
    Some(Omfattning {
        taljare: Some(t),
        namnare: Some(n),
    })
}

fn payment_dates(fi: &Formansinformation) -> Vec<NaiveDate> {
    fi.utbetalningsuppgift
        .iter()
        .flatten()
        .map(|p| p.datum.expect("payment date"))
        .collect()
}

// ---------------------------------------------------------------------------------
// Walking an answer as JSON: its keys, its dates, its cases.

/// Every date in an answer, with the key it sits under and whether it is in a payment.
fn dates(value: &Value) -> Vec<(String, bool, NaiveDate)> {
    fn walk(v: &Value, key: &str, in_payment: bool, out: &mut Vec<(String, bool, NaiveDate)>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let payment = ["utbetalningsuppgift", "utbetalningar"].contains(&k.as_str());
                    walk(v, k, in_payment || payment, out);
                }
            }
            Value::Array(items) => {
                for v in items {
                    walk(v, key, in_payment, out);
                }
            }
            Value::String(s) => {
                let date = match s.len() {
                    7 => NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok(),
                    10 | 19 => s.get(..10).and_then(lefi_domain::period::parse_iso_date),
                    _ => None,
                };
                if let Some(date) = date {
                    out.push((key.to_owned(), in_payment, date));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", false, &mut out);
    out
}

/// Keys that are not decision data: the case's start and a claim's arrival (kept before
/// the window, H1), and facts about people and injuries.
const NOT_DECISION_DATA: [&str; 7] = [
    "startades",
    "ankomstdatum",
    "foddes",
    "avled",
    "fodelsedatum",
    "dodsfallsdatum",
    "skadetillfalle",
];

/// Facts about other people, which may lie after the person's own death.
const ABOUT_PEOPLE: [&str; 4] = ["foddes", "avled", "fodelsedatum", "dodsfallsdatum"];

/// Keys that hold records rather than cases.
const RECORD_KEYS: [&str; 5] = [
    "utbetalningsuppgift",
    "intjanandeuppgift",
    "intjanandebehallning",
    "levnadsintygsuppgift",
    "sjukpenninggrundandeInkomstuppgift",
];

/// A case seen generically: when it started, whether it is ongoing.
struct CaseView {
    start: Option<NaiveDate>,
    ongoing: bool,
}

fn cases(value: &Value) -> Vec<CaseView> {
    let mut out = Vec::new();
    // Pensionsmyndigheten's model: a claim is a case, ongoing while its period is open.
    for claim in value["ansprak"].as_array().into_iter().flatten() {
        out.push(CaseView {
            start: claim["ankomstdatum"]
                .as_str()
                .and_then(lefi_domain::period::parse_iso_date),
            ongoing: claim["yrkadPeriod"].is_object() && claim["yrkadPeriod"]["tom"].is_null(),
        });
    }
    let Value::Object(map) = &value["formansinformation"] else {
        return out;
    };
    for (key, list) in map {
        if RECORD_KEYS.contains(&key.as_str()) {
            continue;
        }
        for case in list.as_array().into_iter().flatten() {
            let decisions: Vec<&Value> = case["beslut"].as_array().into_iter().flatten().collect();
            let fran = decisions
                .iter()
                .filter_map(|b| b["period"]["fran"].as_str())
                .filter_map(lefi_domain::period::parse_iso_date)
                .min();
            let start = case["startades"]
                .as_str()
                .and_then(lefi_domain::period::parse_iso_date)
                .or(fran);
            let ongoing = match case["aktivt"].as_bool() {
                Some(a) => a,
                // Types without `aktivt`: an open decision runs on.
                None => decisions
                    .iter()
                    .any(|b| b["period"].is_object() && b["period"]["till"].is_null()),
            };
            out.push(CaseView { start, ongoing });
        }
    }
    out
}

/// The keys of a JSON object.
fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Checks that an answer holds its benefit's data only, in its authority's model:
/// Försäkringskassan's in `formansinformation` under its answer keys, Pensionsmyndigheten's
/// in PM's lists (and nothing of it in `formansinformation`).
fn check_model(benefit: Benefit, up: &Uppgifter, value: &Value, who: &str) {
    let answer_keys = benefit.answer_keys();
    match benefit.source() {
        lefi_domain::Source::Fk => {
            assert!(
                keys(value).iter().all(|k| k == "formansinformation"),
                "{who} {benefit}: PM's lists in an FK answer: {:?}",
                keys(value)
            );
            let mut allowed: BTreeSet<String> =
                answer_keys.iter().map(|k| (*k).to_owned()).collect();
            allowed.insert("utbetalningsuppgift".into());
            let fi_keys = keys(&value["formansinformation"]);
            assert!(
                fi_keys.is_subset(&allowed),
                "{who} {benefit}: keys {fi_keys:?} beyond {allowed:?}"
            );
        }
        lefi_domain::Source::Pm => {
            assert!(
                up.formansinformation.is_none(),
                "{who} {benefit}: PM data in formansinformation"
            );
            let lists: BTreeSet<String> = answer_keys
                .iter()
                .map(|k| k.split(':').next().unwrap_or(k).to_owned())
                .collect();
            assert!(
                keys(value).is_subset(&lists),
                "{who} {benefit}: lists {:?} beyond {lists:?}",
                keys(value)
            );
            for entry in up.ovrig_information.iter().flatten() {
                let typ = entry.informationstyp.as_ref().expect("a type").kod;
                let key = format!("ovrigInformation:{typ}");
                assert!(
                    answer_keys.contains(&key.as_str()),
                    "{who} {benefit}: {key}"
                );
            }
            let groups = up
                .ansprak
                .iter()
                .flatten()
                .map(|a| a.formansgrupp.as_ref())
                .chain(up.beslut.iter().flatten().map(|b| b.formansgrupp.as_ref()))
                .chain(
                    up.utbetalningar
                        .iter()
                        .flatten()
                        .flat_map(|u| u.utbetalningsrader.iter().flatten())
                        .map(|r| r.formansgrupp.as_ref()),
                );
            for g in groups {
                assert_eq!(
                    g.map(|g| g.kod.code()),
                    Some(benefit.code()),
                    "{who}: another group's data"
                );
            }
            // Other people's personnummer are left out (data minimisation).
            let text = value.to_string();
            assert!(
                !text.contains("\"person\"") && !text.contains("medsokande"),
                "{who} {benefit}: another person's number"
            );
        }
    }
}

/// Checks one registry answer against every rule a registry keeps (SPEC §4); gives
/// back its JSON.
fn check_answer(
    benefit: Benefit,
    birth_year: i32,
    deceased: Option<NaiveDate>,
    as_of: NaiveDate,
    up: &Uppgifter,
    who: &str,
) -> Value {
    let value = serde_json::to_value(up).expect("an answer serialises");
    check_model(benefit, up, &value, who);
    let empty = Formansinformation::default();
    let fi = up.formansinformation.as_ref().unwrap_or(&empty);
    assert!(fi.generell_personinformation.is_none());
    let window_start = match window(benefit, birth_year) {
        Window::From(w) => Some(w),
        _ => None,
    };
    let last = deceased.map_or(as_of, |dd| dd.min(as_of));
    for (key, in_payment, date) in dates(&value) {
        assert!(date <= as_of, "{who} {benefit}: {key} {date} after today");
        if !ABOUT_PEOPLE.contains(&key.as_str()) {
            assert!(date <= last, "{who} {benefit}: {key} {date} after death");
        }
        if !in_payment
            && !NOT_DECISION_DATA.contains(&key.as_str())
            && let Some(w) = window_start
        {
            assert!(
                date >= w,
                "{who} {benefit}: {key} {date} before the window {w}"
            );
        }
    }
    let pm_paid = up.utbetalningar.iter().flatten().map(|u| {
        let gross: i64 = u
            .utbetalningsrader
            .iter()
            .flatten()
            .filter_map(|r| r.belopp)
            .sum();
        assert_eq!(
            u.bruttobelopp,
            Some(gross),
            "{who}: rows add up to the gross"
        );
        let deducted: i64 = u.avdrag.iter().flatten().filter_map(|a| a.belopp).sum();
        assert_eq!(u.nettobelopp, Some(gross - deducted), "{who}: net");
        u.utbetalningsdatum.expect("a payment date")
    });
    for datum in pm_paid {
        assert!(
            datum >= PAYMENTS_FROM,
            "{who} {benefit}: H2 payment {datum}"
        );
        assert!(
            datum >= payments_from(benefit, as_of),
            "{who} {benefit}: payment {datum} before its window"
        );
    }
    for p in fi.utbetalningsuppgift.iter().flatten() {
        let datum = p.datum.expect("a payment date");
        assert!(
            datum >= PAYMENTS_FROM,
            "{who} {benefit}: H2 payment {datum}"
        );
        assert!(
            datum >= payments_from(benefit, as_of),
            "{who} {benefit}: payment {datum} before its window"
        );
        let family = p.formansfamilj.as_ref().and_then(|f| f.id.as_deref());
        if benefit != Benefit::Utbetalning {
            assert_eq!(
                family,
                Some(benefit.code()),
                "{who}: payment of another benefit"
            );
        }
    }
    for entry in ovrig(up, PmOvrigInformationTypKod::PmPu) {
        let years = entry.pensionsunderlag.and_then(|u| u.intjanandear);
        for y in years.into_iter().flatten() {
            let ar = y.artal.expect("an earning year").ar();
            assert!(
                (2003..as_of.year()).contains(&ar),
                "{who}: H4 earning year {ar}"
            );
        }
    }
    for entry in ovrig(up, PmOvrigInformationTypKod::PmPbh) {
        let accounts = entry.pensionsbehallning.and_then(|b| b.pensionskonton);
        let years: BTreeSet<i32> = accounts
            .iter()
            .flatten()
            .flat_map(|k| k.kontovarden.iter().flatten())
            .map(|v| v.faststallelsear.expect("a year").ar())
            .collect();
        assert!(
            years.len() <= 2 && years.iter().all(|y| *y <= as_of.year()),
            "H9"
        );
    }
    assert!(ovrig(up, PmOvrigInformationTypKod::PmLint).len() <= 1, "H8");
    value
}

/// Serialises to JSON text, and reads back equal.
fn check_round_trip(up: &Uppgifter, who: &str) {
    let text = serde_json::to_string(up).expect("an answer serialises");
    let back: Uppgifter = serde_json::from_str(&text).expect("and reads back");
    assert_eq!(&back, up, "{who}: JSON round trip");
}

// ---------------------------------------------------------------------------------
// The seed's example (§5.2).

#[test]
fn the_seed_example_is_exactly_the_seeds() {
    let r = registers();
    let sjp = fk(&r, Benefit::Sjukpenning, "F-SEED");
    let cases = sjp.sjukpenningarende.as_ref().unwrap();
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    assert_eq!(case.startades, Some(d("2009-09-28")), "Anmälningsdatum");
    assert_eq!(case.aktivt, Some(false), "Ärendestatus Avslutat");
    let beslut = case.beslut.as_ref().unwrap();
    assert_eq!(beslut.len(), 2);
    let expected = [
        ("2009-10-12", "2010-01-10", 91, omf(1, 1)),
        ("2010-01-11", "2010-01-31", 21, omf(1, 2)),
    ];
    for (b, (from, till, dagar, extent)) in beslut.iter().zip(expected) {
        assert_eq!(from_till(&b.period), (Some(d(from)), Some(d(till))));
        assert_eq!(b.dagar, Some(dagar));
        assert_eq!(b.omfattning, extent);
        assert_eq!(b.karens, Some(false));
        assert_eq!(
            b.forman.as_ref().and_then(|f| f.beskrivning.as_deref()),
            Some("Sjukpenning"),
            "Sjukpenningstyp"
        );
        assert_eq!(
            b.ersattning,
            Some(Ersattningstyp::Kod("SJUKPENNING".into()))
        );
    }

    let sgi = fk(&r, Benefit::SjukpenninggrundandeInkomst, "F-SEED");
    let sek = |kr: i64| {
        Some(lefi_contract::v9::Belopp {
            summa: lefi_contract::v9::Summa::from_ore(kr * 100),
            valuta: Some("SEK".into()),
        })
    };
    assert_eq!(
        sgi.sjukpenninggrundande_inkomstuppgift,
        Some(vec![SjukpenninggrundandeInkomstUppgift {
            faststalldes: Some(d("2009-09-28")),
            typ: Some(Sifferkod {
                id: Some(0),
                beskrivning: Some("A- eller B-inkomst".into()),
            }),
            anstallning: sek(138_000),
            verksamhet: sek(0),
            karens: Some(0),
            dagar: Some(0),
            timmar: Some(1040),
        }])
    );

    // The forecast (Pensionsmyndigheten's, PM:PBH): 11 700 kronor, all of it
    // inkomstpension, in this year's mailing.
    let forecast = fetch(&r, Benefit::Pensionsprognos, "F-SEED");
    assert_eq!(forecast.formansinformation, None);
    let pbh = ovrig(&forecast, PmOvrigInformationTypKod::PmPbh);
    assert_eq!(pbh.len(), 1);
    let accounts = pbh[0]
        .pensionsbehallning
        .as_ref()
        .and_then(|b| b.pensionskonton.clone())
        .unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        accounts[0].kontotyp.as_ref().unwrap().kod,
        PmPensionKontoTypKod::Ip
    );
    let values = accounts[0].kontovarden.clone().unwrap();
    assert_eq!(values.len(), 1);
    assert_eq!(values[0].varde, Some(11_700));
    assert_eq!(values[0].faststallelsear.map(|y| y.ar()), Some(2026));
    // Nothing else, and no sjukpenning payment: 2009–2010 is more than two years ago.
    assert_eq!(sjp.utbetalningsuppgift, None);
    for b in Benefit::ALL {
        if ![
            Benefit::Sjukpenning,
            Benefit::SjukpenninggrundandeInkomst,
            Benefit::Pensionsprognos,
        ]
        .contains(&b)
        {
            assert_eq!(fetch(&r, b, "F-SEED"), Uppgifter::default(), "{b}");
        }
    }
}

// ---------------------------------------------------------------------------------
// One test per H-rule, on the fixtures.

#[test]
fn h1_an_ongoing_case_keeps_its_start_and_whole_history_and_a_closed_case_is_kept() {
    let r = registers();
    let fi = fk(&r, Benefit::Sjukpenning, "F-H1");
    let cases = fi.sjukpenningarende.unwrap();
    assert_eq!(cases.len(), 2);
    let closed = &cases[0];
    assert_eq!(closed.startades, Some(d("2012-01-10")));
    assert_eq!(closed.aktivt, Some(false));
    let b = &closed.beslut.as_ref().unwrap()[0];
    assert_eq!(
        from_till(&b.period),
        (Some(d("2012-01-10")), Some(d("2012-04-30")))
    );
    let ongoing = &cases[1];
    assert_eq!(ongoing.startades, Some(d("2015-03-01")));
    assert_eq!(ongoing.aktivt, Some(true));
    let years: Vec<i32> = ongoing
        .beslut
        .iter()
        .flatten()
        .map(|b| from_till(&b.period).0.unwrap().year())
        .collect();
    assert_eq!(
        years,
        (2015..=2026).collect::<Vec<_>>(),
        "a decision every year"
    );
    let last = ongoing.beslut.as_ref().unwrap().last().unwrap();
    assert_eq!(
        from_till(&last.period).1,
        Some(d(AS_OF)),
        "nothing after today"
    );

    // A case that began before its window keeps its start date (H1 needs it).
    let h6 = fk(&r, Benefit::SjukersattningAktivitetsersattning, "F-H6");
    let case = &h6.sjuk_och_aktivitetsersattningsarende.unwrap()[0];
    assert_eq!(case.startades, Some(d("1999-10-01")));
}

#[test]
fn h2_no_payment_before_2008_07_01_and_utbetalning_reaches_18_months_back() {
    let r = registers();
    let fi = fk(&r, Benefit::Barnbidrag, "F-H2");
    // The registry knows the cases from 2005 (barnbidrag has no window of its own) …
    let cases = fi.barnbidragsarende.as_ref().unwrap();
    let first = from_till(&cases[0].beslut.as_ref().unwrap()[0].period).0;
    assert_eq!(first, Some(d("2005-02-01")));
    // … but its payments only from the payment system's start.
    let dates = payment_dates(&fi);
    assert_eq!(dates[0], d("2008-07-20"));
    assert!(dates.iter().all(|p| *p >= PAYMENTS_FROM && *p <= d(AS_OF)));
    // Monthly: one a month from July 2008 until today (two children overlap 2012–2021).
    let months: BTreeSet<(i32, u32)> = dates.iter().map(|p| (p.year(), p.month())).collect();
    assert_eq!(months.len(), 221, "July 2008 – November 2026");

    let all = fk(&r, Benefit::Utbetalning, "F-H2");
    let keys: Vec<_> = serde_json::to_value(&all)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["utbetalningsuppgift"]);
    let dates = payment_dates(&all);
    let limit = d(AS_OF) - Months::new(18);
    assert!(dates.iter().all(|p| *p >= limit), "H2: 18 months back");
    assert_eq!(dates.len(), 18);
}

#[test]
fn h3_old_age_pension_from_2003_for_ap37_and_from_2001_for_ap38() {
    let r = registers();
    use PmFormanBeslutadErsattningTypKod::{PmIp, PmTp};
    use PmUtbetalningFormanKod::{PmAp37, PmAp38};
    for (id, first_year, kind, payable) in [
        ("F-H3-37", 2003, PmTp, PmAp37),
        ("F-H3-38", 2001, PmIp, PmAp38),
    ] {
        let up = fetch(&r, Benefit::Pension, id);
        assert_eq!(up.formansinformation, None, "{id}: PM's model only");
        // The claim arrived in 1999 and keeps that day (H1), as `startades` does.
        let claims = up.ansprak.clone().unwrap();
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].ankomstdatum, Some(d("1999-11-02")), "{id}");
        let beslut = up.beslut.clone().unwrap();
        let ersattning = |b: &lefi_contract::v9::PmFormanBeslut| {
            b.beslutad_ersattning.clone().unwrap().remove(0)
        };
        let earliest = beslut
            .iter()
            .flat_map(|b| [b.beslutsdatum, ersattning(b).period.map(|p| p.from)])
            .flatten()
            .min()
            .unwrap();
        assert_eq!(earliest.year(), first_year, "{id}");
        assert_eq!(ersattning(&beslut[0]).ersattningstyp.unwrap().kod, kind);
        let paid = up.utbetalningar.clone().unwrap();
        assert_eq!(paid[0].utbetalningsdatum, Some(d("2008-07-19")), "{id}: H2");
        let row = &paid[0].utbetalningsrader.as_ref().unwrap()[0];
        assert_eq!(
            row.utbetalningsforman.as_ref().unwrap().kod,
            payable,
            "{id}"
        );
    }
}

#[test]
fn h4_earnings_records_from_earning_year_2003() {
    let r = registers();
    let up = fetch(&r, Benefit::Pension, "F-H4");
    // The earnings are PM:PU entries of `ovrigInformation`, answered by PM:AP.
    let pu = ovrig(&up, PmOvrigInformationTypKod::PmPu);
    assert_eq!(pu.len(), 1);
    let records = pu[0]
        .pensionsunderlag
        .clone()
        .unwrap()
        .intjanandear
        .unwrap();
    let years: Vec<i32> = records.iter().map(|y| y.artal.unwrap().ar()).collect();
    assert_eq!(years, (2003..=2025).collect::<Vec<_>>());
    // 430 000 kronor in 2026's money, scaled back 2.5 % a year.
    assert!(
        records
            .iter()
            .all(|y| y.pensionsgrundande_inkomst.unwrap() > 200_000)
    );
    assert!(
        up.ansprak.is_some() && up.beslut.is_some() && up.utbetalningar.is_some(),
        "PM:AP answers its claim, decisions and payments too"
    );
}

#[test]
fn h5_work_injury_annuity_decisions_from_2005_while_the_case_began_2003() {
    let r = registers();
    let fi = fk(&r, Benefit::Arbetsskadelivranta, "F-H5");
    let case = &fi.arbetsskadeegenlivrantearende.as_ref().unwrap()[0];
    assert_eq!(case.startades, Some(d("2003-02-10")));
    let basics = case.grunduppgifter.as_ref().unwrap();
    assert_eq!(basics.skadetillfalle, Some(d("2002-10-14")));
    let beslut = case.beslut.as_ref().unwrap();
    assert_eq!(from_till(&beslut[0].period).0, Some(d("2005-01-01")));
    assert!(
        beslut
            .iter()
            .all(|b| b.fattades.unwrap() >= d("2005-01-01"))
    );
    assert!(fi.arbetsskadeefterlevandearende.is_none());
}

#[test]
fn h6_sickness_compensation_decisions_from_2003() {
    let r = registers();
    let fi = fk(&r, Benefit::SjukersattningAktivitetsersattning, "F-H6");
    let case = &fi.sjuk_och_aktivitetsersattningsarende.as_ref().unwrap()[0];
    let beslut = case.beslut.as_ref().unwrap();
    assert_eq!(from_till(&beslut[0].period).0, Some(d("2003-01-01")));
    assert!(
        beslut
            .iter()
            .all(|b| b.fattades.unwrap() >= d("2003-01-01"))
    );
    assert_eq!(case.aktivt, Some(true));
}

#[test]
fn h7_daily_benefits_from_2002_and_their_payments_two_years_back() {
    let r = registers();
    let fi = fk(&r, Benefit::Foraldrapenning, "F-H7");
    let cases = fi.foraldrapenningarende.as_ref().unwrap();
    // The 2001 case keeps its start, but not its 2001 period.
    assert_eq!(cases[0].startades, Some(d("2001-04-02")));
    let periods: Vec<NaiveDate> = cases
        .iter()
        .flat_map(|c| c.beslut.iter().flatten())
        .map(|b| from_till(&b.period).0.unwrap())
        .collect();
    assert!(periods.iter().all(|p| *p >= d("2002-01-01")));
    assert_eq!(periods[0], d("2002-01-01"));
    assert_eq!(periods.len(), 4);
    // Payments: only those of the last two years.
    let two_years = d(AS_OF) - Months::new(24);
    let dates = payment_dates(&fi);
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|p| *p >= two_years), "{dates:?}");
    assert_eq!(dates[0], d("2025-07-10"));

    // The seed's sick pay of 2009–2010: no payment held in 2026, all four in 2010.
    assert_eq!(
        fk(&r, Benefit::Sjukpenning, "F-SEED").utbetalningsuppgift,
        None
    );
    let then = fk(&registers_on("2010-06-30"), Benefit::Sjukpenning, "F-SEED");
    let paid = then.utbetalningsuppgift.unwrap();
    assert_eq!(paid.len(), 4);
    let days: i64 = paid
        .iter()
        .flat_map(|p| p.utbetalningsdetalj.iter().flatten())
        .map(|row| row.dagar.unwrap())
        .sum();
    assert_eq!(days, 91 + 21);
}

#[test]
fn h8_only_the_current_life_certificate() {
    let certificate = |as_of: &str| {
        let up = fetch(&registers_on(as_of), Benefit::Levnadsintyg, "F-H8");
        assert_eq!(up.formansinformation, None);
        let list = ovrig(&up, PmOvrigInformationTypKod::PmLint);
        assert_eq!(list.len(), 1, "as of {as_of}");
        list[0].levnadsintyg.clone().unwrap()
    };
    let current = certificate(AS_OF);
    assert_eq!(current.senast_uppdaterad, Some(d("2024-03-11")));
    let status = current.levnadsintygsstatus.unwrap();
    assert_eq!(status.kod, PmLevnadsintygStatusKod::Status2);
    assert_eq!(status.beskrivning, "Intyg komplett");
    // In 2022, the 2022 certificate was the current one.
    assert_eq!(
        certificate("2022-06-01").senast_uppdaterad,
        Some(d("2022-03-14"))
    );
}

#[test]
fn h9_only_the_two_latest_mailing_years_of_forecasts() {
    // F-H9's mailing of year y holds 1 500 000 + 60 000 × (y − 2020) kronor.
    let amount = |y: i64| 1_500_000.0 + 60_000.0 * (y - 2020) as f64;
    for (as_of, latest) in [(AS_OF, 2026), ("2023-06-01", 2023)] {
        let up = fetch(&registers_on(as_of), Benefit::Pensionsprognos, "F-H9");
        let pbh = ovrig(&up, PmOvrigInformationTypKod::PmPbh);
        assert_eq!(pbh.len(), 1);
        // Per year of establishment (the mailing year): inkomstpension + premiepension.
        let mut per_year: BTreeMap<i32, f64> = BTreeMap::new();
        let accounts = pbh[0]
            .pensionsbehallning
            .clone()
            .unwrap()
            .pensionskonton
            .unwrap();
        assert_eq!(accounts.len(), 2, "IP and PREP");
        for value in accounts.iter().flat_map(|k| k.kontovarden.iter().flatten()) {
            let year = value.faststallelsear.unwrap().ar();
            *per_year.entry(year).or_default() += value.varde.unwrap() as f64;
        }
        let kept: Vec<(i64, f64)> = per_year
            .into_iter()
            .rev()
            .map(|(y, kr)| (i64::from(y), kr))
            .collect();
        assert_eq!(
            kept,
            [(latest, amount(latest)), (latest - 1, amount(latest - 1))],
            "as of {as_of}"
        );
    }
}

#[test]
fn h10_benefit_registries_never_answer_person_data() {
    let r = registers();
    for b in Benefit::ALL {
        assert_eq!(fetch(&r, b, "F-H10"), Uppgifter::default(), "{b}");
        for f in FIXTURES {
            for cid in f.customer_ids {
                assert!(fk(&r, b, cid).generell_personinformation.is_none());
            }
        }
    }
}

#[test]
fn h11_graviditetspenning_periods_up_to_2010_are_havandeskapspenning() {
    let fi = fk(&registers(), Benefit::Graviditetspenning, "F-H11");
    let named: BTreeMap<NaiveDate, String> = fi
        .graviditetspenningsarende
        .unwrap()
        .iter()
        .flat_map(|c| c.beslut.iter().flatten())
        .map(|b| {
            let name = b
                .forman
                .as_ref()
                .and_then(|f: &Bokstavskod| f.beskrivning.clone());
            (from_till(&b.period).0.unwrap(), name.unwrap())
        })
        .collect();
    let expected: BTreeMap<NaiveDate, String> = [
        ("2010-11-15", "Havandeskapspenning"),
        ("2010-12-20", "Havandeskapspenning"),
        ("2011-01-01", "Graviditetspenning"),
    ]
    .into_iter()
    .map(|(s, n)| (d(s), n.to_owned()))
    .collect();
    assert_eq!(named, expected);
}

// ---------------------------------------------------------------------------------
// Raw history (the simulator's `history` knob): the same world, not cut to the windows.

/// The earliest date in an answer outside payments and outside facts kept anyway
/// (`startades`, births, deaths, injuries), and the earliest payment day (both models).
fn earliest(data: &Uppgifter) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let all = dates(&serde_json::to_value(data).expect("an answer serialises"));
    let first = all
        .iter()
        .filter(|(k, paid, _)| !paid && !NOT_DECISION_DATA.contains(&k.as_str()))
        .map(|(_, _, d)| *d)
        .min();
    let fk = data
        .formansinformation
        .as_ref()
        .map(payment_dates)
        .unwrap_or_default();
    let pm = data
        .utbetalningar
        .iter()
        .flatten()
        .filter_map(|p| p.utbetalningsdatum);
    (first, fk.into_iter().chain(pm).min())
}

#[test]
fn h2_to_h7_raw_history_reaches_before_every_window_of_cases_and_payments() {
    let r = registers();
    // (customer id, benefit, earliest data windowed → raw, earliest payment windowed → raw)
    let expected = [
        // H1/H7: payments of both cases since 2012, not only two years back.
        (
            "F-H1",
            Benefit::Sjukpenning,
            ("2012-01-10", "2012-01-10"),
            ("2024-12-10", "2012-02-10"),
        ),
        // H2: barnbidrag paid since 2005, not since 2008-07-01 (barnbidrag's cases
        // have no window).
        (
            "F-H2",
            Benefit::Barnbidrag,
            ("2005-01-25", "2005-01-25"),
            ("2008-07-20", "2005-02-20"),
        ),
        // H3: the pension since 2000, decided in December 1999.
        (
            "F-H3-37",
            Benefit::Pension,
            ("2003-01-01", "1999-12-12"),
            ("2008-07-19", "2000-01-19"),
        ),
        (
            "F-H3-38",
            Benefit::Pension,
            ("2001-01-01", "1999-12-12"),
            ("2008-07-19", "2000-01-19"),
        ),
        // H5: decisions since 2003.
        (
            "F-H5",
            Benefit::Arbetsskadelivranta,
            ("2005-01-01", "2003-03-20"),
            ("2008-07-25", "2003-04-25"),
        ),
        // H6: decisions since the case began in 1999.
        (
            "F-H6",
            Benefit::SjukersattningAktivitetsersattning,
            ("2003-01-01", "1999-12-08"),
            ("2008-07-25", "2000-01-25"),
        ),
        // H7: the 2001 periods, and their payments.
        (
            "F-H7",
            Benefit::Foraldrapenning,
            ("2002-01-01", "2001-05-20"),
            ("2025-07-10", "2001-07-10"),
        ),
    ];
    for (cid, benefit, (data_w, data_r), (paid_w, paid_r)) in expected {
        let windowed = earliest(&fetch(&r, benefit, cid));
        let raw = earliest(&fetch_with(&r, benefit, cid, History::Raw));
        assert_eq!(
            windowed,
            (Some(d(data_w)), Some(d(paid_w))),
            "{cid} windowed"
        );
        assert_eq!(raw, (Some(d(data_r)), Some(d(paid_r))), "{cid} raw");
    }
    // H2's Utbetalning: every payment, not 18 months of them.
    let all = fetch_with(&r, Benefit::Utbetalning, "F-H2", History::Raw);
    assert_eq!(earliest(&all).1, Some(d("2005-02-20")));
}

#[test]
fn h4_h8_h9_raw_history_holds_every_earning_year_certificate_and_mailing() {
    let r = registers();
    let raw = |b, cid| fetch_with(&r, b, cid, History::Raw);
    let ovrig = |b, cid| raw(b, cid).ovrig_information.unwrap_or_default();
    let years: Vec<i32> = ovrig(Benefit::Pension, "F-H4")
        .into_iter()
        .flat_map(|o| {
            o.pensionsunderlag
                .and_then(|u| u.intjanandear)
                .unwrap_or_default()
        })
        .map(|y| y.artal.unwrap().ar())
        .collect();
    assert_eq!(
        years,
        (1995..=2025).collect::<Vec<_>>(),
        "H4: from 1995, not 2003"
    );
    let certificates: Vec<String> = ovrig(Benefit::Levnadsintyg, "F-H8")
        .into_iter()
        .map(|o| {
            o.levnadsintyg
                .unwrap()
                .senast_uppdaterad
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        certificates,
        ["2024-03-11", "2022-03-14"],
        "H8: the lapsed one too"
    );
    let mailings: Vec<i32> = ovrig(Benefit::Pensionsprognos, "F-H9")
        .into_iter()
        .flat_map(|o| {
            o.pensionsbehallning
                .and_then(|b| b.pensionskonton)
                .unwrap_or_default()
        })
        .filter(|k| k.kontotyp.as_ref().map(|t| t.kod.code()) == Some("IP"))
        .flat_map(|k| k.kontovarden.unwrap_or_default())
        .map(|v| v.faststallelsear.unwrap().ar())
        .collect();
    assert_eq!(
        mailings,
        (2020..=2026).rev().collect::<Vec<_>>(),
        "H9: 2020–2026, latest first"
    );
}

#[test]
fn raw_history_holds_everything_the_windowed_answer_holds_and_nothing_after_today() {
    let r = registers();
    let as_of = d(AS_OF);
    let p = r.population();
    let mut older = 0;
    for i in 0..300 {
        let m = p.nth(i).unwrap();
        let cid = p.customer_id(m.slot);
        for b in Benefit::ALL {
            let windowed = serde_json::to_value(fetch(&r, b, &cid)).unwrap();
            let raw = serde_json::to_value(fetch_with(&r, b, &cid, History::Raw)).unwrap();
            // Every list of either model: raw holds at least as many items.
            let lists = |v: &Value| -> Vec<(String, usize)> {
                let fk = v["formansinformation"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                let top = v.as_object().cloned().unwrap_or_default();
                fk.into_iter()
                    .chain(top)
                    .filter_map(|(k, l)| Some((k, l.as_array()?.len())))
                    .collect()
            };
            let raw_lists = lists(&raw);
            for (key, shorter) in lists(&windowed) {
                let longer = raw_lists
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(0, |(_, n)| *n);
                assert!(longer >= shorter, "{cid} {b} {key}: {longer} < {shorter}");
            }
            let paid_in = |v: &Value| -> Vec<Value> {
                let fk = v["formansinformation"]["utbetalningsuppgift"]
                    .as_array()
                    .cloned();
                let pm = v["utbetalningar"].as_array().cloned();
                fk.into_iter().chain(pm).flatten().collect()
            };
            let raw_paid = paid_in(&raw);
            for paid in &paid_in(&windowed) {
                assert!(
                    raw_paid.contains(paid),
                    "{cid} {b}: a windowed payment is not in raw"
                );
            }
            assert!(
                dates(&raw)
                    .iter()
                    .all(|(k, _, d)| *d <= as_of || k == "foddes"),
                "{cid} {b}"
            );
            older += usize::from(raw != windowed);
        }
    }
    assert!(older > 30, "raw differs for many answers: {older}");
}

// ---------------------------------------------------------------------------------
// The other fixtures.

/// What each fixture customer id holds, by benefit; everything else is empty.
fn fixture_holdings() -> BTreeMap<&'static str, Vec<Benefit>> {
    use Benefit as B;
    BTreeMap::from([
        (
            "F-SEED",
            vec![
                B::Sjukpenning,
                B::SjukpenninggrundandeInkomst,
                B::Pensionsprognos,
            ],
        ),
        ("F-CHANGED", vec![B::Barnbidrag, B::Utbetalning]),
        ("F-DUP-A", vec![B::Sjukpenning, B::Utbetalning]),
        ("F-DUP-B", vec![B::Foraldrapenning, B::Utbetalning]),
        ("F-PROTECTED", vec![B::Sjukpenning, B::Utbetalning]),
        ("F-SAMORD", vec![B::Sjukpenning]),
        ("F-SAMORD-60", vec![B::Barnbidrag, B::Utbetalning]),
        ("F-DECEASED", vec![B::Pension]),
        ("F-NONE", vec![]),
        ("F-H1", vec![B::Sjukpenning, B::Utbetalning]),
        ("F-H2", vec![B::Barnbidrag, B::Utbetalning]),
        ("F-H3-37", vec![B::Pension]),
        ("F-H3-38", vec![B::Pension]),
        ("F-H4", vec![B::Pension]),
        ("F-H5", vec![B::Arbetsskadelivranta, B::Utbetalning]),
        (
            "F-H6",
            vec![B::SjukersattningAktivitetsersattning, B::Utbetalning],
        ),
        ("F-H7", vec![B::Foraldrapenning, B::Utbetalning]),
        ("F-H8", vec![B::Levnadsintyg]),
        ("F-H9", vec![B::Pensionsprognos]),
        ("F-H10", vec![]),
        ("F-H11", vec![B::Graviditetspenning]),
    ])
}

#[test]
fn every_fixture_holds_exactly_its_benefits_and_keeps_every_rule() {
    let r = registers();
    let holdings = fixture_holdings();
    for f in FIXTURES {
        for cid in f.customer_ids {
            let held = holdings
                .get(cid)
                .unwrap_or_else(|| panic!("{cid} not in the test's table"));
            for b in Benefit::ALL {
                let fi = fetch(&r, b, cid);
                let has = !fi.is_empty();
                assert_eq!(has, held.contains(&b), "{cid} {b}");
                let death = f
                    .deceased
                    .map(|(y, m, dd)| NaiveDate::from_ymd_opt(y, m, dd).unwrap());
                check_answer(b, f.born.0, death, d(AS_OF), &fi, cid);
                check_round_trip(&fi, cid);
            }
        }
    }
}

#[test]
fn duplicate_customer_ids_split_the_data_and_a_merge_has_both() {
    let r = registers();
    let PersonAnswer::Found { customer_ids, .. } =
        r.lookup(&Personnummer::parse("197504122347", d(AS_OF)).unwrap())
    else {
        panic!("not found");
    };
    assert_eq!(customer_ids, ["F-DUP-A", "F-DUP-B"]);
    let a = |b| fk(&r, b, "F-DUP-A");
    let b = |b| fk(&r, b, "F-DUP-B");
    assert!(a(Benefit::Sjukpenning).sjukpenningarende.is_some());
    assert!(b(Benefit::Sjukpenning).sjukpenningarende.is_none());
    assert!(b(Benefit::Foraldrapenning).foraldrapenningarende.is_some());
    assert!(a(Benefit::Foraldrapenning).foraldrapenningarende.is_none());
    // All payments of both ids, as a merged answer would hold them.
    let merged: Vec<UtbetalningUppgift> = customer_ids
        .iter()
        .flat_map(|cid| {
            fk(&r, Benefit::Utbetalning, cid)
                .utbetalningsuppgift
                .into_iter()
                .flatten()
        })
        .collect();
    let families: BTreeSet<String> = merged
        .iter()
        .filter_map(|p| p.formansfamilj.as_ref()?.id.clone())
        .collect();
    assert_eq!(
        families,
        BTreeSet::from(["FK:FP".to_owned(), "FK:SJP".to_owned()])
    );
}

#[test]
fn a_deceased_persons_pension_ends_at_death_and_is_paid_up_to_that_month() {
    let r = registers();
    let death = d("2025-03-14");
    let up = fetch(&r, Benefit::Pension, "F-DECEASED");
    let beslut = up.beslut.clone().unwrap();
    let last_period = beslut.last().unwrap().beslutad_ersattning.clone().unwrap()[0]
        .period
        .clone()
        .unwrap();
    assert_eq!(last_period.tom, Some(death));
    let claim = &up.ansprak.as_ref().unwrap()[0];
    assert_eq!(
        claim.yrkad_period.as_ref().unwrap().tom,
        Some(death),
        "ended at death"
    );
    let paid = up.utbetalningar.unwrap();
    let last = paid.last().unwrap();
    assert!(last.utbetalningsdatum.unwrap() <= death);
    let period = last.utbetalningsperiod.clone().unwrap();
    assert_eq!((period.from, period.tom), (d("2025-03-01"), death));
    assert_eq!(paid[0].utbetalningsdatum, Some(d("2008-07-19")));
    // Taxed as before: 26 % preliminary tax, in whole kronor.
    let gross = last.bruttobelopp.unwrap();
    let tax = last.avdrag.as_ref().unwrap()[0].belopp.unwrap();
    assert!((gross * 26 / 100 - tax).abs() <= 1, "{gross} {tax}");
}

#[test]
fn every_fixture_is_in_the_docs_table() {
    let doc = include_str!("../../../docs/simulators.md");
    for f in FIXTURES {
        let row = doc
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("`{}`", f.name)))
            .unwrap_or_else(|| panic!("fixture {} missing from docs/simulators.md", f.name));
        for cid in f.customer_ids {
            assert!(
                row.contains(cid),
                "{}: customer id {cid} not in its row",
                f.name
            );
        }
        assert!(
            row.contains(f.personnummer),
            "{}: number not in its row",
            f.name
        );
    }
    for b in Benefit::ALL {
        assert!(
            doc.contains(&format!("`{}`", b.code())),
            "{b} not described"
        );
    }
}

// ---------------------------------------------------------------------------------
// The generated population.

const SWEEP: u64 = 5_000;

#[test]
fn generated_people_keep_every_rule_and_are_realistically_mixed() {
    let r = registers();
    let as_of = d(AS_OF);
    let two_years_ago = as_of - Months::new(24);
    let p = r.population();
    let (mut ongoing_long, mut closed, mut nothing) = (0, 0, 0);
    let (mut ap37, mut ap38) = (0, 0);
    let mut per_benefit: BTreeMap<Benefit, usize> = BTreeMap::new();
    for i in 0..SWEEP {
        let m = p.nth(i).unwrap();
        let facts = PersonFacts::of(&m, p.person_key(m.slot), as_of);
        let cid = p.customer_id(m.slot);
        let mut any = false;
        let (mut long, mut shut) = (false, false);
        for b in Benefit::ALL {
            let fi = fetch(&r, b, &cid);
            if fi.is_empty() {
                continue;
            }
            let value = check_answer(b, facts.birth_date.year(), facts.deceased, as_of, &fi, &cid);
            any = true;
            *per_benefit.entry(b).or_default() += 1;
            for c in cases(&value) {
                long |= c.ongoing && c.start.is_some_and(|s| s < two_years_ago);
                shut |= !c.ongoing;
            }
            if b == Benefit::Pension && fi.ansprak.is_some() {
                if facts.birth_date.year() <= 1937 {
                    ap37 += 1;
                } else {
                    ap38 += 1;
                }
            }
        }
        assert!(!facts.no_benefits || !any, "{cid}: no_benefits has data");
        ongoing_long += usize::from(long);
        closed += usize::from(shut);
        nothing += usize::from(!any);
    }
    let share = |n: usize| n as f64 / SWEEP as f64;
    eprintln!(
        "ongoing > 2 years: {:.2}, closed: {:.2}, nothing: {:.2}, ÅP37 {ap37}, ÅP38 {ap38}",
        share(ongoing_long),
        share(closed),
        share(nothing)
    );
    for (b, n) in &per_benefit {
        eprintln!("{:<8} {:>5.1} %", b.code(), 100.0 * share(*n));
    }
    assert!(
        (0.25..0.75).contains(&share(ongoing_long)),
        "ongoing long cases"
    );
    assert!((0.15..0.75).contains(&share(closed)), "closed cases");
    assert!(
        (0.2..0.5).contains(&share(nothing)),
        "people with no benefits"
    );
    assert!(ap37 > 20 && ap38 > 200, "ÅP37 {ap37}, ÅP38 {ap38}");
    for b in Benefit::ALL {
        assert!(
            per_benefit.get(&b).copied().unwrap_or(0) > 0,
            "nobody has {b}"
        );
    }
}

#[test]
fn pm_benefits_answer_in_pms_model_and_nothing_of_theirs_lands_in_formansinformation() {
    let r = registers();
    let p = r.population();
    let mut seen: BTreeMap<(Benefit, &str), usize> = BTreeMap::new();
    for i in 0..2_000 {
        let cid = p.customer_id(p.nth(i).unwrap().slot);
        for b in Benefit::ALL {
            let up = fetch(&r, b, &cid);
            let value = serde_json::to_value(&up).unwrap();
            check_model(b, &up, &value, &cid);
            if b.source() == lefi_domain::Source::Fk {
                continue;
            }
            for key in keys(&value) {
                let key: &str = match key.as_str() {
                    "ansprak" => "ansprak",
                    "beslut" => "beslut",
                    "utbetalningar" => "utbetalningar",
                    _ => "ovrigInformation",
                };
                *seen.entry((b, key)).or_default() += 1;
            }
            // A survivor's decision names the deceased by dates, never by number.
            let deceased = up
                .beslut
                .iter()
                .flatten()
                .filter_map(|b| b.tillagg.as_ref()?.efterlevandeformaner.as_ref())
                .flat_map(|e| e.avlidna.iter().flatten());
            for avliden in deceased {
                assert!(avliden.person.is_none(), "{cid}");
                assert!(avliden.fodelsedatum.is_some() && avliden.dodsfallsdatum.is_some());
            }
        }
    }
    eprintln!("{seen:?}");
    use Benefit as B;
    for b in [
        B::Pension,
        B::Efterlevandepension,
        B::BostadstillaggPensionarer,
    ] {
        for list in ["ansprak", "beslut", "utbetalningar"] {
            assert!(seen.get(&(b, list)).copied().unwrap_or(0) > 0, "{b} {list}");
        }
    }
    for b in [B::Pension, B::Pensionsprognos, B::Levnadsintyg] {
        assert!(
            seen.get(&(b, "ovrigInformation")).copied().unwrap_or(0) > 0,
            "{b}"
        );
    }
}

#[test]
fn the_rules_hold_on_other_days_too() {
    // Early in the payment system's life, mid-way, and in the future.
    for as_of in ["2009-03-01", "2015-12-31", "2031-06-15"] {
        let r = registers_on(as_of);
        let as_of = d(as_of);
        let p = r.population();
        for i in 0..600 {
            let m = p.nth(i).unwrap();
            let facts = PersonFacts::of(&m, p.person_key(m.slot), as_of);
            let cid = p.customer_id(m.slot);
            for b in Benefit::ALL {
                let fi = fetch(&r, b, &cid);
                check_answer(b, facts.birth_date.year(), facts.deceased, as_of, &fi, &cid);
            }
        }
        for f in FIXTURES {
            let death = f
                .deceased
                .map(|(y, m, dd)| NaiveDate::from_ymd_opt(y, m, dd).unwrap());
            for cid in f.customer_ids {
                for b in Benefit::ALL {
                    let fi = fetch(&r, b, cid);
                    check_answer(b, f.born.0, death, as_of, &fi, cid);
                }
            }
        }
    }
}

#[test]
fn every_answer_serialises_to_json_and_reads_back_equal() {
    let r = registers();
    let p = r.population();
    for i in 0..1_000 {
        let cid = p.customer_id(p.nth(i).unwrap().slot);
        for b in Benefit::ALL {
            check_round_trip(&fetch(&r, b, &cid), &cid);
        }
    }
    // The fixtures' answers: in `every_fixture_holds_exactly_its_benefits_…`.
}

#[test]
fn the_same_person_always_gets_the_same_data_whatever_is_asked_first() {
    let r = registers();
    let p = r.population();
    for i in (0..SWEEP).step_by(7) {
        let cid = p.customer_id(p.nth(i).unwrap().slot);
        let forwards: Vec<_> = Benefit::ALL.iter().map(|b| fetch(&r, *b, &cid)).collect();
        let mut backwards: Vec<_> = Benefit::ALL
            .iter()
            .rev()
            .map(|b| fetch(&r, *b, &cid))
            .collect();
        backwards.reverse();
        assert_eq!(forwards, backwards, "{cid}");
        // A new facade over the same configuration: the same data.
        assert_eq!(
            fetch(&registers(), Benefit::Utbetalning, &cid),
            forwards[23]
        );
    }
}

#[test]
fn utbetalning_is_every_fk_payment_of_the_last_18_months() {
    let r = registers();
    let as_of = d(AS_OF);
    let p = r.population();
    let limit = payments_from(Benefit::Utbetalning, as_of);
    let mut seen = 0;
    for i in 0..1_000 {
        let cid = p.customer_id(p.nth(i).unwrap().slot);
        let all = fk(&r, Benefit::Utbetalning, &cid)
            .utbetalningsuppgift
            .unwrap_or_default();
        let mut expected: Vec<UtbetalningUppgift> = Benefit::ALL
            .iter()
            .filter(|b| b.source() == lefi_domain::Source::Fk && **b != Benefit::Utbetalning)
            .flat_map(|b| fk(&r, *b, &cid).utbetalningsuppgift.unwrap_or_default())
            .filter(|p| p.datum.unwrap() >= limit)
            .collect();
        expected.sort_by_key(|p| (p.datum, p.formansfamilj.as_ref().and_then(|f| f.id.clone())));
        let mut got = all.clone();
        got.sort_by_key(|p| (p.datum, p.formansfamilj.as_ref().and_then(|f| f.id.clone())));
        assert_eq!(got, expected, "{cid}");
        seen += usize::from(!all.is_empty());
    }
    assert!(seen > 100, "{seen}");
}

#[test]
fn lives_abroad_agrees_with_the_person_register() {
    let r = registers();
    let p = r.population();
    let as_of = d(AS_OF);
    let mut abroad = 0;
    for i in 0..20_000 {
        let m = p.nth(i).unwrap();
        let facts = PersonFacts::of(&m, p.person_key(m.slot), as_of);
        let entry = register_entry(m.personnummer.expose(), &facts, as_of);
        if entry.person.skyddad == Some(false) {
            assert_eq!(lives_abroad(&facts), entry.person.adress.is_none(), "{i}");
        }
        abroad += usize::from(lives_abroad(&facts));
    }
    assert!(abroad > 50, "{abroad}");
}

/// Not a test of speed (BENCHMARKS.md holds figures): a quick loop to measure what one
/// registry answer costs. `cargo test --release -p lefi-registry-data --test registries
/// -- --ignored --nocapture cost`.
#[test]
#[ignore = "measurement, run by hand in release mode"]
fn cost_per_generate_call() {
    let r = registers();
    let p = r.population();
    let ids: Vec<String> = (0..2_000)
        .map(|i| p.customer_id(p.nth(i).unwrap().slot))
        .collect();
    for b in Benefit::ALL {
        let start = std::time::Instant::now();
        let mut n = 0;
        for cid in &ids {
            n += usize::from(!fetch(&r, b, cid).is_empty());
        }
        let per_call = start.elapsed() / ids.len() as u32;
        eprintln!(
            "{:<8} {:>8.2?} per call ({n} with data)",
            b.code(),
            per_call
        );
    }
    let start = std::time::Instant::now();
    for cid in &ids {
        for b in Benefit::ALL {
            std::hint::black_box(fetch(&r, b, cid));
        }
    }
    let per_call = start.elapsed() / (ids.len() * Benefit::ALL.len()) as u32;
    eprintln!("all benefits: {per_call:.2?} per call on average");
}

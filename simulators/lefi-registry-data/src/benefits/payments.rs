//! Payments (utbetalningar) derived from what a registry holds of a benefit's cases
//! (H2, H7): monthly benefits on their payday, daily benefits for each month's days on
//! the 10th of the next month. Nothing before the benefit's payment window, after
//! today, or after death: the month of death is paid, on the day of death at the latest.

use chrono::{Datelike, NaiveDate};
use lefi_contract::v9::{Belopp, UtbetalningDetalj, UtbetalningUppgift};
use lefi_domain::Benefit;
use lefi_domain::history::graviditetspenning_name;

use super::model::{
    Case, Part, Schedule, Subject, add_days, add_months, bokstav, fran_till, month_end,
    month_start, omfattning, schedule, sek, siffer,
};

/// Preliminary tax withheld, in per mille of the gross amount; 0 for tax-free benefits.
fn tax_per_mille(benefit: Benefit) -> i64 {
    use Benefit as B;
    match benefit {
        B::Barnbidrag
        | B::Bostadsbidrag
        | B::BostadstillaggPensionarer
        | B::Underhallsstod
        | B::Handikappersattning => 0,
        B::Pension | B::Efterlevandepension => 260,
        _ => 300,
    }
}

/// The short code of a benefit in payment rows (`forman` of a detail).
fn short_code(benefit: Benefit) -> &'static str {
    let code = benefit.code();
    code.split_once(':').map_or(code, |(_, c)| c)
}

/// Appends the payments of `cases` dated in `[from, as_of]` (and not after death).
pub(crate) fn payments(
    benefit: Benefit,
    subject: &Subject,
    as_of: NaiveDate,
    from: NaiveDate,
    cases: &[Case],
    out: &mut Vec<UtbetalningUppgift>,
) {
    let last = subject.last_day(as_of);
    // Rejections pay nothing, nor does a parent's repayment claim of underhållsstöd.
    let repayment = |c: &Case| benefit == Benefit::Underhallsstod && c.kind != 0;
    let pays = |c: &Case| !c.rejected && !repayment(c);
    match schedule(benefit) {
        Schedule::Unpaid => {}
        Schedule::Monthly { payday } => {
            for part in cases.iter().filter(|c| pays(c)).flat_map(|c| &c.parts) {
                monthly(benefit, payday, part, from, as_of, last, out);
            }
        }
        Schedule::Arrears => {
            // One payment a month per case: its parts are rows of it.
            let mut of_case = Vec::new();
            for case in cases.iter().filter(|c| pays(c)) {
                for part in &case.parts {
                    arrears(benefit, part, from, as_of, last, &mut of_case);
                }
                merge_same_day(&mut of_case);
                out.append(&mut of_case);
            }
        }
    }
}

fn monthly(
    benefit: Benefit,
    payday: u32,
    part: &Part,
    from: NaiveDate,
    as_of: NaiveDate,
    last: NaiveDate,
    out: &mut Vec<UtbetalningUppgift>,
) {
    if !part.granted || part.rate == 0 {
        return;
    }
    let end = part.till.unwrap_or(last).min(last);
    // Months before `from`'s month are paid before it.
    let mut month = month_start(part.from).max(month_start(from));
    while month <= end {
        let Some(day) = month.with_day(payday) else {
            break;
        };
        let datum = day.min(last);
        let period_from = month.max(part.from);
        let period_till = month_end(month).min(end);
        if datum >= from && datum <= as_of {
            out.push(payment(
                benefit,
                datum,
                period_from,
                period_till,
                part.amount(),
                1,
                None,
            ));
        }
        month = add_months(month, 1);
    }
}

fn arrears(
    benefit: Benefit,
    part: &Part,
    from: NaiveDate,
    as_of: NaiveDate,
    last: NaiveDate,
    out: &mut Vec<UtbetalningUppgift>,
) {
    if !part.granted || part.rate == 0 {
        return;
    }
    let end = part.till.unwrap_or(last).min(last);
    // A month is paid on the 10th of the next: months before the one before `from`'s
    // month are paid before `from`.
    let skip_before = month_start(from)
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(from);
    let mut month = month_start(part.from).max(skip_before);
    while month <= end {
        let chunk_from = month.max(part.from);
        let chunk_till = month_end(month).min(end);
        let datum = add_days(add_months(month, 1), 9).min(last);
        if datum > as_of {
            break;
        }
        if datum >= from {
            let days = (chunk_till - chunk_from).num_days() + 1;
            let detail = UtbetalningDetalj {
                forman: detail_forman(benefit, chunk_from),
                period: fran_till(chunk_from, Some(chunk_till)),
                omfattning: omfattning(part.extent),
                dagar: Some(days),
                bruttobelopp: sek(part.amount() * days),
                ..UtbetalningDetalj::default()
            };
            out.push(payment(
                benefit,
                datum,
                chunk_from,
                chunk_till,
                part.amount() * days,
                2,
                Some(detail),
            ));
        }
        month = add_months(month, 1);
    }
}

/// Merges payments of the same day into one, their rows kept as details.
fn merge_same_day(list: &mut Vec<UtbetalningUppgift>) {
    list.sort_by_key(date_of);
    let mut merged: Vec<UtbetalningUppgift> = Vec::with_capacity(list.len());
    for p in list.drain(..) {
        match merged.last_mut() {
            Some(m) if m.datum == p.datum => {
                let sum = |a: &Option<Belopp>, b: &Option<Belopp>| {
                    let ore = |x: &Option<Belopp>| {
                        x.as_ref().and_then(|x| x.summa).map_or(0, |s| s.ore())
                    };
                    sek(ore(a) + ore(b))
                };
                m.bruttobelopp = sum(&m.bruttobelopp, &p.bruttobelopp);
                m.skattebelopp = sum(&m.skattebelopp, &p.skattebelopp);
                m.avdragsbelopp = sum(&m.avdragsbelopp, &p.avdragsbelopp);
                m.nettobelopp = sum(&m.nettobelopp, &p.nettobelopp);
                if let (Some(a), Some(b)) = (m.period.as_mut(), p.period) {
                    a.fran = a.fran.min(b.fran);
                    a.till = a.till.max(b.till);
                }
                if let (Some(rows), Some(more)) =
                    (m.utbetalningsdetalj.as_mut(), p.utbetalningsdetalj)
                {
                    rows.extend(more);
                }
            }
            _ => merged.push(p),
        }
    }
    *list = merged;
}

/// The benefit named in a payment row; graviditetspenning by the day the period starts
/// (H11).
fn detail_forman(
    benefit: Benefit,
    period_from: NaiveDate,
) -> Option<lefi_contract::v9::Bokstavskod> {
    let name = if benefit == Benefit::Graviditetspenning {
        graviditetspenning_name(period_from)
    } else {
        benefit.name_sv()
    };
    bokstav(short_code(benefit), name)
}

fn payment(
    benefit: Benefit,
    datum: NaiveDate,
    period_from: NaiveDate,
    period_till: NaiveDate,
    gross: i64,
    typ: i64,
    detail: Option<UtbetalningDetalj>,
) -> UtbetalningUppgift {
    // Tax in whole kronor, rounded down, as withheld.
    let tax = gross * tax_per_mille(benefit) / 1000 / 100 * 100;
    let (foretag, foretag_namn) = match benefit.source() {
        lefi_domain::Source::Fk => (1001, "Försäkringskassan"),
        lefi_domain::Source::Pm => (1003, "Pensionsmyndigheten"),
    };
    let detail = detail.map(|mut d| {
        d.skattebelopp = sek(tax);
        vec![d]
    });
    UtbetalningUppgift {
        typ: siffer(typ, if typ == 1 { "Månad" } else { "Daglig" }),
        foretag: siffer(foretag, foretag_namn),
        formansfamilj: bokstav(benefit.code(), benefit.name_sv()),
        datum: Some(datum),
        period: fran_till(period_from, Some(period_till)),
        bruttobelopp: sek(gross),
        skattebelopp: sek(tax),
        avdragsbelopp: sek(tax),
        nettobelopp: sek(gross - tax),
        utbetalningsdetalj: detail,
    }
}

/// The date of a payment, for sorting.
pub(crate) fn date_of(p: &UtbetalningUppgift) -> NaiveDate {
    p.datum.unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::benefits::model::{kr, ymd};

    fn subject() -> Subject {
        Subject {
            key: 1,
            birth: ymd(1950, 1, 1),
            woman: true,
            deceased: None,
            abroad: false,
            no_benefits: false,
        }
    }

    #[test]
    fn daily_benefits_are_paid_per_month_in_arrears() {
        let part = Part::new(
            ymd(2009, 10, 20),
            ymd(2009, 10, 12),
            Some(ymd(2010, 1, 10)),
            kr(500),
        );
        let case = Case::new(ymd(2009, 9, 28), Some(ymd(2010, 1, 31)), vec![part]);
        let mut out = Vec::new();
        payments(
            Benefit::Sjukpenning,
            &subject(),
            ymd(2010, 6, 30),
            ymd(2008, 7, 1),
            &[case],
            &mut out,
        );
        let dates: Vec<_> = out.iter().map(date_of).collect();
        assert_eq!(
            dates,
            [
                ymd(2009, 11, 10),
                ymd(2009, 12, 10),
                ymd(2010, 1, 10),
                ymd(2010, 2, 10)
            ]
        );
        let days: i64 = out
            .iter()
            .map(|p| p.utbetalningsdetalj.as_ref().unwrap()[0].dagar.unwrap())
            .sum();
        assert_eq!(days, 91);
    }

    #[test]
    fn the_payment_window_cuts_and_the_month_before_is_paid_in_it() {
        let part = Part::new(
            ymd(2020, 1, 5),
            ymd(2020, 1, 1),
            Some(ymd(2026, 6, 30)),
            kr(100),
        );
        let case = Case::new(ymd(2020, 1, 1), Some(ymd(2026, 6, 30)), vec![part]);
        let mut out = Vec::new();
        payments(
            Benefit::Foraldrapenning,
            &subject(),
            ymd(2026, 11, 26),
            ymd(2024, 11, 26),
            &[case],
            &mut out,
        );
        assert_eq!(date_of(&out[0]), ymd(2024, 12, 10));
        assert_eq!(date_of(out.last().unwrap()), ymd(2026, 7, 10));
    }
}

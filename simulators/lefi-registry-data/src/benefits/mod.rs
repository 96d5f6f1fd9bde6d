//! The benefit registries' contents (SPEC §3 step 5, §4, §5): what each registry holds
//! about a person, in the v9 shape of its benefit.
//!
//! Each registry answers an [`Uppgifter`] holding only its benefit's data, where v9
//! puts it ([`Benefit::answer_keys`]): Försäkringskassan's benefits in
//! `formansinformation`, under their answer keys and `utbetalningsuppgift` with the
//! benefit's payments; Pensionsmyndigheten's in PM's model — claims (`ansprak`),
//! decisions (`beslut`) and payments (`utbetalningar`) of PM:AP, PM:BTI and PM:EF, and
//! `ovrigInformation` entries: PM:PU (the earnings, answered by PM:AP), PM:PBH,
//! PM:LINT. The seed's "Utbetalning" (`LEFI:UTB`) answers all of the person's payments
//! from Försäkringskassan's benefits and nothing else. Person data is never here. A
//! list without data is absent, and so is a `formansinformation` without any.
//!
//! How it is made:
//! 1. The real world, as [`model::Case`]s: drawn for a generated person from their key
//!    (one random stream per benefit, plus shared ones for children, working life and
//!    pension, so the data is the same whatever is asked first), or written out for a
//!    fixture ([`fixtures`]).
//! 2. What a registry holds of it ([`model::restrict`]): nothing after today or after
//!    death, and nothing before the benefit's window (H3–H7), though a case that began
//!    before it keeps its start date (H1). Payments from the payment window on
//!    ([`lefi_domain::history::payments_from`]: H2, H7). Earnings from 2003 (H4), the two
//!    latest forecasts (H9), the current life certificate (H8); graviditetspenning is
//!    named by the day each period starts (H11).
//! 3. The v9 types of the benefit.
//!
//! The registries are as blind to the past as the real ones; the service still applies
//! the query's period and H1 itself. With [`History::Raw`] (the simulator's `history`
//! knob) step 2 keeps everything up to today, however old, so that the service's own
//! window code is what cuts.

mod daily;
mod family;
mod fixtures;
mod life;
mod model;
mod payments;
mod pension;

use chrono::NaiveDate;
use lefi_contract::v9::{Formansinformation, Uppgifter, UtbetalningUppgift};
use lefi_domain::{Benefit, Source};

use crate::fixtures::Fixture;
use crate::person::PersonFacts;
use daily::Sgi;
pub use model::History;
use model::{Case, Subject, non_empty, restrict};
use pension::{Certificate, Earning, Forecast};

/// What the registry of `benefit` holds about a generated person, as of `as_of`.
pub fn generate(
    benefit: Benefit,
    facts: &PersonFacts,
    as_of: NaiveDate,
    history: History,
) -> Uppgifter {
    let subject = Subject::of(facts);
    if subject.no_benefits {
        return Uppgifter::default();
    }
    answer(benefit, &subject, as_of, history, &Generated)
}

/// What the registry of `benefit` holds under a fixture's customer id: the data
/// `docs/simulators.md` lists for it, and nothing for any other benefit or id.
pub fn fixture_benefits(
    customer_id: &str,
    benefit: Benefit,
    as_of: NaiveDate,
    history: History,
) -> Uppgifter {
    let Some(fixture) = Fixture::by_customer(customer_id) else {
        return Uppgifter::default();
    };
    let subject = fixtures::subject(fixture);
    answer(
        benefit,
        &subject,
        as_of,
        history,
        &fixtures::Written(customer_id),
    )
}

/// The real world the registries hold a part of.
pub(crate) trait World {
    fn cases(&self, benefit: Benefit, subject: &Subject, as_of: NaiveDate) -> Vec<Case>;
    fn sgi(&self, subject: &Subject, as_of: NaiveDate) -> Vec<Sgi>;
    fn earnings(&self, subject: &Subject, as_of: NaiveDate) -> Vec<Earning>;
    fn forecasts(&self, subject: &Subject, as_of: NaiveDate) -> Vec<Forecast>;
    fn certificates(&self, subject: &Subject, as_of: NaiveDate) -> Vec<Certificate>;
}

/// The world of a generated person, drawn from their key.
struct Generated;

impl World for Generated {
    fn cases(&self, benefit: Benefit, s: &Subject, as_of: NaiveDate) -> Vec<Case> {
        use Benefit as B;
        let generate = match benefit {
            B::Sjukpenning => daily::sjukpenning,
            B::Foraldrapenning => daily::foraldrapenning,
            B::TillfalligForaldrapenning => daily::tillfallig_foraldrapenning,
            B::Graviditetspenning => daily::graviditetspenning,
            B::Narstaendepenning => daily::narstaendepenning,
            B::Smittbararersattning => daily::smittbararersattning,
            B::DagpenningTotalforsvarspliktig => daily::totalforsvarsplikt,
            B::Aktivitetsstod => daily::aktivitetsstod,
            B::Rehabiliteringsersattning => daily::rehabiliteringsersattning,
            B::Barnbidrag => family::barnbidrag,
            B::Underhallsstod => family::underhallsstod,
            B::Vardbidrag => family::vardbidrag,
            B::Handikappersattning => family::handikappersattning,
            B::Bostadsbidrag => family::bostadsbidrag,
            B::Pension => pension::allmanpension,
            B::Efterlevandepension => pension::efterlevandepension,
            B::BostadstillaggPensionarer => pension::bostadstillagg,
            B::SjukersattningAktivitetsersattning => pension::sjuk_och_aktivitetsersattning,
            B::Arbetsskadelivranta => pension::arbetsskadelivranta,
            B::Yrkesskadelivranta => pension::yrkesskadelivranta,
            B::Pensionsprognos
            | B::SjukpenninggrundandeInkomst
            | B::Levnadsintyg
            | B::Utbetalning => return Vec::new(),
        };
        generate(s, as_of)
    }

    fn sgi(&self, s: &Subject, as_of: NaiveDate) -> Vec<Sgi> {
        daily::sgi(s, as_of)
    }

    fn earnings(&self, s: &Subject, as_of: NaiveDate) -> Vec<Earning> {
        pension::earnings(s, as_of)
    }

    fn forecasts(&self, s: &Subject, as_of: NaiveDate) -> Vec<Forecast> {
        pension::forecasts(s, as_of)
    }

    fn certificates(&self, s: &Subject, as_of: NaiveDate) -> Vec<Certificate> {
        pension::certificates(s, as_of)
    }
}

/// The registry's answer for one benefit.
fn answer(
    benefit: Benefit,
    subject: &Subject,
    as_of: NaiveDate,
    history: History,
    world: &dyn World,
) -> Uppgifter {
    let mut out = Uppgifter::default();
    let mut fi = Formansinformation::default();
    match benefit {
        Benefit::SjukpenninggrundandeInkomst => {
            let mut records = world.sgi(subject, as_of);
            records.retain(|g| g.decided <= subject.last_day(as_of));
            daily::render_sgi(&records, &mut fi);
        }
        Benefit::Pensionsprognos => {
            let forecasts = world.forecasts(subject, as_of);
            pension::render_forecasts(as_of, history, forecasts, &mut out);
        }
        Benefit::Levnadsintyg => {
            let certificates = world.certificates(subject, as_of);
            pension::render_certificates(as_of, history, certificates, &mut out);
        }
        Benefit::Utbetalning => {
            fi.utbetalningsuppgift = non_empty(all_payments(subject, as_of, history, world));
        }
        _ => {
            let cases = restrict(
                benefit,
                subject,
                as_of,
                history,
                world.cases(benefit, subject, as_of),
            );
            let from = history.payments_from(benefit, as_of);
            if benefit.source() == Source::Pm {
                // Pensionsmyndigheten's model: claims, decisions, payments (and PM:PU).
                pension::render_pm_cases(benefit, subject, as_of, from, &cases, &mut out);
                if benefit == Benefit::Pension {
                    let mut earnings = world.earnings(subject, as_of);
                    match history {
                        History::Windowed => earnings = pension::held_earnings(as_of, earnings),
                        // A year's record exists once the year is over: that is no window.
                        History::Raw => {
                            earnings.retain(|e| e.year < chrono::Datelike::year(&as_of))
                        }
                    }
                    pension::render_earnings(&earnings, &mut out);
                }
            } else {
                let mut paid = Vec::new();
                payments::payments(benefit, subject, as_of, from, &cases, &mut paid);
                paid.sort_by_key(payments::date_of);
                render(benefit, subject, as_of, &cases, &mut fi);
                fi.utbetalningsuppgift = non_empty(paid);
            }
        }
    }
    out.formansinformation = (fi != Formansinformation::default()).then_some(fi);
    out
}

/// H2: every payment of Försäkringskassan's benefits, at most 18 months back.
fn all_payments(
    subject: &Subject,
    as_of: NaiveDate,
    history: History,
    world: &dyn World,
) -> Vec<UtbetalningUppgift> {
    let from = history.payments_from(Benefit::Utbetalning, as_of);
    let mut paid = Vec::new();
    for benefit in Benefit::ALL {
        if benefit.source() != Source::Fk
            || matches!(model::schedule(benefit), model::Schedule::Unpaid)
        {
            continue;
        }
        let cases = restrict(
            benefit,
            subject,
            as_of,
            history,
            world.cases(benefit, subject, as_of),
        );
        payments::payments(benefit, subject, as_of, from, &cases, &mut paid);
    }
    paid.sort_by(|a, b| {
        payments::date_of(a)
            .cmp(&payments::date_of(b))
            .then_with(|| {
                let code = |p: &UtbetalningUppgift| {
                    p.formansfamilj
                        .as_ref()
                        .and_then(|f| f.id.clone())
                        .unwrap_or_default()
                };
                code(a).cmp(&code(b))
            })
    });
    paid
}

/// Writes a case benefit of Försäkringskassan's under its answer keys.
fn render(
    benefit: Benefit,
    subject: &Subject,
    as_of: NaiveDate,
    cases: &[Case],
    fi: &mut Formansinformation,
) {
    use Benefit as B;
    match benefit {
        B::Sjukpenning => daily::render_sjukpenning(cases, fi),
        B::Foraldrapenning => daily::render_foraldrapenning(cases, fi),
        B::TillfalligForaldrapenning => daily::render_tillfallig_foraldrapenning(cases, fi),
        B::Graviditetspenning => daily::render_graviditetspenning(cases, fi),
        B::Narstaendepenning => daily::render_narstaendepenning(cases, fi),
        B::Smittbararersattning => daily::render_smittbararersattning(cases, fi),
        B::DagpenningTotalforsvarspliktig => daily::render_totalforsvarsplikt(cases, fi),
        B::Aktivitetsstod => daily::render_aktivitetsstod(cases, fi),
        B::Rehabiliteringsersattning => daily::render_rehabiliteringsersattning(cases, fi),
        B::Barnbidrag => family::render_barnbidrag(cases, as_of, fi),
        B::Underhallsstod => family::render_underhallsstod(cases, fi),
        B::Vardbidrag => family::render_vardbidrag(cases, fi),
        B::Handikappersattning => family::render_handikappersattning(cases, fi),
        B::Bostadsbidrag => family::render_bostadsbidrag(cases, subject, as_of, fi),
        B::SjukersattningAktivitetsersattning => {
            pension::render_sjuk_och_aktivitetsersattning(cases, fi);
        }
        B::Arbetsskadelivranta => pension::render_arbetsskadelivranta(cases, fi),
        B::Yrkesskadelivranta => pension::render_yrkesskadelivranta(cases, fi),
        // Pensionsmyndigheten's benefits are written in PM's model (`answer`), the
        // others here have no cases.
        B::Pension
        | B::Efterlevandepension
        | B::BostadstillaggPensionarer
        | B::Pensionsprognos
        | B::SjukpenninggrundandeInkomst
        | B::Levnadsintyg
        | B::Utbetalning => {}
    }
}

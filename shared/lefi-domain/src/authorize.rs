//! The one authorization of a query (P3, S2): for the whole query and every list in it,
//! what is fetched and shown and what is answered with a deviation.
//!
//! Every channel's query becomes a [`ValidQuery`] (v9 lists, checked codes) and passes
//! through [`Agreement::authorize`]; the workflow fetches exactly the benefits of the
//! [`Plan`] and shows of each exactly its [`Show`]. Nothing downstream decides again.
//!
//! The rules:
//! - A part of a benefit (its cases, claims, decisions, övrig information, earnings) is
//!   shown when it was asked for and the agreement covers the benefit; else `OBEHORIG`.
//! - Payments are data of their benefit (H2): a benefit asked for brings its own
//!   payments, in its payment window (from 2008-07-01; H7's daily benefits two years back).
//! - The `utbetalningar` list is the seed's "Utbetalning" for the groups it names: it
//!   needs "Utbetalning" in the agreement and the named benefit, and reaches at most 18
//!   months back (H2) unless the benefit itself was asked too. The service's own
//!   `LEFI:UTB` (XML, portal) names every paid benefit the agreement covers.
//! - A v9 code the service does not deliver is `OBEHORIG` for that code alone (V7).
//! - Person data (`FK:GEPI`) is part of every answer the partner is entitled to (H10).
//! - A payment appears once, however many lists asked for it: a benefit is fetched once
//!   and its payments shown once, in the widest window any list asked for.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agreement::Agreement;
use crate::catalogue::{Benefit, Named, PERSON_DATA_CODE, Part, V9List};
use crate::history::payments_from;
use crate::query::ValidQuery;

/// What may be shown of one benefit the agreement covers and the query asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Show {
    /// The parts asked for by their own codes.
    pub parts: BTreeSet<Part>,
    /// Its payments were asked for through `utbetalningar` (its code, or `LEFI:UTB`).
    pub payments_listed: bool,
}

impl Show {
    /// The first day from which the benefit's payments may be shown, `None` when nobody
    /// asked for them (H2, H7).
    pub fn payments_from(&self, benefit: Benefit, today: NaiveDate) -> Option<NaiveDate> {
        if !benefit.pays() {
            return None;
        }
        if self.parts.iter().any(|p| p.includes_payments()) {
            Some(payments_from(benefit, today))
        } else if self.payments_listed {
            Some(payments_from(benefit, today).max(payments_from(Benefit::Utbetalning, today)))
        } else {
            None
        }
    }

    /// The (list, code) pairs that asked for this benefit's data: where the answer
    /// reports it when its registry fails, and what the audit records as delivered.
    pub fn asked_as(&self, benefit: Benefit) -> Vec<(V9List, &'static str)> {
        let mut pairs: Vec<_> = benefit
            .asks()
            .iter()
            .filter(|(_, _, part)| self.parts.contains(part))
            .map(|(list, code, _)| (*list, *code))
            .collect();
        if self.payments_listed {
            pairs.push((V9List::Utbetalningar, benefit.code()));
        }
        pairs
    }
}

/// Why an asked-for code gets no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeviationReason {
    /// The agreement does not cover it: never fetched (v9 `OBEHORIG`).
    NotInAgreement,
    /// A v9 code this service does not deliver (v9 `OBEHORIG`: no agreement can cover it).
    NotDelivered,
    /// Its registry failed after retries (v9 `INTERNT_FEL`); decided by the workflow.
    RegistryFailed,
}

/// One asked-for code answered without data, in the list it was asked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Deviation {
    pub list: V9List,
    pub code: &'static str,
    pub reason: DeviationReason,
}

/// A [`Deviation`] as read from the workflow's JSON: the code must be a known one.
#[derive(Deserialize)]
struct DeviationWire {
    list: V9List,
    code: String,
    reason: DeviationReason,
}

// By hand: a derived impl would borrow the `&'static str` from the input.
impl<'de> Deserialize<'de> for Deviation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = DeviationWire::deserialize(d)?;
        let code = V9List::ALL
            .iter()
            .flat_map(|l| l.v9_codes().iter().copied())
            .chain([crate::catalogue::UTBETALNING_CODE])
            .find(|c| *c == w.code)
            .ok_or_else(|| serde::de::Error::custom("okänd kod"))?;
        Ok(Self {
            list: w.list,
            code,
            reason: w.reason,
        })
    }
}

/// The authorization of one query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// What may be shown, per benefit. These benefits, and no others, are fetched; each
    /// is in the agreement.
    pub show: BTreeMap<Benefit, Show>,
    /// Asked-for codes that get no data, each once, in the order asked.
    pub deviations: Vec<Deviation>,
}

impl Plan {
    /// The benefits to fetch.
    pub fn fetch(&self) -> impl Iterator<Item = Benefit> + '_ {
        self.show.keys().copied()
    }

    /// The deviations of a benefit whose registry failed: one per (list, code) that asked
    /// for it.
    pub fn failed(&self, benefit: Benefit) -> Vec<Deviation> {
        self.show.get(&benefit).map_or_else(Vec::new, |show| {
            show.asked_as(benefit)
                .into_iter()
                .map(|(list, code)| Deviation {
                    list,
                    code,
                    reason: DeviationReason::RegistryFailed,
                })
                .collect()
        })
    }
}

impl Agreement {
    /// P3: the one decision, for every code of every list, of what is fetched and shown.
    pub fn authorize(&self, query: &ValidQuery) -> Plan {
        let covers = |b: Benefit| self.benefits.contains(&b);
        let payments_allowed = |b: Benefit| covers(Benefit::Utbetalning) && covers(b);
        let mut plan = Plan::default();
        let mut deviate = |list, code, reason| {
            let deviation = Deviation { list, code, reason };
            if !plan.deviations.contains(&deviation) {
                plan.deviations.push(deviation);
            }
        };
        let mut show: BTreeMap<Benefit, Show> = BTreeMap::new();
        for ask in &query.asked {
            match ask.named {
                Named::PersonData => {}
                Named::NotDelivered => deviate(ask.list, ask.code, DeviationReason::NotDelivered),
                Named::Part(b, part) if covers(b) => {
                    show.entry(b).or_default().parts.insert(part);
                }
                Named::Payments(b) if payments_allowed(b) => {
                    show.entry(b).or_default().payments_listed = true;
                }
                Named::AllPayments if covers(Benefit::Utbetalning) => {
                    for b in self.benefits.iter().copied().filter(|b| b.pays()) {
                        show.entry(b).or_default().payments_listed = true;
                    }
                }
                Named::Part(..) | Named::Payments(_) | Named::AllPayments => {
                    deviate(ask.list, ask.code, DeviationReason::NotInAgreement)
                }
            }
        }
        plan.show = show;
        plan
    }

    /// What the partner may ask for, per list: every (list, code) that
    /// [`Agreement::authorize`] answers with data (v9 `tillgangligaInformationstyper`).
    /// Person data is always there.
    pub fn askable(&self) -> Vec<(V9List, &'static str)> {
        let mut out = vec![(V9List::OvrigInformation, PERSON_DATA_CODE)];
        for list in V9List::ALL {
            for code in list.v9_codes() {
                let named = crate::catalogue::resolve(list, code, false).map(|(_, n)| n);
                let allowed = match named {
                    Some(Named::Part(b, _)) => self.benefits.contains(&b),
                    Some(Named::Payments(b)) => {
                        self.benefits.contains(&b) && self.benefits.contains(&Benefit::Utbetalning)
                    }
                    _ => false,
                };
                if allowed {
                    out.push((list, *code));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Organisationsnummer;
    use crate::agreement::{Channel, PartnerKind, Pricing, TrafficLimits};
    use crate::catalogue::{UTBETALNING_CODE, resolve};
    use crate::period::PeriodLimit;
    use crate::query::{RawCode, RawQuery};
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn agreement(benefits: &[Benefit]) -> Agreement {
        Agreement::new(
            "a",
            Organisationsnummer::parse("2120000142").unwrap(),
            "Exempel",
            PartnerKind::Kronofogden,
            benefits.iter().copied().collect(),
            [Channel::System].into(),
            TrafficLimits {
                per_second: 1,
                burst: 1,
                per_day: 1,
            },
            Pricing::Free,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            None,
            BTreeMap::new(),
        )
        .unwrap()
    }

    fn query(asked: &[(V9List, &str)], own_codes: bool) -> ValidQuery {
        RawQuery {
            personnummer: "195001019420".into(),
            from: "2025-01-01".into(),
            to: "2025-12-31".into(),
            asked: asked.iter().map(|(l, c)| RawCode::new(*l, *c)).collect(),
            own_codes,
            ..Default::default()
        }
        .validate(today(), &PeriodLimit::STANDARD)
        .unwrap()
    }

    use Benefit as B;
    use V9List as L;

    #[test]
    fn p3_payments_of_a_group_outside_the_agreement_are_obehorig_and_never_fetched() {
        // Kronofogden: income-related benefits and Utbetalning, not barnbidrag.
        let a = agreement(&[B::Sjukpenning, B::Utbetalning]);
        let plan = a.authorize(&query(
            &[(L::Utbetalningar, "FK:SJP"), (L::Utbetalningar, "FK:ABB")],
            false,
        ));
        assert_eq!(plan.fetch().collect::<Vec<_>>(), [B::Sjukpenning]);
        assert_eq!(
            plan.show[&B::Sjukpenning],
            Show {
                parts: BTreeSet::new(),
                payments_listed: true
            }
        );
        assert_eq!(
            plan.deviations,
            [Deviation {
                list: L::Utbetalningar,
                code: "FK:ABB",
                reason: DeviationReason::NotInAgreement
            }]
        );
    }

    #[test]
    fn h2_lefi_utb_is_the_payments_of_every_paid_benefit_the_agreement_covers() {
        let a = agreement(&[
            B::Sjukpenning,
            B::SjukpenninggrundandeInkomst,
            B::Pension,
            B::Utbetalning,
        ]);
        let plan = a.authorize(&query(&[(L::Utbetalningar, "LEFI:UTB")], true));
        assert_eq!(
            plan.fetch().collect::<Vec<_>>(),
            [B::Pension, B::Sjukpenning]
        );
        assert!(
            plan.show
                .values()
                .all(|s| s.payments_listed && s.parts.is_empty())
        );
        // Without "Utbetalning" in the agreement, neither LEFI:UTB nor a v9 payment list.
        let a = agreement(&[B::Sjukpenning]);
        let plan = a.authorize(&query(&[(L::Utbetalningar, "LEFI:UTB")], true));
        assert!(plan.show.is_empty());
        assert_eq!(plan.deviations[0].reason, DeviationReason::NotInAgreement);
        let plan = a.authorize(&query(&[(L::Utbetalningar, "FK:SJP")], false));
        assert!(plan.show.is_empty());
    }

    #[test]
    fn h2_a_payment_is_shown_once_in_the_widest_window_any_list_asked_for() {
        let a = agreement(&[B::Sjukpenning, B::Barnbidrag, B::Utbetalning]);
        let plan = a.authorize(&query(
            &[
                (L::Formansinformation, "FK:SJP"),
                (L::Utbetalningar, "FK:SJP"),
                (L::Utbetalningar, "FK:ABB"),
            ],
            false,
        ));
        assert_eq!(plan.fetch().count(), 2, "each benefit fetched once");
        let sjp = &plan.show[&B::Sjukpenning];
        let abb = &plan.show[&B::Barnbidrag];
        // Sjukpenning asked itself: its own window (H7, two years back).
        assert_eq!(
            sjp.payments_from(B::Sjukpenning, today()),
            NaiveDate::from_ymd_opt(2024, 12, 6)
        );
        // Barnbidrag only through the payment list: 18 months back (H2).
        assert_eq!(
            abb.payments_from(B::Barnbidrag, today()),
            NaiveDate::from_ymd_opt(2025, 6, 6)
        );
        assert_eq!(
            sjp.asked_as(B::Sjukpenning),
            [
                (L::Formansinformation, "FK:SJP"),
                (L::Utbetalningar, "FK:SJP")
            ]
        );
    }

    #[test]
    fn v7_a_v9_code_not_delivered_is_a_deviation_for_that_code_only() {
        let a = agreement(&[B::Sjukpenning, B::Utbetalning]);
        let plan = a.authorize(&query(
            &[
                (L::Formansinformation, "FK:SJP"),
                (L::Formansinformation, "FK:MEK"),
                (L::PreliminaraUtbetalningar, "FK:SJP"),
                (L::OvrigInformation, "PM:PU"),
            ],
            false,
        ));
        assert_eq!(plan.fetch().collect::<Vec<_>>(), [B::Sjukpenning]);
        let reasons: Vec<_> = plan
            .deviations
            .iter()
            .map(|d| (d.list, d.code, d.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    L::Formansinformation,
                    "FK:MEK",
                    DeviationReason::NotDelivered
                ),
                (
                    L::PreliminaraUtbetalningar,
                    "FK:SJP",
                    DeviationReason::NotDelivered
                ),
                (
                    L::OvrigInformation,
                    "PM:PU",
                    DeviationReason::NotInAgreement
                ),
            ]
        );
    }

    #[test]
    fn p3_a_failed_registry_is_reported_in_every_list_that_asked_for_it() {
        let a = agreement(&[B::Pension, B::Utbetalning]);
        let plan = a.authorize(&query(
            &[(L::Ansprak, "PM:AP"), (L::Utbetalningar, "PM:AP")],
            false,
        ));
        let lists: Vec<_> = plan
            .failed(B::Pension)
            .iter()
            .map(|d| (d.list, d.code))
            .collect();
        assert_eq!(lists, [(L::Ansprak, "PM:AP"), (L::Utbetalningar, "PM:AP")]);
    }

    #[test]
    fn a_plan_survives_the_workflows_json() {
        let a = agreement(&[B::Pension, B::Utbetalning]);
        let plan = a.authorize(&query(
            &[(L::Beslut, "PM:AP"), (L::Formansinformation, "FK:MEK")],
            false,
        ));
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(serde_json::from_value::<Plan>(json).unwrap(), plan);
    }

    fn any_benefits() -> impl Strategy<Value = BTreeSet<Benefit>> {
        proptest::sample::subsequence(Benefit::ALL.to_vec(), 1..=Benefit::ALL.len())
            .prop_map(|v| v.into_iter().collect())
    }

    /// Every (list, code) a query may carry: all v9 codes of all lists, and `LEFI:UTB`.
    fn every_ask() -> Vec<(V9List, &'static str)> {
        let mut all: Vec<_> = V9List::ALL
            .iter()
            .flat_map(|l| l.v9_codes().iter().map(move |c| (*l, *c)))
            .collect();
        all.push((L::Utbetalningar, UTBETALNING_CODE));
        all
    }

    proptest! {
        /// P3 over every agreement and every code of every list: nothing outside the
        /// agreement is ever shown, every asked code gets data or a deviation, and what
        /// may be asked (`askable`) is exactly what gets data.
        #[test]
        fn p3_nothing_outside_the_agreement_is_ever_shown(
            benefits in any_benefits(),
            picks in proptest::sample::subsequence(every_ask(), 1..=20),
        ) {
            let a = agreement(&benefits.iter().copied().collect::<Vec<_>>());
            let q = query(&picks, true);
            let plan = a.authorize(&q);
            for (b, show) in &plan.show {
                prop_assert!(a.benefits.contains(b), "{b:?} shown outside the agreement");
                if show.payments_listed {
                    prop_assert!(a.benefits.contains(&B::Utbetalning));
                }
                for part in &show.parts {
                    let asked = q.asked.iter().any(|x| x.named == Named::Part(*b, *part));
                    prop_assert!(asked, "{b:?} {part:?} shown but not asked for");
                }
            }
            let askable = a.askable();
            for ask in &q.asked {
                let deviated = plan.deviations.iter().any(|d| d.list == ask.list && d.code == ask.code);
                let data = match ask.named {
                    Named::PersonData => true,
                    Named::Part(b, p) => plan.show.get(&b).is_some_and(|s| s.parts.contains(&p)),
                    Named::Payments(b) => plan.show.get(&b).is_some_and(|s| s.payments_listed),
                    Named::AllPayments => a.benefits.contains(&B::Utbetalning),
                    Named::NotDelivered => false,
                };
                prop_assert!(data != deviated, "{ask:?}: data {data}, deviation {deviated}");
                if ask.code != UTBETALNING_CODE {
                    prop_assert_eq!(askable.contains(&(ask.list, ask.code)), data, "{:?}", ask);
                }
            }
        }
    }

    #[test]
    fn every_resolvable_code_is_covered_by_the_property_test() {
        for (list, code) in every_ask() {
            assert!(resolve(list, code, true).is_some(), "{list:?} {code}");
        }
    }
}

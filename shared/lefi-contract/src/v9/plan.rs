//! The one authorization's results in v9's shapes (SPEC P3, §6): what a partner may ask
//! for (`tillgangligaInformationstyper`), the deviations of an answer (`avvikelser`), and
//! the parts of a registry's answer that may be shown ([`retain_parts`]).
//! Built from `lefi_domain::authorize`, never by hand, so the two cannot disagree.

use std::collections::BTreeSet;

use lefi_domain::catalogue::{Part, V9List, v9_code_name};
use lefi_domain::{Deviation, DeviationReason};

use crate::v9::{
    Avvikelse, AvvikelseKod, ExternAvvikelseFormanGrupp, ExternAvvikelseOvrigInformationTyp,
    ExternFormanGrupp, ExternFormanGruppKod, ExternFormansinformationAvvikelser,
    ExternOvrigInformationTyp, ExternOvrigInformationTypKod, ExternTillgangligaInformationstyper,
    FkAvvikelseFormanGrupp, FkFormanGrupp, FkFormanGruppKod, PmAvvikelseFormanGrupp, PmFormanGrupp,
    PmFormanGruppKod, PmOvrigInformationTypKod, Uppgifter,
};

/// P3 on one benefit's registry answer: keeps only the parts that were asked for and
/// allowed (`Show::parts`). Payments are the history windows' to keep or drop (their
/// `payments_from`). A registry answers one benefit, so Försäkringskassan's model holds
/// that benefit's cases or övrig information alone.
pub fn retain_parts(data: &mut Uppgifter, parts: &BTreeSet<Part>) {
    let has = |p| parts.contains(&p);
    if !(has(Part::Cases) || has(Part::Info))
        && let Some(fi) = data.formansinformation.take()
    {
        data.formansinformation =
            fi.utbetalningsuppgift
                .map(|paid| crate::v9::Formansinformation {
                    utbetalningsuppgift: Some(paid),
                    ..Default::default()
                });
    }
    if !has(Part::Claims) {
        data.ansprak = None;
    }
    if !has(Part::Decisions) {
        data.beslut = None;
    }
    // v9's preliminary payments are never delivered by this service.
    data.preliminara_utbetalningar = None;
    if let Some(list) = &mut data.ovrig_information {
        list.retain(|o| match o.informationstyp.as_ref().map(|t| t.kod) {
            Some(PmOvrigInformationTypKod::PmPu) => has(Part::Earnings),
            Some(PmOvrigInformationTypKod::PmLint | PmOvrigInformationTypKod::PmPbh) => {
                has(Part::Info)
            }
            None => false,
        });
        if list.is_empty() {
            data.ovrig_information = None;
        }
    }
}

/// One code with its description, in the shape of the list it belongs to. `None` for a
/// code the list's v9 enum has no place for (the service's own `LEFI:UTB`).
enum Named {
    Fk(FkFormanGrupp),
    Pm(PmFormanGrupp),
    Extern(ExternFormanGrupp),
    Ovrig(ExternOvrigInformationTyp),
}

fn named(list: V9List, code: &str) -> Option<Named> {
    let beskrivning = v9_code_name(code).to_owned();
    Some(match list {
        V9List::Formansinformation => Named::Fk(FkFormanGrupp {
            kod: FkFormanGruppKod::from_code(code)?,
            beskrivning,
        }),
        V9List::Ansprak | V9List::Beslut => Named::Pm(PmFormanGrupp {
            kod: PmFormanGruppKod::from_code(code)?,
            beskrivning,
        }),
        V9List::PreliminaraUtbetalningar | V9List::Utbetalningar => {
            Named::Extern(ExternFormanGrupp {
                kod: ExternFormanGruppKod::from_code(code)?,
                beskrivning,
            })
        }
        V9List::OvrigInformation => Named::Ovrig(ExternOvrigInformationTyp {
            kod: ExternOvrigInformationTypKod::from_code(code)?,
            beskrivning,
        }),
    })
}

fn push<T>(list: &mut Option<Vec<T>>, item: T) {
    list.get_or_insert_with(Vec::new).push(item);
}

impl ExternTillgangligaInformationstyper {
    /// v9's summary of what may be asked, from `Agreement::askable`. Every list is
    /// present, empty when nothing may be asked in it (as the contract's example).
    pub fn of(askable: &[(V9List, &str)]) -> Self {
        let mut out = Self {
            formansinformation: Some(Vec::new()),
            ansprak: Some(Vec::new()),
            beslut: Some(Vec::new()),
            preliminara_utbetalningar: Some(Vec::new()),
            utbetalningar: Some(Vec::new()),
            ovrig_information: Some(Vec::new()),
        };
        for (list, code) in askable {
            match (list, named(*list, code)) {
                (_, Some(Named::Fk(g))) => push(&mut out.formansinformation, g),
                (V9List::Ansprak, Some(Named::Pm(g))) => push(&mut out.ansprak, g),
                (_, Some(Named::Pm(g))) => push(&mut out.beslut, g),
                (V9List::PreliminaraUtbetalningar, Some(Named::Extern(g))) => {
                    push(&mut out.preliminara_utbetalningar, g)
                }
                (_, Some(Named::Extern(g))) => push(&mut out.utbetalningar, g),
                (_, Some(Named::Ovrig(t))) => push(&mut out.ovrig_information, t),
                (_, None) => {}
            }
        }
        out
    }
}

impl ExternFormansinformationAvvikelser {
    /// The answer's deviations, each in the list that asked for its code. A deviation
    /// v9 has no place for (the service's own `LEFI:UTB`) is left out of this shape.
    pub fn of(deviations: &[Deviation]) -> Self {
        let mut out = Self::default();
        for d in deviations {
            let avvikelse = Some(Avvikelse {
                kod: Some(match d.reason {
                    DeviationReason::RegistryFailed => AvvikelseKod::InterntFel,
                    DeviationReason::NotInAgreement | DeviationReason::NotDelivered => {
                        AvvikelseKod::Obehorig
                    }
                }),
                beskrivning: Some(
                    match d.reason {
                        DeviationReason::NotInAgreement => "Ej behörig enligt avtal",
                        DeviationReason::NotDelivered => "Lämnas inte ut av LEFI Online",
                        DeviationReason::RegistryFailed => "Internt fel hos utlämnaren",
                    }
                    .to_owned(),
                ),
            });
            match (d.list, named(d.list, d.code)) {
                (_, Some(Named::Fk(g))) => push(
                    &mut out.formansinformation,
                    FkAvvikelseFormanGrupp {
                        avvikelse,
                        formansgrupp: Some(g),
                    },
                ),
                (list, Some(Named::Pm(g))) => push(
                    if list == V9List::Ansprak {
                        &mut out.ansprak
                    } else {
                        &mut out.beslut
                    },
                    PmAvvikelseFormanGrupp {
                        avvikelse,
                        formansgrupp: Some(g),
                    },
                ),
                (list, Some(Named::Extern(g))) => push(
                    if list == V9List::Utbetalningar {
                        &mut out.utbetalningar
                    } else {
                        &mut out.preliminara_utbetalningar
                    },
                    ExternAvvikelseFormanGrupp {
                        avvikelse,
                        formansgrupp: Some(g),
                    },
                ),
                (_, Some(Named::Ovrig(t))) => push(
                    &mut out.ovrig_information,
                    ExternAvvikelseOvrigInformationTyp {
                        avvikelse,
                        ovrig_informationstyp: Some(t),
                    },
                ),
                (_, None) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v7_the_domains_code_tables_are_the_contracts_enums() {
        let codes = |all: &[&'static str]| all.to_vec();
        assert_eq!(
            codes(V9List::Formansinformation.v9_codes()),
            FkFormanGruppKod::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            codes(V9List::Ansprak.v9_codes()),
            PmFormanGruppKod::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            codes(V9List::Utbetalningar.v9_codes()),
            ExternFormanGruppKod::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            codes(V9List::OvrigInformation.v9_codes()),
            ExternOvrigInformationTypKod::ALL
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn p3_deviations_land_in_the_list_that_asked() {
        let d = |list, code, reason| Deviation { list, code, reason };
        let avvikelser = ExternFormansinformationAvvikelser::of(&[
            d(
                V9List::Formansinformation,
                "FK:MEK",
                DeviationReason::NotDelivered,
            ),
            d(V9List::Beslut, "PM:AP", DeviationReason::NotInAgreement),
            d(
                V9List::Utbetalningar,
                "FK:ABB",
                DeviationReason::RegistryFailed,
            ),
            d(
                V9List::OvrigInformation,
                "PM:PU",
                DeviationReason::NotInAgreement,
            ),
            d(
                V9List::Utbetalningar,
                "LEFI:UTB",
                DeviationReason::NotInAgreement,
            ),
        ]);
        assert_eq!(
            serde_json::to_value(&avvikelser).unwrap(),
            json!({
                "formansinformation": [{"avvikelse": {"kod": "OBEHORIG", "beskrivning": "Lämnas inte ut av LEFI Online"},
                    "formansgrupp": {"kod": "FK:MEK", "beskrivning": "Merkostnadsersättning"}}],
                "beslut": [{"avvikelse": {"kod": "OBEHORIG", "beskrivning": "Ej behörig enligt avtal"},
                    "formansgrupp": {"kod": "PM:AP", "beskrivning": "Allmän pension"}}],
                "utbetalningar": [{"avvikelse": {"kod": "INTERNT_FEL", "beskrivning": "Internt fel hos utlämnaren"},
                    "formansgrupp": {"kod": "FK:ABB", "beskrivning": "Barnbidrag"}}],
                "ovrigInformation": [{"avvikelse": {"kod": "OBEHORIG", "beskrivning": "Ej behörig enligt avtal"},
                    "ovrigInformationstyp": {"kod": "PM:PU", "beskrivning": "Pensionsunderlag"}}],
            })
        );
    }

    #[test]
    fn p3_what_may_be_asked_is_listed_per_list_with_every_list_present() {
        let summary = ExternTillgangligaInformationstyper::of(&[
            (V9List::OvrigInformation, "FK:GEPI"),
            (V9List::Formansinformation, "FK:SJP"),
            (V9List::Ansprak, "PM:AP"),
            (V9List::Utbetalningar, "FK:SJP"),
        ]);
        let value = serde_json::to_value(&summary).unwrap();
        assert_eq!(
            value["formansinformation"],
            json!([{"kod": "FK:SJP", "beskrivning": "Sjukpenning"}])
        );
        assert_eq!(
            value["ansprak"],
            json!([{"kod": "PM:AP", "beskrivning": "Allmän pension"}])
        );
        assert_eq!(value["beslut"], json!([]));
        assert_eq!(value["preliminaraUtbetalningar"], json!([]));
        assert_eq!(value["utbetalningar"][0]["kod"], "FK:SJP");
        assert_eq!(value["ovrigInformation"][0]["kod"], "FK:GEPI");
    }
}

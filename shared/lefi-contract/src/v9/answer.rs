//! The answer to a query: each source's state (`utlamnare`), what could not be
//! delivered (`avvikelser`) and the data ([`Uppgifter`]): Försäkringskassan's model
//! (`formansinformation`) and Pensionsmyndigheten's (`ansprak`, `beslut`,
//! `preliminaraUtbetalningar`, `utbetalningar`, `ovrigInformation`).

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::v9::benefits::arbetsmarknad::{
    AktivitetsstodArende, Programanvisning, ProgramersattningArende, Programjobdagar,
    StudiemedelAvisering,
};
use crate::v9::benefits::bostadsbidrag::BostadsbidragArende;
use crate::v9::benefits::familj::{
    BarnbidragArende, HandikappersattningArende, MerkostnadsersattningArende,
    MottagareAvBarnbidragArende, OmvardnadsbidragArende, Underhallsskuld, UnderhallsstodArende,
    VardbidragArende,
};
use crate::v9::benefits::foraldrapenning::{
    ForaldrapenningArende, GraviditetspenningArende, NarstaendepenningArende,
    TillfalligForaldrapenningArende,
};
use crate::v9::benefits::intjanande::{IntjanandeBehallning, IntjanandeUppgift};
use crate::v9::benefits::livranta::{
    ArbetsskadelivrantaEfterlevandeArende, ArbetsskadelivrantaEgenArende,
    YrkesskadelivrantaEfterlevandeArende, YrkesskadelivrantaEgenArende,
};
use crate::v9::benefits::pension::{
    AllmanpensionArende, BostadstillaggArende, EfterlevandepensionArende, LevnadsintygUppgift,
    Skatteuppgift,
};
use crate::v9::benefits::sjukersattning::{
    SjukOchAktivitetsersattningArende, SjukOchAktivitetsersattningSteglosAvrakning,
};
use crate::v9::benefits::sjukpenning::{
    ForebyggandeSjukpenningArende, RehabersattningArende, SjukpenningArende,
    SjukpenninggrundandeInkomstUppgift, SmittbararersattningArende,
    TotalforsvarspliktspenningArende,
};
use crate::v9::benefits::utbetalning::UtbetalningUppgift;
use crate::v9::codes::{
    ExternFormanGrupp, ExternOvrigInformationTyp, FkFormanGrupp, PmFormanGrupp,
};
use crate::v9::person::Personinformation;
use crate::v9::pm::{PmFormanAnsprak, PmFormanBeslut, PmFormanUtbetalning, PmOvrigInformation};

v9_code_enum! {
    /// An authority that hands out information.
    ///
    /// v9: LefiUtlamnareKod
    pub enum UtlamnareKod {
        Fk = "FK", Pm = "PM",
    }
}

v9_code_enum! {
    /// A source's state: all registries answered, some failed, or none answered.
    ///
    /// v9: LefiTillstandKod
    pub enum TillstandKod {
        Ok = "OK", Felande = "FELANDE", Otillganglig = "OTILLGANGLIG",
    }
}

v9_code_enum! {
    /// Why a benefit group was not delivered: its registry failed, or the agreement does
    /// not cover it.
    ///
    /// v9: LefiAvvikelseKod
    pub enum AvvikelseKod {
        InterntFel = "INTERNT_FEL", Obehorig = "OBEHORIG",
    }
}

/// Reads `avvikelser` as the schema's object, or as the empty list that the contract's
/// own 200 example sends (`"avvikelser": []`), which means "none". It is written as the
/// object.
fn avvikelser_object_or_empty_list<'de, D>(
    deserializer: D,
) -> Result<Option<ExternFormansinformationAvvikelser>, D::Error>
where
    D: Deserializer<'de>,
{
    struct ObjectOrEmptyList;

    impl<'de> Visitor<'de> for ObjectOrEmptyList {
        type Value = Option<ExternFormansinformationAvvikelser>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an avvikelser object, or an empty list")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            Deserialize::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            match seq.next_element::<IgnoredAny>()? {
                None => Ok(Some(ExternFormansinformationAvvikelser::default())),
                Some(_) => Err(de::Error::invalid_length(1, &"an empty list")),
            }
        }
    }

    deserializer.deserialize_option(ObjectOrEmptyList)
}

/// The answer to a query: the sources' states, the deviations, and the data.
///
/// v9: LefiExternFormansinformationSvar
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternFormansinformationSvar {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utlamnare: Option<Vec<UtlamnareTillstand>>,
    /// Also read from `[]`, which the contract's own example sends.
    #[serde(
        default,
        deserialize_with = "avvikelser_object_or_empty_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub avvikelser: Option<ExternFormansinformationAvvikelser>,
    /// The data, beside `utlamnare` and `avvikelser` on the wire.
    #[serde(flatten)]
    pub uppgifter: Uppgifter,
}

/// The data of an answer (the rest of `LefiExternFormansinformationSvar`): what a
/// registry answers for one benefit, what the answer carries for all of them.
/// Försäkringskassan's benefits sit in `formansinformation`, Pensionsmyndigheten's in
/// the other lists (v9: "Fältet `formansinformation` innehåller hittad information som
/// är strukturerad enligt Försäkringskassans informationsmodell. Övriga fält innehåller
/// hittad information strukturerad enligt Pensionsmyndighetens datamodell").
///
/// v9: LefiExternFormansinformationSvar (its data)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Uppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansinformation: Option<Formansinformation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansprak: Option<Vec<PmFormanAnsprak>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<PmFormanBeslut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preliminara_utbetalningar: Option<Vec<PmFormanUtbetalning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningar: Option<Vec<PmFormanUtbetalning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ovrig_information: Option<Vec<PmOvrigInformation>>,
}

/// Appends `more` to `into`: a list is present afterwards when either was.
fn append<T>(into: &mut Option<Vec<T>>, more: Option<Vec<T>>) {
    if let Some(more) = more {
        into.get_or_insert_with(Vec::new).extend(more);
    }
}

/// Appends every list of `from` to the same list of `into`. The struct is destructured
/// without `..`, so a list added to the type cannot be forgotten here.
macro_rules! append_lists {
    ($ty:ident, $into:expr, $from:expr, [$($field:ident),+ $(,)?]) => {{
        let $ty { $($field),+ } = $from;
        $(append(&mut $into.$field, $field);)+
    }};
}

impl Uppgifter {
    /// Adds `other`'s data to this: every list is concatenated, this one's items first
    /// (duplicate customer ids of one person, SPEC §3; several benefits in one answer).
    pub fn merge(&mut self, other: Uppgifter) {
        let Uppgifter {
            formansinformation,
            ansprak,
            beslut,
            preliminara_utbetalningar,
            utbetalningar,
            ovrig_information,
        } = other;
        if let Some(more) = formansinformation {
            self.formansinformation
                .get_or_insert_with(Formansinformation::default)
                .merge(more);
        }
        append(&mut self.ansprak, ansprak);
        append(&mut self.beslut, beslut);
        append(
            &mut self.preliminara_utbetalningar,
            preliminara_utbetalningar,
        );
        append(&mut self.utbetalningar, utbetalningar);
        append(&mut self.ovrig_information, ovrig_information);
    }

    /// Whether there is no data at all (every list absent).
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// One source's state in an answer.
///
/// v9: LefiUtlamnareTillstand
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UtlamnareTillstand {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utlamnare: Option<Utlamnare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tillstand: Option<Tillstand>,
}

/// v9: LefiUtlamnare
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Utlamnare {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kod: Option<UtlamnareKod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
}

/// v9: LefiTillstand
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tillstand {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kod: Option<TillstandKod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
}

/// What could not be delivered, per list of the query, and why.
///
/// v9: LefiExternFormansinformationAvvikelser
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternFormansinformationAvvikelser {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansinformation: Option<Vec<FkAvvikelseFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansprak: Option<Vec<PmAvvikelseFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<PmAvvikelseFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preliminara_utbetalningar: Option<Vec<ExternAvvikelseFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningar: Option<Vec<ExternAvvikelseFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ovrig_information: Option<Vec<ExternAvvikelseOvrigInformationTyp>>,
}

/// v9: LefiFkAvvikelseFormanGrupp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FkAvvikelseFormanGrupp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avvikelse: Option<Avvikelse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansgrupp: Option<FkFormanGrupp>,
}

/// v9: LefiPmAvvikelseFormanGrupp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmAvvikelseFormanGrupp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avvikelse: Option<Avvikelse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansgrupp: Option<PmFormanGrupp>,
}

/// v9: LefiExternAvvikelseFormanGrupp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternAvvikelseFormanGrupp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avvikelse: Option<Avvikelse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansgrupp: Option<ExternFormanGrupp>,
}

/// v9: LefiExternAvvikelseOvrigInformationTyp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternAvvikelseOvrigInformationTyp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avvikelse: Option<Avvikelse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ovrig_informationstyp: Option<ExternOvrigInformationTyp>,
}

/// v9: LefiAvvikelse
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Avvikelse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kod: Option<AvvikelseKod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
}

/// Försäkringskassan's model of the data: one optional list per kind of data, keyed as
/// the catalogue's answer keys say.
///
/// v9: LefiFormansinformation
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Formansinformation {
    /// At most one (v9's `maxItems: 1` lists say "if any").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generell_personinformation: Option<Vec<Personinformation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivitetsstodsarende: Option<Vec<AktivitetsstodArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allmanpensionsarende: Option<Vec<AllmanpensionArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsskadeefterlevandearende: Option<Vec<ArbetsskadelivrantaEfterlevandeArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsskadeegenlivrantearende: Option<Vec<ArbetsskadelivrantaEgenArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barnbidragsarende: Option<Vec<BarnbidragArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostadsbidragsarende: Option<Vec<BostadsbidragArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostadstillaggsarende: Option<Vec<BostadstillaggArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efterlevandepensionsarende: Option<Vec<EfterlevandepensionArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mottagareavbarnbidrag: Option<Vec<MottagareAvBarnbidragArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foraldrapenningarende: Option<Vec<ForaldrapenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forebyggande_sjukpenningsarende: Option<Vec<ForebyggandeSjukpenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handikappersattningsarende: Option<Vec<HandikappersattningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graviditetspenningsarende: Option<Vec<GraviditetspenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intjanandebehallning: Option<Vec<IntjanandeBehallning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intjanandeuppgift: Option<Vec<IntjanandeUppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levnadsintygsuppgift: Option<Vec<LevnadsintygUppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merkostnadsersattningsarende: Option<Vec<MerkostnadsersattningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narstaendepenningarende: Option<Vec<NarstaendepenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omvardnadsbidragsarende: Option<Vec<OmvardnadsbidragArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preliminarautbetalningar: Option<Vec<UtbetalningUppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programanvisning: Option<Vec<Programanvisning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programersattningsarende: Option<Vec<ProgramersattningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programjobdagar: Option<Vec<Programjobdagar>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rehabersattningsarende: Option<Vec<RehabersattningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sjuk_och_aktivitetsersattningsarende: Option<Vec<SjukOchAktivitetsersattningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sjuk_och_aktivitetsersattning_steglos_avrakning_historik:
        Option<Vec<SjukOchAktivitetsersattningSteglosAvrakning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sjuk_och_aktivitetsersattning_steglos_avrakning_nulage:
        Option<Vec<SjukOchAktivitetsersattningSteglosAvrakning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sjukpenningarende: Option<Vec<SjukpenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sjukpenninggrundande_inkomstuppgift: Option<Vec<SjukpenninggrundandeInkomstUppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skatteuppgift: Option<Vec<Skatteuppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smittbararersattningsarende: Option<Vec<SmittbararersattningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub studiemedelsavisering: Option<Vec<StudiemedelAvisering>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tillfallig_foraldrapenningarende: Option<Vec<TillfalligForaldrapenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totalforsvarspliktsarende: Option<Vec<TotalforsvarspliktspenningArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underhallsskuld: Option<Vec<Underhallsskuld>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underhallsstodskrav: Option<Vec<UnderhallsstodArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underhallsstodsmottag: Option<Vec<UnderhallsstodArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsuppgift: Option<Vec<UtbetalningUppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vardbidragsarende: Option<Vec<VardbidragArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yrkesskadeefterlevandearende: Option<Vec<YrkesskadelivrantaEfterlevandeArende>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yrkesskadeegenlivrantearende: Option<Vec<YrkesskadelivrantaEgenArende>>,
}

impl Formansinformation {
    /// Adds `other`'s data to this: every list is concatenated, this one's items first.
    pub fn merge(&mut self, other: Formansinformation) {
        append_lists!(
            Formansinformation,
            self,
            other,
            [
                generell_personinformation,
                aktivitetsstodsarende,
                allmanpensionsarende,
                arbetsskadeefterlevandearende,
                arbetsskadeegenlivrantearende,
                barnbidragsarende,
                bostadsbidragsarende,
                bostadstillaggsarende,
                efterlevandepensionsarende,
                mottagareavbarnbidrag,
                foraldrapenningarende,
                forebyggande_sjukpenningsarende,
                handikappersattningsarende,
                graviditetspenningsarende,
                intjanandebehallning,
                intjanandeuppgift,
                levnadsintygsuppgift,
                merkostnadsersattningsarende,
                narstaendepenningarende,
                omvardnadsbidragsarende,
                preliminarautbetalningar,
                programanvisning,
                programersattningsarende,
                programjobdagar,
                rehabersattningsarende,
                sjuk_och_aktivitetsersattningsarende,
                sjuk_och_aktivitetsersattning_steglos_avrakning_historik,
                sjuk_och_aktivitetsersattning_steglos_avrakning_nulage,
                sjukpenningarende,
                sjukpenninggrundande_inkomstuppgift,
                skatteuppgift,
                smittbararersattningsarende,
                studiemedelsavisering,
                tillfallig_foraldrapenningarende,
                totalforsvarspliktsarende,
                underhallsskuld,
                underhallsstodskrav,
                underhallsstodsmottag,
                utbetalningsuppgift,
                vardbidragsarende,
                yrkesskadeefterlevandearende,
                yrkesskadeegenlivrantearende,
            ]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v9::codes::ExternFormanGruppKod;
    use serde_json::json;

    #[test]
    fn default_answers_write_as_empty_objects() {
        assert_eq!(
            serde_json::to_value(ExternFormansinformationSvar::default()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(Formansinformation::default()).unwrap(),
            json!({})
        );
    }

    #[test]
    fn the_data_sits_beside_utlamnare_and_avvikelser_on_the_wire() {
        let wire = json!({
            "utlamnare": [{"utlamnare": {"kod": "PM"}}],
            "avvikelser": {},
            "formansinformation": {"sjukpenningarende": [{"aktivt": true}]},
            "ansprak": [{"ankomstdatum": "2024-01-31"}],
            "beslut": [{"beslutsdatum": "2024-02-15"}],
            "preliminaraUtbetalningar": [],
            "utbetalningar": [{"bruttobelopp": 12000, "nettobelopp": 8880}],
            "ovrigInformation": [{"informationstyp": {"kod": "PM:PU", "beskrivning": "Pensionsunderlag"}}],
        });
        let svar: ExternFormansinformationSvar = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(svar.uppgifter.utbetalningar.as_ref().map(Vec::len), Some(1));
        assert_eq!(svar.uppgifter.preliminara_utbetalningar, Some(vec![]));
        assert_eq!(serde_json::to_value(&svar).unwrap(), wire);
        // Unknown properties are still ignored, and an answer without data has no keys.
        let svar: ExternFormansinformationSvar =
            serde_json::from_value(json!({"okand": 1, "avvikelser": []})).unwrap();
        assert!(svar.uppgifter.is_empty());
        assert_eq!(
            serde_json::to_value(&svar).unwrap(),
            json!({"avvikelser": {}})
        );
    }

    #[test]
    fn merge_concatenates_every_list_this_ones_items_first() {
        let read = |v| serde_json::from_value::<Uppgifter>(v).unwrap();
        let mut a = read(json!({
            "formansinformation": {"sjukpenningarende": [{"aktivt": true}]},
            "ansprak": [{"ankomstdatum": "2024-01-01"}],
        }));
        let b = read(json!({
            "formansinformation": {
                "sjukpenningarende": [{"aktivt": false}],
                "utbetalningsuppgift": [],
            },
            "ansprak": [{"ankomstdatum": "2025-01-01"}],
            "utbetalningar": [{"bruttobelopp": 1}],
            "ovrigInformation": [{}],
        }));
        a.merge(b);
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            json!({
                "formansinformation": {
                    "sjukpenningarende": [{"aktivt": true}, {"aktivt": false}],
                    "utbetalningsuppgift": [],
                },
                "ansprak": [{"ankomstdatum": "2024-01-01"}, {"ankomstdatum": "2025-01-01"}],
                "utbetalningar": [{"bruttobelopp": 1}],
                "ovrigInformation": [{}],
            })
        );
        let mut empty = Uppgifter::default();
        empty.merge(Uppgifter::default());
        assert!(empty.is_empty());
    }

    #[test]
    fn an_empty_list_is_kept_apart_from_an_absent_one() {
        let fi = Formansinformation {
            sjukpenningarende: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&fi).unwrap(),
            json!({"sjukpenningarende": []})
        );
    }

    #[test]
    fn avvikelser_reads_the_schemas_object_and_the_examples_empty_list() {
        let read = |v| serde_json::from_value::<ExternFormansinformationSvar>(v);
        let from_list = read(json!({"avvikelser": []})).unwrap();
        assert_eq!(from_list.avvikelser, Some(Default::default()));
        assert_eq!(
            serde_json::to_value(&from_list).unwrap(),
            json!({"avvikelser": {}})
        );

        let object = json!({"avvikelser": {"formansinformation": [{
            "avvikelse": {"kod": "OBEHORIG", "beskrivning": "Ej behörig"},
            "formansgrupp": {"kod": "FK:SJP", "beskrivning": "Sjukpenning"},
        }]}});
        let from_object = read(object.clone()).unwrap();
        assert_eq!(serde_json::to_value(&from_object).unwrap(), object);

        assert_eq!(read(json!({"avvikelser": null})).unwrap().avvikelser, None);
        assert_eq!(read(json!({})).unwrap().avvikelser, None);
        assert!(read(json!({"avvikelser": [{}]})).is_err());
        assert!(read(json!({"avvikelser": "inga"})).is_err());
    }

    #[test]
    fn codes_are_the_contracts_strings() {
        assert_eq!(TillstandKod::ALL.len(), 3);
        assert_eq!(TillstandKod::Otillganglig.code(), "OTILLGANGLIG");
        assert_eq!(
            AvvikelseKod::from_code("INTERNT_FEL"),
            Some(AvvikelseKod::InterntFel)
        );
        assert_eq!(UtlamnareKod::from_code("fk"), None);
        assert_eq!(
            serde_json::to_value(UtlamnareTillstand {
                utlamnare: Some(Utlamnare {
                    kod: Some(UtlamnareKod::Fk),
                    namn: Some("Försäkringskassan".into()),
                }),
                tillstand: Some(Tillstand {
                    kod: Some(TillstandKod::Felande),
                    beskrivning: None,
                }),
            })
            .unwrap(),
            json!({"utlamnare": {"kod": "FK", "namn": "Försäkringskassan"},
                   "tillstand": {"kod": "FELANDE"}})
        );
        for code in ExternFormanGruppKod::ALL {
            assert_eq!(ExternFormanGruppKod::from_code(code.code()), Some(*code));
        }
    }
}

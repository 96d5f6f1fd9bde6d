//! Pensionsmyndigheten's model of benefit data: the answer's top-level lists `ansprak`,
//! `beslut`, `preliminaraUtbetalningar`, `utbetalningar` and `ovrigInformation`
//! (`LefiExternFormansinformationSvar`: "Övriga fält innehåller hittad information
//! strukturerad enligt Pensionsmyndighetens datamodell").
//!
//! Unlike Försäkringskassan's model, amounts here are v9 `integer`s of whole kronor
//! (`i64`), not [`Belopp`](super::Belopp); a claim, a decision and a payment name their
//! benefit group themselves (`formansgrupp`); and a decision is not nested in a case: the
//! contract gives no link between a claim and the decisions on it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::v9::codes::PmFormanGrupp;
use crate::v9::common::{Artal, Manad};

/// A code and its Swedish description, both required, as every `LefiPm…` pair of
/// `kod` and `beskrivning` is.
macro_rules! coded {
    ($(#[$meta:meta])* pub struct $name:ident($kod:ty);) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub kod: $kod,
            pub beskrivning: String,
        }

        impl $name {
            pub fn new(kod: $kod, beskrivning: impl Into<String>) -> Self {
                Self {
                    kod,
                    beskrivning: beskrivning.into(),
                }
            }
        }
    };
}

/// A period that may have no end: from `from`, to `tom` inclusive, or open.
///
/// v9: LefiPeriodMedValfrittTom
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodMedValfrittTom {
    pub from: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tom: Option<NaiveDate>,
}

/// A period of days, both ends given, as an answer carries it (a payment's
/// `utbetalningsperiod`). The query's [`Period`](super::Period) is the same schema read
/// as strings, so that a bad date is reported per field (V2).
///
/// v9: LefiPeriod (in an answer)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Datumperiod {
    pub from: NaiveDate,
    pub tom: NaiveDate,
}

// ---------------------------------------------------------------------------------
// Claims (`ansprak`).

/// A claim made to Pensionsmyndigheten: when it arrived, and the period claimed.
///
/// v9: LefiPmFormanAnsprak
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanAnsprak {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansprakid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ankomstdatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansgrupp: Option<PmFormanGrupp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yrkad_period: Option<PeriodMedValfrittTom>,
}

// ---------------------------------------------------------------------------------
// Decisions (`beslut`).

/// A decision on a claim, with the compensations it grants.
///
/// v9: LefiPmFormanBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsdatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansgrupp: Option<PmFormanGrupp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsstatus: Option<PmFormanBeslutStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsutfall: Option<PmFormanBeslutUtfall>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutad_ersattning: Option<Vec<PmFormanBeslutadErsattning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tillagg: Option<PmFormanBeslutTillagg>,
}

coded! {
    /// v9: LefiPmFormanBeslutStatus
    pub struct PmFormanBeslutStatus(PmFormanBeslutStatusKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanBeslutStatusKod
    pub enum PmFormanBeslutStatusKod {
        Interimistiskt = "INTERIMISTISKT", Preliminart = "PRELIMINART", Slutligt = "SLUTLIGT",
    }
}

coded! {
    /// v9: LefiPmFormanBeslutUtfall
    pub struct PmFormanBeslutUtfall(PmFormanBeslutUtfallKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanBeslutUtfallKod
    pub enum PmFormanBeslutUtfallKod {
        Bifall = "BIFALL", Avslag = "AVSLAG",
    }
}

/// One compensation a decision grants: how much, how often, for which days.
///
/// v9: LefiPmFormanBeslutadErsattning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutat_belopp: Option<PmFormanBeslutatBelopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodMedValfrittTom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningstyp: Option<PmFormanBeslutadErsattningTyp>,
    /// A share between 0 and 1 (v9: "minst 3 decimalers precision").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag: Option<PmFormanBeslutadErsattningUnderlag>,
}

/// v9: LefiPmFormanBeslutatBelopp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutatBelopp {
    /// Whole kronor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beloppsfrekvens: Option<PmFormanBeslutatBeloppFrekvens>,
}

coded! {
    /// v9: LefiPmFormanBeslutatBeloppFrekvens
    pub struct PmFormanBeslutatBeloppFrekvens(PmFormanBeslutatBeloppFrekvensKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanBeslutatBeloppFrekvensKod
    pub enum PmFormanBeslutatBeloppFrekvensKod {
        Ar = "AR", Halvar = "HALVAR", Kvartal = "KVARTAL", Manad = "MANAD", Vecka = "VECKA",
        Dag = "DAG", Engangs = "ENGANGS",
    }
}

coded! {
    /// v9: LefiPmFormanBeslutadErsattningTyp
    pub struct PmFormanBeslutadErsattningTyp(PmFormanBeslutadErsattningTypKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanBeslutadErsattningTypKod
    pub enum PmFormanBeslutadErsattningTypKod {
        PmBh = "PM:BH", PmBl = "PM:BL", PmBp = "PM:BP", PmBt = "PM:BT", PmElstod = "PM:ELSTOD",
        PmFl = "PM:FL", PmFol = "PM:FOL", PmFop = "PM:FOP", PmFopgarp = "PM:FOPGARP",
        PmGarp = "PM:GARP", PmIp = "PM:IP", PmIpt = "PM:IPT", PmOl = "PM:OL", PmOp = "PM:OP",
        PmOpgarp = "PM:OPGARP", PmPrep = "PM:PREP", PmPrepel = "PM:PREPEL", PmSbt = "PM:SBT",
        PmSel = "PM:SEL", PmSep = "PM:SEP", PmSepgarp = "PM:SEPGARP", PmTp = "PM:TP",
        PmAfs = "PM:AFS", PmAnkel = "PM:ANKEL", PmAnkep = "PM:ANKEP",
        PmAnkepgarp = "PM:ANKEPGARP",
    }
}

/// The grounds of a compensation; which are given depends on its type.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bp: Option<PmFormanBeslutadErsattningUnderlagBp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub garp: Option<PmFormanBeslutadErsattningUnderlagGarp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub garp_ep: Option<PmFormanBeslutadErsattningUnderlagGarpEp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub garp_ap37: Option<PmFormanBeslutadErsattningUnderlagGarpAp37>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<PmFormanBeslutadErsattningUnderlagIp>,
    /// Spelled so in v9.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub livaranta: Option<PmFormanBeslutadErsattningUnderlagLivranta>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<PmFormanBeslutadErsattningUnderlagOp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordning: Option<PmFormanBeslutadErsattningUnderlagSamordning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tp: Option<PmFormanBeslutadErsattningUnderlagTp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ankep: Option<PmFormanBeslutadErsattningUnderlagAnkep>,
}

/// Barnpension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagBp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagBp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efterlevandepensionsunderlag: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procent: Option<f64>,
}

/// Garantipension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagGarp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagGarp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antal40delar: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub garantitillagg_for_garantipension: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yl_avdrag: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inkomstpension_for_garantipension: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tillaggspension_for_garantipension: Option<i64>,
}

/// Garantipension to efterlevandepension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagGarpEp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagGarpEp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antal40delar: Option<i64>,
}

/// Garantipension for people born 1937 or earlier.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagGarpAp37
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagGarpAp37 {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summa_berakningsunderlag: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antal40delar: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antal30delar: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionstillskott: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uttagsprocent_fp: Option<f64>,
}

/// Inkomstpension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagIp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagIp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yl_avdrag: Option<i64>,
}

/// Livränta.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagLivranta
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagLivranta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub livrantefaktor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsgivarkod: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skadedatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsinkomst_innan_skada: Option<i64>,
}

/// Omställningspension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagOp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagOp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efterlevandepensionsunderlag: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procent: Option<f64>,
}

/// Coordination with other compensations.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagSamordning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagSamordning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp_fore_samordning: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordningstyper: Option<Vec<PmFormanSamordningTyp>>,
}

coded! {
    /// v9: LefiPmFormanSamordningTyp
    pub struct PmFormanSamordningTyp(PmFormanSamordningTypKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanSamordningTypKod
    pub enum PmFormanSamordningTypKod {
        PmAl = "PM:AL", PmAp = "PM:AP", PmBp40 = "PM:BP40", PmNkt = "PM:NKT", PmSa = "PM:SA",
        PmUep = "PM:UEP", PmUyl = "PM:UYL", PmVpsb = "PM:VPSB", PmYl = "PM:YL",
        PmOvr = "PM:OVR",
    }
}

/// Tilläggspension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagTp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagTp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sjoskattear: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uttagsprocent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yl_avdrag: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub garantitillagg: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folkpensiontillagg: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medelpoang: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ar_med_pensionspoang: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erforderliga_ar: Option<f64>,
}

/// Änkepension.
///
/// v9: LefiPmFormanBeslutadErsattningUnderlagAnkep
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutadErsattningUnderlagAnkep {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antal15delar: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medelpoang: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taljare: Option<i64>,
    /// A `number` in v9, unlike `taljare`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namnare: Option<f64>,
}

/// What a decision adds for its benefit group: `allmanpension` (PM:AP),
/// `bostadsInkomststod` (PM:BTI) or `efterlevandeformaner` (PM:EF).
///
/// v9: LefiPmFormanBeslutTillagg
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillagg {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allmanpension: Option<PmFormanBeslutTillaggAllmanpension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostads_inkomststod: Option<PmFormanBeslutTillaggBostadsInkomststod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efterlevandeformaner: Option<PmFormanBeslutTillaggEfterlevandeformaner>,
}

/// v9: LefiPmFormanBeslutTillaggAllmanpension
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillaggAllmanpension {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordning_med_pension_fran_annat_land: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anvant_civilstand: Option<PmCivilstand>,
}

coded! {
    /// v9: LefiPmCivilstand
    pub struct PmCivilstand(PmCivilstandKod);
}

v9_code_enum! {
    /// v9: LefiPmCivilstandKod
    pub enum PmCivilstandKod {
        Ogift = "OGIFT", Gift = "GIFT",
    }
}

/// v9: LefiPmFormanBeslutTillaggBostadsInkomststod
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillaggBostadsInkomststod {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berakningsunderlag: Option<PmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag>,
}

/// v9: LefiPmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostadskostnad_brutto: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostadskostnad_netto_bt: Option<i64>,
    /// Spelled so in v9.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostadskostnadd_netto_afs: Option<i64>,
    /// Another person's personnummer (10 or 12 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medsokande: Option<String>,
}

/// v9: LefiPmFormanBeslutTillaggEfterlevandeformaner
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillaggEfterlevandeformaner {
    /// At most two.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avlidna: Option<Vec<PmFormanBeslutTillaggEfterlevandeformanerAvliden>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ovriga_berattigade_efterlevande:
        Option<Vec<PmFormanBeslutTillaggEfterlevandeFormanderOvrigBerattigadEfterlevande>>,
}

/// v9: LefiPmFormanBeslutTillaggEfterlevandeformanerAvliden
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillaggEfterlevandeformanerAvliden {
    /// Another person's personnummer (10 or 12 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Not a date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or `Datum saknas` (registered as dead
    /// with no known day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dodsfallsdatum: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fodelsedatum: Option<NaiveDate>,
}

/// v9: LefiPmFormanBeslutTillaggEfterlevandeFormanderOvrigBerattigadEfterlevande
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanBeslutTillaggEfterlevandeFormanderOvrigBerattigadEfterlevande {
    /// Another person's personnummer (10 or 12 digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

// ---------------------------------------------------------------------------------
// Payments (`utbetalningar`, `preliminaraUtbetalningar`).

/// A payment made or planned by Pensionsmyndigheten; its rows say which benefits it
/// pays.
///
/// v9: LefiPmFormanUtbetalning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanUtbetalning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsdatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsperiod: Option<Datumperiod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bruttobelopp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nettobelopp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avdrag: Option<Vec<PmFormanUtbetalningAvdrag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsrader: Option<Vec<PmFormanUtbetalningRad>>,
}

/// v9: LefiPmFormanUtbetalningAvdrag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanUtbetalningAvdrag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avdragstyp: Option<PmFormanUtbetalningAvdragTyp>,
}

coded! {
    /// v9: LefiPmFormanUtbetalningAvdragTyp
    pub struct PmFormanUtbetalningAvdragTyp(PmFormanUtbetalningAvdragTypKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanUtbetalningAvdragTypKod
    pub enum PmFormanUtbetalningAvdragTypKod {
        PmAvdragkantra = "PM:AVDRAGKANTRA", PmAvdragovrigt = "PM:AVDRAGOVRIGT",
        PmInstitution = "PM:INSTITUTION", PmKvikan = "PM:KVIKAN", PmKviovr = "PM:KVIOVR",
        PmPs = "PM:PS", PmPst = "PM:PST", PmSocavdrag = "PM:SOCAVDRAG", PmSs = "PM:SS",
        PmSst = "PM:SST", PmUtlfordran = "PM:UTLFORDRAN", PmUtmatning = "PM:UTMATNING",
        PmUtmhela = "PM:UTMHELA", PmUtmtv = "PM:UTMTV",
    }
}

/// One part of a payment's gross amount.
///
/// v9: LefiPmFormanUtbetalningRad
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanUtbetalningRad {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansgrupp: Option<PmFormanGrupp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsforman: Option<PmUtbetalningForman>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beloppstyp: Option<PmFormanUtbetalningBeloppTyp>,
}

coded! {
    /// v9: LefiPmUtbetalningForman
    pub struct PmUtbetalningForman(PmUtbetalningFormanKod);
}

v9_code_enum! {
    /// v9: LefiPmUtbetalningFormanKod
    pub enum PmUtbetalningFormanKod {
        PmAl = "PM:AL", PmAp37 = "PM:AP37", PmAp38 = "PM:AP38", PmBtp = "PM:BTP",
        PmEp = "PM:EP", PmPrep = "PM:PREP",
    }
}

coded! {
    /// v9: LefiPmFormanUtbetalningBeloppTyp
    pub struct PmFormanUtbetalningBeloppTyp(PmFormanUtbetalningBeloppTypKod);
}

v9_code_enum! {
    /// v9: LefiPmFormanUtbetalningBeloppTypKod
    pub enum PmFormanUtbetalningBeloppTypKod {
        PmAfs = "PM:AFS", PmAl1 = "PM:AL1", PmAl2 = "PM:AL2", PmAl3 = "PM:AL3",
        PmAl4 = "PM:AL4", PmAl5 = "PM:AL5", PmAl6 = "PM:AL6", PmAl7 = "PM:AL7",
        PmAl8 = "PM:AL8", PmAl9 = "PM:AL9", PmAlb = "PM:ALB", PmAnkep = "PM:ANKEP",
        PmAnkepgarp = "PM:ANKEPGARP", PmBp = "PM:BP", PmBpfri = "PM:BPFRI",
        PmBpskp = "PM:BPSKP", PmBtp = "PM:BTP", PmBtpsa = "PM:BTPSA", PmElstod = "PM:ELSTOD",
        PmFop = "PM:FOP", PmFopgarp = "PM:FOPGARP", PmGarp = "PM:GARP", PmIp = "PM:IP",
        PmIpt = "PM:IPT", PmOp = "PM:OP", PmOpgarp = "PM:OPGARP", PmPfe = "PM:PFE",
        PmPfo = "PM:PFO", PmSbtp = "PM:SBTP", PmSbtpsa = "PM:SBTPSA", PmSep = "PM:SEP",
        PmSepgarp = "PM:SEPGARP", PmTp = "PM:TP",
    }
}

// ---------------------------------------------------------------------------------
// Övrig information (`ovrigInformation`).

/// Other information from Pensionsmyndigheten: which part is given follows
/// `informationstyp` — `levnadsintyg` (PM:LINT), `pensionsbehallning` (PM:PBH),
/// `pensionsunderlag` (PM:PU).
///
/// v9: LefiPmOvrigInformation
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmOvrigInformation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub informationstyp: Option<PmOvrigInformationTyp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levnadsintyg: Option<PmLevnadsintyg>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsbehallning: Option<PmPensionBehallning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsunderlag: Option<PmPensionUnderlag>,
}

coded! {
    /// v9: LefiPmOvrigInformationTyp
    pub struct PmOvrigInformationTyp(PmOvrigInformationTypKod);
}

v9_code_enum! {
    /// v9: LefiPmOvrigInformationTypKod
    pub enum PmOvrigInformationTypKod {
        PmLint = "PM:LINT", PmPbh = "PM:PBH", PmPu = "PM:PU",
    }
}

/// A life certificate.
///
/// v9: LefiPmLevnadsintyg
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmLevnadsintyg {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub senast_uppdaterad: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levnadsintygsstatus: Option<PmLevnadsintygStatus>,
}

coded! {
    /// v9: LefiPmLevnadsintygStatus
    pub struct PmLevnadsintygStatus(PmLevnadsintygStatusKod);
}

v9_int_enum! {
    /// A life certificate's state, a number on the wire.
    ///
    /// v9: LefiPmLevnadsintygStatusKod
    pub enum PmLevnadsintygStatusKod {
        Status0 = 0, Status1 = 1, Status2 = 2, Status3 = 3, Status4 = 4, Status5 = 5,
        Status7 = 7, Status8 = 8, Status9 = 9, Status10 = 10, Status20 = 20, Status21 = 21,
        Status22 = 22, Status23 = 23, Status24 = 24, Status25 = 25,
    }
}

/// The balances of a person's pension accounts.
///
/// v9: LefiPmPensionBehallning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionBehallning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionskonton: Option<Vec<PmPensionKonto>>,
}

/// v9: LefiPmPensionKonto
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionKonto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontotyp: Option<PmPensionKontoTyp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontovarden: Option<Vec<PmPensionKontoVarde>>,
}

coded! {
    /// v9: LefiPmPensionKontoTyp
    pub struct PmPensionKontoTyp(PmPensionKontoTypKod);
}

v9_code_enum! {
    /// v9: LefiPmPensionKontoTypKod
    pub enum PmPensionKontoTypKod {
        Ip = "IP", Prep = "PREP",
    }
}

/// An account's value, as established (`faststallelsear`) in a year.
///
/// v9: LefiPmPensionKontoVarde
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionKontoVarde {
    /// Whole kronor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub varde: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub galler_from: Option<Manad>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faststallelsear: Option<Artal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontohandelse: Option<PmPensionKontoHandelse>,
}

/// v9: LefiPmPensionKontoHandelse
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionKontoHandelse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontohandelsetyp: Option<PmPensionKontoHandelseTyp>,
    /// RFC 3339 (`format: date-time`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontohandelsetidpunkt: Option<DateTime<FixedOffset>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontotransaktioner: Option<Vec<PmPensionKontoTransaktion>>,
}

coded! {
    /// v9: LefiPmPensionKontoHandelseTyp
    pub struct PmPensionKontoHandelseTyp(PmPensionKontoHandelseTypKod);
}

v9_code_enum! {
    /// v9: LefiPmPensionKontoHandelseTypKod
    pub enum PmPensionKontoHandelseTypKod {
        AndradPensionsratt = "ANDRAD_PENSIONSRATT", Arsomrakning = "ARSOMRAKNING",
        Dodsfall = "DODSFALL", EgOverforing = "EG_OVERFORING",
        ForvarvsvillkoretInteUppfyllt = "FORVARVSVILLKORET_INTE_UPPFYLLT",
        ForvarvsvillkoretUppfyllt = "FORVARVSVILLKORET_UPPFYLLT",
        NyttAndratPensionsuttag = "NYTT_ANDRAT_PENSIONSUTTAG",
        RiktalderUppnadd = "RIKTALDER_UPPNADD",
    }
}

/// v9: LefiPmPensionKontoTransaktion
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionKontoTransaktion {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontotransaktionstyp: Option<PmPensionKontoTransaktionTyp>,
    /// Whole kronor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<i64>,
}

coded! {
    /// v9: LefiPmPensionKontoTransaktionTyp
    pub struct PmPensionKontoTransaktionTyp(PmPensionKontoTransaktionTypKod);
}

v9_code_enum! {
    /// v9: LefiPmPensionKontoTransaktionTypKod
    pub enum PmPensionKontoTransaktionTypKod {
        Arvsvinst = "ARVSVINST", Forvaltningskostnad = "FORVALTNINGSKOSTNAD",
        Pensionsratt = "PENSIONSRATT", BalanseradPensionsratt = "BALANSERAD_PENSIONSRATT",
        Indexering = "INDEXERING", UttagenPensionsbehallning = "UTTAGEN_PENSIONSBEHALLNING",
        AterlagdPensionsbehallning = "ATERLAGD_PENSIONSBEHALLNING",
    }
}

/// What a person's pension is based on, year by year (pensionsunderlag).
///
/// v9: LefiPmPensionUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intjanandear: Option<Vec<PmPensionUnderlagIntjanandeAr>>,
}

/// One earning year: pensionable income and the pensionable amounts credited for it,
/// whole kronor.
///
/// v9: LefiPmPensionUnderlagIntjanandeAr
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmPensionUnderlagIntjanandeAr {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artal: Option<Artal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_inkomst: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_belopp_for_studier: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_belopp_for_sjuk_och_aktivitetsersattning: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_belopp_for_ar_med_sma_barn: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_belopp_for_plikttjanst: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_belopp_for_fortidspension: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_life_certificate_status_is_a_number_on_the_wire() {
        let status = PmLevnadsintygStatus::new(PmLevnadsintygStatusKod::Status2, "Intyg komplett");
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            json!({"kod": 2, "beskrivning": "Intyg komplett"})
        );
        assert_eq!(PmLevnadsintygStatusKod::ALL.len(), 16);
        assert_eq!(
            PmLevnadsintygStatusKod::from_code(25),
            Some(PmLevnadsintygStatusKod::Status25)
        );
        for bad in [json!(6), json!("2"), json!(-1), json!(2.5)] {
            assert!(
                serde_json::from_value::<PmLevnadsintygStatusKod>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_period_may_be_open_at_its_end_but_not_at_its_start() {
        let open: PeriodMedValfrittTom =
            serde_json::from_value(json!({"from": "2024-01-01"})).expect("an open period");
        assert_eq!(open.tom, None);
        assert_eq!(
            serde_json::to_value(&open).unwrap(),
            json!({"from": "2024-01-01"})
        );
        assert!(
            serde_json::from_value::<PeriodMedValfrittTom>(json!({"tom": "2024-01-01"})).is_err()
        );
    }

    #[test]
    fn default_pm_types_write_as_empty_objects() {
        assert_eq!(
            serde_json::to_value(PmFormanBeslut::default()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(PmOvrigInformation::default()).unwrap(),
            json!({})
        );
    }
}

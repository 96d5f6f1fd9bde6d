//! The codes of benefit groups and of kinds of "övrig information", and the
//! code-and-description pairs that name them in answers.
//!
//! The query keeps its codes as plain strings (see [`super::request`]); these enums are
//! for what the service writes.

use serde::{Deserialize, Serialize};

v9_code_enum! {
    /// A group of Försäkringskassan's benefits.
    ///
    /// v9: LefiFkFormanGruppKod
    pub enum FkFormanGruppKod {
        FkAbb = "FK:ABB", FkAp = "FK:AP", FkAs = "FK:AS", FkBob = "FK:BOB", FkBst = "FK:BST",
        FkBti = "FK:BTI", FkDpe = "FK:DPE", FkEjo = "FK:EJO", FkEt = "FK:ET", FkFp = "FK:FP",
        FkFsjp = "FK:FSJP", FkGp = "FK:GP", FkHe = "FK:HE", FkMabb = "FK:MABB", FkMek = "FK:MEK",
        FkNp = "FK:NP", FkOmv = "FK:OMV", FkPjob = "FK:PJOB", FkProg = "FK:PROG", FkRbe = "FK:RBE",
        FkSa = "FK:SA", FkSbp = "FK:SBP", FkSjp = "FK:SJP", FkTfp = "FK:TFP", FkUs = "FK:US",
        FkVb = "FK:VB", FkYl = "FK:YL",
    }
}

v9_code_enum! {
    /// A group of Pensionsmyndigheten's benefits.
    ///
    /// v9: LefiPmFormanGruppKod
    pub enum PmFormanGruppKod {
        PmAp = "PM:AP", PmBti = "PM:BTI", PmEf = "PM:EF",
    }
}

v9_code_enum! {
    /// A group of either authority's benefits (the payment lists).
    ///
    /// v9: LefiExternFormanGruppKod
    pub enum ExternFormanGruppKod {
        FkAbb = "FK:ABB", FkAp = "FK:AP", FkAs = "FK:AS", FkBob = "FK:BOB", FkBst = "FK:BST",
        FkBti = "FK:BTI", FkDpe = "FK:DPE", FkEjo = "FK:EJO", FkEt = "FK:ET", FkFp = "FK:FP",
        FkFsjp = "FK:FSJP", FkGp = "FK:GP", FkHe = "FK:HE", FkMabb = "FK:MABB", FkMek = "FK:MEK",
        FkNp = "FK:NP", FkOmv = "FK:OMV", FkPjob = "FK:PJOB", FkProg = "FK:PROG", FkRbe = "FK:RBE",
        FkSa = "FK:SA", FkSbp = "FK:SBP", FkSjp = "FK:SJP", FkTfp = "FK:TFP", FkUs = "FK:US",
        FkVb = "FK:VB", FkYl = "FK:YL", PmAp = "PM:AP", PmBti = "PM:BTI", PmEf = "PM:EF",
    }
}

v9_code_enum! {
    /// A kind of "övrig information".
    ///
    /// v9: LefiExternOvrigInformationTypKod
    pub enum ExternOvrigInformationTypKod {
        FkGepi = "FK:GEPI", FkPanv = "FK:PANV", FkSgi = "FK:SGI", FkSkup = "FK:SKUP",
        FkStav = "FK:STAV", PmLint = "PM:LINT", PmPbh = "PM:PBH", PmPu = "PM:PU",
    }
}

/// v9: LefiFkFormanGrupp
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FkFormanGrupp {
    pub kod: FkFormanGruppKod,
    pub beskrivning: String,
}

/// v9: LefiPmFormanGrupp
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PmFormanGrupp {
    pub kod: PmFormanGruppKod,
    pub beskrivning: String,
}

/// v9: LefiExternFormanGrupp
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternFormanGrupp {
    pub kod: ExternFormanGruppKod,
    pub beskrivning: String,
}

/// v9: LefiExternOvrigInformationTyp
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternOvrigInformationTyp {
    pub kod: ExternOvrigInformationTypKod,
    pub beskrivning: String,
}

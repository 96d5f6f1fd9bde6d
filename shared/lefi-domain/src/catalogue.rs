//! The benefit catalogue (SPEC §5; V6, V7): the seed's 24 benefits, their portal groups,
//! Swedish names and the codes of Försäkringskassan's v9 contract.
//!
//! `docs/catalogue.md` documents the mapping and how each code was settled from the
//! contract. The v9 query asks in six lists, each with its own enum of codes
//! ([`V9List::v9_codes`]); [`resolve`] says what a code asks for in the list it was sent
//! in. A v9 code this service does not deliver (for example `FK:MEK`) is answered with a
//! deviation; a code in no enum of its list is `UNKNOWN_BENEFIT` (V7).

use serde::{Deserialize, Serialize};

/// The portal's three groups of checkboxes (C2), in the seed's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum BenefitGroup {
    /// Pensionsförmåner.
    Pension,
    /// Dagersättningsförmåner.
    Daily,
    /// Övriga förmåner.
    Other,
}

impl BenefitGroup {
    pub const ALL: [BenefitGroup; 3] = [Self::Pension, Self::Daily, Self::Other];

    /// The heading the portal shows for the group.
    pub fn name_sv(self) -> &'static str {
        match self {
            Self::Pension => "Pensionsförmåner",
            Self::Daily => "Dagersättningsförmåner",
            Self::Other => "Övriga förmåner",
        }
    }
}

/// The authority whose registers hold a benefit: the v9 `utlamnare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    /// Försäkringskassan.
    #[serde(rename = "FK")]
    Fk,
    /// Pensionsmyndigheten.
    #[serde(rename = "PM")]
    Pm,
}

impl Source {
    /// The v9 `LefiUtlamnareKod`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fk => "FK",
            Self::Pm => "PM",
        }
    }

    /// The v9 `LefiUtlamnare.namn`.
    pub fn name_sv(self) -> &'static str {
        match self {
            Self::Fk => "Försäkringskassan",
            Self::Pm => "Pensionsmyndigheten",
        }
    }
}

/// The lists of the v9 query (`LefiExternFormansinformationFraga`), which the XML query
/// mirrors element for element. Each has its own enum of codes in the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum V9List {
    /// Försäkringskassan's benefit groups (`LefiFkFormanGruppKod`): their cases.
    Formansinformation,
    /// Pensionsmyndigheten's groups (`LefiPmFormanGruppKod`): their claims.
    Ansprak,
    /// Pensionsmyndigheten's groups: their decisions.
    Beslut,
    /// Preliminary payments of either authority's groups (`LefiExternFormanGruppKod`).
    PreliminaraUtbetalningar,
    /// Effected payments of either authority's groups (`LefiExternFormanGruppKod`).
    Utbetalningar,
    /// Kinds of "övrig information" (`LefiExternOvrigInformationTypKod`).
    OvrigInformation,
}

impl V9List {
    pub const ALL: [V9List; 6] = [
        Self::Formansinformation,
        Self::Ansprak,
        Self::Beslut,
        Self::PreliminaraUtbetalningar,
        Self::Utbetalningar,
        Self::OvrigInformation,
    ];

    /// The list's name in the v9 JSON query (and, capitalised, in the XML query).
    pub fn name(self) -> &'static str {
        match self {
            Self::Formansinformation => "formansinformation",
            Self::Ansprak => "ansprak",
            Self::Beslut => "beslut",
            Self::PreliminaraUtbetalningar => "preliminaraUtbetalningar",
            Self::Utbetalningar => "utbetalningar",
            Self::OvrigInformation => "ovrigInformation",
        }
    }

    /// Every code the v9 contract allows in this list (its enum), in the contract's order.
    pub fn v9_codes(self) -> &'static [&'static str] {
        match self {
            Self::Formansinformation => &V9_FK_GROUPS,
            Self::Ansprak | Self::Beslut => &V9_PM_GROUPS,
            Self::PreliminaraUtbetalningar | Self::Utbetalningar => &V9_EXTERN_GROUPS,
            Self::OvrigInformation => &V9_OVRIG,
        }
    }
}

/// v9's `LefiFkFormanGruppKod`. `lefi-contract`'s conformance test holds these tables to
/// the contract's enums.
pub const V9_FK_GROUPS: [&str; 27] = [
    "FK:ABB", "FK:AP", "FK:AS", "FK:BOB", "FK:BST", "FK:BTI", "FK:DPE", "FK:EJO", "FK:ET", "FK:FP",
    "FK:FSJP", "FK:GP", "FK:HE", "FK:MABB", "FK:MEK", "FK:NP", "FK:OMV", "FK:PJOB", "FK:PROG",
    "FK:RBE", "FK:SA", "FK:SBP", "FK:SJP", "FK:TFP", "FK:US", "FK:VB", "FK:YL",
];
/// v9's `LefiPmFormanGruppKod`.
pub const V9_PM_GROUPS: [&str; 3] = ["PM:AP", "PM:BTI", "PM:EF"];
/// v9's `LefiExternFormanGruppKod`: both authorities' groups.
pub const V9_EXTERN_GROUPS: [&str; 30] = [
    "FK:ABB", "FK:AP", "FK:AS", "FK:BOB", "FK:BST", "FK:BTI", "FK:DPE", "FK:EJO", "FK:ET", "FK:FP",
    "FK:FSJP", "FK:GP", "FK:HE", "FK:MABB", "FK:MEK", "FK:NP", "FK:OMV", "FK:PJOB", "FK:PROG",
    "FK:RBE", "FK:SA", "FK:SBP", "FK:SJP", "FK:TFP", "FK:US", "FK:VB", "FK:YL", "PM:AP", "PM:BTI",
    "PM:EF",
];
/// v9's `LefiExternOvrigInformationTypKod`.
pub const V9_OVRIG: [&str; 8] = [
    "FK:GEPI", "FK:PANV", "FK:SGI", "FK:SKUP", "FK:STAV", "PM:LINT", "PM:PBH", "PM:PU",
];

/// The part of a benefit's data that one asked-for code names (P3 decides per part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Försäkringskassan's cases of the group (`formansinformation`).
    Cases,
    /// Pensionsmyndigheten's claims (`ansprak`).
    Claims,
    /// Pensionsmyndigheten's decisions (`beslut`).
    Decisions,
    /// The benefit's own kind of övrig information (SGI, life certificate, forecast).
    Info,
    /// The pension's earnings records (`PM:PU`, pensionsunderlag; H4).
    Earnings,
}

impl Part {
    /// Whether asking for this part asks for the benefit itself, and so for its payments
    /// (SPEC H2: payments belong to each benefit's answer).
    pub fn includes_payments(self) -> bool {
        matches!(self, Self::Cases | Self::Claims | Self::Decisions)
    }
}

/// One benefit of the catalogue. Once you hold one, it is a benefit this service delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Benefit {
    // Pensionsförmåner
    Arbetsskadelivranta,
    Efterlevandepension,
    Pensionsprognos,
    Yrkesskadelivranta,
    BostadstillaggPensionarer,
    Pension,
    SjukersattningAktivitetsersattning,
    // Dagersättningsförmåner
    Aktivitetsstod,
    Foraldrapenning,
    Narstaendepenning,
    Sjukpenning,
    Smittbararersattning,
    DagpenningTotalforsvarspliktig,
    Graviditetspenning,
    Rehabiliteringsersattning,
    SjukpenninggrundandeInkomst,
    TillfalligForaldrapenning,
    // Övriga förmåner
    Barnbidrag,
    Handikappersattning,
    Underhallsstod,
    Vardbidrag,
    Bostadsbidrag,
    Levnadsintyg,
    Utbetalning,
}

/// What the catalogue knows of one benefit.
struct Entry {
    benefit: Benefit,
    code: &'static str,
    group: BenefitGroup,
    source: Source,
    name_sv: &'static str,
    answer_keys: &'static [&'static str],
}

/// The asks that name a benefit's parts: (list, code, part). Payments are asked through
/// `utbetalningar` with the benefit's own code, when it pays ([`Benefit::pays`]).
const fn asks_of(benefit: Benefit) -> &'static [(V9List, &'static str, Part)] {
    use Benefit as B;
    use Part::*;
    use V9List::*;
    match benefit {
        B::Pension => &[
            (Ansprak, "PM:AP", Claims),
            (Beslut, "PM:AP", Decisions),
            (OvrigInformation, "PM:PU", Earnings),
        ],
        B::Efterlevandepension => &[(Ansprak, "PM:EF", Claims), (Beslut, "PM:EF", Decisions)],
        B::BostadstillaggPensionarer => {
            &[(Ansprak, "PM:BTI", Claims), (Beslut, "PM:BTI", Decisions)]
        }
        B::Pensionsprognos => &[(OvrigInformation, "PM:PBH", Info)],
        B::SjukpenninggrundandeInkomst => &[(OvrigInformation, "FK:SGI", Info)],
        B::Levnadsintyg => &[(OvrigInformation, "PM:LINT", Info)],
        // Asked only as the service's own code, in `utbetalningar`: see [`Named::AllPayments`].
        B::Utbetalning => &[],
        B::Arbetsskadelivranta => &[(Formansinformation, "FK:AS", Cases)],
        B::Yrkesskadelivranta => &[(Formansinformation, "FK:YL", Cases)],
        B::SjukersattningAktivitetsersattning => &[(Formansinformation, "FK:SA", Cases)],
        B::Aktivitetsstod => &[(Formansinformation, "FK:PROG", Cases)],
        B::Foraldrapenning => &[(Formansinformation, "FK:FP", Cases)],
        B::Narstaendepenning => &[(Formansinformation, "FK:NP", Cases)],
        B::Sjukpenning => &[(Formansinformation, "FK:SJP", Cases)],
        B::Smittbararersattning => &[(Formansinformation, "FK:SBP", Cases)],
        B::DagpenningTotalforsvarspliktig => &[(Formansinformation, "FK:DPE", Cases)],
        B::Graviditetspenning => &[(Formansinformation, "FK:GP", Cases)],
        B::Rehabiliteringsersattning => &[(Formansinformation, "FK:RBE", Cases)],
        B::TillfalligForaldrapenning => &[(Formansinformation, "FK:TFP", Cases)],
        B::Barnbidrag => &[(Formansinformation, "FK:ABB", Cases)],
        B::Handikappersattning => &[(Formansinformation, "FK:HE", Cases)],
        B::Underhallsstod => &[(Formansinformation, "FK:US", Cases)],
        B::Vardbidrag => &[(Formansinformation, "FK:VB", Cases)],
        B::Bostadsbidrag => &[(Formansinformation, "FK:BOB", Cases)],
    }
}

/// What one code, sent in one list, asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Named {
    /// Person data (`FK:GEPI`), part of every answer the partner is entitled to (H10).
    PersonData,
    /// One part of a benefit.
    Part(Benefit, Part),
    /// A benefit's payments (`utbetalningar`, the seed's "Utbetalning" for that group).
    Payments(Benefit),
    /// The seed's "Utbetalning" (`LEFI:UTB`): the payments of every benefit the agreement
    /// covers. The service's own code, never a v9 one.
    AllPayments,
    /// A v9 code of this list that this service does not deliver (V7: a deviation).
    NotDelivered,
}

/// What `code` asks for when sent in `list`; `None` when the list does not allow it (V7:
/// `UNKNOWN_BENEFIT`). `own_codes` admits the service's own `LEFI:UTB` in `utbetalningar`
/// (the XML channel and the portal; v9 JSON has no such code).
pub fn resolve(list: V9List, code: &str, own_codes: bool) -> Option<(&'static str, Named)> {
    if own_codes && list == V9List::Utbetalningar && code == UTBETALNING_CODE {
        return Some((UTBETALNING_CODE, Named::AllPayments));
    }
    let code: &'static str = list.v9_codes().iter().copied().find(|c| *c == code)?;
    if list == V9List::OvrigInformation && code == PERSON_DATA_CODE {
        return Some((code, Named::PersonData));
    }
    let named = match list {
        V9List::PreliminaraUtbetalningar => Named::NotDelivered,
        V9List::Utbetalningar => Benefit::ALL
            .into_iter()
            .find(|b| b.pays() && b.code() == code)
            .map_or(Named::NotDelivered, Named::Payments),
        _ => Benefit::ALL
            .into_iter()
            .find_map(|b| {
                asks_of(b)
                    .iter()
                    .find(|(l, c, _)| *l == list && *c == code)
                    .map(|(_, _, part)| Named::Part(b, *part))
            })
            .unwrap_or(Named::NotDelivered),
    };
    Some((code, named))
}

/// A short Swedish name of any v9 code, for the `beskrivning` beside it in answers.
pub fn v9_code_name(code: &str) -> &'static str {
    match code {
        "FK:AP" | "PM:AP" => "Allmän pension",
        "FK:BTI" | "PM:BTI" => "Bostadstillägg",
        "PM:EF" => "Efterlevandeförmåner",
        "FK:FSJP" => "Förebyggande sjukpenning",
        "FK:MABB" => "Mottagare av barnbidrag",
        "FK:MEK" => "Merkostnadsersättning",
        "FK:OMV" => "Omvårdnadsbidrag",
        "FK:PANV" => "Programanvisning",
        "FK:PJOB" => "Programjobbdagar",
        "FK:SKUP" => "Skatteuppgift",
        "FK:STAV" => "Studiemedelsavisering",
        "FK:GEPI" => "Generell personinformation",
        "PM:PBH" => "Pensionsbehållning",
        "PM:PU" => "Pensionsunderlag",
        UTBETALNING_CODE => "Utbetalning",
        other => Benefit::from_code(other).map_or(
            "Förmånsgrupp som LEFI Online inte lämnar ut",
            Benefit::name_sv,
        ),
    }
}

/// Code of the seed's "Utbetalning": all payments from the payment system. The v9
/// contract has no group code for it (a v9 client asks through its `utbetalningar`
/// list), so the service's own XML channel and portal use this one. The `LEFI:` prefix
/// marks it as the service's own, not an authority's.
pub const UTBETALNING_CODE: &str = "LEFI:UTB";

/// The v9 code of person data (generell personinformation, H10). Not a benefit: it is
/// part of every answer, so it never counts towards V6.
pub const PERSON_DATA_CODE: &str = "FK:GEPI";

use Benefit as B;
use BenefitGroup as G;
use Source::{Fk, Pm};

#[rustfmt::skip]
const CATALOGUE: [Entry; 24] = [
    Entry { benefit: B::Arbetsskadelivranta, code: "FK:AS", group: G::Pension, source: Fk, name_sv: "Arbetsskadelivränta", answer_keys: &["arbetsskadeegenlivrantearende", "arbetsskadeefterlevandearende"] },
    Entry { benefit: B::Efterlevandepension, code: "PM:EF", group: G::Pension, source: Pm, name_sv: "Efterlevandepension", answer_keys: &["ansprak", "beslut", "utbetalningar"] },
    Entry { benefit: B::Pensionsprognos, code: "PM:PBH", group: G::Pension, source: Pm, name_sv: "Pensionsprognos", answer_keys: &["ovrigInformation:PM:PBH"] },
    Entry { benefit: B::Yrkesskadelivranta, code: "FK:YL", group: G::Pension, source: Fk, name_sv: "Yrkesskadelivränta", answer_keys: &["yrkesskadeegenlivrantearende", "yrkesskadeefterlevandearende"] },
    Entry { benefit: B::BostadstillaggPensionarer, code: "PM:BTI", group: G::Pension, source: Pm, name_sv: "Bostadstillägg till pensionärer", answer_keys: &["ansprak", "beslut", "utbetalningar"] },
    Entry { benefit: B::Pension, code: "PM:AP", group: G::Pension, source: Pm, name_sv: "Pension", answer_keys: &["ansprak", "beslut", "utbetalningar", "ovrigInformation:PM:PU"] },
    Entry { benefit: B::SjukersattningAktivitetsersattning, code: "FK:SA", group: G::Pension, source: Fk, name_sv: "Sjukersättning och aktivitetsersättning", answer_keys: &["sjukOchAktivitetsersattningsarende"] },
    Entry { benefit: B::Aktivitetsstod, code: "FK:PROG", group: G::Daily, source: Fk, name_sv: "Aktivitetsstöd", answer_keys: &["aktivitetsstodsarende"] },
    Entry { benefit: B::Foraldrapenning, code: "FK:FP", group: G::Daily, source: Fk, name_sv: "Föräldrapenning", answer_keys: &["foraldrapenningarende"] },
    Entry { benefit: B::Narstaendepenning, code: "FK:NP", group: G::Daily, source: Fk, name_sv: "Närståendepenning", answer_keys: &["narstaendepenningarende"] },
    Entry { benefit: B::Sjukpenning, code: "FK:SJP", group: G::Daily, source: Fk, name_sv: "Sjukpenning", answer_keys: &["sjukpenningarende"] },
    Entry { benefit: B::Smittbararersattning, code: "FK:SBP", group: G::Daily, source: Fk, name_sv: "Smittbärarersättning", answer_keys: &["smittbararersattningsarende"] },
    Entry { benefit: B::DagpenningTotalforsvarspliktig, code: "FK:DPE", group: G::Daily, source: Fk, name_sv: "Dagpenning till totalförsvarspliktig", answer_keys: &["totalforsvarspliktsarende"] },
    Entry { benefit: B::Graviditetspenning, code: "FK:GP", group: G::Daily, source: Fk, name_sv: "Graviditetspenning", answer_keys: &["graviditetspenningsarende"] },
    Entry { benefit: B::Rehabiliteringsersattning, code: "FK:RBE", group: G::Daily, source: Fk, name_sv: "Rehabiliteringsersättning", answer_keys: &["rehabersattningsarende"] },
    Entry { benefit: B::SjukpenninggrundandeInkomst, code: "FK:SGI", group: G::Daily, source: Fk, name_sv: "Sjukpenninggrundande inkomst", answer_keys: &["sjukpenninggrundandeInkomstuppgift"] },
    Entry { benefit: B::TillfalligForaldrapenning, code: "FK:TFP", group: G::Daily, source: Fk, name_sv: "Tillfällig föräldrapenning", answer_keys: &["tillfalligForaldrapenningarende"] },
    Entry { benefit: B::Barnbidrag, code: "FK:ABB", group: G::Other, source: Fk, name_sv: "Barnbidrag", answer_keys: &["barnbidragsarende"] },
    Entry { benefit: B::Handikappersattning, code: "FK:HE", group: G::Other, source: Fk, name_sv: "Handikappersättning", answer_keys: &["handikappersattningsarende"] },
    Entry { benefit: B::Underhallsstod, code: "FK:US", group: G::Other, source: Fk, name_sv: "Underhållsstöd", answer_keys: &["underhallsstodsmottag", "underhallsstodskrav"] },
    Entry { benefit: B::Vardbidrag, code: "FK:VB", group: G::Other, source: Fk, name_sv: "Vårdbidrag", answer_keys: &["vardbidragsarende"] },
    Entry { benefit: B::Bostadsbidrag, code: "FK:BOB", group: G::Other, source: Fk, name_sv: "Bostadsbidrag", answer_keys: &["bostadsbidragsarende"] },
    Entry { benefit: B::Levnadsintyg, code: "PM:LINT", group: G::Other, source: Pm, name_sv: "Levnadsintyg", answer_keys: &["ovrigInformation:PM:LINT"] },
    Entry { benefit: B::Utbetalning, code: UTBETALNING_CODE, group: G::Other, source: Fk, name_sv: "Utbetalning", answer_keys: &["utbetalningsuppgift"] },
];

/// Unknown benefit code (V7).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("okänd förmånskod")]
pub struct UnknownBenefit;

impl Benefit {
    /// Every benefit, in the portal's order (group by group, as the seed lists them).
    pub const ALL: [Benefit; 24] = {
        let mut all = [Benefit::Utbetalning; 24];
        let mut i = 0;
        while i < CATALOGUE.len() {
            all[i] = CATALOGUE[i].benefit;
            i += 1;
        }
        all
    };

    fn entry(self) -> &'static Entry {
        // CATALOGUE is in declaration order; a unit test proves it.
        &CATALOGUE[self as usize]
    }

    /// Parses a catalogue code (V7), e.g. `FK:SJP`. Exact match: codes are case-sensitive
    /// in the v9 contract.
    pub fn from_code(code: &str) -> Result<Benefit, UnknownBenefit> {
        CATALOGUE
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.benefit)
            .ok_or(UnknownBenefit)
    }

    /// The code: the v9 code, or [`UTBETALNING_CODE`] for the seed's "Utbetalning".
    pub fn code(self) -> &'static str {
        self.entry().code
    }

    /// The list of the v9 query whose code names this benefit's main part.
    pub fn v9_list(self) -> V9List {
        asks_of(self)
            .first()
            .map_or(V9List::Utbetalningar, |(list, _, _)| *list)
    }

    /// Every (list, code, part) that asks for a part of this benefit. Its payments are
    /// asked through `utbetalningar` with [`Benefit::code`].
    pub fn asks(self) -> &'static [(V9List, &'static str, Part)] {
        asks_of(self)
    }

    /// Whether the benefit is paid out, so that it has payments (H2).
    pub fn pays(self) -> bool {
        !matches!(
            self,
            Self::Pensionsprognos
                | Self::SjukpenninggrundandeInkomst
                | Self::Levnadsintyg
                | Self::Utbetalning
        )
    }

    pub fn group(self) -> BenefitGroup {
        self.entry().group
    }

    pub fn source(self) -> Source {
        self.entry().source
    }

    /// The name shown to people. For graviditetspenning, periods up to 2010-12-31 carry
    /// another name: see [`crate::history::graviditetspenning_name`] (H11).
    pub fn name_sv(self) -> &'static str {
        self.entry().name_sv
    }

    /// Where the v9 answer (`LefiExternFormansinformationSvar`) carries this benefit's
    /// data. Försäkringskassan's benefits: keys of `formansinformation`
    /// (`LefiFormansinformation`; their payments are always in its
    /// `utbetalningsuppgift`, the key of "Utbetalning"). Pensionsmyndigheten's: the
    /// answer's top-level lists of PM's model (`ansprak`, `beslut`, `utbetalningar`),
    /// and `ovrigInformation:<type>` for its entries of one `LefiPmOvrigInformationTypKod`
    /// (PM:AP's registry also answers the earnings records, `ovrigInformation:PM:PU`).
    pub fn answer_keys(self) -> &'static [&'static str] {
        self.entry().answer_keys
    }

    /// The benefits of one portal group, in the portal's order.
    pub fn in_group(group: BenefitGroup) -> impl Iterator<Item = Benefit> {
        Self::ALL.into_iter().filter(move |b| b.group() == group)
    }
}

impl TryFrom<String> for Benefit {
    type Error = UnknownBenefit;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Benefit::from_code(&code)
    }
}

impl From<Benefit> for &'static str {
    fn from(b: Benefit) -> Self {
        b.code()
    }
}

impl std::fmt::Display for Benefit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_is_in_declaration_order_so_entry_lookup_is_right() {
        for (i, e) in CATALOGUE.iter().enumerate() {
            assert_eq!(e.benefit as usize, i, "{:?} out of place", e.benefit);
            assert_eq!(Benefit::ALL[i], e.benefit);
        }
    }

    #[test]
    fn v7_every_catalogue_code_parses_back_to_its_benefit() {
        for b in Benefit::ALL {
            assert_eq!(Benefit::from_code(b.code()), Ok(b));
        }
        let codes: HashSet<_> = Benefit::ALL.iter().map(|b| b.code()).collect();
        assert_eq!(codes.len(), 24, "codes must be unique");
    }

    #[test]
    fn v7_each_list_takes_its_own_v9_codes_and_names_what_they_ask_for() {
        use V9List as L;
        let named = |list, code| resolve(list, code, false).map(|(_, n)| n);
        assert_eq!(
            named(L::Formansinformation, "FK:SJP"),
            Some(Named::Part(Benefit::Sjukpenning, Part::Cases))
        );
        assert_eq!(
            named(L::Beslut, "PM:AP"),
            Some(Named::Part(Benefit::Pension, Part::Decisions))
        );
        assert_eq!(
            named(L::OvrigInformation, "PM:PU"),
            Some(Named::Part(Benefit::Pension, Part::Earnings))
        );
        assert_eq!(
            named(L::Utbetalningar, "PM:EF"),
            Some(Named::Payments(Benefit::Efterlevandepension))
        );
        assert_eq!(
            named(L::OvrigInformation, "FK:GEPI"),
            Some(Named::PersonData)
        );
        // In v9's enum of the list, not delivered here: a deviation, not an error.
        assert_eq!(
            named(L::Formansinformation, "FK:MEK"),
            Some(Named::NotDelivered)
        );
        assert_eq!(
            named(L::PreliminaraUtbetalningar, "FK:SJP"),
            Some(Named::NotDelivered)
        );
        // Not in the list's enum: unknown, whatever other list would take it.
        for (list, code) in [
            (L::Formansinformation, "PM:AP"),
            (L::Ansprak, "FK:SJP"),
            (L::Formansinformation, "FK:GEPI"),
            (L::Utbetalningar, "FK:SGI"),
            (L::Formansinformation, "fk:sjp"),
            (L::Utbetalningar, UTBETALNING_CODE),
        ] {
            assert_eq!(named(list, code), None, "{list:?} {code}");
        }
        // The service's own code, only where own codes are allowed.
        assert_eq!(
            resolve(L::Utbetalningar, UTBETALNING_CODE, true).map(|(_, n)| n),
            Some(Named::AllPayments)
        );
        assert_eq!(resolve(L::Formansinformation, UTBETALNING_CODE, true), None);
    }

    #[test]
    fn every_catalogue_ask_is_a_v9_code_of_its_list_and_resolves_back() {
        for b in Benefit::ALL {
            for (list, code, part) in b.asks() {
                assert!(
                    list.v9_codes().contains(code),
                    "{b:?}: {code} not in {list:?}"
                );
                assert_eq!(
                    resolve(*list, code, false).map(|(_, n)| n),
                    Some(Named::Part(b, *part))
                );
            }
            if b.pays() {
                assert!(
                    V9List::Utbetalningar.v9_codes().contains(&b.code()),
                    "{b:?}"
                );
            }
            assert_eq!(b.asks().is_empty(), b == Benefit::Utbetalning);
        }
    }

    #[test]
    fn v7_codes_outside_the_catalogue_are_unknown() {
        // Valid v9 codes the service does not deliver, wrong case, person data, blanks.
        for code in [
            "FK:MEK", "FK:OMV", "PM:PU", "fk:sjp", "FK:SJP ", "", "FK:GEPI", "SJP",
        ] {
            assert_eq!(Benefit::from_code(code), Err(UnknownBenefit), "{code:?}");
        }
    }

    #[test]
    fn portal_groups_match_the_seed_seven_ten_seven() {
        let count = |g| Benefit::in_group(g).count();
        assert_eq!(count(BenefitGroup::Pension), 7);
        assert_eq!(count(BenefitGroup::Daily), 10);
        assert_eq!(count(BenefitGroup::Other), 7);
        let first: Vec<_> = BenefitGroup::ALL
            .iter()
            .map(|&g| Benefit::in_group(g).next().map(Benefit::name_sv))
            .collect();
        assert_eq!(
            first,
            [
                Some("Arbetsskadelivränta"),
                Some("Aktivitetsstöd"),
                Some("Barnbidrag")
            ]
        );
    }

    #[test]
    fn codes_the_v9_examples_confirm_sit_where_the_contract_puts_them() {
        assert_eq!(Benefit::Sjukpenning.code(), "FK:SJP");
        assert_eq!(Benefit::Foraldrapenning.code(), "FK:FP");
        assert_eq!(Benefit::Barnbidrag.code(), "FK:ABB");
        assert_eq!(Benefit::Yrkesskadelivranta.code(), "FK:YL");
        assert_eq!(Benefit::Pension.v9_list(), V9List::Ansprak);
        assert_eq!(Benefit::Efterlevandepension.source(), Source::Pm);
        assert_eq!(
            Benefit::SjukpenninggrundandeInkomst.v9_list(),
            V9List::OvrigInformation
        );
        assert_eq!(Benefit::Levnadsintyg.v9_list(), V9List::OvrigInformation);
    }

    #[test]
    fn fk_codes_are_fk_sourced_and_pm_codes_pm_sourced() {
        for b in Benefit::ALL
            .into_iter()
            .filter(|b| *b != Benefit::Utbetalning)
        {
            let prefix = b.code().split(':').next();
            assert_eq!(prefix, Some(b.source().code()), "{b:?}");
        }
    }

    #[test]
    fn docs_table_matches_the_catalogue() {
        let doc = include_str!("../../../docs/catalogue.md");
        for b in Benefit::ALL {
            let row = doc
                .lines()
                .find(|l| l.split('|').nth(2).map(str::trim) == Some(b.name_sv()))
                .unwrap_or_else(|| panic!("no row for {}", b.name_sv()));
            let group = format!("{:?}", b.group());
            assert!(row.starts_with(&format!("| {group} |")), "{row}");
            assert!(row.contains(&format!("`{}`", b.code())), "{row}");
            assert!(row.contains(&format!("| {} |", b.source().code())), "{row}");
            for key in b.answer_keys() {
                assert!(row.contains(&format!("`{key}`")), "{row}");
            }
        }
    }

    #[test]
    fn serde_uses_the_code() {
        let json = serde_json::to_string(&Benefit::Sjukpenning).unwrap();
        assert_eq!(json, "\"FK:SJP\"");
        let back: Benefit = serde_json::from_str("\"PM:LINT\"").unwrap();
        assert_eq!(back, Benefit::Levnadsintyg);
        assert!(serde_json::from_str::<Benefit>("\"FK:XYZ\"").is_err());
    }
}

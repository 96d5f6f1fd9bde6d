//! The benefit catalogue (SPEC §5; V6, V7): the seed's 24 benefits, their portal groups,
//! Swedish names and the codes of Försäkringskassan's v9 contract.
//!
//! `docs/catalogue.md` documents the mapping and how each code was settled from the
//! contract. The catalogue is closed: a code outside it is `UNKNOWN_BENEFIT` (V7), even
//! when it is another valid v9 code (for example `FK:MEK`), because this service does not
//! deliver it.

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

/// Which list of the v9 query (`LefiExternFormansinformationFraga`) carries a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum V9List {
    /// `formansinformation`: Försäkringskassan's benefit groups (`LefiFkFormanGruppKod`).
    Formansinformation,
    /// `ansprak` and `beslut`: Pensionsmyndigheten's groups (`LefiPmFormanGruppKod`).
    AnsprakOchBeslut,
    /// `ovrigInformation` (`LefiExternOvrigInformationTypKod`).
    OvrigInformation,
    /// `utbetalningar`: effected payments of the listed groups.
    Utbetalningar,
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
    list: V9List,
    group: BenefitGroup,
    source: Source,
    name_sv: &'static str,
    answer_keys: &'static [&'static str],
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
use V9List as L;

#[rustfmt::skip]
const CATALOGUE: [Entry; 24] = [
    Entry { benefit: B::Arbetsskadelivranta, code: "FK:AS", list: L::Formansinformation, group: G::Pension, source: Fk, name_sv: "Arbetsskadelivränta", answer_keys: &["arbetsskadeegenlivrantearende", "arbetsskadeefterlevandearende"] },
    Entry { benefit: B::Efterlevandepension, code: "PM:EF", list: L::AnsprakOchBeslut, group: G::Pension, source: Pm, name_sv: "Efterlevandepension", answer_keys: &["ansprak", "beslut", "utbetalningar"] },
    Entry { benefit: B::Pensionsprognos, code: "PM:PBH", list: L::OvrigInformation, group: G::Pension, source: Pm, name_sv: "Pensionsprognos", answer_keys: &["ovrigInformation:PM:PBH"] },
    Entry { benefit: B::Yrkesskadelivranta, code: "FK:YL", list: L::Formansinformation, group: G::Pension, source: Fk, name_sv: "Yrkesskadelivränta", answer_keys: &["yrkesskadeegenlivrantearende", "yrkesskadeefterlevandearende"] },
    Entry { benefit: B::BostadstillaggPensionarer, code: "PM:BTI", list: L::AnsprakOchBeslut, group: G::Pension, source: Pm, name_sv: "Bostadstillägg till pensionärer", answer_keys: &["ansprak", "beslut", "utbetalningar"] },
    Entry { benefit: B::Pension, code: "PM:AP", list: L::AnsprakOchBeslut, group: G::Pension, source: Pm, name_sv: "Pension", answer_keys: &["ansprak", "beslut", "utbetalningar", "ovrigInformation:PM:PU"] },
    Entry { benefit: B::SjukersattningAktivitetsersattning, code: "FK:SA", list: L::Formansinformation, group: G::Pension, source: Fk, name_sv: "Sjukersättning och aktivitetsersättning", answer_keys: &["sjukOchAktivitetsersattningsarende"] },
    Entry { benefit: B::Aktivitetsstod, code: "FK:PROG", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Aktivitetsstöd", answer_keys: &["aktivitetsstodsarende"] },
    Entry { benefit: B::Foraldrapenning, code: "FK:FP", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Föräldrapenning", answer_keys: &["foraldrapenningarende"] },
    Entry { benefit: B::Narstaendepenning, code: "FK:NP", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Närståendepenning", answer_keys: &["narstaendepenningarende"] },
    Entry { benefit: B::Sjukpenning, code: "FK:SJP", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Sjukpenning", answer_keys: &["sjukpenningarende"] },
    Entry { benefit: B::Smittbararersattning, code: "FK:SBP", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Smittbärarersättning", answer_keys: &["smittbararersattningsarende"] },
    Entry { benefit: B::DagpenningTotalforsvarspliktig, code: "FK:DPE", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Dagpenning till totalförsvarspliktig", answer_keys: &["totalforsvarspliktsarende"] },
    Entry { benefit: B::Graviditetspenning, code: "FK:GP", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Graviditetspenning", answer_keys: &["graviditetspenningsarende"] },
    Entry { benefit: B::Rehabiliteringsersattning, code: "FK:RBE", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Rehabiliteringsersättning", answer_keys: &["rehabersattningsarende"] },
    Entry { benefit: B::SjukpenninggrundandeInkomst, code: "FK:SGI", list: L::OvrigInformation, group: G::Daily, source: Fk, name_sv: "Sjukpenninggrundande inkomst", answer_keys: &["sjukpenninggrundandeInkomstuppgift"] },
    Entry { benefit: B::TillfalligForaldrapenning, code: "FK:TFP", list: L::Formansinformation, group: G::Daily, source: Fk, name_sv: "Tillfällig föräldrapenning", answer_keys: &["tillfalligForaldrapenningarende"] },
    Entry { benefit: B::Barnbidrag, code: "FK:ABB", list: L::Formansinformation, group: G::Other, source: Fk, name_sv: "Barnbidrag", answer_keys: &["barnbidragsarende"] },
    Entry { benefit: B::Handikappersattning, code: "FK:HE", list: L::Formansinformation, group: G::Other, source: Fk, name_sv: "Handikappersättning", answer_keys: &["handikappersattningsarende"] },
    Entry { benefit: B::Underhallsstod, code: "FK:US", list: L::Formansinformation, group: G::Other, source: Fk, name_sv: "Underhållsstöd", answer_keys: &["underhallsstodsmottag", "underhallsstodskrav"] },
    Entry { benefit: B::Vardbidrag, code: "FK:VB", list: L::Formansinformation, group: G::Other, source: Fk, name_sv: "Vårdbidrag", answer_keys: &["vardbidragsarende"] },
    Entry { benefit: B::Bostadsbidrag, code: "FK:BOB", list: L::Formansinformation, group: G::Other, source: Fk, name_sv: "Bostadsbidrag", answer_keys: &["bostadsbidragsarende"] },
    Entry { benefit: B::Levnadsintyg, code: "PM:LINT", list: L::OvrigInformation, group: G::Other, source: Pm, name_sv: "Levnadsintyg", answer_keys: &["ovrigInformation:PM:LINT"] },
    Entry { benefit: B::Utbetalning, code: UTBETALNING_CODE, list: L::Utbetalningar, group: G::Other, source: Fk, name_sv: "Utbetalning", answer_keys: &["utbetalningsuppgift"] },
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

    /// The list of the v9 query that asks for this benefit.
    pub fn v9_list(self) -> V9List {
        self.entry().list
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
        assert_eq!(Benefit::Pension.v9_list(), V9List::AnsprakOchBeslut);
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

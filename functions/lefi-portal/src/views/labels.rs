//! The Swedish words the answer page uses for the v9 answer's keys: a label per
//! property, a noun per list item, which numbers are money. One table, so a key of the
//! contract is named once; `every_answer_property_of_the_contract_has_a_label` holds it
//! to our OpenAPI document, so a key added there cannot be shown as raw camelCase.

/// The label of a property of the answer, as a person reads it.
pub fn label(key: &str) -> Option<&'static str> {
    Some(match key {
        // Persons, addresses, places.
        "personnummer" => "Personnummer",
        "person" => "Personnummer",
        "foddes" => "Född",
        "fodelsedatum" => "Födelsedatum",
        "namn" => "Namn",
        "skyddad" => "Skyddad identitet",
        "avled" => "Avliden",
        "avliden" => "Avliden",
        "avlidna" => "Avlidna",
        "dodsfallsdatum" => "Dödsdatum",
        "adress" => "Adress",
        "roller" => "Adressens roll",
        "utdelningadress" => "Utdelningsadress",
        "postnummer" => "Postnummer",
        "postort" => "Postort",
        "land" => "Land",
        "lan" => "Län (kod)",
        "kommun" => "Kommun (kod)",
        "folkbokford" => "Folkbokförd",
        "medborgarskap" => "Medborgarskap",
        "civilstand" => "Civilstånd",
        "anvantCivilstand" => "Civilstånd som använts",
        "barn" | "Barn" => "Barn",
        "samhorig" => "Anhöriga",
        "personuppgift" => "Mottagare",
        "medsokande" => "Medsökande",
        "foralder" => "Förälder",
        "foraldertyp" => "Typ av förälder",
        "hemmavarandeBarn" => "Hemmavarande barn",
        "tidvisboendeBarn" => "Umgängesbarn",
        "vaxelvisboendeBarn" => "Växelvis boende barn",
        "ovrigaBerattigadeEfterlevande" => "Andra berättigade efterlevande",
        "arbetsstallen" => "Arbetsställen",
        "nummer" => "CFAR-nummer",
        "arbetsgivare" => "Arbetsgivare",
        "organisationsnummer" => "Organisationsnummer",
        "sysselsattning" => "Sysselsättning",
        "arbetstid" => "Arbetstid",
        "telefon" => "Telefon",
        "epost" => "E-post",
        "kontakt" => "Kontaktperson",
        "datum" => "Datum",
        "institution" => "Institution",
        "institutionsplacering" => "Institutionsplacering",
        "myndighetsplacering" => "Myndighetsplacerat",
        "skolgang" => "Skolgång",
        // Cases and decisions.
        "startades" => "Ärendet startade",
        "aktivt" => "Pågående ärende",
        "avslaget" => "Avslaget",
        "beslut" => "Beslut",
        "fattades" => "Beslutsdatum",
        "definitivt" => "Definitivt beslut",
        "forman" => "Förmån",
        "delforman" => "Delförmån",
        "periodicitet" => "Periodicitet",
        "period" => "Period",
        "omfattning" => "Omfattning",
        "andel" => "Andel",
        "dagar" => "Dagar",
        "timmar" => "Timmar",
        "karens" => "Karens",
        "beslutsutfall" => "Utfall",
        "beslutstyp" => "Beslutstyp",
        "beslutstatus" | "beslutsstatus" => "Beslutsstatus",
        "ersattning" => "Ersättning",
        "ersattningsniva" => "Ersättningsnivå",
        "ersattningsdagar" => "Ersättningsdagar",
        "ersattningsdatum" => "Datum",
        "ersattningsbelopp" => "Ersättning",
        "karensavdragsbelopp" => "Karensavdrag",
        "beslutatBruttobelopp" => "Beslutat belopp (brutto)",
        "samordnatBruttobelopp" => "Samordnat belopp (brutto)",
        "upphorandeManadFrom" => "Upphör från och med månad",
        "periodbeslut" => "Periodbeslut",
        "utbetalningstyp" => "Utbetalningstyp",
        "grunduppgifter" => "Grunduppgifter",
        "underlag" => "Underlag",
        "uppdaterades" => "Uppdaterad",
        "andringsanledning" => "Ändringsanledning",
        "orsak" => "Orsak",
        "status" => "Status",
        "typ" => "Typ",
        "id" => "Kod",
        "kod" => "Kod",
        "beskrivning" => "Beskrivning",
        "upplysning" => "Upplysning",
        "berattigad" => "Berättigad",
        "delat" => "Delat med annan förmånstagare",
        "tvaBidragsmottagare" => "Delat barnbidrag",
        "utbetalningsmottagare" => "Mottagare av senaste utbetalning",
        "dag" => "Dag",
        "niva" => "Nivå",
        "anspraksdagar" => "Ansökta dagar",
        "bedomdadagar" => "Bedömda dagar",
        "bedomtBelopp" => "Bedömt belopp",
        "inkomsttyp" => "Inkomsttyp",
        "berakningssatt" => "Beräkningssätt",
        "atgardstyp" => "Åtgärdstyp",
        "program" => "Program",
        "antalForbrukade" => "Förbrukade dagar",
        "harForbrukatMaxAntal" => "Alla dagar förbrukade",
        "studiebidrag" => "Studiebidrag",
        "skatteredovisningsnummer" => "Skatteregistreringsnummer (TIN)",
        // Sickness and income.
        "faststalldes" => "Fastställd",
        "anstallning" => "Årsinkomst av anställning",
        "verksamhet" => "Årsinkomst av näringsverksamhet",
        "forsakringstid" => "Försäkringstid",
        "forsakringstidGsaAr" => "Försäkringstid för garantiersättning (år)",
        "forsakringstidGsaManad" => "Försäkringstid för garantiersättning (månader)",
        "forsakringstidGsaDag" => "Försäkringstid för garantiersättning (dagar)",
        "artal" => "År",
        "ar" => "År",
        "arsinkomstISverige" => "Uppskattad årsinkomst i Sverige",
        "arsinkomstIAnnatLand" => "Uppskattad årsinkomst i annat land",
        "fribelopp" => "Fribelopp",
        "mellanskillnad" => "Mellanskillnad",
        "avgift" => "Avgift",
        "aterkrav" => "Återkrav",
        "tillagg" => "Tillägg",
        "utbetalning" => "Utbetalning",
        // Work injury annuities.
        "skadetillfalle" => "Skadedatum",
        "skadedatum" => "Skadedatum",
        "arsinkomstInnanSkada" => "Årsinkomst före skadan",
        "arsinkomstEfterSkada" => "Årsinkomst efter skadan",
        "faktor" => "Livräntefaktor",
        "livrantefaktor" => "Livräntefaktor",
        "bruttoforhojning" => "Bruttoförhöjning",
        "samordningsandel" => "Samordningsandel",
        "arbetsgivarkod" => "Arbetsgivarkod",
        // Housing.
        "arsbruttokostnad" => "Årlig bruttokostnad",
        "bostadstillaggsnettokostnad" => "Nettokostnad för bostadstillägg",
        "forsorjningsstodsarsnettokostnad" => "Årlig nettokostnad för försörjningsstöd",
        "totalBostadskostnad" => "Total bostadskostnad",
        "reduceradBostadskostnad" => "Reducerad bostadskostnad",
        "inkomster" => "Inkomster",
        "bostadskostnadBrutto" => "Bostadskostnad (brutto)",
        "bostadskostnadNettoBt" => "Bostadskostnad netto (bostadstillägg)",
        "bostadskostnaddNettoAfs" => "Bostadskostnad netto (äldreförsörjningsstöd)",
        "berakningsunderlag" => "Beräkningsunderlag",
        // Payments.
        "utbetalningsdatum" => "Utbetalningsdag",
        "utbetalningsperiod" => "Avser period",
        "foretag" => "Utbetalare",
        "formansfamilj" => "Förmån",
        "formansgrupp" => "Förmånsgrupp",
        "bruttobelopp" => "Brutto",
        "skattebelopp" => "Skatt",
        "avdragsbelopp" => "Avdrag",
        "nettobelopp" => "Netto",
        "utbetalningsdetalj" => "Utbetalningsrader",
        "utbetalningsrader" => "Utbetalningsrader",
        "utbetalningsforman" => "Förmån",
        "beloppstyp" => "Beloppstyp",
        "avdrag" => "Avdrag",
        "avdragstyp" => "Typ av avdrag",
        "belopp" => "Belopp",
        "summa" => "Summa",
        "valuta" => "Valuta",
        "taljare" => "Täljare",
        "namnare" => "Nämnare",
        "fran" | "from" => "Från och med",
        "till" | "tom" => "Till och med",
        // Pensionsmyndigheten's claims and decisions.
        "ansprak" => "Anspråk",
        "ansprakid" => "Anspråkets id",
        "ankomstdatum" => "Kom in",
        "yrkadPeriod" => "Begärd period",
        "beslutsid" => "Beslutets id",
        "beslutsdatum" => "Beslutsdatum",
        "beslutadErsattning" => "Beslutad ersättning",
        "beslutatBelopp" => "Beslutat belopp",
        "beloppsfrekvens" => "Frekvens",
        "ersattningstyp" => "Ersättningstyp",
        "bp" => "Barnpension",
        "garp" => "Garantipension",
        "garpEp" => "Garantipension till efterlevandepension",
        "garpAp37" => "Garantipension (född 1937 eller tidigare)",
        "ip" => "Inkomstpension",
        "livaranta" => "Livränta",
        "op" => "Omställningspension",
        "samordning" => "Samordning",
        "tp" => "Tilläggspension",
        "ankep" => "Änkepension",
        "efterlevandepensionsunderlag" => "Underlag för efterlevandepension",
        "procent" => "Procent",
        "antal15delar" => "Antal 15-delar",
        "antal30delar" => "Antal 30-delar",
        "antal40delar" => "Antal 40-delar",
        "garantitillaggForGarantipension" => "Garantitillägg",
        "ylAvdrag" => "Avdrag för yrkesskadelivränta",
        "inkomstpensionForGarantipension" => "Inkomstpension (för garantipension)",
        "tillaggspensionForGarantipension" => "Tilläggspension (för garantipension)",
        "summaBerakningsunderlag" => "Summa beräkningsunderlag",
        "pensionstillskott" => "Pensionstillskott",
        "uttagsprocentFp" => "Uttagsprocent folkpension",
        "uttagsprocent" => "Uttagsprocent",
        "beloppForeSamordning" => "Belopp före samordning",
        "samordningstyper" => "Samordnas med",
        "sjoskattear" => "Sjöskatteår",
        "garantitillagg" => "Garantitillägg",
        "folkpensiontillagg" => "Folkpensionstillägg",
        "medelpoang" => "Medelpoäng",
        "arMedPensionspoang" => "År med pensionspoäng",
        "erforderligaAr" => "Erforderliga år",
        "allmanpension" => "Allmän pension",
        "samordningMedPensionFranAnnatLand" => "Samordnas med pension från annat land",
        "bostadsInkomststod" => "Bostadstillägg och äldreförsörjningsstöd",
        "efterlevandeformaner" => "Efterlevandeförmåner",
        // Pensionsmyndigheten's övrig information.
        "informationstyp" => "Typ av uppgift",
        "levnadsintyg" => "Levnadsintyg",
        "levnadsintygsstatus" => "Status",
        "senastUppdaterad" => "Senast uppdaterad",
        "pensionsbehallning" => "Pensionsbehållning",
        "pensionskonton" => "Pensionskonton",
        "kontotyp" => "Konto",
        "kontovarden" => "Kontovärden",
        "varde" => "Värde",
        "gallerFrom" => "Gäller från och med",
        "faststallelsear" => "Fastställelseår",
        "kontohandelse" => "Kontohändelse",
        "kontohandelsetyp" => "Händelse",
        "kontohandelsetidpunkt" => "Tidpunkt",
        "kontotransaktioner" => "Transaktioner",
        "kontotransaktionstyp" => "Transaktion",
        "pensionsunderlag" => "Pensionsunderlag",
        "intjanandear" => "Intjänandeår",
        "pensionsgrundandeInkomst" => "Pensionsgrundande inkomst",
        "pensionsgrundandeBeloppForStudier" => "Pensionsgrundande belopp för studier",
        "pensionsgrundandeBeloppForSjukOchAktivitetsersattning" => {
            "Pensionsgrundande belopp för sjuk- och aktivitetsersättning"
        }
        "pensionsgrundandeBeloppForArMedSmaBarn" => "Pensionsgrundande belopp för barnår",
        "pensionsgrundandeBeloppForPlikttjanst" => "Pensionsgrundande belopp för plikttjänst",
        "pensionsgrundandeBeloppForFortidspension" => "Pensionsgrundande belopp för förtidspension",
        // Försäkringskassan's earnings records (intjänande).
        "poang" => "Poäng",
        "pensionsratter" => "Pensionsrätter",
        "faktiskaPensionsratter" => "Faktiska pensionsrätter",
        "pensionsbehallningar" => "Pensionsbehållningar",
        "barnbeslut" => "Beslut om barnår",
        "poangunderlag" => "Poängunderlag",
        "behallningsunderlag" => "Behållningsunderlag",
        "pensionsbehallningsforandringar" => "Förändringar av pensionsbehållningen",
        "premiepensionBelopp" => "Premiepension",
        "administrationskostnad" => "Administrationskostnad",
        "arvsvinst" => "Arvsvinst",
        "aterlagt" => "Återlagt",
        "indexforanding" => "Indexförändring",
        "uttaget" => "Uttaget",
        "vardar" => "Vårdår",
        "pgiBedomd" => "PGI bedömd",
        "basbelopp" => "Basbelopp",
        "forvarvsvillkorsar" => "Förvärvsvillkorsår",
        "intjanandetak" => "Intjänandetak",
        "underlagPgbForAntagandepoang" => "Pensionsgrundande belopp för antagandepoäng",
        "underlagPgbForBarn" => "Pensionsgrundande belopp för barnår",
        "underlagPgbForPlikt" => "Pensionsgrundande belopp för plikttjänst",
        "underlagPgbForSa" => "Pensionsgrundande belopp för sjuk- och aktivitetsersättning",
        "underlagPgbForStudier" => "Pensionsgrundande belopp för studier",
        "antagandepoang" => "Antagandepoäng",
        "jamforelsepoang" => "Jämförelsepoäng",
        "bastaPoangPlusEtt" => "Bästa poäng plus ett",
        "svenskaNordiskaForsakringsmanader" => "Svenska och nordiska försäkringsmånader",
        "bastaAlternativ" => "Bästa alternativ",
        "beloppAlternativ1" => "Belopp, alternativ 1",
        "beloppAlternativ2" => "Belopp, alternativ 2",
        "jamfarelseinkomst" => "Jämförelseinkomst",
        "trefjardedelsMedelPGI" => "Tre fjärdedelar av medel-PGI",
        "utfyllnadsinkomst" => "Utfyllnadsinkomst",
        "halvaMedelPGI" => "Halva medel-PGI",
        "beloppForeAvrundningTakbegransning" => "Belopp före avrundning och takbegränsning",
        "manadsunderlag" => "Underlag per månad",
        "manad" => "Månad",
        "antagandeinkomst" => "Antagandeinkomst",
        "arbetsskadelivranta" => "Arbetsskadelivränta",
        "pisa" => "PISA",
        "pisaAnhorig" => "PISA anhörig",
        "reduceringsbelopp" => "Reduceringsbelopp",
        "samordningsprocentAL" => "Samordningsprocent AL",
        // The lists of Försäkringskassan's model, when they appear inside another.
        "programanvisning" => "Programanvisning",
        "programjobdagar" => "Programjobbdagar",
        "studiemedelsavisering" => "Studiemedelsavisering",
        _ => return None,
    })
}

/// What one item of a list is called ("Ärende 2", "Beslut 1"), by the list's key.
pub fn item_noun(list_key: &str) -> &'static str {
    match list_key {
        k if k.ends_with("arende") || k == "mottagareavbarnbidrag" => "Ärende",
        "underhallsstodskrav" | "underhallsstodsmottag" => "Ärende",
        "beslut" => "Beslut",
        "periodbeslut" => "Periodbeslut",
        "ansprak" => "Anspråk",
        "beslutadErsattning" => "Ersättning",
        "utbetalningsuppgift"
        | "preliminarautbetalningar"
        | "utbetalningar"
        | "preliminaraUtbetalningar" => "Utbetalning",
        "pensionskonton" => "Konto",
        "kontovarden" => "Värde",
        "intjanandeuppgift" | "intjanandebehallning" => "År",
        "avlidna" => "Avliden",
        "barn" | "Barn" => "Barn",
        "arbetsstallen" => "Arbetsställe",
        "adress" => "Adress",
        _ => "Uppgift",
    }
}

/// Numbers that are money in whole kronor (Pensionsmyndigheten's model writes amounts
/// as integers). Försäkringskassan's amounts are `Belopp` objects and are recognised by
/// their shape.
pub fn is_whole_kronor(key: &str) -> bool {
    matches!(
        key,
        "belopp"
            | "bruttobelopp"
            | "nettobelopp"
            | "varde"
            | "arsinkomstInnanSkada"
            | "beloppForeSamordning"
            | "bostadskostnadBrutto"
            | "bostadskostnadNettoBt"
            | "bostadskostnaddNettoAfs"
            | "efterlevandepensionsunderlag"
            | "folkpensiontillagg"
            | "garantitillagg"
            | "garantitillaggForGarantipension"
            | "inkomstpensionForGarantipension"
            | "tillaggspensionForGarantipension"
            | "pensionsgrundandeInkomst"
            | "pensionsgrundandeBeloppForStudier"
            | "pensionsgrundandeBeloppForSjukOchAktivitetsersattning"
            | "pensionsgrundandeBeloppForArMedSmaBarn"
            | "pensionsgrundandeBeloppForPlikttjanst"
            | "pensionsgrundandeBeloppForFortidspension"
            | "pensionstillskott"
            | "summaBerakningsunderlag"
            | "ylAvdrag"
    )
}

/// Strings that are a personnummer (12 digits get their hyphen on the page).
pub fn is_personnummer(key: &str) -> bool {
    matches!(key, "personnummer" | "person" | "medsokande")
}

/// Numbers that are percentages.
pub fn is_percent(key: &str) -> bool {
    matches!(
        key,
        "procent" | "uttagsprocent" | "uttagsprocentFp" | "samordningsprocentAL"
    )
}

/// Objects that only hold other fields: their own name adds nothing to a label
/// ("Grunduppgifter: barn: namn" reads as "Barn: namn").
pub fn is_transparent(key: &str) -> bool {
    matches!(
        key,
        "grunduppgifter"
            | "underlag"
            | "tillagg"
            | "levnadsintyg"
            | "pensionsbehallning"
            | "pensionsunderlag"
            | "berakningsunderlag"
    )
}

/// The v9 answer's coded strings that have a plain Swedish reading (the contract says
/// "bör innehålla något av värdena …"); others are shown as they came.
pub fn coded_value(value: &str) -> Option<&'static str> {
    Some(match value {
        "BEVILJAN" | "BIFALL" => "Beviljat",
        "AVSLAG" => "Avslag",
        "SLUTLIGT" => "Slutligt",
        "INTERMISTISKT" | "INTERIMISTISKT" => "Interimistiskt",
        "PRELIMINART" => "Preliminärt",
        _ => return None,
    })
}

/// Makes a readable label of a key no table names (a key a later contract adds):
/// `arsinkomstInnanSkada` → "Arsinkomst innan skada". Better than camelCase, and the
/// coverage test keeps it rare.
pub fn humanize(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The label of `key`, from the table or made from the key.
pub fn label_or_humanized(key: &str) -> String {
    label(key).map_or_else(|| humanize(key), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property name of the schemas in our OpenAPI document, read by indentation:
    /// the keys one level under each `properties:` line.
    fn property_names(yaml: &str) -> std::collections::BTreeSet<String> {
        let mut names = std::collections::BTreeSet::new();
        let mut under: Option<usize> = None;
        for line in yaml.lines() {
            let indent = line.len() - line.trim_start().len();
            let text = line.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            if let Some(base) = under {
                if indent <= base {
                    under = None;
                } else if indent == base + 2
                    && let Some(name) = text.strip_suffix(':')
                    && name.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    names.insert(name.to_owned());
                }
            }
            if text == "properties:" {
                under = Some(indent);
            }
        }
        names
    }

    #[test]
    fn c2_every_answer_property_of_the_contract_has_a_label() {
        let names = property_names(lefi_contract::OPENAPI);
        assert!(names.len() > 300, "the scan found {} names", names.len());
        // Names the answer page never shows as a label: the query's and the error
        // body's own fields, the answer's top-level keys (each has its own section or
        // notice), and the benefit lists of `formansinformation` (section titles, see
        // `answer::list_title`).
        let not_labels = [
            "falt",
            "fel",
            "meddelande",
            "timestamp",
            "korrelationsId",
            "nastaOppning",
            "utlamnare",
            "tillstand",
            "avvikelser",
            "avvikelse",
            "formansinformation",
            "ovrigInformation",
            "ovrigInformationstyp",
            "preliminaraUtbetalningar",
            "utbetalningar",
            "personstatus",
            "personnummerbyte",
            "fragatPersonnummer",
            "aktuelltPersonnummer",
            "uppgifterFranOchMed",
            "uppgifter",
            // The query's additive fields (A4), never in an answer.
            "syfte",
            "rattsligGrund",
            "arendereferens",
        ];
        let missing: Vec<_> = names
            .iter()
            .filter(|n| !not_labels.contains(&n.as_str()))
            .filter(|n| label(n).is_none() && super::super::answer::list_title(n).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "keys without a Swedish label: {missing:?}"
        );
    }

    #[test]
    fn c2_a_key_without_a_label_is_made_readable() {
        assert_eq!(humanize("nyttFaltIKontraktet"), "Nytt falt i kontraktet");
        assert_eq!(label_or_humanized("fattades"), "Beslutsdatum");
    }
}

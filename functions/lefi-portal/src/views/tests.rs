//! The pages: the answer's mapping, the form's errors and choices (P3), escaping, no
//! personnummer in a title, no inline style or script. `screens_for_review` (ignored)
//! writes every page with realistic data to files, to look at in a browser.

use super::*;
use chrono::TimeZone;
use lefi_contract::answer::Answer;
use lefi_domain::Benefit;
use lefi_domain::query::{Field as RuleField, ViolationCode};
use serde_json::json;

const PNR: &str = "198504129876";

fn user() -> Layout {
    Layout::new(
        Some(LoggedIn {
            name: "Karin Lund".into(),
            organisation: "Tågarps kommun".into(),
        }),
        Some("csrf-token-123"),
    )
}

fn at() -> DateTime<Utc> {
    // 10.15 in Stockholm.
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 15, 0).unwrap()
}

fn context(asked: &[Benefit]) -> AnswerContext {
    AnswerContext {
        layout: user(),
        queried_personnummer: PNR.into(),
        from: "2025-01-01".into(),
        to: "2026-11-30".into(),
        asked_at: at(),
        asked: asked.to_vec(),
    }
}

fn read(value: serde_json::Value) -> Answer {
    serde_json::from_value(value).unwrap()
}

/// An answer of both authorities' models, as the workflow compiles it.
fn full_answer() -> Answer {
    read(json!({
        "utlamnare": [
            {"utlamnare": {"kod": "FK", "namn": "Försäkringskassan"}, "tillstand": {"kod": "FELANDE"}},
            {"utlamnare": {"kod": "PM", "namn": "Pensionsmyndigheten"}, "tillstand": {"kod": "OK"}}
        ],
        "avvikelser": {
            "formansinformation": [
                {"avvikelse": {"kod": "INTERNT_FEL", "beskrivning": "Internt fel"},
                 "formansgrupp": {"kod": "FK:BOB", "beskrivning": "Bostadsbidrag"}}
            ],
            "utbetalningar": [
                {"avvikelse": {"kod": "INTERNT_FEL"},
                 "formansgrupp": {"kod": "FK:BOB", "beskrivning": "Bostadsbidrag"}}
            ]
        },
        "formansinformation": {
            "generellPersoninformation": [{
                "personnummer": PNR,
                "foddes": "1985-04-12",
                "namn": "Anna Andersson",
                "skyddad": false,
                "adress": [{"utdelningadress": ["Storgatan 11", "Lgh 1102"], "postnummer": "268 75",
                            "postort": "Tågarp", "land": {"kod": "SE", "namn": "Sverige"}}],
                "folkbokford": [{"lan": "12", "kommun": "14"}],
                "barn": [
                    {"personnummer": "201503012380", "namn": "Lisa Andersson", "foddes": "2015-03-01"},
                    {"personnummer": "201806152399", "namn": "Olle Andersson", "foddes": "2018-06-15"}
                ]
            }],
            "sjukpenningarende": [{
                "startades": "2025-09-28",
                "aktivt": true,
                "beslut": [
                    {"fattades": "2025-10-05", "definitivt": true,
                     "forman": {"id": "SJP", "beskrivning": "Sjukpenning"},
                     "period": {"fran": "2025-10-12", "till": "2026-01-10"},
                     "omfattning": {"taljare": 1, "namnare": 1}, "dagar": 91, "karens": false,
                     "beslutsutfall": "BEVILJAN", "beslutstyp": "SLUTLIGT"},
                    {"fattades": "2026-01-08", "definitivt": true,
                     "forman": {"id": "SJP", "beskrivning": "Sjukpenning"},
                     "period": {"fran": "2026-01-11", "till": "2026-01-31"},
                     "omfattning": {"taljare": 1, "namnare": 2}, "dagar": 21, "karens": false,
                     "beslutsutfall": "BEVILJAN", "beslutstyp": "SLUTLIGT",
                     "ersattningsdagar": [
                        {"ersattningsdatum": "2026-01-11", "ersattningsbelopp": {"summa": 543.5, "valuta": "SEK"}},
                        {"ersattningsdatum": "2026-01-12", "ersattningsbelopp": {"summa": 543.5, "valuta": "SEK"}}
                     ]}
                ]
            }],
            "sjukpenninggrundandeInkomstuppgift": [{
                "faststalldes": "2025-09-28",
                "typ": {"id": 1, "beskrivning": "A- eller B-inkomst (vanlig SGI)"},
                "anstallning": {"summa": 438000, "valuta": "SEK"},
                "verksamhet": {"summa": 0, "valuta": "SEK"},
                "karens": 0, "dagar": 0, "timmar": 2080
            }],
            "utbetalningsuppgift": [
                {"formansfamilj": {"id": "FK:SJP", "beskrivning": "Sjukpenning"}, "datum": "2025-11-25",
                 "period": {"fran": "2025-10-12", "till": "2025-10-31"},
                 "bruttobelopp": {"summa": 16234.5, "valuta": "SEK"}, "skattebelopp": {"summa": 4870, "valuta": "SEK"},
                 "nettobelopp": {"summa": 11364.5, "valuta": "SEK"},
                 "utbetalningsdetalj": [{"forman": {"id": "SJP", "beskrivning": "Sjukpenning"}, "dagar": 20,
                    "bruttobelopp": {"summa": 16234.5, "valuta": "SEK"}}]},
                {"formansfamilj": {"id": "FK:SJP", "beskrivning": "Sjukpenning"}, "datum": "2025-12-23",
                 "period": {"fran": "2025-11-01", "till": "2025-11-30"},
                 "bruttobelopp": {"summa": 24351.75, "valuta": "SEK"}, "skattebelopp": {"summa": 7305, "valuta": "SEK"},
                 "nettobelopp": {"summa": 17046.75, "valuta": "SEK"}},
                {"formansfamilj": {"id": "FK:ABB", "beskrivning": "Barnbidrag"}, "datum": "2025-12-20",
                 "period": {"fran": "2025-12-01", "till": "2025-12-31"},
                 "bruttobelopp": {"summa": 2650, "valuta": "SEK"}, "nettobelopp": {"summa": 2650, "valuta": "SEK"}}
            ]
        },
        "ansprak": [
            {"ansprakid": "A-1001", "ankomstdatum": "2025-03-02",
             "formansgrupp": {"kod": "PM:AP", "beskrivning": "Allmän pension"},
             "yrkadPeriod": {"from": "2025-05-01"}}
        ],
        "beslut": [
            {"beslutsid": "B-2001", "beslutsdatum": "2025-04-10",
             "formansgrupp": {"kod": "PM:AP", "beskrivning": "Allmän pension"},
             "beslutsstatus": {"kod": "SLUTLIGT", "beskrivning": "Slutligt"},
             "beslutsutfall": {"kod": "BIFALL", "beskrivning": "Bifall"},
             "beslutadErsattning": [
                {"beslutatBelopp": {"belopp": 12400, "beloppsfrekvens": {"kod": "MANAD", "beskrivning": "Månad"}},
                 "period": {"from": "2025-05-01"},
                 "ersattningstyp": {"kod": "PM:IP", "beskrivning": "Inkomstpension"},
                 "omfattning": 0.5}
             ]}
        ],
        "utbetalningar": [
            {"utbetalningsdatum": "2025-11-19", "utbetalningsperiod": {"from": "2025-11-01", "tom": "2025-11-30"},
             "bruttobelopp": 12400, "nettobelopp": 9672,
             "avdrag": [{"belopp": 2728, "avdragstyp": {"kod": "PM:PS", "beskrivning": "Preliminärskatt"}}],
             "utbetalningsrader": [{"formansgrupp": {"kod": "PM:AP", "beskrivning": "Allmän pension"},
                "belopp": 12400, "utbetalningsforman": {"kod": "PM:AP38", "beskrivning": "Ålderspension"}}]}
        ],
        "ovrigInformation": [
            {"informationstyp": {"kod": "PM:PU", "beskrivning": "Pensionsunderlag"},
             "pensionsunderlag": {"intjanandear": [
                {"artal": "2023", "pensionsgrundandeInkomst": 412300},
                {"artal": "2024", "pensionsgrundandeInkomst": 428900, "pensionsgrundandeBeloppForArMedSmaBarn": 51200}
             ]}}
        ],
        "uppgifterFranOchMed": {
            "utbetalningar": {"FK:SJP": "2025-06-01"}
        }
    }))
}

/// Shapes `full_answer` lacks: objects in objects, lists in objects in lists, a
/// decision that is one object, lists of amounts, Pensionsmyndigheten's accounts and
/// survivors.
fn more_shapes() -> Answer {
    read(json!({
        "formansinformation": {
            "barnbidragsarende": [{
                "grunduppgifter": {"barn": {"personnummer": "201503012380", "namn": "Lisa Andersson", "foddes": "2015-03-01"}},
                "beslut": [{"fattades": "2015-04-02", "forman": {"id": "ABB", "beskrivning": "Allmänt barnbidrag"},
                            "delforman": {"id": "FBB", "beskrivning": "Förlängt barnbidrag"},
                            "periodicitet": {"id": 1, "beskrivning": "Månadsvis"},
                            "period": {"fran": "2015-04"}, "beslutatBruttobelopp": {"summa": 1250, "valuta": "SEK"},
                            "underlag": {"skolgang": true, "myndighetsplacering": false}}]
            }],
            "bostadsbidragsarende": [{
                "startades": "2025-02-01", "aktivt": true,
                "medsokande": [{"personnummer": "198601019988", "namn": "Per Persson"}],
                "beslut": [{"fattades": "2025-02-20",
                            "underlag": {"totalBostadskostnad": {"summa": 9800, "valuta": "SEK"},
                                         "inkomster": [{"summa": 210000, "valuta": "SEK"}, {"summa": 48000, "valuta": "SEK"}],
                                         "hemmavarandeBarn": [{"namn": "Kalle Persson", "foddes": "2019-09-09"}]}}]
            }],
            "omvardnadsbidragsarende": [{
                "startades": "2024-11-01",
                "beslut": {"fattades": "2024-12-01", "upphorandeManadFrom": ["2026-03"],
                           "periodbeslut": [{"period": {"fran": "2025-01-01", "till": "2025-12-31"},
                                             "omfattning": {"taljare": 1, "namnare": 4},
                                             "utbetalningstyp": {"id": "L", "beskrivning": "Löpande"}}],
                           "underlag": {"Barn": [{"namn": "Mia Persson"}]}}
            }],
            "arbetsskadeegenlivrantearende": [{
                "startades": "2019-01-10",
                "grunduppgifter": {"arbetsgivare": {"id": 7, "beskrivning": "Verkstaden i Tågarp AB"},
                                   "skadetillfalle": "2018-08-14", "orsak": {"id": 3, "beskrivning": "Olycksfall"},
                                   "arsinkomstInnanSkada": {"summa": 310000, "valuta": "SEK"}},
                "beslut": [{"fattades": "2019-06-01", "underlag": {"faktor": 0.85, "samordningsandel": {"taljare": 1, "namnare": 2}}}]
            }],
            "levnadsintygsuppgift": [{"uppdaterades": "2025-06-01", "status": {"id": 2, "beskrivning": "Intyg inkommit"}}],
            "skatteuppgift": [{"skatteredovisningsnummer": "TIN-553311"}]
        },
        "beslut": [
            {"beslutsdatum": "2024-06-01", "formansgrupp": {"kod": "PM:EF", "beskrivning": "Efterlevandeförmåner"},
             "tillagg": {"efterlevandeformaner": {"avlidna": [
                {"person": "194501019999", "dodsfallsdatum": "2024-05", "fodelsedatum": "1945-01-01"}]}}}
        ],
        "preliminaraUtbetalningar": [
            {"utbetalningsdatum": "2026-12-18", "bruttobelopp": 2100,
             "utbetalningsrader": [{"formansgrupp": {"kod": "PM:BTI", "beskrivning": "Bostadstillägg"}, "belopp": 2100}]}
        ],
        "ovrigInformation": [
            {"informationstyp": {"kod": "PM:PBH", "beskrivning": "Pensionsbehållning"},
             "pensionsbehallning": {"pensionskonton": [
                {"kontotyp": {"kod": "IP", "beskrivning": "Inkomstpension"},
                 "kontovarden": [{"varde": 1234567, "gallerFrom": "2025-01", "faststallelsear": "2025",
                                  "kontohandelse": {"kontohandelsetyp": {"kod": "ARSOMRAKNING", "beskrivning": "Årsomräkning"},
                                                    "kontotransaktioner": [{"kontotransaktionstyp": {"kod": "PENSIONSRATT", "beskrivning": "Pensionsrätt"},
                                                                            "belopp": 45600}]}}]}]}},
            {"informationstyp": {"kod": "PM:LINT", "beskrivning": "Levnadsintyg"},
             "levnadsintyg": {"senastUppdaterad": "2025-09-01",
                              "levnadsintygsstatus": {"kod": 2, "beskrivning": "Intyg komplett"}}}
        ]
    }))
}

/// Every text of the answer, as the page must show it: codes (`kod`, `id`, `valuta`)
/// are shown by their descriptions, the sources' states and deviations in words, and
/// numbers and yes/no in Swedish (checked elsewhere).
fn text_leaves(node: &record::Node, key: &str, out: &mut Vec<String>) {
    use record::Node;
    match node {
        Node::Text(s) if !matches!(key, "kod" | "id" | "valuta") => {
            out.push(if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
                format::personnummer(s)
            } else {
                s.clone()
            })
        }
        Node::List(items) => items.iter().for_each(|i| text_leaves(i, key, out)),
        Node::Map(fields) => {
            for (k, v) in fields {
                if !matches!(
                    k.as_str(),
                    "utlamnare" | "avvikelser" | "informationstyp" | "personstatus"
                ) {
                    text_leaves(v, k, out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn c2_every_text_of_every_shape_of_the_answer_is_on_the_page() {
    for answer_ in [full_answer(), more_shapes()] {
        let mut leaves = Vec::new();
        text_leaves(&record::Node::of(&answer_), "", &mut leaves);
        assert!(leaves.len() > 30, "the fixture lost its data: {leaves:?}");
        let page = answer(&answer_view(&answer_, context(&[])));
        let missing: Vec<_> = leaves
            .iter()
            .filter(|l| {
                let shown = labels::coded_value(l).unwrap_or(l);
                !page.contains(shown)
            })
            .collect();
        assert!(missing.is_empty(), "not on the page: {missing:?}");
    }
    let view = answer_view(&more_shapes(), context(&[]));
    assert_eq!(
        titles(&view),
        [
            "Arbetsskadelivränta",
            "Efterlevandepension",
            "Pensionsprognos",
            "Bostadstillägg till pensionärer",
            "Barnbidrag",
            "Bostadsbidrag",
            "Levnadsintyg",
            // Lists no catalogue benefit owns, in the answer's order.
            "Levnadsintyg (Försäkringskassan)",
            "Omvårdnadsbidrag",
            "Skatteuppgift",
        ]
    );
    let text: String = view
        .sections
        .iter()
        .map(|s| blocks_text(&s.blocks))
        .collect();
    for expected in [
        "Barn: personnummer: 20150301-2380",
        "1 | 2025-02-20 | 9\u{a0}800,00\u{a0}kr | 210\u{a0}000,00\u{a0}kr / 48\u{a0}000,00\u{a0}kr",
        "[Beslut: hemmavarande barn] Nr | Född | Namn\n  1.1 | 2019-09-09 | Kalle Persson",
        "Beslut: upphör från och med månad: 2026-03",
        "[Beslut: periodbeslut] Period | Omfattning | Utbetalningstyp",
        "Arbetsgivare: Verkstaden i Tågarp AB",
        "1 | 1\u{a0}234\u{a0}567\u{a0}kr | 2025-01 | 2025 | Årsomräkning",
        "1.1 | Pensionsrätt | 45\u{a0}600\u{a0}kr",
        "avlidna] Personnummer | Dödsdatum | Födelsedatum\n  19450101-9999 | 2024-05 | 1945-01-01",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

fn blocks_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } => out.push_str(&format!("# {text}\n")),
            Block::Facts(t) => {
                for f in &t.rows {
                    out.push_str(&format!("{}: {}\n", f.label, f.value.lines.join(" / ")));
                }
            }
            Block::Table(t) => {
                out.push_str(&format!("[{}] ", t.caption));
                out.push_str(
                    &t.columns
                        .iter()
                        .map(|c| c.label.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                out.push('\n');
                for row in &t.rows {
                    let cells: Vec<_> = row.iter().map(|c| c.lines.join(" / ")).collect();
                    out.push_str(&format!("  {}\n", cells.join(" | ")));
                }
            }
        }
    }
    out
}

fn section<'a>(view: &'a AnswerView, title: &str) -> &'a Section {
    view.sections
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section {title}: {:?}", titles(view)))
}

fn titles(view: &AnswerView) -> Vec<&str> {
    view.sections.iter().map(|s| s.title.as_str()).collect()
}

#[test]
fn c2_the_answer_heading_names_the_person_the_period_and_when() {
    let view = answer_view(&full_answer(), context(&[]));
    assert_eq!(view.heading, "Förmånsinformation för Anna Andersson");
    assert_eq!(view.personnummer, "19850412-9876");
    assert_eq!(view.period, "2025-01-01 – 2026-11-30");
    assert_eq!(view.asked_at, "2026-12-07 kl. 10.15");
    let person = blocks_text(&view.person);
    assert!(
        person.contains("Adress: Storgatan 11 / Lgh 1102 / 268 75 Tågarp / Sverige"),
        "{person}"
    );
    assert!(person.contains("Skyddad identitet: Nej"), "{person}");
    assert!(person.contains("Personnummer: 19850412-9876"), "{person}");
    assert!(
        person.contains("  20150301-2380 | 2015-03-01 | Lisa Andersson"),
        "{person}"
    );
}

#[test]
fn c2_each_benefit_has_its_section_with_cases_decisions_and_its_own_payments() {
    let view = answer_view(&full_answer(), context(&[]));
    assert_eq!(
        titles(&view),
        [
            "Pension",
            "Sjukpenning",
            "Sjukpenninggrundande inkomst",
            "Barnbidrag",
            "Bostadsbidrag"
        ]
    );
    let sjp = blocks_text(&section(&view, "Sjukpenning").blocks);
    // The case, its decisions (the second with its days), then the payments of
    // sjukpenning only, with their rows pointing back to them.
    for expected in [
        "# Ärenden\n",
        "Ärendet startade: 2025-09-28\nPågående ärende: Ja",
        "[Beslut] Nr | Beslutsdatum | Definitivt beslut | Förmån | Period | Omfattning | Dagar | Karens | Utfall | Beslutstyp",
        "  1 | 2025-10-05 | Ja | Sjukpenning | 2025-10-12 – / 2026-01-10 | 1/1 | 91 | Nej | Beviljat | Slutligt",
        "[Beslut: ersättningsdagar] Nr | Datum | Ersättning\n  2.1 | 2026-01-11 | 543,50\u{a0}kr",
        "# Utbetalningar\n",
        "1 | Sjukpenning | 2025-11-25 | 2025-10-12 – / 2025-10-31 | 16\u{a0}234,50\u{a0}kr | 4\u{a0}870,00\u{a0}kr | 11\u{a0}364,50\u{a0}kr",
        "[Utbetalningar: utbetalningsrader] Nr | Förmån | Dagar | Brutto\n  1.1 | Sjukpenning | 20 | 16\u{a0}234,50\u{a0}kr",
    ] {
        assert!(sjp.contains(expected), "missing {expected:?} in\n{sjp}");
    }
    assert!(
        !sjp.contains("2\u{a0}650"),
        "barnbidrag's payment under sjukpenning:\n{sjp}"
    );
    assert!(blocks_text(&section(&view, "Barnbidrag").blocks).contains("2\u{a0}650,00\u{a0}kr"));
    let sgi = blocks_text(&section(&view, "Sjukpenninggrundande inkomst").blocks);
    assert!(sgi.contains("Årsinkomst av anställning | "), "{sgi}");
    assert!(sgi.contains("438\u{a0}000,00\u{a0}kr"), "{sgi}");
}

#[test]
fn c2_pensionsmyndighetens_claims_decisions_payments_and_records_are_under_their_benefit() {
    let view = answer_view(&full_answer(), context(&[]));
    let pension = section(&view, "Pension");
    let text = blocks_text(&pension.blocks);
    let headings: Vec<_> = pension
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 3, text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        ["Anspråk", "Beslut", "Pensionsunderlag", "Utbetalningar"]
    );
    for expected in [
        "A-1001 | 2025-03-02 | Allmän pension | från och med 2025-05-01",
        "Beslutets id: B-2001\nBeslutsdatum: 2025-04-10",
        "Utfall: Bifall",
        "[Beslutad ersättning] Beslutat belopp | Beslutat belopp: frekvens | Period | Ersättningstyp | Omfattning",
        "12\u{a0}400\u{a0}kr | Månad | från och med 2025-05-01 | Inkomstpension | 0,5",
        "[Intjänandeår] År | Pensionsgrundande inkomst | Pensionsgrundande belopp för barnår",
        "2024 | 428\u{a0}900\u{a0}kr | 51\u{a0}200\u{a0}kr",
        "1 | 2025-11-19 | 2025-11-01 – / 2025-11-30 | 12\u{a0}400\u{a0}kr | 9\u{a0}672\u{a0}kr",
        "[Utbetalningar: avdrag] Nr | Belopp | Typ av avdrag\n  1.1 | 2\u{a0}728\u{a0}kr | Preliminärskatt",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn c2_deviations_and_incomplete_sources_are_told_in_words() {
    let view = answer_view(&full_answer(), context(&[]));
    assert_eq!(
        view.deviations,
        [DeviationView {
            what: "Bostadsbidrag (utbetalningar, ärenden)".into(),
            reason: "Kunde inte hämtas just nu. Försök igen senare.".into(),
            code: "INTERNT_FEL".into(),
            section_id: "forman-fk-bob".into(),
        }]
    );
    let bob = section(&view, "Bostadsbidrag");
    assert_eq!(
        bob.notes,
        ["Kunde inte hämtas just nu. Försök igen senare."]
    );
    assert!(bob.blocks.is_empty());
    assert_eq!(view.notices.len(), 1, "{:?}", view.notices);
    assert!(view.notices[0].warning);
    assert_eq!(
        view.notices[0].heading,
        "Svaret från Försäkringskassan är inte komplett"
    );

    let refused = read(json!({"avvikelser": {"ansprak": [
        {"avvikelse": {"kod": "OBEHORIG"}, "formansgrupp": {"kod": "PM:EF", "beskrivning": "Efterlevandeförmåner"}}
    ], "ovrigInformation": [
        {"avvikelse": {"kod": "OBEHORIG"}, "ovrigInformationstyp": {"kod": "FK:GEPI", "beskrivning": "Generell personinformation"}}
    ]}}));
    let view = answer_view(&refused, context(&[]));
    let whats: Vec<_> = view
        .deviations
        .iter()
        .map(|d| (d.what.as_str(), d.reason.as_str()))
        .collect();
    assert_eq!(
        whats,
        [
            ("Efterlevandepension (anspråk)", "Ingår inte i ert avtal."),
            ("Personuppgifter (uppgifter)", "Ingår inte i ert avtal."),
        ]
    );
    assert_eq!(
        view.person_notes,
        ["Personuppgifterna: Ingår inte i ert avtal."]
    );
}

#[test]
fn s1_a_protected_person_is_shown_as_protected_and_with_no_address() {
    let answer = read(
        json!({"formansinformation": {"generellPersoninformation": [{
            "personnummer": PNR, "namn": "Skyddad Person", "skyddad": true,
            // S1 keeps addresses out of the answer; the page would not show one either.
            "adress": [{"utdelningadress": ["Hemlig väg 1"], "postort": "Ort"}]
        }]}}),
    );
    let view = answer_view(&answer, context(&[]));
    let person = blocks_text(&view.person);
    assert!(person.contains("Skyddad identitet: Ja"), "{person}");
    assert!(!person.contains("Hemlig"), "{person}");
    assert_eq!(
        view.person_notes,
        ["Personen har skyddad identitet. Adressuppgifter lämnas inte ut."]
    );
    assert!(!answer_page(&view).contains("Hemlig"));
}

#[test]
fn c2_an_unknown_person_and_a_changed_personnummer_are_explained() {
    let view = answer_view(
        &read(json!({"personstatus": "PERSON_NOT_FOUND"})),
        context(&[Benefit::Sjukpenning]),
    );
    assert_eq!(view.heading, "Förmånsinformation");
    assert_eq!(view.personnummer, "19850412-9876");
    assert_eq!(
        view.notices[0].heading,
        "Personen finns inte i folkbokföringen"
    );
    assert!(view.sections.is_empty(), "no 'no data' sections for nobody");
    assert!(view.person_not_found);
    assert!(!answer(&view).contains("Uppgifterna nedan"));

    let view = answer_view(
        &read(json!({"personnummerbyte": {
            "fragatPersonnummer": "198504129876", "aktuelltPersonnummer": "198504129991"}})),
        context(&[]),
    );
    assert_eq!(view.personnummer, "19850412-9991");
    assert_eq!(view.notices[0].heading, "Personen har bytt personnummer");
    assert!(view.notices[0].text.contains("Du frågade om 19850412-9876"));
    assert!(
        view.notices[0]
            .text
            .contains("nuvarande personnummer är 19850412-9991")
    );
}

#[test]
fn h2_where_a_history_window_cuts_the_period_the_section_says_from_when() {
    let view = answer_view(&full_answer(), context(&[]));
    assert_eq!(
        section(&view, "Sjukpenning").notes,
        ["Utbetalningar finns från och med 2025-06-01. Äldre utbetalningar lämnas inte ut."]
    );
    let answer = read(json!({"uppgifterFranOchMed": {"uppgifter": {"PM:AP": "2025-01-01"}}}));
    let view = answer_view(&answer, context(&[]));
    assert_eq!(
        section(&view, "Pension").notes,
        [
            "Uppgifter finns från och med 2025-01-01. Äldre uppgifter lämnas inte ut.",
            "Det finns inga uppgifter för perioden."
        ]
    );
}

#[test]
fn c2_a_benefit_asked_for_with_nothing_to_show_says_so() {
    let answer = read(json!({"formansinformation": {
        "foraldrapenningarende": [],
        "utbetalningsuppgift": [{"formansfamilj": {"id": "FK:FP", "beskrivning": "Föräldrapenning"},
                                 "datum": "2025-02-25", "nettobelopp": {"summa": 100}}]
    }}));
    let view = answer_view(
        &answer,
        context(&[
            Benefit::Foraldrapenning,
            Benefit::Vardbidrag,
            Benefit::Utbetalning,
        ]),
    );
    assert_eq!(
        titles(&view),
        ["Föräldrapenning", "Vårdbidrag", "Utbetalningar"]
    );
    assert!(section(&view, "Föräldrapenning").notes.is_empty());
    assert_eq!(
        section(&view, "Vårdbidrag").notes,
        ["Det finns inga uppgifter för perioden."]
    );
    assert_eq!(
        section(&view, "Utbetalningar").notes,
        ["Utbetalningarna visas under respektive förmån."]
    );
}

#[test]
fn c2_lists_no_catalogue_benefit_owns_are_shown_under_their_own_title() {
    let answer = read(json!({"formansinformation": {
        "forebyggandeSjukpenningsarende": [{"startades": "2025-01-01", "aktivt": false}],
        "utbetalningsuppgift": [{"formansfamilj": {"id": "FK:FSJP", "beskrivning": "Förebyggande sjukpenning"},
                                 "datum": "2025-02-25"}]
    }}));
    let view = answer_view(&answer, context(&[]));
    assert_eq!(
        titles(&view),
        ["Förebyggande sjukpenning", "Förebyggande sjukpenning"]
    );
    let text: String = view
        .sections
        .iter()
        .map(|s| blocks_text(&s.blocks))
        .collect();
    assert!(
        text.contains("2025-01-01") && text.contains("2025-02-25"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------
// Rendering.

fn answer_page(view: &AnswerView) -> String {
    answer(view)
}

fn choices(kind_ticks: bool) -> Vec<(BenefitGroup, Vec<PortalChoice>)> {
    let c = |benefit| PortalChoice {
        benefit,
        ticked: kind_ticks,
    };
    vec![
        (BenefitGroup::Pension, vec![c(Benefit::Pension)]),
        (
            BenefitGroup::Daily,
            vec![c(Benefit::Sjukpenning), c(Benefit::Foraldrapenning)],
        ),
        (
            BenefitGroup::Other,
            vec![c(Benefit::Barnbidrag), c(Benefit::Utbetalning)],
        ),
    ]
}

fn form() -> FormView {
    FormView::new(user(), &choices(false), "csrf-token-123")
}

/// The start tag of the element with this id.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

fn title_of(html: &str) -> &str {
    let start = html.find("<title>").unwrap() + 7;
    &html[start..start + html[start..].find("</title>").unwrap()]
}

#[test]
fn c2_the_error_summary_links_to_each_field_and_each_field_names_its_error() {
    let violations = [
        Violation::new(ViolationCode::PnrChecksum, RuleField::Personnummer),
        Violation::new(ViolationCode::DateFormat, RuleField::To),
        Violation::new(ViolationCode::PeriodTooLong, RuleField::Period),
        Violation::new(ViolationCode::NoBenefit, RuleField::Benefits),
    ];
    let view = form()
        .with_input("19850412-9870", "2023-01-01", "2026-13-01", &[])
        .with_violations(&violations);
    let html = query_form(&view);

    assert_eq!(
        title_of(&html),
        "Fel: Hämta förmånsinformation – LEFI Online"
    );
    let summary = tag_with_id(&html, "felsammanfattning-rubrik");
    assert!(summary.starts_with("<h2"));
    let summary_start = html.find("data-felsammanfattning").unwrap();
    let form_start = html.find("<form class=\"fraga\"").unwrap();
    let summary_html = &html[summary_start..form_start];
    assert!(html[..summary_start].contains("<div class=\"felsammanfattning\" role=\"alert\""));
    assert!(html[..summary_start].ends_with("tabindex=\"-1\" "));
    // In the form's order, with the API's texts and codes.
    let links: Vec<_> = summary_html
        .match_indices("<a href=\"#")
        .map(|(i, _)| {
            let rest = &summary_html[i + 10..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(links, ["personnummer", "fran", "till", "formaner"]);
    for code in [
        ViolationCode::PnrChecksum,
        ViolationCode::DateFormat,
        ViolationCode::PeriodTooLong,
        ViolationCode::NoBenefit,
    ] {
        assert!(summary_html.contains(code.message_sv()), "{code}");
        assert!(summary_html.contains(&format!("(kod: {code})")), "{code}");
    }
    for id in ["personnummer", "fran", "till"] {
        let input = tag_with_id(&html, id);
        assert!(input.starts_with("<input"), "{input}");
        assert_eq!(attribute(input, "aria-invalid"), Some("true"), "{input}");
        let described = attribute(input, "aria-describedby").unwrap();
        assert_eq!(described, format!("{id}-tips {id}-fel"));
        for part in described.split(' ') {
            tag_with_id(&html, part);
        }
    }
    let first_box = tag_with_id(&html, "formaner");
    assert!(first_box.contains("type=\"checkbox\""), "{first_box}");
    assert_eq!(
        html.matches("aria-describedby=\"formaner-tips formaner-fel\"")
            .count(),
        3
    );
    assert!(tag_with_id(&html, "formaner-fel").contains("felmeddelande"));
    // What was entered is kept.
    assert_eq!(
        attribute(tag_with_id(&html, "personnummer"), "value"),
        Some("19850412-9870")
    );
    assert_eq!(
        attribute(tag_with_id(&html, "till"), "value"),
        Some("2026-13-01")
    );
}

#[test]
fn c2_a_form_without_errors_has_no_summary_and_no_invalid_field() {
    let html = query_form(&form());
    assert_eq!(title_of(&html), "Hämta förmånsinformation – LEFI Online");
    assert!(!html.contains("felsammanfattning"));
    assert!(!html.contains("aria-invalid"));
    assert_eq!(
        attribute(tag_with_id(&html, "personnummer"), "aria-describedby"),
        Some("personnummer-tips")
    );
    // Enter in a text field sends the form: "Skicka" is its first submit button.
    let first_submit = html.find("type=\"submit\"").unwrap();
    let logout_form_end = html.find("</header>").unwrap();
    let first_in_form = logout_form_end + html[logout_form_end..].find("type=\"submit\"").unwrap();
    assert!(first_submit < logout_form_end);
    assert!(html[first_in_form..].starts_with("type=\"submit\" name=\"atgard\" value=\"skicka\""));
    assert!(html.contains("name=\"atgard\" value=\"markera-alla\""));
    assert_eq!(
        attribute(&html[html.find("name=\"csrf\"").unwrap() - 20..], "value"),
        Some("csrf-token-123")
    );
}

#[test]
fn p3_the_form_shows_only_the_agreements_benefits_and_ticks_nothing_else() {
    let view = form().with_input(
        "",
        "",
        "",
        &["FK:SJP".into(), "FK:VB".into(), "FK:HE".into()],
    );
    let html = query_form(&view);
    let values: Vec<_> = html
        .match_indices("name=\"formaner\" value=\"")
        .map(|(i, _)| {
            let rest = &html[i + 23..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(values, ["PM:AP", "FK:SJP", "FK:FP", "FK:ABB", "LEFI:UTB"]);
    for outside in ["FK:VB", "FK:HE", "Vårdbidrag", "Handikappersättning"] {
        assert!(!html.contains(outside), "{outside} rendered");
    }
    assert_eq!(
        html.matches(" checked").count(),
        1,
        "only FK:SJP stays ticked"
    );
    // A group with no benefit of the agreement is not rendered at all.
    let only_daily = vec![(
        BenefitGroup::Daily,
        vec![PortalChoice {
            benefit: Benefit::Sjukpenning,
            ticked: false,
        }],
    )];
    let html = query_form(&FormView::new(user(), &only_daily, "t"));
    assert_eq!(html.matches("<fieldset").count(), 1);
    assert!(html.contains("<legend class=\"grupp-rubrik\">Dagersättningsförmåner</legend>"));
    assert!(!html.contains("Pensionsförmåner"));
}

#[test]
fn c2_municipalities_start_with_every_box_ticked_and_markera_alla_ticks_all() {
    let municipality = FormView::new(user(), &choices(true), "t");
    assert_eq!(query_form(&municipality).matches(" checked").count(), 5);
    assert_eq!(query_form(&form()).matches(" checked").count(), 0);
    assert_eq!(
        query_form(&form().tick_all()).matches(" checked").count(),
        5
    );
    let ids: Vec<_> = form()
        .groups
        .iter()
        .flat_map(|g| g.choices.iter().map(|c| c.id.clone()))
        .collect();
    assert_eq!(
        ids,
        [
            "formaner",
            "formaner-2",
            "formaner-3",
            "formaner-4",
            "formaner-5"
        ]
    );
}

#[test]
fn c2_a_problem_that_is_no_fields_is_shown_above_the_form() {
    let closed = Utc.with_ymd_and_hms(2026, 12, 7, 6, 0, 0).unwrap();
    let html = query_form(&form().with_message(GeneralMessage::closed(Some(closed))));
    assert!(html.contains("Tjänsten är stängd just nu"));
    assert!(html.contains("Tjänsten öppnar igen måndag 7 december 2026 kl. 07.00."));
    assert!(html.contains("(kod: SERVICE_CLOSED)"));
    let html = query_form(&form().with_message(GeneralMessage::internal("abc-123")));
    assert!(html.contains("Ange referens <strong class=\"referens\">abc-123</strong>"));
    let html = query_form(&form().with_message(GeneralMessage::rate_limited(Some(150))));
    assert!(html.contains("Försök igen om 3 minuter."));
    // SPEC §3 step 5: the person register could not answer.
    let html = query_form(&form().with_message(GeneralMessage::unavailable("abc-124")));
    assert!(html.contains("Personuppgifterna kan inte hämtas just nu"));
    assert!(html.contains("(kod: TEMPORARILY_UNAVAILABLE)") && html.contains("abc-124"));
    let html = query_form(&form().with_violations(&[Violation::xml_schema()]));
    assert!(html.contains("(kod: XML_SCHEMA)") && !html.contains("felsammanfattning"));
}

/// Every page, filled in, with the personnummer wherever the page may show it.
fn every_page() -> Vec<(&'static str, String)> {
    let errors = form()
        .with_input(PNR, "2025-01-01", "2026-11-30", &["FK:SJP".into()])
        .with_violations(&[Violation::new(
            ViolationCode::PnrChecksum,
            RuleField::Personnummer,
        )]);
    let organisations = ChooseOrganisationView {
        layout: Layout::new(None, Some("t")),
        organisations: vec![
            OrganisationChoice {
                value: "tagarp".into(),
                name: "Tågarps kommun".into(),
                organisationsnummer: "212000-1124".into(),
            },
            OrganisationChoice {
                value: "forsakring".into(),
                name: "Försäkringsbolaget Trygg AB".into(),
                organisationsnummer: "556677-8899".into(),
            },
        ],
        csrf: "t".into(),
        error: None,
    };
    let message_page = |kind| message(&MessageView::new(Layout::anonymous(), kind));
    vec![
        ("logga-in", login_page()),
        ("valj-organisation", choose_organisation(&organisations)),
        (
            "valj-organisation-fel",
            choose_organisation(&ChooseOrganisationView {
                error: Some("Välj en organisation.".into()),
                ..organisations.clone()
            }),
        ),
        (
            "formular",
            query_form(&FormView::new(user(), &choices(true), "t")),
        ),
        ("formular-fel", query_form(&errors)),
        (
            "formular-stangt",
            query_form(&form().with_message(GeneralMessage::closed(Some(at())))),
        ),
        (
            "svar",
            answer(&answer_view(
                &full_answer(),
                context(&[Benefit::Vardbidrag]),
            )),
        ),
        (
            "svar-fler-former",
            answer(&answer_view(&more_shapes(), context(&[]))),
        ),
        (
            "svar-okand-person",
            answer(&answer_view(
                &read(json!({"personstatus": "PERSON_NOT_FOUND"})),
                context(&[]),
            )),
        ),
        ("utloggad", message_page(MessageKind::LoggedOut)),
        (
            "session-slut",
            message_page(MessageKind::SessionExpired { draft_kept: true }),
        ),
        (
            "stangt",
            message_page(MessageKind::Closed {
                next_opening: Some(at()),
            }),
        ),
        (
            "ingen-behorighet",
            message_page(MessageKind::NotAuthorized(
                NotAuthorizedReason::NoOrganisation,
            )),
        ),
        (
            "ingen-portal",
            message_page(MessageKind::NotAuthorized(
                NotAuthorizedReason::NoPortalChannel,
            )),
        ),
        (
            "fel",
            message_page(MessageKind::Error {
                correlation_id: "7f3c9a12-0b1d".into(),
            }),
        ),
    ]
}

#[test]
fn c2_no_page_title_holds_a_personnummer() {
    for (name, html) in every_page() {
        let title = title_of(&html);
        assert!(title.ends_with(" – LEFI Online"), "{name}: {title}");
        let digits = title.chars().filter(char::is_ascii_digit).count();
        assert_eq!(digits, 0, "{name}: {title}");
    }
    // The answer page shows the number in its body, where the partner needs it.
    let page = answer(&answer_view(&full_answer(), context(&[])));
    assert!(page.contains("19850412-9876"));
    assert_eq!(title_of(&page), "Visa förmånsinformation – LEFI Online");
}

#[test]
fn c2_no_page_has_an_inline_style_or_script() {
    for (name, html) in every_page() {
        assert!(!html.contains("style="), "{name}: an inline style");
        assert!(!html.contains("<style"), "{name}: a style block");
        assert_eq!(
            html.matches("<script").count(),
            1,
            "{name}: one script element"
        );
        assert!(
            html.contains("<script src=\"/static/portal.js\" defer></script>"),
            "{name}: the script is the file, deferred"
        );
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/portal.css\">"));
        let lower = html.to_lowercase();
        for handler in [
            " onclick=",
            " onload=",
            " onsubmit=",
            " onchange=",
            "javascript:",
        ] {
            assert!(!lower.contains(handler), "{name}: {handler}");
        }
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{name}: another origin"
        );
    }
}

#[test]
fn c2_every_page_is_swedish_with_a_skip_link_to_its_main_content() {
    for (name, html) in every_page() {
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"),
            "{name}"
        );
        assert!(
            html.contains("<a class=\"hoppa-till-innehall\" href=\"#innehall\">"),
            "{name}"
        );
        assert!(html.contains("<main id=\"innehall\""), "{name}");
        assert_eq!(html.matches("<h1").count(), 1, "{name}: one h1");
    }
}

#[test]
fn c2_the_header_names_the_user_and_organisation_and_logs_out_by_post_with_csrf() {
    let html = query_form(&form());
    assert!(html.contains("<strong>Karin Lund</strong>"));
    assert!(html.contains("för Tågarps kommun"));
    let logout = &html[html.find("<form class=\"logga-ut\"").unwrap()..];
    let logout = &logout[..logout.find("</form>").unwrap()];
    assert!(logout.contains("method=\"post\" action=\"/logga-ut\""));
    assert!(logout.contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-123\">"));
    assert!(logout.contains(">Logga ut</button>"));
    let anonymous = login_page();
    assert!(!anonymous.contains("Logga ut") && !anonymous.contains("Inloggad"));
    assert!(anonymous.contains(
        "href=\"/logga-in\">Logga in med <span class=\"ej-radbrytning\">e-legitimation</span></a>"
    ));
}

#[test]
fn c2_values_from_outside_are_escaped() {
    let evil = "<script>alert(1)</script>";
    let mut answer_ = read(
        json!({"formansinformation": {"generellPersoninformation": [{
            "personnummer": PNR, "namn": evil,
            "adress": [{"utdelningadress": [evil]}]
        }]}}),
    );
    answer_.personnummerbyte = None;
    let layout = Layout::new(
        Some(LoggedIn {
            name: evil.into(),
            organisation: "\"><img src=x>".into(),
        }),
        Some("\"><b>"),
    );
    let view = AnswerView {
        layout: layout.clone(),
        ..answer_view(&answer_, context(&[]))
    };
    let pages = [
        answer(&view),
        query_form(
            &FormView::new(layout.clone(), &choices(false), "\"><b>").with_input(
                evil,
                "\"onfocus=\"x",
                evil,
                &[],
            ),
        ),
        message(&MessageView::new(
            layout.clone(),
            MessageKind::Error {
                correlation_id: evil.into(),
            },
        )),
    ];
    for html in pages {
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img src=x>"));
        assert!(!html.contains("\"><b>"));
        assert!(!html.contains("\"onfocus=\"x"));
        assert!(
            html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
                || html.contains("&lt;script&gt;")
        );
    }
}

#[test]
fn c2_the_message_pages_say_what_happened_and_what_to_do() {
    let page = |kind| message(&MessageView::new(Layout::anonymous(), kind));
    let expired = page(MessageKind::SessionExpired { draft_kept: false });
    assert!(expired.contains("<h1>Din session har gått ut</h1>"));
    assert!(expired.contains("120 minuter"));
    assert!(expired.contains("skickats"));
    assert!(expired.contains("href=\"/logga-in\""));
    let with_draft = page(MessageKind::SessionExpired { draft_kept: true });
    assert!(with_draft.contains("Frågan du skickade nyss skickades inte"));
    assert!(with_draft.contains("Personnumret sparas inte"));
    let closed = page(MessageKind::Closed {
        next_opening: Some(at()),
    });
    assert!(
        closed.contains("Tjänsten öppnar igen <strong>måndag 7 december 2026 kl. 10.15</strong>")
    );
    assert!(closed.contains("<caption>Öppettider</caption>"));
    let error = page(MessageKind::Error {
        correlation_id: "7f3c9a12".into(),
    });
    assert!(error.contains(
        "Ange referens <strong class=\"referens\">7f3c9a12</strong> om du kontaktar oss."
    ));
    let no_channel = page(MessageKind::NotAuthorized(
        NotAuthorizedReason::NoPortalChannel,
    ));
    assert!(no_channel.contains("gäller inte webbtjänsten"));
    assert!(page(MessageKind::LoggedOut).contains("Logga in igen"));
}

#[test]
fn c2_a_user_of_several_organisations_chooses_one_with_radio_buttons() {
    let html = every_page()
        .into_iter()
        .find(|(n, _)| *n == "valj-organisation-fel")
        .unwrap()
        .1;
    assert!(html.contains(
        "<legend class=\"grupp-rubrik grupp-rubrik-sida\"><h1>Välj organisation</h1></legend>"
    ));
    assert_eq!(html.matches("type=\"radio\"").count(), 2);
    assert!(tag_with_id(&html, "organisation").contains("value=\"tagarp\""));
    assert!(tag_with_id(&html, "organisation-2").contains("value=\"forsakring\""));
    assert!(html.contains("<a href=\"#organisation\">Välj en organisation.</a>"));
    assert!(html.contains("name=\"csrf\" value=\"t\""));
    assert!(html.contains(">Fortsätt</button>"));
}

#[test]
fn c2_answer_tables_have_captions_and_scoped_headers() {
    let html = answer(&answer_view(&full_answer(), context(&[])));
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption").count()
    );
    assert!(!html.contains("<th>"), "every th has a scope");
    assert!(html.contains("<th scope=\"col\""));
    assert!(html.contains("<th scope=\"row\">"));
    // Wide tables scroll in a labelled, focusable frame.
    assert!(html.contains(
        "<div class=\"tabell-omslag\" role=\"region\" aria-label=\"Beslut\" tabindex=\"0\">"
    ));
    // The print header repeats the query on every printed page; screens never see it.
    assert!(html.contains("<div class=\"utskriftshuvud\" aria-hidden=\"true\">"));
    assert!(html.contains("Hämtad 2026-12-07 kl. 10.15"));
    assert!(html.contains("href=\"/fraga\">Ny fråga</a>"));
}

/// Writes every page, the stylesheet and the script under the target directory, for a
/// person to look at (screenshots, printing to PDF):
/// `cargo test -p lefi-portal views::tests::screens_for_review -- --ignored`.
#[test]
#[ignore = "writes files for review"]
fn screens_for_review() {
    let base = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let dir = std::path::Path::new(&base).join("portal-screens");
    std::fs::create_dir_all(dir.join("static")).unwrap();
    std::fs::write(dir.join("static/portal.css"), CSS).unwrap();
    std::fs::write(dir.join("static/portal.js"), JS).unwrap();
    for (name, html) in every_page() {
        std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
    }
}

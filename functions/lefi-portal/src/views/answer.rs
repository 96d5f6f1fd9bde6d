//! "Visa förmånsinformation" (SPEC C2, seed §5.2): the v9 answer as a page.
//!
//! [`answer_view`] maps an [`Answer`] to an [`AnswerView`]: who and which period, the
//! notices that change how the page is read (unknown person, changed personnummer, a
//! source that did not answer), the deviations in words, the person data (S1: protected
//! identity shown as the answer shows it, never an address), and one section per
//! benefit. Försäkringskassan's payments (`utbetalningsuppgift`) and
//! Pensionsmyndigheten's claims, decisions, payments and övrig information are sorted
//! into the section of the benefit they belong to; what no catalogue benefit owns gets
//! a section of its own, so nothing the answer holds is left out. The tables inside a
//! section come from [`super::record`].

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use lefi_contract::answer::{Answer, Personstatus};
use lefi_contract::v9::{Avvikelse, AvvikelseKod, TillstandKod, UtlamnareKod};
use lefi_domain::Benefit;
use lefi_domain::catalogue::v9_code_name;

use super::Layout;
use super::format;
use super::record::{self, Node};

/// One cell of a table: lines of text (an address has several); numbers are set
/// right-aligned.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub lines: Vec<String>,
    pub numeric: bool,
    /// Each line is kept whole: a date, an amount or a personnummer never breaks at
    /// its hyphens or spaces, however narrow the column.
    pub nowrap: bool,
}

impl Cell {
    pub fn text(text: String) -> Self {
        Self::lines(vec![text])
    }

    /// A number or an amount: right-aligned, kept whole.
    pub fn number(text: String) -> Self {
        Self {
            lines: vec![text],
            numeric: true,
            nowrap: true,
        }
    }

    /// Dates and codes: kept whole.
    pub fn whole(lines: Vec<String>) -> Self {
        Self {
            lines,
            numeric: false,
            nowrap: true,
        }
    }

    pub fn lines(lines: Vec<String>) -> Self {
        Self {
            lines,
            numeric: false,
            nowrap: false,
        }
    }

    pub fn empty() -> Self {
        Self::lines(Vec::new())
    }
}

/// A label and its value: one row of a two-column table.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: String,
    pub value: Cell,
}

/// The facts of one thing (a person, a case), a heading's table: its caption is for
/// screen readers, the heading above it says the same to the eye.
#[derive(Debug, Clone, PartialEq)]
pub struct FactTable {
    pub caption: String,
    pub rows: Vec<Fact>,
}

/// A column of a [`ListTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
}

/// Several things of one kind, a row each (decisions, payments).
#[derive(Debug, Clone, PartialEq)]
pub struct ListTable {
    pub caption: String,
    /// False when a heading right above already says what the caption says: the
    /// caption is then for screen readers only.
    pub caption_visible: bool,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// What a section holds, in reading order. Flat rather than nested, so templates need
/// no recursion: a heading's level says where it belongs.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `<h3>`–`<h6>`.
    Heading {
        level: u8,
        text: String,
    },
    Facts(FactTable),
    Table(ListTable),
}

/// A notice that changes how the whole page is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// A warning (the answer is incomplete, or there is no such person) rather than
    /// information.
    pub warning: bool,
    pub heading: String,
    pub text: String,
}

/// A benefit (or part of one) that could not be delivered, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviationView {
    /// The benefit, and which parts of it: "Pension (anspråk, beslut)".
    pub what: String,
    /// "Ingår inte i ert avtal." / "Kunde inte hämtas just nu. Försök igen senare."
    pub reason: String,
    /// The contract's code (`OBEHORIG`, `INTERNT_FEL`), shown discreetly.
    pub code: String,
    /// The section it is told in, for a link.
    pub section_id: String,
}

/// One benefit's part of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The element id (`forman-fk-sjp`), for links from the deviations.
    pub id: String,
    pub title: String,
    /// Notes before the tables: where data starts (H-rules), a deviation, "no data".
    pub notes: Vec<String>,
    pub blocks: Vec<Block>,
}

/// What the page needs besides the answer: the query as asked, and when.
#[derive(Debug, Clone)]
pub struct AnswerContext {
    pub layout: Layout,
    /// The personnummer asked about, 12 digits (from the validated query): shown when
    /// the answer names none (an unknown person).
    pub queried_personnummer: String,
    /// The period asked about, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    /// When the answer was fetched (the page says "Hämtad … kl. …").
    pub asked_at: DateTime<Utc>,
    /// The benefits asked for (the ticked boxes): one asked for with nothing to show
    /// gets a section that says so, rather than silently none.
    pub asked: Vec<Benefit>,
}

/// The page "Visa förmånsinformation".
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerView {
    pub layout: Layout,
    /// "Förmånsinformation för Anna Andersson". Only in the page, never the `<title>`.
    pub heading: String,
    /// With its hyphen, "19500101-9420": in the page body only.
    pub personnummer: String,
    pub period: String,
    /// "2026-12-07 kl. 10.15".
    pub asked_at: String,
    pub notices: Vec<Notice>,
    /// `PERSON_NOT_FOUND`: the page has nothing to show below its notice.
    pub person_not_found: bool,
    pub deviations: Vec<DeviationView>,
    /// Person data (`FK:GEPI`) as tables; empty when the answer has none.
    pub person: Vec<Block>,
    /// Notes on the person data: protected identity (S1), a deviation.
    pub person_notes: Vec<String>,
    pub sections: Vec<Section>,
}

/// The section a part of the answer belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    Benefit(Benefit),
    /// A v9 code or list no catalogue benefit owns: its own section.
    Other(String),
    /// Person data (`FK:GEPI`).
    Person,
}

impl Owner {
    /// The owner of a v9 code (a benefit group or a kind of övrig information).
    fn of_code(code: &str) -> Owner {
        match code {
            lefi_domain::catalogue::PERSON_DATA_CODE => Owner::Person,
            // Pensionsmyndigheten's earnings records come with the benefit "Pension".
            "PM:PU" => Owner::Benefit(Benefit::Pension),
            _ => Benefit::from_code(code)
                .map_or_else(|_| Owner::Other(code.to_owned()), Owner::Benefit),
        }
    }

    fn id(&self) -> String {
        let raw = match self {
            Owner::Benefit(b) => b.code().to_owned(),
            Owner::Other(code) => code.clone(),
            Owner::Person => "personuppgifter".to_owned(),
        };
        let slug: String = raw
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        if matches!(self, Owner::Person) {
            slug
        } else {
            format!("forman-{slug}")
        }
    }

    fn title(&self) -> String {
        match self {
            Owner::Benefit(Benefit::Utbetalning) => "Utbetalningar".to_owned(),
            Owner::Benefit(b) => b.name_sv().to_owned(),
            Owner::Other(key) => {
                list_title(key).map_or_else(|| v9_code_name(key).to_owned(), str::to_owned)
            }
            Owner::Person => "Personuppgifter".to_owned(),
        }
    }

    fn rank(&self) -> usize {
        match self {
            Owner::Person => 0,
            Owner::Benefit(b) => 1 + Benefit::ALL.iter().position(|x| x == b).unwrap_or(0),
            Owner::Other(_) => 100,
        }
    }
}

/// The title of one of the answer's lists, where it is a section or part of its own:
/// every key of `formansinformation`, and Pensionsmyndigheten's lists.
pub fn list_title(key: &str) -> Option<&'static str> {
    Some(match key {
        "generellPersoninformation" => "Personuppgifter",
        "aktivitetsstodsarende" => "Aktivitetsstöd",
        "allmanpensionsarende" => "Allmän pension (Försäkringskassan)",
        "arbetsskadeegenlivrantearende" => "Egenlivränta vid arbetsskada",
        "arbetsskadeefterlevandearende" => "Efterlevandelivränta vid arbetsskada",
        "barnbidragsarende" => "Barnbidrag",
        "bostadsbidragsarende" => "Bostadsbidrag",
        "bostadstillaggsarende" => "Bostadstillägg (Försäkringskassan)",
        "efterlevandepensionsarende" => "Efterlevandepension (Försäkringskassan)",
        "mottagareavbarnbidrag" => "Barnbidrag till barnet självt",
        "foraldrapenningarende" => "Föräldrapenning",
        "forebyggandeSjukpenningsarende" => "Förebyggande sjukpenning",
        "handikappersattningsarende" => "Handikappersättning",
        "graviditetspenningsarende" => "Graviditetspenning",
        "intjanandebehallning" => "Intjänandebehållning",
        "intjanandeuppgift" => "Intjänandeuppgifter",
        "levnadsintygsuppgift" => "Levnadsintyg (Försäkringskassan)",
        "merkostnadsersattningsarende" => "Merkostnadsersättning",
        "narstaendepenningarende" => "Närståendepenning",
        "omvardnadsbidragsarende" => "Omvårdnadsbidrag",
        "preliminarautbetalningar" | "preliminaraUtbetalningar" => "Preliminära utbetalningar",
        "programanvisning" => "Programanvisning",
        "programersattningsarende" => "Programersättning",
        "programjobdagar" => "Programjobbdagar",
        "rehabersattningsarende" => "Rehabiliteringsersättning",
        "sjukOchAktivitetsersattningsarende" => "Sjuk- och aktivitetsersättning",
        "sjukOchAktivitetsersattningSteglosAvrakningHistorik" => "Steglös avräkning, historik",
        "sjukOchAktivitetsersattningSteglosAvrakningNulage" => "Steglös avräkning, nuläge",
        "sjukpenningarende" => "Sjukpenning",
        "sjukpenninggrundandeInkomstuppgift" => "Sjukpenninggrundande inkomst",
        "skatteuppgift" => "Skatteuppgift",
        "smittbararersattningsarende" => "Smittbärarersättning",
        "studiemedelsavisering" => "Studiemedelsavisering",
        "tillfalligForaldrapenningarende" => "Tillfällig föräldrapenning",
        "totalforsvarspliktsarende" => "Dagpenning till totalförsvarspliktig",
        "underhallsskuld" => "Underhållsskuld",
        "underhallsstodskrav" => "Underhållsstöd, krav på återbetalning",
        "underhallsstodsmottag" => "Underhållsstöd, mottagna",
        "utbetalningsuppgift" | "utbetalningar" => "Utbetalningar",
        "vardbidragsarende" => "Vårdbidrag",
        "yrkesskadeegenlivrantearende" => "Egenlivränta vid yrkesskada",
        "yrkesskadeefterlevandearende" => "Efterlevandelivränta vid yrkesskada",
        "ansprak" => "Anspråk",
        "beslut" => "Beslut",
        "ovrigInformation" => "Övrig information",
        _ => return None,
    })
}

/// One list of one section.
#[derive(Debug)]
struct Part {
    /// Cases and records first, then claims, decisions, övrig information, payments.
    rank: u8,
    title: String,
    key: String,
    items: Vec<Node>,
    /// Övrig information: each item's fields shown as they are, with no item heading.
    as_objects: bool,
}

#[derive(Debug)]
struct Builder {
    owner: Owner,
    notes: Vec<String>,
    parts: Vec<Part>,
    /// A list was present in the answer, even if empty (so "no data" is true).
    seen: bool,
    deviated: bool,
}

#[derive(Debug, Default)]
struct Sections(Vec<Builder>);

impl Sections {
    fn get(&mut self, owner: Owner) -> &mut Builder {
        let at = match self.0.iter().position(|b| b.owner == owner) {
            Some(i) => i,
            None => {
                self.0.push(Builder {
                    owner,
                    notes: Vec::new(),
                    parts: Vec::new(),
                    seen: false,
                    deviated: false,
                });
                self.0.len() - 1
            }
        };
        &mut self.0[at]
    }

    fn add(
        &mut self,
        owner: Owner,
        rank: u8,
        title: &str,
        key: &str,
        item: Node,
        as_objects: bool,
    ) {
        let builder = self.get(owner);
        builder.seen = true;
        match builder
            .parts
            .iter_mut()
            .find(|p| p.key == key && p.title == title)
        {
            Some(part) => part.items.push(item),
            None => builder.parts.push(Part {
                rank,
                title: title.to_owned(),
                key: key.to_owned(),
                items: vec![item],
                as_objects,
            }),
        }
    }
}

fn deviation_reason(avvikelse: Option<&Avvikelse>) -> (String, String) {
    let kod = avvikelse.and_then(|a| a.kod);
    let text = match kod {
        Some(AvvikelseKod::Obehorig) => "Ingår inte i ert avtal.".to_owned(),
        Some(AvvikelseKod::InterntFel) => {
            "Kunde inte hämtas just nu. Försök igen senare.".to_owned()
        }
        None => avvikelse
            .and_then(|a| a.beskrivning.clone())
            .unwrap_or_else(|| "Kunde inte lämnas ut.".to_owned()),
    };
    (text, kod.map_or_else(String::new, |k| k.code().to_owned()))
}

/// Maps the v9 answer to the page. Pure: the time it was fetched is in `context`.
pub fn answer_view(answer: &Answer, context: AnswerContext) -> AnswerView {
    let uppgifter = &answer.v9.uppgifter;
    let fi = uppgifter.formansinformation.as_ref();
    let person_data: Vec<Node> = fi
        .and_then(|f| f.generell_personinformation.as_ref())
        .map(|people| people.iter().map(Node::of).collect())
        .unwrap_or_default();
    let first_person = answer
        .v9
        .uppgifter
        .formansinformation
        .as_ref()
        .and_then(|f| f.generell_personinformation.as_ref())
        .and_then(|p| p.first());
    let name = first_person
        .and_then(|p| p.namn.clone())
        .filter(|n| !n.trim().is_empty());
    let digits = first_person
        .and_then(|p| p.personnummer.clone())
        .or_else(|| {
            answer
                .personnummerbyte
                .as_ref()
                .map(|b| b.aktuellt_personnummer.clone())
        })
        .unwrap_or_else(|| context.queried_personnummer.clone());

    let mut notices = Vec::new();
    let not_found = answer.personstatus == Some(Personstatus::PersonNotFound);
    if not_found {
        notices.push(Notice {
            warning: true,
            heading: "Personen finns inte i folkbokföringen".to_owned(),
            text: "Personnumret finns inte i Försäkringskassans personregister, så det finns \
                   inga uppgifter att visa. Kontrollera att personnumret är rätt skrivet."
                .to_owned(),
        });
    }
    if let Some(byte) = &answer.personnummerbyte {
        notices.push(Notice {
            warning: false,
            heading: "Personen har bytt personnummer".to_owned(),
            text: format!(
                "Du frågade om {}. Personens nuvarande personnummer är {}, och uppgifterna \
                 nedan gäller det.",
                format::personnummer(&byte.fragat_personnummer),
                format::personnummer(&byte.aktuellt_personnummer)
            ),
        });
    }
    for source in answer.v9.utlamnare.iter().flatten() {
        let name = source
            .utlamnare
            .as_ref()
            .and_then(|u| u.namn.clone().or_else(|| u.kod.map(source_name)))
            .unwrap_or_else(|| "En myndighet".to_owned());
        match source.tillstand.as_ref().and_then(|t| t.kod) {
            Some(TillstandKod::Felande) => notices.push(Notice {
                warning: true,
                heading: format!("Svaret från {name} är inte komplett"),
                text: "Några uppgifter kunde inte hämtas just nu. Vilka står under \
                       respektive förmån. Försök igen senare för att få dem."
                    .to_owned(),
            }),
            Some(TillstandKod::Otillganglig) => notices.push(Notice {
                warning: true,
                heading: format!("{name} kunde inte svara"),
                text: format!(
                    "Inga uppgifter från {name} kunde hämtas just nu. Försök igen senare."
                ),
            }),
            Some(TillstandKod::Ok) | None => {}
        }
    }

    let mut sections = Sections::default();
    let mut deviations: Vec<(Owner, String, String, BTreeSet<&'static str>)> = Vec::new();
    let mut deviate = |owner: Owner, avvikelse: Option<&Avvikelse>, part: &'static str| {
        let (reason, code) = deviation_reason(avvikelse);
        match deviations
            .iter_mut()
            .find(|(o, r, c, _)| *o == owner && *r == reason && *c == code)
        {
            Some((.., parts)) => {
                parts.insert(part);
            }
            None => deviations.push((owner, reason, code, BTreeSet::from([part]))),
        }
    };
    if let Some(av) = &answer.v9.avvikelser {
        for d in av.formansinformation.iter().flatten() {
            if let Some(g) = &d.formansgrupp {
                deviate(
                    Owner::of_code(g.kod.code()),
                    d.avvikelse.as_ref(),
                    "ärenden",
                );
            }
        }
        for (list, part) in [(&av.ansprak, "anspråk"), (&av.beslut, "beslut")] {
            for d in list.iter().flatten() {
                if let Some(g) = &d.formansgrupp {
                    deviate(Owner::of_code(g.kod.code()), d.avvikelse.as_ref(), part);
                }
            }
        }
        for (list, part) in [
            (&av.utbetalningar, "utbetalningar"),
            (&av.preliminara_utbetalningar, "preliminära utbetalningar"),
        ] {
            for d in list.iter().flatten() {
                if let Some(g) = &d.formansgrupp {
                    deviate(Owner::of_code(g.kod.code()), d.avvikelse.as_ref(), part);
                }
            }
        }
        for d in av.ovrig_information.iter().flatten() {
            if let Some(t) = &d.ovrig_informationstyp {
                deviate(
                    Owner::of_code(t.kod.code()),
                    d.avvikelse.as_ref(),
                    "uppgifter",
                );
            }
        }
    }

    // Försäkringskassan's model: each list to the benefit that answers with it.
    if let Some(Node::Map(lists)) = fi.map(Node::of) {
        for (key, value) in lists {
            let Node::List(items) = value else { continue };
            match key.as_str() {
                "generellPersoninformation" => {}
                "utbetalningsuppgift" | "preliminarautbetalningar" => {
                    let rank = if key == "utbetalningsuppgift" { 4 } else { 5 };
                    let title = list_title(&key).unwrap_or("Utbetalningar");
                    if items.is_empty() {
                        sections.get(Owner::Benefit(Benefit::Utbetalning)).seen = true;
                    }
                    for item in items {
                        let owner = item
                            .code_of("formansfamilj")
                            .map_or(Owner::Benefit(Benefit::Utbetalning), |c| Owner::of_code(&c));
                        sections.add(owner, rank, title, &key, item, false);
                    }
                }
                _ => {
                    let owner = Benefit::ALL
                        .into_iter()
                        .find(|b| b.answer_keys().contains(&key.as_str()))
                        .map_or_else(|| Owner::Other(key.clone()), Owner::Benefit);
                    let several = matches!(&owner, Owner::Benefit(b) if b.answer_keys().len() > 1);
                    let title = if several {
                        list_title(&key).unwrap_or("Ärenden")
                    } else if key.ends_with("arende") {
                        "Ärenden"
                    } else {
                        "Uppgifter"
                    };
                    if items.is_empty() {
                        sections.get(owner.clone()).seen = true;
                    }
                    for item in items {
                        sections.add(owner.clone(), 0, title, &key, item, false);
                    }
                }
            }
        }
    }

    // Pensionsmyndigheten's model: each item names its benefit group.
    let pm_lists = [
        (
            "ansprak",
            1,
            uppgifter
                .ansprak
                .as_ref()
                .map(|l| l.iter().map(Node::of).collect::<Vec<_>>()),
        ),
        (
            "beslut",
            2,
            uppgifter
                .beslut
                .as_ref()
                .map(|l| l.iter().map(Node::of).collect()),
        ),
        (
            "utbetalningar",
            4,
            uppgifter
                .utbetalningar
                .as_ref()
                .map(|l| l.iter().map(Node::of).collect()),
        ),
        (
            "preliminaraUtbetalningar",
            5,
            uppgifter
                .preliminara_utbetalningar
                .as_ref()
                .map(|l| l.iter().map(Node::of).collect()),
        ),
    ];
    for (key, rank, items) in pm_lists {
        for item in items.into_iter().flatten() {
            let owner = match item.code_of("formansgrupp") {
                Some(code) => Owner::of_code(&code),
                None => payment_owner(&item),
            };
            let title = list_title(key).unwrap_or(key);
            sections.add(owner, rank, title, key, item, false);
        }
    }
    for info in uppgifter.ovrig_information.iter().flatten() {
        let owner = info
            .informationstyp
            .as_ref()
            .map_or(Owner::Other("ovrigInformation".to_owned()), |t| {
                Owner::of_code(t.kod.code())
            });
        let title = info
            .informationstyp
            .as_ref()
            .map_or("Övrig information".to_owned(), |t| t.beskrivning.clone());
        let mut node = Node::of(info);
        if let Node::Map(fields) = &mut node {
            // Its type is the part's title already.
            fields.retain(|(k, _)| k != "informationstyp");
        }
        sections.add(owner, 3, &title, "ovrigInformation", node, true);
    }

    // Where the history windows cut the period (H-rules, the additive field).
    let available = &answer.uppgifter_fran_och_med;
    for (code, date) in &available.uppgifter {
        sections.get(Owner::of_code(code)).notes.push(format!(
            "Uppgifter finns från och med {date}. Äldre uppgifter lämnas inte ut."
        ));
    }
    for (code, date) in &available.utbetalningar {
        sections.get(Owner::of_code(code)).notes.push(format!(
            "Utbetalningar finns från och med {date}. Äldre utbetalningar lämnas inte ut."
        ));
    }

    let mut person_notes = Vec::new();
    let mut deviation_views = Vec::new();
    for (owner, reason, code, parts) in deviations {
        let title = owner.title();
        let what = if parts.len() == 1 && parts.contains("ärenden") {
            title.clone()
        } else {
            format!(
                "{title} ({})",
                parts.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        deviation_views.push(DeviationView {
            what,
            reason: reason.clone(),
            code,
            section_id: owner.id(),
        });
        if owner == Owner::Person {
            person_notes.push(format!("Personuppgifterna: {reason}"));
        } else {
            let builder = sections.get(owner);
            builder.deviated = true;
            builder.notes.push(reason);
        }
    }

    if !not_found {
        for benefit in &context.asked {
            sections.get(Owner::Benefit(*benefit));
        }
    }
    let any_payments = sections
        .0
        .iter()
        .any(|b| b.parts.iter().any(|p| p.rank >= 4));

    let mut built: Vec<Builder> = sections.0;
    built.retain(|b| b.owner != Owner::Person);
    built.sort_by_key(|b| b.owner.rank());
    let sections = built
        .into_iter()
        .map(|b| render_section(b, any_payments))
        .collect();

    // Person data (FK:GEPI), with S1 kept on the page too: a protected person's address
    // is never shown, whatever arrives.
    let mut person = Vec::new();
    for mut node in person_data {
        let protected = matches!(&node, Node::Map(f) if f.iter().any(|(k, v)| k == "skyddad" && *v == Node::Bool(true)));
        if protected {
            if let Node::Map(fields) = &mut node {
                fields.retain(|(k, _)| k != "adress");
            }
            person_notes
                .push("Personen har skyddad identitet. Adressuppgifter lämnas inte ut.".to_owned());
        }
        record::object_blocks("Personuppgifter", &node, 3, &mut person);
    }

    AnswerView {
        layout: context.layout,
        heading: match &name {
            Some(n) => format!("Förmånsinformation för {n}"),
            None => "Förmånsinformation".to_owned(),
        },
        personnummer: format::personnummer(&digits),
        period: format::period(Some(&context.from), Some(&context.to)),
        asked_at: format::date_time(context.asked_at),
        notices,
        person_not_found: not_found,
        deviations: deviation_views,
        person,
        person_notes,
        sections,
    }
}

fn source_name(kod: UtlamnareKod) -> String {
    match kod {
        UtlamnareKod::Fk => "Försäkringskassan",
        UtlamnareKod::Pm => "Pensionsmyndigheten",
    }
    .to_owned()
}

/// A Pensionsmyndigheten payment names its benefit group in its rows: the payment
/// belongs to that benefit when all rows agree, else to a section of its own.
fn payment_owner(payment: &Node) -> Owner {
    let Node::Map(fields) = payment else {
        return Owner::Other("utbetalningar".to_owned());
    };
    let rows = fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
        ("utbetalningsrader", Node::List(rows)) => Some(rows),
        _ => None,
    });
    let codes: BTreeSet<String> = rows
        .into_iter()
        .flatten()
        .filter_map(|r| r.code_of("formansgrupp"))
        .collect();
    match codes.len() {
        1 => codes
            .first()
            .map_or(Owner::Other("utbetalningar".to_owned()), |c| {
                Owner::of_code(c)
            }),
        _ => Owner::Other("utbetalningar".to_owned()),
    }
}

fn render_section(mut b: Builder, any_payments: bool) -> Section {
    let mut blocks = Vec::new();
    b.parts.sort_by_key(|p| p.rank);
    let several = b.parts.len() > 1;
    let item_level = if several { 4 } else { 3 };
    for part in &b.parts {
        if several {
            blocks.push(Block::Heading {
                level: 3,
                text: part.title.clone(),
            });
        }
        let first = blocks.len();
        if part.as_objects {
            for item in &part.items {
                record::object_blocks(&part.title, item, item_level, &mut blocks);
            }
        } else {
            record::list_blocks(&part.title, &part.key, &part.items, item_level, &mut blocks);
        }
        if several && let Some(Block::Table(table)) = blocks.get_mut(first) {
            table.caption_visible = table.caption != part.title;
        }
    }
    let mut notes = b.notes;
    if blocks.is_empty() && !b.deviated {
        notes.push(match b.owner {
            Owner::Benefit(Benefit::Utbetalning) if any_payments && !b.seen => {
                "Utbetalningarna visas under respektive förmån.".to_owned()
            }
            _ => "Det finns inga uppgifter för perioden.".to_owned(),
        });
    }
    Section {
        id: b.owner.id(),
        title: b.owner.title(),
        notes,
        blocks,
    }
}

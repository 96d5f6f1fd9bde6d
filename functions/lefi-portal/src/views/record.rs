//! Any part of a v9 answer as tables for people: the generic half of the answer page.
//!
//! The v9 answer has some forty kinds of case, decision, payment and record, nested up
//! to five levels deep, and a later contract adds more. Rather than a hand-written table
//! per type (which would silently drop a field nobody remembered), each part is walked
//! in its serialized form, in the contract's field order:
//!
//! - a value, or a small object that reads as one value (an amount `{summa, valuta}`,
//!   a period `{fran, till}`, a fraction `{taljare, namnare}`, a code with its
//!   description, a country, an address), becomes one cell, formatted the Swedish way;
//! - an object inside an object lends its fields to its parent, with its name as a
//!   prefix ("Barn: namn");
//! - a list of objects becomes a table with a column per field when its items are flat,
//!   or one heading and fact table per item when they hold lists of their own; payments
//!   are always one table, with their rows in a second table that points back to them.
//!
//! So every field of every shape is shown, labelled from one table ([`super::labels`]).

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::format;
use super::labels;
use super::{Block, Cell, Column, Fact, FactTable, ListTable};

/// A serialized value that keeps the order of its fields (serde_json's own `Value`
/// sorts them by name, and the contract's order — date, then period, then amounts — is
/// the one people read best).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The serialized form of `value`. The answer's types always serialize (string
    /// keys, finite numbers); were one not to, the part is shown as empty rather than
    /// failing the page.
    pub fn of<T: Serialize>(value: &T) -> Node {
        serde_json::to_string(value)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Node::Null)
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Node::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The `kod` or `id` of a coded object under `key`, as text.
    pub fn code_of(&self, key: &str) -> Option<String> {
        self.get(key)?.own_code()
    }

    /// The `kod` or `id` of this coded object, as text.
    fn own_code(&self) -> Option<String> {
        match self.get("kod").or_else(|| self.get("id"))? {
            Node::Text(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Node::Null => true,
            Node::Map(fields) => fields.iter().all(|(_, v)| v.is_empty()),
            Node::List(items) => items.is_empty(),
            Node::Text(s) => s.is_empty(),
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Node>()? {
                    fields.push((k, v));
                }
                Ok(Node::Map(fields))
            }
        }

        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Keys whose set of fields makes an object one value.
fn keys_within(fields: &[(String, Node)], allowed: &[&str]) -> bool {
    !fields.is_empty() && fields.iter().all(|(k, _)| allowed.contains(&k.as_str()))
}

/// An object that reads as one value, as its cell; `None` for any other object.
fn compound_cell(key: &str, fields: &[(String, Node)]) -> Option<Cell> {
    let node = Node::Map(fields.to_vec());
    // `poang` holds `{typ, summa}` of pension points, never money.
    if key != "poang" && keys_within(fields, &["summa", "valuta"]) {
        let ore = match node.get("summa")? {
            Node::Int(kr) => kr.checked_mul(100)?,
            // v9's amounts are exact to the öre and far below 2^50 (the contract's
            // `Summa`), so the rounding below is exact.
            Node::Float(kr) => (kr * 100.0).round() as i64,
            _ => return None,
        };
        return Some(Cell::number(format::ore(ore, node.text("valuta"))));
    }
    if keys_within(fields, &["fran", "till"]) || keys_within(fields, &["from", "tom"]) {
        let from = node.text("fran").or_else(|| node.text("from"));
        let to = node.text("till").or_else(|| node.text("tom"));
        // Two whole lines, so a period takes the width of one date in a table.
        return Some(match (from, to) {
            (Some(f), Some(t)) => Cell::whole(vec![format!("{f} –"), t.to_owned()]),
            _ => Cell::whole(vec![format::period(from, to)]),
        });
    }
    if keys_within(fields, &["taljare", "namnare"]) {
        let part = |k| match node.get(k) {
            Some(Node::Int(i)) => format::integer(*i),
            Some(Node::Float(f)) => format::decimal(*f),
            _ => "?".to_owned(),
        };
        return Some(Cell::text(format!(
            "{}/{}",
            part("taljare"),
            part("namnare")
        )));
    }
    if keys_within(fields, &["id", "beskrivning"])
        || keys_within(fields, &["kod", "beskrivning"])
        || keys_within(fields, &["kod", "namn"])
    {
        let words = node.text("beskrivning").or_else(|| node.text("namn"));
        let code = node.own_code();
        return Some(Cell::text(match (words, code) {
            (Some(w), _) => w.to_owned(),
            (None, Some(c)) => c,
            (None, None) => String::new(),
        }));
    }
    if keys_within(
        fields,
        &["roller", "utdelningadress", "postnummer", "postort", "land"],
    ) {
        return Some(Cell::lines(address_lines(&node)));
    }
    None
}

/// An address as it is written on an envelope: the delivery lines, postcode and town,
/// the country; its roles last, in brackets.
pub fn address_lines(address: &Node) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(Node::List(rows)) = address.get("utdelningadress") {
        lines.extend(rows.iter().filter_map(|r| match r {
            Node::Text(t) if !t.is_empty() => Some(t.clone()),
            _ => None,
        }));
    }
    let town = [address.text("postnummer"), address.text("postort")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !town.is_empty() {
        lines.push(town);
    }
    if let Some(land) = address.get("land").and_then(|l| match l {
        Node::Map(f) => compound_cell("land", f),
        _ => None,
    }) {
        lines.extend(land.lines);
    }
    if let Some(Node::List(roles)) = address.get("roller") {
        let roles: Vec<String> = roles
            .iter()
            .filter_map(|r| match r {
                Node::Map(f) => compound_cell("roller", f).map(|c| c.lines.join(" ")),
                _ => None,
            })
            .collect();
        if !roles.is_empty() {
            lines.push(format!("({})", roles.join(", ")));
        }
    }
    lines
}

/// A value's cell, when it is one value; `None` for objects and lists that hold more.
fn cell(key: &str, value: &Node) -> Option<Cell> {
    Some(match value {
        Node::Null => return None,
        Node::Bool(b) => Cell::text(format::yes_no(*b).to_owned()),
        Node::Int(i) if labels::is_whole_kronor(key) => Cell::number(format::kronor(*i)),
        Node::Int(i) if labels::is_percent(key) => Cell::number(format!("{}\u{a0}%", i)),
        Node::Int(i) => Cell::number(format::integer(*i)),
        Node::Float(f) if labels::is_percent(key) => {
            Cell::number(format!("{}\u{a0}%", format::decimal(*f)))
        }
        Node::Float(f) => Cell::number(format::decimal(*f)),
        Node::Text(s) if labels::is_personnummer(key) => Cell::whole(vec![format::personnummer(s)]),
        Node::Text(s) if looks_like_date(s) => Cell::whole(vec![s.clone()]),
        Node::Text(s) => Cell::text(text_value(s)),
        Node::Map(fields) => return compound_cell(key, fields),
        Node::List(items) => {
            // A list of values (address lines, dates, codes) is one cell of lines.
            let cells: Option<Vec<Cell>> = items.iter().map(|i| cell(key, i)).collect();
            let cells = cells?;
            let numeric = !cells.is_empty() && cells.iter().all(|c| c.numeric);
            let nowrap = cells.iter().all(|c| c.nowrap);
            Cell {
                lines: cells.into_iter().flat_map(|c| c.lines).collect(),
                numeric,
                nowrap,
            }
        }
    })
}

/// `YYYY-MM-DD` or `YYYY-MM`.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 10 || b.len() == 7)
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// A string as people read it: a coded word in plain Swedish, an RFC 3339 instant as
/// Stockholm time; anything else as it came.
fn text_value(s: &str) -> String {
    if let Some(words) = labels::coded_value(s) {
        return words.to_owned();
    }
    if s.len() > 10
        && let Ok(instant) = chrono::DateTime::parse_from_rfc3339(s)
    {
        return format::date_time(instant.with_timezone(&chrono::Utc));
    }
    s.to_owned()
}

fn compose(prefix: Option<&str>, key: &str) -> String {
    let own = labels::label_or_humanized(key);
    match prefix {
        None => own,
        // "Beslutat belopp" + "Belopp" is "Beslutat belopp".
        Some(p) if p.to_lowercase().ends_with(&own.to_lowercase()) => p.to_owned(),
        Some(p) => {
            let mut chars = own.chars();
            let lower: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            // Keep capitals of abbreviations ("PGI", "CFAR-nummer").
            let rest = if own.chars().nth(1).is_some_and(char::is_uppercase) {
                own
            } else {
                lower
            };
            format!("{p}: {rest}")
        }
    }
}

/// An object's fields as facts, and its lists of objects for later, in field order.
#[derive(Debug, Default)]
struct Flat<'a> {
    facts: Vec<Fact>,
    lists: Vec<(String, &'a str, &'a [Node])>,
}

fn flatten<'a>(fields: &'a [(String, Node)], prefix: Option<&str>, out: &mut Flat<'a>) {
    for (key, value) in fields {
        if value.is_empty() {
            continue;
        }
        if let Some(c) = cell(key, value) {
            out.facts.push(Fact {
                label: compose(prefix, key),
                value: c,
            });
            continue;
        }
        match value {
            Node::Map(inner) => {
                let label = compose(prefix, key);
                let next = if labels::is_transparent(key) {
                    prefix
                } else {
                    Some(label.as_str())
                };
                flatten(inner, next, out);
            }
            Node::List(items) => out.lists.push((compose(prefix, key), key, items)),
            _ => {}
        }
    }
}

fn fields(node: &Node) -> &[(String, Node)] {
    match node {
        Node::Map(f) => f,
        _ => &[],
    }
}

/// Lists whose items are rows of a ledger (payments, account values): one table
/// however many fields their items have, never a heading per item.
fn is_ledger(key: &str) -> bool {
    matches!(
        key,
        "utbetalningsuppgift"
            | "preliminarautbetalningar"
            | "utbetalningar"
            | "preliminaraUtbetalningar"
            | "kontovarden"
    )
}

/// The date an item is best known by, for its heading ("Beslut 2, fattat 2024-03-01").
fn item_date(item: &Node) -> Option<String> {
    const KNOWN_BY: [(&str, &str); 7] = [
        ("startades", "startat"),
        ("fattades", "fattat"),
        ("beslutsdatum", "fattat"),
        ("ankomstdatum", "kom in"),
        ("utbetalningsdatum", "utbetald"),
        ("datum", "daterad"),
        ("faststalldes", "fastställd"),
    ];
    KNOWN_BY
        .iter()
        .find_map(|(k, words)| item.text(k).map(|d| format!("{words} {d}")))
}

/// The blocks of one list of the answer: `title` names it (the caption of its table, or
/// the heading level its items sit under), `key` is its key in the contract.
pub fn list_blocks(title: &str, key: &str, items: &[Node], level: u8, out: &mut Vec<Block>) {
    let items: Vec<&Node> = items.iter().filter(|i| !i.is_empty()).collect();
    if items.is_empty() {
        return;
    }
    if is_ledger(key) {
        table_blocks(title, &items, None, out);
        return;
    }
    let flats: Vec<Flat> = items
        .iter()
        .map(|item| {
            let mut flat = Flat::default();
            flatten(fields(item), None, &mut flat);
            flat
        })
        .collect();
    if flats.iter().all(|f| f.lists.is_empty()) {
        out.push(Block::Table(column_table(title, None, &flats)));
        return;
    }
    let noun = labels::item_noun(key);
    let numbered = items.len() > 1;
    for (i, (item, flat)) in items.iter().zip(flats).enumerate() {
        let mut heading = if numbered {
            format!("{noun} {}", i + 1)
        } else {
            noun.to_owned()
        };
        if let Some(date) = item_date(item) {
            heading = format!("{heading}, {date}");
        }
        record_blocks(&heading, flat, level, out);
    }
}

/// One item with lists of its own: a heading, its facts, then each of its lists.
fn record_blocks(heading: &str, flat: Flat, level: u8, out: &mut Vec<Block>) {
    out.push(Block::Heading {
        level,
        text: heading.to_owned(),
    });
    if !flat.facts.is_empty() {
        out.push(Block::Facts(FactTable {
            caption: heading.to_owned(),
            rows: flat.facts,
        }));
    }
    for (label, _, items) in flat.lists {
        let items: Vec<&Node> = items.iter().filter(|i| !i.is_empty()).collect();
        table_blocks(&label, &items, None, out);
    }
}

/// A table with a column per field of flat items, in the order the fields first occur.
/// `reference` puts a first column pointing at the row of another table.
fn column_table(
    caption: &str,
    reference: Option<(&str, Vec<String>)>,
    flats: &[Flat],
) -> ListTable {
    let mut columns: Vec<Column> = Vec::new();
    if let Some((name, _)) = &reference {
        columns.push(Column {
            label: (*name).to_owned(),
            numeric: false,
        });
    }
    let offset = columns.len();
    for flat in flats {
        for fact in &flat.facts {
            if !columns[offset..].iter().any(|c| c.label == fact.label) {
                columns.push(Column {
                    label: fact.label.clone(),
                    numeric: fact.value.numeric,
                });
            }
        }
    }
    // A column is numeric (right-aligned) only if every value in it is.
    for column in columns.iter_mut().skip(offset) {
        column.numeric = flats.iter().all(|f| {
            f.facts
                .iter()
                .find(|fact| fact.label == column.label)
                .is_none_or(|fact| fact.value.numeric)
        });
    }
    let rows = flats
        .iter()
        .enumerate()
        .map(|(i, flat)| {
            let mut row: Vec<Cell> = Vec::with_capacity(columns.len());
            if let Some((_, refs)) = &reference {
                row.push(Cell::text(refs.get(i).cloned().unwrap_or_default()));
            }
            for column in &columns[offset..] {
                row.push(
                    flat.facts
                        .iter()
                        .find(|f| f.label == column.label)
                        .map(|f| Cell {
                            numeric: column.numeric,
                            ..f.value.clone()
                        })
                        .unwrap_or_else(Cell::empty),
                );
            }
            row
        })
        .collect();
    ListTable {
        caption: caption.to_owned(),
        caption_visible: true,
        columns,
        rows,
    }
}

/// A list inside a record (a case's decisions), or a ledger (payments): one table,
/// a row per item. Items with lists of their own (a decision's days, a payment's rows)
/// are numbered, and each such list becomes one more table whose rows name their item
/// by its number ("2.1": the second decision's first day).
fn table_blocks(title: &str, items: &[&Node], numbers: Option<Vec<String>>, out: &mut Vec<Block>) {
    if items.is_empty() {
        return;
    }
    let flats: Vec<Flat> = items
        .iter()
        .map(|item| {
            let mut flat = Flat::default();
            flatten(fields(item), None, &mut flat);
            flat
        })
        .collect();
    let nests = flats.iter().any(|f| !f.lists.is_empty());
    let numbers =
        numbers.or_else(|| nests.then(|| (1..=items.len()).map(|n| n.to_string()).collect()));
    out.push(Block::Table(column_table(
        title,
        numbers.clone().map(|n| ("Nr", n)),
        &flats,
    )));
    let Some(numbers) = numbers else { return };
    // Each nested list (by label, in first-seen order) becomes one table of all items'
    // rows, numbered "payment.row".
    let mut nested: Vec<(String, Vec<&Node>, Vec<String>)> = Vec::new();
    for (flat, number) in flats.iter().zip(&numbers) {
        for (label, _, rows) in &flat.lists {
            let slot = match nested.iter().position(|(l, ..)| l == label) {
                Some(i) => i,
                None => {
                    nested.push((label.clone(), Vec::new(), Vec::new()));
                    nested.len() - 1
                }
            };
            for (j, row) in rows.iter().filter(|r| !r.is_empty()).enumerate() {
                nested[slot].1.push(row);
                nested[slot].2.push(format!("{number}.{}", j + 1));
            }
        }
    }
    for (label, rows, refs) in nested {
        if rows.is_empty() {
            continue;
        }
        let caption = format!("{title}: {}", lower_first(&label));
        table_blocks(&caption, &rows, Some(refs), out);
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !s.chars().nth(1).is_some_and(char::is_uppercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_owned(),
    }
}

/// The facts of one object (person data, one record): its own values, and its lists
/// after it as tables or records.
pub fn object_blocks(caption: &str, node: &Node, level: u8, out: &mut Vec<Block>) {
    let mut flat = Flat::default();
    flatten(fields(node), None, &mut flat);
    if !flat.facts.is_empty() {
        out.push(Block::Facts(FactTable {
            caption: caption.to_owned(),
            rows: flat.facts,
        }));
    }
    for (label, key, items) in flat.lists {
        list_blocks(&label, key, items, level, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(v: serde_json::Value) -> Node {
        Node::of(&v)
    }

    fn texts(row: &[Cell]) -> Vec<String> {
        row.iter().map(|c| c.lines.join(" / ")).collect()
    }

    #[test]
    fn c2_the_serialized_form_keeps_the_contracts_field_order() {
        let beslut = lefi_contract::v9::SjukpenningBeslut {
            fattades: chrono::NaiveDate::from_ymd_opt(2025, 3, 1),
            karens: Some(false),
            dagar: Some(30),
            ..Default::default()
        };
        let Node::Map(fields) = Node::of(&beslut) else {
            panic!("not an object")
        };
        let keys: Vec<_> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["fattades", "dagar", "karens"]);
    }

    #[test]
    fn c2_small_objects_read_as_one_value() {
        let amount = node(json!({"summa": 1234.5, "valuta": "SEK"}));
        assert_eq!(
            cell("bruttobelopp", &amount).unwrap().lines,
            ["1\u{a0}234,50\u{a0}kr"]
        );
        let period = node(json!({"fran": "2025-01-01", "till": "2025-03"}));
        assert_eq!(
            cell("period", &period).unwrap().lines,
            ["2025-01-01 –", "2025-03"]
        );
        let extent = node(json!({"taljare": 3, "namnare": 4}));
        assert_eq!(cell("omfattning", &extent).unwrap().lines, ["3/4"]);
        let code = node(json!({"id": "SJP", "beskrivning": "Sjukpenning"}));
        assert_eq!(cell("forman", &code).unwrap().lines, ["Sjukpenning"]);
        // Pension points are not money, whatever their field is called.
        let points = node(json!({"summa": 2.5}));
        assert_eq!(cell("poang", &points), None);
        assert_eq!(
            cell("belopp", &node(json!(12000))).unwrap().lines,
            ["12\u{a0}000\u{a0}kr"]
        );
        assert_eq!(cell("artal", &node(json!("2024"))).unwrap().lines, ["2024"]);
        assert_eq!(cell("aktivt", &node(json!(true))).unwrap().lines, ["Ja"]);
        assert_eq!(
            cell("beslutsutfall", &node(json!("AVSLAG"))).unwrap().lines,
            ["Avslag"]
        );
    }

    #[test]
    fn c2_nested_objects_lend_their_fields_with_their_name_as_prefix() {
        let case = node(json!({
            "grunduppgifter": {"barn": {"namn": "Lisa", "foddes": "2020-05-01"}},
            "startades": "2024-01-10",
        }));
        let mut blocks = Vec::new();
        object_blocks("Ärende", &case, 3, &mut blocks);
        let Block::Facts(facts) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let labels: Vec<_> = facts.rows.iter().map(|f| f.label.as_str()).collect();
        // (`json!` sorts an object's keys; the answer's own types keep their order.)
        assert_eq!(labels, ["Barn: född", "Barn: namn", "Ärendet startade"]);
    }

    #[test]
    fn c2_payments_are_one_table_and_their_rows_point_back_to_them() {
        let payments = node(json!([
            {"datum": "2025-02-25", "nettobelopp": {"summa": 8000, "valuta": "SEK"},
             "utbetalningsdetalj": [{"dagar": 10}, {"dagar": 5}]},
            {"datum": "2025-03-25", "nettobelopp": {"summa": 7000.5, "valuta": "SEK"}},
        ]));
        let Node::List(items) = payments else {
            panic!()
        };
        let mut blocks = Vec::new();
        list_blocks(
            "Utbetalningar",
            "utbetalningsuppgift",
            &items,
            3,
            &mut blocks,
        );
        let [Block::Table(main), Block::Table(rows)] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            main.columns
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>(),
            ["Nr", "Datum", "Netto"]
        );
        assert_eq!(
            texts(&main.rows[1]),
            ["2", "2025-03-25", "7\u{a0}000,50\u{a0}kr"]
        );
        assert!(main.columns[2].numeric);
        assert_eq!(rows.caption, "Utbetalningar: utbetalningsrader");
        assert_eq!(texts(&rows.rows[1]), ["1.2", "5"]);
    }

    #[test]
    fn c2_items_with_lists_of_their_own_become_records_with_headings() {
        let cases = node(json!([
            {"startades": "2024-01-10", "aktivt": true,
             "beslut": [{"fattades": "2024-01-20", "dagar": 30}]},
            {"startades": "2023-05-01", "aktivt": false, "beslut": []},
        ]));
        let Node::List(items) = cases else { panic!() };
        let mut blocks = Vec::new();
        list_blocks("Sjukpenning", "sjukpenningarende", &items, 3, &mut blocks);
        let headings: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                (3, "Ärende 1, startat 2024-01-10"),
                (3, "Ärende 2, startat 2023-05-01")
            ]
        );
        assert!(
            blocks.iter().any(
                |b| matches!(b, Block::Table(t) if t.caption == "Beslut" && t.rows.len() == 1)
            )
        );
    }
}

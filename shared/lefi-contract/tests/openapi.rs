//! LEFI Online's own OpenAPI document (`openapi/lefi-online.openapi.yaml`) is
//! Försäkringskassan's v9 contract plus additions only (SPEC §5: "Extensions are additive
//! fields only, so a strict v9 client keeps working").
//!
//! With the team's reference copy of v9 beside the repository
//! (`<repo>/../shared/reference/lefi-v9.openapi.yaml`), every v9 schema, property, path,
//! operation and response must be in ours unchanged, and what ours adds must be exactly
//! `ADDED_*` below. Without it the v9 comparison says so on stderr and passes (CI has
//! the file); the checks of our additions run always.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use lefi_contract::codes;
use lefi_domain::ViolationCode;
use serde_json::{Map, Value};

const OURS: &str = include_str!("../openapi/lefi-online.openapi.yaml");

/// Properties we add to v9 schemas.
const ADDED_PROPERTIES: &[(&str, &str)] = &[
    ("LefiExternFormansinformationFraga", "syfte"),
    ("LefiExternFormansinformationFraga", "rattsligGrund"),
    ("LefiExternFormansinformationFraga", "arendereferens"),
    ("LefiExternFormansinformationSvar", "personstatus"),
    ("LefiExternFormansinformationSvar", "personnummerbyte"),
    ("LefiExternFormansinformationSvar", "uppgifterFranOchMed"),
    ("LefiFelsvar", "kod"),
    ("LefiFelsvar", "fel"),
    ("LefiFelsvar", "nastaOppning"),
    ("LefiFelsvar", "korrelationsId"),
];

/// Schemas we add (the types of three added properties).
const ADDED_SCHEMAS: &[&str] = &[
    "LefiPersonnummerbyte",
    "LefiUppgifterFranOchMed",
    "LefiValideringsfel",
];

/// Responses we add: (path, method, status).
const ADDED_RESPONSES: &[(&str, &str, &str)] = &[
    (QUERY_PATH, "post", "429"),
    (QUERY_PATH, "post", "503"),
    (QUERY_PATH, "post", "409"),
    (QUERY_PATH, "post", "413"),
    (QUERY_PATH, "post", "415"),
];

/// Parameters we add to v9's operations: optional request headers only, so a v9 client
/// that never sends them is served as before.
const ADDED_PARAMETERS: &[(&str, &str, &str)] = &[(QUERY_PATH, "post", "Idempotency-Key")];

const QUERY_PATH: &str =
    "/lefi-extern-formansinformation/v9/aktorer/{aktorsId}/formansinformation/fraga";

fn ours() -> Value {
    serde_norway::from_str(OURS).unwrap()
}

fn v9() -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/lefi-v9.openapi.yaml");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_norway::from_str(&text).unwrap()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let _ = writeln!(
                std::io::stderr(),
                "NOTICE: ../shared/reference/lefi-v9.openapi.yaml is absent beside the \
                 repository; ours ⊇ v9 is not checked here (CI has the file)."
            );
            None
        }
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn obj(value: &Value) -> &Map<String, Value> {
    value.as_object().unwrap()
}

#[test]
fn every_v9_schema_and_property_is_in_ours_unchanged_and_the_additions_are_exactly_ours() {
    let Some(v9) = v9() else { return };
    let ours = ours();
    let theirs = obj(&v9["components"]["schemas"]);
    let mine = obj(&ours["components"]["schemas"]);
    let mut problems = Vec::new();
    let mut added_properties = BTreeSet::new();
    for (name, schema) in theirs {
        let Some(my_schema) = mine.get(name) else {
            problems.push(format!("{name} is missing"));
            continue;
        };
        for (key, value) in obj(schema) {
            if key == "properties" {
                continue;
            }
            if my_schema.get(key) != Some(value) {
                problems.push(format!("{name}.{key} differs"));
            }
        }
        let their_properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let my_properties = my_schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (property, value) in &their_properties {
            if my_properties.get(property) != Some(value) {
                problems.push(format!(
                    "{name}.properties.{property} is missing or differs"
                ));
            }
        }
        for property in my_properties.keys() {
            if !their_properties.contains_key(property) {
                added_properties.insert((name.clone(), property.clone()));
            }
        }
        for key in obj(my_schema).keys() {
            if !obj(schema).contains_key(key) {
                problems.push(format!("{name}.{key} is added"));
            }
        }
    }
    let want: BTreeSet<(String, String)> = ADDED_PROPERTIES
        .iter()
        .map(|(s, p)| ((*s).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(added_properties, want, "added properties");
    let added_schemas: BTreeSet<&str> = mine
        .keys()
        .filter(|k| !theirs.contains_key(*k))
        .map(String::as_str)
        .collect();
    assert_eq!(
        added_schemas,
        ADDED_SCHEMAS.iter().copied().collect(),
        "added schemas"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_v9_path_operation_and_response_is_in_ours_unchanged() {
    let Some(v9) = v9() else { return };
    let ours = ours();
    let mut problems = Vec::new();
    let mut added = BTreeSet::new();
    let mut added_parameters = BTreeSet::new();
    assert_eq!(
        obj(&v9["paths"]).keys().collect::<Vec<_>>(),
        obj(&ours["paths"]).keys().collect::<Vec<_>>(),
        "the same paths"
    );
    for (path, operations) in obj(&v9["paths"]) {
        for (method, operation) in obj(operations) {
            let mine = &ours["paths"][path][method];
            for (key, value) in obj(operation) {
                if key != "responses" && key != "parameters" && mine.get(key) != Some(value) {
                    problems.push(format!("{method} {path}: {key} differs"));
                }
            }
            // v9's parameters first and unchanged; then only optional headers.
            let theirs = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let my_parameters = mine["parameters"].as_array().cloned().unwrap_or_default();
            if my_parameters.get(..theirs.len()) != Some(&theirs[..]) {
                problems.push(format!("{method} {path}: v9's parameters differ"));
            }
            for extra in my_parameters.iter().skip(theirs.len()) {
                if extra["in"] != "header" || extra["required"] != false {
                    problems.push(format!(
                        "{method} {path}: an added parameter is not an optional header"
                    ));
                }
                added_parameters.insert((
                    path.clone(),
                    method.clone(),
                    extra["name"].as_str().unwrap_or_default().to_owned(),
                ));
            }
            for (status, response) in obj(&operation["responses"]) {
                if mine["responses"].get(status) != Some(response) {
                    problems.push(format!("{method} {path}: response {status} differs"));
                }
            }
            for status in obj(&mine["responses"]).keys() {
                if operation["responses"].get(status).is_none() {
                    added.insert((path.clone(), method.clone(), status.clone()));
                }
            }
        }
    }
    for key in ["parameters", "responses"] {
        if ours["components"][key] != v9["components"][key] {
            problems.push(format!("components.{key} differs"));
        }
    }
    let want: BTreeSet<(String, String, String)> = ADDED_RESPONSES
        .iter()
        .map(|(p, m, s)| ((*p).to_owned(), (*m).to_owned(), (*s).to_owned()))
        .collect();
    assert_eq!(added, want, "added responses");
    let want: BTreeSet<(String, String, String)> = ADDED_PARAMETERS
        .iter()
        .map(|(p, m, n)| ((*p).to_owned(), (*m).to_owned(), (*n).to_owned()))
        .collect();
    assert_eq!(added_parameters, want, "added parameters");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn our_additions_say_what_the_service_sends() {
    let ours = ours();
    assert!(ours["openapi"].as_str().unwrap().starts_with("3.0"));
    assert!(
        ours["info"]["title"]
            .as_str()
            .unwrap()
            .contains("LEFI Online")
    );
    assert!(ours["info"]["title"].as_str().unwrap().contains("v9"));
    assert_eq!(ours["servers"][0]["url"], "https://localhost:8443");

    let schemas = &ours["components"]["schemas"];
    let felsvar = &schemas["LefiFelsvar"]["properties"];
    let enum_of = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(enum_of(&felsvar["kod"]), codes::FELSVAR);
    assert_eq!(felsvar["nastaOppning"]["format"], "date-time");
    assert_eq!(felsvar["korrelationsId"]["type"], "string");
    assert_eq!(
        felsvar["fel"]["items"]["$ref"],
        "#/components/schemas/LefiValideringsfel"
    );
    // The violation codes are the domain's, one list for every channel, and the JSON
    // channel's own code for a body that is not JSON at all.
    let mut violations: Vec<&str> = ViolationCode::ALL.iter().map(|c| c.as_str()).collect();
    violations.extend([codes::JSON_FORMAT, codes::QUERY_ID_FORMAT]);
    assert_eq!(
        enum_of(&schemas["LefiValideringsfel"]["properties"]["kod"]),
        violations
    );

    let svar = &schemas["LefiExternFormansinformationSvar"]["properties"];
    assert_eq!(enum_of(&svar["personstatus"]), ["PERSON_NOT_FOUND"]);
    let byte = &schemas["LefiPersonnummerbyte"];
    for field in ["fragatPersonnummer", "aktuelltPersonnummer"] {
        assert_eq!(byte["properties"][field]["type"], "string");
    }
    assert_eq!(
        svar["uppgifterFranOchMed"]["$ref"],
        "#/components/schemas/LefiUppgifterFranOchMed"
    );
    // One date per list: a benefit's own records and its payments have their own windows.
    let fran = &schemas["LefiUppgifterFranOchMed"]["properties"];
    for list in ["uppgifter", "utbetalningar"] {
        assert_eq!(
            fran[list]["additionalProperties"]["format"], "date",
            "{list}"
        );
    }

    let responses = &ours["paths"][QUERY_PATH]["post"]["responses"];
    for status in ["429", "503"] {
        assert_eq!(
            responses[status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/LefiFelsvar"
        );
        assert_eq!(
            responses[status]["headers"]["Retry-After"]["schema"]["type"],
            "integer"
        );
    }
    for operations in obj(&ours["paths"]).values() {
        for operation in obj(operations).values() {
            assert!(operation["responses"].get("403").is_some());
        }
    }
}

/// The additive fields of the answer are exactly what the typed answer
/// (`lefi_contract::answer::Answer`, which Compile fills and every channel renders)
/// writes, in the shapes our OpenAPI gives them.
#[test]
fn the_answer_additions_are_what_the_typed_answer_writes() {
    use lefi_contract::answer::{Answer, Personnummerbyte, Personstatus};
    let mut answer = Answer {
        personstatus: Some(Personstatus::PersonNotFound),
        personnummerbyte: Some(Personnummerbyte {
            fragat_personnummer: "198003141234".into(),
            aktuellt_personnummer: "198003149872".into(),
        }),
        ..Answer::default()
    };
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let fran = &mut answer.uppgifter_fran_och_med;
    fran.uppgifter.insert("FK:SJP".into(), day);
    fran.utbetalningar.insert("FK:SJP".into(), day);
    let written = serde_json::to_value(&answer).unwrap();
    let keys: BTreeSet<String> = written.as_object().unwrap().keys().cloned().collect();
    let added: BTreeSet<String> = ADDED_PROPERTIES
        .iter()
        .filter(|(schema, _)| *schema == "LefiExternFormansinformationSvar")
        .map(|(_, p)| (*p).to_owned())
        .collect();
    assert_eq!(keys, added);
    let document = ours();
    let schemas = &document["components"]["schemas"];
    let props = |schema: &str| -> BTreeSet<String> {
        schemas[schema]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let written_keys =
        |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(
        written_keys(&written["personnummerbyte"]),
        props("LefiPersonnummerbyte")
    );
    assert_eq!(
        written_keys(&written["uppgifterFranOchMed"]),
        props("LefiUppgifterFranOchMed")
    );
    assert_eq!(written["personstatus"], "PERSON_NOT_FOUND");
}

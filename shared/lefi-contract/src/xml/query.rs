//! The query document `Fraga` (V8): the schema's `FragaTyp`, checked by hand.
//!
//! Why by hand: the only full XSD validators for Rust link libxml2 (a C library that
//! does not cross-compile easily to the arm64 Lambda), and the pure-Rust `xmlschema`
//! crate is at 0.0.x. The query schema is small and fixed — one sequence, four simple
//! types — so this module checks exactly it, and `tests/xml.rs` proves it accepts
//! exactly what `xmllint --schema xml/lefi-online.xsd` accepts, on thousands of
//! generated documents. A change to `FragaTyp` in the XSD must be made here too; the
//! differential test fails until it is.

use crate::v9::{ExternFormansinformationFraga, Period};
use crate::xml::reader::{Element, is_xml_space};
use crate::xml::{NAMESPACE, SchemaViolation};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// One particle of `FragaTyp`'s sequence.
struct Particle {
    name: &'static str,
    min: usize,
}

const FRAGA: &[Particle] = &[
    Particle {
        name: "FrageId",
        min: 0,
    },
    Particle {
        name: "AktorsId",
        min: 0,
    },
    Particle {
        name: "Personnummer",
        min: 1,
    },
    Particle {
        name: "Period",
        min: 1,
    },
    Particle {
        name: "Formansinformation",
        min: 0,
    },
    Particle {
        name: "Ansprak",
        min: 0,
    },
    Particle {
        name: "Beslut",
        min: 0,
    },
    Particle {
        name: "PreliminaraUtbetalningar",
        min: 0,
    },
    Particle {
        name: "Utbetalningar",
        min: 0,
    },
    Particle {
        name: "OvrigInformation",
        min: 0,
    },
    Particle {
        name: "Syfte",
        min: 0,
    },
    Particle {
        name: "RattsligGrund",
        min: 0,
    },
    Particle {
        name: "Arendereferens",
        min: 0,
    },
];

/// Where the code lists end and A4's free-text fields begin in [`FRAGA`].
const LISTS: std::ops::Range<usize> = 4..10;

const PERIOD: &[Particle] = &[
    Particle {
        name: "From",
        min: 1,
    },
    Particle {
        name: "Tom",
        min: 1,
    },
];

/// `KodlistaTyp`: `Kod`, 0 to this many times.
const MAX_CODES: usize = 64;

/// What the schema lets through, as the v9 request and the two XML-only fields.
pub(crate) struct Checked {
    pub frage_id: Option<String>,
    pub aktors_id: Option<String>,
    pub fraga: ExternFormansinformationFraga,
}

struct Checker {
    violations: Vec<SchemaViolation>,
}

impl Checker {
    fn fail(&mut self, at: &str, message: String) {
        self.violations.push(SchemaViolation::new(at, message));
    }

    /// No attributes (namespace declarations aside) and no text among the children.
    fn element_only(&mut self, element: &Element, at: &str) {
        self.no_attributes(element, at);
        if element.has_content_text() {
            self.fail(at, format!("{at} får bara innehålla element, inte text."));
        }
    }

    fn no_attributes(&mut self, element: &Element, at: &str) {
        // Any schema allows xsi:schemaLocation hints everywhere; they are ignored.
        let hint = |a: &&crate::xml::reader::Attribute| {
            a.ns.as_deref() == Some(XSI)
                && matches!(
                    a.name.as_str(),
                    "schemaLocation" | "noNamespaceSchemaLocation"
                )
        };
        if let Some(attribute) = element.attributes.iter().find(|a| !hint(a)) {
            self.fail(
                at,
                format!("{at} får inte ha attributet «{}».", attribute.name),
            );
        }
    }

    /// The text of an element of simple type: no child elements, no attributes.
    fn simple<'e>(&mut self, element: &'e Element, at: &str) -> Option<&'e str> {
        self.no_attributes(element, at);
        if !element.children.is_empty() {
            self.fail(at, format!("{at} får inte innehålla element."));
            return None;
        }
        Some(&element.text)
    }

    /// Matches the children against a sequence; `None` when they do not fit it (then
    /// the reason is recorded), else each particle's elements.
    fn sequence<'e>(
        &mut self,
        element: &'e Element,
        particles: &[Particle],
        at: &str,
    ) -> Option<Vec<Vec<&'e Element>>> {
        let mut matched = Vec::with_capacity(particles.len());
        let mut children = element.children.iter().peekable();
        for particle in particles {
            let mut these = Vec::new();
            while let Some(child) = children.peek() {
                if child.is(NAMESPACE, particle.name) && these.is_empty() {
                    these.push(*child);
                    children.next();
                } else {
                    break;
                }
            }
            if these.len() < particle.min {
                let found = children
                    .peek()
                    .map_or("inget".to_owned(), |c| format!("«{}»", c.name));
                self.fail(
                    at,
                    format!(
                        "{at} saknar elementet «{}» (hittade {found} i stället).",
                        particle.name
                    ),
                );
                return None;
            }
            matched.push(these);
        }
        if let Some(extra) = children.next() {
            let what = if extra.ns.as_deref() == Some(NAMESPACE) {
                format!(
                    "Elementet «{}» är okänt eller står på fel plats",
                    extra.name
                )
            } else {
                format!(
                    // Names, never namespace URIs or values: messages do not echo input.
                    "Elementet «{}» ska vara i namnrymden {NAMESPACE}",
                    extra.name
                )
            };
            self.fail(&format!("{at}/{}", extra.name), format!("{what} i {at}."));
            return None;
        }
        Some(matched)
    }

    fn id(&mut self, element: &Element, at: &str) -> Option<String> {
        let text = self.simple(element, at)?;
        // xs:token: white space collapsed before the facets apply.
        let collapsed = text
            .split(is_xml_space)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let length = collapsed.chars().count();
        let pattern_ok = collapsed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
        if length == 0 || length > 64 || !pattern_ok {
            self.fail(
                at,
                format!("{at} ska vara 1–64 tecken av A–Z, a–z, 0–9, punkt, understreck, kolon och bindestreck."),
            );
            return None;
        }
        Some(collapsed)
    }

    fn personnummer(&mut self, element: &Element, at: &str) -> Option<String> {
        let text = self.simple(element, at)?;
        if text.chars().count() > 13 {
            self.fail(at, format!("{at} får vara högst 13 tecken."));
            return None;
        }
        Some(text.to_owned())
    }

    fn date(&mut self, element: &Element, at: &str) -> Option<String> {
        let text = self.simple(element, at)?;
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape {
            self.fail(at, format!("{at} ska skrivas ÅÅÅÅ-MM-DD."));
            return None;
        }
        Some(text.to_owned())
    }

    fn code(&mut self, element: &Element, at: &str) -> Option<String> {
        let text = self.simple(element, at)?;
        let ok = text.split_once(':').is_some_and(|(group, code)| {
            (1..=8).contains(&group.len())
                && group.bytes().all(|c| c.is_ascii_uppercase())
                && (1..=16).contains(&code.len())
                && code
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
        if !ok {
            self.fail(
                at,
                format!("{at} ska vara en kod som FK:SJP (versaler och siffror)."),
            );
            return None;
        }
        Some(text.to_owned())
    }

    fn codes(&mut self, element: &Element, at: &str) -> Option<Vec<String>> {
        self.element_only(element, at);
        let mut codes = Vec::new();
        for (i, child) in element.children.iter().enumerate() {
            let child_at = format!("{at}/Kod[{}]", i + 1);
            if !child.is(NAMESPACE, "Kod") {
                self.fail(
                    &child_at,
                    format!("{at} får bara innehålla «Kod», inte «{}».", child.name),
                );
                return None;
            }
            if i == MAX_CODES {
                self.fail(at, format!("{at} får ha högst {MAX_CODES} koder."));
                return None;
            }
            codes.push(self.code(child, &child_at));
        }
        codes.into_iter().collect()
    }
}

/// Checks the document's root against `Fraga`; every violation found, or the query.
pub(crate) fn check(root: &Element) -> Result<Checked, Vec<SchemaViolation>> {
    let mut checker = Checker {
        violations: Vec::new(),
    };
    if !root.is(NAMESPACE, "Fraga") {
        checker.fail(
            "/",
            format!(
                "Rotelementet ska vara «Fraga» i namnrymden {NAMESPACE}, inte «{}».",
                root.name
            ),
        );
        return Err(checker.violations);
    }
    let at = "/Fraga";
    checker.element_only(root, at);
    let Some(parts) = checker.sequence(root, FRAGA, at) else {
        return Err(checker.violations);
    };
    let one = |i: usize| parts[i].first().copied();
    let frage_id = one(0).map(|e| checker.id(e, "/Fraga/FrageId"));
    let aktors_id = one(1).map(|e| checker.id(e, "/Fraga/AktorsId"));
    let personnummer = one(2).map(|e| checker.personnummer(e, "/Fraga/Personnummer"));
    let period = one(3).map(|e| {
        let at = "/Fraga/Period";
        checker.element_only(e, at);
        let parts = checker.sequence(e, PERIOD, at)?;
        let from = parts[0]
            .first()
            .and_then(|d| checker.date(d, "/Fraga/Period/From"));
        let tom = parts[1]
            .first()
            .and_then(|d| checker.date(d, "/Fraga/Period/Tom"));
        Some(Period {
            from: from?,
            tom: tom?,
        })
    });
    let mut lists: Vec<Option<Option<Vec<String>>>> = Vec::new();
    for (i, particle) in FRAGA.iter().enumerate().take(LISTS.end).skip(LISTS.start) {
        lists.push(one(i).map(|e| checker.codes(e, &format!("/Fraga/{}", particle.name))));
    }
    let mut text = |i: usize| {
        one(i).and_then(|e| {
            checker
                .simple(e, &format!("/Fraga/{}", FRAGA[i].name))
                .map(str::to_owned)
        })
    };
    let (syfte, rattslig_grund, arendereferens) = (text(10), text(11), text(12));
    if !checker.violations.is_empty() {
        return Err(checker.violations);
    }
    // No violation: every present part was read.
    let list = |l: &Option<Option<Vec<String>>>| l.clone().flatten();
    Ok(Checked {
        frage_id: frage_id.flatten(),
        aktors_id: aktors_id.flatten(),
        fraga: ExternFormansinformationFraga {
            personnummer: personnummer.flatten().unwrap_or_default(),
            period: period.flatten().unwrap_or_default(),
            formansinformation: list(&lists[0]),
            ansprak: list(&lists[1]),
            beslut: list(&lists[2]),
            preliminara_utbetalningar: list(&lists[3]),
            utbetalningar: list(&lists[4]),
            ovrig_information: list(&lists[5]),
            syfte,
            rattslig_grund,
            arendereferens,
        },
    })
}

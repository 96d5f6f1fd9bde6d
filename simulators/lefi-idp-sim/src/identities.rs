//! The people one can log in as (P2, C2): what Sweden Connect's attribute profile would
//! release about them, under OIDC Sweden's claim names.

/// `acr` of an authentication at assurance level 3 ("tillitsnivå 3": BankID, Freja eID+,
/// SITHS), the level a public e-service with personal data asks for.
pub const LOA3: &str = "http://id.elegnamnden.se/loa/1.0/loa3";

/// A person's identity at an organisation, as Sweden Connect's `orgAffiliation`
/// attribute carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgAffiliation {
    /// The person's identifier at the organisation (the part before `@`).
    pub personal_id: String,
    /// The organisation number, 10 digits without a hyphen.
    pub org_number: String,
    /// The organisation's registered name.
    pub org_name: String,
}

impl OrgAffiliation {
    /// The claim's value: `<personal-id>@<org-number>`.
    pub fn claim(&self) -> String {
        format!("{}@{}", self.personal_id, self.org_number)
    }
}

/// A test person on the identity page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestIdentity {
    /// The stable subject identifier (`sub`). Never the personnummer: it is what may be
    /// logged.
    pub sub: String,
    /// Personnummer, 12 digits (`https://id.oidc.se/claim/personalIdentityNumber`).
    /// Shown on the test page and put in the ID token; never in a log line.
    pub personal_identity_number: String,
    pub given_name: String,
    pub family_name: String,
    /// What the page says about the person (Swedish), e.g. "Handläggare i Exempelkommunen".
    pub description: String,
    /// The organisations the person works for. The e-legitimation asserts one
    /// affiliation (the claim is single-valued), the first; which organisations the
    /// person may act for in the portal is the Directory's business, not the IdP's.
    pub affiliations: Vec<OrgAffiliation>,
    /// The authentication context (`acr`).
    pub acr: String,
}

impl TestIdentity {
    /// `name`: given and family name.
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// The affiliation the ID token asserts, if any.
    pub fn asserted_affiliation(&self) -> Option<&OrgAffiliation> {
        self.affiliations.first()
    }
}

fn affiliation(personal_id: &str, org_number: &str, org_name: &str) -> OrgAffiliation {
    OrgAffiliation {
        personal_id: personal_id.to_owned(),
        org_number: org_number.to_owned(),
        org_name: org_name.to_owned(),
    }
}

fn person(
    sub: &str,
    pnr: &str,
    given_name: &str,
    family_name: &str,
    description: &str,
    affiliations: Vec<OrgAffiliation>,
) -> TestIdentity {
    TestIdentity {
        sub: sub.to_owned(),
        personal_identity_number: pnr.to_owned(),
        given_name: given_name.to_owned(),
        family_name: family_name.to_owned(),
        description: description.to_owned(),
        affiliations,
        acr: LOA3.to_owned(),
    }
}

/// The default test people. Their organisations are the local run's demo partners
/// (`lefi-local`): Exempelkommunen 212000-0142, Andra kommunen 212000-0159,
/// Kronofogdemyndigheten 202100-6297, Exempelförsäkringar AB 556597-1479. The numbers
/// are invented (valid check digits, sex digit matching the name).
pub fn test_identities() -> Vec<TestIdentity> {
    vec![
        person(
            "ccefc0c0-805b-4aa0-9f7c-7fe7c15360e7",
            "197803142384",
            "Karin",
            "Lindqvist",
            "Handläggare i Exempelkommunen",
            vec![affiliation("karlin01", "2120000142", "Exempelkommunen")],
        ),
        person(
            "59cb456c-ce35-461f-9984-993abcf141d8",
            "198509224575",
            "Johan",
            "Berg",
            "Skadereglerare på Exempelförsäkringar AB",
            vec![affiliation(
                "jb4575",
                "5565971479",
                "Exempelförsäkringar AB",
            )],
        ),
        person(
            "6c3d78d0-c2b9-4125-836e-df212a1466f0",
            "196906071268",
            "Maria",
            "Andersson",
            "Handläggare i Exempelkommunen och Andra kommunen",
            vec![
                affiliation("maran02", "2120000142", "Exempelkommunen"),
                affiliation("m.andersson", "2120000159", "Andra kommunen"),
            ],
        ),
        person(
            "a63dd4dd-22a5-4c9d-b1be-d24b49b67b12",
            "199111303187",
            "Amira",
            "Hassan",
            "Handläggare på Kronofogdemyndigheten",
            vec![affiliation(
                "kfm31870",
                "2021006297",
                "Kronofogdemyndigheten",
            )],
        ),
        person(
            "f7b37e1d-7a16-4888-8e5a-802cf2c65754",
            "195602190919",
            "Sven",
            "Nilsson",
            "Privatperson utan uppdrag för någon organisation",
            Vec::new(),
        ),
    ]
}

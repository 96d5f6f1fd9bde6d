//! The simulator's pages (C2): Swedish, `lang="sv"`, labelled controls in a fieldset,
//! an error summary that links to the field, no script and no inline style (the CSP
//! forbids both), one stylesheet of our own.

use std::fmt::Write as _;

use crate::identities::TestIdentity;

/// The stylesheet, served at `static/idp.css` under the issuer's path.
pub(crate) const STYLESHEET: &str = include_str!("../static/idp.css");

/// What the identity page needs.
pub(crate) struct LoginPage<'a> {
    pub base_path: &'a str,
    pub client_name: &'a str,
    pub request: &'a str,
    pub identities: &'a [TestIdentity],
    /// "Välj en testperson" was not heeded.
    pub missing_choice: bool,
}

/// The page to pick a test identity.
pub(crate) fn login(page: &LoginPage<'_>) -> String {
    let title = if page.missing_choice {
        "Fel: Välj testperson – Testlegitimering"
    } else {
        "Välj testperson – Testlegitimering"
    };
    let mut body = String::new();
    body.push_str("<h1>Logga in med e-legitimation</h1>\n");
    let _ = writeln!(
        body,
        "<p>Du loggar in i <strong>{}</strong>.</p>",
        esc(page.client_name)
    );
    body.push_str(
        "<p>Det här är en simulerad inloggning för utveckling och test. I stället för \
         BankID, Freja eID eller SITHS väljer du en av testpersonerna.</p>\n",
    );
    if page.missing_choice {
        // autofocus moves focus to the summary without a script; tabindex makes it
        // focusable. Its link goes to the fieldset, so that Tab from there reaches the
        // radio buttons (a link to the first radio would put the next Tab past the group).
        body.push_str(
            "<div class=\"felsammanfattning\" role=\"alert\" aria-labelledby=\"fel-rubrik\" \
             tabindex=\"-1\" autofocus>\n<h2 id=\"fel-rubrik\">Det finns ett problem</h2>\n\
             <ul>\n<li><a href=\"#testperson\">Välj en testperson</a></li>\n</ul>\n</div>\n",
        );
    }
    let _ = writeln!(
        body,
        "<form method=\"post\" action=\"{}/login\" novalidate>",
        esc(page.base_path)
    );
    let _ = writeln!(
        body,
        "<input type=\"hidden\" name=\"request\" value=\"{}\">",
        esc(page.request)
    );
    if page.missing_choice {
        body.push_str(
            "<fieldset id=\"testperson\" class=\"fel\" aria-describedby=\"person-fel\">\n",
        );
    } else {
        body.push_str("<fieldset id=\"testperson\">\n");
    }
    body.push_str("<legend>Välj testperson</legend>\n");
    if page.missing_choice {
        body.push_str(
            "<p id=\"person-fel\" class=\"felmeddelande\">\
             <span class=\"dold\">Fel: </span>Välj en testperson.</p>\n",
        );
    }
    for (i, person) in page.identities.iter().enumerate() {
        let id = format!("person-{}", i + 1);
        let _ = write!(
            body,
            "<div class=\"val\">\n<input type=\"radio\" name=\"identity\" id=\"{id}\" value=\"{}\">\n\
             <label for=\"{id}\"><span class=\"namn\">{}</span>\
             <span class=\"roll\">{}</span>\
             <span class=\"pnr\">Personnummer {}</span></label>\n</div>\n",
            esc(&person.sub),
            esc(&person.name()),
            esc(&person.description),
            esc(&display_pnr(&person.personal_identity_number)),
        );
    }
    body.push_str("</fieldset>\n");
    body.push_str(
        "<div class=\"knappar\">\n\
         <button type=\"submit\" name=\"action\" value=\"login\" class=\"primar\">Logga in</button>\n\
         <button type=\"submit\" name=\"action\" value=\"cancel\" class=\"sekundar\">Avbryt</button>\n\
         </div>\n</form>\n",
    );
    document(page.base_path, title, &body)
}

/// A page for a request the simulator cannot send back to the client (unknown client,
/// unregistered return address, a login attempt that has expired).
pub(crate) fn error(base_path: &str, heading: &str, message: &str) -> String {
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p>Gå tillbaka till tjänsten du kom från och försök igen.</p>\n",
        esc(heading),
        esc(message)
    );
    document(base_path, &format!("{heading} – Testlegitimering"), &body)
}

/// After a logout without a return address.
pub(crate) fn logged_out(base_path: &str) -> String {
    document(
        base_path,
        "Du är utloggad – Testlegitimering",
        "<h1>Du är utloggad</h1>\n<p>Du är utloggad från testlegitimeringen. \
         Du kan stänga fönstret.</p>\n",
    )
}

fn document(base_path: &str, title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{}/static/idp.css\">\n</head>\n<body>\n\
         <header class=\"sidhuvud\">\n<p class=\"tjanst\">Testlegitimering</p>\n\
         <p class=\"miljo\">Testmiljö – inga riktiga personer</p>\n</header>\n\
         <main id=\"innehall\">\n{main}</main>\n\
         <footer class=\"sidfot\">\n<p>Simulerad identitetsleverantör för LEFI Online. \
         Personerna och deras personnummer är påhittade.</p>\n</footer>\n</body>\n</html>\n",
        esc(title),
        esc(base_path),
    )
}

/// `YYYYMMDD-NNNC`, as people read a personnummer.
fn display_pnr(twelve: &str) -> String {
    if twelve.len() == 12 && twelve.is_ascii() {
        format!("{}-{}", &twelve[..8], &twelve[8..])
    } else {
        twelve.to_owned()
    }
}

/// HTML-escapes text for element content and double-quoted attributes.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identities::test_identities;

    fn page(missing_choice: bool) -> String {
        login(&LoginPage {
            base_path: "",
            client_name: "LEFI <portal>",
            request: "abc",
            identities: &test_identities(),
            missing_choice,
        })
    }

    #[test]
    fn c2_the_identity_page_is_swedish_labelled_and_has_no_script_or_inline_style() {
        let html = page(false);
        assert!(html.contains("<html lang=\"sv\">"));
        assert!(html.contains("<fieldset id=\"testperson\">\n<legend>Välj testperson</legend>"));
        // Every radio button has its label.
        for i in 1..=test_identities().len() {
            assert!(html.contains(&format!("id=\"person-{i}\"")), "{i}");
            assert!(html.contains(&format!("<label for=\"person-{i}\">")), "{i}");
        }
        assert!(html.contains(">Logga in</button>"));
        assert!(html.contains("value=\"cancel\" class=\"sekundar\">Avbryt</button>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("style="));
        assert!(!html.contains("<style"));
        // Names are escaped.
        assert!(html.contains("LEFI &lt;portal&gt;"));
    }

    #[test]
    fn c2_a_missing_choice_is_summarised_at_the_top_and_tied_to_the_fieldset() {
        let html = page(true);
        assert!(html.contains("<title>Fel: "));
        let summary = html.find("Det finns ett problem").expect("summary");
        let fieldset = html.find("<fieldset").expect("fieldset");
        assert!(summary < fieldset, "the summary comes first");
        assert!(html.contains("<a href=\"#testperson\">Välj en testperson</a>"));
        assert!(html.contains("<fieldset id=\"testperson\" class=\"fel\""));
        assert!(html.contains("aria-describedby=\"person-fel\""));
        assert!(html.contains("id=\"person-fel\""));
        assert!(!page(false).contains("Det finns ett problem"));
    }
}

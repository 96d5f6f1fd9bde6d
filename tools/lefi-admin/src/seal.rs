//! `audit seal` and `audit verify` (A3): seal a Stockholm day of the audit, or verify a
//! sealed day against what the store holds now, naming each record changed (ändrad),
//! added (tillagd) or removed (borttagen) since. Record ids only: no person in clear.

use std::fmt::Write;

use chrono::NaiveDate;
use lefi_seal::{Chain, SealError, seal_day, verify_day};

use crate::{AdminError, Ctx, Output};

fn seal_of(ctx: &Ctx) -> Result<&lefi_seal::Seal, AdminError> {
    ctx.seal.as_ref().ok_or(AdminError::NeedsSeal)
}

/// Seals `day` (it must be over in Stockholm). A day sealed before is reported, not
/// sealed again.
pub async fn seal(day: NaiveDate, ctx: &Ctx) -> Result<Output, AdminError> {
    let seal = seal_of(ctx)?;
    match seal_day(ctx.store.as_ref(), seal, day, ctx.now).await {
        Ok(m) => Ok(Output::ok(format!(
            "Dag {day} förseglad: {} poster, rot {}, nyckel {}\n",
            m.count, m.root, m.key_id
        ))),
        Err(SealError::AlreadySealed(_)) => Ok(Output::ok(format!(
            "Dag {day} är redan förseglad; förseglingen ändras aldrig.\n"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Verifies `day`. `failed` when anything differs, the seal does not hold, or the day
/// was never sealed.
pub async fn verify(day: NaiveDate, ctx: &Ctx) -> Result<Output, AdminError> {
    let seal = seal_of(ctx)?;
    let report = match verify_day(ctx.store.as_ref(), seal, day).await {
        Ok(r) => r,
        Err(SealError::NotSealed(_)) => {
            return Ok(Output::failed(format!(
                "Dag {day} är inte förseglad: inget att verifiera mot.\n"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let mut text = String::new();
    let _ = writeln!(text, "Dag {day}: nuvarande rot {}", report.current_root);
    let _ = writeln!(
        text,
        "Signatur: {}",
        if report.signature_valid {
            "giltig"
        } else {
            "OGILTIG (inte gjord med förseglingsnyckeln över denna förseglings innehåll)"
        }
    );
    let _ = writeln!(
        text,
        "Förseglingen: {}",
        if report.manifest_consistent {
            "hel"
        } else {
            "INKONSEKVENT (roten, antalet eller formatet stämmer inte med dess poster)"
        }
    );
    let chain = match &report.chain {
        Chain::Linked => "länkad till dagen före".to_owned(),
        Chain::Start => "början (ingen förseglad dag före)".to_owned(),
        Chain::Broken { claimed, found } => format!(
            "BRUTEN (förseglingen anger {}, dagen före har {})",
            claimed.as_deref().unwrap_or("ingen"),
            found.as_deref().unwrap_or("ingen försegling")
        ),
    };
    let _ = writeln!(text, "Kedjan: {chain}");
    for id in &report.changed {
        let _ = writeln!(text, "ändrad     {id}");
    }
    for id in &report.added {
        let _ = writeln!(text, "tillagd    {id}");
    }
    for id in &report.removed {
        let _ = writeln!(text, "borttagen  {id}");
    }
    let differences = report.changed.len() + report.added.len() + report.removed.len();
    if report.ok() {
        let _ = writeln!(text, "Resultat: oförändrad sedan förseglingen.");
    } else {
        let _ = writeln!(
            text,
            "Resultat: VERIFIERINGEN MISSLYCKADES ({differences} poster skiljer sig)."
        );
    }
    Ok(Output {
        text,
        failed: !report.ok(),
        ..Output::default()
    })
}

//! The SHS worker (issue 18): SQS delivers the gateway's queued queries of asynchronous
//! SHS messages in batches; [`handle`] runs them with `lefi_gateway::shs::work_batch`
//! (each as if it had come alone, its answer to the sender's mailbox) and reports the
//! ones that failed (`ReportBatchItemFailures`), so SQS delivers only those again — and,
//! after [`MAX_RECEIVES_VAR`] deliveries, moves them to the dead-letter queue, the last
//! delivery having audited the query and told the partner.

use std::sync::Arc;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lefi_gateway::Gateway;
use lefi_gateway::shs::Received;
use lefi_workflow::lambda::{ConfigError, Env, required};

/// `LEFI_SHS_MAX_RECEIVES`: the queue's redrive policy's `maxReceiveCount` (Terraform
/// sets both from one variable): the delivery on which a failing query is given up.
pub const MAX_RECEIVES_VAR: &str = "LEFI_SHS_MAX_RECEIVES";

/// The worker's configuration: the edge's, and the last delivery.
#[derive(Debug, Clone)]
pub struct Config {
    pub gateway: lefi_gateway::Config,
    pub max_receives: u32,
}

impl Config {
    /// # Errors
    /// The first variable that is missing or malformed, by name.
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        Ok(Self {
            gateway: lefi_gateway::Config::from_env(env)?,
            max_receives: max_receives(env)?,
        })
    }
}

/// SQS's range for `maxReceiveCount`.
fn max_receives(env: &dyn Env) -> Result<u32, ConfigError> {
    required(env, MAX_RECEIVES_VAR)?
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| {
            ConfigError::malformed(MAX_RECEIVES_VAR, "ska vara ett heltal från 1 till 1000")
        })
}

/// One SQS event: its messages as work, the failed ones reported by message id.
pub async fn handle(gw: &Arc<Gateway>, event: SqsEvent, max_receives: u32) -> SqsBatchResponse {
    let items = event
        .records
        .into_iter()
        .map(|m| Received {
            id: m.message_id.unwrap_or_default(),
            body: m.body.unwrap_or_default(),
            // Lambda always sets it; a missing one counts as the first delivery.
            receives: m
                .attributes
                .get("ApproximateReceiveCount")
                .and_then(|n| n.parse().ok())
                .unwrap_or(1),
        })
        .collect();
    let mut response = SqsBatchResponse::default();
    response.set_failures(lefi_gateway::shs::work_batch(gw, items, max_receives).await);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_workflow::lambda::{Recorder, declared_env};

    /// Terraform gives the function exactly its `[package.metadata.lefi] env`.
    #[test]
    fn config_reads_exactly_the_variables_of_its_metadata_env_list() {
        let env = Recorder::with_samples();
        assert_eq!(Config::from_env(&env).unwrap().max_receives, 5);
        assert_eq!(env.asked(), declared_env(env!("CARGO_PKG_NAME")));
    }

    #[test]
    fn the_last_delivery_is_a_count_from_1_to_1000() {
        let read = |v: &str| max_receives(&Recorder::from_pairs([(MAX_RECEIVES_VAR, v)]));
        assert_eq!(read(" 5 ").unwrap(), 5);
        for bad in ["0", "fem", "1001", "-1", ""] {
            assert_eq!(read(bad).unwrap_err().name, MAX_RECEIVES_VAR, "{bad}");
        }
    }

    #[test]
    fn an_sqs_event_is_read_with_its_receive_count() {
        let event: SqsEvent = serde_json::from_value(serde_json::json!({
            "Records": [{
                "messageId": "m-1",
                "body": "{}",
                "attributes": {"ApproximateReceiveCount": "3"},
                "eventSource": "aws:sqs"
            }]
        }))
        .unwrap();
        assert_eq!(event.records[0].attributes["ApproximateReceiveCount"], "3");
        assert_eq!(event.records[0].message_id.as_deref(), Some("m-1"));
    }
}

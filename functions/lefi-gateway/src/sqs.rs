//! SHS's queue in AWS (issue 18): asynchronous work on SQS, drained by the SHS worker
//! (functions/lefi-shs-worker) through an event source mapping with a dead-letter queue.
//!
//! A mass query of 10 000 must be queued well inside API Gateway's 30 s: batches of ten
//! (SQS's most), at most 256 KiB each (its limit for a batch), sent [`IN_FLIGHT`] at a
//! time. An entry SQS refuses is sent again, a few times; then the message is refused
//! (`MissingDeliveryExecution`) and its `tx.id` freed, so the partner's retry queues it
//! again. Items queued by the failed attempt run twice then, harmlessly: the query id
//! replays the first answer and the mailbox puts a reply once.

use async_trait::async_trait;
use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
use futures_util::{StreamExt, stream};

use crate::shs::{Queue, Work, WorkError};

/// SQS's most entries in one `SendMessageBatch`.
const BATCH_ENTRIES: usize = 10;
/// SQS's limit for a batch's bodies together (and one message's), with room to spare.
const BATCH_BYTES: usize = 240 * 1024;
/// Batches sent at once.
const IN_FLIGHT: usize = 16;
/// Times an entry SQS refused is sent again.
const RETRIES: usize = 3;

/// The work queue's URL (`LEFI_SHS_QUEUE_URL`) and a client.
#[derive(Debug, Clone)]
pub struct SqsQueue {
    client: aws_sdk_sqs::Client,
    url: String,
}

impl SqsQueue {
    pub fn new(conf: &aws_types::SdkConfig, url: impl Into<String>) -> Self {
        Self {
            client: aws_sdk_sqs::Client::new(conf),
            url: url.into(),
        }
    }

    /// One batch, its refused entries again up to [`RETRIES`] times.
    async fn send_batch(&self, bodies: Vec<String>) -> Result<(), WorkError> {
        let mut pending: Vec<(String, String)> = bodies
            .into_iter()
            .enumerate()
            .map(|(i, b)| (i.to_string(), b))
            .collect();
        for _ in 0..=RETRIES {
            let entries = pending
                .iter()
                .map(|(id, body)| {
                    SendMessageBatchRequestEntry::builder()
                        .id(id)
                        .message_body(body)
                        .build()
                        .map_err(|e| WorkError::Queue(e.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let out = self
                .client
                .send_message_batch()
                .queue_url(&self.url)
                .set_entries(Some(entries))
                .send()
                .await
                .map_err(|e| {
                    WorkError::Queue(aws_sdk_sqs::error::DisplayErrorContext(e).to_string())
                })?;
            let refused: Vec<&str> = out.failed().iter().map(|f| f.id()).collect();
            if refused.is_empty() {
                return Ok(());
            }
            tracing::warn!(
                refused = refused.len(),
                "SQS refused entries of a batch; sending them again"
            );
            pending.retain(|(id, _)| refused.contains(&id.as_str()));
        }
        Err(WorkError::Queue(format!(
            "{} poster togs inte emot av SQS",
            pending.len()
        )))
    }
}

/// The work as SQS batches: at most ten entries and [`BATCH_BYTES`] each.
fn batches(work: Vec<Work>) -> Result<Vec<Vec<String>>, WorkError> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut bytes = 0;
    for w in &work {
        let body = serde_json::to_string(w).map_err(|e| WorkError::Queue(e.to_string()))?;
        if body.len() > BATCH_BYTES {
            return Err(WorkError::Queue(format!(
                "en fråga är för stor för kön ({} byte)",
                body.len()
            )));
        }
        match out.last_mut() {
            Some(batch) if batch.len() < BATCH_ENTRIES && bytes + body.len() <= BATCH_BYTES => {
                bytes += body.len();
                batch.push(body);
            }
            _ => {
                bytes = body.len();
                out.push(vec![body]);
            }
        }
    }
    Ok(out)
}

#[async_trait]
impl Queue for SqsQueue {
    async fn send(&self, work: Vec<Work>) -> Result<(), WorkError> {
        let sent: Vec<Result<(), WorkError>> = stream::iter(batches(work)?)
            .map(|batch| self.send_batch(batch))
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        sent.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(query_bytes: usize) -> Work {
        Work {
            certificate_pem: "pem".into(),
            source: None,
            label: "<shs.label/>".into(),
            part: 1,
            parts: 1,
            query: "q".repeat(query_bytes),
        }
    }

    #[test]
    fn c1_shs_work_is_batched_within_sqs_limits() {
        let small = batches((0..25).map(|_| work(100)).collect()).unwrap();
        assert_eq!(small.iter().map(Vec::len).collect::<Vec<_>>(), [10, 10, 5]);
        let large = batches((0..5).map(|_| work(100_000)).collect()).unwrap();
        assert_eq!(large.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
        for b in large {
            assert!(b.iter().map(String::len).sum::<usize>() <= BATCH_BYTES);
        }
        assert!(batches(vec![work(300_000)]).is_err());
    }
}

//! Nothing lost, nothing twice (issue 18), on a real queue: SQS and DynamoDB on the moto
//! server, the gateway queueing an asynchronous SHS message's queries with its SQS
//! adapter, and the worker's handler fed as Lambda's event source mapping feeds it
//! (receive a batch, run it, delete what succeeded; the rest comes back after the
//! visibility timeout, and after `maxReceiveCount` deliveries goes to the dead-letter
//! queue).
//!
//! - The worker is a process of its own (this test binary, run as `worker_process`),
//!   killed with SIGKILL while it works: a second one finishes, and every query has
//!   exactly one reply in the mailbox, an answer.
//! - A poison item (its query cannot be opened) fails on every delivery; the last one
//!   audits it and puts a `Felsvar` naming the query in the mailbox, and SQS moves it to
//!   the dead-letter queue.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_lambda_events::event::sqs::SqsEvent;
use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use chrono::{NaiveDate, TimeDelta};
use lambda_http::Request;
use lambda_http::request::LambdaRequest;
use lefi_contract::shs::{self, DataDescription, DataPart, Label, SequenceType, TransferType};
use lefi_domain::Benefit;
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::opening::OpeningHours;
use lefi_gateway::identity::ClientCertificate;
use lefi_gateway::shs::{Queue, Work, WorkError};
use lefi_gateway::sqs::SqsQueue;
use lefi_gateway::{Gateway, GatewayConfig, SystemClock};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{SimConfig, spawn};
use lefi_store::{
    AuditLog, Caller, Directory, DynamoStore, Mailbox, Outcome, PartnerId, Protector,
};
use lefi_workflow::LocalWorkflow;
use serde_json::json;

const PARTNER: &str = "kommun-1";
const ORG: &str = "2120000142";
const PNR: &str = "195001019420";
/// Deliveries before the dead-letter queue (the redrive policy; the worker's last try).
const MAX_RECEIVES: u32 = 3;
/// Short, for the test: a killed worker's items come back after this.
const VISIBILITY: Duration = Duration::from_secs(4);
/// Below the visibility timeout, as in the stack (lease 180 s, visibility 720 s): a
/// redelivered item finds its dead worker's query id free.
const LEASE: TimeDelta = TimeDelta::seconds(3);

/// The environment the parent gives the worker process.
const CHILD_VARS: [&str; 2] = ["LEFI_CRASH_PREFIX", "LEFI_CRASH_QUEUE_URL"];

/// A client certificate with the organisation number in `serialNumber`, as partners'
/// certificates carry it.
fn certificate() -> String {
    use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue, KeyPair};
    let mut params = CertificateParams::new(vec![]).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "Exempelkommunen LEFI");
    dn.push(
        DnType::CustomDnType(vec![2, 5, 4, 5]),
        DnValue::PrintableString(format!("16{ORG}").try_into().unwrap()),
    );
    params.distinguished_name = dn;
    params
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap()
        .pem()
}

async fn store(aws: &lefi_test_aws::AwsTarget, prefix: &str) -> Arc<DynamoStore> {
    Arc::new(DynamoStore::from_conf(&aws.config, prefix))
}

/// The caller, its partner and agreement, in the directory.
async fn seed(store: &DynamoStore, pem: &str) {
    let key = ClientCertificate::from_pem(pem).unwrap().keys[0].clone();
    let caller = Caller {
        id: "exempelkommunen".into(),
        name: "Exempelkommunen".into(),
        represents: BTreeSet::from([PartnerId(PARTNER.into())]),
    };
    store.put_caller(&key, &caller).await.unwrap();
    let agreement = Agreement::new(
        PARTNER,
        lefi_domain::Organisationsnummer::parse(ORG).unwrap(),
        "Exempelkommunen",
        PartnerKind::Kommun,
        [Benefit::Sjukpenning, Benefit::Barnbidrag].into(),
        [Channel::System].into(),
        TrafficLimits {
            per_second: 100,
            burst: 100,
            per_day: 10_000,
        },
        Pricing::Free,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        None,
        Default::default(),
    )
    .unwrap();
    store.put_agreement(&agreement).await.unwrap();
}

/// The edge on `store`, its workflow in process against a registry simulator of its own
/// (each registry answering after `latency_ms`), on the real clock (leases and retention
/// must pass), opening hours not enforced (the test runs at any hour).
async fn gateway(
    store: Arc<DynamoStore>,
    latency_ms: u64,
) -> (Gateway, lefi_registry_sim::ServerHandle) {
    let mut config = SimConfig::new(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    config.registers.population = 1_000;
    config.faults = lefi_registry_sim::FaultsFile::from_json(&format!(
        r#"{{"*": {{"latency_ms": {latency_ms}}}}}"#
    ))
    .unwrap();
    let (addr, sim) = spawn(&config).await.unwrap();
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(2)).unwrap());
    let workflow = LocalWorkflow::new(registries, store.clone(), Protector::development()).unwrap();
    let gw = Gateway::new(
        store,
        Arc::new(workflow),
        Protector::development(),
        Arc::new(SystemClock),
        GatewayConfig {
            opening: OpeningHours::new(Vec::new()),
            enforce_opening_hours: false,
            claim_lease: LEASE,
            ..GatewayConfig::default()
        },
    );
    (gw, sim)
}

async fn queues(sqs: &aws_sdk_sqs::Client, prefix: &str) -> (String, String) {
    let dlq = sqs
        .create_queue()
        .queue_name(format!("{prefix}-dlq"))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let dlq_arn = sqs
        .get_queue_attributes()
        .queue_url(&dlq)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()[&QueueAttributeName::QueueArn]
        .clone();
    let work = sqs
        .create_queue()
        .queue_name(format!("{prefix}-work"))
        .attributes(
            QueueAttributeName::VisibilityTimeout,
            VISIBILITY.as_secs().to_string(),
        )
        .attributes(
            QueueAttributeName::RedrivePolicy,
            json!({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": MAX_RECEIVES}).to_string(),
        )
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    (work, dlq)
}

/// One round of Lambda's event source mapping: a batch received, handed to the worker
/// as Lambda hands it (the event's JSON), its succeeded items deleted. Returns how many
/// items came.
async fn poll_once(sqs: &aws_sdk_sqs::Client, url: &str, gw: &Arc<Gateway>) -> usize {
    let received = sqs
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .wait_time_seconds(1)
        .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
        .send()
        .await
        .unwrap();
    let messages = received.messages.unwrap_or_default();
    if messages.is_empty() {
        return 0;
    }
    let records: Vec<_> = messages
        .iter()
        .map(|m| {
            let count = m
                .attributes
                .as_ref()
                .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                .cloned()
                .unwrap_or_default();
            json!({
                "messageId": m.message_id, "receiptHandle": m.receipt_handle, "body": m.body,
                "attributes": {"ApproximateReceiveCount": count}, "messageAttributes": {},
                "eventSource": "aws:sqs", "awsRegion": "eu-north-1"
            })
        })
        .collect();
    let event: SqsEvent = serde_json::from_value(json!({ "Records": records })).unwrap();
    let response = lefi_shs_worker::handle(gw, event, MAX_RECEIVES).await;
    let failed: BTreeSet<String> = response
        .batch_item_failures
        .into_iter()
        .map(|f| f.item_identifier)
        .collect();
    for m in &messages {
        if !failed.contains(m.message_id.as_deref().unwrap_or_default()) {
            sqs.delete_message()
                .queue_url(url)
                .receipt_handle(m.receipt_handle.clone().unwrap())
                .send()
                .await
                .unwrap();
        }
    }
    messages.len()
}

/// An API Gateway event for the reception over mutual TLS.
fn shs_post(body: &str, pem: &str) -> Request {
    event("POST", lefi_gateway::SHS_RS_PATH, body, pem)
}

/// An API Gateway event over mutual TLS, as the Lambda runtime reads it.
fn event(method: &str, path: &str, body: &str, pem: &str) -> Request {
    let e = json!({
        "version": "2.0", "routeKey": "$default", "rawPath": path,
        "rawQueryString": "", "headers": {"content-type": shs::CONTENT_TYPE},
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "domainName": "lefi.example",
            "domainPrefix": "lefi", "requestId": format!("r-{}", uuid_like()),
            "routeKey": "$default", "stage": "$default",
            "time": "07/Dec/2026:09:00:00 +0000", "timeEpoch": 1_796_634_000_000_i64,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "192.0.2.1", "userAgent": "test"},
            "authentication": {"clientCert": {"clientCertPem": pem, "issuerDN": "CN=x",
                "subjectDN": "CN=x", "serialNumber": "1",
                "validity": {"notAfter": "Aug 5 00:28:21 2120 GMT", "notBefore": "Aug 29 00:28:21 2020 GMT"}}}
        },
        "body": body, "isBase64Encoded": false
    });
    serde_json::from_value::<LambdaRequest>(e).unwrap().into()
}

fn uuid_like() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn label(tx_id: &str, parts: usize) -> Label {
    Label {
        tx_id: tx_id.into(),
        corr_id: format!("corr-{tx_id}"),
        transfer_type: TransferType::Asynch,
        sequence_type: SequenceType::Request,
        status: Some("test".into()),
        originator: Some(shs::address(ORG)),
        from: None,
        to: Some(shs::address(lefi_gateway::SERVICE_ID)),
        product: shs::PRODUCT_ID.into(),
        subject: None,
        datetime: "2026-12-07T09:00:00Z".into(),
        content_id: format!("content-{tx_id}"),
        data: (0..parts)
            .map(|_| DataDescription {
                datapart_type: "xml".into(),
                filename: Some("fraga.xml".into()),
                no_of_bytes: None,
            })
            .collect(),
    }
}

/// An asynchronous message of `parts` queries, each asking for sjukpenning.
fn mass_query(tx_id: &str, parts: usize) -> String {
    let fraga = format!(
        "<Fraga xmlns=\"urn:se:forsakringskassan:lefi-online:1\"><AktorsId>{PARTNER}</AktorsId>\
         <Personnummer>{PNR}</Personnummer><Period><From>2025-01-01</From><Tom>2025-12-31</Tom></Period>\
         <Formansinformation><Kod>FK:SJP</Kod></Formansinformation></Fraga>"
    );
    let data: Vec<DataPart> = (0..parts)
        .map(|_| DataPart {
            content_type: "text/xml; charset=UTF-8".into(),
            filename: Some("fraga.xml".into()),
            body: fraga.clone().into_bytes(),
        })
        .collect();
    String::from_utf8(shs::render_message(&label(tx_id, parts), &data)).unwrap()
}

/// The reply ids the mailbox must hold for a message: one per part.
fn reply_ids(tx_id: &str, parts: usize) -> BTreeSet<String> {
    (1..=parts)
        .map(|n| {
            lefi_gateway::shs::reply_tx_id(&Label {
                tx_id: format!("{tx_id}#{n}"),
                ..label(tx_id, parts)
            })
        })
        .collect()
}

async fn in_mailbox(store: &DynamoStore) -> Vec<String> {
    store
        .waiting(ORG, lefi_gateway::Clock::now(&SystemClock))
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.tx_id)
        .collect()
}

/// The reply as the delivery service gives it (`GET /shs/ds/{address}/{txId}`).
async fn fetched(gw: &Gateway, pem: &str, tx_id: &str) -> String {
    let path = format!(
        "{}{}/{tx_id}",
        lefi_gateway::SHS_DS_PREFIX,
        shs::address(ORG)
    );
    let response = lefi_gateway::handle(gw, event("GET", &path, "", pem)).await;
    assert_eq!(response.status(), 200, "fetching {tx_id}");
    String::from_utf8(response.body().to_vec()).unwrap()
}

/// The worker as a process of its own: the event source mapping's loop until killed.
/// Run only by the crash test (it sets the environment), as this binary's child.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "the crash test's worker process: run by c1_shs_a_worker_killed_mid_batch_…"]
async fn worker_process() {
    let env: HashMap<&str, String> = CHILD_VARS
        .iter()
        .map(|k| (*k, std::env::var(k).expect("run by the crash test")))
        .collect();
    let aws = lefi_test_aws::aws("worker_process").await.unwrap();
    let store = store(&aws, &env["LEFI_CRASH_PREFIX"]).await;
    // Slow registries: a query takes a good half second, so the kill finds queries
    // under way (their query ids claimed, their replies not yet in the mailbox).
    let (gw, _sim) = gateway(store, 300).await;
    let gw = Arc::new(gw);
    let sqs = aws_sdk_sqs::Client::new(&aws.config);
    // Until killed — or orphaned (the test that started it failed and is gone), or
    // after five minutes: never a process left behind.
    let parent = std::os::unix::process::parent_id();
    let started = Instant::now();
    while std::os::unix::process::parent_id() == parent
        && started.elapsed() < Duration::from_secs(300)
    {
        poll_once(&sqs, &env["LEFI_CRASH_QUEUE_URL"], &gw).await;
    }
}

/// A worker process, killed (SIGKILL) when dropped if the test has not killed it.
struct WorkerProcess(std::process::Child);

impl WorkerProcess {
    fn spawn(prefix: &str, queue: &str) -> Self {
        Self(
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["worker_process", "--exact", "--ignored", "--nocapture"])
                .env("LEFI_CRASH_PREFIX", prefix)
                .env("LEFI_CRASH_QUEUE_URL", queue)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        )
    }

    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn waiting_on(sqs: &aws_sdk_sqs::Client, url: &str) -> u64 {
    let attrs = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap();
    attrs.values().map(|v| v.parse::<u64>().unwrap()).sum()
}

/// One test's own tables, queues and partner on the AWS-compatible server.
struct World {
    aws: lefi_test_aws::AwsTarget,
    prefix: String,
    store: Arc<DynamoStore>,
    pem: String,
    sqs: aws_sdk_sqs::Client,
    work: String,
    dlq: String,
}

async fn world(case: &str) -> Option<World> {
    let aws = lefi_test_aws::aws(case).await?;
    let prefix = format!("{case}{}-{}", std::process::id(), uuid_like() % 1_000_000);
    let store = store(&aws, &prefix).await;
    store.create_tables().await.unwrap();
    let pem = certificate();
    seed(&store, &pem).await;
    let sqs = aws_sdk_sqs::Client::new(&aws.config);
    let (work, dlq) = queues(&sqs, &prefix).await;
    Some(World {
        aws,
        prefix,
        store,
        pem,
        sqs,
        work,
        dlq,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn c1_shs_a_worker_killed_mid_batch_leaves_no_query_unanswered_and_none_answered_twice() {
    const PARTS: usize = 60;
    let Some(World {
        aws,
        prefix,
        store,
        pem,
        sqs,
        work,
        dlq,
    }) = world("crash").await
    else {
        return;
    };
    let (gw, _sim) = gateway(store.clone(), 0).await;
    let gw = gw.with_shs_queue(Arc::new(SqsQueue::new(&aws.config, &work)));

    let tx = format!("tx-{prefix}");
    let accepted = lefi_gateway::handle(&gw, shs_post(&mass_query(&tx, PARTS), &pem)).await;
    assert_eq!(accepted.status(), 202, "{:?}", accepted.body());
    assert_eq!(
        waiting_on(&sqs, &work).await,
        PARTS as u64,
        "every query queued"
    );

    // The first worker, killed (SIGKILL) once some replies are in and others are not.
    let mut first = WorkerProcess::spawn(&prefix, &work);
    let started = Instant::now();
    let at_kill = loop {
        let n = in_mailbox(&store).await.len();
        if n >= 5 {
            break n;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the worker answered nothing"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    first.kill();
    let after_kill = in_mailbox(&store).await.len();
    eprintln!("killed the first worker with {after_kill} of {PARTS} replies in the mailbox");
    assert!(
        after_kill < PARTS,
        "the worker was killed with work left ({at_kill} replies when killed)"
    );

    // A second worker finishes: what the first had received comes back after the
    // visibility timeout; what it had answered but not deleted replays.
    let mut second = WorkerProcess::spawn(&prefix, &work);
    let started = Instant::now();
    while waiting_on(&sqs, &work).await > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the queue never emptied"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    second.kill();

    let delivered: BTreeSet<String> = in_mailbox(&store).await.into_iter().collect();
    assert_eq!(
        delivered,
        reply_ids(&tx, PARTS),
        "exactly one reply per query ({after_kill} were in when the first worker died)"
    );
    assert_eq!(in_mailbox(&store).await.len(), PARTS, "none twice");
    for id in &delivered {
        let reply = fetched(&gw, &pem, id).await;
        assert!(
            reply.contains("<Svar") && !reply.contains("Felsvar"),
            "each reply is an answer, not an error: {id}"
        );
    }
    assert_eq!(
        waiting_on(&sqs, &dlq).await,
        0,
        "nothing in the dead-letter queue"
    );
}

/// A queue that keeps what it is given: the test takes one item and spoils it.
#[derive(Default)]
struct Kept(std::sync::Mutex<Vec<Work>>);

#[async_trait::async_trait]
impl Queue for Kept {
    async fn send(&self, work: Vec<Work>) -> Result<(), WorkError> {
        self.0.lock().unwrap().extend(work);
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn c1_shs_a_poison_query_is_audited_answered_with_its_number_and_dead_lettered() {
    let Some(World {
        aws,
        prefix,
        store,
        pem,
        sqs,
        work,
        dlq,
    }) = world("poison").await
    else {
        return;
    };
    let kept = Arc::new(Kept::default());
    let (gw, _sim) = gateway(store.clone(), 0).await;
    let gw = gw.with_shs_queue(kept.clone());

    // A message of three queries; the second one's query is spoiled (it no longer opens
    // under the keys), the others are queued as they are.
    let tx = format!("tx-{prefix}");
    let accepted = lefi_gateway::handle(&gw, shs_post(&mass_query(&tx, 3), &pem)).await;
    assert_eq!(accepted.status(), 202);
    let mut items = kept.0.lock().unwrap().clone();
    items[1].query = items[0].query.clone();
    SqsQueue::new(&aws.config, &work).send(items).await.unwrap();

    let gw = Arc::new(gw);
    let started = Instant::now();
    while waiting_on(&sqs, &work).await > 0 {
        poll_once(&sqs, &work, &gw).await;
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the queue never emptied"
        );
    }
    assert_eq!(
        waiting_on(&sqs, &dlq).await,
        1,
        "the poison item is in the dead-letter queue"
    );

    let expected = reply_ids(&tx, 3);
    let delivered: BTreeSet<String> = in_mailbox(&store).await.into_iter().collect();
    assert_eq!(
        delivered, expected,
        "every query has its reply, the poison one too"
    );
    let poison = lefi_gateway::shs::reply_tx_id(&Label {
        tx_id: format!("{tx}#2"),
        ..label(&tx, 3)
    });
    let reply = fetched(&gw, &pem, &poison).await;
    assert!(
        reply.contains("Felsvar") && reply.contains("Fråga 2 av 3"),
        "the reply says which query failed: {reply}"
    );
    // Audited once, on the last delivery, as abandoned (a run at midnight may see it
    // filed under the next day: then it fails, loudly).
    let today = lefi_domain::tz::stockholm_date(lefi_gateway::Clock::now(&SystemClock));
    let records = store.by_day(today).await.unwrap();
    let abandoned = records
        .iter()
        .filter(
            |r| matches!(&r.outcome, Outcome::Failed { error } if error == "shs-work-abandoned"),
        )
        .count();
    assert_eq!(abandoned, 1, "one record of the abandoned query");
}

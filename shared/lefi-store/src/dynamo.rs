//! The DynamoDB adapter (aws-sdk-dynamodb), against AWS, LocalStack or moto — wherever
//! the SDK's configuration (`AWS_ENDPOINT_URL` included) points.
//!
//! - Append-only and first-writer-wins are conditional writes (`attribute_not_exists`).
//! - Counters are atomic `ADD`s.
//! - Rate limits are optimistic: read the partner's record (bucket and day's count),
//!   decide with the arithmetic the embedded adapter uses ([`crate::bucket`]), write it
//!   back conditioned on what was read, and retry when another writer won. One item,
//!   so no transaction is needed.
//! - Expiring items carry the table's TTL attribute (epoch seconds) for AWS to delete
//!   them eventually, and an exact `expires_ms`; reads ignore expired items themselves,
//!   because TTL deletion is lazy in AWS and absent in emulators.
//! - Throttling and transient errors are retried by the SDK's standard retry strategy
//!   (exponential backoff with jitter); everything else becomes a [`StoreError`].

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, ReturnValue, ScalarAttributeType, TimeToLiveSpecification,
};
use chrono::{DateTime, NaiveDate, Utc};
use lefi_domain::Agreement;
use lefi_domain::agreement::TrafficLimits;
use lefi_domain::tz::stockholm_date;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::bucket::{self, Bucket};
use crate::ports::*;

/// The table definitions shared with Terraform (`infra/` reads the same file).
pub const TABLES_JSON: &str = include_str!("../tables.json");

#[derive(Debug, Clone, Deserialize)]
pub struct TableSpec {
    pub name: String,
    pub hash_key: KeySpec,
    #[serde(default)]
    pub range_key: Option<KeySpec>,
    pub ttl: bool,
    #[serde(default)]
    pub indexes: Vec<IndexSpec>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct KeySpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IndexSpec {
    pub name: String,
    pub hash_key: KeySpec,
    pub range_key: Option<KeySpec>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TablesSpec {
    pub ttl_attribute: String,
    pub tables: Vec<TableSpec>,
}

/// The parsed table definitions.
pub fn tables() -> TablesSpec {
    match serde_json::from_str(TABLES_JSON) {
        Ok(spec) => spec,
        Err(e) => unreachable!("tables.json is checked by a test: {e}"),
    }
}

const TTL: &str = "ttl";
const AUDIT_INDEX: &str = "by-partner-day";
const AUDIT_BY_DAY: &str = "by-day";
const AUDIT_BY_SUBJECT: &str = "by-subject";
/// A day's records are spread over this many index partitions, so that one day's
/// writes do not all land on one partition of the by-day index (DynamoDB's write
/// sharding pattern); [`AuditLog::by_day`] reads them all and merges.
const DAY_SHARDS: u8 = 16;

/// The by-day index key of a record: its Stockholm day and a shard from its id.
fn day_shard(record: &AuditRecord) -> String {
    use sha2::{Digest, Sha256};
    let shard = Sha256::digest(record.id.as_bytes())[0] % DAY_SHARDS;
    format!("{}#{shard:02}", stockholm_date(record.at))
}
/// Optimistic rate-limit takes that lost to another writer are retried this often.
const TAKE_ATTEMPTS: u32 = 200;

/// The store in DynamoDB. Cheap to clone (the SDK client is shared).
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    prefix: String,
}

impl DynamoStore {
    /// Through a configuration the caller loaded (a Lambda shares one among its
    /// clients); standard retries, five attempts, whatever the configuration says.
    pub fn from_conf(config: &aws_types::SdkConfig, prefix: impl Into<String>) -> Self {
        let conf = aws_sdk_dynamodb::config::Builder::from(config)
            .retry_config(
                aws_sdk_dynamodb::config::retry::RetryConfig::standard().with_max_attempts(5),
            )
            .build();
        Self::new(Client::from_conf(conf), prefix)
    }

    pub fn new(client: Client, prefix: impl Into<String>) -> Self {
        Self {
            client,
            prefix: prefix.into(),
        }
    }

    fn table(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// Creates every table of [`tables()`] under this store's prefix, on demand, with
    /// TTL where the definition asks for it, and waits until they are active. For tests
    /// and local setups; in AWS, Terraform creates them from the same definitions.
    pub async fn create_tables(&self) -> StoreResult<()> {
        let spec = tables();
        for t in &spec.tables {
            let mut definitions = vec![attribute(&t.hash_key)?];
            let mut schema = vec![key(&t.hash_key, KeyType::Hash)?];
            if let Some(r) = &t.range_key {
                definitions.push(attribute(r)?);
                schema.push(key(r, KeyType::Range)?);
            }
            let mut request = self
                .client
                .create_table()
                .table_name(self.table(&t.name))
                .billing_mode(BillingMode::PayPerRequest)
                .set_key_schema(Some(schema));
            for index in &t.indexes {
                definitions.push(attribute(&index.hash_key)?);
                let mut index_schema = vec![key(&index.hash_key, KeyType::Hash)?];
                if let Some(r) = &index.range_key {
                    definitions.push(attribute(r)?);
                    index_schema.push(key(r, KeyType::Range)?);
                }
                request = request.global_secondary_indexes(
                    GlobalSecondaryIndex::builder()
                        .index_name(&index.name)
                        .set_key_schema(Some(index_schema))
                        .projection(
                            Projection::builder()
                                .projection_type(ProjectionType::All)
                                .build(),
                        )
                        .build()
                        .map_err(build_error)?,
                );
            }
            // Once each: DynamoDB refuses an attribute defined twice (indexes share `at_id`).
            definitions.sort_by(|a, b| a.attribute_name().cmp(b.attribute_name()));
            definitions.dedup_by(|a, b| a.attribute_name() == b.attribute_name());
            request
                .set_attribute_definitions(Some(definitions))
                .send()
                .await
                .map_err(unavailable)?;
            if t.ttl {
                self.client
                    .update_time_to_live()
                    .table_name(self.table(&t.name))
                    .time_to_live_specification(
                        TimeToLiveSpecification::builder()
                            .enabled(true)
                            .attribute_name(&spec.ttl_attribute)
                            .build()
                            .map_err(build_error)?,
                    )
                    .send()
                    .await
                    .map_err(unavailable)?;
            }
        }
        for t in &spec.tables {
            self.wait_active(&self.table(&t.name)).await?;
        }
        Ok(())
    }

    async fn wait_active(&self, table: &str) -> StoreResult<()> {
        for _ in 0..100 {
            let out = self
                .client
                .describe_table()
                .table_name(table)
                .send()
                .await
                .map_err(unavailable)?;
            let active = out
                .table()
                .and_then(|t| t.table_status())
                .is_some_and(|s| s.as_str() == "ACTIVE");
            if active {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(StoreError::Unavailable(format!(
            "table {table} never became active"
        )))
    }

    async fn get_item(
        &self,
        table: &str,
        key: &str,
        value: &str,
    ) -> StoreResult<Option<HashMap<String, AttributeValue>>> {
        let out = self
            .client
            .get_item()
            .table_name(self.table(table))
            .key(key, s(value))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(out.item)
    }

    async fn get_doc<T: DeserializeOwned>(
        &self,
        table: &str,
        key: &str,
        value: &str,
    ) -> StoreResult<Option<T>> {
        match self.get_item(table, key, value).await? {
            Some(item) => doc(&item).map(Some),
            None => Ok(None),
        }
    }
}

fn attribute(k: &KeySpec) -> StoreResult<AttributeDefinition> {
    let kind = match k.kind.as_str() {
        "S" => ScalarAttributeType::S,
        "N" => ScalarAttributeType::N,
        other => return Err(StoreError::Corrupt(format!("unknown key type {other}"))),
    };
    AttributeDefinition::builder()
        .attribute_name(&k.name)
        .attribute_type(kind)
        .build()
        .map_err(build_error)
}

fn key(k: &KeySpec, kind: KeyType) -> StoreResult<KeySchemaElement> {
    KeySchemaElement::builder()
        .attribute_name(&k.name)
        .key_type(kind)
        .build()
        .map_err(build_error)
}

fn build_error(e: aws_sdk_dynamodb::error::BuildError) -> StoreError {
    StoreError::Unavailable(format!("request could not be built: {e}"))
}

/// Any SDK failure, reduced to its code and message: never the request's contents.
fn unavailable<E: ProvideErrorMetadata, R>(e: SdkError<E, R>) -> StoreError {
    let detail = match &e {
        SdkError::ServiceError(se) => format!(
            "{}: {}",
            se.err().code().unwrap_or("ServiceError"),
            se.err().message().unwrap_or("")
        ),
        SdkError::TimeoutError(_) => "timeout".into(),
        SdkError::DispatchFailure(_) => "cannot connect".into(),
        other => format!("{other}"),
    };
    StoreError::Unavailable(detail)
}

/// Whether the failure is a lost condition.
fn lost_condition<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> bool {
    matches!(e.code(), Some("ConditionalCheckFailedException"))
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or_default()
}

fn get_n(item: &HashMap<String, AttributeValue>, name: &str) -> StoreResult<i64> {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} missing or not a number")))
}

fn get_s<'a>(item: &'a HashMap<String, AttributeValue>, name: &str) -> StoreResult<&'a str> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} missing or not a string")))
}

fn doc<T: DeserializeOwned>(item: &HashMap<String, AttributeValue>) -> StoreResult<T> {
    serde_json::from_str(get_s(item, "doc")?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn to_doc<T: serde::Serialize>(value: &T) -> StoreResult<AttributeValue> {
    serde_json::to_string(value)
        .map(s)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// TTL value: epoch seconds, rounded up so an item is never deleted before it expires.
fn ttl(expires: DateTime<Utc>) -> AttributeValue {
    n(expires.timestamp() + 1)
}

#[async_trait]
impl Directory for DynamoStore {
    async fn caller_by_certificate(&self, key: &CertificateKey) -> StoreResult<Option<Caller>> {
        self.get_doc("directory", "pk", &format!("CERT#{}", key.storage_key()))
            .await
    }

    async fn agreement(&self, partner: &PartnerId) -> StoreResult<Option<Agreement>> {
        self.get_doc("directory", "pk", &format!("AGREEMENT#{partner}"))
            .await
    }

    async fn put_agreement(&self, agreement: &Agreement) -> StoreResult<()> {
        self.client
            .put_item()
            .table_name(self.table("directory"))
            .item("pk", s(format!("AGREEMENT#{}", agreement.id)))
            .item("doc", to_doc(agreement)?)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn put_caller(&self, key: &CertificateKey, caller: &Caller) -> StoreResult<()> {
        self.client
            .put_item()
            .table_name(self.table("directory"))
            .item("pk", s(format!("CERT#{}", key.storage_key())))
            .item("doc", to_doc(caller)?)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn portal_user(&self, user_hash: &str) -> StoreResult<Option<PortalUser>> {
        self.get_doc("directory", "pk", &format!("PORTALUSER#{user_hash}"))
            .await
    }

    async fn put_portal_user(&self, user_hash: &str, user: &PortalUser) -> StoreResult<()> {
        self.client
            .put_item()
            .table_name(self.table("directory"))
            .item("pk", s(format!("PORTALUSER#{user_hash}")))
            .item("doc", to_doc(user)?)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn agreements(&self) -> StoreResult<Vec<Agreement>> {
        // The directory is small (one item per partner, certificate and portal user) and
        // listed only by the operator: a consistent Scan, not an index to keep.
        let mut all: Vec<Agreement> = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(self.table("directory"))
                .filter_expression("begins_with(pk, :p)")
                .expression_attribute_values(":p", s("AGREEMENT#"))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in out.items() {
                all.push(doc(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        all.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(all)
    }

    async fn delete_caller(&self, key: &CertificateKey) -> StoreResult<()> {
        self.delete_directory(&format!("CERT#{}", key.storage_key()))
            .await
    }

    async fn delete_portal_user(&self, user_hash: &str) -> StoreResult<()> {
        self.delete_directory(&format!("PORTALUSER#{user_hash}"))
            .await
    }

    async fn partner_config(&self, partner: &PartnerId) -> StoreResult<Option<String>> {
        match self
            .get_item("directory", "pk", &format!("CONFIG#{partner}"))
            .await?
        {
            Some(item) => Ok(Some(get_s(&item, "config")?.to_owned())),
            None => Ok(None),
        }
    }

    async fn put_partner_config(&self, partner: &PartnerId, config: &str) -> StoreResult<()> {
        self.client
            .put_item()
            .table_name(self.table("directory"))
            .item("pk", s(format!("CONFIG#{partner}")))
            .item("config", s(config))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

impl DynamoStore {
    async fn delete_directory(&self, pk: &str) -> StoreResult<()> {
        self.client
            .delete_item()
            .table_name(self.table("directory"))
            .key("pk", s(pk))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

#[async_trait]
impl AuditLog for DynamoStore {
    async fn append(&self, record: &AuditRecord) -> StoreResult<()> {
        let mut put = self
            .client
            .put_item()
            .table_name(self.table("audit"))
            .item("id", s(&record.id))
            .item(
                "at_id",
                s(format!(
                    "{}#{}",
                    record.at.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
                    record.id
                )),
            )
            .item("day_shard", s(day_shard(record)))
            .item("doc", to_doc(record)?)
            .condition_expression("attribute_not_exists(id)");
        if let Some(subject) = &record.subject {
            put = put.item("subject", s(&subject.hash));
        }
        if let Some(p) = &record.partner {
            put = put.item(
                "partner_day",
                s(format!("{p}#{}", stockholm_date(record.at))),
            );
        }
        match put.send().await {
            Ok(_) => Ok(()),
            Err(e) if lost_condition(&e) => Err(StoreError::AlreadyExists),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn get(&self, id: &str) -> StoreResult<Option<AuditRecord>> {
        self.get_doc("audit", "id", id).await
    }

    async fn by_partner_and_day(
        &self,
        partner: &PartnerId,
        day: NaiveDate,
    ) -> StoreResult<Vec<AuditRecord>> {
        self.audit_index(AUDIT_INDEX, "partner_day", format!("{partner}#{day}"))
            .await
    }

    async fn by_day(&self, day: NaiveDate) -> StoreResult<Vec<AuditRecord>> {
        let mut records = Vec::new();
        for shard in 0..DAY_SHARDS {
            let key = format!("{day}#{shard:02}");
            records.extend(self.audit_index(AUDIT_BY_DAY, "day_shard", key).await?);
        }
        records.sort_by(audit_order);
        Ok(records)
    }

    async fn by_subject(&self, subject_hash: &str) -> StoreResult<Vec<AuditRecord>> {
        self.audit_index(AUDIT_BY_SUBJECT, "subject", subject_hash.to_owned())
            .await
    }
}

impl DynamoStore {
    /// Every record under one key of an index of the audit table, oldest first (the
    /// indexes' range key is the time, then the id).
    async fn audit_index(
        &self,
        index: &str,
        attribute: &str,
        key: String,
    ) -> StoreResult<Vec<AuditRecord>> {
        let mut records = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(self.table("audit"))
                .index_name(index)
                .key_condition_expression("#k = :k")
                .expression_attribute_names("#k", attribute)
                .expression_attribute_values(":k", s(&key))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in out.items() {
                records.push(doc(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        Ok(records)
    }
}

#[async_trait]
impl Usage for DynamoStore {
    async fn count(&self, partner: &PartnerId, month: &str) -> StoreResult<u64> {
        let out = self
            .client
            .update_item()
            .table_name(self.table("usage"))
            .key("month", s(month))
            .key("partner", s(&partner.0))
            .update_expression("ADD #n :one")
            .expression_attribute_names("#n", "n")
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        let count = get_n(out.attributes().unwrap_or(&HashMap::new()), "n")?;
        u64::try_from(count).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    async fn month_totals(&self, month: &str) -> StoreResult<Vec<(PartnerId, u64)>> {
        let mut totals = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(self.table("usage"))
                .key_condition_expression("#m = :m")
                .expression_attribute_names("#m", "month")
                .expression_attribute_values(":m", s(month))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in out.items() {
                let count = u64::try_from(get_n(item, "n")?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                totals.push((PartnerId(get_s(item, "partner")?.to_owned()), count));
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        totals.sort();
        Ok(totals)
    }
}

#[async_trait]
impl Idempotency for DynamoStore {
    async fn begin(
        &self,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Begin> {
        // A claim can vanish between a lost write and the read (abandoned, taken over):
        // then try the write again.
        for _ in 0..10 {
            let put = self
                .client
                .put_item()
                .table_name(self.table("idempotency"))
                .item("key", s(key))
                .item("fingerprint", s(fingerprint))
                .item("state", s("IN_PROGRESS"))
                .item("expires_ms", n(ms(expires_at)))
                .item(TTL, ttl(expires_at))
                .condition_expression("attribute_not_exists(#k) OR expires_ms <= :now")
                .expression_attribute_names("#k", "key")
                .expression_attribute_values(":now", n(ms(now)))
                .send()
                .await;
            match put {
                Ok(_) => return Ok(Begin::Started),
                Err(e) if lost_condition(&e) => {}
                Err(e) => return Err(unavailable(e)),
            }
            let Some(item) = self.get_item("idempotency", "key", key).await? else {
                continue;
            };
            if get_n(&item, "expires_ms")? <= ms(now) {
                continue;
            }
            if get_s(&item, "fingerprint")? != fingerprint {
                return Ok(Begin::Conflict);
            }
            let state = match get_s(&item, "state")? {
                "DONE" => IdempotencyState::Done {
                    answer: get_s(&item, "answer")?.to_owned(),
                },
                _ => IdempotencyState::InProgress,
            };
            return Ok(Begin::Existing(state));
        }
        Err(StoreError::Unavailable(
            "idempotency claim kept changing".into(),
        ))
    }

    async fn complete(
        &self,
        key: &str,
        answer: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let update = self
            .client
            .update_item()
            .table_name(self.table("idempotency"))
            .key("key", s(key))
            // `ttl` is one of DynamoDB's reserved words: named, not written.
            .update_expression(
                "SET #state = :done, answer = :answer, expires_ms = :expires, #ttl = :ttl",
            )
            .condition_expression("#state = :in_progress AND expires_ms > :now")
            .expression_attribute_names("#state", "state")
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":expires", n(ms(expires_at)))
            .expression_attribute_values(":ttl", ttl(expires_at))
            .expression_attribute_values(":done", s("DONE"))
            .expression_attribute_values(":in_progress", s("IN_PROGRESS"))
            .expression_attribute_values(":answer", s(answer))
            .expression_attribute_values(":now", n(ms(now)))
            .send()
            .await;
        match update {
            Ok(_) => Ok(()),
            Err(e) if lost_condition(&e) => Err(StoreError::Conflict),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn abandon(&self, key: &str) -> StoreResult<()> {
        let delete = self
            .client
            .delete_item()
            .table_name(self.table("idempotency"))
            .key("key", s(key))
            .condition_expression("#state = :in_progress")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":in_progress", s("IN_PROGRESS"))
            .send()
            .await;
        match delete {
            Ok(_) => Ok(()),
            Err(e) if lost_condition(&e) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[async_trait]
impl RateLimits for DynamoStore {
    async fn take(
        &self,
        partner: &PartnerId,
        limits: &TrafficLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Take> {
        let key = format!("LIMITS#{partner}");
        for attempt in 0..TAKE_ATTEMPTS {
            let previous = match self.get_item("ratelimits", "key", &key).await? {
                Some(item) => Some(Bucket {
                    milli_tokens: u64::try_from(get_n(&item, "milli")?).unwrap_or(0),
                    at: from_ms(get_n(&item, "at_ms")?),
                    day: get_s(&item, "day")?
                        .parse()
                        .map_err(|e: chrono::ParseError| StoreError::Corrupt(e.to_string()))?,
                    used: u64::try_from(get_n(&item, "used")?).unwrap_or(0),
                }),
                None => None,
            };
            let refilled = bucket::refill(previous, limits, now);
            let decision = bucket::decide(&refilled, limits, now);
            if decision != Take::Allowed {
                return Ok(decision);
            }
            let after = bucket::taken(refilled);
            // The write holds only if nobody changed the record since we read it.
            let mut put = self
                .client
                .put_item()
                .table_name(self.table("ratelimits"))
                .item("key", s(&key))
                .item("milli", n(after.milli_tokens))
                .item("at_ms", n(ms(after.at)))
                .item("day", s(after.day.to_string()))
                .item("used", n(after.used))
                .item(
                    TTL,
                    ttl(bucket::next_stockholm_midnight(now) + chrono::TimeDelta::days(1)),
                );
            put = match previous {
                None => put
                    .condition_expression("attribute_not_exists(#k)")
                    .expression_attribute_names("#k", "key"),
                Some(b) => put
                    .condition_expression(
                        "milli = :milli AND at_ms = :at AND #day = :day AND used = :used",
                    )
                    .expression_attribute_names("#day", "day")
                    .expression_attribute_values(":milli", n(b.milli_tokens))
                    .expression_attribute_values(":at", n(ms(b.at)))
                    .expression_attribute_values(":day", s(b.day.to_string()))
                    .expression_attribute_values(":used", n(b.used)),
            };
            match put.send().await {
                Ok(_) => return Ok(Take::Allowed),
                Err(e) if lost_condition(&e) => {
                    // Another take won the race: back off a little, with jitter, and re-read.
                    let jitter =
                        u64::from(now.timestamp_subsec_nanos() % 7) + u64::from(attempt % 5);
                    tokio::time::sleep(Duration::from_millis(jitter)).await;
                }
                Err(e) => return Err(unavailable(e)),
            }
        }
        Err(StoreError::Unavailable(
            "rate limit kept changing under contention".into(),
        ))
    }
}

#[async_trait]
impl Sessions for DynamoStore {
    async fn create(&self, session: &Session) -> StoreResult<()> {
        let put = self
            .client
            .put_item()
            .table_name(self.table("sessions"))
            .item("id", s(&session.id))
            .item("doc", to_doc(session)?)
            .item("last_seen_ms", n(ms(session.last_seen)))
            .item("expires_ms", n(ms(session.expires_at())))
            .item(TTL, ttl(session.expires_at()))
            .condition_expression("attribute_not_exists(id)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(()),
            Err(e) if lost_condition(&e) => Err(StoreError::AlreadyExists),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn touch(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        let expires = now + Session::IDLE_TIMEOUT;
        let update = self
            .client
            .update_item()
            .table_name(self.table("sessions"))
            .key("id", s(id))
            .update_expression("SET last_seen_ms = :now, expires_ms = :exp, #ttl = :ttl")
            .condition_expression("expires_ms > :now AND last_seen_ms <= :now")
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":now", n(ms(now)))
            .expression_attribute_values(":exp", n(ms(expires)))
            .expression_attribute_values(":ttl", ttl(expires))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        let item = match update {
            Ok(out) => out.attributes.unwrap_or_default(),
            Err(e) if lost_condition(&e) => {
                // Expired (gone for good), unknown, or touched later than `now` already.
                match self.get_item("sessions", "id", id).await? {
                    Some(item) if get_n(&item, "expires_ms")? > ms(now) => item,
                    Some(_) => {
                        self.end(id).await?;
                        return Ok(None);
                    }
                    None => return Ok(None),
                }
            }
            Err(e) => return Err(unavailable(e)),
        };
        let mut session: Session = doc(&item)?;
        session.last_seen = from_ms(get_n(&item, "last_seen_ms")?);
        Ok(Some(session))
    }

    async fn end(&self, id: &str) -> StoreResult<()> {
        self.client
            .delete_item()
            .table_name(self.table("sessions"))
            .key("id", s(id))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// The SHS mailboxes: one item per reply, the address its hash key and the `tx.id` its
/// range key; the metadata as a document, the sealed message beside it (left out of
/// the list's reads: a mass query's mailbox holds thousands of them).
#[async_trait]
impl Mailbox for DynamoStore {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<bool> {
        let item = &delivery.item;
        let put = self
            .client
            .put_item()
            .table_name(self.table("mailbox"))
            .item("address", s(&item.address))
            .item("tx_id", s(&item.tx_id))
            .item("doc", to_doc(item)?)
            .item("message", s(&delivery.sealed))
            .item("expires_ms", n(ms(item.expires)))
            .item(TTL, ttl(item.expires))
            .condition_expression("attribute_not_exists(tx_id)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(true),
            Err(e) if lost_condition(&e) => Ok(false),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn waiting(&self, address: &str, now: DateTime<Utc>) -> StoreResult<Vec<MailboxItem>> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(self.table("mailbox"))
                .key_condition_expression("address = :a")
                .filter_expression("expires_ms > :now")
                .projection_expression("#doc")
                .expression_attribute_names("#doc", "doc")
                .expression_attribute_values(":a", s(address))
                .expression_attribute_values(":now", n(ms(now)))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in out.items() {
                items.push(doc::<MailboxItem>(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        items.sort_by(|a, b| (a.arrived, &a.tx_id).cmp(&(b.arrived, &b.tx_id)));
        Ok(items)
    }

    async fn fetch(
        &self,
        address: &str,
        tx_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Delivery>> {
        let out = self
            .client
            .get_item()
            .table_name(self.table("mailbox"))
            .key("address", s(address))
            .key("tx_id", s(tx_id))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let Some(found) = out.item else {
            return Ok(None);
        };
        let item: MailboxItem = doc(&found)?;
        if item.expires <= now {
            return Ok(None);
        }
        let sealed = get_s(&found, "message")?.to_owned();
        Ok(Some(Delivery { item, sealed }))
    }

    async fn acknowledge(&self, address: &str, tx_id: &str) -> StoreResult<bool> {
        let out = self
            .client
            .delete_item()
            .table_name(self.table("mailbox"))
            .key("address", s(address))
            .key("tx_id", s(tx_id))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(out.attributes.is_some_and(|a| !a.is_empty()))
    }
}

//! Per-execution overhead of the executor: the query workflow's shape (Validate →
//! LookupPerson → Map of 24 benefits → Compile → Audit) with tasks that do nothing, so
//! what is measured is the executor: paths, templates, events, the Map's fan-out.
//!
//! `cargo bench -p lefi-sfn-local --bench executor`

use std::sync::Arc;

use async_trait::async_trait;
use criterion::{Criterion, criterion_group, criterion_main};
use lefi_sfn_local::{Executor, InstantSleeper, Resources, StateMachine, TaskError};
use serde_json::{Value, json};

/// Every resource returns its input.
#[derive(Debug)]
struct NoOp;

#[async_trait]
impl Resources for NoOp {
    async fn invoke(&self, _resource: &str, input: Value) -> Result<Value, TaskError> {
        Ok(input)
    }
}

fn definition() -> Value {
    let f = |name: &str| format!("arn:aws:lambda:eu-north-1:000000000000:function:{name}");
    json!({
        "StartAt": "Validate",
        "States": {
            "Validate": {"Type": "Task", "Resource": f("validate"),
                "Parameters": {"query.$": "$.query", "partner.$": "$.partner", "execution.$": "$$.Execution.Name"},
                "ResultPath": "$.valid", "Next": "LookupPerson",
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}]},
            "LookupPerson": {"Type": "Task", "Resource": f("lookup-person"),
                "Parameters": {"pnr.$": "$.query.pnr"}, "ResultSelector": {"person.$": "$"},
                "ResultPath": "$.person", "Next": "FetchBenefits",
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Audit"}]},
            "FetchBenefits": {"Type": "Map", "ItemsPath": "$.query.benefits", "MaxConcurrency": 8,
                "ItemSelector": {"benefit.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "pnr.$": "$.query.pnr"},
                "ItemProcessor": {"StartAt": "FetchBenefit", "States": {
                    "FetchBenefit": {"Type": "Task", "Resource": f("fetch-benefit"), "End": true,
                        "Retry": [{"ErrorEquals": ["RegistryTimeout"], "MaxAttempts": 2, "JitterStrategy": "FULL"}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Deviation"}]},
                    "Deviation": {"Type": "Pass", "Parameters": {"avvikelse": "INTERNT_FEL", "benefit.$": "$.benefit"}, "End": true}}},
                "ResultPath": "$.benefits", "Next": "Compile"},
            "Compile": {"Type": "Task", "Resource": f("compile"),
                "Parameters": {"person.$": "$.person", "benefits.$": "$.benefits"},
                "ResultPath": "$.answer", "Next": "Audit"},
            "Audit": {"Type": "Task", "Resource": f("audit"),
                "Parameters": {"partner.$": "$.partner", "count.$": "States.ArrayLength($.query.benefits)"},
                "ResultPath": null, "OutputPath": "$.answer", "End": true}
        }
    })
}

fn bench(c: &mut Criterion) {
    let machine = StateMachine::from_value(&definition()).expect("the bench definition loads");
    let executor = Executor::new(machine, Arc::new(NoOp)).with_sleeper(Arc::new(InstantSleeper));
    let benefits: Vec<String> = (0..24).map(|i| format!("B{i:02}")).collect();
    let input = json!({
        "partner": "5560000000",
        "query": {"pnr": "191212121212", "from": "2026-01-01", "to": "2026-11-26", "benefits": benefits}
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime");
    let check = runtime.block_on(executor.run(input.clone()));
    assert!(
        matches!(check.status, lefi_sfn_local::Status::Succeeded(_)),
        "{:?}",
        check.status
    );
    c.bench_function("execution: 5 states, Map of 24, no-op tasks", |b| {
        b.iter(|| runtime.block_on(executor.run(input.clone())));
    });
    c.bench_function("load: StateMachine::from_value", |b| {
        let def = definition();
        b.iter(|| StateMachine::from_value(&def));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

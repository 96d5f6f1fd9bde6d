"""Checks the stack `terraform apply` created on the AWS-compatible server (moto in tests).

Where AWS has a rule moto does not enforce (tags, Cognito's names, URLs and token
lifetimes), the check applies AWS's rule to what moto stored.

Usage: infra_check.py OUTPUTS_JSON TABLES_JSON [FUNCTIONS_JSON [ASL]] — OUTPUTS_JSON from
`terraform output -json` of infra/envs/localstack (its one output, the stack module's),
TABLES_JSON is shared/lefi-store/tables.json, FUNCTIONS_JSON the one list of the functions
(default infra/functions.json), ASL the workflow's template (default
infra/modules/workflow/lefi-query.asl.json). Talks to
AWS_ENDPOINT_URL with boto3 (it comes with moto). Prints one line per check; exits 1 if
any failed.
"""

import json
import pathlib
import os
import re
import sys
import unicodedata

import boto3

outputs = json.load(open(sys.argv[1]))["lefi"]["value"]
tables_def = json.load(open(sys.argv[2]))
session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "eu-north-1"))


def client(name):
    return session.client(name, endpoint_url=os.environ["AWS_ENDPOINT_URL"])


failures = []


def check(what, ok, detail=""):
    print(f"   {'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail and not ok else ''}")
    if not ok:
        failures.append(what)


# The one list of the functions (scripts/functions writes it from the crates).
functions_def = json.load(open(sys.argv[3] if len(sys.argv) > 3 else "infra/functions.json"))["functions"]
asl_template = open(sys.argv[4] if len(sys.argv) > 4 else "infra/modules/workflow/lefi-query.asl.json").read()
STEPS = sorted(k for k, f in functions_def.items() if f["kind"] == "step")
DEPLOYED = sorted(k for k, f in functions_def.items() if f["kind"] in ("step", "http", "scheduled", "worker"))
# The steps the workflow's definition names (a Task's Resource is ${<key>_arn}).
NAMED = [k for k in STEPS if "${%s_arn}" % k in asl_template]
# What infra.sh's deployment leaves unset: no private CA for the registries.
UNSET = {"LEFI_REGISTRY_CA_PEM"}
# Each function's environment is exactly its `env` (its crate's configuration).
ENV = {k: set(f["env"]) - UNSET for k, f in functions_def.items()}
# The secrets a function's environment names by ARN: it may read exactly those.
SECRET_ENV = {"LEFI_PNR_KEYS_SECRET": outputs["pnr_keys_secret_arn"]}
if outputs.get("portal_login"):
    SECRET_ENV["LEFI_OIDC_CLIENT_SECRET"] = outputs["portal_login"]["client_secret_arn"]
# What scripts/lib/infra.sh passes as opening_exceptions.
OPENING_EXCEPTIONS = "closure 2026-12-27T08:00 2026-12-27T12:00 Planerat underhåll"
HEX_KEY = re.compile(r"\b[0-9a-fA-F]{64}\b")


def tag_ok(text, longest):
    """DynamoDB's rule for tags, which moto does not enforce: letters, white space and
    numbers (Unicode L, Z, N), plus + - = . _ : /, and at most `longest` characters."""
    return len(text) <= longest and all(
        unicodedata.category(c)[0] in "LZN" or c in "+-=._:/" for c in text
    )


def bad_tags(tags):
    """The tags (key=value) AWS would refuse."""
    return [f"{k}={v}" for k, v in tags.items() if not (tag_ok(k, 128) and k and tag_ok(v, 256)) or k.lower().startswith("aws:")]

def tables_def_names():
    return [t["name"] for t in tables_def["tables"]]


def as_list(x):
    return x if isinstance(x, list) else [x]


# Functions: runtime, architecture, handler, own role, environment, tags.
lam = client("lambda")
fn_arns = outputs["function_arns"]
roles = outputs["role_arns"]
for key, name in outputs["function_names"].items():
    try:
        conf = lam.get_function(FunctionName=name)["Configuration"]
    except Exception as e:  # noqa: BLE001 — report and go on
        check(f"function {name} exists", False, str(e))
        continue
    check(
        f"function {name}: provided.al2023, arm64, bootstrap",
        conf["Runtime"] == "provided.al2023" and conf["Architectures"] == ["arm64"] and conf["Handler"] == "bootstrap",
        f"{conf['Runtime']} {conf['Architectures']} {conf['Handler']}",
    )
    check(f"function {name}: its own role", conf["Role"] == roles[key], conf["Role"])
    env = set(conf.get("Environment", {}).get("Variables", {}))
    check(f"function {name}: environment {sorted(ENV[key]) or '(none)'}", env == ENV[key], str(sorted(env)))
    check(f"function {name}: memory {functions_def[key]['memory_mb']} MB", conf["MemorySize"] == functions_def[key]["memory_mb"], str(conf["MemorySize"]))
    check(f"function {name}: tracing Active", conf.get("TracingConfig", {}).get("Mode") == "Active", str(conf.get("TracingConfig")))
    tags = lam.list_tags(Resource=conf["FunctionArn"]).get("Tags", {})
    check(f"function {name}: tags AWS accepts", not bad_tags(tags), str(bad_tags(tags)))
    check(f"function {name}: no reserved concurrency (a young account's quota has none to give)", "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=name), "")
    values = conf.get("Environment", {}).get("Variables", {})
    check(f"function {name}: no key in its environment", not any(HEX_KEY.search(v) for v in values.values()))
    if "LEFI_PNR_KEYS_SECRET" in values:
        check(f"function {name}: reads the keys' secret", values["LEFI_PNR_KEYS_SECRET"] == outputs["pnr_keys_secret_arn"], values["LEFI_PNR_KEYS_SECRET"])
check(f"the functions of infra/functions.json: {', '.join(DEPLOYED)}", sorted(outputs["function_names"]) == DEPLOYED, str(sorted(outputs["function_names"])))
gw_env = lam.get_function(FunctionName=outputs["function_names"]["gateway"])["Configuration"]["Environment"]["Variables"]
# The WSDL's SSEK address comes from configuration, never from a request's Host header.
check("gateway's LEFI_PUBLIC_URL is the partners' endpoint", gw_env.get("LEFI_PUBLIC_URL") == outputs["endpoint"], str(gw_env.get("LEFI_PUBLIC_URL")))
for key in ("gateway", "portal"):
    env = lam.get_function(FunctionName=outputs["function_names"][key])["Configuration"]["Environment"]["Variables"]
    check(f"{key}'s LEFI_STATE_MACHINE_ARN is the state machine", env.get("LEFI_STATE_MACHINE_ARN") == outputs["state_machine_arn"])
    check(f"{key}'s LEFI_OPENING_EXCEPTIONS from the variable", env.get("LEFI_OPENING_EXCEPTIONS") == OPENING_EXCEPTIONS, str(env.get("LEFI_OPENING_EXCEPTIONS")))
sim = [f["FunctionName"] for f in lam.list_functions()["Functions"] if f["FunctionName"].endswith("-registry-sim")]
check("registry simulator function", len(sim) == 1, str(sim))
if sim:
    sim_env = set(lam.get_function(FunctionName=sim[0])["Configuration"].get("Environment", {}).get("Variables", {}))
    check(f"function {sim[0]}: environment {sorted(ENV['registry_sim'])}", sim_env == ENV["registry_sim"], str(sorted(sim_env)))
# Since AWS's change of October 2025 a function URL needs both permissions, or every
# request is 403; moto does not check either.
if sim:
    policy = json.loads(lam.get_policy(FunctionName=sim[0])["Policy"])
    public = {
        a
        for st in as_list(policy.get("Statement", []))
        if st.get("Effect") == "Allow" and st.get("Principal") in ("*", {"AWS": "*"})
        for a in as_list(st.get("Action"))
    }
    check(
        "simulator's function URL: anyone may InvokeFunctionUrl and InvokeFunction",
        {"lambda:InvokeFunctionUrl", "lambda:InvokeFunction"} <= public,
        str(sorted(public)),
    )
step_env = lam.get_function(FunctionName=outputs["function_names"]["fetch_benefit"])["Configuration"]["Environment"]["Variables"]
check("steps call the simulator's URL", step_env["LEFI_REGISTRY_URL"] == outputs["registry_url"], step_env["LEFI_REGISTRY_URL"])

# State machine: EXPRESS, the named steps' ARNs (and nothing else), Map concurrency, logging.
sfn = client("stepfunctions")
sm = sfn.describe_state_machine(stateMachineArn=outputs["state_machine_arn"])
definition = json.loads(sm["definition"])
check("state machine is EXPRESS", sm["type"] == "EXPRESS", sm["type"])


def resources(states):
    for state in states.values():
        if "Resource" in state:
            yield state["Resource"]
        if "ItemProcessor" in state:
            yield from resources(state["ItemProcessor"]["States"])


deployed = sorted(resources(definition["States"]))
expected = sorted(fn_arns[k] for k in NAMED)
check(f"state machine's Task resources are the ARNs of the steps it names ({', '.join(NAMED)})", sorted(set(deployed)) == expected, str(deployed))
check("no placeholder left in the definition", "${" not in sm["definition"])
check("FetchBenefits MaxConcurrency 24", definition["States"]["FetchBenefits"]["MaxConcurrency"] == 24)
logging = sm.get("loggingConfiguration", {})
# moto leaves a false includeExecutionData out of its answer; AWS returns it.
check("state machine logs without execution data", logging.get("includeExecutionData", False) is False, str(logging))
check("state machine tracing on", sm.get("tracingConfiguration", {}).get("enabled") is True, str(sm.get("tracingConfiguration")))
check("state machine role", sm["roleArn"] == roles["workflow"], sm["roleArn"])

# Roles: the workflow may invoke exactly the steps it names; each function touches exactly
# the tables (and actions) its `tables` lists, and the keys' secret if it reads it.
iam = client("iam")


def policy_of(role_arn):
    name = role_arn.rsplit("/", 1)[1]
    statements = []
    for pname in iam.list_role_policies(RoleName=name)["PolicyNames"]:
        doc = iam.get_role_policy(RoleName=name, PolicyName=pname)["PolicyDocument"]
        if isinstance(doc, str):
            doc = json.loads(doc)
        st = doc["Statement"]
        statements += st if isinstance(st, list) else [st]
    return statements


wf = policy_of(roles["workflow"])
invoke = sorted(r for s in wf if "lambda:InvokeFunction" in as_list(s["Action"]) for r in as_list(s["Resource"]))
check("workflow role invokes exactly the steps the definition names", invoke == expected, str(invoke))
check("workflow role has no DynamoDB access", not any("dynamodb" in a for s in wf for a in as_list(s["Action"])))
for key in DEPLOYED:
    st = policy_of(roles[key])
    prefix = outputs["table_names"]["audit"].rsplit("-", 1)[0] + "-"
    granted = {}
    indexed = {}
    for s in st:
        for r in as_list(s["Resource"]):
            if ":dynamodb:" in r:
                table = r.split(":table/", 1)[1].split("/", 1)[0]
                into = indexed if "/index/" in r else granted
                into.setdefault(table, set()).update(as_list(s["Action"]))
    want = {prefix + t: set(a) for t, a in functions_def[key]["tables"].items()}
    if functions_def[key]["kind"] == "scheduled":
        # The seal reads an index, not a table: checked with the seal below.
        want = {r: a for r, a in granted.items() if r not in [prefix + t for t in tables_def_names()]}
    check(f"{key} role's tables and actions: {sorted(functions_def[key]['tables']) or 'none'}", granted == want, str(granted))
    # AWS authorises Query on an index by the index's ARN (table/…/index/…), not the
    # table's: a function that may Query a table may query its indexes, and no other.
    want_indexed = {t for t, a in want.items() if "Query" in a}
    if functions_def[key]["kind"] == "scheduled":
        # The seal queries one index of the audit table, not the table (its exact index is
        # checked with the seal below).
        want_indexed = {prefix + "audit"}
    check(f"{key} role queries the indexes of exactly the tables it may Query", set(indexed) == want_indexed, str(indexed))
    check(f"{key} role: no wildcard action", not any("*" in a for s in st for a in as_list(s["Action"])))
    secrets = sorted(r for s in st if "secretsmanager:GetSecretValue" in as_list(s["Action"]) for r in as_list(s["Resource"]))
    # Exactly the secrets whose ARNs its environment names.
    want = {name: arn for name, arn in SECRET_ENV.items() if name in functions_def[key]["env"]}
    check(f"{key} role's secrets: {', '.join(sorted(want)) or 'none'}", secrets == sorted(want.values()), str(secrets))

# SHS's asynchronous work (issue 18): the work queue, its dead-letter queue, the event
# source mapping to the worker. AWS refuses a mapping whose queue's visibility timeout is
# below the function's timeout, or whose role cannot receive from the queue, and a
# maximum concurrency below 2; moto creates all of them.
shs = outputs.get("shs_queue")
check("SHS's queues are deployed with the worker (infra/functions.json has shs_worker)", bool(shs) == ("shs_worker" in functions_def))
if shs:
    sqs = client("sqs")
    attrs = sqs.get_queue_attributes(QueueUrl=shs["queue_url"], AttributeNames=["All"])["Attributes"]
    dlq = sqs.get_queue_attributes(QueueUrl=shs["dead_letter_queue_url"], AttributeNames=["All"])["Attributes"]
    worker = lam.get_function(FunctionName=outputs["function_names"]["shs_worker"])["Configuration"]
    worker_env = worker["Environment"]["Variables"]
    visibility = int(attrs["VisibilityTimeout"])
    check(
        f"SHS work queue: visibility timeout {visibility} s ≥ 6 × the worker's timeout {worker['Timeout']} s (AWS refuses the mapping below 1 ×)",
        visibility >= 6 * worker["Timeout"],
    )
    redrive = json.loads(attrs.get("RedrivePolicy", "{}"))
    check(
        "SHS work queue: redrives to its dead-letter queue after the worker's LEFI_SHS_MAX_RECEIVES deliveries",
        redrive.get("deadLetterTargetArn") == dlq["QueueArn"] and str(redrive.get("maxReceiveCount")) == worker_env.get("LEFI_SHS_MAX_RECEIVES"),
        str(redrive),
    )
    check(
        "SHS dead-letter queue keeps a message longer than the work queue (it keeps its first enqueue time)",
        int(dlq["MessageRetentionPeriod"]) > int(attrs["MessageRetentionPeriod"]),
        f"{dlq['MessageRetentionPeriod']} vs {attrs['MessageRetentionPeriod']}",
    )
    check(
        "SHS queues encrypted at rest",
        all(q.get("KmsMasterKeyId") or q.get("SqsManagedSseEnabled") == "true" for q in (attrs, dlq)),
        str([(q.get("KmsMasterKeyId"), q.get("SqsManagedSseEnabled")) for q in (attrs, dlq)]),
    )
    mappings = lam.list_event_source_mappings(FunctionName=worker["FunctionName"])["EventSourceMappings"]
    check("SHS worker: one event source mapping, from the work queue", [m["EventSourceArn"] for m in mappings] == [attrs["QueueArn"]], str(mappings))
    for m in mappings:
        check("SHS mapping: ReportBatchItemFailures (only failed items again)", m.get("FunctionResponseTypes") == ["ReportBatchItemFailures"], str(m.get("FunctionResponseTypes")))
        check("SHS mapping: batches of 1 to 10 (above 10 AWS requires a batching window)", 1 <= m["BatchSize"] <= 10 or m.get("MaximumBatchingWindowInSeconds", 0) >= 1, str(m["BatchSize"]))
        most = m.get("ScalingConfig", {}).get("MaximumConcurrency")
        check("SHS mapping: maximum concurrency from 2 to 1000 (AWS's range)", most is not None and 2 <= most <= 1000, str(most))
    granted = {a: set(as_list(st["Resource"])) for st in policy_of(worker["Role"]) for a in as_list(st["Action"]) if a.startswith("sqs:")}
    check(
        "SHS worker role: ReceiveMessage, DeleteMessage, GetQueueAttributes on the work queue only (the mapping needs them)",
        granted == {a: {attrs["QueueArn"]} for a in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")},
        str(granted),
    )
    sent = {a: set(as_list(st["Resource"])) for st in policy_of(roles["gateway"]) for a in as_list(st["Action"]) if a.startswith("sqs:")}
    check("gateway role: SendMessage on the work queue only", sent == {"sqs:SendMessage": {attrs["QueueArn"]}}, str(sent))
    check("gateway's LEFI_SHS_QUEUE_URL is the work queue", gw_env.get("LEFI_SHS_QUEUE_URL") == shs["queue_url"], str(gw_env.get("LEFI_SHS_QUEUE_URL")))
    check("worker's LEFI_STATE_MACHINE_ARN is the state machine", worker_env.get("LEFI_STATE_MACHINE_ARN") == outputs["state_machine_arn"])
    cw = client("cloudwatch")
    queue_alarms = {
        a["MetricName"]: a["Dimensions"]
        for a in cw.describe_alarms(AlarmNames=shs["alarm_names"])["MetricAlarms"]
        if a["Namespace"] == "AWS/SQS"
    }
    check(
        "SHS alarms: messages in the dead-letter queue, the oldest waiting work",
        queue_alarms.get("ApproximateNumberOfMessagesVisible") == [{"Name": "QueueName", "Value": dlq["QueueArn"].rsplit(":", 1)[1]}]
        and queue_alarms.get("ApproximateAgeOfOldestMessage") == [{"Name": "QueueName", "Value": attrs["QueueArn"].rsplit(":", 1)[1]}],
        str(queue_alarms),
    )

# The daily audit seal (A3): the signing key, the bucket under Object Lock, the schedule
# and the roles. moto makes any key spec, Object Lock without versioning, a retention of
# 0 days and a schedule in any time zone; AWS's rules are applied to what it stored.
seal = outputs.get("seal")
check("the daily seal is deployed (infra/functions.json has daily_seal)", bool(seal) == ("daily_seal" in functions_def))
if seal:
    kms = client("kms")
    key = kms.describe_key(KeyId=seal["key_arn"])["KeyMetadata"]
    check(
        "seal key: ECC_NIST_P256 for SIGN_VERIFY with ECDSA_SHA_256",
        key.get("KeySpec", key.get("CustomerMasterKeySpec")) == "ECC_NIST_P256"
        and key["KeyUsage"] == "SIGN_VERIFY"
        and "ECDSA_SHA_256" in key.get("SigningAlgorithms", []),
        str({k: key.get(k) for k in ("KeySpec", "KeyUsage", "SigningAlgorithms")}),
    )
    s3 = client("s3")
    bucket = seal["bucket"]
    versioning = s3.get_bucket_versioning(Bucket=bucket).get("Status")
    check("seal bucket: versioning Enabled (Object Lock needs it)", versioning == "Enabled", str(versioning))
    lock = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
    retention = lock.get("Rule", {}).get("DefaultRetention", {})
    check(
        f"seal bucket: Object Lock, COMPLIANCE, {seal['retention_days']} days (> 0)",
        lock.get("ObjectLockEnabled") == "Enabled"
        and retention.get("Mode") == "COMPLIANCE"
        and retention.get("Days") == seal["retention_days"]
        and seal["retention_days"] > 0,
        str(lock),
    )
    pab = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    check("seal bucket: public access blocked", all(pab.values()) and len(pab) == 4, str(pab))
    sse = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    check("seal bucket: encrypted", bool(sse) and sse[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms"), str(sse))
    bucket_policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    tls_only = [
        st for st in as_list(bucket_policy["Statement"])
        if st["Effect"] == "Deny" and st.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") in ("false", ["false"])
    ]
    check("seal bucket: TLS only", bool(tls_only), str(bucket_policy))

    scheduler = client("scheduler")
    schedule = scheduler.get_schedule(Name=seal["schedule_name"])
    check(
        "seal schedule: daily cron on Europe/Stockholm, ENABLED",
        schedule.get("ScheduleExpressionTimezone") == "Europe/Stockholm"
        and schedule["ScheduleExpression"].startswith("cron(")
        and schedule.get("State", "ENABLED") == "ENABLED",
        str({k: schedule.get(k) for k in ("ScheduleExpression", "ScheduleExpressionTimezone", "State")}),
    )
    target = schedule["Target"]
    check("seal schedule: invokes the seal function", target["Arn"] == fn_arns["daily_seal"], target["Arn"])
    check(
        "seal schedule: passes its scheduled time",
        json.loads(target.get("Input", "{}")).get("scheduled_time") == "<aws.scheduler.scheduled-time>",
        str(target.get("Input")),
    )
    sched_role = iam.get_role(RoleName=seal["scheduler_role_name"])["Role"]
    check("seal schedule: its own role", target["RoleArn"] == sched_role["Arn"], target["RoleArn"])
    trust = sched_role["AssumeRolePolicyDocument"]
    if isinstance(trust, str):
        trust = json.loads(trust)
    principals = [p for st in as_list(trust["Statement"]) for p in as_list(st.get("Principal", {}).get("Service", []))]
    check("seal schedule role: only EventBridge Scheduler may take it", principals == ["scheduler.amazonaws.com"], str(principals))
    sched_st = policy_of(sched_role["Arn"])
    granted = sorted((a, r) for st in sched_st for a in as_list(st["Action"]) for r in as_list(st["Resource"]))
    check("seal schedule role: lambda:InvokeFunction on the seal function only", granted == [("lambda:InvokeFunction", fn_arns["daily_seal"])], str(granted))

    seal_st = policy_of(roles["daily_seal"])
    audit_index = f"/{outputs['table_names']['audit']}/index/by-day"
    by_action = {}
    for st in seal_st:
        for a in as_list(st["Action"]):
            by_action.setdefault(a, set()).update(as_list(st["Resource"]))
    want_actions = {
        "dynamodb:Query", "kms:Sign", "kms:GetPublicKey", "s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectRetention",
        "s3:ListBucket", "s3:ListBucketVersions",
        "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    }
    check("seal role: exactly its actions", set(by_action) == want_actions, str(sorted(by_action)))
    check("seal role: Query on the audit's by-day index only", all(r.endswith(audit_index) for r in by_action.get("dynamodb:Query", [])) and by_action.get("dynamodb:Query"), str(by_action.get("dynamodb:Query")))
    check("seal role: Sign and GetPublicKey on the seal key only", by_action.get("kms:Sign") == {seal["key_arn"]} and by_action.get("kms:GetPublicKey") == {seal["key_arn"]}, str(by_action.get("kms:Sign")))
    check("seal role: the manifests' objects and listing only", all(by_action.get(a) == {f"arn:aws:s3:::{bucket}/*"} for a in ("s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectRetention"))
          and all(by_action.get(a) == {f"arn:aws:s3:::{bucket}"} for a in ("s3:ListBucket", "s3:ListBucketVersions")), str(by_action.get("s3:PutObject")))
    seal_env = lam.get_function(FunctionName=seal["function_name"])["Configuration"]["Environment"]["Variables"]
    check(
        "seal function: its key, bucket and retention",
        seal_env.get("LEFI_SEAL_KEY_ID") == seal["key_arn"]
        and seal_env.get("LEFI_SEAL_BUCKET") == bucket
        and seal_env.get("LEFI_SEAL_RETENTION_DAYS") == str(seal["retention_days"]),
        str(seal_env),
    )

# The operator role (issue 16; SPEC §10): exactly the given principal, exactly the
# tables, actions and secret lefi-admin --dynamodb needs; a trust policy AWS accepts
# (moto stores any principal and a null Condition).
operator_arn = outputs.get("operator_role_arn")
check("operator role made (envs/localstack names a principal)", bool(operator_arn))
if operator_arn:
    op_name = operator_arn.rsplit("/", 1)[1]
    trust = iam.get_role(RoleName=op_name)["Role"]["AssumeRolePolicyDocument"]
    if isinstance(trust, str):
        trust = json.loads(trust)
    trust_st = trust["Statement"]
    principals = sorted(as_list(p) for s in trust_st for p in [s["Principal"]["AWS"]])
    check("operator role: only the given principal may assume it", principals == [["arn:aws:iam::123456789012:root"]], str(principals))
    check("operator role: no null Condition (IAM refuses one)", all(s.get("Condition", {}) is not None for s in trust_st), str(trust_st))
    check(
        "operator role: principals are IAM ARNs without a wildcard",
        all(re.fullmatch(r"arn:aws[a-z-]*:iam::\d{12}:(root|role/\S+|user/\S+)", p) and "*" not in p for ps in principals for p in ps),
        str(principals),
    )
    check("operator role: name within IAM's 64 characters", len(op_name) <= 64, op_name)
    op = policy_of(operator_arn)
    prefix = outputs["table_names"]["audit"].rsplit("-", 1)[0] + "-"
    granted = {}
    for s in op:
        for r in as_list(s["Resource"]):
            if ":dynamodb:" in r:
                table = r.split(":table/", 1)[1]
                granted.setdefault(table, set()).update(as_list(s["Action"]))
    want = {
        prefix + "directory": {"dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"},
        prefix + "audit": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"},
        prefix + "audit/index/*": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"},
        prefix + "usage": {"dynamodb:GetItem", "dynamodb:Query"},
    }
    check("operator role: exactly the directory, the audit (append, indexes) and usage (read)", granted == want, str(granted))
    check("operator role: no wildcard action", not any("*" in a for s in op for a in as_list(s["Action"])))
    secrets = sorted(r for s in op if "secretsmanager:GetSecretValue" in as_list(s["Action"]) for r in as_list(s["Resource"]))
    check("operator role: reads the personnummer keys' secret only", secrets == [outputs["pnr_keys_secret_arn"]], str(secrets))
    size = sum(len(json.dumps(iam.get_role_policy(RoleName=op_name, PolicyName=n)["PolicyDocument"], separators=(",", ":")))
               for n in iam.list_role_policies(RoleName=op_name)["PolicyNames"])
    check("operator role: inline policies within IAM's 10 240 characters", size <= 10240, str(size))

# The keys' secret: made by the stack, filled by the local root with both keys.
sm_client = client("secretsmanager")
value = json.loads(sm_client.get_secret_value(SecretId=outputs["pnr_keys_secret_arn"])["SecretString"])
check("the keys' secret holds mac_key and seal_key", sorted(value) == ["mac_key", "seal_key"] and all(HEX_KEY.fullmatch(v) for v in value.values()))

# Tables: exactly tables.json's keys, index and TTL; on demand, PITR, SSE.
ddb = client("dynamodb")
for t in tables_def["tables"]:
    name = outputs["table_names"].get(t["name"])
    if not name:
        check(f"table {t['name']} in the outputs", False)
        continue
    d = ddb.describe_table(TableName=name)["Table"]
    keys = {k["KeyType"]: k["AttributeName"] for k in d["KeySchema"]}
    want = {"HASH": t["hash_key"]["name"], **({"RANGE": t["range_key"]["name"]} if "range_key" in t else {})}
    check(f"table {name}: keys {want}", keys == want, str(keys))
    attrs = {a["AttributeName"]: a["AttributeType"] for a in d["AttributeDefinitions"]}
    for k in [t["hash_key"]] + ([t["range_key"]] if "range_key" in t else []):
        check(f"table {name}: {k['name']} is {k['type']}", attrs.get(k["name"]) == k["type"], str(attrs))
    indexes = {
        i["IndexName"]: {k["KeyType"]: k["AttributeName"] for k in i["KeySchema"]}
        for i in d.get("GlobalSecondaryIndexes", [])
    }
    want_idx = {
        i["name"]: {"HASH": i["hash_key"]["name"], **({"RANGE": i["range_key"]["name"]} if "range_key" in i else {})}
        for i in t.get("indexes", [])
    }
    check(f"table {name}: indexes {sorted(want_idx) or 'none'}", indexes == want_idx, str(indexes))
    check(f"table {name}: on demand", d.get("BillingModeSummary", {}).get("BillingMode") == "PAY_PER_REQUEST")
    check(f"table {name}: encrypted", d.get("SSEDescription", {}).get("Status") in ("ENABLED", "ENABLING"), str(d.get("SSEDescription")))
    ttl = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    if t["ttl"]:
        check(
            f"table {name}: TTL on {tables_def['ttl_attribute']}",
            ttl.get("TimeToLiveStatus") == "ENABLED" and ttl.get("AttributeName") == tables_def["ttl_attribute"],
            str(ttl),
        )
    else:
        check(f"table {name}: no TTL", ttl.get("TimeToLiveStatus") in (None, "DISABLED"), str(ttl))
    tags = {t["Key"]: t["Value"] for t in ddb.list_tags_of_resource(ResourceArn=d["TableArn"]).get("Tags", [])}
    check(f"table {name}: tags DynamoDB accepts (moto accepts any)", not bad_tags(tags), str(bad_tags(tags)))
    check(f"table {name}: its purpose as a tag", tags.get("purpose") == t["purpose"], str(tags.get("purpose")))
    pitr = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    check(
        f"table {name}: point-in-time recovery",
        pitr.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus") == "ENABLED",
        str(pitr),
    )
check("one table per tables.json entry", sorted(outputs["table_names"]) == sorted(t["name"] for t in tables_def["tables"]))

# HTTP API: routes to the gateway, stage throttling and access logs without paths.
api = client("apigatewayv2")
api_id = outputs["api_id"]
routes = sorted(r["RouteKey"] for r in api.get_routes(ApiId=api_id)["Items"])
check(
    "HTTP API routes",
    routes
    == sorted(
        [
            "ANY /lefi-extern-formansinformation/v9/{proxy+}",
            "ANY /lefi-xml/{proxy+}",
            "ANY /ssek/{proxy+}",
            "ANY /shs/{proxy+}",
            "GET /openapi.yaml",
        ]
    ),
    str(routes),
)
integrations = api.get_integrations(ApiId=api_id)["Items"]
check(
    "every route goes to the gateway Lambda",
    len(integrations) == 1 and fn_arns["gateway"] in integrations[0]["IntegrationUri"],
    str([i.get("IntegrationUri") for i in integrations]),
)
# The functions read only HTTP API payload 2.0 (lambda_http's `apigw_http` feature alone):
# a 1.0 integration would deliver events they cannot read.
check(
    "the gateway's integration sends payload format 2.0",
    all(i.get("PayloadFormatVersion") == "2.0" for i in integrations),
    str([i.get("PayloadFormatVersion") for i in integrations]),
)
stages = api.get_stages(ApiId=api_id)["Items"]
stage = stages[0] if stages else {}
settings = stage.get("DefaultRouteSettings", {})
check("stage throttled", settings.get("ThrottlingRateLimit", 0) > 0, str(settings))
fmt = stage.get("AccessLogSettings", {}).get("Format", "")
check(
    "access log format has no path, query, body or path parameters",
    fmt and not any(f in fmt for f in ("$context.path", "$request.", "$input.", "pathParameters", "$context.resourcePath")),
    fmt,
)

# The portal's own HTTP API (issue 15): every path to the portal, throttled, logged
# without request content, apart from the partners' API.
portal_api_id = outputs["portal_api_id"]
check("the portal has an HTTP API of its own", portal_api_id and portal_api_id != api_id, f"{portal_api_id} (partners' {api_id})")
portal_routes = sorted(r["RouteKey"] for r in api.get_routes(ApiId=portal_api_id)["Items"])
check("portal API routes: $default (every path)", portal_routes == ["$default"], str(portal_routes))
portal_integrations = api.get_integrations(ApiId=portal_api_id)["Items"]
check(
    "every portal route goes to the portal Lambda",
    len(portal_integrations) == 1 and fn_arns["portal"] in portal_integrations[0]["IntegrationUri"],
    str([i.get("IntegrationUri") for i in portal_integrations]),
)
check(
    "the portal's integration sends payload format 2.0",
    all(i.get("PayloadFormatVersion") == "2.0" for i in portal_integrations),
    str([i.get("PayloadFormatVersion") for i in portal_integrations]),
)
portal_stage = (api.get_stages(ApiId=portal_api_id)["Items"] or [{}])[0]
check("portal stage throttled", portal_stage.get("DefaultRouteSettings", {}).get("ThrottlingRateLimit", 0) > 0, str(portal_stage.get("DefaultRouteSettings")))
portal_fmt = portal_stage.get("AccessLogSettings", {}).get("Format", "")
check(
    "portal access log format has no path, query, body or path parameters",
    portal_fmt and not any(f in portal_fmt for f in ("$context.path", "$request.", "$input.", "pathParameters", "$context.resourcePath")),
    portal_fmt,
)
portal_api = api.get_api(ApiId=portal_api_id)
# Without a custom domain (moto), the execute-api endpoint is the portal's address.
check(
    "the portal's URL is its API's address",
    outputs["portal_url"] == portal_api["ApiEndpoint"] and not portal_api.get("DisableExecuteApiEndpoint", False),
    f"{outputs['portal_url']} / {portal_api['ApiEndpoint']}",
)
portal_policy = json.loads(lam.get_policy(FunctionName=outputs["function_names"]["portal"])["Policy"])
check(
    "API Gateway may invoke the portal, from the portal's API only",
    any(
        st.get("Principal", {}).get("Service") == "apigateway.amazonaws.com"
        and f":{portal_api_id}/" in json.dumps(st.get("Condition", {}))
        for st in as_list(portal_policy.get("Statement", []))
    ),
    str(portal_policy.get("Statement")),
)

# The portal's login (issue 15): the Cognito user pool, its SAML provider, the portal's
# app client and its secret, as the portal function is told about them. moto enforces
# none of Cognito's rules; each is applied here to what it stored.
login = outputs["portal_login"]
if not login:
    # infra.sh deploys it (portal_login_enabled=true); without it nothing below can be checked.
    check("the portal's login is deployed", False, "portal_login is null")
    sys.exit(1)
portal_env = lam.get_function(FunctionName=outputs["function_names"]["portal"])["Configuration"]["Environment"]["Variables"]
cognito = client("cognito-idp")
pool_id = login["user_pool_id"]
region = session.region_name
check(
    "portal's LEFI_OIDC_ISSUER is the pool's issuer",
    portal_env.get("LEFI_OIDC_ISSUER") == f"https://cognito-idp.{region}.amazonaws.com/{pool_id}" == login["issuer"],
    str(portal_env.get("LEFI_OIDC_ISSUER")),
)
check("portal's LEFI_PORTAL_URL is the portal's URL", portal_env.get("LEFI_PORTAL_URL") == outputs["portal_url"], str(portal_env.get("LEFI_PORTAL_URL")))
check("portal's LEFI_OIDC_CLIENT_SECRET is the client secret's ARN, not a secret", portal_env.get("LEFI_OIDC_CLIENT_SECRET") == login["client_secret_arn"])

pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
check("user pool: nobody signs up (admin-only create)", pool.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly") is True, str(pool.get("AdminCreateUserConfig")))
check("user pool: tags AWS accepts", not bad_tags(pool.get("UserPoolTags", {})), str(bad_tags(pool.get("UserPoolTags", {}))))
schema = {a["Name"]: a for a in pool.get("SchemaAttributes", [])}
custom = sorted(n for n in schema if n.startswith("custom:"))
# SchemaAttributeType: a custom attribute's name is 1-20 letters, marks, symbols, digits or
# punctuation (without the custom: prefix).
check(
    f"user pool: custom attribute names Cognito accepts (1-20 characters): {custom}",
    custom and all(1 <= len(n[7:]) <= 20 and all(unicodedata.category(c)[0] in "LMSNP" for c in n[7:]) for n in custom),
    str(custom),
)

STANDARD = {"address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname",
            "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo"}
# Sweden Connect's attribute profile, as the portal reads the ID token.
SWEDEN_CONNECT = {
    "custom:personnummer": "urn:oid:1.2.752.29.4.13",
    "given_name": "urn:oid:2.5.4.42",
    "family_name": "urn:oid:2.5.4.4",
    "name": "urn:oid:2.16.840.1.113730.3.1.241",
    "custom:orgAffiliation": "urn:oid:1.2.752.201.3.1",
}


def provider_name_ok(name):
    """Cognito's ProviderName: 1-32 characters, [^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+."""
    cat = [unicodedata.category(c)[0] for c in name]
    return 3 <= len(name) <= 32 and name[0] != "_" and cat[0] != "Z" and cat[1] in "LMSNP" and all(c != "_" and k != "Z" for c, k in zip(name[2:], cat[2:]))


idp = cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName=login["identity_provider_name"])["IdentityProvider"]
details = idp.get("ProviderDetails", {})
check(f"identity provider {idp['ProviderName']}: SAML, a name Cognito accepts", idp["ProviderType"] == "SAML" and provider_name_ok(idp["ProviderName"]), idp["ProviderType"])
check("identity provider: metadata over https, encrypted assertions", details.get("MetadataURL", "").startswith("https://") and details.get("EncryptedResponses") == "true", str(details))
mapping = idp.get("AttributeMapping", {})
check("identity provider: Sweden Connect's attributes mapped", mapping == SWEDEN_CONNECT, str(mapping))
check(
    "every mapped attribute is the pool's (custom ones mutable: Cognito writes them at each login)",
    all(a in STANDARD or (a in schema and schema[a].get("Mutable") is True) for a in mapping) and all(len(a) <= 32 for a in mapping),
    str({a: schema.get(a, {}).get("Mutable") for a in mapping}),
)

app = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=login["client_id"])["UserPoolClient"]
check("portal's LEFI_OIDC_CLIENT_ID is the app client", portal_env.get("LEFI_OIDC_CLIENT_ID") == app["ClientId"])
check("app client: the authorization code flow only", app.get("AllowedOAuthFlows") == ["code"] and app.get("AllowedOAuthFlowsUserPoolClient") is True, str(app.get("AllowedOAuthFlows")))
check("app client: scopes openid and profile only", sorted(app.get("AllowedOAuthScopes", [])) == ["openid", "profile"], str(app.get("AllowedOAuthScopes")))
check("app client: only the SAML provider", app.get("SupportedIdentityProviders") == [idp["ProviderName"]], str(app.get("SupportedIdentityProviders")))
check("app client: no password or SRP sign-in", app.get("ExplicitAuthFlows") == ["ALLOW_REFRESH_TOKEN_AUTH"], str(app.get("ExplicitAuthFlows")))
callback, logout = outputs["portal_url"] + "/inloggning/klar", outputs["portal_url"] + "/utloggad"
check(f"app client: callback URL = portal URL + /inloggning/klar", app.get("CallbackURLs") == [callback] and app.get("DefaultRedirectURI") == callback, str(app.get("CallbackURLs")))
check(f"app client: logout URL = portal URL + /utloggad", app.get("LogoutURLs") == [logout], str(app.get("LogoutURLs")))
# Cognito: a redirect URL is absolute, https (but for localhost), without fragment, 1-1024.
urls = app.get("CallbackURLs", []) + app.get("LogoutURLs", [])
check("app client: redirect URLs Cognito accepts (https, no fragment, at most 1024)", all(u.startswith("https://") and "#" not in u and len(u) <= 1024 for u in urls), str(urls))
check(
    "app client: may read and write every mapped attribute (Cognito's rule for mapped attributes)",
    set(mapping) <= set(app.get("WriteAttributes", [])) and set(mapping) <= set(app.get("ReadAttributes", [])),
    f"write {app.get('WriteAttributes')} read {app.get('ReadAttributes')}",
)
UNIT_S = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
units = app.get("TokenValidityUnits", {})
id_s = app.get("IdTokenValidity", 1) * UNIT_S[units.get("IdToken", "hours")]
access_s = app.get("AccessTokenValidity", 1) * UNIT_S[units.get("AccessToken", "hours")]
refresh_s = app.get("RefreshTokenValidity", 30) * UNIT_S[units.get("RefreshToken", "days")]
# Cognito: ID and access tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years
# and no shorter than the other two.
check(
    "app client: token lifetimes Cognito accepts, short",
    300 <= id_s <= 86400 and 300 <= access_s <= 86400 and 3600 <= refresh_s <= 315360000 and max(id_s, access_s) <= refresh_s and id_s <= 3600,
    f"id {id_s} s, access {access_s} s, refresh {refresh_s} s",
)

# The domain the login and the SAML provider's assertion consumer service live on.
prefix = login["login_url"].removeprefix("https://").split(".")[0]
try:
    dom = cognito.describe_user_pool_domain(Domain=prefix)["DomainDescription"]
except Exception as e:  # noqa: BLE001 — report and go on
    dom = {}
check(f"login domain {prefix} belongs to the pool", dom.get("UserPoolId") == pool_id, str(dom))
check(
    "login domain prefix Cognito accepts (lowercase, digits, -; 1-63; no aws, amazon or cognito)",
    re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", prefix) is not None and not re.search("aws|amazon|cognito", prefix),
    prefix,
)
check("SAML names for the federation: urn:amazon:cognito:sp:<pool id>, <login>/saml2/idpresponse",
      login["saml_entity_id"] == f"urn:amazon:cognito:sp:{pool_id}" and login["saml_acs_url"] == f"{login['login_url']}/saml2/idpresponse")

# The client secret's secret holds exactly the app client's secret (compared, never shown).
client_secret = sm_client.get_secret_value(SecretId=login["client_secret_arn"])["SecretString"]
check("the client secret's secret holds the app client's secret", bool(app.get("ClientSecret")) and client_secret == app["ClientSecret"])

# The timeouts nest as deployed (issue 13): registry call < step function < every Task
# < the workflow < how long the gateway waits (+ 2 s to audit and free the query id) <
# the gateway function < API Gateway's integration (at most 30 s).
def tasks(states):
    for state in states.values():
        if state.get("Type") == "Task":
            yield state.get("TimeoutSeconds")
        if "ItemProcessor" in state:
            yield from tasks(state["ItemProcessor"]["States"])


conf_of = {k: lam.get_function(FunctionName=n)["Configuration"] for k, n in outputs["function_names"].items()}
registry_ms = int(conf_of["fetch_benefit"]["Environment"]["Variables"]["LEFI_REGISTRY_TIMEOUT_MS"])
step_ms = max(conf_of[k]["Timeout"] for k in STEPS) * 1000
task_ms = [t * 1000 if t is not None else None for t in tasks(definition["States"])]
workflow_ms = definition.get("TimeoutSeconds", 0) * 1000
wait_ms = int(gw_env["LEFI_WORKFLOW_TIMEOUT_MS"])
gateway_ms = conf_of["gateway"]["Timeout"] * 1000
# The one integration (checked above); AWS's default when it says none is 30 s.
integration_ms = integrations[0].get("TimeoutInMillis", 30000) if integrations else 30000
chain = f"registry {registry_ms} < steps {step_ms} < tasks {task_ms} < workflow {workflow_ms} < wait {wait_ms} (+2000) <= gateway {gateway_ms} < api {integration_ms} <= 30000"
# SPEC §3 step 5: the query's budget ends before any Task's timeout, so the steps' own
# budget check (BudgetExhausted, INTERNT_FEL for that benefit), not the Task's timeout,
# names a registry that is too slow. The gateway and the portal set the same budget.
budget_ms = int(gw_env["LEFI_QUERY_BUDGET_MS"])
check(
    "the query budget ends before the Tasks' timeouts",
    budget_ms == int(portal_env["LEFI_QUERY_BUDGET_MS"]) and all(t is not None and budget_ms < t for t in task_ms),
    f"budget {budget_ms} (portal {portal_env.get('LEFI_QUERY_BUDGET_MS')}) < tasks {task_ms}",
)
# The portal waits for the same workflow the same way: the same chain, its own API.
portal_wait_ms = int(portal_env["LEFI_WORKFLOW_TIMEOUT_MS"])
portal_ms = conf_of["portal"]["Timeout"] * 1000
portal_integration_ms = portal_integrations[0].get("TimeoutInMillis", 30000) if portal_integrations else 30000
check(
    "the portal's timeouts nest too",
    workflow_ms < portal_wait_ms and portal_wait_ms + 2000 <= portal_ms < portal_integration_ms <= 30000,
    f"workflow {workflow_ms} < wait {portal_wait_ms} (+2000) <= portal {portal_ms} < its api {portal_integration_ms} <= 30000",
)
check(
    "the timeouts nest",
    None not in task_ms
    and registry_ms < step_ms < min(task_ms)
    and max(task_ms) < workflow_ms < wait_ms
    and wait_ms + 2000 <= gateway_ms < integration_ms <= 30000,
    chain,
)
print(f"   ({chain})")

# The truststore bucket, log groups with retention and the alarms.
s3 = client("s3")
bucket = outputs["truststore_uri"].split("/")[2]
check(f"truststore bucket {bucket}", bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]])
logs = client("logs")
groups = {g["logGroupName"]: g.get("retentionInDays") for g in logs.describe_log_groups()["logGroups"]}
for name in outputs["function_names"].values():
    check(f"log group of {name} with retention", groups.get(f"/aws/lambda/{name}") is not None, str(groups.get(f"/aws/lambda/{name}")))
cw = client("cloudwatch")
alarms = {a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]}
missing = sorted(set(outputs["alarm_names"]) - alarms)
check(f"{len(outputs['alarm_names'])} alarms", not missing, str(missing))

# The service's metrics (issue 17, item 7). AWS accepts an alarm or a dashboard line on a
# metric nobody writes — it then never fires — so each must name a metric and a
# dimension set of the code's catalogue (infra/metrics.json, checked against the code by
# lefi-workflow's item7 test). And AWS's rules for metric-math alarms, which moto does not
# enforce: ids start with a lowercase letter, exactly one query returns data, no metric
# name beside the queries.
catalogue = json.load(open(pathlib.Path(__file__).resolve().parents[2] / "infra" / "metrics.json"))
namespace = catalogue["namespace"]


def unknown_series(name, dims, where):
    """What is wrong with a line naming metric `name` by `dims`: [] when the code writes it."""
    spec = catalogue["metrics"].get(name)
    if spec is None:
        return [f"{where}: {name} is no metric of the code"]
    if sorted(dims) not in [sorted(s) for s in spec["dimensionSets"]]:
        return [f"{where}: the code writes no {name} by {sorted(dims)}"]
    return []


series_problems, math_problems, lefi_alarms, math_alarms = [], [], 0, 0
for alarm in cw.describe_alarms()["MetricAlarms"]:
    name = alarm["AlarmName"]
    if name not in outputs["alarm_names"]:
        continue
    if alarm.get("Namespace") == namespace:
        lefi_alarms += 1
        series_problems += unknown_series(alarm["MetricName"], [d["Name"] for d in alarm.get("Dimensions", [])], name)
    queries = alarm.get("Metrics") or []
    if queries:
        lefi_alarms += 1
        math_alarms += 1
        if alarm.get("MetricName"):
            math_problems.append(f"{name}: a metric name beside its queries")
        if sum(1 for q in queries if q.get("ReturnData")) != 1:
            math_problems.append(f"{name}: not exactly one query returns data")
        for q in queries:
            if not re.fullmatch(r"[a-z][a-zA-Z0-9_]*", q["Id"]):
                math_problems.append(f"{name}: query id {q['Id']}")
            metric = q.get("MetricStat", {}).get("Metric")
            if metric:
                if metric.get("Namespace") != namespace:
                    series_problems.append(f"{name}: {q['Id']} not in {namespace}")
                series_problems += unknown_series(metric["MetricName"], [d["Name"] for d in metric.get("Dimensions", [])], name)
check(f"{lefi_alarms} alarms on the service's metrics, one per registry among them", lefi_alarms >= 2 + len(catalogue["registries"]))
check(f"{math_alarms} metric-math alarms as AWS requires them", not math_problems, "; ".join(math_problems[:5]))

dashboard_name = outputs["dashboard_name"]
body_text = cw.get_dashboard(DashboardName=dashboard_name)["DashboardBody"]
check("dashboard name and size as AWS allows", re.fullmatch(r"[A-Za-z0-9_-]{1,255}", dashboard_name) is not None and len(body_text.encode()) < 1_000_000)
lines = 0
for widget in json.loads(body_text)["widgets"]:
    title = widget["properties"]["title"]
    for line in widget["properties"]["metrics"]:
        lines += 1
        if isinstance(line[0], dict):
            expression = line[0]["expression"]
            dims = re.search(r"\{" + namespace + r"((?:,\w+)*)\}", expression)
            if dims is None:
                series_problems.append(f"dashboard {title!r}: a SEARCH outside {namespace}")
                continue
            for metric in re.findall(r'MetricName="(\w+)"', expression):
                series_problems += unknown_series(metric, [d for d in dims.group(1).split(",") if d], f"dashboard {title!r}")
        elif line[0] != namespace:
            series_problems.append(f"dashboard {title!r}: {line[1]} not in {namespace}")
        else:
            series_problems += unknown_series(line[1], line[2::2], f"dashboard {title!r}")
check(f"every alarm and the dashboard's {lines} lines name a series the code writes", not series_problems, "; ".join(series_problems[:5]))

print(f"   {len(failures)} failed" if failures else "   every check passed")
sys.exit(1 if failures else 0)

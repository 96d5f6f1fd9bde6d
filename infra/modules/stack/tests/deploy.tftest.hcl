# What AWS refuses or needs that moto lets through (issue 13), checked at plan time,
# offline: the provider is mocked. scripts/lib/infra.sh runs `terraform test` here with
# `-var lambda_dir=…` (placeholder zips).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-north-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  # The policy documents' JSON is checked by the resources that take it.
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\": \"2012-10-17\", \"Statement\": []}" }
  }
}

variables {
  name                     = "lefi"
  tables_file              = "../../../shared/lefi-store/tables.json"
  registry_url             = "https://registries.internal.example.se"
  custom_domain_enabled    = false
  portal_saml_metadata_url = "https://md.swedenconnect.se/role/idp.xml"
}

run "the_stack_plans_with_a_registry_url" {
  command = plan

  assert {
    condition     = output.registry_url == "https://registries.internal.example.se"
    error_message = "the steps call the registries at registry_url"
  }
}

# Item 8: no URL used to deploy as "unset", and every query failed.
run "a_missing_registry_url_fails_the_plan" {
  command = plan

  variables {
    registry_url = null
  }
  expect_failures = [var.registry_url]
}

run "a_plain_http_registry_url_fails_the_plan" {
  command = plan

  variables {
    registry_url = "http://registries.internal.example.se"
  }
  expect_failures = [var.registry_url]
}

run "the_simulators_need_no_registry_url" {
  command = plan

  variables {
    registry_url       = null
    simulators_enabled = true
  }
}

# Item 6: a private CA for the registries, in the functions' environment (4 KB in all).
run "a_registry_ca_must_be_pem_and_fit_the_environment" {
  command = plan

  variables {
    registry_ca_pem = "not a certificate"
  }
  expect_failures = [var.registry_ca_pem]
}

# Item 3: a young account's quota (10) leaves nothing to reserve.
run "no_reserved_concurrency_unless_asked" {
  command = plan

  variables {
    registry_concurrency = 0
  }
  expect_failures = [var.registry_concurrency]
}

# Item 1: tags AWS would refuse.
run "a_tag_aws_would_refuse_fails_the_plan" {
  command = plan

  variables {
    tags = { owner = "LEFI <drift>" }
  }
  expect_failures = [var.tags]
}

# Item 10: the timeouts nest, from the registry call out to API Gateway.
run "the_timeouts_nest" {
  command = plan

  assert {
    condition = (
      output.timeouts.registry_call_ms < output.timeouts.step_function_ms &&
      alltrue([for t in output.timeouts.task_ms : output.timeouts.step_function_ms < t]) &&
      alltrue([for t in output.timeouts.task_ms : t < output.timeouts.workflow_ms]) &&
      output.timeouts.workflow_ms < output.timeouts.gateway_wait_ms &&
      output.timeouts.gateway_wait_ms + output.timeouts.gateway_reserve_ms <= output.timeouts.gateway_function_ms &&
      output.timeouts.gateway_function_ms < output.timeouts.api_integration_ms &&
      output.timeouts.api_integration_ms <= 30000
    )
    error_message = "the default timeouts do not nest: ${jsonencode(output.timeouts)}"
  }
}

run "a_gateway_that_waits_longer_than_it_lives_fails_the_plan" {
  command = plan

  variables {
    workflow_wait_ms = 26000
  }
  expect_failures = [output.timeouts]
}

run "a_gateway_that_outlives_api_gateway_fails_the_plan" {
  command = plan

  variables {
    gateway_timeout_seconds = 29
  }
  expect_failures = [output.timeouts]
}

# Item 2: the stack's own key, usable by CloudWatch Logs for its log groups.
run "the_stacks_key_lets_cloudwatch_logs_use_it" {
  command = plan

  variables {
    create_kms_key = true
  }

  assert {
    condition = anytrue([for st in jsondecode(aws_kms_key.this[0].policy).Statement : try(
      st.Principal.Service == "logs.eu-north-1.amazonaws.com" &&
      contains(st.Action, "kms:GenerateDataKey*") && contains(st.Action, "kms:Decrypt*") &&
      contains(st.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], "arn:aws:logs:eu-north-1:111122223333:log-group:/aws/lambda/lefi-*"),
      false)
    ])
    error_message = "the key policy lets CloudWatch Logs of this account and region use the key for the stack's log groups"
  }
  assert {
    condition     = aws_kms_key.this[0].enable_key_rotation
    error_message = "the key rotates"
  }
}

run "a_key_of_ones_own_or_the_stacks_not_both" {
  command = plan

  variables {
    create_kms_key = true
    kms_key_arn    = "arn:aws:kms:eu-north-1:111122223333:key/00000000-0000-0000-0000-000000000000"
  }
  expect_failures = [var.kms_key_arn]
}

# Issue 14, item 2: the functions come from the one list (infra/functions.json), each
# with exactly the environment its crate's configuration reads.
run "every_function_of_the_list_is_deployed_with_exactly_its_env" {
  command = plan

  assert {
    condition     = sort(keys(output.functions)) == sort([for k, f in jsondecode(file("../../functions.json")).functions : k if f.kind != "simulator"])
    error_message = "the stack deploys every step and http function of infra/functions.json, and no other"
  }
  assert {
    condition     = output.functions.gateway.env == ["LEFI_OPENING_EXCEPTIONS", "LEFI_PNR_KEYS_SECRET", "LEFI_PUBLIC_URL", "LEFI_QUERY_BUDGET_MS", "LEFI_SHS_QUEUE_URL", "LEFI_STATE_MACHINE_ARN", "LEFI_TABLE_PREFIX", "LEFI_WORKFLOW_TIMEOUT_MS"]
    error_message = "the gateway gets exactly its env: ${jsonencode(output.functions.gateway.env)}"
  }
  assert {
    condition     = output.functions.fetch_benefit.env == ["LEFI_REGISTRY_TIMEOUT_MS", "LEFI_REGISTRY_URL"]
    error_message = "without registry_ca_pem, LEFI_REGISTRY_CA_PEM stays unset: ${jsonencode(output.functions.fetch_benefit.env)}"
  }
  assert {
    condition     = module.http["gateway"].name == "lefi-gateway" && module.step["compile_answer"].name == "lefi-compile-answer"
    error_message = "a function is named <name>-<its key with - for _>"
  }
  assert {
    condition     = alltrue([for m in concat(values(module.step), values(module.http)) : m.log_format == "JSON"])
    error_message = "every function logs JSON lines, so AWS_LAMBDA_LOG_FORMAT is JSON and its level applies"
  }
}

run "a_registry_ca_is_set_for_the_functions_that_read_it" {
  command = plan

  variables {
    registry_ca_pem = "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n"
  }
  assert {
    condition     = contains(output.functions.lookup_person.env, "LEFI_REGISTRY_CA_PEM") && !contains(output.functions.validate.env, "LEFI_REGISTRY_CA_PEM")
    error_message = "LEFI_REGISTRY_CA_PEM goes to the functions whose env lists it, and only to them"
  }
}

run "an_env_name_the_stack_does_not_set_fails_the_plan" {
  command = plan

  variables {
    functions_file = "tests/functions-unknown-env.json"
  }
  expect_failures = [output.functions]
}

run "a_step_cannot_have_the_state_machines_arn" {
  command = plan

  variables {
    functions_file = "tests/functions-step-with-state-machine.json"
  }
  expect_failures = [output.functions]
}

# A3: the daily seal comes with the stack (functions.json's daily_seal), with exactly its
# permissions, and its retention is checked before AWS (moto takes 0).
run "a3_the_stack_has_the_daily_seal_with_least_privilege" {
  command = plan

  assert {
    condition     = output.function_permissions.daily_seal == { AuditByDay = ["dynamodb:Query"], SignRoot = ["kms:Sign", "kms:GetPublicKey"], Manifests = ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectRetention"], ManifestsExist = ["s3:ListBucket", "s3:ListBucketVersions"] }
    error_message = "the seal reads the day, signs and writes its manifest, nothing else: ${jsonencode(output.function_permissions.daily_seal)}"
  }
  assert {
    condition     = module.seal[0].retention_days == 3653
    error_message = "ten years' lock by default"
  }
}

run "a3_a_seal_retention_of_zero_days_fails_the_plan" {
  command = plan

  variables {
    seal_retention_days = 0
  }
  expect_failures = [var.seal_retention_days]
}

# Issue 18: SHS's worker drains its queue with what the event source mapping needs and
# what a query needs, nothing else; the gateway may only send to the queue.
run "c1_shs_the_worker_drains_the_queue_with_least_privilege" {
  command = plan

  assert {
    condition     = output.functions.shs_worker.env == ["LEFI_OPENING_EXCEPTIONS", "LEFI_PNR_KEYS_SECRET", "LEFI_QUERY_BUDGET_MS", "LEFI_SHS_MAX_RECEIVES", "LEFI_STATE_MACHINE_ARN", "LEFI_TABLE_PREFIX", "LEFI_WORKFLOW_TIMEOUT_MS"]
    error_message = "the worker gets exactly its env: ${jsonencode(output.functions.shs_worker.env)}"
  }
  assert {
    condition     = output.function_permissions.shs_worker.ShsQueueReceive == tolist(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]) && output.function_permissions.shs_worker.RunQueries == tolist(["states:StartSyncExecution"]) && output.function_permissions.shs_worker.TableMailbox == tolist(["dynamodb:PutItem"])
    error_message = "the worker receives and deletes its work, runs queries and puts replies: ${jsonencode(output.function_permissions.shs_worker)}"
  }
  assert {
    condition     = jsonencode(output.function_permissions.gateway.ShsQueueSend) == jsonencode(["sqs:SendMessage"]) && !contains(output.function_permissions.gateway.TableMailbox, "dynamodb:PutItem")
    error_message = "the gateway sends work and serves the mailbox, but never puts a reply: ${jsonencode(output.function_permissions.gateway)}"
  }
  assert {
    condition     = module.shs_queue[0].visibility_timeout_seconds == 6 * var.shs_worker_timeout_seconds && module.shs_worker[0].name == "lefi-shs-worker"
    error_message = "the work queue's visibility timeout is six times the worker's timeout"
  }
  assert {
    condition     = module.shs_worker[0].environment.LEFI_SHS_MAX_RECEIVES == tostring(var.shs_max_receives)
    error_message = "the worker gives up on the delivery the redrive policy moves the item on (its maxReceiveCount: infra_check.py on the applied stack)"
  }
}

run "c1_shs_a_worker_timeout_at_the_claim_lease_fails_the_plan" {
  command = plan

  variables {
    shs_worker_timeout_seconds = 180
  }
  expect_failures = [var.shs_worker_timeout_seconds]
}

# Issue 16: the operator role exists only when someone may assume it, with the stack's
# tables and secret (least privilege itself: modules/operator_role's tests).
run "no_operator_role_unless_someone_may_assume_it" {
  command = plan

  assert {
    condition     = length(module.operator_role) == 0
    error_message = "no principal, no role"
  }
}

run "a1_the_operator_role_reaches_the_stacks_tables_and_keys" {
  command = plan

  variables {
    operator_principal_arns = ["arn:aws:iam::111122223333:role/lefi-operators"]
  }
  assert {
    condition     = length(module.operator_role) == 1
    error_message = "the role is made"
  }
  assert {
    condition     = length(setsubtract(["Directory", "AuditAppendAndRead", "UsageRead", "PnrKeys"], [for s in module.operator_role[0].policy : s.Sid])) == 0
    error_message = "the operator reaches the directory, the audit, usage and the keys' secret"
  }
}

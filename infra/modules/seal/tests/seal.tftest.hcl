# What AWS refuses or needs that moto lets through (A3's seal), checked at plan time,
# offline: the provider is mocked. scripts/lib/infra.sh runs `terraform test` here.

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
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\": \"2012-10-17\", \"Statement\": []}" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-north-1:111122223333:key/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::lefi-audit-seal-111122223333" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/lefi-mock" }
  }
  mock_resource "aws_lambda_function" {
    defaults = { arn = "arn:aws:lambda:eu-north-1:111122223333:function:lefi-daily-seal" }
  }
}

variables {
  name            = "lefi"
  zip_path        = "tests/placeholder.zip"
  audit_table_arn = "arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-audit"
  retention_days  = 3653
  environment     = { LEFI_TABLE_PREFIX = "lefi" }
}

run "the_seal_plans_with_its_key_bucket_and_schedule" {
  command = apply

  assert {
    condition     = aws_kms_key.seal.customer_master_key_spec == "ECC_NIST_P256" && aws_kms_key.seal.key_usage == "SIGN_VERIFY"
    error_message = "an asymmetric P-256 signing key"
  }
  assert {
    condition     = aws_s3_bucket.seal.object_lock_enabled && aws_s3_bucket_versioning.seal.versioning_configuration[0].status == "Enabled"
    error_message = "Object Lock with versioning"
  }
  assert {
    condition     = one(aws_s3_bucket_object_lock_configuration.seal.rule[0].default_retention).mode == "COMPLIANCE" && one(aws_s3_bucket_object_lock_configuration.seal.rule[0].default_retention).days == 3653
    error_message = "COMPLIANCE default retention of retention_days"
  }
  assert {
    condition     = aws_scheduler_schedule.seal.schedule_expression_timezone == "Europe/Stockholm" && aws_scheduler_schedule.seal.target[0].arn == "arn:aws:lambda:eu-north-1:111122223333:function:lefi-daily-seal"
    error_message = "the schedule runs the seal function on Stockholm time"
  }
  assert {
    condition     = jsondecode(aws_scheduler_schedule.seal.target[0].input).scheduled_time == "<aws.scheduler.scheduled-time>"
    error_message = "the schedule passes its scheduled time"
  }
  assert {
    condition     = output.environment.LEFI_SEAL_RETENTION_DAYS == "3653" && output.environment.LEFI_TABLE_PREFIX == "lefi" && output.environment.LEFI_SEAL_BUCKET == "lefi-audit-seal-111122223333"
    error_message = "the function gets the seal's variables and the stack's"
  }
  assert {
    condition     = [for s in local.statements : s.resources[0] if s.sid == "AuditByDay"] == ["arn:aws:dynamodb:eu-north-1:111122223333:table/lefi-audit/index/by-day"]
    error_message = "Query on the by-day index only"
  }
  assert {
    condition     = toset(flatten([for s in local.statements : s.actions])) == toset(["dynamodb:Query", "kms:Sign", "kms:GetPublicKey", "s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectRetention", "s3:ListBucket", "s3:ListBucketVersions"])
    error_message = "least privilege: nothing beyond reading the day, signing and writing the manifest"
  }
  assert {
    condition     = [for r in aws_s3_bucket_server_side_encryption_configuration.seal.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm] == ["AES256"]
    error_message = "SSE-S3 without the stack's key"
  }
}

run "with_the_stacks_key_the_manifests_are_sse_kms" {
  command = plan

  variables {
    kms_enabled = true
    kms_key_arn = "arn:aws:kms:eu-north-1:111122223333:key/99999999-2222-3333-4444-555555555555"
  }
  assert {
    condition     = contains([for s in local.statements : s.sid], "ManifestsKms")
    error_message = "the function may use the stack's key for the bucket"
  }
}

run "no_retention_fails_the_plan" {
  command = plan

  variables {
    retention_days = 0
  }
  expect_failures = [var.retention_days]
}

run "a_fractional_retention_fails_the_plan" {
  command = plan

  variables {
    retention_days = 1.5
  }
  expect_failures = [var.retention_days]
}

run "a_key_that_cannot_sign_fails_the_plan" {
  command = plan

  variables {
    key_spec = "SYMMETRIC_DEFAULT"
  }
  expect_failures = [var.key_spec]
}

run "a_schedule_on_utc_fails_the_plan" {
  command = plan

  variables {
    schedule_timezone = "UTC"
  }
  expect_failures = [var.schedule_timezone]
}

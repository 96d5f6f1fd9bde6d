# One Lambda function from a zip cargo-lambda built (scripts/package): provided.al2023 on
# arm64, its own role with only what the function does, its log group with retention,
# X-Ray tracing, environment from variables, optional reserved concurrency and optional
# VPC placement. Terraform never builds anything: zip_path must exist.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name}"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-fn"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }

  statement {
    sid = "Tracing"
    # X-Ray's write actions support no resource-level permissions.
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-fn"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

# In a VPC, Lambda makes the function's network interfaces with its role: AWS's managed
# policy for exactly that (ec2:CreateNetworkInterface, Describe…, Delete…, Assign/Unassign
# private addresses).
resource "aws_iam_role_policy_attachment" "vpc" {
  count      = var.vpc_config == null ? 0 : 1
  role       = aws_iam_role.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338: retention is var.log_retention_days: 365 days in envs/aws, shorter in test roots; the audit trail proper is the audit table, not these logs
  #checkov:skip=CKV_AWS_158: encrypted by CloudWatch Logs' own key; a customer managed key is var.kms_key_arn (set it in AWS)
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116: invoked synchronously (Step Functions tasks, API Gateway): the caller sees and retries errors; a DLQ applies only to asynchronous invocation
  #checkov:skip=CKV_AWS_117: VPC placement is var.vpc_config, set for the functions that call the registries when those live on an internal network; the others reach only AWS APIs
  #checkov:skip=CKV_AWS_272: code signing needs an AWS Signer profile the project does not have yet; the zips come from scripts/package in CI
  #checkov:skip=CKV_AWS_115: reserved concurrency is set where it protects a registry (var.reserved_concurrency); reserving for every function would exhaust a new account's pool
  #checkov:skip=CKV_AWS_173: environment variables are encrypted at rest by Lambda's key; a customer managed key is var.kms_key_arn (set it in AWS)
  function_name                  = var.name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  runtime                        = "provided.al2023"
  architectures                  = ["arm64"]
  handler                        = "bootstrap"
  filename                       = var.zip_path
  source_code_hash               = filebase64sha256(var.zip_path)
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrency == null ? -1 : var.reserved_concurrency
  kms_key_arn                    = var.kms_key_arn

  environment {
    variables = var.environment
  }

  tracing_config {
    mode = "Active"
  }

  # JSON lines into the function's own log group: Lambda then sets AWS_LAMBDA_LOG_FORMAT
  # and AWS_LAMBDA_LOG_LEVEL, which lambda_runtime's tracing setup honours.
  logging_config {
    log_format            = "JSON"
    application_log_level = var.log_level
    system_log_level      = "WARN"
    log_group             = aws_cloudwatch_log_group.this.name
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this, aws_iam_role_policy_attachment.vpc]
}

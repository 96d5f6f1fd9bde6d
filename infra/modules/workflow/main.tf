# The EXPRESS state machine "lefi-query" from the one ASL file (lefi-query.asl.json, also
# run locally by lefi-sfn-local): templatefile fills the Task ARNs, then the Map's
# MaxConcurrency is set from var.max_concurrency. Logs go to CloudWatch without execution
# data (the state carries a personnummer); X-Ray tracing is on. The role may invoke
# exactly the step functions the definition names — nothing else: the audit write happens
# inside the audit function, whose own role holds the audit and usage tables.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  definition_file = coalesce(var.definition_file, "${path.module}/lefi-query.asl.json")
  # Each step's placeholder is ${<key>_arn}; templatefile fails on one no step fills.
  rendered = jsondecode(templatefile(local.definition_file, { for key, arn in var.function_arns : "${key}_arn" => arn }))
  # The steps the definition names (a step function it does not name is not invoked).
  invoked = [for key, arn in var.function_arns : arn if strcontains(file(local.definition_file), "$${${key}_arn}")]

  definition = merge(local.rendered, {
    States = merge(local.rendered.States, {
      FetchBenefits = merge(local.rendered.States.FetchBenefits, {
        MaxConcurrency = var.max_concurrency
      })
    })
  })

  log_group_name = "/aws/vendedlogs/states/${var.name}"

  # The definition's timeouts, for the stack's check that the timeouts nest (a Task
  # without TimeoutSeconds shows as null, which that check refuses). Read from the file
  # with stand-in ARNs, so they are known when Terraform plans.
  known = jsondecode(templatefile(local.definition_file, {
    for key in keys(var.function_arns) : "${key}_arn" => "arn:aws:lambda:::function:${key}"
  }))
  task_timeouts = concat(
    [for st in values(local.known.States) : try(st.TimeoutSeconds, null) if st.Type == "Task"],
    flatten([for st in values(local.known.States) :
      [for it in values(st.ItemProcessor.States) : try(it.TimeoutSeconds, null) if it.Type == "Task"]
    if st.Type == "Map"]),
  )
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-sfn"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "InvokeItsSteps"
    actions   = ["lambda:InvokeFunction"]
    resources = sort(local.invoked)
  }

  statement {
    sid = "LogDelivery"
    # CloudWatch Logs delivery for Step Functions supports no resource-level permissions
    # (AWS's documented policy for state machine logging).
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "this" {
  #checkov:skip=CKV_AWS_290: log delivery and X-Ray write actions support no resource-level permissions (AWS's documented policy)
  #checkov:skip=CKV_AWS_355: as above: those actions only accept "*"
  name   = "${var.name}-sfn"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

# IAM is eventually consistent: CreateStateMachine checks at once that the role may
# deliver logs ("not authorized to access the Log Destination"). The AWS provider retries
# that on create (AccessDeniedException, for its create timeout), but not on update, so a
# wait after the role's policy is made or changed lets one apply suffice either way. A
# local-exec sleep, because the project's Terraform uses only hashicorp/aws (no `time`
# provider in the mirror, TOOLING.md); 0 turns it off (the moto test root).
resource "terraform_data" "role_propagation" {
  count            = var.iam_propagation_seconds > 0 ? 1 : 0
  triggers_replace = [aws_iam_role.this.arn, aws_iam_role_policy.this.policy]

  provisioner "local-exec" {
    command = "sleep ${var.iam_propagation_seconds}"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338: retention is var.log_retention_days: 365 days in envs/aws, shorter in test roots; the audit trail proper is the audit table, not these logs
  #checkov:skip=CKV_AWS_158: encrypted by CloudWatch Logs' own key; a customer managed key is var.kms_key_arn (set it in AWS)
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sfn_state_machine" "this" {
  #checkov:skip=CKV_AWS_285: execution history is logged (level ALL) but without execution data, on purpose: the state carries a personnummer
  name       = var.name
  type       = "EXPRESS"
  role_arn   = aws_iam_role.this.arn
  definition = jsonencode(local.definition)

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    include_execution_data = false # the state carries a personnummer
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  tags = var.tags

  timeouts {
    # The provider retries AccessDeniedException (IAM propagation) until this passes.
    create = "10m"
  }

  depends_on = [aws_iam_role_policy.this, terraform_data.role_propagation]
}

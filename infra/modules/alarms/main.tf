# Alarms on what should never be routine — function errors and throttles, failed or
# timed out executions, requests failing inside the service, audit records not written,
# a registry failing often, the portal's 5xx — and a dashboard of the service's metrics.
# Actions go to var.alarm_topic_arn when set.

data "aws_region" "current" {}

locals {
  actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
  region  = data.aws_region.current.name

  function_alarms = merge([
    for fn in var.function_names : {
      "${fn}-errors"    = { function = fn, metric = "Errors" }
      "${fn}-throttles" = { function = fn, metric = "Throttles" }
    }
  ]...)
}

resource "aws_cloudwatch_metric_alarm" "function" {
  for_each = local.function_alarms

  alarm_name          = each.key
  alarm_description   = "${each.value.metric} of Lambda ${each.value.function}"
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  dimensions          = { FunctionName = each.value.function }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.function_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "executions" {
  for_each = toset(["ExecutionsFailed", "ExecutionsTimedOut"])

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "${each.key} of state machine ${var.name}: a query got no answer"
  namespace           = "AWS/States"
  metric_name         = each.key
  dimensions          = { StateMachineArn = var.state_machine_arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

# The service's own metrics (namespace LEFI, written by the functions as EMF lines;
# infra/metrics.json is their catalogue, checked against the code). Not the partners'
# API's 5xx: SOAP 1.1 answers every fault with a 500, so a partner's bad queries would
# raise it. What must never be routine is a request failing inside the service, a record
# that could not be written, and a registry failing often.
resource "aws_cloudwatch_metric_alarm" "failed_queries" {
  alarm_name          = "${var.name}-failed-queries"
  alarm_description   = "Requests that failed inside the service (Outcome FAILED): a store, the workflow or a kept answer. No data left with them."
  namespace           = var.metrics.namespace
  metric_name         = "Queries"
  dimensions          = { Outcome = "FAILED" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.failed_queries_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_fail_closed" {
  alarm_name          = "${var.name}-audit-fail-closed"
  alarm_description   = "An audit record could not be written (P5): the request was answered 500 with nothing in it. Look at the audit table."
  namespace           = var.metrics.namespace
  metric_name         = "AuditFailClosed"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

# One alarm per registry: the share of its calls (after their tries and hedges) that
# failed, once it had enough calls in the period to mean something.
resource "aws_cloudwatch_metric_alarm" "registry_failures" {
  for_each = toset(var.metrics.registries)

  alarm_name          = "${var.name}-registry-${replace(lower(each.key), ":", "-")}-failures"
  alarm_description   = "More than ${var.registry_failure_percent} % of the calls to registry ${each.key} failed (INTERNT_FEL for its benefit, or 503 for the person register)."
  evaluation_periods  = 1
  threshold           = var.registry_failure_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags

  metric_query {
    id          = "rate"
    expression  = "IF(calls >= ${var.registry_min_calls}, 100 * failures / calls, 0)"
    label       = "Failed calls to ${each.key} (%)"
    return_data = true
  }
  metric_query {
    id = "calls"
    metric {
      namespace   = var.metrics.namespace
      metric_name = "RegistryCalls"
      dimensions  = { Registry = each.key }
      stat        = "Sum"
      period      = 300
    }
  }
  metric_query {
    id = "failures"
    metric {
      namespace   = var.metrics.namespace
      metric_name = "RegistryFailures"
      dimensions  = { Registry = each.key }
      stat        = "Sum"
      period      = 300
    }
  }
}

# The service at a glance: queries by outcome, latency, refusals, the registries. SEARCH
# lists every value a dimension took, so a new outcome or reason shows without an edit.
resource "aws_cloudwatch_dashboard" "service" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title   = "Frågor per utfall (5 min)"
          region  = local.region
          stat    = "Sum"
          period  = 300
          stacked = true
          metrics = [[{ expression = "SEARCH('{${var.metrics.namespace},Outcome} MetricName=\"Queries\"', 'Sum', 300)", id = "outcomes" }]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title  = "Svarstid, besvarade frågor (ms)"
          region = local.region
          period = 300
          metrics = [
            [{ expression = "SEARCH('{${var.metrics.namespace},Channel,Outcome} MetricName=\"Latency\" Outcome=\"ANSWERED\"', 'p50', 300)", id = "p50", label = "p50" }],
            [{ expression = "SEARCH('{${var.metrics.namespace},Channel,Outcome} MetricName=\"Latency\" Outcome=\"ANSWERED\"', 'p99', 300)", id = "p99", label = "p99" }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title   = "Avvisade anrop per orsak, och begränsade (5 min)"
          region  = local.region
          stat    = "Sum"
          period  = 300
          stacked = true
          metrics = [
            [{ expression = "SEARCH('{${var.metrics.namespace},Reason} MetricName=\"Refusals\"', 'Sum', 300)", id = "reasons" }],
            [{ expression = "SEARCH('{${var.metrics.namespace},Channel} MetricName=\"Limited\"', 'Sum', 300)", id = "limited" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Granskningsposter som inte kunde skrivas (fail closed)"
          region = local.region
          stat   = "Sum"
          period = 60
          metrics = [
            [var.metrics.namespace, "AuditFailClosed"],
            [var.metrics.namespace, "Queries", "Outcome", "FAILED"],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 24, height = 6
        properties = {
          title  = "Register: misslyckade anrop och slut på tidsbudget (5 min)"
          region = local.region
          stat   = "Sum"
          period = 300
          metrics = [
            [{ expression = "SEARCH('{${var.metrics.namespace},Registry} MetricName=\"RegistryFailures\"', 'Sum', 300)", id = "failures" }],
            [{ expression = "SEARCH('{${var.metrics.namespace},Registry} MetricName=\"BudgetExhausted\"', 'Sum', 300)", id = "budget" }],
          ]
        }
      },
    ]
  })
}

# The portal's own HTTP API (modules/portal_api), apart from the partners'.
resource "aws_cloudwatch_metric_alarm" "portal_api_5xx" {
  count = var.portal_api_enabled ? 1 : 0

  alarm_name          = "${var.name}-portal-api-5xx"
  alarm_description   = "The portal's HTTP API ${var.portal_api_id} answered 5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = var.portal_api_id, Stage = var.portal_api_stage }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.api_5xx_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
  tags                = var.tags
}

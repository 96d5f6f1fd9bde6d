# Alarms on what should never be routine: function errors and throttles, failed or timed
# out executions, and 5xx of each HTTP API (the partners', the portal's). Actions go to
# var.alarm_topic_arn when set.

locals {
  actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

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

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  count = var.api_enabled ? 1 : 0

  alarm_name          = "${var.name}-api-5xx"
  alarm_description   = "HTTP API ${var.api_id} answered 5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = var.api_id, Stage = var.api_stage }
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

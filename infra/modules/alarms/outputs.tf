output "alarm_names" {
  description = "Every alarm the module made."
  value = sort(concat(
    [for a in aws_cloudwatch_metric_alarm.function : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.executions : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.api_5xx : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.portal_api_5xx : a.alarm_name],
  ))
}

output "alarm_names" {
  description = "Every alarm the module made."
  value = sort(concat(
    [for a in aws_cloudwatch_metric_alarm.function : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.executions : a.alarm_name],
    [aws_cloudwatch_metric_alarm.failed_queries.alarm_name],
    [aws_cloudwatch_metric_alarm.audit_fail_closed.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.registry_failures : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.portal_api_5xx : a.alarm_name],
  ))
}

output "dashboard_name" {
  description = "The service's CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.service.dashboard_name
}

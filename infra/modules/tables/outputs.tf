output "names" {
  description = "Table name by the store's name (directory, audit, usage, …)."
  value       = { for k, t in aws_dynamodb_table.this : k => t.name }
}

output "arns" {
  description = "Table ARN by the store's name."
  value       = { for k, t in aws_dynamodb_table.this : k => t.arn }
}

output "definition" {
  description = "The decoded tables.json, for checks."
  value       = local.definition
}

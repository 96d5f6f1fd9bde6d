output "arn" {
  description = "The operator role: `aws sts assume-role` into it, then `lefi-admin --dynamodb`."
  value       = aws_iam_role.this.arn
}

output "name" {
  description = "The role's name."
  value       = aws_iam_role.this.name
}

output "policy" {
  description = "The inline policy's statements, for checks."
  value       = local.statements
}

output "function_name" {
  description = "The seal function's name."
  value       = module.function.name
}

output "function_arn" {
  description = "The seal function's ARN."
  value       = module.function.arn
}

output "function_role_arn" {
  description = "The seal function's own role's ARN."
  value       = module.function.role_arn
}

output "permissions" {
  description = "The seal function's policy statements beyond logs and traces: sid → actions."
  value       = local.actions
}

output "function_role_name" {
  description = "The seal function's own role."
  value       = module.function.role_name
}

output "environment" {
  description = "The seal function's environment variables as configured."
  value       = module.function.environment
}

output "key_arn" {
  description = "The signing key (ECC_NIST_P256, SIGN_VERIFY): verifiers need kms:GetPublicKey on it."
  value       = aws_kms_key.seal.arn
}

output "bucket" {
  description = "The manifests' bucket (Object Lock, COMPLIANCE)."
  value       = aws_s3_bucket.seal.bucket
}

output "bucket_arn" {
  description = "The manifests' bucket's ARN."
  value       = aws_s3_bucket.seal.arn
}

output "retention_days" {
  description = "Days each manifest is locked."
  value       = var.retention_days
}

output "schedule_name" {
  description = "The daily schedule."
  value       = aws_scheduler_schedule.seal.name
}

output "scheduler_role_name" {
  description = "The role the schedule invokes the function with."
  value       = aws_iam_role.scheduler.name
}

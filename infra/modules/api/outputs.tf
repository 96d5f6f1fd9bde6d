output "api_id" {
  description = "The HTTP API's id."
  value       = aws_apigatewayv2_api.this.id
}

output "stage_name" {
  description = "The HTTP API's stage."
  value       = aws_apigatewayv2_stage.this.name
}

output "endpoint" {
  description = "Where partners send queries: https://<domain> with mTLS, or the execute-api endpoint when there is no custom domain."
  value       = var.custom_domain_enabled ? "https://${var.domain_name}" : aws_apigatewayv2_api.this.api_endpoint
}

output "domain_target" {
  description = "Point the domain's DNS (CNAME/alias) here."
  value       = try(aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name, null)
}

output "truststore_uri" {
  description = "The mTLS truststore's S3 URI."
  value       = "s3://${aws_s3_bucket.truststore.id}/${local.truststore_key}"
}

output "truststore_bucket" {
  description = "The truststore's bucket."
  value       = aws_s3_bucket.truststore.id
}

output "routes" {
  description = "The HTTP API's route keys."
  value       = sort([for r in aws_apigatewayv2_route.this : r.route_key])
}

output "domain_mutual_tls" {
  description = "The partners' domain's mutual TLS settings (its truststore): never empty with the custom domain."
  value       = try(aws_apigatewayv2_domain_name.this[0].mutual_tls_authentication, [])
}

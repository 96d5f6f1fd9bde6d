output "api_id" {
  description = "The portal's HTTP API id."
  value       = aws_apigatewayv2_api.this.id
}

output "stage_name" {
  description = "The portal API's stage."
  value       = aws_apigatewayv2_stage.this.name
}

# Only the API's own attributes: the portal's URL feeds its login's callback URL and its
# function's LEFI_PORTAL_URL, both of which the integration (and so this module) depends on.
output "endpoint" {
  description = "The portal's base URL: https://<domain_name>, or the execute-api endpoint without a custom domain."
  value       = var.custom_domain_enabled ? "https://${var.domain_name}" : aws_apigatewayv2_api.this.api_endpoint
}

output "domain_target" {
  description = "Point the portal domain's DNS (CNAME/alias) here."
  value       = try(aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name, null)
}

output "domain_mutual_tls" {
  description = "The portal domain's mutual TLS settings: empty (browsers have no client certificate)."
  value       = try(aws_apigatewayv2_domain_name.this[0].mutual_tls_authentication, [])
}

output "routes" {
  description = "The portal API's route keys."
  value       = [aws_apigatewayv2_route.default.route_key]
}

output "integration_timeout_ms" {
  description = "How long API Gateway waits for the portal function."
  value       = aws_apigatewayv2_integration.portal.timeout_milliseconds
}

output "domain_name" {
  description = "The portal's custom domain, when there is one."
  value       = one(aws_apigatewayv2_domain_name.this[*].domain_name)
}

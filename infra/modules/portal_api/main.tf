# The portal's own front: an HTTP API of its own in front of the portal Lambda, on its own
# custom domain WITHOUT client certificates (people with a browser, not partner systems).
# Not a second domain on the partners' API: a domain maps to a whole API stage, so the
# partners' routes would then be reachable without mutual TLS; two APIs keep the partner
# edge exactly as it was and give each its own throttling, logs and alarm.
# Every path goes to the portal ($default route); the portal has its own login (C2).
# Access logs hold no path, query or body, as the partner API's.

locals {
  # Only context fields that cannot carry request content: the route key (here always
  # $default), status, sizes, timings.
  access_log_format = jsonencode({
    requestId        = "$context.requestId"
    requestTime      = "$context.requestTime"
    sourceIp         = "$context.identity.sourceIp"
    routeKey         = "$context.routeKey"
    protocol         = "$context.protocol"
    status           = "$context.status"
    responseLength   = "$context.responseLength"
    responseLatency  = "$context.responseLatency"
    integrationError = "$context.integrationErrorMessage"
  })
}

resource "aws_apigatewayv2_api" "this" {
  name          = "${var.name}-portal"
  protocol_type = "HTTP"
  description   = "LEFI Online portal (C2): e-legitimation login and the two screens"
  # With the custom domain, the execute-api endpoint is off: one address for the portal,
  # the one its login's callback URL names.
  disable_execute_api_endpoint = var.custom_domain_enabled
  tags                         = var.tags
}

resource "aws_apigatewayv2_integration" "portal" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = var.function_invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_ms
}

resource "aws_apigatewayv2_route" "default" {
  #checkov:skip=CKV_AWS_309: the portal authenticates people itself (OpenID Connect with the Cognito user pool, then its own session); its login pages must be reachable without a token, so no JWT/IAM authoriser applies
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.portal.id}"
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_338: retention is var.log_retention_days: 365 days in envs/aws, shorter in test roots; the audit trail proper is the audit table, not these logs
  #checkov:skip=CKV_AWS_158: encrypted by CloudWatch Logs' own key; a customer managed key is var.kms_key_arn (set it in AWS)
  name              = "/aws/apigateway/${var.name}-portal"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = local.access_log_format
  }

  tags = var.tags
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowPortalHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

# The portal's domain: TLS 1.2, no mutual_tls_authentication block (browsers have no client
# certificate to give).
resource "aws_apigatewayv2_domain_name" "this" {
  count = var.custom_domain_enabled ? 1 : 0

  domain_name = var.domain_name

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.domain_name != null && var.certificate_arn != null
      error_message = "The portal's custom domain needs portal_domain_name and portal_certificate_arn (ACM, in the stack's region)."
    }
  }
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count = var.custom_domain_enabled ? 1 : 0

  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this[0].id
  stage       = aws_apigatewayv2_stage.this.id
}

# The partner edge: an HTTP API in front of the gateway Lambda. Partners reach it through
# a custom domain that requires mutual TLS (API Gateway checks the client certificate
# against the truststore in S3; the gateway maps the certificate to a partner, P1); the
# default execute-api endpoint is switched off then, so nobody can go around mTLS.
# Routes: v9 JSON, XML, SSEK, SHS and the OpenAPI document, all to the gateway. The portal is
# not here: it has its own API and domain without client certificates (portal_api).
# Throttling on the stage; access logs that hold no path, query or body (a personnummer
# may be in any of them).

data "aws_caller_identity" "current" {}

locals {
  routes = [
    "ANY /lefi-extern-formansinformation/v9/{proxy+}",
    "ANY /lefi-xml/{proxy+}",
    "ANY /ssek/{proxy+}",
    "ANY /shs/{proxy+}",
    "GET /openapi.yaml",
  ]

  # Only context fields that cannot carry request content: the route key (the template,
  # not the path), status, sizes, timings and the client certificate's identity.
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
    clientCertSerial = "$context.identity.clientCert.serialNumber"
    clientCertIssuer = "$context.identity.clientCert.issuerDN"
  })

  truststore_key = "truststore/${var.name}-truststore.pem"
}

resource "aws_apigatewayv2_api" "this" {
  name                         = var.name
  protocol_type                = "HTTP"
  description                  = "LEFI Online partner edge (v9 JSON, XML, SSEK)"
  disable_execute_api_endpoint = var.custom_domain_enabled
  tags                         = var.tags
}

resource "aws_apigatewayv2_integration" "gateway" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = var.gateway_invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_ms
}

resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309: callers are authenticated by mutual TLS on the custom domain and mapped to a partner by the gateway (P1). No JWT/IAM authoriser applies
  for_each = toset(local.routes)

  api_id    = aws_apigatewayv2_api.this.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.gateway.id}"
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_338: retention is var.log_retention_days: 365 days in envs/aws, shorter in test roots; the audit trail proper is the audit table, not these logs
  #checkov:skip=CKV_AWS_158: encrypted by CloudWatch Logs' own key; a customer managed key is var.kms_key_arn (set it in AWS)
  name              = "/aws/apigateway/${var.name}"
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
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = var.gateway_function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

# The truststore: the CA certificates whose client certificates API Gateway accepts.
resource "aws_s3_bucket" "truststore" {
  #checkov:skip=CKV_AWS_18: the bucket holds one public-key PEM (CA certificates); CloudTrail data events cover who changes it
  #checkov:skip=CKV_AWS_144: a truststore is regional configuration, re-uploaded from source; replication adds nothing
  #checkov:skip=CKV2_AWS_62: nothing reacts to a truststore change except API Gateway, which reads the pinned object version
  #checkov:skip=CKV_AWS_145: CA certificates are public; SSE-S3 (AES256) suffices, and a KMS key would only add a way for API Gateway's read of the truststore to fail
  bucket        = var.truststore_bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_versioning" "truststore" {
  bucket = aws_s3_bucket.truststore.id
  versioning_configuration {
    status = "Enabled" # API Gateway pins a truststore version
  }
}

resource "aws_s3_bucket_public_access_block" "truststore" {
  bucket                  = aws_s3_bucket.truststore.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# SSE-S3 even when the stack has a customer managed key: the truststore holds public CA
# certificates, and API Gateway reads it when the domain is made or updated — with a KMS
# key, a deployer or service without kms:Decrypt on it would fail that for nothing.
resource "aws_s3_bucket_server_side_encryption_configuration" "truststore" {
  bucket = aws_s3_bucket.truststore.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "truststore" {
  count  = var.truststore_lifecycle_enabled ? 1 : 0
  bucket = aws_s3_bucket.truststore.id
  rule {
    id     = "old-truststores"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_object" "truststore" {
  count = var.truststore_pem == null ? 0 : 1

  bucket       = aws_s3_bucket.truststore.id
  key          = local.truststore_key
  content      = var.truststore_pem
  content_type = "application/x-pem-file"

  depends_on = [aws_s3_bucket_versioning.truststore]
}

resource "aws_apigatewayv2_domain_name" "this" {
  count = var.custom_domain_enabled ? 1 : 0

  domain_name = var.domain_name

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
    # Mutual TLS with a certificate imported into ACM or issued by a private CA: API
    # Gateway wants proof that we own the domain, a public ACM certificate for it.
    ownership_verification_certificate_arn = var.ownership_verification_certificate_arn
  }

  mutual_tls_authentication {
    truststore_uri     = "s3://${aws_s3_bucket.truststore.id}/${local.truststore_key}"
    truststore_version = one(aws_s3_object.truststore[*].version_id)
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.domain_name != null && var.certificate_arn != null && var.truststore_pem != null
      error_message = "The custom domain needs domain_name, certificate_arn (ACM, same region) and truststore_pem."
    }
    precondition {
      condition     = var.truststore_pem == null || try(length(regexall("-----BEGIN CERTIFICATE-----", var.truststore_pem)) > 0, false)
      error_message = "truststore_pem holds no PEM certificate: API Gateway needs the CA certificates (each partner CA's full chain: intermediates and root)."
    }
  }
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count = var.custom_domain_enabled ? 1 : 0

  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this[0].id
  stage       = aws_apigatewayv2_stage.this.id
}

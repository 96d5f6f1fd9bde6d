# The portal's front and login as the stack wires them (issue 15), planned against a
# mocked provider, offline, with the custom domains on as in envs/aws: the portal gets
# exactly its env and may read its client secret; its API has no mutual TLS and the
# partners' still has; the login's callback is the portal's URL + /inloggning/klar.
# scripts/lib/infra.sh runs it with `-var lambda_dir=…` (placeholder zips).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-north-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\": \"2012-10-17\", \"Statement\": []}" }
  }
}

# What Cognito and Secrets Manager would answer, already at plan time (Terraform 1.11:
# override_during), so the portal's environment can be compared value by value.
override_resource {
  target          = module.portal_login[0].aws_cognito_user_pool.this
  override_during = plan
  values = {
    id       = "eu-north-1_AbCdEf123"
    endpoint = "cognito-idp.eu-north-1.amazonaws.com/eu-north-1_AbCdEf123"
  }
}

override_resource {
  target          = module.portal_login[0].aws_cognito_user_pool_client.portal
  override_during = plan
  values = {
    id = "1example23456789abcdefghij"
  }
}

override_resource {
  target          = module.portal_login[0].aws_secretsmanager_secret.client
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-north-1:111122223333:secret:lefi/portal-oidc-client-AbCdEf"
  }
}

override_resource {
  target          = aws_secretsmanager_secret.pnr_keys
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-north-1:111122223333:secret:lefi/pnr-keys-GhIjKl"
  }
}

# The partners' truststore (bucket and object version), so their domain's mutual TLS
# settings are known at plan time too.
override_resource {
  target          = module.api[0].aws_s3_bucket.truststore
  override_during = plan
  values = {
    id = "lefi-truststore-111122223333"
  }
}

override_resource {
  target          = module.api[0].aws_s3_object.truststore[0]
  override_during = plan
  values = {
    version_id = "3sL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY"
  }
}

variables {
  name                     = "lefi"
  tables_file              = "../../../shared/lefi-store/tables.json"
  registry_url             = "https://registries.internal.example.se"
  custom_domain_enabled    = true
  domain_name              = "lefi.api.example.se"
  certificate_arn          = "arn:aws:acm:eu-north-1:111122223333:certificate/11111111-2222-3333-4444-555555555555"
  truststore_pem           = "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n"
  portal_domain_name       = "portal.lefi.example.se"
  portal_certificate_arn   = "arn:aws:acm:eu-north-1:111122223333:certificate/66666666-7777-8888-9999-000000000000"
  portal_saml_metadata_url = "https://md.swedenconnect.se/role/idp.xml"
}

run "c2_the_portal_gets_exactly_its_env" {
  command = plan

  assert {
    condition     = output.functions.portal.env == jsondecode(file("../../functions.json")).functions.portal.env
    error_message = "the portal gets every variable its crate's env lists: ${jsonencode(output.functions.portal.env)}"
  }
  assert {
    condition     = sort(keys(module.http["portal"].environment)) == tolist(["LEFI_OIDC_CLIENT_ID", "LEFI_OIDC_CLIENT_SECRET", "LEFI_OIDC_IDENTITY_PROVIDER", "LEFI_OIDC_ISSUER", "LEFI_OIDC_LOGOUT_URL", "LEFI_OPENING_EXCEPTIONS", "LEFI_PNR_KEYS_SECRET", "LEFI_PORTAL_URL", "LEFI_QUERY_BUDGET_MS", "LEFI_STATE_MACHINE_ARN", "LEFI_TABLE_PREFIX", "LEFI_WORKFLOW_TIMEOUT_MS"])
    error_message = "the portal function's environment is exactly these eleven: ${jsonencode(keys(module.http["portal"].environment))}"
  }
  assert {
    condition     = module.http["portal"].environment.LEFI_OIDC_IDENTITY_PROVIDER == "SwedenConnect"
    error_message = "the portal asks Cognito for the federation's SAML provider by its name"
  }
  assert {
    condition     = can(regex("^https://lefi-login-[0-9]+\\.auth\\.eu-north-1\\.amazoncognito\\.com/logout$", module.http["portal"].environment.LEFI_OIDC_LOGOUT_URL))
    error_message = "LEFI_OIDC_LOGOUT_URL is Cognito's /logout on the login domain: ${module.http["portal"].environment.LEFI_OIDC_LOGOUT_URL}"
  }
  assert {
    condition     = module.http["portal"].environment.LEFI_PORTAL_URL == "https://portal.lefi.example.se"
    error_message = "LEFI_PORTAL_URL is https://<portal_domain_name>"
  }
  assert {
    condition     = module.http["portal"].environment.LEFI_OIDC_ISSUER == "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_AbCdEf123"
    error_message = "LEFI_OIDC_ISSUER is the user pool's issuer: ${module.http["portal"].environment.LEFI_OIDC_ISSUER}"
  }
  assert {
    condition     = module.http["portal"].environment.LEFI_OIDC_CLIENT_ID == "1example23456789abcdefghij"
    error_message = "LEFI_OIDC_CLIENT_ID is the app client's id"
  }
  assert {
    condition     = module.http["portal"].environment.LEFI_OIDC_CLIENT_SECRET == "arn:aws:secretsmanager:eu-north-1:111122223333:secret:lefi/portal-oidc-client-AbCdEf"
    error_message = "LEFI_OIDC_CLIENT_SECRET is the ARN of the client secret's secret (never the secret)"
  }
  assert {
    condition     = module.http["portal"].environment.LEFI_PNR_KEYS_SECRET == "arn:aws:secretsmanager:eu-north-1:111122223333:secret:lefi/pnr-keys-GhIjKl"
    error_message = "the portal reads the personnummer keys from their secret, as the gateway"
  }
  assert {
    condition     = output.functions.gateway.env == ["LEFI_OPENING_EXCEPTIONS", "LEFI_PNR_KEYS_SECRET", "LEFI_PUBLIC_URL", "LEFI_QUERY_BUDGET_MS", "LEFI_SHS_QUEUE_URL", "LEFI_STATE_MACHINE_ARN", "LEFI_TABLE_PREFIX", "LEFI_WORKFLOW_TIMEOUT_MS"]
    error_message = "the gateway's environment: ${jsonencode(output.functions.gateway.env)}"
  }
  assert {
    condition     = module.http["gateway"].environment.LEFI_PUBLIC_URL == "https://lefi.api.example.se"
    error_message = "the WSDL's address is the partners' custom domain: ${module.http["gateway"].environment.LEFI_PUBLIC_URL}"
  }
}

run "c2_the_portal_may_read_its_client_secret_and_the_gateway_may_not" {
  command = plan

  variables {
    create_kms_key = true
  }
  assert {
    condition     = output.function_permissions.portal.OidcClientSecret == ["secretsmanager:GetSecretValue"] && output.function_permissions.portal.OidcClientSecretKms == ["kms:Decrypt"]
    error_message = "the portal may read the client secret's secret and decrypt it with the stack's key: ${jsonencode(output.function_permissions.portal)}"
  }
  assert {
    condition     = output.function_permissions.portal.RunQueries == ["states:StartSyncExecution"] && output.function_permissions.portal.PnrKeys == ["secretsmanager:GetSecretValue"]
    error_message = "the portal runs the same workflow with the same keys as the gateway"
  }
  assert {
    condition     = !contains(keys(output.function_permissions.gateway), "OidcClientSecret") && alltrue([for k, p in output.function_permissions : !contains(keys(p), "OidcClientSecret") if k != "portal"])
    error_message = "only the portal may read the client secret"
  }
}

run "c2_the_portal_api_has_no_mutual_tls_and_the_partner_api_still_has" {
  command = plan

  assert {
    condition     = module.portal_api[0].domain_name == "portal.lefi.example.se" && length(module.portal_api[0].domain_mutual_tls) == 0
    error_message = "the portal's own domain asks for no client certificate"
  }
  assert {
    condition     = length(module.api[0].domain_mutual_tls) == 1 && module.api[0].domain_mutual_tls[0].truststore_uri == "s3://lefi-truststore-111122223333/truststore/lefi-truststore.pem"
    error_message = "the partners' domain still requires client certificates from its truststore"
  }
  assert {
    condition     = output.portal_routes == ["$default"]
    error_message = "every path of the portal's own API goes to the portal (the partners' API has its routes, below)"
  }
  assert {
    condition     = output.routes == sort(["ANY /lefi-extern-formansinformation/v9/{proxy+}", "ANY /lefi-xml/{proxy+}", "ANY /ssek/{proxy+}", "ANY /shs/{proxy+}", "GET /openapi.yaml"])
    error_message = "the partners' API has its routes and no portal route: ${jsonencode(output.routes)}"
  }
}

run "c2_the_login_calls_back_to_the_portal" {
  command = plan

  assert {
    condition     = output.portal_url == "https://portal.lefi.example.se"
    error_message = "the portal's URL is its own domain"
  }
  assert {
    condition     = output.portal_login.callback_url == "${output.portal_url}/inloggning/klar" && output.portal_login.logout_url == "${output.portal_url}/utloggad"
    error_message = "callback URL = portal URL + /inloggning/klar, logout URL = portal URL + /utloggad"
  }
  assert {
    condition     = output.portal_login.saml_acs_url == "https://lefi-login-111122223333.auth.eu-north-1.amazoncognito.com/saml2/idpresponse"
    error_message = "the default login domain is <name>-login-<account id> (a prefix is unique across accounts)"
  }
}

run "c2_the_portal_api_is_watched_and_logs_under_the_stacks_key" {
  command = plan

  variables {
    create_kms_key = true
  }
  assert {
    condition     = contains(output.alarm_names, "lefi-portal-api-5xx") && !contains(output.alarm_names, "lefi-api-5xx")
    error_message = "the portal's API has its 5xx alarm; the partners' has none (SOAP 1.1 answers a partner's bad query with a 500): their failures are the service's own metrics"
  }
  assert {
    condition = alltrue([for a in ["lefi-failed-queries", "lefi-audit-fail-closed", "lefi-registry-person-failures", "lefi-registry-fk-sjp-failures"] :
    contains(output.alarm_names, a)])
    error_message = "alarms on what matters: requests failing inside the service, audit records not written, each registry's failure rate"
  }
  assert {
    condition = anytrue([for st in jsondecode(aws_kms_key.this[0].policy).Statement : try(
      contains(st.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], "arn:aws:logs:eu-north-1:111122223333:log-group:/aws/apigateway/lefi-portal"),
    false)])
    error_message = "CloudWatch Logs may use the stack's key for the portal API's access logs"
  }
  assert {
    condition     = module.portal_api[0].integration_timeout_ms == output.timeouts.api_integration_ms
    error_message = "the portal's API waits as long as the partners' (the timeout chain applies to both)"
  }
}

run "without_a_login_the_portal_gets_no_oidc_settings" {
  command = plan

  variables {
    portal_login_enabled     = false
    portal_saml_metadata_url = null
  }
  assert {
    condition     = !anytrue([for name in output.functions.portal.env : startswith(name, "LEFI_OIDC_")])
    error_message = "without the login, LEFI_OIDC_* stay unset: ${jsonencode(output.functions.portal.env)}"
  }
  assert {
    condition     = !contains(keys(output.function_permissions.portal), "OidcClientSecret") && output.portal_login == null
    error_message = "without the login, no client secret to read"
  }
}

run "the_portal_on_the_partners_domain_fails_the_plan" {
  command = plan

  variables {
    portal_domain_name = "lefi.api.example.se"
  }
  expect_failures = [var.portal_domain_name]
}

run "a_custom_domain_deployment_without_the_portals_domain_fails_the_plan" {
  command = plan

  variables {
    portal_domain_name     = null
    portal_certificate_arn = null
  }
  expect_failures = [var.portal_domain_name, var.portal_certificate_arn]
}

run "a_login_without_a_metadata_url_fails_the_plan" {
  command = plan

  variables {
    portal_saml_metadata_url = null
  }
  expect_failures = [var.portal_saml_metadata_url]
}

run "a_login_over_plain_http_metadata_fails_the_plan" {
  command = plan

  variables {
    portal_saml_metadata_url = "http://md.swedenconnect.se/role/idp.xml"
  }
  expect_failures = [var.portal_saml_metadata_url]
}

run "a_login_without_the_portals_api_fails_the_plan" {
  command = plan

  variables {
    api_enabled = false
  }
  expect_failures = [var.portal_login_enabled]
}

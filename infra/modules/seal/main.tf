# The daily audit seal (SPEC A3, docs/audit.md "The seal"): an asymmetric KMS key that
# signs each day's Merkle root, a bucket that keeps the manifests under COMPLIANCE Object
# Lock, the seal function, and the EventBridge Scheduler schedule that runs it after
# midnight Stockholm time, with a role that may invoke that function and nothing else.
# What AWS enforces and moto does not is checked here, at plan time: retention > 0, a key
# spec that can SIGN_VERIFY (P-256), versioning under Object Lock, the schedule's zone.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  bucket     = coalesce(var.bucket_name, "${var.name}-audit-seal-${local.account_id}")
  # The stack's key encrypts the manifests when there is one (then the function needs
  # it for PutObject and GetObject); otherwise SSE-S3.
  bucket_kms = var.kms_enabled

  # What the function may do beyond its logs and traces, by statement: the actions
  # (known at plan time, for the checks) and their resources.
  actions = merge(
    {
      # The day's records: the by-day index only, never the table itself.
      AuditByDay = ["dynamodb:Query"]
      SignRoot   = ["kms:Sign", "kms:GetPublicKey"]
      # A day's manifest is its object's first version (a later put would only add a
      # version over the locked one): listed, then read by version id.
      Manifests      = ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectRetention"]
      ManifestsExist = ["s3:ListBucket", "s3:ListBucketVersions"]
    },
    local.bucket_kms ? { ManifestsKms = ["kms:GenerateDataKey", "kms:Decrypt"] } : {},
  )
  resources = {
    AuditByDay     = ["${var.audit_table_arn}/index/${var.audit_day_index}"]
    SignRoot       = [aws_kms_key.seal.arn]
    Manifests      = ["${aws_s3_bucket.seal.arn}/*"]
    ManifestsExist = [aws_s3_bucket.seal.arn]
    ManifestsKms   = local.bucket_kms ? [var.kms_key_arn] : []
  }
  statements = [for sid in sort(keys(local.actions)) : {
    sid       = sid
    actions   = local.actions[sid]
    resources = local.resources[sid]
  }]
}

resource "aws_kms_key" "seal" {
  #checkov:skip=CKV_AWS_7: asymmetric keys cannot be rotated by KMS; a new signing key is a new key id in the next manifests, the old one kept for verification
  #checkov:skip=CKV2_AWS_64: AWS's default key policy (the account's IAM policies decide; the seal function may Sign and GetPublicKey only)
  description              = "LEFI Online (${var.name}): signs each day's audit seal (A3)"
  customer_master_key_spec = var.key_spec
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 30
  tags                     = var.tags
}

resource "aws_kms_alias" "seal" {
  name          = "alias/${var.name}-audit-seal"
  target_key_id = aws_kms_key.seal.key_id
}

resource "aws_s3_bucket" "seal" {
  #checkov:skip=CKV_AWS_18: access logging would need another bucket; CloudTrail data events cover the manifests, which nobody can change anyway (COMPLIANCE lock)
  #checkov:skip=CKV_AWS_144: cross-region replication is a deployment decision (a second region's bucket and key); the manifests are also re-creatable evidence only with the key
  #checkov:skip=CKV2_AWS_62: nothing reacts to a new manifest; the schedule's run is the event
  #checkov:skip=CKV2_AWS_61: no lifecycle: a manifest is kept at least its retention, and expiring it would lose the chain
  bucket = local.bucket
  # Object Lock is set when a bucket is made (it turns versioning on, and can never be
  # turned off); the default retention is the configuration below.
  object_lock_enabled = true
  force_destroy       = false
  tags                = var.tags
}

resource "aws_s3_bucket_versioning" "seal" {
  bucket = aws_s3_bucket.seal.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "seal" {
  bucket = aws_s3_bucket.seal.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = var.retention_days
    }
  }

  lifecycle {
    # AWS refuses Object Lock on a bucket without versioning (moto does not check).
    precondition {
      condition     = aws_s3_bucket_versioning.seal.versioning_configuration[0].status == "Enabled" && aws_s3_bucket.seal.object_lock_enabled
      error_message = "Object Lock needs the bucket made with object_lock_enabled and versioning Enabled."
    }
  }
}

resource "aws_s3_bucket_public_access_block" "seal" {
  bucket                  = aws_s3_bucket.seal.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "seal" {
  bucket = aws_s3_bucket.seal.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.bucket_kms ? "aws:kms" : "AES256"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = local.bucket_kms
  }
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.seal.arn, "${aws_s3_bucket.seal.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "seal" {
  bucket = aws_s3_bucket.seal.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.seal]
}

module "function" {
  source = "../function"

  name        = "${var.name}-daily-seal"
  description = var.description
  zip_path    = var.zip_path
  memory_size = var.memory_size
  timeout     = var.timeout
  environment = merge(var.environment, {
    LEFI_SEAL_KEY_ID         = aws_kms_key.seal.arn
    LEFI_SEAL_BUCKET         = aws_s3_bucket.seal.bucket
    LEFI_SEAL_RETENTION_DAYS = tostring(var.retention_days)
  })
  policy_statements  = local.statements
  log_retention_days = var.log_retention_days
  kms_key_arn        = var.kms_key_arn
  tags               = var.tags
}

# The schedule's own role: it may invoke the seal function, nothing else, and only
# EventBridge Scheduler of this account may take it.
data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-daily-seal-schedule"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeSeal"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.function.arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "${var.name}-daily-seal-schedule"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "seal" {
  #checkov:skip=CKV_AWS_297: the schedule holds no data to protect, only a constant input (the placeholder of its own time); AWS's key encrypts it, and a customer managed key would also need kms:Decrypt for the scheduler's role
  name                         = "${var.name}-daily-seal"
  description                  = "LEFI Online (${var.name}): seal yesterday's audit (A3)"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.function.arn
    role_arn = aws_iam_role.scheduler.arn
    # The function seals the Stockholm day before this time, so a late retry still
    # seals the day the schedule meant.
    input = jsonencode({ scheduled_time = "<aws.scheduler.scheduled-time>" })

    retry_policy {
      maximum_event_age_in_seconds = 6 * 60 * 60
      maximum_retry_attempts       = 10
    }
  }
}

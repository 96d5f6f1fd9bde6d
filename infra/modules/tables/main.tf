# The store's DynamoDB tables, built from shared/lefi-store/tables.json — the one
# definition, also read by lefi-store's create_tables. Nothing here repeats it: names,
# keys, the index and TTL all come from the file. On demand, point-in-time recovery,
# server-side encryption (a customer managed key when kms_key_arn is set).

locals {
  definition = jsondecode(file(var.definition_file))
  tables     = { for t in local.definition.tables : t.name => t }

  # Every key attribute of a table and its indexes, once each (DynamoDB refuses repeats).
  attributes = {
    for name, t in local.tables : name => [
      for attr_name, types in {
        for a in concat(
          [t.hash_key],
          try([t.range_key], []),
          flatten([for i in try(t.indexes, []) : concat([i.hash_key], try([i.range_key], []))]),
        ) : a.name => a.type...
      } : { name = attr_name, type = types[0] }
    ]
  }
}

resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_119: encrypted at rest always; a customer managed key is used when var.kms_key_arn is set (the AWS root sets it), the AWS owned key otherwise (test roots)
  for_each = local.tables

  name                        = "${var.prefix}-${each.key}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.hash_key.name
  range_key                   = try(each.value.range_key.name, null)
  deletion_protection_enabled = var.deletion_protection

  dynamic "attribute" {
    for_each = local.attributes[each.key]
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  dynamic "global_secondary_index" {
    for_each = try(each.value.indexes, [])
    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key.name
      range_key       = try(global_secondary_index.value.range_key.name, null)
      projection_type = "ALL" # as lefi-store's create_tables
    }
  }

  dynamic "ttl" {
    for_each = each.value.ttl ? [local.definition.ttl_attribute] : []
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { purpose = each.value.purpose })
}

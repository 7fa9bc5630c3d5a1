extension TerraformGenerator {
    func dataStores() -> [HCLBlock] {
        var blocks: [HCLBlock] = []
        for table in self.app.tables {
            blocks.append(
                HCLBlock("resource", "aws_dynamodb_table", self.label(table.name)) {
                    "name" <- .string("${var.name}-\(table.name)")
                    "billing_mode" <- "PAY_PER_REQUEST"
                    "hash_key" <- "pk"
                    "range_key" <- "sk"
                    "deletion_protection_enabled" <- true
                    if table.stream {
                        "stream_enabled" <- true
                        "stream_view_type" <- "NEW_AND_OLD_IMAGES"
                    }
                    HCLBlock("attribute") {
                        "name" <- "pk"
                        "type" <- "S"
                    }
                    HCLBlock("attribute") {
                        "name" <- "sk"
                        "type" <- "S"
                    }
                    if let ttl = table.ttlAttribute {
                        HCLBlock("ttl") {
                            "attribute_name" <- .string(ttl)
                            "enabled" <- true
                        }
                    }
                    HCLBlock("point_in_time_recovery") { "enabled" <- true }
                    HCLBlock("server_side_encryption") {
                        "enabled" <- true
                        "kms_key_arn" <- .raw("aws_kms_key.main.arn")
                    }
                }
            )
        }
        blocks += [
            HCLBlock("resource", "aws_s3_bucket", "data") {
                checkovSkip(
                    "CKV_AWS_18",
                    "server access logs go to a separate log bucket the organisation owns; CloudTrail data events cover object access"
                )
                checkovSkip(
                    "CKV_AWS_144",
                    "documents and results can be re-derived; add a replication configuration where a second region is required"
                )
                "bucket_prefix" <- "${var.name}-data-"
            },
            HCLBlock("resource", "aws_s3_bucket_public_access_block", "data") {
                "bucket" <- .raw("aws_s3_bucket.data.id")
                "block_public_acls" <- true
                "block_public_policy" <- true
                "ignore_public_acls" <- true
                "restrict_public_buckets" <- true
            },
            HCLBlock("resource", "aws_s3_bucket_versioning", "data") {
                "bucket" <- .raw("aws_s3_bucket.data.id")
                HCLBlock("versioning_configuration") { "status" <- "Enabled" }
            },
            HCLBlock("resource", "aws_s3_bucket_server_side_encryption_configuration", "data") {
                "bucket" <- .raw("aws_s3_bucket.data.id")
                HCLBlock("rule") {
                    "bucket_key_enabled" <- true
                    HCLBlock("apply_server_side_encryption_by_default") {
                        "sse_algorithm" <- "aws:kms"
                        "kms_master_key_id" <- .raw("aws_kms_key.main.arn")
                    }
                }
            },
            HCLBlock("resource", "aws_s3_bucket_lifecycle_configuration", "data") {
                "bucket" <- .raw("aws_s3_bucket.data.id")
                HCLBlock("rule") {
                    "id" <- "tidy"
                    "status" <- "Enabled"
                    HCLBlock("filter") {}
                    HCLBlock("abort_incomplete_multipart_upload") { "days_after_initiation" <- 7 }
                    HCLBlock("noncurrent_version_expiration") { "noncurrent_days" <- 30 }
                }
            },
            HCLBlock("resource", "aws_s3_bucket_policy", "data") {
                "bucket" <- .raw("aws_s3_bucket.data.id")
                "policy" <- .raw("data.aws_iam_policy_document.bucket.json")
                "depends_on" <- [.raw("aws_s3_bucket_public_access_block.data")]
            },
            HCLBlock("data", "aws_iam_policy_document", "bucket") {
                HCLBlock("statement") {
                    "sid" <- "DenyInsecureTransport"
                    "effect" <- "Deny"
                    "actions" <- ["s3:*"]
                    "resources" <- [.raw("aws_s3_bucket.data.arn"), "${aws_s3_bucket.data.arn}/*"]
                    HCLBlock("principals") {
                        "type" <- "*"
                        "identifiers" <- ["*"]
                    }
                    HCLBlock("condition") {
                        "test" <- "Bool"
                        "variable" <- "aws:SecureTransport"
                        "values" <- ["false"]
                    }
                }
            },
        ]
        if !self.hasS3Pipeline {
            blocks.append(
                HCLBlock("resource", "aws_s3_bucket_notification", "data") {
                    comment("No upload pipeline: notifications go to EventBridge for whoever needs them.")
                    "bucket" <- .raw("aws_s3_bucket.data.id")
                    "eventbridge" <- true
                }
            )
        }
        return blocks
    }
}

extension TerraformGenerator {
    func events() -> [HCLBlock] {
        var blocks: [HCLBlock] = []
        for handler in self.handlers(.sqs) {
            let name = self.label(handler.name)
            blocks += [
                HCLBlock("resource", "aws_sqs_queue", "\(name)_dlq") {
                    "name" <- .string("${var.name}-\(handler.name)-dlq")
                    "message_retention_seconds" <- 1_209_600
                    "kms_master_key_id" <- .raw("aws_kms_key.main.arn")
                    "kms_data_key_reuse_period_seconds" <- 300
                },
                HCLBlock("resource", "aws_sqs_queue", name) {
                    comment(
                        "Visibility timeout = 6 x the function timeout (\(self.settings.timeoutS) s) + the batching window, "
                            + "so a batch being retried is never delivered twice."
                    )
                    "name" <- .string("${var.name}-\(handler.name)")
                    "visibility_timeout_seconds" <- .number(Double(self.settings.visibilityTimeoutS))
                    "message_retention_seconds" <- 345_600
                    "kms_master_key_id" <- .raw("aws_kms_key.main.arn")
                    "kms_data_key_reuse_period_seconds" <- 300
                    "redrive_policy"
                        <- .jsonencode(
                            .object([
                                ("deadLetterTargetArn", .raw("aws_sqs_queue.\(name)_dlq.arn")), ("maxReceiveCount", 5),
                            ])
                        )
                },
                HCLBlock("resource", "aws_sqs_queue_redrive_allow_policy", "\(name)_dlq") {
                    "queue_url" <- .raw("aws_sqs_queue.\(name)_dlq.id")
                    "redrive_allow_policy"
                        <- .jsonencode(
                            .object([
                                ("redrivePermission", "byQueue"),
                                ("sourceQueueArns", [.raw("aws_sqs_queue.\(name).arn")]),
                            ])
                        )
                },
                HCLBlock("resource", "aws_lambda_event_source_mapping", name) {
                    "event_source_arn" <- .raw("aws_sqs_queue.\(name).arn")
                    "function_name" <- self.aliasARN
                    "batch_size" <- .number(Double(handler.batchSize ?? 10))
                    "maximum_batching_window_in_seconds" <- .number(Double(self.settings.batchingWindowS))
                    "function_response_types" <- ["ReportBatchItemFailures"]
                    HCLBlock("scaling_config") {
                        "maximum_concurrency" <- .number(Double(handler.maximumConcurrency ?? 5))
                    }
                },
            ]
        }
        let s3 = self.handlers(.s3)
        if !s3.isEmpty {
            blocks.append(
                HCLBlock("resource", "aws_lambda_permission", "s3") {
                    comment("Only this bucket, in this account, may invoke the alias.")
                    "statement_id" <- "AllowS3Invoke"
                    "action" <- "lambda:InvokeFunction"
                    "function_name" <- .raw("aws_lambda_function.app.function_name")
                    "qualifier" <- .raw("aws_lambda_alias.live.name")
                    "principal" <- "s3.amazonaws.com"
                    "source_arn" <- .raw("aws_s3_bucket.data.arn")
                    "source_account" <- .raw("local.account_id")
                }
            )
            blocks.append(
                HCLBlock("resource", "aws_s3_bucket_notification", "data") {
                    "bucket" <- .raw("aws_s3_bucket.data.id")
                    for handler in s3 {
                        HCLBlock("lambda_function") {
                            "id" <- .string(handler.name)
                            "lambda_function_arn" <- self.aliasARN
                            "events" <- ["s3:ObjectCreated:*"]
                            if let prefix = handler.prefix { "filter_prefix" <- .string(prefix) }
                            if let suffix = handler.suffix { "filter_suffix" <- .string(suffix) }
                        }
                    }
                    "depends_on" <- [.raw("aws_lambda_permission.s3")]
                }
            )
        }
        for handler in self.handlers(.dynamoDBStream) {
            let table = self.label(handler.table ?? "")
            let name = self.label(handler.name)
            blocks.append(
                HCLBlock("resource", "aws_lambda_event_source_mapping", name) {
                    "event_source_arn" <- .raw("aws_dynamodb_table.\(table).stream_arn")
                    "function_name" <- self.aliasARN
                    "starting_position" <- "LATEST"
                    "batch_size" <- .number(Double(handler.batchSize ?? 100))
                    "maximum_retry_attempts" <- 5
                    "bisect_batch_on_function_error" <- true
                    "function_response_types" <- ["ReportBatchItemFailures"]
                    HCLBlock("destination_config") {
                        HCLBlock("on_failure") { "destination_arn" <- .raw("aws_sqs_queue.lambda_dlq.arn") }
                    }
                }
            )
        }
        return blocks
    }
}

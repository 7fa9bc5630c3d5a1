extension TerraformGenerator {
    /// Environment shared by the function and the container.
    var environment: [(String, HCLValue)] {
        var variables: [(String, HCLValue)] = [
            ("TANDEM_BUCKET", .raw("aws_s3_bucket.data.bucket")),
            ("TANDEM_LOG_FORMAT", "json"),
        ]
        for table in self.app.tables {
            variables.append(
                (
                    "TANDEM_TABLE_\(self.label(table.name).uppercased())",
                    .raw("aws_dynamodb_table.\(self.label(table.name)).name")
                )
            )
        }
        for handler in self.handlers(.sqs) {
            variables.append(
                (
                    "TANDEM_QUEUE_\(self.label(handler.name).uppercased())",
                    .raw("aws_sqs_queue.\(self.label(handler.name)).url")
                )
            )
        }
        if let model = self.app.models.first {
            variables.append(("TANDEM_BEDROCK_MODEL", .string(model.inferenceProfile ?? model.id)))
        }
        variables += self.app.standardPipelineEnvironment.map { ($0.name, .string($0.value)) }
        return variables
    }

    func lambda() -> [HCLBlock] {
        let settings = self.settings
        var blocks: [HCLBlock] = [
            HCLBlock("resource", "aws_cloudwatch_log_group", "lambda") {
                "name" <- "/aws/lambda/${local.function_name}"
                "retention_in_days" <- .raw("var.log_retention_days")
                "kms_key_id" <- .raw("aws_kms_key.main.arn")
            }
        ]
        blocks += self.artifacts()
        let layer = self.app.localModel.flatMap { $0.packaging == .layer ? $0 : nil }
        if let layer {
            blocks.append(
                HCLBlock("resource", "aws_lambda_layer_version", "model") {
                    comment(self.budget.report)
                    "layer_name" <- "${var.name}-\(layer.name)"
                    "description"
                        <- .string("\(layer.name) weights, \(Money.decimal(layer.sizeMB, digits: 0)) MB unzipped")
                    Self.codeFromS3("model_layer", variable: "var.model_layer_package")
                    "compatible_runtimes" <- ["provided.al2023"]
                    "compatible_architectures" <- [.string(settings.arch)]
                }
            )
        }
        var environment = self.environment
        // The Function URL below streams (RESPONSE_STREAM): the runtime must answer with the HTTP prelude.
        environment.append(("TANDEM_HTTP_RESPONSE_MODE", "streaming"))
        if let model = self.app.localModel {
            let path = model.packaging == .layer ? "/opt/models/\(model.name)" : "/var/task/models/\(model.name)"
            environment.append(("TANDEM_LOCAL_MODEL_PATH", .string(path)))
        }
        if self.hasWebSocket {
            environment.append(
                (
                    "TANDEM_WEBSOCKET_ENDPOINT",
                    "https://${aws_apigatewayv2_api.realtime.id}.execute-api.${var.region}.amazonaws.com/\(settings.alias)"
                )
            )
        }
        blocks.append(
            HCLBlock("resource", "aws_lambda_function", "app") {
                checkovSkip(
                    "CKV_AWS_117",
                    "the function only calls AWS APIs (Bedrock, DynamoDB, S3, SQS) over TLS with SigV4; a VPC would add NAT cost and cold start without protecting anything"
                )
                checkovSkip(
                    "CKV_AWS_272",
                    "the zip is built and hashed by `tandem package` in CI; add aws_signer_signing_profile and code_signing_config_arn where an organisation signs code"
                )
                comment(self.budget.report)
                "function_name" <- .raw("local.function_name")
                "description" <- "Tandem handler table (Lambda custom runtime)"
                "role" <- .raw("aws_iam_role.lambda.arn")
                "runtime" <- "provided.al2023"
                "handler" <- "bootstrap"
                "architectures" <- [.string(settings.arch)]
                if self.functionZipThroughS3 {
                    Self.codeFromS3("lambda_package", variable: "var.lambda_package")
                } else {
                    "filename" <- .raw("var.lambda_package")
                    "source_code_hash" <- .raw("filebase64sha256(var.lambda_package)")
                }
                "memory_size" <- .number(Double(settings.memoryMB))
                "timeout" <- .number(Double(settings.timeoutS))
                "reserved_concurrent_executions" <- .number(Double(settings.reservedConcurrency))
                "publish" <- true
                "kms_key_arn" <- .raw("aws_kms_key.main.arn")
                if layer != nil { "layers" <- [.raw("aws_lambda_layer_version.model.arn")] }
                HCLBlock("environment") { "variables" <- .object(environment) }
                HCLBlock("logging_config") {
                    "log_format" <- "JSON"
                    "log_group" <- .raw("aws_cloudwatch_log_group.lambda.name")
                    "application_log_level" <- "INFO"
                    "system_log_level" <- "WARN"
                }
                HCLBlock("tracing_config") { "mode" <- "Active" }
                HCLBlock("dead_letter_config") { "target_arn" <- .raw("aws_sqs_queue.lambda_dlq.arn") }
                "depends_on" <- [.raw("aws_iam_role_policy.lambda"), .raw("aws_cloudwatch_log_group.lambda")]
            }
        )
        blocks.append(
            HCLBlock("resource", "aws_sqs_queue", "lambda_dlq") {
                comment("Failed asynchronous invocations (S3 notifications) land here after Lambda's retries.")
                "name" <- "${var.name}-async-dlq"
                "message_retention_seconds" <- 1_209_600
                "kms_master_key_id" <- .raw("aws_kms_key.main.arn")
                "kms_data_key_reuse_period_seconds" <- 300
            }
        )
        blocks.append(
            HCLBlock("resource", "aws_lambda_alias", "live") {
                "name" <- .string(settings.alias)
                "function_name" <- .raw("aws_lambda_function.app.function_name")
                "function_version" <- .raw("aws_lambda_function.app.version")
            }
        )
        blocks.append(
            HCLBlock("resource", "aws_lambda_function_url", "live") {
                comment("Streaming responses (prelude + chunks) with SigV4-signed callers only.")
                "function_name" <- .raw("aws_lambda_function.app.function_name")
                "qualifier" <- .raw("aws_lambda_alias.live.name")
                "authorization_type" <- "AWS_IAM"
                "invoke_mode" <- "RESPONSE_STREAM"
            }
        )
        if settings.provisionedConcurrency > 0 {
            let resourceID: HCLValue = "function:${aws_lambda_function.app.function_name}:${aws_lambda_alias.live.name}"
            blocks += [
                HCLBlock("resource", "aws_appautoscaling_target", "provisioned") {
                    comment(
                        "Provisioned concurrency on the alias, set by the schedules below (zero outside working hours)."
                    )
                    "service_namespace" <- "lambda"
                    "scalable_dimension" <- "lambda:function:ProvisionedConcurrency"
                    "resource_id" <- resourceID
                    "min_capacity" <- 0
                    "max_capacity" <- .raw("var.provisioned_concurrency")
                },
                HCLBlock("resource", "aws_appautoscaling_scheduled_action", "provisioned_up") {
                    "name" <- "${var.name}-provisioned-up"
                    "service_namespace" <- .raw("aws_appautoscaling_target.provisioned.service_namespace")
                    "scalable_dimension" <- .raw("aws_appautoscaling_target.provisioned.scalable_dimension")
                    "resource_id" <- .raw("aws_appautoscaling_target.provisioned.resource_id")
                    "schedule" <- .raw("var.scale_up_schedule")
                    HCLBlock("scalable_target_action") {
                        "min_capacity" <- .raw("var.provisioned_concurrency")
                        "max_capacity" <- .raw("var.provisioned_concurrency")
                    }
                },
                HCLBlock("resource", "aws_appautoscaling_scheduled_action", "provisioned_down") {
                    "name" <- "${var.name}-provisioned-down"
                    "service_namespace" <- .raw("aws_appautoscaling_target.provisioned.service_namespace")
                    "scalable_dimension" <- .raw("aws_appautoscaling_target.provisioned.scalable_dimension")
                    "resource_id" <- .raw("aws_appautoscaling_target.provisioned.resource_id")
                    "schedule" <- .raw("var.scale_down_schedule")
                    HCLBlock("scalable_target_action") {
                        "min_capacity" <- 0
                        "max_capacity" <- 0
                    }
                },
            ]
        }
        return blocks
    }
}

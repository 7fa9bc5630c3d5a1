extension TerraformGenerator {
    func versions() -> [HCLBlock] {
        [
            HCLBlock("terraform") {
                "required_version" <- ">= 1.6.0"
                HCLBlock("required_providers") {
                    "aws" <- .object([("source", "hashicorp/aws"), ("version", ">= 5.80.0")])
                }
            },
            HCLBlock("provider", "aws") {
                "region" <- .raw("var.region")
                HCLBlock("default_tags") {
                    "tags" <- .object([("app", .raw("var.name")), ("managed-by", "tandem")])
                }
            },
            HCLBlock("data", "aws_caller_identity", "current"),
            HCLBlock("data", "aws_partition", "current"),
            HCLBlock("locals") {
                "account_id" <- .raw("data.aws_caller_identity.current.account_id")
                "partition" <- .raw("data.aws_partition.current.partition")
                "function_name" <- .raw("var.name")
            },
        ]
    }

    func variables() -> [HCLBlock] {
        func variable(_ name: String, _ type: String, _ description: String, _ value: HCLValue? = nil) -> HCLBlock {
            HCLBlock("variable", name) {
                "type" <- .raw(type)
                "description" <- .string(description)
                if let value { "default" <- value }
            }
        }
        var blocks = [
            variable("name", "string", "Prefix of every resource name.", .string(self.app.name)),
            variable("region", "string", "AWS region.", .string(self.settings.region)),
            variable(
                "lambda_package",
                "string",
                "The zip holding `bootstrap`, written by `tandem package --arch \(self.settings.arch) --out dist`.",
                .string("dist/tandem-lambda-\(self.settings.arch).zip")
            ),
        ]
        if let model = self.app.localModel, model.packaging == .layer {
            blocks.append(
                variable(
                    "model_layer_package",
                    "string",
                    "Zip of the \(model.name) weights under models/ (mounted at /opt/models in the function).",
                    "dist/model-layer.zip"
                )
            )
        }
        blocks += [
            variable(
                "log_retention_days",
                "number",
                "Retention of every log group.",
                .number(Double(self.settings.logRetentionDays))
            ),
            variable(
                "container_image",
                "string",
                "Image of `tandem serve` for Fargate (built from deploy/Dockerfile)."
            ),
            variable("ecr_repository_arn", "string", "ARN of the ECR repository holding container_image."),
            variable("vpc_id", "string", "VPC for the ALB and the Fargate service."),
            variable("public_subnet_ids", "list(string)", "Subnets for the ALB (at least two zones)."),
            variable(
                "private_subnet_ids",
                "list(string)",
                "Subnets for the Fargate tasks (egress through NAT or endpoints)."
            ),
            variable("certificate_arn", "string", "ACM certificate for the ALB's HTTPS listener."),
            variable(
                "alb_ingress_cidrs",
                "list(string)",
                "Who may reach the ALB over HTTPS.",
                .list([.string("0.0.0.0/0")])
            ),
        ]
        if self.hasWebSocket {
            blocks.append(
                variable(
                    "manage_api_gateway_account",
                    "bool",
                    "Set the account-wide API Gateway CloudWatch role (needed once per region for access logs).",
                    false
                )
            )
        }
        if self.settings.provisionedConcurrency > 0 {
            blocks += [
                variable(
                    "provisioned_concurrency",
                    "number",
                    "Provisioned concurrency on the live alias during working hours.",
                    .number(Double(self.settings.provisionedConcurrency))
                ),
                variable(
                    "scale_up_schedule",
                    "string",
                    "When provisioned concurrency starts (UTC).",
                    "cron(0 7 ? * MON-FRI *)"
                ),
                variable("scale_down_schedule", "string", "When it returns to zero (UTC).", "cron(0 19 ? * MON-FRI *)"),
            ]
        }
        return blocks
    }

    func kms() -> [HCLBlock] {
        let root: HCLValue = "arn:${local.partition}:iam::${local.account_id}:root"
        let logsARN: HCLValue = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*"
        let policy: HCLValue = .object([
            ("Version", "2012-10-17"),
            (
                "Statement",
                .list([
                    .object([
                        ("Sid", "AccountAdministers"),
                        ("Effect", "Allow"),
                        ("Principal", .object([("AWS", root)])),
                        ("Action", "kms:*"),
                        ("Resource", "*"),
                    ]),
                    .object([
                        ("Sid", "CloudWatchLogsEncrypt"),
                        ("Effect", "Allow"),
                        ("Principal", .object([("Service", "logs.${var.region}.amazonaws.com")])),
                        (
                            "Action",
                            ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
                        ),
                        ("Resource", "*"),
                        (
                            "Condition",
                            .object([("ArnLike", .object([("kms:EncryptionContext:aws:logs:arn", logsARN)]))])
                        ),
                    ]),
                ])
            ),
        ])
        return [
            HCLBlock("resource", "aws_kms_key", "main") {
                comment(
                    "One customer managed key for logs, queues, tables, the bucket and Lambda environment variables."
                )
                "description" <- "${var.name} data at rest"
                "enable_key_rotation" <- true
                "deletion_window_in_days" <- 30
                "policy" <- .jsonencode(policy)
            },
            HCLBlock("resource", "aws_kms_alias", "main") {
                "name" <- "alias/${var.name}"
                "target_key_id" <- .raw("aws_kms_key.main.key_id")
            },
        ]
    }

    func outputs() -> [HCLBlock] {
        func output(_ name: String, _ value: HCLValue, _ description: String) -> HCLBlock {
            HCLBlock("output", name) {
                "description" <- .string(description)
                "value" <- value
            }
        }
        var blocks = [
            output(
                "function_url",
                .raw("aws_lambda_function_url.live.function_url"),
                "Function URL (AWS_IAM, streaming)."
            ),
            output("function_alias_arn", self.aliasARN, "ARN of the live alias."),
            output("alb_dns_name", .raw("aws_lb.app.dns_name"), "DNS name of the ALB in front of Fargate."),
            output("bucket", .raw("aws_s3_bucket.data.bucket"), "The data bucket."),
        ]
        if self.hasWebSocket {
            blocks.append(
                output(
                    "websocket_url",
                    .raw("aws_apigatewayv2_stage.live.invoke_url"),
                    "WebSocket endpoint (wss://) for realtime chat."
                )
            )
        }
        for handler in self.handlers(.sqs) {
            blocks.append(
                output(
                    "\(self.label(handler.name))_queue_url",
                    .raw("aws_sqs_queue.\(self.label(handler.name)).url"),
                    "Queue of the \(handler.name) pipeline."
                )
            )
        }
        return blocks
    }
}

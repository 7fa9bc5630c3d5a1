extension TerraformGenerator {
    /// A policy statement block.
    func statement(
        _ sid: String,
        _ actions: [String],
        _ resources: [HCLValue],
        condition: (test: String, variable: String, values: [HCLValue])? = nil
    ) -> HCLBlock {
        HCLBlock("statement") {
            "sid" <- .string(sid)
            "actions" <- .list(actions.map { .string($0) })
            "resources" <- .list(resources)
            if let condition {
                HCLBlock("condition") {
                    "test" <- .string(condition.test)
                    "variable" <- .string(condition.variable)
                    "values" <- .list(condition.values)
                }
            }
        }
    }

    /// Bedrock: InvokeModel and InvokeModelWithResponseStream on exactly the configured models and inference
    /// profiles; a profile may route to its model in any region it spans, and only through that profile.
    func bedrockStatements() -> [HCLBlock] {
        let actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        var direct: [HCLValue] = []
        var blocks: [HCLBlock] = []
        for (index, model) in self.app.models.enumerated() {
            if let profile = model.inferenceProfile {
                let profileARN: HCLValue =
                    .string(
                        "arn:${local.partition}:bedrock:${var.region}:${local.account_id}:inference-profile/\(profile)"
                    )
                direct.append(profileARN)
                blocks.append(
                    self.statement(
                        "BedrockThroughProfile\(index)",
                        actions,
                        [.string("arn:${local.partition}:bedrock:*::foundation-model/\(model.id)")],
                        condition: ("StringEquals", "bedrock:InferenceProfileArn", [profileARN])
                    )
                )
            } else {
                direct.append(.string("arn:${local.partition}:bedrock:${var.region}::foundation-model/\(model.id)"))
            }
        }
        guard !direct.isEmpty else { return blocks }
        return [self.statement("BedrockInvoke", actions, direct)] + blocks
    }

    /// Data-plane access shared by the function and the container's task role.
    func dataStatements() -> [HCLBlock] {
        let tables = self.app.tables.map { HCLValue.raw("aws_dynamodb_table.\(self.label($0.name)).arn") }
        var blocks = self.bedrockStatements()
        if !tables.isEmpty {
            blocks.append(
                self.statement(
                    "Tables",
                    [
                        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem",
                        "dynamodb:BatchWriteItem",
                    ],
                    tables
                )
            )
        }
        blocks.append(
            self.statement("Objects", ["s3:GetObject", "s3:PutObject"], ["${aws_s3_bucket.data.arn}/*"])
        )
        blocks.append(self.statement("ListBucket", ["s3:ListBucket"], [.raw("aws_s3_bucket.data.arn")]))
        let queues = self.handlers(.sqs).map { HCLValue.raw("aws_sqs_queue.\(self.label($0.name)).arn") }
        if !queues.isEmpty {
            blocks.append(
                self.statement(
                    "Queues",
                    [
                        "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes",
                    ],
                    queues
                )
            )
        }
        blocks.append(
            self.statement("Key", ["kms:Decrypt", "kms:GenerateDataKey"], [.raw("aws_kms_key.main.arn")])
        )
        return blocks
    }

    func assumeRole(_ name: String, service: String) -> HCLBlock {
        HCLBlock("data", "aws_iam_policy_document", name) {
            HCLBlock("statement") {
                "actions" <- ["sts:AssumeRole"]
                HCLBlock("principals") {
                    "type" <- "Service"
                    "identifiers" <- [.string(service)]
                }
                HCLBlock("condition") {
                    "test" <- "StringEquals"
                    "variable" <- "aws:SourceAccount"
                    "values" <- [.raw("local.account_id")]
                }
            }
        }
    }

    func iam() -> [HCLBlock] {
        var lambdaStatements = self.dataStatements()
        lambdaStatements.append(
            self.statement(
                "Logs",
                ["logs:CreateLogStream", "logs:PutLogEvents"],
                ["${aws_cloudwatch_log_group.lambda.arn}:*"]
            )
        )
        lambdaStatements.append(
            self.statement(
                "Tracing",
                ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                ["*"]
            )
        )
        lambdaStatements.append(
            self.statement("DeadLetters", ["sqs:SendMessage"], [.raw("aws_sqs_queue.lambda_dlq.arn")])
        )
        let consumed = self.handlers(.sqs).map { HCLValue.raw("aws_sqs_queue.\(self.label($0.name)).arn") }
        if !consumed.isEmpty {
            lambdaStatements.append(
                self.statement(
                    "DeadLetterQueues",
                    ["sqs:SendMessage"],
                    self.handlers(.sqs).map { .raw("aws_sqs_queue.\(self.label($0.name))_dlq.arn") }
                )
            )
        }
        let streams = self.app.tables.filter(\.stream).map {
            HCLValue.raw("aws_dynamodb_table.\(self.label($0.name)).stream_arn")
        }
        if !streams.isEmpty {
            lambdaStatements.append(
                self.statement(
                    "Streams",
                    [
                        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams",
                    ],
                    streams
                )
            )
        }
        if self.hasWebSocket {
            lambdaStatements.append(
                self.statement(
                    "WebSocketConnections",
                    ["execute-api:ManageConnections"],
                    ["${aws_apigatewayv2_api.realtime.execution_arn}/\(self.settings.alias)/*/@connections/*"]
                )
            )
        }
        return [
            self.assumeRole("lambda_assume", service: "lambda.amazonaws.com"),
            HCLBlock("resource", "aws_iam_role", "lambda") {
                "name" <- "${var.name}-lambda"
                "assume_role_policy" <- .raw("data.aws_iam_policy_document.lambda_assume.json")
            },
            HCLBlock("data", "aws_iam_policy_document", "lambda") {
                comment("X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions.")
                for statement in lambdaStatements { statement }
            },
            HCLBlock("resource", "aws_iam_role_policy", "lambda") {
                "name" <- "least-privilege"
                "role" <- .raw("aws_iam_role.lambda.id")
                "policy" <- .raw("data.aws_iam_policy_document.lambda.json")
            },
            self.assumeRole("ecs_assume", service: "ecs-tasks.amazonaws.com"),
            HCLBlock("resource", "aws_iam_role", "task_execution") {
                "name" <- "${var.name}-task-execution"
                "assume_role_policy" <- .raw("data.aws_iam_policy_document.ecs_assume.json")
            },
            HCLBlock("data", "aws_iam_policy_document", "task_execution") {
                comment(
                    "ecr:GetAuthorizationToken is account-wide by design; image pulls are scoped to the repository."
                )
                self.statement("RegistryToken", ["ecr:GetAuthorizationToken"], ["*"])
                self.statement(
                    "PullImage",
                    ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    [.raw("var.ecr_repository_arn")]
                )
                self.statement(
                    "Logs",
                    ["logs:CreateLogStream", "logs:PutLogEvents"],
                    ["${aws_cloudwatch_log_group.containers.arn}:*"]
                )
            },
            HCLBlock("resource", "aws_iam_role_policy", "task_execution") {
                "name" <- "pull-and-log"
                "role" <- .raw("aws_iam_role.task_execution.id")
                "policy" <- .raw("data.aws_iam_policy_document.task_execution.json")
            },
            HCLBlock("resource", "aws_iam_role", "task") {
                "name" <- "${var.name}-task"
                "assume_role_policy" <- .raw("data.aws_iam_policy_document.ecs_assume.json")
            },
            HCLBlock("data", "aws_iam_policy_document", "task") {
                for statement in self.dataStatements() { statement }
            },
            HCLBlock("resource", "aws_iam_role_policy", "task") {
                "name" <- "least-privilege"
                "role" <- .raw("aws_iam_role.task.id")
                "policy" <- .raw("data.aws_iam_policy_document.task.json")
            },
        ]
    }
}

extension SAMGenerator {
    func statement(
        _ sid: String,
        _ actions: [String],
        _ resources: [TemplateValue],
        condition: TemplateValue? = nil
    )
        -> TemplateValue
    {
        var members: [(String, TemplateValue)] = [
            ("Sid", .string(sid)), ("Effect", "Allow"),
            ("Action", .list(actions.map { .string($0) })), ("Resource", .list(resources)),
        ]
        if let condition { members.append(("Condition", condition)) }
        return .map(members)
    }

    /// The function's policy: the same least-privilege statements as the Terraform side.
    func policyStatements() -> [TemplateValue] {
        let invoke = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        var direct: [TemplateValue] = []
        var statements: [TemplateValue] = []
        for (index, model) in self.app.models.enumerated() {
            if let profile = model.inferenceProfile {
                let profileARN: TemplateValue =
                    .sub("arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/\(profile)")
                direct.append(profileARN)
                statements.append(
                    self.statement(
                        "BedrockThroughProfile\(index)",
                        invoke,
                        [.sub("arn:${AWS::Partition}:bedrock:*::foundation-model/\(model.id)")],
                        condition: .map([("StringEquals", .map([("bedrock:InferenceProfileArn", profileARN)]))])
                    )
                )
            } else {
                direct.append(.sub("arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/\(model.id)"))
            }
        }
        if !direct.isEmpty { statements.insert(self.statement("BedrockInvoke", invoke, direct), at: 0) }
        let tables = self.app.tables.map { TemplateValue.getAtt("\(self.logicalID($0.name))Table", "Arn") }
        if !tables.isEmpty {
            statements.append(
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
        // By name, not Ref: the bucket's notification depends on the function, so the function must not
        // depend on the bucket (CloudFormation would see a cycle).
        statements.append(
            self.statement(
                "Objects",
                ["s3:GetObject", "s3:PutObject"],
                [.sub("arn:${AWS::Partition}:s3:::\(Self.bucketName)/*")]
            )
        )
        statements.append(
            self.statement("ListBucket", ["s3:ListBucket"], [.sub("arn:${AWS::Partition}:s3:::\(Self.bucketName)")])
        )
        let queues = self.handlers(.sqs).map { TemplateValue.getAtt("\(self.logicalID($0.name))Queue", "Arn") }
        if !queues.isEmpty {
            statements.append(
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
        statements.append(self.statement("DeadLetters", ["sqs:SendMessage"], [.getAtt("AsyncDeadLetterQueue", "Arn")]))
        let streams = self.app.tables.filter(\.stream).map {
            TemplateValue.getAtt("\(self.logicalID($0.name))Table", "StreamArn")
        }
        if !streams.isEmpty {
            statements.append(
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
        statements.append(self.statement("Key", ["kms:Decrypt", "kms:GenerateDataKey"], [.getAtt("Key", "Arn")]))
        if !self.handlers(.webSocket).isEmpty {
            statements.append(
                self.statement(
                    "WebSocketConnections",
                    ["execute-api:ManageConnections"],
                    [
                        .sub(
                            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RealtimeApi}/\(self.settings.alias)/*/@connections/*"
                        )
                    ]
                )
            )
        }
        return statements
    }

    func events() -> [(String, TemplateValue)] {
        var events: [(String, TemplateValue)] = []
        for handler in self.handlers(.sqs) {
            let id = self.logicalID(handler.name)
            events.append(
                (
                    id,
                    .map([
                        ("Type", "SQS"),
                        (
                            "Properties",
                            .map([
                                ("Queue", .getAtt("\(id)Queue", "Arn")),
                                ("BatchSize", .number(Double(handler.batchSize ?? 10))),
                                ("MaximumBatchingWindowInSeconds", .number(Double(self.settings.batchingWindowS))),
                                ("FunctionResponseTypes", ["ReportBatchItemFailures"]),
                                (
                                    "ScalingConfig",
                                    .map([("MaximumConcurrency", .number(Double(handler.maximumConcurrency ?? 5)))])
                                ),
                            ])
                        ),
                    ])
                )
            )
        }
        for handler in self.handlers(.s3) {
            var rules: [TemplateValue] = []
            if let prefix = handler.prefix { rules.append(.map([("Name", "prefix"), ("Value", .string(prefix))])) }
            if let suffix = handler.suffix { rules.append(.map([("Name", "suffix"), ("Value", .string(suffix))])) }
            var properties: [(String, TemplateValue)] = [
                ("Bucket", .ref("DataBucket")), ("Events", "s3:ObjectCreated:*"),
            ]
            if !rules.isEmpty { properties.append(("Filter", .map([("S3Key", .map([("Rules", .list(rules))]))]))) }
            events.append((self.logicalID(handler.name), .map([("Type", "S3"), ("Properties", .map(properties))])))
        }
        for handler in self.handlers(.dynamoDBStream) {
            let table = self.logicalID(handler.table ?? "") + "Table"
            events.append(
                (
                    self.logicalID(handler.name),
                    .map([
                        ("Type", "DynamoDB"),
                        (
                            "Properties",
                            .map([
                                ("Stream", .getAtt(table, "StreamArn")),
                                ("StartingPosition", "LATEST"),
                                ("BatchSize", .number(Double(handler.batchSize ?? 100))),
                                ("MaximumRetryAttempts", 5),
                                ("BisectBatchOnFunctionError", true),
                                ("FunctionResponseTypes", ["ReportBatchItemFailures"]),
                                (
                                    "DestinationConfig",
                                    .map([
                                        (
                                            "OnFailure",
                                            .map([
                                                ("Type", "SQS"),
                                                ("Destination", .getAtt("AsyncDeadLetterQueue", "Arn")),
                                            ])
                                        )
                                    ])
                                ),
                            ])
                        ),
                    ])
                )
            )
        }
        return events
    }

    func function() -> TemplateValue {
        var variables: [(String, TemplateValue)] = [
            ("TANDEM_BUCKET", .sub(Self.bucketName)), ("TANDEM_LOG_FORMAT", "json"),
            // The Function URL streams (RESPONSE_STREAM): the runtime must answer with the HTTP prelude.
            ("TANDEM_HTTP_RESPONSE_MODE", "streaming"),
        ]
        for table in self.app.tables {
            variables.append(
                ("TANDEM_TABLE_\(self.logicalID(table.name).uppercased())", .ref("\(self.logicalID(table.name))Table"))
            )
        }
        for handler in self.handlers(.sqs) {
            variables.append(
                (
                    "TANDEM_QUEUE_\(self.logicalID(handler.name).uppercased())",
                    .ref("\(self.logicalID(handler.name))Queue")
                )
            )
        }
        if let model = self.app.models.first {
            variables.append(("TANDEM_BEDROCK_MODEL", .string(model.inferenceProfile ?? model.id)))
        }
        if let model = self.app.localModel {
            let path = model.packaging == .layer ? "/opt/models/\(model.name)" : "/var/task/models/\(model.name)"
            variables.append(("TANDEM_LOCAL_MODEL_PATH", .string(path)))
        }
        variables += self.app.standardPipelineEnvironment.map { ($0.name, .string($0.value)) }
        var properties: [(String, TemplateValue)] = [
            ("FunctionName", .ref("Name")),
            ("Description", "Tandem handler table (Lambda custom runtime)"),
            ("CodeUri", .string("dist/tandem-lambda-\(self.settings.arch).zip")),
            ("Handler", "bootstrap"),
            ("Runtime", "provided.al2023"),
            ("Architectures", [.string(self.settings.arch)]),
            ("MemorySize", .number(Double(self.settings.memoryMB))),
            ("Timeout", .number(Double(self.settings.timeoutS))),
            ("ReservedConcurrentExecutions", .number(Double(self.settings.reservedConcurrency))),
            ("Tracing", "Active"),
            ("KmsKeyArn", .getAtt("Key", "Arn")),
            (
                "LoggingConfig",
                .map([
                    ("LogFormat", "JSON"), ("LogGroup", .ref("FunctionLogGroup")),
                    ("ApplicationLogLevel", "INFO"), ("SystemLogLevel", "WARN"),
                ])
            ),
            ("Environment", .map([("Variables", .map(variables))])),
            ("AutoPublishAlias", .string(self.settings.alias)),
            ("FunctionUrlConfig", .map([("AuthType", "AWS_IAM"), ("InvokeMode", "RESPONSE_STREAM")])),
            ("DeadLetterQueue", .map([("Type", "SQS"), ("TargetArn", .getAtt("AsyncDeadLetterQueue", "Arn"))])),
            ("Policies", [.map([("Version", "2012-10-17"), ("Statement", .list(self.policyStatements()))])]),
            ("Events", .map(self.events())),
        ]
        if let model = self.app.localModel, model.packaging == .layer {
            properties.insert(("Layers", [.ref("ModelLayer")]), at: 10)
        }
        if self.settings.provisionedConcurrency > 0 {
            properties.append(
                (
                    "ProvisionedConcurrencyConfig",
                    .map([("ProvisionedConcurrentExecutions", .ref("ProvisionedConcurrency"))])
                )
            )
        }
        return .map([("Type", "AWS::Serverless::Function"), ("Properties", .map(properties))])
    }
}

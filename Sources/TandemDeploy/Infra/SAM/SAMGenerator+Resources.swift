extension SAMGenerator {
    func key() -> TemplateValue {
        .map([
            ("Type", "AWS::KMS::Key"),
            (
                "Properties",
                .map([
                    ("Description", .sub("${Name} data at rest")),
                    ("EnableKeyRotation", true),
                    (
                        "KeyPolicy",
                        .map([
                            ("Version", "2012-10-17"),
                            (
                                "Statement",
                                [
                                    .map([
                                        ("Sid", "AccountAdministers"), ("Effect", "Allow"),
                                        (
                                            "Principal",
                                            .map([("AWS", .sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))])
                                        ),
                                        ("Action", "kms:*"), ("Resource", "*"),
                                    ]),
                                    .map([
                                        ("Sid", "CloudWatchLogsEncrypt"), ("Effect", "Allow"),
                                        ("Principal", .map([("Service", .sub("logs.${AWS::Region}.amazonaws.com"))])),
                                        (
                                            "Action",
                                            [
                                                "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                                                "kms:GenerateDataKey*", "kms:Describe*",
                                            ]
                                        ),
                                        ("Resource", "*"),
                                        (
                                            "Condition",
                                            .map([
                                                (
                                                    "ArnLike",
                                                    .map([
                                                        (
                                                            "kms:EncryptionContext:aws:logs:arn",
                                                            .sub(
                                                                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
                                                            )
                                                        )
                                                    ])
                                                )
                                            ])
                                        ),
                                    ]),
                                ]
                            ),
                        ])
                    ),
                ])
            ),
        ])
    }

    func logGroup(_ name: String) -> TemplateValue {
        .map([
            ("Type", "AWS::Logs::LogGroup"),
            (
                "Properties",
                .map([
                    ("LogGroupName", .sub(name)), ("RetentionInDays", .ref("LogRetentionDays")),
                    ("KmsKeyId", .getAtt("Key", "Arn")),
                ])
            ),
        ])
    }

    func queue(name: String, deadLetter: String?) -> TemplateValue {
        var properties: [(String, TemplateValue)] = [
            ("QueueName", .sub(name)),
            ("KmsMasterKeyId", .getAtt("Key", "Arn")),
            ("KmsDataKeyReusePeriodSeconds", 300),
        ]
        if let deadLetter {
            properties.append(("VisibilityTimeout", .number(Double(self.settings.visibilityTimeoutS))))
            properties.append(("MessageRetentionPeriod", 345_600))
            properties.append(
                ("RedrivePolicy", .map([("deadLetterTargetArn", .getAtt(deadLetter, "Arn")), ("maxReceiveCount", 5)]))
            )
        } else {
            properties.append(("MessageRetentionPeriod", 1_209_600))
        }
        return .map([("Type", "AWS::SQS::Queue"), ("Properties", .map(properties))])
    }

    func table(_ table: TableDescription) -> TemplateValue {
        var properties: [(String, TemplateValue)] = [
            ("TableName", .sub("${Name}-\(table.name)")),
            ("BillingMode", "PAY_PER_REQUEST"),
            (
                "AttributeDefinitions",
                [
                    .map([("AttributeName", "pk"), ("AttributeType", "S")]),
                    .map([("AttributeName", "sk"), ("AttributeType", "S")]),
                ]
            ),
            (
                "KeySchema",
                [
                    .map([("AttributeName", "pk"), ("KeyType", "HASH")]),
                    .map([("AttributeName", "sk"), ("KeyType", "RANGE")]),
                ]
            ),
            ("PointInTimeRecoverySpecification", .map([("PointInTimeRecoveryEnabled", true)])),
            (
                "SSESpecification",
                .map([("SSEEnabled", true), ("SSEType", "KMS"), ("KMSMasterKeyId", .getAtt("Key", "Arn"))])
            ),
            ("DeletionProtectionEnabled", true),
        ]
        if let ttl = table.ttlAttribute {
            properties.append(("TimeToLiveSpecification", .map([("AttributeName", .string(ttl)), ("Enabled", true)])))
        }
        if table.stream {
            properties.append(("StreamSpecification", .map([("StreamViewType", "NEW_AND_OLD_IMAGES")])))
        }
        return .map([
            ("Type", "AWS::DynamoDB::Table"),
            ("DeletionPolicy", "Retain"),
            ("UpdateReplacePolicy", "Retain"),
            ("Properties", .map(properties)),
        ])
    }

    /// The data bucket's name, known before the bucket exists (see ``policyStatements()``).
    static let bucketName = "${Name}-data-${AWS::AccountId}-${AWS::Region}"

    func bucket() -> TemplateValue {
        .map([
            ("Type", "AWS::S3::Bucket"),
            ("DeletionPolicy", "Retain"),
            ("UpdateReplacePolicy", "Retain"),
            (
                "Properties",
                .map([
                    ("BucketName", .sub(Self.bucketName)),
                    (
                        "BucketEncryption",
                        .map([
                            (
                                "ServerSideEncryptionConfiguration",
                                [
                                    .map([
                                        (
                                            "ServerSideEncryptionByDefault",
                                            .map([
                                                ("SSEAlgorithm", "aws:kms"), ("KMSMasterKeyID", .getAtt("Key", "Arn")),
                                            ])
                                        ),
                                        ("BucketKeyEnabled", true),
                                    ])
                                ]
                            )
                        ])
                    ),
                    (
                        "PublicAccessBlockConfiguration",
                        .map([
                            ("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true),
                            ("RestrictPublicBuckets", true),
                        ])
                    ),
                    ("VersioningConfiguration", .map([("Status", "Enabled")])),
                    (
                        "LifecycleConfiguration",
                        .map([
                            (
                                "Rules",
                                [
                                    .map([
                                        ("Id", "tidy"), ("Status", "Enabled"),
                                        ("AbortIncompleteMultipartUpload", .map([("DaysAfterInitiation", 7)])),
                                        ("NoncurrentVersionExpiration", .map([("NoncurrentDays", 30)])),
                                    ])
                                ]
                            )
                        ])
                    ),
                ])
            ),
        ])
    }

    func provisionedScaling() -> TemplateValue {
        .map([
            ("Type", "AWS::ApplicationAutoScaling::ScalableTarget"),
            ("DependsOn", "AppAlias\(self.settings.alias)"),
            (
                "Properties",
                .map([
                    ("ServiceNamespace", "lambda"),
                    ("ScalableDimension", "lambda:function:ProvisionedConcurrency"),
                    ("ResourceId", .sub("function:${App}:\(self.settings.alias)")),
                    ("MinCapacity", 0),
                    ("MaxCapacity", .ref("ProvisionedConcurrency")),
                    (
                        "ScheduledActions",
                        [
                            .map([
                                ("ScheduledActionName", "working-hours"),
                                ("Schedule", "cron(0 7 ? * MON-FRI *)"),
                                (
                                    "ScalableTargetAction",
                                    .map([
                                        ("MinCapacity", .ref("ProvisionedConcurrency")),
                                        ("MaxCapacity", .ref("ProvisionedConcurrency")),
                                    ])
                                ),
                            ]),
                            .map([
                                ("ScheduledActionName", "after-hours"),
                                ("Schedule", "cron(0 19 ? * MON-FRI *)"),
                                ("ScalableTargetAction", .map([("MinCapacity", 0), ("MaxCapacity", 0)])),
                            ]),
                        ]
                    ),
                ])
            ),
        ])
    }

    func webSocket() -> [(String, TemplateValue)] {
        let alias = self.settings.alias
        var resources: [(String, TemplateValue)] = [
            (
                "RealtimeApi",
                .map([
                    ("Type", "AWS::ApiGatewayV2::Api"),
                    (
                        "Properties",
                        .map([
                            ("Name", .sub("${Name}-realtime")), ("ProtocolType", "WEBSOCKET"),
                            ("RouteSelectionExpression", "$request.body.action"),
                        ])
                    ),
                ])
            ),
            (
                "RealtimeIntegration",
                .map([
                    ("Type", "AWS::ApiGatewayV2::Integration"),
                    (
                        "Properties",
                        .map([
                            ("ApiId", .ref("RealtimeApi")),
                            ("IntegrationType", "AWS_PROXY"),
                            ("IntegrationMethod", "POST"),
                            (
                                "IntegrationUri",
                                .sub(
                                    "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${App.Alias}/invocations"
                                )
                            ),
                        ])
                    ),
                ])
            ),
        ]
        for (route, id) in [("$connect", "Connect"), ("$disconnect", "Disconnect"), ("$default", "Default")] {
            resources.append(
                (
                    "Realtime\(id)Route",
                    .map([
                        ("Type", "AWS::ApiGatewayV2::Route"),
                        (
                            "Properties",
                            .map([
                                ("ApiId", .ref("RealtimeApi")),
                                ("RouteKey", .string(route)),
                                ("AuthorizationType", route == "$connect" ? "AWS_IAM" : "NONE"),
                                ("Target", .sub("integrations/${RealtimeIntegration}")),
                            ])
                        ),
                    ])
                )
            )
        }
        resources += [
            ("RealtimeLogGroup", self.logGroup("/aws/apigateway/${Name}-realtime")),
            (
                "RealtimeStage",
                .map([
                    ("Type", "AWS::ApiGatewayV2::Stage"),
                    (
                        "Properties",
                        .map([
                            ("ApiId", .ref("RealtimeApi")),
                            ("StageName", .string(alias)),
                            ("AutoDeploy", true),
                            (
                                "DefaultRouteSettings",
                                .map([
                                    ("ThrottlingBurstLimit", 100), ("ThrottlingRateLimit", 50),
                                    ("DataTraceEnabled", false),
                                ])
                            ),
                            (
                                "AccessLogSettings",
                                .map([
                                    ("DestinationArn", .getAtt("RealtimeLogGroup", "Arn")),
                                    (
                                        "Format",
                                        "{\"requestId\":\"$context.requestId\",\"connectionId\":\"$context.connectionId\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\"}"
                                    ),
                                ])
                            ),
                        ])
                    ),
                ])
            ),
            (
                "RealtimePermission",
                .map([
                    ("Type", "AWS::Lambda::Permission"),
                    (
                        "Properties",
                        .map([
                            ("Action", "lambda:InvokeFunction"),
                            ("FunctionName", .ref("App.Alias")),
                            ("Principal", "apigateway.amazonaws.com"),
                            (
                                "SourceArn",
                                .sub(
                                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RealtimeApi}/*/*"
                                )
                            ),
                        ])
                    ),
                ])
            ),
        ]
        return resources
    }
}

import TandemCore
import Testing

@testable import TandemDeploy

@Suite struct TerraformGeneratorTests {
    func generator(_ edit: (inout WorkloadProfile) -> Void = { _ in }) -> TerraformGenerator {
        var profile = WorkloadProfile()
        profile.maxRuntimeS = 120
        profile.provisionedConcurrency = 5
        edit(&profile)
        return TerraformGenerator(app: .standard, settings: DeploymentSettings(profile: profile))
    }

    func resource(_ blocks: [HCLBlock], _ type: String, _ name: String) throws -> HCLBlock {
        try #require(blocks.first { $0.type == "resource" && $0.labels == [type, name] }, "\(type).\(name)")
    }

    @Test func lambdaIsACustomRuntimeOnArmWithStreamingURL() throws {
        let blocks = self.generator().blocks()
        let function = try self.resource(blocks, "aws_lambda_function", "app")
        #expect(function.attribute("runtime") == "provided.al2023")
        #expect(function.attribute("handler") == "bootstrap")
        #expect(function.attribute("architectures") == ["arm64"])
        #expect(function.attribute("timeout") == 120)
        #expect(function.blocks("tracing_config").first?.attribute("mode") == "Active")
        #expect(function.blocks("logging_config").first?.attribute("log_format") == "JSON")
        let url = try self.resource(blocks, "aws_lambda_function_url", "live")
        #expect(url.attribute("invoke_mode") == "RESPONSE_STREAM")
        #expect(url.attribute("authorization_type") == "AWS_IAM")
        // A streaming URL needs the runtime to answer with the HTTP prelude.
        let variables = function.blocks("environment").first?.attribute("variables")
        #expect("\(String(describing: variables))".contains("TANDEM_HTTP_RESPONSE_MODE"))
        #expect("\(String(describing: variables))".contains("streaming"))
    }

    @Test func environmentNamesEachSourcesPipeline() throws {
        let generator = self.generator()
        let expected: [(String, HCLValue)] = [
            ("TANDEM_PIPELINE_S3", "classify"), ("TANDEM_PIPELINE_SQS", "embed"),
            ("TANDEM_PIPELINE_DYNAMODB_STREAM", "summarize"), ("TANDEM_PIPELINE_WEBSOCKET", "chat"),
            ("TANDEM_CLASSIFY_LABELS", .string(AppDescription.starterClassifyLabels)),
        ]
        for (name, value) in expected {
            #expect(generator.environment.first { $0.0 == name }?.1 == value, "\(name)")
        }
        // An app whose handlers are named after no pipeline gets none (the binary logs their events).
        var app = AppDescription.standard
        app.handlers = app.handlers.map { handler in
            var handler = handler
            handler.name = "custom-" + handler.name
            return handler
        }
        let names = app.standardPipelineEnvironment.map(\.name)
        #expect(names == ["TANDEM_PIPELINE_WEBSOCKET"])
    }

    @Test func queueVisibilityIsAtLeastSixFunctionTimeouts() throws {
        for timeout in [3.0, 30, 120, 900] {
            let generator = self.generator { $0.maxRuntimeS = timeout }
            let queue = try self.resource(generator.blocks(), "aws_sqs_queue", "embed")
            guard case .number(let visibility) = try #require(queue.attribute("visibility_timeout_seconds")) else {
                Issue.record("visibility is not a number")
                return
            }
            #expect(visibility >= 6 * Double(generator.settings.timeoutS))
            #expect(queue.attribute("redrive_policy")?.rendered(indent: 0).contains("deadLetterTargetArn") == true)
            #expect(queue.attribute("kms_master_key_id") != nil)
        }
    }

    @Test func eventSourcesReportPartialFailures() throws {
        let blocks = self.generator().blocks()
        for name in ["embed", "summarize"] {
            let mapping = try self.resource(blocks, "aws_lambda_event_source_mapping", name)
            #expect(mapping.attribute("function_response_types") == ["ReportBatchItemFailures"])
        }
        let sqs = try self.resource(blocks, "aws_lambda_event_source_mapping", "embed")
        #expect(sqs.blocks("scaling_config").first?.attribute("maximum_concurrency") == 5)
        let permission = try self.resource(blocks, "aws_lambda_permission", "s3")
        #expect(permission.attribute("source_arn") == .raw("aws_s3_bucket.data.arn"))
        #expect(permission.attribute("source_account") == .raw("local.account_id"))
    }

    @Test func noWildcardActionsAndBedrockScopedToModels() throws {
        let text = try self.generator().files()["iam.tf"] ?? ""
        let blocks = self.generator().blocks().filter {
            $0.type == "data" && $0.labels.first == "aws_iam_policy_document"
        }
        var invoke: [String] = []
        for document in blocks {
            for statement in document.blocks("statement") where statement.attribute("effect") != "Deny" {
                let actions = statement.attribute("actions")?.rendered(indent: 0) ?? ""
                #expect(!actions.contains("*"), "wildcard action in \(document.labels): \(actions)")
                let resources = statement.attribute("resources")?.rendered(indent: 0) ?? ""
                if resources == "[\"*\"]" {
                    // Only actions AWS cannot scope may use "*".
                    #expect(
                        actions == "[\"xray:PutTraceSegments\", \"xray:PutTelemetryRecords\"]"
                            || actions == "[\"ecr:GetAuthorizationToken\"]",
                        "unscoped \(actions)"
                    )
                }
                if actions.contains("bedrock:InvokeModel") { invoke.append(resources) }
            }
        }
        #expect(invoke.contains { $0.contains("inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0") })
        #expect(invoke.contains { $0.contains("foundation-model/amazon.titan-embed-text-v2:0") })
        #expect(text.contains("bedrock:InvokeModelWithResponseStream"))
        #expect(text.contains("execute-api:ManageConnections"))
    }

    @Test func containersOnArmBehindALBWithHealthChecks() throws {
        let blocks = self.generator {
            $0.heartbeatS = 20
            $0.maxRuntimeS = 600
        }.blocks()
        let task = try self.resource(blocks, "aws_ecs_task_definition", "app")
        #expect(task.blocks("runtime_platform").first?.attribute("cpu_architecture") == "ARM64")
        let definitions = task.attribute("container_definitions")?.rendered(indent: 0) ?? ""
        #expect(definitions.contains("stopTimeout"))
        #expect(definitions.contains("/health/live"))
        let alb = try self.resource(blocks, "aws_lb", "app")
        guard case .number(let idle) = try #require(alb.attribute("idle_timeout")) else { return }
        #expect(idle > 20)
        let group = try self.resource(blocks, "aws_lb_target_group", "app")
        #expect(group.blocks("health_check").first?.attribute("path") == "/health/ready")
        #expect(group.attribute("deregistration_delay") == 600)
        let policies = blocks.filter { $0.labels.first == "aws_appautoscaling_policy" }.map { $0.rendered() }
        #expect(policies.contains { $0.contains("ECSServiceAverageCPUUtilization") })
        #expect(policies.contains { $0.contains("ALBRequestCountPerTarget") })
    }

    @Test func provisionedConcurrencyIsScheduledOnTheAlias() throws {
        let blocks = self.generator().blocks()
        let target = try self.resource(blocks, "aws_appautoscaling_target", "provisioned")
        #expect(target.attribute("scalable_dimension") == "lambda:function:ProvisionedConcurrency")
        #expect(blocks.filter { $0.labels.first == "aws_appautoscaling_scheduled_action" }.count == 2)
        let none = self.generator { $0.provisionedConcurrency = 0 }.blocks()
        #expect(!none.contains { $0.labels.first == "aws_appautoscaling_scheduled_action" })
    }

    @Test func dataStoresAreEncryptedAndPrivate() throws {
        let blocks = self.generator().blocks()
        for table in ["idempotency", "checkpoints", "documents"] {
            let resource = try self.resource(blocks, "aws_dynamodb_table", table)
            #expect(resource.blocks("ttl").first?.attribute("enabled") == true)
            #expect(resource.blocks("server_side_encryption").first?.attribute("enabled") == true)
        }
        let access = try self.resource(blocks, "aws_s3_bucket_public_access_block", "data")
        for key in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] {
            #expect(access.attribute(key) == true)
        }
        _ = try self.resource(blocks, "aws_s3_bucket_versioning", "data")
        _ = try self.resource(blocks, "aws_s3_bucket_server_side_encryption_configuration", "data")
    }

    @Test func sizeBudgetIsReportedAndEnforced() throws {
        let generator = self.generator()
        #expect(generator.budget.totalMB == 130)
        #expect(generator.budget.report.contains("130 MB of 250 MB (52%)"))
        #expect(try generator.files()["lambda.tf"]?.contains("Lambda unzipped size") == true)
        var app = AppDescription.standard
        app.localModel = LocalModelDescription(name: "big", sizeMB: 240, packaging: .layer)
        let over = TerraformGenerator(app: app, settings: generator.settings)
        #expect {
            try over.files()
        } throws: { error in
            (error as? TandemError)?.code == .payloadTooLarge
        }
    }

    @Test func packagesOverTheDirectUploadLimitGoThroughS3() throws {
        // The model layer (~87 MB) is over Lambda's 50 MB direct-upload limit: published from an S3 object.
        let blocks = self.generator().blocks()
        let object = try self.resource(blocks, "aws_s3_object", "model_layer")
        #expect(object.attribute("source") == .raw("var.model_layer_package"))
        #expect(object.attribute("kms_key_id") == .raw("aws_kms_key.main.arn"))
        let layer = try self.resource(blocks, "aws_lambda_layer_version", "model")
        #expect(layer.attribute("filename") == nil)
        #expect(layer.attribute("s3_key") == .raw("aws_s3_object.model_layer.key"))
        #expect(layer.attribute("s3_object_version") == .raw("aws_s3_object.model_layer.version_id"))
        let function = try self.resource(blocks, "aws_lambda_function", "app")
        #expect(function.attribute("filename") == .raw("var.lambda_package"))
        // With the model inside the function zip, the function zip goes through S3 too.
        var app = AppDescription.standard
        app.localModel?.packaging = .zip
        let zipped = TerraformGenerator(app: app, settings: self.generator().settings).blocks()
        let inZip = try self.resource(zipped, "aws_lambda_function", "app")
        #expect(inZip.attribute("filename") == nil)
        #expect(inZip.attribute("s3_bucket") == .raw("aws_s3_object.lambda_package.bucket"))
        #expect(zipped.contains { $0.labels == ["aws_s3_object", "lambda_package"] })
        #expect(!zipped.contains { $0.labels == ["aws_lambda_layer_version", "model"] })
    }

    @Test func streamOnATableWithoutOneIsRejected() {
        var app = AppDescription.standard
        app.handlers.append(HandlerDescription(name: "bad", kind: .dynamoDBStream, table: "idempotency"))
        let generator = TerraformGenerator(app: app, settings: DeploymentSettings(profile: WorkloadProfile()))
        #expect(throws: TandemError.self) { try generator.files() }
    }

    @Test func renderingEscapesAndAligns() {
        let block = HCLBlock("resource", "x", "y") {
            "a" <- "quote \" and %{ directive"
            "long_name" <- 1
        }
        #expect(
            block.rendered()
                == "resource \"x\" \"y\" {\n  a         = \"quote \\\" and %%{ directive\"\n  long_name = 1\n}\n"
        )
    }
}

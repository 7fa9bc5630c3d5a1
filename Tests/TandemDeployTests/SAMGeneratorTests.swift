import Testing

@testable import TandemDeploy

@Suite struct SAMGeneratorTests {
    let generator: SAMGenerator = {
        var profile = WorkloadProfile()
        profile.maxRuntimeS = 60
        profile.provisionedConcurrency = 2
        return SAMGenerator(app: .standard, settings: DeploymentSettings(profile: profile))
    }()

    @Test func functionMatchesTheTerraformSide() throws {
        let template = self.generator.template()
        let function = try #require(template["Resources"]?["App"]?["Properties"])
        #expect(function["Runtime"] == "provided.al2023")
        #expect(function["Architectures"] == ["arm64"])
        #expect(function["Timeout"] == 60)
        #expect(function["Tracing"] == "Active")
        #expect(function["FunctionUrlConfig"]?["InvokeMode"] == "RESPONSE_STREAM")
        // A streaming URL needs the runtime to answer with the HTTP prelude.
        #expect(function["Environment"]?["Variables"]?["TANDEM_HTTP_RESPONSE_MODE"] == "streaming")
        // The shipped binary runs the pipelines the template wires to it.
        #expect(function["Environment"]?["Variables"]?["TANDEM_PIPELINE_S3"] == "classify")
        #expect(function["Environment"]?["Variables"]?["TANDEM_PIPELINE_SQS"] == "embed")
        #expect(function["Environment"]?["Variables"]?["TANDEM_PIPELINE_DYNAMODB_STREAM"] == "summarize")
        #expect(function["Environment"]?["Variables"]?["TANDEM_CLASSIFY_LABELS"] == .string(AppDescription.starterClassifyLabels))
        #expect(function["FunctionUrlConfig"]?["AuthType"] == "AWS_IAM")
        #expect(function["LoggingConfig"]?["LogFormat"] == "JSON")
        #expect(function["AutoPublishAlias"] == "live")
        #expect(function["Events"]?["Embed"]?["Properties"]?["FunctionResponseTypes"] == ["ReportBatchItemFailures"])
        let queue = try #require(template["Resources"]?["EmbedQueue"]?["Properties"])
        #expect(queue["VisibilityTimeout"] == .number(Double(6 * 60 + 1)))
    }

    @Test func yamlQuotesEveryString() throws {
        let yaml = try self.generator.yaml()
        #expect(yaml.contains("AWSTemplateFormatVersion: \"2010-09-09\""))
        #expect(yaml.contains("Transform: \"AWS::Serverless-2016-10-31\""))
        #expect(yaml.contains("\"Fn::GetAtt\":"))
        #expect(!yaml.contains("\t"))
    }

    @Test func nestedListsAndMapsIndent() {
        let value: TemplateValue = .map([("A", [.map([("B", 1), ("C", ["x"])])]), ("D", .map([]))])
        #expect(value.yaml() == "A:\n  - B: 1\n    C:\n      - \"x\"\nD: {}\n")
    }
}

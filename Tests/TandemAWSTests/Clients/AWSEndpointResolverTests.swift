import Testing

@testable import TandemAWS

@Suite("AWS endpoint and region resolution")
struct AWSEndpointResolverTests {
    @Test("Region: explicit, then AWS_REGION, then AWS_DEFAULT_REGION; none is a configuration error")
    func region() throws {
        let both = AWSEndpointResolver(environment: ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"])
        #expect(try both.region() == "eu-west-1")
        #expect(try both.region(explicit: "ap-south-1") == "ap-south-1")
        #expect(try both.region(explicit: "") == "eu-west-1")
        #expect(try AWSEndpointResolver(environment: ["AWS_DEFAULT_REGION": "us-west-2"]).region() == "us-west-2")
        let error = #expect(throws: AWSClientError.self) { try AWSEndpointResolver(environment: [:]).region() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("AWS_REGION") == true)
    }

    @Test(
        "Standard endpoints per service and partition",
        arguments: [
            (AWSService.s3, "us-east-1", "https://s3.us-east-1.amazonaws.com"),
            (AWSService.sqs, "eu-west-1", "https://sqs.eu-west-1.amazonaws.com"),
            (AWSService.dynamoDB, "us-west-2", "https://dynamodb.us-west-2.amazonaws.com"),
            (AWSService.bedrockRuntime, "us-east-1", "https://bedrock-runtime.us-east-1.amazonaws.com"),
            (AWSService.sqs, "cn-north-1", "https://sqs.cn-north-1.amazonaws.com.cn"),
        ]
    )
    func standardEndpoints(service: AWSService, region: String, expected: String) throws {
        let endpoint = try AWSEndpointResolver(environment: [:]).endpoint(for: service, region: region)
        #expect(endpoint.url == expected)
    }

    @Test("AWS_ENDPOINT_URL_<SERVICE> beats AWS_ENDPOINT_URL; explicit beats both; the ignore flag drops both")
    func endpointPrecedence() throws {
        let environment = [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL_SQS": "http://localhost:9324",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "https://bedrock.example.test:8443/",
            "AWS_ENDPOINT_URL_EXECUTE_API": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
        ]
        let resolver = AWSEndpointResolver(environment: environment)
        #expect(try resolver.endpoint(for: .sqs, region: "us-east-1").url == "http://localhost:9324")
        #expect(try resolver.endpoint(for: .s3, region: "us-east-1").url == "http://127.0.0.1:4566")
        #expect(try resolver.endpoint(for: .dynamoDB, region: "us-east-1").authority == "127.0.0.1:4566")
        let bedrock = try resolver.endpoint(for: .bedrockRuntime, region: "us-east-1")
        #expect(bedrock.hostName == "bedrock.example.test" && bedrock.port == 8443 && bedrock.basePath == "")
        let management = try resolver.endpoint(for: .apiGatewayManagement, region: "eu-west-1")
        #expect(management.basePath == "/prod")
        #expect(management.authority == "abc123.execute-api.eu-west-1.amazonaws.com")
        #expect(
            try resolver.endpoint(for: .sqs, region: "us-east-1", explicit: "http://10.0.0.1:1234").url
                == "http://10.0.0.1:1234"
        )
        var ignoring = environment
        ignoring["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
        #expect(
            try AWSEndpointResolver(environment: ignoring).endpoint(for: .sqs, region: "us-east-1").url
                == "https://sqs.us-east-1.amazonaws.com"
        )
    }

    @Test("API Gateway Management has no default endpoint; a malformed URL names its variable")
    func errors() {
        let missing = #expect(throws: AWSClientError.self) {
            try AWSEndpointResolver(environment: [:]).endpoint(for: .apiGatewayManagement, region: "us-east-1")
        }
        #expect(missing?.code == .invalidConfiguration)
        #expect(missing?.message.contains("AWS_ENDPOINT_URL_EXECUTE_API") == true)
        let malformed = #expect(throws: AWSClientError.self) {
            try AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL_S3": "localhost:9000"])
                .endpoint(for: .s3, region: "us-east-1")
        }
        #expect(malformed?.code == .invalidEndpoint)
        #expect(malformed?.message.contains("AWS_ENDPOINT_URL_S3") == true)
    }

    @Test("Endpoint URLs: default ports dropped, base path kept without a trailing slash")
    func endpointParsing() throws {
        #expect(try AWSEndpoint(url: "https://s3.amazonaws.com:443").authority == "s3.amazonaws.com")
        #expect(try AWSEndpoint(url: "http://127.0.0.1:80/").url == "http://127.0.0.1")
        #expect(try AWSEndpoint(url: "HTTP://LocalHost:5000/a/b/").url == "http://localhost:5000/a/b")
        for bad in ["ftp://x", "http://", "http://h:0", "http://h:99999", "http://h/p?q=1", "h:5000"] {
            #expect(throws: AWSClientError.self, "\(bad)") { try AWSEndpoint(url: bad) }
        }
    }
}

/// An AWS service as the client core needs to know it: how to sign for it and where its endpoint is.
///
/// Use the predefined services (``s3``, ``sqs``, ``dynamoDB``, ``bedrockRuntime``, ``apiGatewayManagement``) or
/// describe another one:
///
/// ```swift
/// let sts = AWSService(signingName: "sts", endpointPrefix: "sts", environmentKeys: ["STS"])
/// ```
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The SigV4 signing name (`s3`, `sqs`, `dynamodb`, `bedrock`, `execute-api`).
    public var signingName: String
    /// The first label of the default host name (`bedrock-runtime` in `bedrock-runtime.us-east-1.amazonaws.com`);
    /// `nil` when the service has no regional default endpoint (API Gateway Management needs the callback URL).
    public var endpointPrefix: String?
    /// The suffixes of `AWS_ENDPOINT_URL_<SUFFIX>` that override this service's endpoint, first match wins
    /// (`S3`, `SQS`, `DYNAMODB`, `BEDROCK_RUNTIME`, ...).
    public var environmentKeys: [String]
    /// How requests are canonicalised for signing; by default per ``SigV4Signer/Options/defaults(forService:)``.
    public var signingOptions: SigV4Signer.Options

    /// Describes a service.
    ///
    /// - Parameters:
    ///   - signingName: The SigV4 signing name.
    ///   - endpointPrefix: The first label of the default host name, or `nil` when there is no default endpoint.
    ///   - environmentKeys: The `AWS_ENDPOINT_URL_<KEY>` suffixes that override the endpoint.
    ///   - signingOptions: Canonicalisation rules; `nil` picks the defaults for `signingName`.
    public init(
        signingName: String,
        endpointPrefix: String?,
        environmentKeys: [String],
        signingOptions: SigV4Signer.Options? = nil
    ) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.environmentKeys = environmentKeys
        self.signingOptions = signingOptions ?? .defaults(forService: signingName)
    }

    /// Amazon S3: single-encoded canonical URI, `x-amz-content-sha256` on every request.
    public static let s3 = AWSService(signingName: "s3", endpointPrefix: "s3", environmentKeys: ["S3"])
    /// Amazon SQS (JSON protocol).
    public static let sqs = AWSService(signingName: "sqs", endpointPrefix: "sqs", environmentKeys: ["SQS"])
    /// Amazon DynamoDB (JSON 1.0).
    public static let dynamoDB = AWSService(
        signingName: "dynamodb",
        endpointPrefix: "dynamodb",
        environmentKeys: ["DYNAMODB"]
    )
    /// Amazon Bedrock Runtime: signs as `bedrock`, double-encodes the canonical URI (a model id's `%3A` is signed as
    /// `%253A`).
    public static let bedrockRuntime = AWSService(
        signingName: "bedrock",
        endpointPrefix: "bedrock-runtime",
        environmentKeys: ["BEDROCK_RUNTIME"]
    )
    /// The API Gateway Management API (`execute-api`); its endpoint is the WebSocket API's callback URL
    /// (`https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`), so there is no default.
    public static let apiGatewayManagement = AWSService(
        signingName: "execute-api",
        endpointPrefix: nil,
        environmentKeys: ["EXECUTE_API", "APIGATEWAYMANAGEMENTAPI"]
    )

    public var description: String { self.signingName }
}

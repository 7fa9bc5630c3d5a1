/// The shape of a raw Lambda event: which AWS service sent it, recognised from the bytes without decoding them.
///
/// A host calls ``init(detecting:)`` once per invocation and dispatches to the handler registered for the kind,
/// which then decodes the event into its type (``APIGatewayV2Request``, ``SQSEvent``, ...). Detection reads only
/// as far as it must: the first record of a `Records` batch, or the `requestContext` of an HTTP event, so a 6 MB
/// SQS batch costs about as much as a small one. It never throws and never traps: empty input, non-JSON, arrays,
/// truncated or huge input give ``unknown``. A kind is decided only by a key or value that belongs to one service
/// (`eventSource: "aws:sqs"`, `requestContext.elb`, ...), or from the absence of keys once a whole object has been
/// read; so an event cut short after such a key still gets its kind, and the typed decode then reports where the
/// input breaks.
///
/// ```swift
/// switch LambdaEventKind(detecting: eventBytes) {
/// case .apiGatewayV2: try await http(decoder.decode(APIGatewayV2Request.self, from: eventBytes))
/// case .sqs: try await batch(decoder.decode(SQSEvent.self, from: eventBytes))
/// default: try await fallback(eventBytes)
/// }
/// ```
///
/// Kinds are static members rather than enum cases so that new ones can be added without breaking a `switch`;
/// always include a `default`.
public struct LambdaEventKind: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable {
        case apiGatewayV2 = "apigateway-v2"
        case apiGatewayV1 = "apigateway-v1"
        case applicationLoadBalancer = "alb"
        case apiGatewayWebSocket = "apigateway-websocket"
        case s3
        case sqs
        case sns
        case dynamoDBStream = "dynamodb-stream"
        case kinesis
        case eventBridge = "eventbridge"
        case unknown
    }

    private let base: Base

    private init(_ base: Base) { self.base = base }

    /// API Gateway HTTP API (payload 2.0) or a Lambda Function URL; decode as ``APIGatewayV2Request``.
    public static let apiGatewayV2 = LambdaEventKind(.apiGatewayV2)
    /// API Gateway REST API, or HTTP API with payload format 1.0; decode as ``APIGatewayRequest``.
    public static let apiGatewayV1 = LambdaEventKind(.apiGatewayV1)
    /// An Application Load Balancer target group; decode as ``ALBTargetGroupRequest``.
    public static let applicationLoadBalancer = LambdaEventKind(.applicationLoadBalancer)
    /// An API Gateway WebSocket API; decode as ``APIGatewayWebSocketRequest``.
    public static let apiGatewayWebSocket = LambdaEventKind(.apiGatewayWebSocket)
    /// S3 event notifications; decode as ``S3Event``.
    public static let s3 = LambdaEventKind(.s3)
    /// An SQS batch; decode as ``SQSEvent``.
    public static let sqs = LambdaEventKind(.sqs)
    /// SNS notifications; decode as ``SNSEvent``.
    public static let sns = LambdaEventKind(.sns)
    /// A DynamoDB Streams batch; decode as ``DynamoDBStreamEvent``.
    public static let dynamoDBStream = LambdaEventKind(.dynamoDBStream)
    /// A Kinesis Data Streams batch; decode as ``KinesisEvent``.
    public static let kinesis = LambdaEventKind(.kinesis)
    /// An EventBridge (CloudWatch Events) event; decode as ``EventBridgeEvent`` or ``EventBridgeJSONEvent``.
    public static let eventBridge = LambdaEventKind(.eventBridge)
    /// None of the above: a direct invocation with your own payload, another service, or not JSON at all.
    public static let unknown = LambdaEventKind(.unknown)

    /// A stable, lowercase name for logs and metric labels, e.g. `apigateway-v2`, `sqs`, `dynamodb-stream`.
    public var description: String { self.base.rawValue }

    /// Whether events of this kind are HTTP requests (API Gateway v1 or v2, Function URLs, load balancers).
    public var isHTTP: Bool {
        self.base == .apiGatewayV2 || self.base == .apiGatewayV1 || self.base == .applicationLoadBalancer
    }

    /// Whether events of this kind are batches whose failures are reported per record with
    /// ``PartialBatchResponse`` (SQS, Kinesis, DynamoDB Streams).
    public var supportsPartialBatchResponse: Bool {
        self.base == .sqs || self.base == .kinesis || self.base == .dynamoDBStream
    }

    /// Recognises the shape of a raw event.
    ///
    /// - Parameter bytes: The event exactly as the Lambda Runtime API delivered it (UTF-8 JSON). Contiguous
    ///   storage (`[UInt8]`, `Data`, a `String`'s `utf8`, a NIO `ByteBufferView`) is read in place; anything else
    ///   is copied once.
    public init(detecting bytes: some Sequence<UInt8>) {
        if let kind = bytes.withContiguousStorageIfAvailable({ Self.detect(in: $0) }) {
            self = kind
        } else {
            self = Array(bytes).withUnsafeBufferPointer { Self.detect(in: $0) }
        }
    }

    /// Recognises the shape of a raw event in memory you already hold.
    /// - Parameter buffer: The event bytes.
    /// - Returns: The event's kind, ``unknown`` when it is none of the known shapes.
    public static func detect(in buffer: UnsafeRawBufferPointer) -> LambdaEventKind {
        Self.detect(in: buffer.assumingMemoryBound(to: UInt8.self))
    }

    static func detect(in buffer: UnsafeBufferPointer<UInt8>) -> LambdaEventKind {
        var cursor = JSONCursor(buffer)
        guard cursor.peek() == UInt8(ascii: "{") else { return .unknown }
        var hasDetailType = false
        var hasSource = false
        var hasDetail = false
        var hasHTTPMethod = false
        var hasRequestContext = false
        var step = cursor.nextKey(first: true)
        while case .key(let key) = step {
            if cursor.bytes(in: key, equal: "Records") {
                if cursor.peek() == UInt8(ascii: "[") { return Self.detectRecords(&cursor) }
            } else if cursor.bytes(in: key, equal: "requestContext") {
                if cursor.peek() == UInt8(ascii: "{") {
                    hasRequestContext = true
                    switch Self.detectRequestContext(&cursor) {
                    case .some(let kind): return kind
                    case .none: break
                    }
                    step = cursor.nextKey(first: false)
                    continue
                }
            } else if cursor.bytes(in: key, equal: "detail-type") {
                hasDetailType = true
            } else if cursor.bytes(in: key, equal: "source") {
                hasSource = true
            } else if cursor.bytes(in: key, equal: "detail") {
                hasDetail = true
            } else if cursor.bytes(in: key, equal: "httpMethod") {
                hasHTTPMethod = true
            }
            if hasDetailType && hasSource && hasDetail { return .eventBridge }
            guard cursor.skipValue() else { return .unknown }
            step = cursor.nextKey(first: false)
        }
        // Deciding from what is absent needs the whole object: a cut-off event is not guessed at.
        guard case .end = step else { return .unknown }
        if hasHTTPMethod && hasRequestContext { return .apiGatewayV1 }
        return .unknown
    }

    /// Reads the first element of `Records` and names the batch by its `eventSource` (`EventSource` for SNS),
    /// falling back to the service's own block (`s3`, `Sns`, `dynamodb`, `kinesis`) when there is none.
    private static func detectRecords(_ cursor: inout JSONCursor) -> LambdaEventKind {
        guard cursor.consume(UInt8(ascii: "[")), cursor.peek() == UInt8(ascii: "{") else { return .unknown }
        var fallback = LambdaEventKind.unknown
        var step = cursor.nextKey(first: true)
        while case .key(let key) = step {
            if cursor.bytes(in: key, equal: "eventSource") || cursor.bytes(in: key, equal: "EventSource") {
                guard cursor.peek() == UInt8(ascii: "\""), let value = cursor.readString() else { return .unknown }
                if cursor.bytes(in: value, equal: "aws:s3") { return .s3 }
                if cursor.bytes(in: value, equal: "aws:sqs") { return .sqs }
                if cursor.bytes(in: value, equal: "aws:sns") { return .sns }
                if cursor.bytes(in: value, equal: "aws:dynamodb") { return .dynamoDBStream }
                if cursor.bytes(in: value, equal: "aws:kinesis") { return .kinesis }
                return .unknown
            }
            if cursor.bytes(in: key, equal: "s3") {
                fallback = .s3
            } else if cursor.bytes(in: key, equal: "Sns") {
                fallback = .sns
            } else if cursor.bytes(in: key, equal: "dynamodb") {
                fallback = .dynamoDBStream
            } else if cursor.bytes(in: key, equal: "kinesis") {
                fallback = .kinesis
            }
            guard cursor.skipValue() else { return .unknown }
            step = cursor.nextKey(first: false)
        }
        guard case .end = step else { return .unknown }
        return fallback
    }

    /// Reads a `requestContext` object; returns the kind it proves, `.unknown` if it is cut off before proving
    /// one, or `nil` (cursor after the object) if it proves none.
    ///
    /// `elb`, `connectionId` and `http` each belong to one service and decide at once. `httpMethod` and
    /// `resourcePath` also appear in WebSocket `CONNECT` events, so they decide for REST only once the whole
    /// object has been read without a `connectionId`.
    private static func detectRequestContext(_ cursor: inout JSONCursor) -> LambdaEventKind? {
        var hasHTTPMethod = false
        var step = cursor.nextKey(first: true)
        while case .key(let key) = step {
            if cursor.bytes(in: key, equal: "elb") { return .applicationLoadBalancer }
            if cursor.bytes(in: key, equal: "connectionId") { return .apiGatewayWebSocket }
            if cursor.bytes(in: key, equal: "http") { return .apiGatewayV2 }
            if cursor.bytes(in: key, equal: "httpMethod") || cursor.bytes(in: key, equal: "resourcePath") {
                hasHTTPMethod = true
            }
            guard cursor.skipValue() else { return .unknown }
            step = cursor.nextKey(first: false)
        }
        guard case .end = step else { return .unknown }
        return hasHTTPMethod ? .apiGatewayV1 : nil
    }
}

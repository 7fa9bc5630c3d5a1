import NIOCore
import TandemCore
import TandemLLM

/// The warm-path reading of a Function URL / API Gateway HTTP API event: the members an ``AppRequest`` needs, read
/// with a pull scanner instead of decoding the whole ``APIGatewayV2Request`` with `JSONDecoder` (which cost about
/// 150,000 instructions per invocation, most of the Lambda host's time).
///
/// It accepts only events that the full decoder would accept too: every member the full decoder requires must be
/// there with its type, the optional ones must have their type or be `null`, and the document must be valid JSON.
/// For anything it is not sure of (non-ASCII bytes, `\u` escapes, a base64 body, an authorizer or client
/// certificate block, a repeated member) it returns `nil`, and the host decodes the event in full, which also gives
/// the error message that names the field of a malformed event.
struct APIGatewayV2EventScanner {
    /// What the host needs from the event.
    struct Request {
        var method: String
        var rawPath: String
        var rawQueryString: String
        var headers: [(name: String, value: String)]
        var cookies: [String]
        var body: String?
    }

    // The members read, by name. `JSONScanner.readObject(keys:)` would compare keys as bytes, but it is generic and
    // lives in another module, so it runs unspecialised here (tens of thousands of instructions per event); a key is
    // at most a short String, compared with a switch. Seen members are bits.
    private enum TopKey: Int {
        case version, routeKey, rawPath, rawQueryString, cookies, headers, queryStringParameters, pathParameters
        case stageVariables, requestContext, body, isBase64Encoded

        init?(_ name: String) {
            switch name {
            case "version": self = .version
            case "routeKey": self = .routeKey
            case "rawPath": self = .rawPath
            case "rawQueryString": self = .rawQueryString
            case "cookies": self = .cookies
            case "headers": self = .headers
            case "queryStringParameters": self = .queryStringParameters
            case "pathParameters": self = .pathParameters
            case "stageVariables": self = .stageVariables
            case "requestContext": self = .requestContext
            case "body": self = .body
            case "isBase64Encoded": self = .isBase64Encoded
            default: return nil
            }
        }
    }

    private enum ContextKey: Int {
        case accountId, apiId, authentication, authorizer, domainName, domainPrefix, http, requestId, routeKey, stage
        case time, timeEpoch

        init?(_ name: String) {
            switch name {
            case "accountId": self = .accountId
            case "apiId": self = .apiId
            case "authentication": self = .authentication
            case "authorizer": self = .authorizer
            case "domainName": self = .domainName
            case "domainPrefix": self = .domainPrefix
            case "http": self = .http
            case "requestId": self = .requestId
            case "routeKey": self = .routeKey
            case "stage": self = .stage
            case "time": self = .time
            case "timeEpoch": self = .timeEpoch
            default: return nil
            }
        }

        /// The members `APIGatewayV2Request.Context` requires.
        static let required: UInt32 = [
            .accountId, .apiId, .domainName, .domainPrefix, .http, .requestId, .time, .timeEpoch,
        ]
        .reduce(0) { $0 | 1 << ($1 as ContextKey).rawValue }
    }

    private enum HTTPKey: Int {
        case method, path, `protocol`, sourceIp, userAgent

        init?(_ name: String) {
            switch name {
            case "method": self = .method
            case "path": self = .path
            case "protocol": self = .protocol
            case "sourceIp": self = .sourceIp
            case "userAgent": self = .userAgent
            default: return nil
            }
        }

        /// All five are required.
        static let required: UInt32 = 0b11111
    }

    /// Marks bit `bit` in `seen`; false if it was set already (a repeated member).
    private static func mark(_ bit: Int, in seen: inout UInt32) -> Bool {
        let mask: UInt32 = 1 << bit
        defer { seen |= mask }
        return seen & mask == 0
    }

    /// Any reason to leave the event to the full decoder.
    private struct Unsure: Error {}

    /// The request, or `nil` when the event must be decoded in full.
    static func scan(_ event: ByteBuffer) -> Request? {
        let bytes = Array(event.readableBytesView)
        guard Self.isPlainASCII(bytes) else { return nil }
        var scanner = JSONScanner(bytes)
        do {
            let request = try Self.readTop(&scanner)
            try scanner.expectEnd()
            return request
        } catch {
            return nil
        }
    }

    /// ASCII only, and no `\u` escape (the full decoder's treatment of odd ones is its own).
    private static func isPlainASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte >= 0x80 { return false }
                if byte == UInt8(ascii: "\\") {
                    if index + 1 < count, bytes[index + 1] == UInt8(ascii: "u") { return false }
                    index += 2
                    continue
                }
                index += 1
            }
            return true
        }
    }

    private static func readTop(_ scanner: inout JSONScanner) throws -> Request {
        var seen: UInt32 = 0
        var version: String?
        var rawPath: String?
        var rawQueryString = ""
        var cookies: [String] = []
        var headers: [(name: String, value: String)] = []
        var body: String?
        var method: String?
        var hasContext = false
        try scanner.readObject { scanner, name throws(JSONScanner.Failure) in
            guard let key = TopKey(name) else { return try scanner.skipValue() }
            guard Self.mark(key.rawValue, in: &seen) else { throw Self.unsure(scanner) }
            switch key {
            case .version: version = try Self.requiredString(&scanner)
            case .rawPath: rawPath = try Self.requiredString(&scanner)
            case .routeKey: _ = try scanner.readOptionalString()
            case .rawQueryString: rawQueryString = try scanner.readOptionalString() ?? ""
            case .body: body = try scanner.readOptionalString()
            case .cookies:
                if scanner.skipNull() { return }
                try scanner.readArray { scanner, _ throws(JSONScanner.Failure) in
                    cookies.append(try Self.requiredString(&scanner))
                }
            case .headers:
                try Self.readStringMap(&scanner) { name, value in headers.append((name: name, value: value)) }
            case .queryStringParameters, .pathParameters, .stageVariables:
                try Self.readStringMap(&scanner) { _, _ in }
            case .isBase64Encoded:
                // A base64 body is decoded (and its errors reported) by the full decoder's path.
                if try scanner.readOptionalBool() == true { throw Self.unsure(scanner) }
            case .requestContext:
                method = try Self.readContext(&scanner)
                hasContext = true
            }
        }
        guard let version, let rawPath, let method, hasContext else { throw Unsure() }
        _ = version
        return Request(
            method: method,
            rawPath: rawPath,
            rawQueryString: rawQueryString,
            headers: headers,
            cookies: cookies,
            body: body
        )
    }

    /// Checks `requestContext` as the full decoder would; returns `http.method`.
    private static func readContext(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> String {
        var seen: UInt32 = 0
        var method: String?
        try scanner.readObject { scanner, name throws(JSONScanner.Failure) in
            guard let key = ContextKey(name) else { return try scanner.skipValue() }
            guard Self.mark(key.rawValue, in: &seen) else { throw Self.unsure(scanner) }
            switch key {
            case .accountId, .apiId, .domainName, .domainPrefix, .requestId, .time:
                _ = try Self.requiredString(&scanner)
            case .routeKey, .stage:
                _ = try scanner.readOptionalString()
            case .authentication, .authorizer:
                // Nested types with required members of their own: leave them to the full decoder.
                guard scanner.skipNull() else { throw Self.unsure(scanner) }
            case .timeEpoch:
                guard case .integer(let milliseconds) = try scanner.readNumber() else { throw Self.unsure(scanner) }
                _ = milliseconds
            case .http:
                method = try Self.readHTTP(&scanner)
            }
        }
        guard let method, seen & ContextKey.required == ContextKey.required else { throw Self.unsure(scanner) }
        return method
    }

    /// Checks `requestContext.http`; returns its method.
    private static func readHTTP(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> String {
        var seen: UInt32 = 0
        var method: String?
        try scanner.readObject { scanner, name throws(JSONScanner.Failure) in
            guard let key = HTTPKey(name) else { return try scanner.skipValue() }
            guard Self.mark(key.rawValue, in: &seen) else { throw Self.unsure(scanner) }
            let value = try Self.requiredString(&scanner)
            if key == .method { method = value }
        }
        guard let method, seen == HTTPKey.required else { throw Self.unsure(scanner) }
        return method
    }

    /// A `[String: String]` member: `null`, or an object of strings.
    private static func readStringMap(
        _ scanner: inout JSONScanner,
        _ each: (String, String) -> Void
    ) throws(JSONScanner.Failure) {
        if scanner.skipNull() { return }
        var names: [String] = []
        try scanner.readObject { scanner, name throws(JSONScanner.Failure) in
            // A repeated name: which value the full decoder keeps is its own business. Maps are small: a linear scan.
            guard !names.contains(name) else { throw Self.unsure(scanner) }
            names.append(name)
            each(name, try Self.requiredString(&scanner))
        }
    }

    private static func requiredString(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> String {
        guard try scanner.peekKind() == .string else { throw Self.unsure(scanner) }
        return try scanner.readString()
    }

    private static func unsure(_ scanner: JSONScanner) -> JSONScanner.Failure {
        scanner.failure("", "left to the full decoder")
    }
}

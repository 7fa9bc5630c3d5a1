import NIOCore
import TandemCore
import TandemEvents

extension AppRequest {
    /// The request of a Function URL or API Gateway HTTP API event.
    init(_ event: APIGatewayV2Request, context: HandlerContext) throws {
        var headers = event.headers.map { (name: $0.key, value: $0.value) }
        if let cookies = event.cookies, !cookies.isEmpty {
            headers.append((name: "cookie", value: cookies.joined(separator: "; ")))
        }
        self.init(
            method: event.requestContext.http.method.uppercased(),
            path: PercentDecoding.decode(event.rawPath, plusIsSpace: false),
            query: event.rawQueryString,
            headers: headers,
            body: ByteBuffer(bytes: try event.decodedBody()),
            context: context
        )
    }

    /// The request of a Function URL or API Gateway HTTP API event read by ``APIGatewayV2EventScanner`` (no base64
    /// body: the scanner leaves those to the full decoder).
    init(_ event: APIGatewayV2EventScanner.Request, context: HandlerContext) {
        var headers = event.headers
        if !event.cookies.isEmpty {
            headers.append((name: "cookie", value: event.cookies.joined(separator: "; ")))
        }
        self.init(
            method: event.method.uppercased(),
            path: PercentDecoding.decode(event.rawPath, plusIsSpace: false),
            query: event.rawQueryString,
            headers: headers,
            body: event.body.map { ByteBuffer(string: $0) } ?? ByteBuffer(),
            context: context
        )
    }

    /// The request of an ALB target group event (single- or multi-value headers).
    init(_ event: ALBTargetGroupRequest, context: HandlerContext) throws {
        var headers: [(name: String, value: String)] = []
        if let multi = event.multiValueHeaders {
            for (name, values) in multi { for value in values { headers.append((name: name, value: value)) } }
        } else if let single = event.headers {
            headers = single.map { (name: $0.key, value: $0.value) }
        }
        var query = ""
        if let multi = event.multiValueQueryStringParameters {
            query = multi.flatMap { key, values in values.map { "\(key)=\($0)" } }.joined(separator: "&")
        } else if let single = event.queryStringParameters {
            query = single.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        }
        self.init(
            method: event.httpMethod.uppercased(),
            path: PercentDecoding.decode(event.path, plusIsSpace: false),
            query: query,
            headers: headers,
            body: ByteBuffer(bytes: try event.decodedBody()),
            context: context
        )
    }
}

import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import TandemApp
import TandemCore

/// What every ``HTTP1RequestHandler`` of a server shares: the table, the limits and the logger, and the conversions
/// between NIO's HTTP/1 heads and the table's requests and responses.
final class HTTP1Responder: Sendable {
    /// A response ready to write: its head (with `content-length` when the body is complete) and complete body.
    struct Head {
        var head: HTTPResponseHead
        var body: ByteBuffer?
    }

    let table: HandlerTable
    let configuration: ServerConfiguration
    let logger: Logger

    init(table: HandlerTable, configuration: ServerConfiguration, logger: Logger) {
        self.table = table
        self.configuration = configuration
        self.logger = logger
    }

    /// The table's request for `head`: the client's `x-request-id` or a new one (stamped on the logger), the
    /// server's request timeout as the deadline, header names in lower case.
    func appRequest(_ head: HTTPRequestHead, body: ByteBuffer) -> AppRequest {
        var requestID: String?
        var traceID: String?
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count)
        for (name, value) in head.headers {
            let lowered = ASCIICase.lowercased(name)
            if requestID == nil, lowered == "x-request-id" { requestID = value }
            if traceID == nil, lowered == "x-amzn-trace-id" { traceID = value }
            headers.append((lowered, value))
        }
        let (path, query) = Self.split(head.uri)
        return AppRequest(
            method: head.method.rawValue,
            path: path,
            query: query,
            headers: headers,
            body: body,
            context: self.context(requestID: requestID, traceID: traceID)
        )
    }

    /// A request's context: its id (the client's, or a new one) stamped on the logger, and the server's request
    /// timeout as its deadline.
    func context(requestID: String?, traceID: String?) -> HandlerContext {
        let id = requestID ?? RequestIDGenerator.next()
        var logger = self.logger
        logger[metadataKey: "requestId"] = .string(id)
        return HandlerContext(
            requestID: id,
            deadline: .after(self.configuration.requestTimeout),
            traceID: traceID,
            logger: logger,
            host: .server
        )
    }

    /// The response head for `response`: its headers (one whose name is not a token, or whose value could split the
    /// head, is dropped, by `HTTPTypes`' rules), the request id, `date`, `content-length` for a complete or empty
    /// body, and `connection: close` when the connection ends after it.
    func makeHead(for response: AppResponse, requestID: String, version: HTTPVersion, keepAlive: Bool) -> Head {
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 4)
        var hasRequestID = false
        for (name, value) in response.headers where HTTPFieldName.isValid(name) && HTTPField.isValidValue(value) {
            if !hasRequestID, ASCIICase.equals(name, "x-request-id") { hasRequestID = true }
            headers.add(name: name, value: value)
        }
        if !hasRequestID { headers.add(name: "x-request-id", value: requestID) }
        headers.add(name: "date", value: HTTPDateHeader.now())
        var body: ByteBuffer?
        switch response.body {
        case .empty:
            if response.status != 204 && response.status != 304 && response.status >= 200 {
                headers.add(name: "content-length", value: "0")
            }
        case .complete(let buffer):
            headers.add(name: "content-length", value: String(buffer.readableBytes))
            body = buffer
        case .stream:
            break  // chunked
        }
        if !keepAlive { headers.add(name: "connection", value: "close") }
        let head = HTTPResponseHead(
            version: version,
            status: HTTPResponseStatus(statusCode: response.status),
            headers: headers
        )
        return Head(head: head, body: body)
    }

    /// Splits an origin-form (`/path?query`) or absolute-form (`http://host/path?query`) request target into its
    /// path (as sent, `/` when empty) and query (without `?`; a fragment is dropped).
    static func split(_ target: String) -> (path: String, query: String) {
        let bytes = target.utf8
        var start = bytes.startIndex
        if bytes.first != UInt8(ascii: "/"), let afterScheme = bytes.firstRange(of: "://".utf8)?.upperBound {
            start =
                bytes[afterScheme...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") })
                ?? bytes.endIndex
        }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
        guard let mark = bytes[start..<end].firstIndex(of: UInt8(ascii: "?")) else {
            return (start == end ? "/" : String(target[start..<end]), "")
        }
        let path = start == mark ? "/" : String(target[start..<mark])
        return (path, String(target[bytes.index(after: mark)..<end]))
    }
}

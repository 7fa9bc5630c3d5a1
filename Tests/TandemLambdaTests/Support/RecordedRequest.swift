import NIOHTTP1

/// One request the runtime sent to the scripted Runtime API, filled in as its parts arrive.
struct RecordedRequest: Sendable {
    /// Which TCP connection it came on (0 is the first one accepted).
    var connection: Int
    var method: HTTPMethod
    var path: String
    var headers: HTTPHeaders
    /// The body parts exactly as the server read them, in order.
    var chunks: [[UInt8]] = []
    /// The trailers of a chunked body, if any were sent.
    var trailers: HTTPHeaders?
    /// Whether the request's end has arrived.
    var isComplete = false

    var body: [UInt8] { self.chunks.flatMap { $0 } }
    var bodyText: String { String(decoding: self.body, as: UTF8.self) }
    var isChunked: Bool {
        self.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
    }

    /// The first value of a header (names are case-insensitive), if present.
    func header(_ name: String) -> String? { self.headers.first(name: name) }

    /// Whether this is a request about invocation `requestID` whose path ends with `/suffix`.
    func isPost(_ suffix: String, for requestID: String) -> Bool {
        self.method == .POST && self.path == "/2018-06-01/runtime/invocation/\(requestID)/\(suffix)"
    }

    var isNext: Bool { self.method == .GET && self.path == "/2018-06-01/runtime/invocation/next" }
}

/// The routes the emulator serves, parsed from a request's method and URI.
package enum RuntimeAPIRoute: Equatable, Sendable {
    /// `GET /2018-06-01/runtime/invocation/next`
    case next
    /// `POST /2018-06-01/runtime/invocation/{id}/response`
    case response(requestID: String)
    /// `POST /2018-06-01/runtime/invocation/{id}/error`
    case error(requestID: String)
    /// `POST /2018-06-01/runtime/init/error`
    case initError
    /// `POST /2015-03-31/functions/function/invocations`, buffered or streamed.
    case invoke(streaming: Bool)
    /// A known path with the wrong method.
    case methodNotAllowed
    /// Anything else.
    case notFound

    package static let runtimePrefix = "/2018-06-01/runtime/"
    package static let invokePath = "/2015-03-31/functions/function/invocations"

    /// Parses a request line.
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `GET`.
    ///   - uri: The request target, possibly with a query string.
    ///   - streamingHeader: The value of ``RuntimeAPIHeader/tandemResponseMode``, if any.
    package init(method: String, uri: String, streamingHeader: String? = nil) {
        let pathEnd = uri.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? uri.endIndex
        let path = String(uri[..<pathEnd])
        let query = pathEnd < uri.endIndex ? String(uri[uri.index(after: pathEnd)...]) : ""

        if path == Self.invokePath || path == Self.invokePath + "/" {
            guard method == "POST" else {
                self = .methodNotAllowed
                return
            }
            let streamedByQuery = query.split(separator: "&").contains { item in
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.first == "stream" else { return false }
                let value = parts.count > 1 ? parts[1].lowercased() : "true"
                return value == "true" || value == "1"
            }
            let streamedByHeader = streamingHeader?.lowercased() == "streaming"
            self = .invoke(streaming: streamedByQuery || streamedByHeader)
            return
        }

        guard path.hasPrefix(Self.runtimePrefix) else {
            self = .notFound
            return
        }
        let segments = path.dropFirst(Self.runtimePrefix.count).split(separator: "/", omittingEmptySubsequences: false)
        switch segments.count {
        case 2 where segments[0] == "invocation" && segments[1] == "next":
            self = method == "GET" ? .next : .methodNotAllowed
        case 2 where segments[0] == "init" && segments[1] == "error":
            self = method == "POST" ? .initError : .methodNotAllowed
        case 3 where segments[0] == "invocation" && (segments[2] == "response" || segments[2] == "error"):
            guard method == "POST" else {
                self = .methodNotAllowed
                return
            }
            let requestID = String(segments[1])
            self = segments[2] == "response" ? .response(requestID: requestID) : .error(requestID: requestID)
        default:
            self = .notFound
        }
    }
}

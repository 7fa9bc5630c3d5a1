import HTTPTypes

/// The API key a WebSocket upgrade request presents, and the subprotocol the server answers with.
///
/// Headers first (`Authorization: Bearer <key>`, then `x-api-key`), as for the HTTP routes; then the browser form,
/// the subprotocols `tandem-chat` (`tandem-agent` on agent sockets) and `tandem-key.<key>` in
/// `Sec-WebSocket-Protocol`.
struct ChatSocketCredentials: Sendable, Hashable {
    /// The subprotocol that names the protocol (answered when offered).
    static let subprotocol = "tandem-chat"
    /// The prefix of the subprotocol that carries a key.
    static let keyPrefix = "tandem-key."

    /// The key, if one was presented.
    var key: String?
    /// The subprotocol to answer with, if the client offered ``subprotocol``.
    var acceptedSubprotocol: String?

    /// Reads the key from `headers`; `subprotocol` is the protocol name answered when offered (the agent socket
    /// has its own).
    init(headers: HTTPFields, subprotocol: String = ChatSocketCredentials.subprotocol) {
        var key: String?
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let value = parts[1].drop { $0 == " " }
                if !value.isEmpty { key = String(value) }
            }
        }
        if key == nil, let value = headers[HTTPField.Name("x-api-key")!], !value.isEmpty { key = value }
        var accepted: String?
        for field in headers[values: .secWebSocketProtocol] {
            for offered in field.split(separator: ",") {
                let name = offered.trimmingSpaces
                if name == subprotocol {
                    accepted = subprotocol
                } else if key == nil, name.hasPrefix(Self.keyPrefix), name.count > Self.keyPrefix.count {
                    key = String(name.dropFirst(Self.keyPrefix.count))
                }
            }
        }
        self.key = key
        self.acceptedSubprotocol = accepted
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var start = self.startIndex
        var end = self.endIndex
        while start < end, self[start] == " " || self[start] == "\t" { self.formIndex(after: &start) }
        while end > start, self[self.index(before: end)] == " " || self[self.index(before: end)] == "\t" {
            self.formIndex(before: &end)
        }
        return self[start..<end]
    }
}

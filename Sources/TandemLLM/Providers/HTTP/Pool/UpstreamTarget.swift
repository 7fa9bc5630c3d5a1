import TandemCore

/// A plain-HTTP upstream URL taken apart: where to connect and what to ask for.
///
/// Only `http://` URLs are read (the connection pool speaks HTTP/1.1 without TLS); anything else, including a URL
/// with user information, is `nil`, and the caller uses AsyncHTTPClient instead.
package struct UpstreamTarget: Sendable, Equatable {
    /// Host and port: the pool's key.
    package struct Origin: Sendable, Hashable {
        /// The host name or address (IPv6 without brackets).
        package var host: String
        /// The TCP port.
        package var port: Int
    }

    /// Where to connect.
    package var origin: Origin
    /// The request target: path and query (`/v1/chat/completions`), never empty.
    package var path: String
    /// The `Host` header's value (`host` or `host:port`, IPv6 in brackets).
    package var hostHeader: String

    /// Reads `http://host[:port][/path][?query]` (a fragment is dropped); `nil` for other schemes or a malformed URL.
    package init?(url: String) {
        var rest = Substring(url)
        guard rest.utf8.count > 7, ASCIICase.hasPrefix(rest, "http://") else { return nil }
        rest = rest.dropFirst(7)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        let host: Substring
        var portText: Substring? = nil
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        var port = 80
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else { return nil }
            port = parsed
        }
        self.origin = Origin(host: String(host), port: port)
        let path = rest[authorityEnd...]
        self.path = path.first == "/" ? String(path) : "/" + path
        let bracketed = host.contains(":") ? "[\(host)]" : String(host)
        self.hostHeader = port == 80 ? bracketed : "\(bracketed):\(port)"
    }
}

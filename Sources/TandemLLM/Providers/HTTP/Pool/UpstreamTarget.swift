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
    ///
    /// Runs on every upstream request, so it searches the UTF-8 bytes for the ASCII delimiters (which always fall on
    /// character boundaries) instead of comparing `Character`s.
    package init?(url: String) {
        let bytes = url.utf8
        guard bytes.count > 7, ASCIICase.hasPrefix(url, "http://") else { return nil }
        let start = bytes.index(bytes.startIndex, offsetBy: 7)
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
        let authorityEnd =
            bytes[start..<end].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? end
        let authority = bytes[start..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return nil }
        let host: Substring
        var portText: Substring? = nil
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            host = url[bytes.index(after: start)..<close]
            let after = bytes.index(after: close)
            if after < authorityEnd {
                guard bytes[after] == UInt8(ascii: ":") else { return nil }
                portText = url[bytes.index(after: after)..<authorityEnd]
            }
        } else if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
            host = url[start..<colon]
            portText = url[bytes.index(after: colon)..<authorityEnd]
        } else {
            host = url[start..<authorityEnd]
        }
        guard !host.isEmpty else { return nil }
        var port = 80
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else { return nil }
            port = parsed
        }
        self.origin = Origin(host: String(host), port: port)
        let path = url[authorityEnd..<end]
        self.path = path.utf8.first == UInt8(ascii: "/") ? String(path) : "/" + path
        let bracketed = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : String(host)
        self.hostHeader = port == 80 ? bracketed : "\(bracketed):\(port)"
    }
}

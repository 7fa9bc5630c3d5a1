/// An absolute `http`/`https` URL, parsed strictly so that the host a guard checks is the host a client connects
/// to (no user info, no backslashes, no spaces or control characters, no empty or odd hosts).
public struct FetchURL: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// The host, lower-case: a name, or an IP literal in canonical form (IPv6 without brackets).
    public var host: String
    /// The host as an IP address, when it is one (in any of the forms resolvers accept).
    public var address: IPAddress?
    /// The port (the scheme's default when the URL names none).
    public var port: Int
    /// The path and query, from `/` (the fragment is dropped).
    public var target: String

    /// Parses `text`, or says why it is not acceptable.
    public static func parse(_ text: String) -> Result<FetchURL, FetchRefusal> {
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else {
            return .failure(.init("the URL contains spaces, control or non-ASCII characters"))
        }
        guard !text.contains("\\") else { return .failure(.init("the URL contains a backslash")) }
        guard let separator = text.firstRange(of: "://") else { return .failure(.init("the URL is not absolute")) }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(.init("only http and https URLs may be fetched, not \(scheme)"))
        }
        var rest = text[separator.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        guard !authority.contains("@") else { return .failure(.init("URLs with user info are refused")) }
        var hostText = Substring(authority)
        var port = scheme == "https" ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(.init("an IPv6 host is not closed")) }
            hostText = authority[authority.startIndex...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()), (1...65535).contains(value) else {
                    return .failure(.init("the port is not a number from 1 to 65535"))
                }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostText = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                return .failure(.init("the port is not a number from 1 to 65535"))
            }
            port = value
        }
        guard !hostText.isEmpty else { return .failure(.init("the URL has no host")) }
        if let address = IPAddress(literal: hostText) {
            return .success(
                FetchURL(scheme: scheme, host: address.description, address: address, port: port, target: target)
            )
        }
        if hostText.hasPrefix("[") { return .failure(.init("the IPv6 host is not a valid address")) }
        var name = hostText.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && name.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            }
        guard valid else { return .failure(.init("the host '\(hostText)' is not a valid name")) }
        // A name whose last label is all digits would be read as an IPv4 address by some resolvers.
        if let last = labels.last, last.allSatisfy({ $0.isNumber }) || last.lowercased().hasPrefix("0x") {
            return .failure(.init("the host '\(hostText)' looks like a malformed IP address"))
        }
        return .success(FetchURL(scheme: scheme, host: name, address: nil, port: port, target: target))
    }

    /// Resolves a `Location` header against this URL (absolute, scheme-relative, absolute-path or relative).
    public func resolving(_ location: String) -> Result<FetchURL, FetchRefusal> {
        if location.contains("://") { return Self.parse(location) }
        if location.hasPrefix("//") { return Self.parse(self.scheme + ":" + location) }
        let origin = "\(self.scheme)://\(self.authority)"
        if location.hasPrefix("/") { return Self.parse(origin + location) }
        let path = self.target.prefix { $0 != "?" }
        let directory = path.lastIndex(of: "/").map { path[...$0] } ?? "/"
        return Self.parse(origin + directory + location)
    }

    /// `host[:port]` as it goes into a URL (the port only when not the default).
    public var authority: String {
        let host = self.address?.urlHost ?? self.host
        let isDefault = (self.scheme == "https" && self.port == 443) || (self.scheme == "http" && self.port == 80)
        return isDefault ? host : "\(host):\(self.port)"
    }

    /// The canonical URL text.
    public var description: String { "\(self.scheme)://\(self.authority)\(self.target)" }
}

/// Why a fetch was refused (a message for the model and the log; never secret).
public struct FetchRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason.
    public var message: String

    /// Creates a refusal.
    public init(_ message: String) { self.message = message }

    public var description: String { self.message }
}

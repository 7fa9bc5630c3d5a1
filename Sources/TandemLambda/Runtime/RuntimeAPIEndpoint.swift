/// Where the Runtime API listens: `AWS_LAMBDA_RUNTIME_API` (`host:port`).
package struct RuntimeAPIEndpoint: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (IPv6 hosts in brackets).
    /// - Throws: ``LambdaRuntimeError/invalidRuntimeAPIAddress(_:)``.
    package init(parsing value: String) throws {
        let invalid = LambdaRuntimeError.invalidRuntimeAPIAddress(value)
        guard let colon = value.lastIndex(of: ":") else { throw invalid }
        let portText = value[value.index(after: colon)...]
        guard (1...5).contains(portText.utf8.count), portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let port = Int(portText), (1...65535).contains(port)
        else {
            throw invalid
        }
        var host = value[..<colon]
        if host.first == "[" {
            // An IPv6 literal: exactly one pair of brackets around it.
            guard host.last == "]" else { throw invalid }
            host = host.dropFirst().dropLast()
            guard host.contains(":") else { throw invalid }
        } else if host.contains(":") {
            // An IPv6 literal without brackets: the port would be ambiguous.
            throw invalid
        }
        guard !host.isEmpty, !host.contains("["), !host.contains("]") else { throw invalid }
        self.init(host: String(host), port: port)
    }

    package var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }
}

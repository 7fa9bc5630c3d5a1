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
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw LambdaRuntimeError.invalidRuntimeAPIAddress(value)
        }
        var host = String(value[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw LambdaRuntimeError.invalidRuntimeAPIAddress(value) }
        self.init(host: host, port: port)
    }

    package var description: String { self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)" }
}

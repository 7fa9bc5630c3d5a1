/// Random identifiers in AWS's formats.
package enum Identifiers {
    /// A random UUID (version 4), lower case, as Lambda's request ids.
    package static func requestID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
            .joined(separator: "-")
    }

    /// An X-Ray trace header: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`.
    package static func traceHeader(epochSeconds: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        func hex(_ digits: Int) -> String {
            (0..<digits).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }.joined()
        }
        let time = String(epochSeconds, radix: 16)
        return "Root=1-\(String(repeating: "0", count: max(0, 8 - time.count)) + time)-\(hex(24));"
            + "Parent=\(hex(16));Sampled=0"
    }
}

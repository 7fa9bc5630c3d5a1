/// Helpers for the Prometheus text exposition format (version 0.0.4).
enum PrometheusText {
    /// `name="value",...` with values escaped (backslash, quote, newline), in the given order.
    static func labels(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\"\(self.escape($0.1))\"" }.joined(separator: ",")
    }

    static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// A sample value: integers without a fraction, others in shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

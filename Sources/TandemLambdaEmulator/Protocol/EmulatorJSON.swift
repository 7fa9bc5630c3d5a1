/// Minimal JSON writing for the emulator's fixed-shape bodies, in RAPID's field order.
package enum EmulatorJSON {
    /// `text` as a JSON string literal, quotes included.
    package static func quoted(_ text: String) -> String {
        var output = "\""
        output.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// An object of string members, in the given order.
    package static func object(_ members: KeyValuePairs<String, String>) -> String {
        "{" + members.map { Self.quoted($0.key) + ":" + Self.quoted($0.value) }.joined(separator: ",") + "}"
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// Reads the input lines and writes the output lines of `tandem embed` (JSONL in, JSONL out), as pure functions.
///
/// Input: a line is either a JSON object with a string `text` field, or plain text (the whole line, without its
/// line ending). Bytes that are not UTF-8 are replaced with U+FFFD and reported. Output: one
/// `{"text": ..., "embedding": [...]}` object per line.
public enum EmbedLineCodec {
    /// One decoded input line.
    public struct Input: Sendable, Equatable {
        /// The text to embed.
        public var text: String
        /// Whether invalid UTF-8 bytes were replaced with U+FFFD.
        public var hadInvalidUTF8: Bool
    }

    /// Decodes one line (without its `\n`; a trailing `\r` is dropped).
    /// - Parameter bytes: The line's raw bytes.
    /// - Returns: The text and whether it held invalid UTF-8.
    /// - Throws: ``TandemCore/TandemError`` `invalid_input` for a JSON object line without a string `text` field.
    public static func decode(_ bytes: some Collection<UInt8>) throws -> Input {
        var line = Array(bytes)
        if line.last == 0x0D { line.removeLast() }
        let valid = String(validating: line, as: UTF8.self)
        let text = valid ?? String(decoding: line, as: UTF8.self)
        if line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}"),
            let object = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = object
        {
            guard let value = object["text"]?.stringValue else {
                throw TandemError(.invalidInput, "a JSON input line needs a string \"text\" field")
            }
            return Input(text: value, hadInvalidUTF8: valid == nil)
        }
        return Input(text: text, hadInvalidUTF8: valid == nil)
    }

    /// The output line for `text` and its `embedding`, with a trailing newline.
    public static func encode(text: String, embedding: [Float]) -> String {
        var line = "{\"text\":"
        line.reserveCapacity(text.utf8.count + embedding.count * 12 + 32)
        appendJSONString(text, to: &line)
        line += ",\"embedding\":["
        for (index, value) in embedding.enumerated() {
            if index > 0 { line += "," }
            line += value.isFinite ? value.description : "0"
        }
        line += "]}\n"
        return line
    }

    /// Appends `text` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func appendJSONString(_ text: String, to output: inout String) {
        output += "\""
        var pending = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = pending
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escape = nil
            }
            if let escape {
                output.unicodeScalars.append(contentsOf: scalars[pending..<index])
                output += escape
                pending = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[pending..<scalars.endIndex])
        output += "\""
    }
}

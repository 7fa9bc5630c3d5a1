import TandemCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Facts about Lambda's wire format that tests check against.
enum LambdaWire {
    /// Whether `type` is one Lambda keeps (`(Runtime|Function)\.[A-Z][a-zA-Z]+`); anything else becomes
    /// `Runtime.Unknown`. Written as a regular expression on purpose: an independent check of the runtime's own.
    static func isAcceptedErrorType(_ type: String) -> Bool {
        guard let pattern = try? Regex(#"(Runtime|Function)\.[A-Z][a-zA-Z]+"#) else { return false }
        return type.wholeMatch(of: pattern) != nil
    }

    /// Parses JSON bytes.
    static func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONValue(parsing: Data(bytes))
    }

    /// Parses JSON text.
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    /// The keys of a JSON object, sorted.
    static func keys(_ value: JSONValue) -> [String] {
        (value.objectValue ?? [:]).keys.sorted()
    }

    /// Decodes standard base64.
    static func base64Decoded(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { Array($0) }
    }
}

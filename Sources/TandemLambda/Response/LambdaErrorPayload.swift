#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// The error document Lambda expects on `/error`, `/init/error` and in a streamed error trailer:
/// `{"errorMessage": ..., "errorType": ..., "stackTrace": [...]}`.
public struct LambdaErrorPayload: Codable, Sendable, Hashable {
    /// A message for people.
    public var errorMessage: String
    /// `Runtime.X` or `Function.X`, with X matching `[A-Z][a-zA-Z]+`.
    public var errorType: String
    /// Where the error came from, innermost last.
    public var stackTrace: [String]

    /// Creates a payload; `errorType` is normalised to the pattern Lambda accepts.
    public init(errorMessage: String, errorType: String, stackTrace: [String] = []) {
        self.errorMessage = errorMessage
        self.errorType = LambdaErrorPayload.normalizedType(errorType)
        self.stackTrace = stackTrace
    }

    /// Describes a handler error as `Function.<TypeName>` (or the type the error names itself).
    public init(functionError error: any Error) {
        if let typed = error as? any LambdaErrorTypeProviding {
            self.init(errorMessage: "\(error)", errorType: typed.lambdaErrorType, stackTrace: Self.trace(of: error))
        } else {
            self.init(
                errorMessage: "\(error)",
                errorType: "Function." + Self.identifier(for: error),
                stackTrace: Self.trace(of: error)
            )
        }
    }

    /// The JSON bytes of the payload.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding three strings cannot fail.
        return Array((try? encoder.encode(self)) ?? Data(#"{"errorMessage":"","errorType":"Runtime.Unknown"}"#.utf8))
    }

    /// Whether a type string is one Lambda keeps as is (anything else it reports as `Runtime.Unknown`).
    public static func isValidType(_ type: String) -> Bool {
        let parts = type.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "Runtime" || parts[0] == "Function" else { return false }
        let name = parts[1].utf8
        guard let first = name.first, first >= 0x41, first <= 0x5A, name.count >= 2 else { return false }
        return name.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    /// Makes `type` match `(Runtime|Function).[A-Z][a-zA-Z]+`, keeping as much of it as possible.
    public static func normalizedType(_ type: String) -> String {
        if self.isValidType(type) { return type }
        let prefix = type.hasPrefix("Runtime.") ? "Runtime" : "Function"
        let hasPrefix = type.hasPrefix("Runtime.") || type.hasPrefix("Function.")
        let rest = hasPrefix ? String(type.drop(while: { $0 != "." }).dropFirst()) : type
        return prefix + "." + Self.identifier(from: rest)
    }

    /// A `[A-Z][a-zA-Z]+` identifier from an error's dynamic type name (module and generic arguments dropped).
    static func identifier(for error: any Error) -> String {
        if let tandem = error as? TandemError {
            return Self.identifier(from: tandem.code.rawValue)
        }
        return Self.identifier(from: String(describing: type(of: error)))
    }

    /// Keeps ASCII letters, upper-casing the first of each word (`invalid_input` -> `InvalidInput`).
    static func identifier(from text: String) -> String {
        var base = Substring(text)
        if let generic = base.firstIndex(of: "<") { base = base[..<generic] }
        if let dot = base.lastIndex(of: ".") { base = base[base.index(after: dot)...] }
        var result = ""
        var upperNext = true
        for scalar in base.unicodeScalars {
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
            if isLetter {
                let letter = String(scalar)
                result += upperNext ? letter.uppercased() : letter
                upperNext = false
            } else {
                upperNext = true
            }
        }
        if let first = result.unicodeScalars.first, !(first >= "A" && first <= "Z") { result = "E" + result }
        return result.count >= 2 ? result : "Error"
    }

    static func trace(of error: any Error) -> [String] {
        var lines: [String] = []
        var current: (any Error)? = error
        var depth = 0
        while let error = current, depth < 8 {
            if let tandem = error as? TandemError {
                lines.append("\(type(of: error)) \(tandem.code) at \(tandem.file):\(tandem.line)")
                current = tandem.underlying
            } else if let serialization = error as? LambdaSerializationError {
                lines.append("\(String(reflecting: type(of: error))): \(serialization.lambdaErrorType)")
                current = serialization.underlying
            } else {
                lines.append("\(String(reflecting: type(of: error))): \(error)")
                current = nil
            }
            depth += 1
        }
        return lines
    }
}

/// An error that names its own Lambda error type (e.g. `Function.ValidationError`).
public protocol LambdaErrorTypeProviding: Error {
    /// `Runtime.X` or `Function.X`; normalised if it does not match Lambda's pattern.
    var lambdaErrorType: String { get }
}

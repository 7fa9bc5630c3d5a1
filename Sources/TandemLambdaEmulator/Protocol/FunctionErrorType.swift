/// The error-type rule RAPID applies to `Lambda-Runtime-Function-Error-Type` (headers and trailers).
///
/// RAPID searches the value (unanchored) for `(Runtime|Function)\.[A-Z][a-zA-Z]+`; a value that contains such a
/// match is kept as sent. Anything else becomes `Function.Unknown` when it starts with `Function.`, and
/// `Runtime.Unknown` otherwise (including a missing header, which is what AWS's Python client sends on `/error`).
/// The request is still accepted (202): a bad error type is rewritten, never rejected.
package enum FunctionErrorType {
    /// RAPID's `Runtime.Unknown`.
    package static let runtimeUnknown = "Runtime.Unknown"
    /// RAPID's `Function.Unknown`.
    package static let functionUnknown = "Function.Unknown"

    /// The error type RAPID would report for `raw`.
    /// - Parameter raw: The header or trailer value, or `nil` when absent.
    /// - Returns: `raw` when it passes the rule, otherwise the matching `*.Unknown`.
    package static func validated(_ raw: String?) -> String {
        guard let raw, !raw.isEmpty else { return Self.runtimeUnknown }
        if Self.containsValidType(raw) { return raw }
        return raw.hasPrefix("Function.") ? Self.functionUnknown : Self.runtimeUnknown
    }

    /// Whether `text` contains `(Runtime|Function)\.[A-Z][a-zA-Z]+` anywhere, as Go's `regexp.MatchString` checks.
    static func containsValidType(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for prefix in [Array("Runtime.".utf8), Array("Function.".utf8)] {
            var start = 0
            while start + prefix.count + 2 <= bytes.count {
                if bytes[start..<start + prefix.count].elementsEqual(prefix) {
                    let first = start + prefix.count
                    if Self.isUpper(bytes[first]) && Self.isLetter(bytes[first + 1]) { return true }
                }
                start += 1
            }
        }
        return false
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLetter(_ byte: UInt8) -> Bool { Self.isUpper(byte) || (byte >= 0x61 && byte <= 0x7A) }
}

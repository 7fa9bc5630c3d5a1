import TandemCore

/// Minimal JSON writing for the emulator's fixed-shape bodies, in RAPID's field order.
package enum EmulatorJSON {
    /// `text` as a JSON string literal, quotes included.
    package static func quoted(_ text: String) -> String {
        JSONText.quoted(text)
    }

    /// An object of string members, in the given order.
    package static func object(_ members: KeyValuePairs<String, String>) -> String {
        "{" + members.map { Self.quoted($0.key) + ":" + Self.quoted($0.value) }.joined(separator: ",") + "}"
    }
}

public import TandemCore

extension ToolCall {
    /// The arguments parsed as JSON; an empty text is an empty object (models send `""` for tools without
    /// parameters).
    ///
    /// - Throws: A ``TandemError`` with code `invalid_input` when the text is not JSON.
    public func argumentsValue() throws -> JSONValue {
        if self.arguments.allSatisfy({ $0.isWhitespace }) { return .object([:]) }
        do {
            return try JSONValue(parsing: self.arguments)
        } catch {
            throw TandemError(.invalidInput, "the arguments of tool call \(self.id) (\(self.name)) are not JSON")
        }
    }
}

/// One header of an event-stream message: a name (at most 255 UTF-8 bytes) and a typed value.
public struct EventStreamHeader: Sendable, Hashable {
    /// The name, e.g. `:event-type`.
    public var name: String
    /// The value.
    public var value: EventStreamHeaderValue

    /// Creates a header.
    ///
    /// - Parameters:
    ///   - name: The name.
    ///   - value: The value.
    public init(name: String, value: EventStreamHeaderValue) {
        self.name = name
        self.value = value
    }
}

/// One server-sent event.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `nil` when the event had none (the default type, `message`).
    public var event: String?
    /// The `data:` lines joined with line feeds, as bytes (JSON decoders read them as they are).
    public var data: [UInt8]
    /// The last `id:` seen in the stream so far (the stream's last event id), if any.
    public var id: String?
    /// The `retry:` value in milliseconds, when this event carried one.
    public var retry: Int?

    /// Creates an event.
    public init(event: String? = nil, data: [UInt8], id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }

    /// Creates an event with text data.
    public init(event: String? = nil, data: String, id: String? = nil, retry: Int? = nil) {
        self.init(event: event, data: Array(data.utf8), id: id, retry: retry)
    }

    /// The data as text.
    public var text: String { String(decoding: self.data, as: UTF8.self) }
}

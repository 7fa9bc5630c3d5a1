/// An S3 event notification delivered to Lambda: one or more object-level events.
///
/// Object keys arrive form-url-encoded; use ``Object/decodedKey`` for the key as stored.
public struct S3Event: Codable, Sendable, Hashable {
    /// The notifications, usually one.
    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

/// A DynamoDB table the app keeps (key `pk`, sort key `sk`, both strings).
public struct TableDescription: Codable, Sendable, Equatable {
    /// The table's short name; the generated name is `<app>-<name>`.
    public var name: String
    /// The attribute holding the expiry time (epoch seconds), for TTL.
    public var ttlAttribute: String?
    /// Whether the table has a stream (new and old images).
    public var stream: Bool

    enum CodingKeys: String, CodingKey {
        case name, stream
        case ttlAttribute = "ttl_attribute"
    }

    /// Creates a table description.
    public init(name: String, ttlAttribute: String? = nil, stream: Bool = false) {
        self.name = name
        self.ttlAttribute = ttlAttribute
        self.stream = stream
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.ttlAttribute = try container.decodeIfPresent(String.self, forKey: .ttlAttribute)
        self.stream = try container.decodeIfPresent(Bool.self, forKey: .stream) ?? false
    }
}

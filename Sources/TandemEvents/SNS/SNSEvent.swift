/// Notifications from an SNS topic delivered to Lambda (one record per invocation in practice).
public struct SNSEvent: Codable, Sendable, Hashable {
    /// The notifications.
    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

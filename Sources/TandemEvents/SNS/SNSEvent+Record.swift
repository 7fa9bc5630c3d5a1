extension SNSEvent {
    /// One SNS delivery record.
    public struct Record: Codable, Sendable, Hashable {
        /// The record format version, `"1.0"`.
        public var eventVersion: String
        /// The subscription that delivered the message.
        public var eventSubscriptionArn: String
        /// `"aws:sns"`.
        public var eventSource: String
        /// The notification.
        public var sns: Message

        enum CodingKeys: String, CodingKey {
            case eventVersion = "EventVersion"
            case eventSubscriptionArn = "EventSubscriptionArn"
            case eventSource = "EventSource"
            case sns = "Sns"
        }
    }
}

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension SNSEvent {
    /// An SNS notification as delivered to Lambda.
    public struct Message: Codable, Sendable, Hashable {
        /// `"Notification"`.
        public var type: String
        /// The message id SNS assigned.
        public var messageId: String
        /// The topic ARN.
        public var topicArn: String
        /// The subject the publisher set, if any.
        public var subject: String?
        /// The message.
        public var message: String
        /// When the message was published (`Timestamp`, ISO-8601 on the wire).
        public var timestamp: Date
        /// The signature version, `"1"` (SHA1) or `"2"` (SHA256).
        public var signatureVersion: String
        /// The base64 signature over the message.
        public var signature: String
        /// Where the signing certificate is.
        public var signingCertURL: String
        /// Where to unsubscribe.
        public var unsubscribeURL: String
        /// The message attributes the publisher set.
        public var messageAttributes: [String: MessageAttribute]

        /// A message attribute: a type (`String`, `String.Array`, `Number`, `Binary`) and a value as text.
        public struct MessageAttribute: Codable, Sendable, Hashable {
            /// `String`, `String.Array`, `Number` or `Binary`.
            public var type: String
            /// The value; base64 for `Binary`, JSON for `String.Array`, decimal text for `Number`.
            public var value: String

            /// The bytes of a `Binary` attribute, or `nil` when the type is not `Binary` or the value not base64.
            public var binaryValue: Data? {
                guard self.type == "Binary" else { return nil }
                return Data(base64Encoded: self.value)
            }

            enum CodingKeys: String, CodingKey {
                case type = "Type"
                case value = "Value"
            }
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case messageId = "MessageId"
            case topicArn = "TopicArn"
            case subject = "Subject"
            case message = "Message"
            case timestamp = "Timestamp"
            case signatureVersion = "SignatureVersion"
            case signature = "Signature"
            case signingCertURL = "SigningCertUrl"
            case unsubscribeURL = "UnsubscribeUrl"
            case messageAttributes = "MessageAttributes"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.type = try container.decode(String.self, forKey: .type)
            self.messageId = try container.decode(String.self, forKey: .messageId)
            self.topicArn = try container.decode(String.self, forKey: .topicArn)
            self.subject = try container.decodeIfPresent(String.self, forKey: .subject)
            self.message = try container.decode(String.self, forKey: .message)
            self.timestamp = try container.decodeISO8601(forKey: .timestamp)
            self.signatureVersion = try container.decode(String.self, forKey: .signatureVersion)
            self.signature = try container.decode(String.self, forKey: .signature)
            self.signingCertURL = try container.decode(String.self, forKey: .signingCertURL)
            self.unsubscribeURL = try container.decode(String.self, forKey: .unsubscribeURL)
            self.messageAttributes =
                try container.decodeIfPresent([String: MessageAttribute].self, forKey: .messageAttributes) ?? [:]
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.type, forKey: .type)
            try container.encode(self.messageId, forKey: .messageId)
            try container.encode(self.topicArn, forKey: .topicArn)
            try container.encodeIfPresent(self.subject, forKey: .subject)
            try container.encode(self.message, forKey: .message)
            try container.encodeISO8601(self.timestamp, forKey: .timestamp)
            try container.encode(self.signatureVersion, forKey: .signatureVersion)
            try container.encode(self.signature, forKey: .signature)
            try container.encode(self.signingCertURL, forKey: .signingCertURL)
            try container.encode(self.unsubscribeURL, forKey: .unsubscribeURL)
            try container.encode(self.messageAttributes, forKey: .messageAttributes)
        }
    }
}

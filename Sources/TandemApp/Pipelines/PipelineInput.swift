#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
public import TandemEvents

/// One document a message points at: an object to read, or text carried in the message.
public enum PipelineInput: Sendable, Hashable {
    /// An object in a bucket (from an S3 event notification); its document id is `bucket/key`.
    case object(bucket: String, key: String)
    /// Text carried in the message, with its document id.
    case text(id: String, text: String)

    /// The document id results are stored under.
    public var documentID: String {
        switch self {
        case .object(let bucket, let key): return bucket + "/" + key
        case .text(let id, _): return id
        }
    }

    /// The documents an SQS message body names, as the worker and the Lambda handlers read it:
    /// - an S3 event notification (S3 -> SQS, or S3 -> SNS -> SQS with raw delivery): one object per record
    ///   (`ObjectCreated` events only; S3's `s3:TestEvent` names none);
    /// - JSON `{"id": ..., "text": ...}` (`id` optional): that text;
    /// - anything else: the body as plain text, under the message id.
    public static func inputs(in message: SQSEvent.Message) -> [PipelineInput] {
        Self.inputs(inBody: message.body, messageID: message.messageId)
    }

    /// The documents a message body names (see ``inputs(in:)``).
    public static func inputs(inBody body: String, messageID: String) -> [PipelineInput] {
        let trimmed = body.drop { $0.isWhitespace }
        if trimmed.first == "{", let value = try? JSONValue(parsing: String(trimmed)) {
            if value["Records"] != nil, let event = try? JSONDecoder().decode(S3Event.self, from: Data(trimmed.utf8)) {
                return event.records.filter { $0.eventName.hasPrefix("ObjectCreated") }.map {
                    .object(bucket: $0.s3.bucket.name, key: $0.s3.object.decodedKey)
                }
            }
            if value["Event"]?.stringValue == "s3:TestEvent" { return [] }
            if let text = value["text"]?.stringValue {
                let id = value["id"]?.stringValue ?? value["id"]?.integerValue.map(String.init) ?? messageID
                return [.text(id: id, text: text)]
            }
        }
        return [.text(id: messageID, text: body)]
    }
}

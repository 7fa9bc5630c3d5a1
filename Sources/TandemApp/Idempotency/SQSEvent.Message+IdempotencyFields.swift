import TandemCore
import TandemEvents

extension SQSEvent.Message: IdempotencyFieldProviding {
    /// The message's string fields (`messageId`, `body`, `md5OfBody`, `receiptHandle`, `eventSourceARN`), as their
    /// encoding gives them.
    func idempotencyField(_ name: String) -> JSONValue? {
        switch name {
        case "messageId": .string(self.messageId)
        case "body": .string(self.body)
        case "md5OfBody": .string(self.md5OfBody)
        case "receiptHandle": .string(self.receiptHandle)
        case "eventSourceARN": .string(self.eventSourceARN)
        default: nil
        }
    }
}

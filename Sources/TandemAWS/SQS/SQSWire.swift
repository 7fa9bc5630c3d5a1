/// The JSON shapes of the SQS operations' outputs that are not public types.
enum SQSWire {
    struct SendMessageOutput: Decodable {
        var MessageId: String
        var MD5OfMessageBody: String?
        var SequenceNumber: String?
    }

    struct BatchOutput: Decodable {
        struct Success: Decodable {
            var Id: String
            var MessageId: String?
        }

        struct Failure: Decodable {
            var Id: String
            var Code: String
            var Message: String?
            var SenderFault: Bool?
        }

        var Successful: [Success]?
        var Failed: [Failure]?

        var result: SQSBatchResult {
            SQSBatchResult(
                successful: (self.Successful ?? []).map { .init(id: $0.Id, messageID: $0.MessageId) },
                failed: (self.Failed ?? []).map {
                    .init(id: $0.Id, code: $0.Code, message: $0.Message, senderFault: $0.SenderFault ?? false)
                }
            )
        }
    }

    struct ReceiveOutput: Decodable {
        var Messages: [SQSMessage]?
    }

    struct QueueURLOutput: Decodable {
        var QueueUrl: String
    }

    struct AttributesOutput: Decodable {
        var Attributes: [String: String]?
    }

    struct Empty: Decodable {}
}

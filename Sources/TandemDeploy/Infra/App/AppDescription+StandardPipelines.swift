extension AppDescription {
    /// The starter labels `tandem infra` gives the classify pipeline (`TANDEM_CLASSIFY_LABELS`); edit them in the
    /// generated files.
    static let starterClassifyLabels = "invoice,contract,report,correspondence"

    /// The variables that make the standard handler table run each event handler's pipeline (TandemApp's
    /// `StandardPipelineSettings`): `TANDEM_PIPELINE_S3|SQS|DYNAMODB_STREAM` for a handler named after a pipeline
    /// that source can run (classify; embed or classify; summarize), `TANDEM_PIPELINE_WEBSOCKET=chat` for a WebSocket
    /// handler, and the classify labels. Handlers with other names get none: the standard binary logs their events
    /// and a custom table registers its own. Shared by the Terraform (function and container) and SAM generators.
    var standardPipelineEnvironment: [(name: String, value: String)] {
        let pipelines: [(kind: HandlerDescription.Kind, variable: String, names: [String])] = [
            (.s3, "TANDEM_PIPELINE_S3", ["classify"]),
            (.sqs, "TANDEM_PIPELINE_SQS", ["embed", "classify"]),
            (.dynamoDBStream, "TANDEM_PIPELINE_DYNAMODB_STREAM", ["summarize"]),
            (.webSocket, "TANDEM_PIPELINE_WEBSOCKET", []),
        ]
        var variables: [(name: String, value: String)] = []
        for (kind, variable, names) in pipelines {
            // One handler per source in a table: the first that names a pipeline wins.
            let handlers = self.handlers.filter { $0.kind == kind }
            if kind == .webSocket {
                if !handlers.isEmpty { variables.append((variable, "chat")) }
            } else if let handler = handlers.first(where: { names.contains($0.name) }) {
                variables.append((variable, handler.name))
            }
        }
        if variables.contains(where: { $0.value == "classify" }) {
            variables.append(("TANDEM_CLASSIFY_LABELS", Self.starterClassifyLabels))
        }
        return variables
    }
}

import TandemCore

extension TerraformGenerator {
    /// Checks the app description against itself and the size budget.
    func validate() throws {
        try self.budget.check()
        let names = self.app.tables.map(\.name)
        for handler in self.handlers(.dynamoDBStream) {
            guard let table = handler.table, let described = self.app.tables.first(where: { $0.name == table }) else {
                throw TandemError(
                    .invalidConfiguration,
                    "handler '\(handler.name)': table '\(handler.table ?? "")' is not one of \(names.joined(separator: ", "))"
                )
            }
            guard described.stream else {
                throw TandemError(.invalidConfiguration, "handler '\(handler.name)': table '\(table)' has no stream")
            }
        }
        for handler in self.handlers(.sqs) {
            if let concurrency = handler.maximumConcurrency, !(2...1000).contains(concurrency) {
                throw TandemError(
                    .invalidConfiguration,
                    "handler '\(handler.name)': maximum_concurrency must be 2 to 1000"
                )
            }
        }
        let valid = self.app.name.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
        guard valid, !self.app.name.isEmpty, self.app.name.count <= 20 else {
            throw TandemError(
                .invalidConfiguration,
                "app name '\(self.app.name)' must be 1-20 lowercase letters, digits or dashes"
            )
        }
    }
}

import NIOCore
import TandemCore

/// The body of `POST /v1/search`, read and checked: `{"query", "top_k"?, "filter"?}`.
struct VectorSearchRequest: Sendable, Hashable {
    var query: String
    var topK: Int
    var filter: [String: JSONValue]

    /// Parses `body`.
    /// - Throws: ``HTTPError`` 400 naming the field that is missing or wrong.
    init(body: ByteBuffer) throws {
        guard let value = try? JSONValue(parsing: String(buffer: body)), let fields = value.objectValue else {
            throw HTTPError.badRequest("the body must be a JSON object")
        }
        guard let query = fields["query"]?.stringValue, !query.allSatisfy(\.isWhitespace) else {
            throw HTTPError.badRequest("query must be a non-empty string", param: "query")
        }
        var topK = 5
        if let value = fields["top_k"], value != .null {
            guard let number = value.integerValue, (1...Int64(HandlerTable.maximumSearchResults)).contains(number) else {
                throw HTTPError.badRequest(
                    "top_k must be an integer from 1 to \(HandlerTable.maximumSearchResults)", param: "top_k")
            }
            topK = Int(number)
        }
        var filter: [String: JSONValue] = [:]
        if let value = fields["filter"], value != .null {
            guard let object = value.objectValue else {
                throw HTTPError.badRequest("filter must be an object of metadata keys and values", param: "filter")
            }
            filter = object
        }
        self.query = query
        self.topK = topK
        self.filter = filter
    }
}

/// Several ``ResultStore``s written together: DynamoDB and JSON beside the object, say. A write goes to every store
/// in order (the first failure is thrown); a read answers from the first store that has the result.
public struct ResultStoreGroup: ResultStore {
    /// The stores, in order.
    public let stores: [any ResultStore]

    /// Writes to every one of `stores`.
    public init(_ stores: [any ResultStore]) {
        self.stores = stores
    }

    public func put(_ result: PipelineResult) async throws {
        for store in self.stores { try await store.put(result) }
    }

    public func result(id: String) async throws -> PipelineResult? {
        for store in self.stores {
            if let result = try await store.result(id: id) { return result }
        }
        return nil
    }
}

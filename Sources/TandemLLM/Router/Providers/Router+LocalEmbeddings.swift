extension Router {
    /// The in-process embedder the router's `local/` deployments use, when its factory is a
    /// ``DefaultProviderFactory``: hosts that embed outside the router (search) share it instead of loading a second
    /// copy of the model.
    package var localEmbeddings: LocalEmbeddingProvider? {
        (self.factory as? DefaultProviderFactory)?.local
    }
}

import AsyncHTTPClient
import NIOCore

extension Router {
    /// Any error an attempt threw, as an ``LLMError`` naming the deployment.
    static func normalise(_ error: any Error, deployment: Deployment) -> LLMError {
        if var error = error as? LLMError {
            if error.provider == nil { error.provider = deployment.displayName }
            return error
        }
        if error is CancellationError { return Self.cancelled() }
        if let error = error as? HTTPClientError {
            let code: LLMError.Code =
                error == .connectTimeout || error == .readTimeout || error == .deadlineExceeded ? .timeout : .connection
            return LLMError(code, "\(error)", provider: deployment.displayName)
        }
        if error is IOError || error is ChannelError {
            return LLMError(.connection, "\(error)", provider: deployment.displayName)
        }
        return LLMError(.badResponse, "unexpected \(type(of: error))", provider: deployment.displayName)
    }
}

import NIOCore

extension HandlerTable {
    /// Tandem's built-in routes, served identically by every host:
    /// - `GET /health`: `{"status":"ok"}`.
    /// - `POST /v1/echo`: streams the request body back in chunks (`?chunk=N` bytes each, 64 by default; the
    ///   request's content type is echoed). A demonstration and a test of streaming through both hosts.
    public mutating func addBuiltinRoutes() {
        self.route("GET", "/health") { _ in
            .json(#"{"status":"ok"}"#.utf8)
        }
        self.route("POST", "/v1/echo") { request in
            let chunkSize: Int
            if let text = request.queryParameter("chunk") {
                guard let value = Int(text), (1...1_048_576).contains(value) else {
                    throw HTTPError.badRequest("chunk must be an integer from 1 to 1048576", param: "chunk")
                }
                chunkSize = value
            } else {
                chunkSize = 64
            }
            let body = request.body
            let contentType = request.header("content-type") ?? "application/octet-stream"
            return AppResponse(
                status: 200,
                headers: [("content-type", contentType), ("x-tandem-echo-bytes", String(body.readableBytes))],
                body: .stream { writer in
                    var remaining = body
                    while remaining.readableBytes > 0 {
                        let slice = remaining.readSlice(length: min(chunkSize, remaining.readableBytes))!
                        try await writer.write(slice)
                    }
                }
            )
        }
    }
}

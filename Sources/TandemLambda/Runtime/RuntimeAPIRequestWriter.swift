package import NIOCore
package import NIOHTTP1

/// The writing half of a Runtime API connection: builds request heads and writes request parts, each flushed.
package struct RuntimeAPIRequestWriter: RuntimeAPIConnectionWriting {
    let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    let hostHeader: String

    package func write(_ parts: [HTTPClientRequestPart]) async throws {
        // NIOAsyncChannelOutboundWriter flushes every write and suspends while the channel is not writable.
        try await self.outbound.write(contentsOf: parts)
    }

    package func post(path: String, headers: [String: String], body: ByteBuffer) async throws {
        var headers = headers
        headers["Content-Length"] = String(body.readableBytes)
        try await self.write([.head(self.head(.POST, path, headers)), .body(.byteBuffer(body)), .end(nil)])
    }

    package func head(_ method: HTTPMethod, _ path: String, _ extra: [String: String]) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: self.hostHeader)
        headers.add(name: "User-Agent", value: "tandem-lambda/0.1")
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        return HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
    }
}

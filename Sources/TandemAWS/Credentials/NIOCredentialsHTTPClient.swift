package import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 GET over SwiftNIO for credential endpoints (plain HTTP on link-local or loopback addresses).
///
/// One connection per call, `Connection: close`, the response body capped at 64 KiB.
package struct NIOCredentialsHTTPClient: CredentialsHTTPClient {
    static let maxBodySize = 64 * 1024

    private let group: any EventLoopGroup

    package init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// Why a GET failed; the message has the endpoint's host and port only.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    package func get(
        _ endpoint: CredentialsEndpoint,
        headers: [(name: String, value: String)],
        timeout: Duration
    ) async throws -> CredentialsHTTPResponse {
        guard endpoint.scheme == "http" else { throw Failure(description: "only http endpoints are supported") }
        return try await withThrowingTaskGroup(of: CredentialsHTTPResponse.self) { group in
            group.addTask { try await self.exchange(endpoint, headers: headers, timeout: timeout) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Failure(description: "no answer from \(endpoint.host):\(endpoint.port) within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    private func exchange(
        _ endpoint: CredentialsEndpoint,
        headers: [(name: String, value: String)],
        timeout: Duration
    ) async throws -> CredentialsHTTPResponse {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let channel = try await ClientBootstrap(group: self.group)
            .connectTimeout(.milliseconds(milliseconds))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var requestHeaders = HTTPHeaders()
            let hostHeader = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
            requestHeaders.add(name: "Host", value: "\(hostHeader):\(endpoint.port)")
            requestHeaders.add(name: "Accept", value: "application/json")
            requestHeaders.add(name: "Connection", value: "close")
            for header in headers { requestHeaders.add(name: header.name, value: header.value) }
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.target, headers: requestHeaders)
            try await outbound.write(.head(head))
            try await outbound.write(.end(nil))

            var status: Int? = nil
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let response):
                    status = Int(response.status.code)
                case .body(let buffer):
                    guard body.count + buffer.readableBytes <= Self.maxBodySize else {
                        throw Failure(description: "the response from \(endpoint.host) exceeds 64 KiB")
                    }
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let status else { throw Failure(description: "no response head") }
                    return CredentialsHTTPResponse(status: status, body: body)
                }
            }
            throw Failure(description: "the connection to \(endpoint.host):\(endpoint.port) closed early")
        }
    }
}

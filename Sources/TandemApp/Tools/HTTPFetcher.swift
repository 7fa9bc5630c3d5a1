import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import TandemCore

/// Fetches URLs through an ``SSRFGuard``: every URL and every redirect is checked, and the connection goes to the
/// checked address only (AsyncHTTPClient's `dnsOverride` pins it, keeping TLS SNI and certificate checks on the
/// name). Redirects are followed here, not by the client, so each hop is checked again.
public struct HTTPFetcher: Sendable {
    /// What a fetch returned.
    public struct Response: Sendable, Hashable {
        /// The final URL (after redirects).
        public var url: String
        /// The status.
        public var status: Int
        /// The `content-type`, if any.
        public var contentType: String?
        /// The body, at most the policy's `maxBytes`.
        public var body: [UInt8]
        /// Whether the body was cut off at `maxBytes`.
        public var truncated: Bool
        /// The redirects followed, in order.
        public var redirects: [String]
    }

    /// The guard.
    public var guardian: SSRFGuard

    /// A fetcher checking every hop with `guardian`.
    public init(guardian: SSRFGuard = SSRFGuard()) {
        self.guardian = guardian
    }

    /// Fetches `text` with `GET`, following checked redirects.
    /// - Throws: ``FetchRefusal`` when a hop is refused, the time runs out or the connection fails.
    public func fetch(_ text: String, deadline: Deadline = .distantFuture) async throws -> Response {
        let policy = self.guardian.policy
        let limit = min(deadline, Deadline.after(policy.timeout))
        var url = try FetchURL.parse(text).get()
        var redirects: [String] = []
        while true {
            let address = try await self.guardian.check(url)
            let (status, headers, body, truncated) = try await self.get(url, address: address, deadline: limit)
            if [301, 302, 303, 307, 308].contains(status), let location = headers.first(name: "location") {
                guard redirects.count < policy.maxRedirects else {
                    throw FetchRefusal("more than \(policy.maxRedirects) redirects")
                }
                url = try url.resolving(location).get()
                redirects.append(url.description)
                continue
            }
            return Response(
                url: url.description,
                status: status,
                contentType: headers.first(name: "content-type"),
                body: body,
                truncated: truncated,
                redirects: redirects
            )
        }
    }

    private func get(
        _ url: FetchURL,
        address: IPAddress,
        deadline: Deadline
    ) async throws -> (Int, HTTPHeaders, [UInt8], Bool) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.dnsOverride = url.address == nil ? [url.host: address.description] : [:]
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let result = try await self.run(client, url: url, deadline: deadline)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            if let refusal = error as? FetchRefusal { throw refusal }
            if deadline.hasPassed { throw FetchRefusal("the fetch did not finish in time") }
            throw FetchRefusal("the fetch of \(url) failed: \(type(of: error))")
        }
    }

    private func run(_ client: HTTPClient, url: FetchURL, deadline: Deadline) async throws -> (Int, HTTPHeaders, [UInt8], Bool) {
        var request = HTTPClientRequest(url: url.description)
        request.method = .GET
        request.headers.add(name: "user-agent", value: "tandem-agent/1")
        request.headers.add(name: "accept", value: "*/*")
        let remaining = deadline.remaining
        guard remaining > .zero else { throw FetchRefusal("the fetch did not finish in time") }
        let response = try await client.execute(request, timeout: .milliseconds(remaining.totalMilliseconds))
        let maxBytes = self.guardian.policy.maxBytes
        var body: [UInt8] = []
        var truncated = false
        for try await chunk in response.body {
            let room = maxBytes - body.count
            if chunk.readableBytes > room {
                body += chunk.readableBytesView.prefix(room)
                truncated = true
                break
            }
            body += chunk.readableBytesView
        }
        return (Int(response.status.code), response.headers, body, truncated)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import TandemApp
import TandemCore

/// Requests through a table that carries the gateway's routes, the way any host would send them.
struct GatewayClient {
    let table: HandlerTable

    init(_ gateway: Gateway) {
        var table = HandlerTable()
        table.addGatewayRoutes(gateway)
        self.table = table
    }

    func send(
        _ method: String,
        _ path: String,
        body: String = "",
        headers: [(name: String, value: String)] = [("content-type", "application/json")]
    ) async -> AppResponse {
        let context = HandlerContext(
            requestID: "test-1",
            deadline: .after(.seconds(30)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            host: .server
        )
        let request = AppRequest(
            method: method,
            path: path,
            headers: headers,
            body: ByteBuffer(string: body),
            context: context
        )
        return await self.table.respond(to: request)
    }

    /// The body as text (streams collected).
    static func text(_ response: AppResponse) async throws -> String {
        let buffer = try await response.body.collect(limit: 1 << 20)
        return String(buffer: buffer)
    }

    /// The body parsed as JSON.
    static func json(_ response: AppResponse) async throws -> JSONValue {
        try JSONValue(parsing: try await self.text(response))
    }

    /// The `data:` payloads of an SSE body, in order, with their event names (nil when none).
    static func events(_ text: String) -> [(event: String?, data: String)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var event: String?
            var data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            return data.map { (event, $0) }
        }
    }

    static func header(_ response: AppResponse, _ name: String) -> String? {
        response.headers.first { $0.name.lowercased() == name }?.value
    }
}

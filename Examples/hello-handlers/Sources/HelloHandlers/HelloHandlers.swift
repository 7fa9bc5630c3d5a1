#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import TandemApp
import TandemLambda
import TandemServer

/// One handler table, two hosts: Lambda when Lambda starts the process, an HTTP server otherwise.
@main
struct HelloHandlers {
    static func makeTable() -> HandlerTable {
        var table = HandlerTable()
        table.route("GET", "/hello/{name}") { request in
            .text("hello, \(request.pathParameters["name"] ?? "world")\n")
        }
        table.route("POST", "/v1/upper") { request in
            let words = String(buffer: request.body).uppercased().split(separator: " ")
            return AppResponse(
                headers: [("content-type", "text/plain; charset=utf-8")],
                body: .stream { writer in
                    for word in words { try await writer.write(ByteBuffer(string: word + " ")) }
                }
            )
        }
        table.onSQS { message, context in
            guard !message.body.isEmpty else { throw HTTPError.badRequest("empty message") }
            context.logger.info("message", metadata: ["id": "\(message.messageId)"])
        }
        return table
    }

    static func main() async throws {
        let logger = Logger(label: "hello-handlers")
        let environment = ProcessInfo.processInfo.environment
        if environment["AWS_LAMBDA_RUNTIME_API"] != nil {
            let runtime = LambdaRuntime(logger: logger) {
                LambdaHost(table: makeTable(), httpResponseMode: try LambdaHost.httpResponseMode(environment: environment))
            }
            try await runtime.run()
        } else {
            let port = environment["PORT"].flatMap { Int($0) } ?? 8080
            try await ServerHost.run(table: makeTable(), configuration: ServerConfiguration(port: port), logger: logger)
        }
    }
}

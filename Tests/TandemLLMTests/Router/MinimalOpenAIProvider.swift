import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TandemCore

@testable import TandemLLM

/// The smallest OpenAI Chat Completions client the router tests need (POST, status to ``LLMError`` with
/// `Retry-After` / `retry-after-ms`, SSE `data:` lines through ``OpenAIStreamDecoder``), so the fault-server tests
/// run over real HTTP before the full OpenAI provider exists. It never retries and applies no timeouts of its own:
/// everything under test is the router's.
struct MinimalOpenAIProvider: ChatProvider {
    var name: String
    var baseURL: String
    var httpClient: HTTPClient

    init(name: String = "openai", baseURL: String, httpClient: HTTPClient = .shared) {
        self.name = name
        self.baseURL = baseURL
        self.httpClient = httpClient
    }

    func chat(_ request: ChatRequest, options: CallOptions) async throws -> ChatResponse {
        let response = try await self.send(request, stream: false)
        let body = try await self.read(response)
        return try OpenAIChatWire.decodeResponse(body, provider: self.name)
    }

    func stream(_ request: ChatRequest, options: CallOptions) async throws -> ChatStream {
        let response = try await self.send(request, stream: true)
        guard response.status == .ok else {
            throw self.error(response, body: try await self.read(response))
        }
        let name = self.name
        return ChatStream { continuation in
            var decoder = OpenAIStreamDecoder(provider: name)
            var pending: [UInt8] = []
            for try await chunk in response.body {
                pending.append(contentsOf: chunk.readableBytesView)
                while let end = Self.eventEnd(pending) {
                    let event = Array(pending[..<end])
                    pending.removeFirst(end + 2)
                    for line in event.split(separator: UInt8(ascii: "\n")) where line.starts(with: "data: ".utf8) {
                        try decoder.decode(Array(line.dropFirst(6))) { continuation.yield($0) }
                    }
                }
            }
        }
    }

    private static func eventEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }

    private func send(_ request: ChatRequest, stream: Bool) async throws -> HTTPClientResponse {
        var http = HTTPClientRequest(url: self.baseURL + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.body = .bytes(OpenAIChatWire.encodeRequest(request, options: .init(stream: stream)))
        do {
            return try await self.httpClient.execute(http, timeout: .seconds(60))
        } catch {
            throw LLMError(.connection, "\(error)", provider: self.name)
        }
    }

    private func read(_ response: HTTPClientResponse) async throws -> [UInt8] {
        var body: [UInt8] = []
        do {
            for try await chunk in response.body { body.append(contentsOf: chunk.readableBytesView) }
        } catch {
            throw LLMError(.connection, "\(error)", provider: self.name)
        }
        guard response.status == .ok else { throw self.error(response, body: body) }
        return body
    }

    private func error(_ response: HTTPClientResponse, body: [UInt8]) -> LLMError {
        let status = Int(response.status.code)
        var error =
            OpenAIErrorWire.decode(body, status: status, provider: self.name)
            ?? LLMError(.forStatus(status), "HTTP \(status)", provider: self.name, status: status)
        error.status = status
        error.upstreamRequestID = response.headers.first(name: "x-request-id")
        if let milliseconds = response.headers.first(name: "retry-after-ms").flatMap(Int.init) {
            error.retryAfter = .milliseconds(milliseconds)
        } else if let seconds = response.headers.first(name: "retry-after").flatMap(Double.init) {
            error.retryAfter = .milliseconds(Int64(seconds * 1000))
        }
        return error
    }
}

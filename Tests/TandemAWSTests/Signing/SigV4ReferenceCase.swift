import Foundation
import TandemAWS
import Testing

/// One case folder of the aws-c-auth SigV4 suite in `shared/reference/sigv4/v4`.
struct SigV4ReferenceCase: CustomTestStringConvertible, Sendable {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }

        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    static let root = TestPaths.reference.appendingPathComponent("sigv4/v4")

    let name: String
    var folder: URL { Self.root.appendingPathComponent(self.name) }
    var testDescription: String { self.name }

    static func all() -> [SigV4ReferenceCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.path)) ?? []
        return names.filter { name in
            FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("\(name)/context.json").path)
        }.sorted().map(SigV4ReferenceCase.init(name:))
    }

    func file(_ name: String) throws -> String {
        try TestPaths.read(self.folder.appendingPathComponent(name))
    }

    func context() throws -> Context {
        try JSONDecoder().decode(
            Context.self,
            from: Data(contentsOf: self.folder.appendingPathComponent("context.json"))
        )
    }

    /// The request of `request.txt`, split into the parts the signer takes.
    struct ParsedRequest {
        var method: String
        var path: String
        var query: String
        var headers: [(name: String, value: String)]
        var headLines: [String]
        var version: String
        var body: String
    }

    func request() throws -> ParsedRequest {
        let text = try self.file("request.txt")
        let head: Substring
        let body: Substring
        if let blank = text.range(of: "\n\n") {
            head = text[..<blank.lowerBound]
            body = text[blank.upperBound...]
        } else {
            head = text.hasSuffix("\n") ? text.dropLast() : text[...]
            body = ""
        }
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines[0]
        let firstSpace = requestLine.firstIndex(of: " ")!
        let lastSpace = requestLine.lastIndex(of: " ")!
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        let version = String(requestLine[requestLine.index(after: lastSpace)...])
        var path = String(target)
        var query = ""
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = String(target[target.index(after: questionMark)...])
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            if line.first == " " || line.first == "\t" {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return ParsedRequest(
            method: method,
            path: path,
            query: query,
            headers: headers,
            headLines: lines,
            version: version,
            body: String(body)
        )
    }
}

public import NIOCore

/// An HTTP request as a handler sees it, the same whether it came through Lambda or the server.
public struct AppRequest: Sendable {
    /// The method, upper-case (`GET`, `POST`, ...).
    public var method: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// The raw query string without `?` (may be empty).
    public var query: String
    /// The headers in arrival order; names as received (compare them case-insensitively).
    public var headers: [(name: String, value: String)]
    /// The whole body (hosts enforce the body size limit before a handler runs).
    public var body: ByteBuffer
    /// Parameters captured by the route pattern (`/v1/items/{id}` -> `id`).
    public var pathParameters: [String: String]
    /// The request's context.
    public var context: HandlerContext

    /// Creates a request.
    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)] = [],
        body: ByteBuffer = ByteBuffer(),
        pathParameters: [String: String] = [:],
        context: HandlerContext
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.context = context
    }

    /// The first value of a header, its name compared without regard to case.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return self.headers.first(where: { $0.name.lowercased() == lowered })?.value
    }

    /// The first value of a query parameter, percent-decoded (`+` is a space).
    public func queryParameter(_ name: String) -> String? {
        for pair in self.query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map({ FormDecoding.decode($0) }) == name {
                return parts.count > 1 ? FormDecoding.decode(parts[1]) : ""
            }
        }
        return nil
    }
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, then `%XX` escapes (invalid ones kept as is).
enum FormDecoding {
    static func decode(_ text: some StringProtocol) -> String {
        percentDecode(text, plusIsSpace: true)
    }

    static func percentDecode(_ text: some StringProtocol, plusIsSpace: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                continue
            }
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

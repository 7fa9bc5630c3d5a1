import Dispatch

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A bare WebSocket handshake over a POSIX socket that reads what a server sends until its close frame.
///
/// For refusals the server sends at once (an error message and a close frame right behind the 101):
/// HummingbirdWSClient sometimes misses frames that arrive with the 101 response and then hangs, so those tests read
/// the bytes themselves.
struct RawSocketProbe {
    /// What the server sent: the handshake's status, the text messages, the close code and reason.
    struct Outcome: Sendable {
        var status: Int
        var messages: [String]
        var closeCode: Int?
        var closeReason: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Upgrades `path` on the loopback `port` with `headers` (name, value) and reads until the close frame
    /// (10-second socket timeout).
    static func run(port: Int, path: String, headers: [(String, String)] = []) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.blockingRun(port: port, path: path, headers: headers) })
            }
        }
    }

    private static func blockingRun(port: Int, path: String, headers: [(String, String)]) throws -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect() failed") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw Failure(description: "send() failed")
        }
        var buffer: [UInt8] = []
        var outcome = Outcome(status: 0, messages: [], closeCode: nil, closeReason: "")
        var offset = 0
        while outcome.closeCode == nil {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            buffer += chunk[0..<count]
            if outcome.status == 0 {
                guard let end = Self.headerEnd(buffer) else { continue }
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                outcome.status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? -1
                offset = end + 4
            }
            // Server frames are unmasked: opcode, length (7 bits, or 126 + 16 bits), payload.
            while buffer.count - offset >= 2 {
                let opcode = buffer[offset] & 0x0F
                var length = Int(buffer[offset + 1] & 0x7F)
                var start = offset + 2
                if length == 126 {
                    guard buffer.count - offset >= 4 else { break }
                    length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                    start = offset + 4
                }
                guard buffer.count >= start + length else { break }
                let payload = Array(buffer[start..<start + length])
                offset = start + length
                if opcode == 0x1 { outcome.messages.append(String(decoding: payload, as: UTF8.self)) }
                if opcode == 0x8, payload.count >= 2 {
                    outcome.closeCode = Int(payload[0]) << 8 | Int(payload[1])
                    outcome.closeReason = String(decoding: payload[2...], as: UTF8.self)
                }
            }
        }
        return outcome
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix

/// Turns a host name into addresses (swap it in tests to make a name resolve to whatever a test needs).
public protocol HostResolver: Sendable {
    /// The addresses of `host`, in the resolver's order.
    /// - Throws: ``FetchRefusal`` when the name does not resolve.
    func resolve(_ host: String) async throws -> [IPAddress]
}

/// The system resolver (`getaddrinfo`, so `/etc/hosts` and the configured DNS), run on NIO's thread pool so that
/// a slow lookup never blocks the concurrency pool.
public struct SystemHostResolver: HostResolver {
    /// The system resolver.
    public init() {}

    public func resolve(_ host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #else
            hints.ai_socktype = SOCK_STREAM
            #endif
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &list)
            guard status == 0, let first = list else { throw FetchRefusal("the host '\(host)' does not resolve") }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                if let socketAddress = entry.pointee.ai_addr {
                    switch Int32(socketAddress.pointee.sa_family) {
                    case AF_INET:
                        socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                            let value = UInt32(bigEndian: pointer.pointee.sin_addr.s_addr)
                            addresses.append(.v4(value))
                        }
                    case AF_INET6:
                        socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                            let bytes = withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                            addresses.append(.v6(bytes))
                        }
                    default:
                        break
                    }
                }
                cursor = entry.pointee.ai_next
            }
            var unique: [IPAddress] = []
            for address in addresses where !unique.contains(address) { unique.append(address) }
            return unique
        }
    }
}

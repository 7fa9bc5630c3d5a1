import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

#if canImport(Glibc)
private let streamType = Int32(SOCK_STREAM.rawValue)
private let closeOnExec = Int32(SOCK_CLOEXEC.rawValue)
private let noSignal = Int32(MSG_NOSIGNAL)
#else
private let streamType = SOCK_STREAM
private let closeOnExec = SOCK_CLOEXEC
private let noSignal = MSG_NOSIGNAL
#endif

/// A blocking TCP socket to the Runtime API: connect, write whole buffers, read what is there.
///
/// The Runtime API is HTTP/1.1 on loopback and an invocation loop sends one request at a time, so plain blocking
/// system calls on the loop's own thread are all the I/O it needs: one `sendmsg` per request, one `read` per answer
/// (no event loop, no wake-up of another thread). ``shutdownBoth()`` may be called from any thread: it wakes a
/// blocked ``read(into:)`` with end-of-file, which is how graceful shutdown leaves a pending `GET next`.
final class RuntimeAPISocket: Sendable {
    private let descriptor: Int32
    /// Whether the descriptor is closed; its lock also orders ``shutdownBoth()`` against ``closeDescriptor()``, so a
    /// shutdown from another thread can never hit a descriptor number the system has handed out again.
    private let isClosed = Mutex(false)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        self.closeDescriptor()
    }

    /// Connects to `host:port` (an IP literal, or a name resolved with `getaddrinfo`), with `TCP_NODELAY`.
    /// - Throws: ``LambdaRuntimeError/connectionFailed(_:)``.
    static func open(host: String, port: Int) throws(LambdaRuntimeError) -> RuntimeAPISocket {
        var hints = addrinfo()
        hints.ai_socktype = streamType
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw LambdaRuntimeError.connectionFailed(
                "cannot resolve \(host): \(String(cString: gai_strerror(status)))"
            )
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, streamType | closeOnExec, 0)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            var result: Int32
            repeat {
                result = connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            } while result != 0 && errno == EINTR
            if result == 0 {
                var one: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return RuntimeAPISocket(descriptor: fd)
            }
            lastError = errno
            _ = close(fd)
        }
        throw LambdaRuntimeError.connectionFailed("cannot connect to \(host):\(port): \(Self.describe(lastError))")
    }

    /// Writes every byte of `parts`, in order, with as few `sendmsg` calls as the kernel allows (one, normally).
    /// - Throws: ``LambdaRuntimeError/connectionClosed`` when the connection is gone.
    func writeAll(_ parts: UnsafeBufferPointer<UnsafeRawBufferPointer>) throws(LambdaRuntimeError) {
        // Up to 4 parts (head, chunk size, chunk, chunk end): an iovec array on the stack.
        precondition(parts.count <= 4, "at most 4 parts per write")
        var vectors = (iovec(), iovec(), iovec(), iovec())
        try withUnsafeMutableBytes(of: &vectors) { raw throws(LambdaRuntimeError) in
            let iov = raw.bindMemory(to: iovec.self)
            var count = 0
            for part in parts where part.count > 0 {
                iov[count] = iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress), iov_len: part.count)
                count += 1
            }
            var first = 0
            while first < count {
                // sendmsg with MSG_NOSIGNAL, not writev: a peer that went away is an error here, not a SIGPIPE
                // that ends the process.
                var message = msghdr()
                message.msg_iov = iov.baseAddress! + first
                message.msg_iovlen = numericCast(count - first)
                let written = sendmsg(self.descriptor, &message, noSignal)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw LambdaRuntimeError.connectionClosed
                }
                // Skip what went out: whole vectors, then the front of a partly written one.
                var remaining = written
                while first < count, remaining >= iov[first].iov_len {
                    remaining -= iov[first].iov_len
                    first += 1
                }
                if first < count, remaining > 0 {
                    iov[first].iov_base += remaining
                    iov[first].iov_len -= remaining
                }
            }
        }
    }

    /// Reads what is available (blocking until something is) into `buffer`.
    /// - Returns: the number of bytes read, 0 at end-of-file (the peer closed, or ``shutdownBoth()`` was called).
    /// - Throws: ``LambdaRuntimeError/connectionClosed`` on a socket error.
    func readSome(into buffer: UnsafeMutableRawBufferPointer) throws(LambdaRuntimeError) -> Int {
        while true {
            let count = read(self.descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw LambdaRuntimeError.connectionClosed
        }
    }

    /// Ends the connection in both directions, waking a blocked read; safe from any thread, and more than once.
    func shutdownBoth() {
        self.isClosed.withLock { isClosed in
            guard !isClosed else { return }
            _ = shutdown(self.descriptor, Int32(SHUT_RDWR))
        }
    }

    /// Closes the descriptor (once). Only the connection's owner calls this, after its last read or write.
    func closeDescriptor() {
        self.isClosed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            _ = close(self.descriptor)
        }
    }

    private static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}

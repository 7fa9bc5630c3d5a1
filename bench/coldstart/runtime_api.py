"""A minimal Lambda Runtime API (2018-06-01) responder for benchmarks, on the standard library only.

Both Tandem and AWS's Python runtime interface client (awslambdaric) are measured against this same responder, so
neither side gets a faster or slower server. It is not an emulator: it serves `next`, accepts `response`, `error`
and `init/error`, and timestamps each with `time.perf_counter_ns()` the moment the request is complete.
"""

import json
import os
import selectors
import socket
import time

RUNTIME_PREFIX = b"/2018-06-01/runtime/"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:tandem-bench"


class Request:
    __slots__ = ("method", "path", "headers", "body", "completed_ns")

    def __init__(self, method, path, headers, body, completed_ns):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.completed_ns = completed_ns


class Connection:
    """One HTTP/1.1 keep-alive connection: parses requests (Content-Length or chunked bodies) as bytes arrive."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def feed(self, data):
        self.buffer += data
        requests = []
        while True:
            request = self._parse_one()
            if request is None:
                return requests
            requests.append(request)

    def _parse_one(self):
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self.buffer[:end].decode("latin-1").split("\r\n")
        method, path, _ = head[0].split(" ", 2)
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        rest = self.buffer[end + 4:]
        if headers.get("expect", "").lower() == "100-continue" and not getattr(self, "_continued", False):
            self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            self._continued = True
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body, used = _parse_chunked(rest)
            if body is None:
                return None
        else:
            length = int(headers.get("content-length", "0") or "0")
            if len(rest) < length:
                return None
            body, used = rest[:length], length
        self.buffer = rest[used:]
        self._continued = False
        return Request(method, path, headers, body, time.perf_counter_ns())

    def send(self, status, body=b"", headers=()):
        reason = {200: "OK", 202: "Accepted", 400: "Bad Request", 404: "Not Found"}.get(status, "OK")
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


def _parse_chunked(data):
    """Returns (body, bytes used) for a complete chunked body (trailers included), else (None, 0)."""
    body = b""
    position = 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            return None, 0
        size = int(data[position:line_end].split(b";")[0], 16)
        position = line_end + 2
        if size == 0:
            trailer_end = data.find(b"\r\n\r\n", position - 2)
            if trailer_end < 0:
                return None, 0
            return body, trailer_end + 4
        if len(data) < position + size + 2:
            return None, 0
        body += data[position:position + size]
        position += size + 2


def invocation_headers(request_id, deadline_ms=None):
    deadline_ms = deadline_ms or int(time.time() * 1000) + 300_000
    return [
        ("Content-Type", "application/json"),
        ("Lambda-Runtime-Aws-Request-Id", request_id),
        ("Lambda-Runtime-Deadline-Ms", str(deadline_ms)),
        ("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN),
        ("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
    ]


class RuntimeAPI:
    """Listens on 127.0.0.1 (a free port) and answers one bootstrap process; make a new one per process."""

    def __init__(self, event):
        self.event = event
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.setblocking(False)
        self.address = "127.0.0.1:%d" % self.listener.getsockname()[1]
        self.connections = []

    def close(self):
        """Closes the listener and every connection (after the process is gone, so it cannot reconnect)."""
        for connection in self.connections:
            connection.sock.close()
        self.connections = []
        self.listener.close()

    def accept_blocking(self, timeout):
        """Waits for one connection and returns it as a blocking socket (for the warm benchmark's tight loop)."""
        self.listener.settimeout(timeout)
        try:
            sock, _ = self.listener.accept()
        finally:
            self.listener.setblocking(False)
        sock.setblocking(True)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return Connection(sock)

    def serve_first_invocation(self, process, timeout_s):
        """Serves one invocation to `process` and returns what happened, with timestamps (perf_counter_ns).

        Returns a dict: next_ns (first GET next complete), response_ns (first response or error complete),
        outcome ("response", "error", "init_error", "exited", "timeout") and the body posted.
        """
        selector = selectors.DefaultSelector()
        selector.register(self.listener, selectors.EVENT_READ, None)
        connections = self.connections
        result = {"next_ns": None, "response_ns": None, "outcome": "timeout", "body": b""}
        request_id = "bench-%d-%d" % (os.getpid(), time.perf_counter_ns())
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                events = selector.select(timeout=0.002)
                for key, _ in events:
                    if key.data is None:
                        sock, _ = self.listener.accept()
                        sock.setblocking(False)
                        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                        connection = Connection(sock)
                        connections.append(connection)
                        selector.register(sock, selectors.EVENT_READ, connection)
                        continue
                    connection = key.data
                    try:
                        data = connection.sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except ConnectionError:
                        data = b""
                    if not data:
                        selector.unregister(connection.sock)
                        connection.sock.close()
                        connections.remove(connection)
                        continue
                    connection.sock.setblocking(True)
                    try:
                        for request in connection.feed(data):
                            if self._handle(request, connection, result, request_id):
                                return result
                    finally:
                        connection.sock.setblocking(False)
                if process.poll() is not None:
                    result["outcome"] = "exited"
                    return result
            return result
        finally:
            selector.close()

    def _handle(self, request, connection, result, request_id):
        path = request.path
        if request.method == "GET" and path == "/2018-06-01/runtime/invocation/next":
            if result["next_ns"] is not None:
                return False  # the second next: leave it waiting, as Lambda does between invocations
            result["next_ns"] = request.completed_ns
            connection.send(200, self.event, invocation_headers(request_id))
            return False
        if request.method == "POST" and path == f"/2018-06-01/runtime/invocation/{request_id}/response":
            result["response_ns"] = request.completed_ns
            result["outcome"] = "response"
            result["body"] = request.body
            connection.send(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
            return True
        if request.method == "POST" and path == f"/2018-06-01/runtime/invocation/{request_id}/error":
            result["response_ns"] = request.completed_ns
            result["outcome"] = "error"
            result["body"] = request.body
            connection.send(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
            return True
        if request.method == "POST" and path == "/2018-06-01/runtime/init/error":
            result["outcome"] = "init_error"
            result["body"] = request.body
            connection.send(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
            return True
        connection.send(404, json.dumps({"errorMessage": "not found", "errorType": "InvalidRequest"}).encode())
        return False

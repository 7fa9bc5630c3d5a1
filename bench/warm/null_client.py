"""The measurement floor: a Runtime API client that does nothing but the HTTP exchange (no JSON, no handler).

What the warm benchmark reports for it is the responder's and the loopback's own cost; subtract it from a runtime's
figure to get that runtime's overhead.
"""

import os
import socket


def read_response(sock, buffer):
    while b"\r\n\r\n" not in buffer:
        buffer += sock.recv(65536)
    head, _, rest = buffer.partition(b"\r\n\r\n")
    length = 0
    request_id = b""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"lambda-runtime-aws-request-id":
            request_id = value.strip()
    while len(rest) < length:
        rest += sock.recv(65536)
    return request_id, rest[length:]


def main():
    host, _, port = os.environ["AWS_LAMBDA_RUNTIME_API"].partition(":")
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    next_request = f"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    body = b'{"statusCode":200}'
    buffer = b""
    while True:
        sock.sendall(next_request)
        request_id, buffer = read_response(sock, buffer)
        sock.sendall(b"POST /2018-06-01/runtime/invocation/" + request_id + b"/response HTTP/1.1\r\nHost: "
                     + host.encode() + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        _, buffer = read_response(sock, buffer)


if __name__ == "__main__":
    main()

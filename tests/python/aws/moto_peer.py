"""Runs moto's server on a free loopback port for the TandemAWS client tests.

Prints the port on the first line of stdout, then serves until stdin reaches end of file (the test process exited or
closed the pipe), so the server never outlives the tests. Signature checking is switched on by the tests themselves
(they create an IAM user, key and policy, then POST /moto-api/reset-auth with 0).
"""

import logging
import os
import sys
import threading

from moto.server import ThreadedMotoServer


class DynamoDBWritesOneAtATime:
    """DynamoDB applies the writes to one item one at a time (an UpdateItem's `list_append` is atomic); moto's
    threaded server runs requests in parallel threads without a lock, so two concurrent UpdateItems on one item can
    lose one (seen: 7 of 8 concurrent appends to one conversation landed). Serving DynamoDB's JSON requests one at a
    time restores the guarantee the code under test relies on; other services (SQS long polls) stay concurrent."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            return self.app(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    server._server.app = DynamoDBWritesOneAtATime(server._server.app)
    _, port = server.get_host_and_port()
    print(port, flush=True)
    sys.stdout = open(os.devnull, "w")
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()

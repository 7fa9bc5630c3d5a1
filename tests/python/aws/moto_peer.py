"""Runs moto's server on a free loopback port for the TandemAWS client tests.

Prints the port on the first line of stdout, then serves until stdin reaches end of file (the test process exited or
closed the pipe), so the server never outlives the tests. Signature checking is switched on by the tests themselves
(they create an IAM user, key and policy, then POST /moto-api/reset-auth with 0).
"""

import logging
import os
import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(port, flush=True)
    sys.stdout = open(os.devnull, "w")
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()

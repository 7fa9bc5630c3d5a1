#!/usr/bin/env python3
"""Decode event-stream frames with botocore's EventStreamBuffer: hex on stdin, JSON on stdout.

Used by TandemAWS's EventStreamBotocoreTests to check that frames TandemAWS encodes decode with botocore. The input
is one hex string holding any number of concatenated frames; it is fed to botocore in uneven chunks. The output is a
JSON list with, per message, its headers as {name: [python type, value]} (bytes as hex) and its payload as hex.
"""

import json
import sys

from botocore.eventstream import EventStreamBuffer


def describe(value):
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", value]
    if isinstance(value, bytes):
        return ["bytes", value.hex()]
    return ["str", value]


def main():
    data = bytes.fromhex(sys.stdin.read().strip())
    buffer = EventStreamBuffer()
    messages = []
    position, step = 0, 1
    while position < len(data):
        buffer.add_data(data[position:position + step])
        position += step
        step = step * 3 % 97 + 1
        for message in buffer:
            messages.append({
                "headers": {name: describe(value) for name, value in message.headers.items()},
                "payload_hex": message.payload.hex(),
            })
    json.dump(messages, sys.stdout)


if __name__ == "__main__":
    main()

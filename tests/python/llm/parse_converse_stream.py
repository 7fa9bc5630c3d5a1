#!/usr/bin/env python3
"""Parse a ConverseStream body with botocore: hex on stdin, botocore's events as a JSON list on stdout.

Used by TandemLLM's BedrockBotocoreFixtureTests to check that the ConverseStream frames TandemLLM's
BedrockStreamEncoder writes are read by botocore's EventStreamBuffer and its ConverseStream parser as the same events.
"""

import json
import sys

from generate_bedrock_fixture import botocore_events


def main():
    data = bytes.fromhex(sys.stdin.read().strip())
    json.dump(botocore_events(data), sys.stdout)


if __name__ == "__main__":
    main()

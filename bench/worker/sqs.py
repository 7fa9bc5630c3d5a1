"""moto's server for bench/worker/run.sh: prints its port, creates a queue, sends the messages, prints the queue URL,
then serves until stdin closes."""

import json
import logging
import os
import sys

import boto3
from moto.server import ThreadedMotoServer

TEXT = (
    "Document {n}. The museum reopened after a two-year renovation of its roof and galleries. Visitors can now see "
    "the restored ceiling paintings, a new room of maps from the harbour's early trade, and a workshop where "
    "conservators explain how pigments are matched. Tickets are cheaper for students on weekdays, the cafe on the top "
    "floor serves lunch until three, and guided tours in four languages leave from the main hall every hour."
)


def main() -> None:
    count = int(sys.argv[1])
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(port, flush=True)
    sqs = boto3.client(
        "sqs",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    url = sqs.create_queue(QueueName="bench-documents", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    for start in range(0, count, 10):
        entries = [
            {"Id": str(n), "MessageBody": json.dumps({"id": f"doc-{n}", "text": TEXT.format(n=n)})}
            for n in range(start, min(count, start + 10))
        ]
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    print(url, flush=True)
    sys.stdout = open(os.devnull, "w")
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()

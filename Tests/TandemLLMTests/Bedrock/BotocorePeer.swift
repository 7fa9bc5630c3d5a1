import Foundation

/// botocore as a peer for InvokeModelWithResponseStream, run as `python -c` with the script below (the venv's boto3
/// and botocore; see ``BedrockTestSupport/python``):
/// - `request`: what boto3's `invoke_model_with_response_stream` sends and signs at a fixed time (JSON in: region,
///   keys, model id, body, optional Lambda trace id; JSON out: URL, headers, canonical request, Authorization);
/// - `parse`: an event-stream body (hex in) read by botocore's `EventStream` with the operation's own output shape
///   (JSON out: each chunk's decoded model JSON, or the exception that ended it);
/// - `encode`: frames written by an encoder independent of TandemAWS's (struct + zlib CRC-32), checked frame by frame
///   with botocore's `EventStreamBuffer` (JSON in: chunks as values or exact text, and exceptions; hex out).
enum BotocorePeer {
    /// Runs the script in `mode` with `input` on stdin.
    static func run(_ mode: String, input: String) throws -> (status: Int32, output: String) {
        guard let python = BedrockTestSupport.python else { return (-1, "no python") }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", Self.script, mode]
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationStatus
        return (status, String(decoding: status == 0 ? data : data + errorData, as: UTF8.self))
    }

    static let script = #"""
import base64, binascii, datetime, json, struct, sys
from unittest import mock
import boto3, botocore.auth, botocore.eventstream, botocore.parsers, botocore.session, botocore.exceptions

def frame(headers, payload):
    block = b""
    for key, value in headers:
        raw = value.encode()
        block += bytes([len(key)]) + key.encode() + b"\x07" + struct.pack(">H", len(raw)) + raw
    prelude = struct.pack(">II", 16 + len(block) + len(payload), len(block))
    prelude += struct.pack(">I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + block + payload
    return message + struct.pack(">I", binascii.crc32(message) & 0xFFFFFFFF)

class Raw:
    def __init__(self, data): self.data = data
    def stream(self):
        for i in range(0, len(self.data), 29): yield self.data[i:i + 29]
    def close(self): pass

def parse(data):
    model = botocore.session.get_session().get_service_model("bedrock-runtime")
    shape = model.operation_model("InvokeModelWithResponseStream").output_shape.members["body"]
    stream = botocore.eventstream.EventStream(Raw(data), shape, botocore.parsers.EventStreamJSONParser(),
                                              "InvokeModelWithResponseStream")
    out = []
    try:
        for item in stream:
            chunk = item["chunk"]["bytes"]
            out.append({"chunk": json.loads(chunk)})
    except botocore.exceptions.EventStreamError as error:
        out.append({"exception": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]})
    return out

def encode(spec):
    data = b""
    for item in spec:
        if "chunk" in item or "raw" in item:
            raw = item["raw"].encode() if "raw" in item else json.dumps(item["chunk"]).encode()
            payload = {"bytes": base64.b64encode(raw).decode(), "p": "abcdefgh"}
            headers = [(":event-type", "chunk"), (":content-type", "application/json"), (":message-type", "event")]
            data += frame(headers, json.dumps(payload).encode())
        else:
            headers = [(":exception-type", item["exception"]), (":content-type", "application/json"),
                       (":message-type", "exception")]
            data += frame(headers, json.dumps({"message": item["message"]}).encode())
    buffer = botocore.eventstream.EventStreamBuffer()
    buffer.add_data(data)
    count = sum(1 for _ in buffer)
    assert count == len(spec), (count, len(spec))
    return data

def request(args):
    import os
    if args.get("trace"):
        # botocore's recursion-detection handler sends _X_AMZN_TRACE_ID on Lambda (unsigned).
        os.environ["AWS_LAMBDA_FUNCTION_NAME"] = "tandem-test"
        os.environ["_X_AMZN_TRACE_ID"] = args["trace"]
    client = boto3.client("bedrock-runtime", region_name=args["region"], aws_access_key_id=args["access_key"],
                          aws_secret_access_key=args["secret_key"], aws_session_token=args.get("token"))
    seen = {}
    class Captured(Exception): pass
    def before_send(request, **_):
        seen["url"] = request.url
        seen["headers"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        seen["body"] = request.body
        raise Captured()
    original = botocore.auth.SigV4Auth.canonical_request
    def canonical(self, req):
        seen["canonical_request"] = original(self, req)
        return seen["canonical_request"]
    client.meta.events.register("before-send", before_send)
    when = datetime.datetime(2024, 3, 7, 9, 5, 42)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when), \
            mock.patch.object(botocore.auth.SigV4Auth, "canonical_request", canonical):
        try:
            client.invoke_model_with_response_stream(modelId=args["model_id"], body=args["body"].encode(),
                                                     contentType="application/json", accept="application/json")
        except Captured:
            pass
    return {"url": seen["url"], "headers": seen["headers"], "canonical_request": seen["canonical_request"],
            "authorization": seen["headers"]["Authorization"], "body": seen["body"].decode()}

mode = sys.argv[1]
text = sys.stdin.read()
if mode == "parse":
    json.dump(parse(bytes.fromhex(text.strip())), sys.stdout)
elif mode == "encode":
    sys.stdout.write(encode(json.loads(text)).hex())
elif mode == "request":
    json.dump(request(json.loads(text)), sys.stdout)
"""#
}

// SigV4 signing cost per request, as a timed loop (build with -c release; see run.sh).
//
// Prints one line per scenario: iterations, total time and nanoseconds per request. The scenarios mirror
// botocore_bench.py so the two can be compared in the same run.

import Foundation
import TandemAWS

let credentials = AWSCredentials(
    accessKeyID: "ASIAEXAMPLESESSION01",
    secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    sessionToken: "IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJHMEUCIQD+example/session/token=="
)
let date = Date(timeIntervalSince1970: 1_709_802_342)
let body =
    Array(
        #"{"messages":[{"role":"user","content":[{"text":"Summarise the attached report in three bullet points."}]}],"#
            .utf8
    ) + Array(#""inferenceConfig":{"maxTokens":512,"temperature":0.2}}"#.utf8)

let bedrock = SigV4Signer(service: "bedrock", region: "us-east-1")
let converse = try SigV4Request(
    method: "POST",
    url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
    headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
    payload: .bytes(body)
)
let s3 = SigV4Signer(service: "s3", region: "us-west-2")
let getObject = try SigV4Request(
    method: "GET",
    url: "https://examplebucket.s3.us-west-2.amazonaws.com/photos/2024/my%20photo.jpg",
    payload: .unsigned
)

@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func measure(_ name: String, iterations: Int, _ body: () -> Void) {
    for _ in 0..<(iterations / 10) { body() }  // warm-up (also fills the signing-key cache)
    let clock = ContinuousClock()
    var best = Duration.seconds(1_000)
    for _ in 0..<5 {
        let elapsed = clock.measure {
            for _ in 0..<iterations { body() }
        }
        best = min(best, elapsed)
    }
    let nanoseconds = Double(best.components.seconds) * 1e9 + Double(best.components.attoseconds) / 1e9
    let perRequest = nanoseconds / Double(iterations)
    print(
        String(
            format: "%@ %8d iterations  best of 5: %8.1f ms  %7.2f us/request",
            name.padding(toLength: 44, withPad: " ", startingAt: 0) as NSString,
            iterations,
            nanoseconds / 1e6,
            perRequest / 1000
        )
    )
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 100_000
measure("swift bedrock converse (header, 139 B body)", iterations: iterations) {
    blackHole(bedrock.sign(converse, credentials: credentials, date: date))
}
measure("swift s3 get-object (header, unsigned)", iterations: iterations) {
    blackHole(s3.sign(getObject, credentials: credentials, date: date))
}
measure("swift s3 get-object (presigned URL)", iterations: iterations) {
    blackHole(s3.presign(getObject, credentials: credentials, date: date, expires: 900))
}

import Testing

@testable import TandemLambdaEmulator

/// The emulator starting, killing and restarting a real bootstrap: a Runtime API client written in bash over
/// `/dev/tcp` (a third client, with its own HTTP handling), so these tests need nothing but bash.
@Suite("Bootstrap process management", .serialized)
struct ProcessTests {
    /// A one-file runtime: `GET next`, then `sleep` / `crash` / echo the event with its environment.
    static let bashRuntime = #"""
        set -u
        api="$AWS_LAMBDA_RUNTIME_API"; host="${api%:*}"; port="${api##*:}"
        post() { # path, error-type header or "", body
            exec 3<>"/dev/tcp/$host/$port"
            local extra=""
            [ -n "$2" ] && extra="Lambda-Runtime-Function-Error-Type: $2"$'\r\n'
            printf 'POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
                "$1" "$api" "$extra" "${#3}" "$3" >&3
            cat <&3 >/dev/null
            exec 3<&-
        }
        if [ "${FAIL_INIT:-}" = 1 ]; then
            post /2018-06-01/runtime/init/error Runtime.BadConfig '{"errorMessage":"bad config","errorType":"Runtime.BadConfig"}'
            exit 1
        fi
        while true; do
            exec 3<>"/dev/tcp/$host/$port"
            printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$api" >&3
            id=""; len=0
            while IFS= read -r line <&3; do
                line="${line%$'\r'}"
                [ -z "$line" ] && break
                case "${line,,}" in
                    lambda-runtime-aws-request-id:*) id="${line#*: }" ;;
                    content-length:*) len="${line#*: }" ;;
                esac
            done
            body=""
            if [ "$len" -gt 0 ]; then IFS= read -r -N "$len" body <&3; fi
            exec 3<&-
            case "$body" in
                *sleep*) sleep 30 ;;
                *crash*) exit 3 ;;
            esac
            post "/2018-06-01/runtime/invocation/$id/response" "" "{\"echo\":$body,\"pid\":$$,\"function\":\"$AWS_LAMBDA_FUNCTION_NAME\",\"memory\":\"$AWS_LAMBDA_FUNCTION_MEMORY_SIZE\",\"handler\":\"${_HANDLER:-}\",\"taskRoot\":\"$LAMBDA_TASK_ROOT\",\"cwd\":\"$(pwd)\",\"logGroup\":\"$AWS_LAMBDA_LOG_GROUP_NAME\",\"region\":\"$AWS_REGION\",\"tz\":\"$TZ\"}"
        done
        """#

    static func bash(environment: [String: String] = [:]) -> BootstrapProgram {
        BootstrapProgram(
            executable: "/bin/bash",
            arguments: ["-c", Self.bashRuntime],
            environment: environment,
            output: .discard
        )
    }

    static func field(_ name: String, in text: String) -> String? {
        let key = "\"\(name)\":"
        guard let start = text.indices.first(where: { text[$0...].hasPrefix(key) }) else { return nil }
        let rest = text[text.index(start, offsetBy: key.count)...]
        if rest.hasPrefix("\"") {
            return String(rest.dropFirst().prefix { $0 != "\"" })
        }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }

    @Test("the Lambda environment; an overrun is killed (Sandbox.Timeout) and restarted; a crash is Runtime.ExitError")
    func timeoutAndCrashRestart() async throws {
        var configuration = EmulatorHarness.configuration(timeout: .seconds(1), bootstrap: Self.bash())
        configuration.functionName = "emulated"
        configuration.memorySize = 256
        configuration.handler = "handler.fn"
        configuration.taskRoot = "/tmp"
        try await EmulatorHarness.with(configuration) { emulator in
            let client = EmulatorHarness.client(emulator)
            let first = try await client.invoke(#"{"n":1}"#)
            #expect(first.functionError == nil)
            #expect(first.text.hasPrefix(#"{"echo":{"n":1},"#))
            #expect(Self.field("function", in: first.text) == "emulated")
            #expect(Self.field("memory", in: first.text) == "256")
            #expect(Self.field("handler", in: first.text) == "handler.fn")
            #expect(Self.field("taskRoot", in: first.text) == "/tmp")
            #expect(Self.field("cwd", in: first.text) == "/tmp")
            #expect(Self.field("logGroup", in: first.text) == "/aws/lambda/emulated")
            #expect(Self.field("region", in: first.text) == "us-east-1")
            #expect(Self.field("tz", in: first.text) == ":UTC")
            let firstPID = try #require(Self.field("pid", in: first.text))

            let clock = ContinuousClock()
            let started = clock.now
            let overrun = try await client.invoke(#"{"sleep":true}"#)
            let waited = clock.now - started
            #expect(overrun.functionError?.type == "Sandbox.Timeout")
            #expect(overrun.text.contains("Task timed out after 1.00 seconds"))
            #expect(waited >= .milliseconds(900) && waited < .seconds(10))

            let afterTimeout = try await client.invoke(#"{"n":2}"#)
            #expect(afterTimeout.functionError == nil)
            let secondPID = try #require(Self.field("pid", in: afterTimeout.text))
            #expect(secondPID != firstPID)

            let crashed = try await client.invoke(#"{"crash":true}"#)
            #expect(crashed.functionError?.type == "Runtime.ExitError")
            #expect(crashed.text.contains("Runtime exited with error: exit status 3"))

            let afterCrash = try await client.invoke(#"{"n":3}"#)
            #expect(afterCrash.functionError == nil)
            #expect(Self.field("pid", in: afterCrash.text) != secondPID)
        }
    }

    @Test("an init error reaches the caller with the runtime's type and body, every time init fails")
    func initErrorFromProcess() async throws {
        let configuration = EmulatorHarness.configuration(bootstrap: Self.bash(environment: ["FAIL_INIT": "1"]))
        try await EmulatorHarness.with(configuration) { emulator in
            let client = EmulatorHarness.client(emulator)
            for _ in 0..<2 {
                let failed = try await client.invoke("{}")
                #expect(failed.functionError?.type == "Runtime.BadConfig")
                #expect(failed.text == #"{"errorMessage":"bad config","errorType":"Runtime.BadConfig"}"#)
            }
        }
    }

    @Test("a bootstrap that cannot be started fails the invocation instead of hanging")
    func missingBootstrap() async throws {
        let program = BootstrapProgram(executable: "/nonexistent/bootstrap", output: .discard)
        try await EmulatorHarness.with(EmulatorHarness.configuration(bootstrap: program)) { emulator in
            let failed = try await EmulatorHarness.client(emulator).invoke("{}")
            #expect(failed.functionError?.type == "Runtime.ExitError")
            #expect(failed.text.contains("/nonexistent/bootstrap"))
        }
    }
}

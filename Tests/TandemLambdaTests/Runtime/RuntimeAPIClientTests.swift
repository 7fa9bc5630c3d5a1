import NIOHTTP1
import TandemCore
import Testing

/// The Lambda runtime run against ``ScriptedRuntimeAPI``, one test at a time: the runtime sets the process-wide
/// `_X_AMZN_TRACE_ID`, so these tests must not overlap. The nested suites live in the other files of this folder.
@Suite("Lambda runtime against a scripted Runtime API", .serialized)
struct RuntimeAPIClientTests {}

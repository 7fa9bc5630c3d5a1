public import Logging
import Synchronization
public import TandemCore
public import TandemLLM

/// The WebSocket chat of one connection, whichever host carries it: decodes client frames, runs each chat through a
/// ``ChatProvider`` (usually the router) and sends its events through a ``ChatSocketSink``.
///
/// - Each upstream text delta becomes one `delta` event, sent as it arrives.
/// - Every chat ends with exactly one terminal event, `done` or `error` (invalid JSON, unknown model, upstream
///   failure before or after the first token, deadline, cancel): never silence.
/// - When the sink reports the client gone, the model call is cancelled at once and nothing more is sent.
/// - `{"action":"cancel","id"}` cancels the chat with that id running in this session.
/// - With a ``ChatConversationStore`` the connection's earlier turns go in front of each chat's messages, and each
///   completed exchange is appended before its `done` event is sent (so the next message sees it).
///
/// The server host keeps one session per socket and calls ``receive(_:deadline:)`` for each frame (a chat runs
/// until its terminal event, so run chats concurrently if cancels should overtake them); the Lambda host makes one
/// per message event.
///
/// ```swift
/// let session = ChatSocketSession(connectionID: id, chat: router, store: store, sink: sink, logger: logger)
/// for try await frame in socket.inbound { group.addTask { await session.receive(frame, deadline: .distantFuture) } }
/// session.close()
/// ```
public final class ChatSocketSession: Sendable {
    /// The connection's id (API Gateway's `connectionId`, or one the server host makes up).
    public let connectionID: String
    private let chat: any ChatProvider
    private let store: (any ChatConversationStore)?
    private let sink: any ChatSocketSink
    private let prices: PriceTable?
    private let options: Options
    private let logger: Logger
    private let running = Mutex(Running())

    /// Why a running chat was stopped from outside.
    private enum StopReason: Sendable {
        case cancelled
        case closed
    }

    private struct Running {
        var tasks: [String: (task: Task<ChatSocketOutcome, Never>, token: Int)] = [:]
        var stopped: [Int: StopReason] = [:]
        var nextToken = 0
        var closed = false
    }

    /// Creates a session.
    /// - Parameters:
    ///   - connectionID: The connection's id (the store's key).
    ///   - chat: What answers (the router, a provider, a scripted model in tests).
    ///   - store: Where the conversation is kept; nil for none (each chat stands alone).
    ///   - sink: Where frames go.
    ///   - prices: Prices for the `done` event's cost when `chat` is not a ``Router`` (the router prices its own).
    ///   - options: Limits and timeouts.
    ///   - logger: Where the session logs (debug level; never message content).
    public init(
        connectionID: String,
        chat: any ChatProvider,
        store: (any ChatConversationStore)? = nil,
        sink: any ChatSocketSink,
        prices: PriceTable? = nil,
        options: Options = Options(),
        logger: Logger
    ) {
        self.connectionID = connectionID
        self.chat = chat
        self.store = store
        self.sink = sink
        self.prices = prices
        self.options = options
        self.logger = logger
    }

    /// The ids of the chats running now.
    public var runningIDs: [String] { self.running.withLock { Array($0.tasks.keys) } }

    /// Handles one client frame: decodes it and runs or cancels a chat. Never throws: every failure becomes an
    /// `error` event (or, when the client is gone, nothing).
    ///
    /// - Parameters:
    ///   - frame: The frame's bytes.
    ///   - deadline: When a chat must be over (Lambda's deadline less a margin, or the server's limit).
    /// - Returns: How it ended; a chat returns after its terminal event.
    @discardableResult
    public func receive(_ frame: [UInt8], deadline: Deadline) async -> ChatSocketOutcome {
        let message: ChatSocketClientMessage
        do {
            message = try ChatSocketCodec.decodeClientMessage(frame)
        } catch {
            self.logger.debug("invalid WebSocket chat frame", metadata: ["error.code": "\(error.error.code)"])
            return await self.send(error.event) ? .failed(error.error.code) : .gone
        }
        return await self.handle(message, deadline: deadline)
    }

    /// Handles one decoded client message.
    /// - Returns: How it ended.
    @discardableResult
    public func handle(_ message: ChatSocketClientMessage, deadline: Deadline) async -> ChatSocketOutcome {
        switch message {
        case .chat(let request):
            return await self.run(request, deadline: deadline)
        case .cancel(let id):
            self.cancel(id: id)
            return .cancelRequested
        }
    }

    /// Runs one chat until its terminal event.
    /// - Returns: How it ended.
    @discardableResult
    public func run(_ request: ChatSocketRequest, deadline: Deadline) async -> ChatSocketOutcome {
        if let maxTokens = request.chat.maxTokens, maxTokens > self.options.maxTokens {
            let error = ChatSocketError(
                .invalidRequest,
                "max_tokens: \(maxTokens) exceeds this server's limit of \(self.options.maxTokens)"
            )
            return await self.send(.error(id: request.id, error)) ? .failed(error.code) : .gone
        }
        enum Admission {
            case started(Task<ChatSocketOutcome, Never>, token: Int)
            case duplicate
            case closed
        }
        let admission: Admission = self.running.withLock { running in
            if running.closed { return .closed }
            if running.tasks[request.id] != nil { return .duplicate }
            running.nextToken += 1
            let token = running.nextToken
            let task = Task(executorPreference: ConnectionExecutor.current) {
                await self.drive(request, deadline: deadline, token: token)
            }
            running.tasks[request.id] = (task, token)
            return .started(task, token: token)
        }
        switch admission {
        case .closed:
            return .gone
        case .duplicate:
            let error = ChatSocketError(.duplicateID, "a chat with id '\(request.id)' is already running")
            return await self.send(.error(id: request.id, error)) ? .failed(error.code) : .gone
        case .started(let task, let token):
            let outcome = await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                task.cancel()
            }
            self.running.withLock { running in
                if running.tasks[request.id]?.token == token { running.tasks[request.id] = nil }
                running.stopped[token] = nil
            }
            return outcome
        }
    }

    /// Cancels the chat with `id`, if it is running: its model call is cancelled and it ends with an `error` event
    /// of code `cancelled`.
    /// - Returns: Whether a chat was running under that id.
    @discardableResult
    public func cancel(id: String) -> Bool {
        let task: Task<ChatSocketOutcome, Never>? = self.running.withLock { running in
            guard let entry = running.tasks[id] else { return nil }
            running.stopped[entry.token] = .cancelled
            return entry.task
        }
        task?.cancel()
        return task != nil
    }

    /// Ends the session (the socket closed, `$disconnect`, shutdown): cancels every running chat without sending
    /// anything more, and refuses new ones.
    public func close() {
        let tasks = self.running.withLock { running in
            running.closed = true
            for entry in running.tasks.values { running.stopped[entry.token] = .closed }
            return running.tasks.values.map(\.task)
        }
        for task in tasks { task.cancel() }
    }

    // MARK: Running a chat

    private func stopReason(_ token: Int) -> StopReason? {
        self.running.withLock { $0.stopped[token] }
    }

    /// Sends `event`; false when the client is gone (or the frame could not be sent, which is the same to us).
    private func send(_ event: ChatSocketEvent) async -> Bool {
        do {
            try await self.sink.send(ChatSocketCodec.encode(event))
            return true
        } catch {
            self.logger.debug(
                "WebSocket chat client gone",
                metadata: ["connection.id": "\(self.connectionID)", "error.type": "\(type(of: error))"]
            )
            return false
        }
    }

    private func drive(_ request: ChatSocketRequest, deadline: Deadline, token: Int) async -> ChatSocketOutcome {
        let id = request.id
        var chat = request.chat
        let newMessages = chat.messages
        if let store = self.store {
            do {
                let history = try await store.history(connectionID: self.connectionID, limit: self.options.historyLimit)
                chat.messages = history + newMessages
            } catch {
                self.logger.warning(
                    "WebSocket chat history unavailable",
                    metadata: ["connection.id": "\(self.connectionID)", "error.type": "\(type(of: error))"]
                )
                return await self.fail(id, ChatSocketError(.internal, "the conversation could not be loaded"))
            }
        }
        let options = CallOptions(
            deadline: deadline,
            firstTokenTimeout: self.options.firstTokenTimeout,
            idleTimeout: self.options.idleTimeout,
            requestID: id,
            logger: self.logger
        )
        let report = Mutex<RouteReport?>(nil)
        let stream: ChatStream
        do {
            if let router = self.chat as? Router {
                stream = try await router.stream(chat, options: options, session: self.connectionID) { routed in
                    report.withLock { $0 = routed }
                }
            } else {
                stream = try await self.chat.stream(chat, options: options)
            }
        } catch {
            return await self.fail(id, Self.socketError(error))
        }
        guard await self.send(.start(id: id, model: request.chat.model)) else { return .gone }

        var text = ""
        var usage = Usage()
        var finishReason: FinishReason?
        var toolCalls: [Int: ToolCall] = [:]
        do {
            for try await event in stream {
                switch event {
                case .textDelta(let delta):
                    text += delta
                    // One frame per upstream delta; a failed send ends the loop, which cancels the upstream call.
                    guard await self.send(.delta(id: id, text: delta)) else { return .gone }
                case .usage(let reported):
                    usage = reported
                case .finish(let reason):
                    finishReason = reason
                case .toolCallStart(let index, let callID, let name):
                    toolCalls[index] = ToolCall(id: callID, name: name, arguments: "")
                case .toolCallArgumentsDelta(let index, let fragment):
                    toolCalls[index]?.arguments += fragment
                case .error(let error):
                    return await self.fail(id, ChatSocketError(error))
                case .messageStart, .reasoningDelta, .reasoningSignature, .toolCallEnd:
                    break
                }
            }
        } catch {
            if let reason = self.stopReason(token) { return await self.stopped(id, reason) }
            return await self.fail(id, Self.socketError(error))
        }
        if let reason = self.stopReason(token) { return await self.stopped(id, reason) }
        if Task.isCancelled { return await self.stopped(id, .cancelled) }
        guard let finishReason else {
            let error = ChatSocketError(
                .init(LLMError.Code.badResponse.rawValue),
                "the model stopped without finishing"
            )
            return await self.fail(id, error)
        }
        if let store = self.store {
            let calls = toolCalls.sorted { $0.key < $1.key }.map { entry in
                var call = entry.value
                if call.arguments.isEmpty { call.arguments = "{}" }
                return call
            }
            let answer = ChatMessage.assistant(text.isEmpty ? nil : text, toolCalls: calls)
            do {
                try await store.append(newMessages + [answer], connectionID: self.connectionID)
            } catch {
                self.logger.warning(
                    "WebSocket chat turn not stored",
                    metadata: ["connection.id": "\(self.connectionID)", "error.type": "\(type(of: error))"]
                )
            }
        }
        let cost = report.withLock { $0?.cost } ?? self.prices?.cost(of: usage, model: request.chat.model)
        let done = ChatSocketEvent.done(id: id, finishReason: finishReason, usage: usage, cost: cost?.total)
        return await self.send(done) ? .completed : .gone
    }

    private func fail(_ id: String, _ error: ChatSocketError) async -> ChatSocketOutcome {
        await self.send(.error(id: id, error)) ? .failed(error.code) : .gone
    }

    private func stopped(_ id: String, _ reason: StopReason) async -> ChatSocketOutcome {
        switch reason {
        case .closed:
            return .gone
        case .cancelled:
            return await self.fail(id, ChatSocketError(.cancelled, "the chat was cancelled"))
        }
    }

    static func socketError(_ error: any Error) -> ChatSocketError {
        switch error {
        case let error as LLMError: ChatSocketError(error)
        case let error as ChatSocketError: error
        case is CancellationError: ChatSocketError(.cancelled, "the chat was cancelled")
        default: ChatSocketError(.internal, "the chat failed")
        }
    }
}

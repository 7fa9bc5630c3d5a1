extension BatchProcessor {
    /// How a ``BatchProcessor`` runs a batch.
    public struct Configuration: Sendable, Hashable {
        /// How many records run at once (default 1: one after another). Records of one FIFO message group,
        /// Kinesis partition key or DynamoDB item always run in order, one at a time.
        public var maxConcurrency: Int
        /// No record starts once less than this is left before the deadline (default 2 s); the untouched records
        /// are reported as failures so they are redelivered, instead of the whole batch timing out.
        public var deadlineMargin: Duration
        /// When no record of a batch succeeded, fail the invocation instead of reporting every record
        /// (default `true`, as Powertools does). Either way Lambda retries them all; failing the invocation also
        /// counts a function error and makes an SQS event source mapping back off.
        public var failInvocationWhenAllFail: Bool
        /// For SQS FIFO queues: skip only the later records of a failed message group and go on with the other
        /// groups (``BatchMode/skipFailedGroup``), instead of stopping the batch (default `false`).
        public var fifoPerMessageGroup: Bool

        /// Creates a configuration.
        public init(
            maxConcurrency: Int = 1,
            deadlineMargin: Duration = .seconds(2),
            failInvocationWhenAllFail: Bool = true,
            fifoPerMessageGroup: Bool = false
        ) {
            self.maxConcurrency = max(1, maxConcurrency)
            self.deadlineMargin = deadlineMargin
            self.failInvocationWhenAllFail = failInvocationWhenAllFail
            self.fifoPerMessageGroup = fifoPerMessageGroup
        }
    }
}

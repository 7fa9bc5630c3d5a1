/// RAPID's names for its runtime states, used in ``RuntimeAPIErrorResponse/invalidStateTransition(from:to:)``.
package enum RAPIDStateName {
    package static let started = "Started"
    package static let initError = "InitError"
    package static let ready = "Ready"
    package static let running = "Running"
    package static let invocationResponse = "InvocationResponse"
    package static let invocationErrorResponse = "InvocationErrorResponse"
    package static let responseSent = "RuntimeResponseSentState"
}

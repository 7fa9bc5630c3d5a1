import TandemCore
import TandemLambda
import Testing

// Errors with awkward type names, as handlers throw them.
struct PlainFailure: Error {}
struct GenericFailure<Payload>: Error {}
// swift-format-ignore: AlwaysUseLowerCamelCase
struct snake_case_failure: Error {}
struct lowercasefailure: Error {}
struct HTTP404Failure: Error {}
struct E: Error {}
struct Ошибка: Error {}
enum Outer { struct InnerFailure: Error {} }
enum StateFailure: Error { case broken }

/// An error that names its own Lambda error type, which may not match Lambda's pattern.
struct NamedFailure: Error, LambdaErrorTypeProviding, CustomStringConvertible {
    var lambdaErrorType: String
    var description: String { "named failure \(self.lambdaErrorType.debugDescription)" }
}

/// One row of the error-type table: an error and the `Lambda-Runtime-Function-Error-Type` it must produce.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var make: @Sendable () -> any Error
    var expectedType: String

    var testDescription: String { self.name }

    static let all: [ErrorCase] = [
        ErrorCase(name: "plain struct", make: { PlainFailure() }, expectedType: "Function.PlainFailure"),
        ErrorCase(name: "generic type", make: { GenericFailure<[Int]>() }, expectedType: "Function.GenericFailure"),
        ErrorCase(name: "underscores", make: { snake_case_failure() }, expectedType: "Function.SnakeCaseFailure"),
        ErrorCase(name: "lower-case", make: { lowercasefailure() }, expectedType: "Function.Lowercasefailure"),
        ErrorCase(name: "digits", make: { HTTP404Failure() }, expectedType: "Function.HTTPFailure"),
        ErrorCase(name: "one letter", make: { E() }, expectedType: "Function.Error"),
        ErrorCase(name: "no ASCII letters", make: { Ошибка() }, expectedType: "Function.Error"),
        ErrorCase(name: "nested type", make: { Outer.InnerFailure() }, expectedType: "Function.InnerFailure"),
        ErrorCase(name: "enum case", make: { StateFailure.broken }, expectedType: "Function.StateFailure"),
        ErrorCase(
            name: "TandemError code",
            make: { TandemError(.invalidInput, "bad input") },
            expectedType: "Function.InvalidInput"
        ),
        ErrorCase(name: "named: empty", make: { NamedFailure(lambdaErrorType: "") }, expectedType: "Function.Error"),
        ErrorCase(
            name: "named: empty Function name",
            make: { NamedFailure(lambdaErrorType: "Function.") },
            expectedType: "Function.Error"
        ),
        ErrorCase(
            name: "named: empty Runtime name",
            make: { NamedFailure(lambdaErrorType: "Runtime.") },
            expectedType: "Runtime.Error"
        ),
        ErrorCase(
            name: "named: valid kept",
            make: { NamedFailure(lambdaErrorType: "Runtime.OutOfMemory") },
            expectedType: "Runtime.OutOfMemory"
        ),
        ErrorCase(
            name: "named: underscores",
            make: { NamedFailure(lambdaErrorType: "Function.validation_failed") },
            expectedType: "Function.ValidationFailed"
        ),
        ErrorCase(
            name: "named: digits",
            make: { NamedFailure(lambdaErrorType: "Function.Bad2Request") },
            expectedType: "Function.BadRequest"
        ),
        ErrorCase(
            name: "named: foreign prefix",
            make: { NamedFailure(lambdaErrorType: "Custom.Thing") },
            expectedType: "Function.Thing"
        ),
        ErrorCase(
            name: "named: no prefix, spaces",
            make: { NamedFailure(lambdaErrorType: "unmarshal error!") },
            expectedType: "Function.UnmarshalError"
        ),
        ErrorCase(
            name: "named: single letter",
            make: { NamedFailure(lambdaErrorType: "Function.X") },
            expectedType: "Function.Error"
        ),
    ]
}

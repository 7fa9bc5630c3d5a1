"""Handlers for AWS's own Python runtime client (awslambdaric) run against Tandem's Lambda emulator.

Started as the bootstrap: `python -m awslambdaric handler.<fn>` with LAMBDA_TASK_ROOT (and the working directory)
set to this folder. Used by Tests/TandemLambdaEmulatorTests/AWSLambdaRICTests.swift.
"""

import os
import time


def echo(event, context):
    """Returns the event and what the context says, so the test can check the Runtime API headers arrived."""
    return {
        "event": event,
        "request_id": context.aws_request_id,
        "function_arn": context.invoked_function_arn,
        "function_name": context.function_name,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "client_context": None if context.client_context is None else context.client_context.custom,
        "trace_id": os.environ.get("_X_AMZN_TRACE_ID"),
        "pid": os.getpid(),
    }


class ModelUnavailable(Exception):
    """A handler error with a type of its own, to see errorType come through."""


def fail(event, context):
    """Raises, so awslambdaric posts /error with errorMessage, errorType and stackTrace."""
    raise ModelUnavailable("the model is unavailable: " + str(event.get("model", "?")))


def sleepy(event, context):
    """Sleeps past the deadline when asked, else answers with its process id (to see the restart)."""
    time.sleep(float(event.get("seconds", 0)))
    return {"slept": event.get("seconds", 0), "pid": os.getpid()}

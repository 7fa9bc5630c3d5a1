"""The usual Python AI-service handler: SDKs imported at module level, as most functions do it."""

import anthropic  # noqa: F401
import boto3  # noqa: F401
import fastapi  # noqa: F401
import langchain_openai  # noqa: F401
import openai  # noqa: F401


def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": '{"status":"ok"}'}

extension TerraformGenerator {
    func webSocket() -> [HCLBlock] {
        guard self.hasWebSocket else { return [] }
        let alias = self.settings.alias
        var blocks: [HCLBlock] = [
            HCLBlock("resource", "aws_apigatewayv2_api", "realtime") {
                "name" <- "${var.name}-realtime"
                "protocol_type" <- "WEBSOCKET"
                "route_selection_expression" <- "$request.body.action"
            },
            HCLBlock("resource", "aws_apigatewayv2_integration", "realtime") {
                "api_id" <- .raw("aws_apigatewayv2_api.realtime.id")
                "integration_type" <- "AWS_PROXY"
                "integration_method" <- "POST"
                "integration_uri" <- self.aliasInvokeARN
                "content_handling_strategy" <- "CONVERT_TO_TEXT"
            },
        ]
        for (route, label) in [("$connect", "connect"), ("$disconnect", "disconnect"), ("$default", "default")] {
            blocks.append(
                HCLBlock("resource", "aws_apigatewayv2_route", label) {
                    if route == "$connect" {
                        comment(
                            "Callers sign the upgrade request (SigV4); later frames ride the authorised connection."
                        )
                    } else {
                        checkovSkip(
                            "CKV_AWS_309",
                            "API Gateway allows authorization only on the $connect route of a WebSocket API; this route runs on a connection $connect authorised"
                        )
                    }
                    "api_id" <- .raw("aws_apigatewayv2_api.realtime.id")
                    "route_key" <- .string(route)
                    "authorization_type" <- (route == "$connect" ? "AWS_IAM" : "NONE")
                    "target" <- "integrations/${aws_apigatewayv2_integration.realtime.id}"
                }
            )
        }
        blocks += [
            HCLBlock("resource", "aws_cloudwatch_log_group", "realtime") {
                "name" <- "/aws/apigateway/${var.name}-realtime"
                "retention_in_days" <- .raw("var.log_retention_days")
                "kms_key_id" <- .raw("aws_kms_key.main.arn")
            },
            HCLBlock("resource", "aws_apigatewayv2_stage", "live") {
                checkovSkip(
                    "CKV2_AWS_51",
                    "client certificates exist only for REST APIs' backends; WebSocket callers authenticate with SigV4 on $connect"
                )
                "api_id" <- .raw("aws_apigatewayv2_api.realtime.id")
                "name" <- .string(alias)
                "auto_deploy" <- true
                HCLBlock("default_route_settings") {
                    "throttling_burst_limit" <- 100
                    "throttling_rate_limit" <- 50
                    "data_trace_enabled" <- false
                }
                HCLBlock("access_log_settings") {
                    "destination_arn" <- .raw("aws_cloudwatch_log_group.realtime.arn")
                    "format"
                        <- .jsonencode(
                            .object([
                                ("requestId", "$context.requestId"), ("connectionId", "$context.connectionId"),
                                ("routeKey", "$context.routeKey"), ("eventType", "$context.eventType"),
                                ("status", "$context.status"), ("error", "$context.error.message"),
                                ("integrationLatency", "$context.integrationLatency"),
                            ])
                        )
                }
                "depends_on" <- [.raw("aws_api_gateway_account.this")]
            },
            HCLBlock("resource", "aws_lambda_permission", "realtime") {
                "statement_id" <- "AllowWebSocketInvoke"
                "action" <- "lambda:InvokeFunction"
                "function_name" <- .raw("aws_lambda_function.app.function_name")
                "qualifier" <- .raw("aws_lambda_alias.live.name")
                "principal" <- "apigateway.amazonaws.com"
                "source_arn" <- "${aws_apigatewayv2_api.realtime.execution_arn}/*/*"
            },
            HCLBlock("resource", "aws_iam_role", "api_gateway_logs") {
                "count" <- .raw("var.manage_api_gateway_account ? 1 : 0")
                "name" <- "${var.name}-apigateway-logs"
                "assume_role_policy" <- .raw("data.aws_iam_policy_document.api_gateway_assume.json")
            },
            HCLBlock("data", "aws_iam_policy_document", "api_gateway_assume") {
                HCLBlock("statement") {
                    "actions" <- ["sts:AssumeRole"]
                    HCLBlock("principals") {
                        "type" <- "Service"
                        "identifiers" <- ["apigateway.amazonaws.com"]
                    }
                }
            },
            HCLBlock("resource", "aws_iam_role_policy_attachment", "api_gateway_logs") {
                "count" <- .raw("var.manage_api_gateway_account ? 1 : 0")
                "role" <- .raw("aws_iam_role.api_gateway_logs[0].name")
                "policy_arn"
                    <- "arn:${local.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
            },
            HCLBlock("resource", "aws_api_gateway_account", "this") {
                comment("Account-wide: API Gateway needs a CloudWatch role before a stage can write access logs.")
                "count" <- .raw("var.manage_api_gateway_account ? 1 : 0")
                "cloudwatch_role_arn" <- .raw("aws_iam_role.api_gateway_logs[0].arn")
            },
        ]
        return blocks
    }
}

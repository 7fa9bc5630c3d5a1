extension TerraformGenerator {
    func containers() -> [HCLBlock] {
        let settings = self.settings
        let port = Double(settings.containerPort)
        let health: HCLValue = [
            "CMD", "/usr/local/bin/busybox", "wget", "-q", "-O", "/dev/null",
            .string("http://127.0.0.1:\(settings.containerPort)/health/live"),
        ]
        let container: HCLValue = .object([
            ("name", "tandem"),
            ("image", .raw("var.container_image")),
            ("essential", true),
            ("command", ["serve", "--host", "0.0.0.0", "--port", .string("\(settings.containerPort)")]),
            ("user", "65532:65532"),
            ("readonlyRootFilesystem", true),
            ("stopTimeout", .number(Double(settings.stopTimeoutS))),
            ("portMappings", .list([.object([("containerPort", .number(port)), ("protocol", "tcp")])])),
            ("environment", .list(self.environment.map { .object([("name", .string($0.0)), ("value", $0.1)]) })),
            (
                "healthCheck",
                .object([("command", health), ("interval", 15), ("timeout", 5), ("retries", 3), ("startPeriod", 10)])
            ),
            (
                "logConfiguration",
                .object([
                    ("logDriver", "awslogs"),
                    (
                        "options",
                        .object([
                            ("awslogs-group", .raw("aws_cloudwatch_log_group.containers.name")),
                            ("awslogs-region", .raw("var.region")),
                            ("awslogs-stream-prefix", "tandem"),
                        ])
                    ),
                ])
            ),
        ])
        return [
            HCLBlock("resource", "aws_ecs_cluster", "app") {
                "name" <- .raw("var.name")
                HCLBlock("setting") {
                    "name" <- "containerInsights"
                    "value" <- "enabled"
                }
            },
            HCLBlock("resource", "aws_cloudwatch_log_group", "containers") {
                "name" <- "/ecs/${var.name}"
                "retention_in_days" <- .raw("var.log_retention_days")
                "kms_key_id" <- .raw("aws_kms_key.main.arn")
            },
            HCLBlock("resource", "aws_ecs_task_definition", "app") {
                comment("stopTimeout gives in-flight streams \(settings.stopTimeoutS) s to drain after SIGTERM.")
                "family" <- .raw("var.name")
                "requires_compatibilities" <- ["FARGATE"]
                "network_mode" <- "awsvpc"
                "cpu" <- .string(String(settings.taskCPU))
                "memory" <- .string(String(settings.taskMemoryMB))
                "execution_role_arn" <- .raw("aws_iam_role.task_execution.arn")
                "task_role_arn" <- .raw("aws_iam_role.task.arn")
                HCLBlock("runtime_platform") {
                    "operating_system_family" <- "LINUX"
                    "cpu_architecture" <- .string(settings.fargateArchitecture)
                }
                "container_definitions" <- .jsonencode(.list([container]))
            },
            HCLBlock("resource", "aws_security_group", "alb") {
                "name" <- "${var.name}-alb"
                "description" <- "HTTPS from clients to the ALB"
                "vpc_id" <- .raw("var.vpc_id")
            },
            HCLBlock("resource", "aws_vpc_security_group_ingress_rule", "alb_https") {
                "security_group_id" <- .raw("aws_security_group.alb.id")
                "description" <- "HTTPS from allowed clients"
                "for_each" <- .raw("toset(var.alb_ingress_cidrs)")
                "cidr_ipv4" <- .raw("each.value")
                "ip_protocol" <- "tcp"
                "from_port" <- 443
                "to_port" <- 443
            },
            HCLBlock("resource", "aws_vpc_security_group_egress_rule", "alb_to_tasks") {
                "security_group_id" <- .raw("aws_security_group.alb.id")
                "description" <- "ALB to the tasks' port"
                "referenced_security_group_id" <- .raw("aws_security_group.tasks.id")
                "ip_protocol" <- "tcp"
                "from_port" <- .number(port)
                "to_port" <- .number(port)
            },
            HCLBlock("resource", "aws_security_group", "tasks") {
                "name" <- "${var.name}-tasks"
                "description" <- "Fargate tasks: from the ALB only, out to AWS APIs over HTTPS"
                "vpc_id" <- .raw("var.vpc_id")
            },
            HCLBlock("resource", "aws_vpc_security_group_ingress_rule", "tasks_from_alb") {
                "security_group_id" <- .raw("aws_security_group.tasks.id")
                "description" <- "From the ALB"
                "referenced_security_group_id" <- .raw("aws_security_group.alb.id")
                "ip_protocol" <- "tcp"
                "from_port" <- .number(port)
                "to_port" <- .number(port)
            },
            HCLBlock("resource", "aws_vpc_security_group_egress_rule", "tasks_https") {
                "security_group_id" <- .raw("aws_security_group.tasks.id")
                "description" <- "HTTPS to AWS APIs (Bedrock, DynamoDB, S3, SQS, ECR)"
                "cidr_ipv4" <- "0.0.0.0/0"
                "ip_protocol" <- "tcp"
                "from_port" <- 443
                "to_port" <- 443
            },
            HCLBlock("resource", "aws_lb", "app") {
                checkovSkip(
                    "CKV_AWS_91",
                    "ALB access logs need an SSE-S3 bucket with the ELB account's write policy; point access_logs at your organisation's log bucket"
                )
                checkovSkip(
                    "CKV2_AWS_28",
                    "WAF rules depend on the organisation's web ACL; associate it with aws_wafv2_web_acl_association"
                )
                comment(
                    "Idle timeout \(settings.albIdleTimeoutS) s: above the \(settings.heartbeatS) s heartbeat so quiet streams stay open."
                )
                "name" <- .raw("var.name")
                "load_balancer_type" <- "application"
                "internal" <- false
                "security_groups" <- [.raw("aws_security_group.alb.id")]
                "subnets" <- .raw("var.public_subnet_ids")
                "idle_timeout" <- .number(Double(settings.albIdleTimeoutS))
                "drop_invalid_header_fields" <- true
                "enable_deletion_protection" <- true
            },
            HCLBlock("resource", "aws_lb_target_group", "app") {
                checkovSkip(
                    "CKV_AWS_378",
                    "TLS ends at the ALB; the tasks listen on plain HTTP inside private subnets reachable only from the ALB's security group"
                )
                comment(
                    "Deregistration delay \(settings.deregistrationDelayS) s lets running streams finish during deploys."
                )
                "name" <- .raw("var.name")
                "port" <- .number(port)
                "protocol" <- "HTTP"
                "target_type" <- "ip"
                "vpc_id" <- .raw("var.vpc_id")
                "deregistration_delay" <- .number(Double(settings.deregistrationDelayS))
                HCLBlock("health_check") {
                    "path" <- "/health/ready"
                    "matcher" <- "200"
                    "interval" <- 15
                    "timeout" <- 5
                    "healthy_threshold" <- 2
                    "unhealthy_threshold" <- 3
                }
            },
            HCLBlock("resource", "aws_lb_listener", "https") {
                "load_balancer_arn" <- .raw("aws_lb.app.arn")
                "port" <- 443
                "protocol" <- "HTTPS"
                "ssl_policy" <- "ELBSecurityPolicy-TLS13-1-2-2021-06"
                "certificate_arn" <- .raw("var.certificate_arn")
                HCLBlock("default_action") {
                    "type" <- "forward"
                    "target_group_arn" <- .raw("aws_lb_target_group.app.arn")
                }
            },
            HCLBlock("resource", "aws_ecs_service", "app") {
                "name" <- .raw("var.name")
                "cluster" <- .raw("aws_ecs_cluster.app.id")
                "task_definition" <- .raw("aws_ecs_task_definition.app.arn")
                "desired_count" <- .number(Double(settings.minTasks))
                "launch_type" <- "FARGATE"
                "platform_version" <- "LATEST"
                "health_check_grace_period_seconds" <- 30
                "propagate_tags" <- "SERVICE"
                HCLBlock("deployment_circuit_breaker") {
                    "enable" <- true
                    "rollback" <- true
                }
                HCLBlock("network_configuration") {
                    "subnets" <- .raw("var.private_subnet_ids")
                    "security_groups" <- [.raw("aws_security_group.tasks.id")]
                    "assign_public_ip" <- false
                }
                HCLBlock("load_balancer") {
                    "target_group_arn" <- .raw("aws_lb_target_group.app.arn")
                    "container_name" <- "tandem"
                    "container_port" <- .number(port)
                }
                HCLBlock("lifecycle") { "ignore_changes" <- [.raw("desired_count")] }
                "depends_on" <- [.raw("aws_lb_listener.https")]
            },
            HCLBlock("resource", "aws_appautoscaling_target", "containers") {
                "service_namespace" <- "ecs"
                "scalable_dimension" <- "ecs:service:DesiredCount"
                "resource_id" <- "service/${aws_ecs_cluster.app.name}/${aws_ecs_service.app.name}"
                "min_capacity" <- .number(Double(settings.minTasks))
                "max_capacity" <- .number(Double(settings.maxTasks))
            },
            HCLBlock("resource", "aws_appautoscaling_policy", "cpu") {
                "name" <- "${var.name}-cpu"
                "policy_type" <- "TargetTrackingScaling"
                "service_namespace" <- .raw("aws_appautoscaling_target.containers.service_namespace")
                "scalable_dimension" <- .raw("aws_appautoscaling_target.containers.scalable_dimension")
                "resource_id" <- .raw("aws_appautoscaling_target.containers.resource_id")
                HCLBlock("target_tracking_scaling_policy_configuration") {
                    "target_value" <- 60
                    "scale_in_cooldown" <- 120
                    "scale_out_cooldown" <- 30
                    HCLBlock("predefined_metric_specification") {
                        "predefined_metric_type" <- "ECSServiceAverageCPUUtilization"
                    }
                }
            },
            HCLBlock("resource", "aws_appautoscaling_policy", "requests") {
                "name" <- "${var.name}-requests"
                "policy_type" <- "TargetTrackingScaling"
                "service_namespace" <- .raw("aws_appautoscaling_target.containers.service_namespace")
                "scalable_dimension" <- .raw("aws_appautoscaling_target.containers.scalable_dimension")
                "resource_id" <- .raw("aws_appautoscaling_target.containers.resource_id")
                HCLBlock("target_tracking_scaling_policy_configuration") {
                    "target_value" <- 1000
                    "scale_in_cooldown" <- 120
                    "scale_out_cooldown" <- 30
                    HCLBlock("predefined_metric_specification") {
                        "predefined_metric_type" <- "ALBRequestCountPerTarget"
                        "resource_label" <- "${aws_lb.app.arn_suffix}/${aws_lb_target_group.app.arn_suffix}"
                    }
                }
            },
        ]
    }
}

"""Extract the AWS provider schema subset the generated Terraform uses.

Source: lonegunmanb/terraform-aws-schema (MIT licence, Copyright (c) Microsoft Corporation), which publishes
the hashicorp/aws provider's schemas as generated Go files, one per resource/data source, each holding the
`terraform providers schema -json` block as a JSON string literal.

Usage: python extract_aws_schema.py <git dir of a clone> <commit> > ../schema/aws_provider_subset.json
"""

import json
import re
import subprocess
import sys

RESOURCES = [
    "aws_apigatewayv2_api", "aws_apigatewayv2_integration", "aws_apigatewayv2_route", "aws_apigatewayv2_stage",
    "aws_api_gateway_account", "aws_appautoscaling_policy", "aws_appautoscaling_scheduled_action",
    "aws_appautoscaling_target", "aws_cloudwatch_log_group", "aws_dynamodb_table", "aws_ecs_cluster",
    "aws_ecs_service", "aws_ecs_task_definition", "aws_iam_role", "aws_iam_role_policy",
    "aws_iam_role_policy_attachment", "aws_kms_alias", "aws_kms_key", "aws_lambda_alias",
    "aws_lambda_event_source_mapping", "aws_lambda_function", "aws_lambda_function_url",
    "aws_lambda_layer_version", "aws_lambda_permission", "aws_lb", "aws_lb_listener", "aws_lb_target_group",
    "aws_s3_bucket", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_notification",
    "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_s3_object", "aws_security_group",
    "aws_sqs_queue", "aws_sqs_queue_redrive_allow_policy", "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
]
DATA_SOURCES = ["aws_caller_identity", "aws_iam_policy_document", "aws_partition"]


def go_name(terraform_name):
    parts = terraform_name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def strip(block):
    """Keep what validation needs: attribute flags and types, nested blocks with their nesting and bounds."""
    out = {"attributes": {}, "block_types": {}}
    for name, attribute in block.get("attributes", {}).items():
        out["attributes"][name] = {
            key: attribute[key] for key in ("required", "optional", "computed", "type") if key in attribute
        }
    for name, nested in block.get("block_types", {}).items():
        entry = {"nesting_mode": nested.get("nesting_mode"), "block": strip(nested.get("block", {}))}
        for key in ("min_items", "max_items"):
            if key in nested:
                entry[key] = nested[key]
        out["block_types"][name] = entry
    return out


def load(git_dir, commit, kind, name):
    path = f"generated/{kind}/{go_name(name)}.go"
    text = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True, capture_output=True, text=True
    ).stdout
    literal = re.search(r"= `(.*)`", text, re.S).group(1)
    return strip(json.loads(literal)["block"])


def main():
    git_dir, commit = sys.argv[1], sys.argv[2]
    subset = {
        "_source": {
            "repository": "https://github.com/lonegunmanb/terraform-aws-schema",
            "commit": commit,
            "licence": "MIT, Copyright (c) Microsoft Corporation",
            "note": "Subset of the hashicorp/aws provider schema: only the resources and data sources Tandem "
            "generates, descriptions removed. Regenerate with tests/python/infra/tools/extract_aws_schema.py.",
        },
        "resources": {name: load(git_dir, commit, "resource", name) for name in RESOURCES},
        "data_sources": {name: load(git_dir, commit, "data", name) for name in DATA_SOURCES},
    }
    json.dump(subset, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

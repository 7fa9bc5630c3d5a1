#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PriceTable {
    /// The price table compiled into the binary (us-east-1, on-demand, Linux).
    ///
    /// Kept as JSON text so `tandem advise --print-prices` prints exactly what the advisor uses and a user can
    /// edit it and pass it back with `--prices FILE`.
    public static let bundled: PriceTable = {
        // The literal below is checked by a test; a decoding failure here is a programming error.
        try! PriceTable.decode(Data(PriceTable.bundledJSON.utf8))
    }()

    /// The JSON text of ``bundled``.
    public static let bundledJSON = #"""
        {
          "version": "2026.11.1",
          "date": "2026-11-29",
          "region": "us-east-1",
          "note": "On-demand list prices for us-east-1 (Linux) transcribed from the AWS pricing pages below; not fetched live. Verify before relying on them and override with --prices FILE for other regions or discounts. Fargate Spot and SageMaker prices vary and are indicative.",
          "sources": {
            "lambda": "https://aws.amazon.com/lambda/pricing/",
            "lambda_limits": "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
            "api_gateway": "https://aws.amazon.com/api-gateway/pricing/",
            "fargate": "https://aws.amazon.com/fargate/pricing/",
            "alb": "https://aws.amazon.com/elasticloadbalancing/pricing/",
            "ec2": "https://aws.amazon.com/ec2/pricing/on-demand/",
            "sagemaker": "https://aws.amazon.com/sagemaker/pricing/",
            "bedrock": "https://aws.amazon.com/bedrock/pricing/"
          },
          "hours_per_month": 730,
          "lambda": {
            "architectures": {
              "arm64": {
                "duration_tiers": [
                  {"up_to": 7500000000, "price": 0.0000133334},
                  {"up_to": 18750000000, "price": 0.0000120001},
                  {"price": 0.0000106667}
                ],
                "provisioned_per_gb_second": 0.0000033334,
                "provisioned_duration_per_gb_second": 0.0000077778
              },
              "x86_64": {
                "duration_tiers": [
                  {"up_to": 6000000000, "price": 0.0000166667},
                  {"up_to": 15000000000, "price": 0.0000150000},
                  {"price": 0.0000133334}
                ],
                "provisioned_per_gb_second": 0.0000041667,
                "provisioned_duration_per_gb_second": 0.0000097222
              }
            },
            "requests_per_million": 0.20,
            "streaming_free_bytes_per_response": 6291456,
            "streaming_per_gb": 0.008,
            "free_tier_requests": 1000000,
            "free_tier_gb_seconds": 400000,
            "unzipped_limit_bytes": 262144000
          },
          "api_gateway": {
            "http_per_million": 1.00,
            "http_metering_kb": 512,
            "rest_per_million": 3.50,
            "websocket_messages_per_million": 1.00,
            "websocket_metering_kb": 32,
            "websocket_connection_minutes_per_million": 0.25
          },
          "fargate": {
            "compute": {
              "arm64": {"per_vcpu_hour": 0.03238, "per_gb_hour": 0.00356},
              "x86_64": {"per_vcpu_hour": 0.04048, "per_gb_hour": 0.004445},
              "spot": {"per_vcpu_hour": 0.012144, "per_gb_hour": 0.0013335}
            }
          },
          "alb": {
            "per_hour": 0.0225,
            "per_lcu_hour": 0.008,
            "lcu_new_connections_per_second": 25,
            "lcu_active_connections": 3000,
            "lcu_processed_gb_per_hour": 1
          },
          "gpu_instances": [
            {"instance_type": "g6.xlarge", "gpu_memory_gb": 24, "ec2_per_hour": 0.8048, "sagemaker_per_hour": 1.1267},
            {"instance_type": "g5.xlarge", "gpu_memory_gb": 24, "ec2_per_hour": 1.006, "sagemaker_per_hour": 1.408},
            {"instance_type": "g6e.xlarge", "gpu_memory_gb": 48, "ec2_per_hour": 1.861, "sagemaker_per_hour": 2.6054},
            {"instance_type": "g5.12xlarge", "gpu_memory_gb": 96, "ec2_per_hour": 5.672, "sagemaker_per_hour": 7.09},
            {"instance_type": "p4d.24xlarge", "gpu_memory_gb": 320, "ec2_per_hour": 32.7726, "sagemaker_per_hour": 37.688}
          ],
          "bedrock": {
            "anthropic.claude-3-5-haiku-20241022-v1:0": {"input_per_1k": 0.0008, "output_per_1k": 0.004},
            "anthropic.claude-3-haiku-20240307-v1:0": {"input_per_1k": 0.00025, "output_per_1k": 0.00125},
            "anthropic.claude-sonnet-4-20250514-v1:0": {"input_per_1k": 0.003, "output_per_1k": 0.015},
            "amazon.nova-micro-v1:0": {"input_per_1k": 0.000035, "output_per_1k": 0.00014},
            "amazon.nova-lite-v1:0": {"input_per_1k": 0.00006, "output_per_1k": 0.00024},
            "amazon.nova-pro-v1:0": {"input_per_1k": 0.0008, "output_per_1k": 0.0032},
            "meta.llama3-1-8b-instruct-v1:0": {"input_per_1k": 0.00022, "output_per_1k": 0.00022},
            "meta.llama3-1-70b-instruct-v1:0": {"input_per_1k": 0.00072, "output_per_1k": 0.00072},
            "amazon.titan-embed-text-v2:0": {"input_per_1k": 0.00002, "output_per_1k": 0},
            "cohere.embed-english-v3": {"input_per_1k": 0.0001, "output_per_1k": 0}
          }
        }
        """#
}

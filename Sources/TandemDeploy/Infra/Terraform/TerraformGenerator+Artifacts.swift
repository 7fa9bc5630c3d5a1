extension TerraformGenerator {
    /// Lambda accepts at most 50 MB of zipped code through its API (`filename` in Terraform); larger packages must
    /// be uploaded to S3 first. The model layer (~84 MB zipped) always is; so is the function zip when the model
    /// rides inside it.
    var functionZipThroughS3: Bool { self.app.localModel?.packaging == .zip }

    /// The S3 objects that carry packages over Lambda's direct-upload limit, in the data bucket under `artifacts/`
    /// (no upload pipeline listens there).
    func artifacts() -> [HCLBlock] {
        var blocks: [HCLBlock] = []
        if let model = self.app.localModel, model.packaging == .layer {
            blocks.append(
                Self.artifact(
                    "model_layer", variable: "var.model_layer_package",
                    key: "artifacts/${var.name}-\(model.name)-layer-\(self.settings.arch).zip",
                    why: "The model layer is over Lambda's 50 MB direct-upload limit: it is published from S3."
                )
            )
        }
        if self.functionZipThroughS3 {
            blocks.append(
                Self.artifact(
                    "lambda_package", variable: "var.lambda_package",
                    key: "artifacts/${var.name}-function-\(self.settings.arch).zip",
                    why: "The function zip carries the model, over Lambda's 50 MB direct-upload limit: it is deployed from S3."
                )
            )
        }
        return blocks
    }

    /// The code arguments of a layer or function for a package uploaded as ``artifacts()`` object `name`.
    static func codeFromS3(_ name: String, variable: String) -> [HCLBlock.Item] {
        [
            "s3_bucket" <- .raw("aws_s3_object.\(name).bucket"),
            "s3_key" <- .raw("aws_s3_object.\(name).key"),
            "s3_object_version" <- .raw("aws_s3_object.\(name).version_id"),
            "source_code_hash" <- .raw("filebase64sha256(\(variable))"),
        ]
    }

    private static func artifact(_ name: String, variable: String, key: String, why: String) -> HCLBlock {
        HCLBlock("resource", "aws_s3_object", name) {
            comment(why)
            "bucket" <- .raw("aws_s3_bucket.data.id")
            "key" <- .string(key)
            "source" <- .raw(variable)
            "source_hash" <- .raw("filemd5(\(variable))")
            "server_side_encryption" <- "aws:kms"
            "kms_key_id" <- .raw("aws_kms_key.main.arn")
            "depends_on" <- [
                .raw("aws_s3_bucket_versioning.data"), .raw("aws_s3_bucket_server_side_encryption_configuration.data"),
            ]
        }
    }
}

import Foundation

/// The LLM classifier suite's proxy: `mock_tool_calls` deployments answer the forced `classify_document` call
/// without network:
/// - `classify-invoice`: `{"label":"invoice","confidence":0.92,"reason":"It lists amounts due."}`;
/// - `classify-offlist`: a label outside the configured set (`poem`);
/// - `classify-overconfident`: a confidence of 1.7.
extension LiteLLMPeer {
    /// The classifier proxy of this test process, started on first use.
    static func classifier() async throws -> LiteLLMPeer { try await Self.classifierInstance.value }

    private static let classifierInstance = Task {
        let masterKey = "sk-tandem-classify-test"
        return try await LiteLLMPeer.launch(
            Profile(
                name: "classify",
                masterKey: masterKey,
                config: { _ in LiteLLMPeer.classifierConfig(masterKey: masterKey) }
            )
        )
    }

    static func classifierDeployment(_ name: String, arguments: String) -> String {
        """
          - model_name: \(name)
            litellm_params:
              model: openai/gpt-4o-mini
              api_key: sk-mock
              mock_response: ""
              mock_tool_calls:
                - {id: call_\(name.replacingOccurrences(of: "-", with: "_")), type: function, function: {name: classify_document, arguments: '\(arguments)'}}
        """
    }

    static func classifierConfig(masterKey: String) -> String {
        "model_list:\n"
            + [
                classifierDeployment(
                    "classify-invoice",
                    arguments: #"{"label":"invoice","confidence":0.92,"reason":"It lists amounts due."}"#
                ),
                classifierDeployment("classify-offlist", arguments: #"{"label":"poem","confidence":0.6}"#),
                classifierDeployment("classify-overconfident", arguments: #"{"label":"invoice","confidence":1.7}"#),
            ].joined(separator: "\n")
                + """

                litellm_settings:
                  num_retries: 0
                general_settings:
                  master_key: \(masterKey)
                """
    }
}

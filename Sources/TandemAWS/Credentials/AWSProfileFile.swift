/// The profiles of an AWS shared credentials or config file (INI), as a value.
///
/// In a credentials file every `[name]` section is a profile. In a config file profiles are `[profile name]`, plus
/// `[default]`; other sections (`[sso-session x]`, `[services x]`) are ignored. Keys are lower-cased; `#` and `;`
/// start comments (inline only after whitespace); indented lines (nested sub-properties) are skipped.
package struct AWSProfileFile: Sendable, Hashable {
    /// Which of the two files the text came from; it decides how section names read.
    package enum Kind: Sendable {
        case credentials
        case config
    }

    /// Profile name to its properties.
    package var profiles: [String: [String: String]]

    package init(profiles: [String: [String: String]] = [:]) {
        self.profiles = profiles
    }

    /// Parses file text.
    package init(parsing text: String, kind: Kind) {
        var profiles: [String: [String: String]] = [:]
        var current: String? = nil
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if let first = rawLine.first, first == " " || first == "\t" { continue }
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    current = nil
                    continue
                }
                let name = line[line.index(after: line.startIndex)..<close].trimmingWhitespace()
                current = Self.profileName(section: name, kind: kind)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingWhitespace().lowercased()
            var value = line[line.index(after: equals)...]
            for marker in [" #", "\t#", " ;", "\t;"] {
                if let comment = value.firstRange(of: marker) { value = value[..<comment.lowerBound] }
            }
            profiles[profile, default: [:]][key] = String(value.trimmingWhitespace())
        }
        self.profiles = profiles
    }

    private static func profileName(section: Substring, kind: Kind) -> String? {
        switch kind {
        case .credentials:
            return section.isEmpty ? nil : String(section)
        case .config:
            if section == "default" { return "default" }
            guard section.hasPrefix("profile ") || section.hasPrefix("profile\t") else { return nil }
            let name = section.dropFirst("profile".count).trimmingWhitespace()
            return name.isEmpty ? nil : String(name)
        }
    }
}

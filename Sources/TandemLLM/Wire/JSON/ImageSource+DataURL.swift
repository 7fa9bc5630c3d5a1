extension ImageSource {
    /// The source for a URL: inline bytes for a `data:<type>;base64,<data>` URL, else the URL itself.
    package init(url: String) {
        if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
            url[..<comma].hasSuffix(";base64")
        {
            let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
            let mediaType = header.dropLast(";base64".count)
            self = .base64(mediaType: String(mediaType), data: String(url[url.index(after: comma)...]))
        } else {
            self = .url(url)
        }
    }
}

extension ImageSource {
    /// `source` with a `data:` URL turned into inline bytes.
    package init(url source: ImageSource) {
        switch source {
        case .url(let url): self.init(url: url)
        case .base64: self = source
        }
    }
}

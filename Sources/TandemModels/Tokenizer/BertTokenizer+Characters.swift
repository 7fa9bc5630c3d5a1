extension BertTokenizer {
    /// BertNormalizer for one character of NFD text: drops NUL, U+FFFD, control/format/unassigned characters and
    /// combining marks (Mn), turns whitespace into a space, pads CJK ideographs with spaces, lower-cases.
    @inline(__always)
    static func normalize(_ scalar: Unicode.Scalar, emit: (Unicode.Scalar) -> Void) {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x09, 0x0A, 0x0D, 0x20: emit(" ")
            case 0x00..<0x20, 0x7F: return
            case 0x41...0x5A: emit(Unicode.Scalar(UInt8(value + 0x20)))
            default: emit(scalar)
            }
            return
        }
        if value == 0xFFFD { return }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return  // before whitespace: U+0085 goes
        default: break
        }
        if properties.isWhitespace {
            emit(" ")
            return
        }
        if properties.generalCategory == .nonspacingMark { return }
        if isCJK(value) {
            emit(" ")
            emit(scalar)
            emit(" ")
            return
        }
        if properties.changesWhenLowercased {
            for lower in properties.lowercaseMapping.unicodeScalars { emit(lower) }
        } else {
            emit(scalar)
        }
    }

    /// The CJK Unified Ideograph blocks BERT splits into single characters (not Hangul, Hiragana or Katakana).
    @inline(__always)
    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0x2A700...0x2B73F).contains(value)
            || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }

    /// ASCII punctuation (including `$`, `+`, `<`, `=`, `>`, `^`, `` ` ``, `|`, `~`) or Unicode category P*.
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value) || (0x5B...0x60).contains(value)
                || (0x7B...0x7E).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}

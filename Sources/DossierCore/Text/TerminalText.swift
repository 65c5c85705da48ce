/// The one rule for text on its way to a terminal that was not cleaned when parsed (file
/// names, queries, ids, library paths, messages that quote them): control characters are
/// shown, not obeyed and not silently dropped. ESC becomes `\e`, other controls `\xNN`,
/// C1 controls and bidirectional overrides `\u{…}`, so that a file named with an escape
/// sequence can be seen, found and renamed. Article text is cleaned when it is parsed
/// (`TextSanitizer`) and passes through this unchanged.
public enum TerminalText {
    /// `text` with every control character written out visibly; newlines (and tabs) kept
    /// when `keepNewlines`, shown as `\n` otherwise.
    public static func visible(_ text: String, keepNewlines: Bool = false) -> String {
        // The common case: nothing to show differently.
        if !text.unicodeScalars.contains(where: needsEscape) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for s in text.unicodeScalars {
            guard needsEscape(s) else { out.unicodeScalars.append(s); continue }
            switch s.value {
            case 0x0A where keepNewlines, 0x09 where keepNewlines: out.unicodeScalars.append(s)
            case 0x1B: out += "\\e"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x00...0x1F, 0x7F: out += "\\x" + hex(s.value, width: 2)
            default: out += "\\u{" + hex(s.value, width: 4) + "}"
            }
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true   // bidi controls
        default: return false
        }
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - h.count)) + h
    }
}

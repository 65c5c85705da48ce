/// How many terminal columns a grapheme takes: 2 for East Asian wide and fullwidth
/// characters and emoji, 0 for marks and format characters on their own, else 1.
/// (What `wcwidth` answers, decided per grapheme so that a base letter with combining marks
/// is one column and a flag or a ZWJ family is two.)
public enum DisplayWidth {
    /// Columns one grapheme takes: 0, 1 or 2.
    public static func of(_ c: Character) -> Int {
        // Most text is ASCII: answer it before looking at scalars (a per-cell cost in every frame).
        if let a = c.asciiValue { return a >= 0x20 && a != 0x7F ? 1 : 0 }
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII { return first.value >= 0x20 && first.value != 0x7F ? 1 : 0 }
        var emoji = false
        for s in scalars {
            if s.value == 0xFE0F { emoji = true }  // emoji presentation selector
            if s.properties.isEmojiPresentation { emoji = true }
        }
        if emoji || isWide(first.value) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator: return 0
        default: return 1
        }
    }

    /// Columns a string takes: the sum over its graphemes.
    public static func of<S: StringProtocol>(_ s: S) -> Int {
        var n = 0
        for c in s { n += of(c) }
        return n
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

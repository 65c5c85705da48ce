import Foundation

/// Makes scraped text safe to store and to print on a terminal.
///
/// Removes terminal escape sequences (CSI, OSC, DCS and the rest), C0/C1 control
/// characters, bidirectional overrides and invisible format characters; turns
/// no-break and odd spaces into plain spaces; collapses runs of spaces; NFC-normalises.
public enum TextSanitizer {
    /// Cleans one line given as UTF-8 bytes: the common clean line becomes a String in one
    /// step, without an intermediate copy.
    static func cleanLine(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard isAlreadyClean(bytes) else {
            // No-break and typographic spaces are common in scraped text: turn them into plain
            // spaces on bytes, and take the careful path only for anything else.
            let spaced = withPlainSpaces(bytes)
            if isAlreadyClean(spaced) { return spaced.withUnsafeBufferPointer { collapsedSpaces($0) } }
            return cleanLine(String(decoding: bytes, as: UTF8.self))
        }
        return collapsedSpaces(bytes)
    }

    /// U+00A0, U+2000–U+200A, U+202F and U+205F as a plain space.
    private static func withPlainSpaces(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: b.count) { out, count in
            var i = 0, n = 0
            while i < b.count {
                let c = b[i]
                if c == 0xC2, i + 1 < b.count, b[i + 1] == 0xA0 { out[n] = 0x20; n += 1; i += 2; continue }
                if c == 0xE2, i + 2 < b.count {
                    let c1 = b[i + 1], c2 = b[i + 2]
                    if (c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) || (c1 == 0x81 && c2 == 0x9F) { out[n] = 0x20; n += 1; i += 3; continue }
                }
                out[n] = c; n += 1
                i += 1
            }
            count = n
        }
    }

    /// A line of printable ASCII only: nothing to strip, spaces to trim (and collapse when
    /// the caller saw two in a row).
    static func plainASCIILine(_ bytes: UnsafeBufferPointer<UInt8>, doubleSpace: Bool) -> String {
        if doubleSpace { return collapsedSpaces(bytes) }
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 { hi -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
    }

    /// Clean characters: only spaces may need trimming and collapsing.
    private static func collapsedSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 { hi -= 1 }
        let core = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
        guard hasDoubleSpace(core) else { return String(decoding: core, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(core.count)
        var prev: UInt8 = 0
        for c in core where !(c == 0x20 && prev == 0x20) { out.append(c); prev = c }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hasDoubleSpace(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var prev: UInt8 = 0
        for c in b { if c == 0x20 && prev == 0x20 { return true }; prev = c }
        return false
    }

    /// Cleans one line of text (no newlines expected; any found become spaces).
    public static func cleanLine<S: StringProtocol>(_ text: S) -> String {
        if isPlainASCII(text.utf8) { return collapseSpaces(String(text)) }
        if isAlreadyClean(text.utf8) { return collapseSpaces(String(text)) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var needsNFC = false
        var state = EscapeState.text
        var lastWasSpace = true // leading spaces are dropped
        // A zero-width joiner stays only inside an emoji sequence (👩‍💻); anywhere else it
        // is invisible and glues whatever follows to the previous cell (a pane's border).
        var pendingJoiner = false
        var lastWasPictograph = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch state {
            case .text: break
            case .afterEscape:
                switch v {
                case 0x5B: state = .csi                       // ESC [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .string // ESC ] P X ^ _
                case 0x20...0x2F: state = .escIntermediate
                default: state = .text                        // two-byte escape: drop both
                }
                continue
            case .escIntermediate:
                if !(0x20...0x2F).contains(v) { state = .text }
                continue
            case .csi:
                if (0x40...0x7E).contains(v) { state = .text }
                continue
            case .string:
                if v == 0x07 || v == 0x9C { state = .text } else if v == 0x1B { state = .stringEscape }
                continue
            case .stringEscape:
                state = v == 0x5C ? .text : .string               // ESC \ ends it
                continue
            }
            switch v {
            case 0x1B: state = .afterEscape; continue
            case 0x9B: state = .csi; continue                   // C1 CSI
            case 0x90, 0x9D, 0x98, 0x9E, 0x9F: state = .string; continue // C1 DCS OSC SOS PM APC
            case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                if !lastWasSpace { out.append(0x20); lastWasSpace = true }
                continue
            case 0x00...0x1F, 0x7F...0x9F: continue               // other controls
            case 0x200D:
                pendingJoiner = lastWasPictograph
                continue
            case 0x200B...0x200C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2060...0x2064,
                 0x2066...0x2069, 0x061C, 0xFEFF, 0x00AD, 0xFFF9...0xFFFB:
                continue                                         // invisible / bidi controls
            default: break
            }
            if v == 0x20 {
                if !lastWasSpace { out.append(0x20); lastWasSpace = true }
                pendingJoiner = false; lastWasPictograph = false
                continue
            }
            let pictograph = scalar.properties.isEmoji && v > 0xFF
            if pendingJoiner, pictograph { out += [0xE2, 0x80, 0x8D] }   // U+200D between two emoji
            pendingJoiner = false
            // A variation selector (U+FE0F) or skin tone keeps the emoji before it joinable.
            lastWasPictograph = pictograph || (lastWasPictograph && (v == 0xFE0F || (0x1F3FB...0x1F3FF).contains(v)))
            if v >= 0x300 && !needsNFC {
                let p = scalar.properties
                if p.canonicalCombiningClass.rawValue != 0 || p.isFullCompositionExclusion
                    || (0x1100...0x11FF).contains(v) || (0xF900...0xFAFF).contains(v) || v == 0x212B || v == 0x2126 {
                    needsNFC = true
                }
            }
            UTF8.encode(scalar) { out.append($0) }
            lastWasSpace = false
        }
        if out.last == 0x20 { out.removeLast() }
        var s = String(decoding: out, as: UTF8.self)
        if needsNFC { s = s.precomposedStringWithCanonicalMapping }
        return s
    }

    private enum EscapeState { case text, afterEscape, escIntermediate, csi, string, stringEscape }

    /// UTF-8 that holds nothing to remove, re-space or normalise: no controls, no odd spaces
    /// or invisible characters, no combining marks (so NFC already). Curly quotes, dashes,
    /// Latin-1 letters and CJK pass; anything doubtful takes the careful path.
    static func isAlreadyClean<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        while let b = it.next() {
            if b < 0x80 { if b < 0x20 || b == 0x7F { return false }; continue }
            switch b {
            case 0xC2:
                guard let c = it.next(), c >= 0xA1, c != 0xAD else { return false }   // C1 controls, NBSP, soft hyphen
            case 0xC3...0xCB, 0xCE...0xD5:
                guard it.next() != nil else { return false }                           // Latin, Greek, Cyrillic letters
            case 0xE2:
                guard let c = it.next(), let d = it.next() else { return false }
                if c == 0x80 && (d <= 0x8F || (d >= 0xA8 && d <= 0xAF)) { return false } // odd spaces, ZW*, LRM/RLM, bidi
                if c == 0x81 && d >= 0x9F && d <= 0xAF { return false }                  // word joiner, bidi isolates
                if c == 0x83 && d >= 0x90 { return false }                               // combining marks for symbols
            case 0xE3:
                guard let c = it.next(), let d = it.next() else { return false }
                if c == 0x80 && d == 0x80 { return false }                               // ideographic space
                if c == 0x82 && (d == 0x99 || d == 0x9A) { return false }                // kana voicing marks
            case 0xE4...0xE9:
                guard it.next() != nil, it.next() != nil else { return false }           // CJK ideographs
            default:
                return false
            }
        }
        return true
    }

    private static func isPlainASCII<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        for b in bytes where b >= 0x7F || (b < 0x20) { return false }
        return true
    }

    /// ASCII-only fast path: trims and collapses runs of spaces.
    private static func collapseSpaces(_ s: String) -> String {
        var needsWork = s.hasPrefix(" ") || s.hasSuffix(" ")
        if !needsWork {
            var prev: UInt8 = 0
            for b in s.utf8 { if b == 0x20 && prev == 0x20 { needsWork = true; break }; prev = b }
        }
        guard needsWork else { return s }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var lastWasSpace = true
        for b in s.utf8 {
            if b == 0x20 { if !lastWasSpace { bytes.append(b); lastWasSpace = true } } else { bytes.append(b); lastWasSpace = false }
        }
        if bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

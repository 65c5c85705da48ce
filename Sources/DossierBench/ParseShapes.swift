import DossierCore
import Foundation

/// Pages of extreme shapes, for checking that parsing time grows linearly with the input:
/// many short lines (what made segmentation quadratic once) and one enormous line.
public enum ParseShapes {
    /// A page of `lines` short lines (one to three words, now and then a blank line or a
    /// date), deterministic for a seed.
    public static func shortLines(_ lines: Int, seed: UInt64 = 1) -> String {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        let words = ["stablecoin", "licence", "the", "MAS", "said", "Hong", "Kong", "reserve", "token", "exchange", "rules", "Seoul",
                     "issuer", "crypto", "on", "Monday", "FSC", "custody", "AML", "policy", "of", "and", "Tokyo", "wallet"]
        var out = ""
        out.reserveCapacity(lines * 14)
        for i in 0..<lines {
            switch rng.nextUInt64() % 16 {
            case 0: break                                            // a blank line
            case 1: out += "March \(1 + i % 28), 2025"
            default:
                for k in 0..<Int(1 + rng.nextUInt64() % 3) {
                    if k > 0 { out += " " }
                    out += words[Int(rng.nextUInt64() % UInt64(words.count))]
                }
            }
            out += "\n"
        }
        return out
    }

    /// A page of `lines` lines of one word each, no blank line: one endless block of text
    /// (the shape that once took 144 s for 100k lines).
    public static func oneWordLines(_ lines: Int, seed: UInt64 = 3) -> String {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        let words = ["stablecoin", "licence", "the", "MAS", "said", "reserve", "token", "exchange", "rules", "issuer", "crypto", "wallet"]
        var out = ""
        out.reserveCapacity(lines * 9)
        for _ in 0..<lines { out += words[Int(rng.nextUInt64() % UInt64(words.count))] + "\n" }
        return out
    }

    /// One line of `bytes` bytes: sentences of words and no line break at all.
    public static func singleLine(bytes: Int, seed: UInt64 = 2) -> String {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        let words = ["The", "regulator", "said", "stablecoin", "issuers", "must", "hold", "reserves", "in", "cash", "and", "bonds"]
        var out = ""
        out.reserveCapacity(bytes + 16)
        while out.utf8.count < bytes {
            out += words[Int(rng.nextUInt64() % UInt64(words.count))]
            out += rng.nextUInt64() % 12 == 0 ? ". " : " "
        }
        return out
    }

    /// One measurement: seconds per MB, parsing `text` as many times as it takes to reach
    /// `atLeast` bytes, the median of `runs`.
    public static func secondsPerMB(_ text: String, parser: ArticleParser, atLeast: Int, runs: Int) -> (secondsPerMB: Double, articles: Int) {
        let bytes = text.utf8.count
        let repeats = max(1, (atLeast + bytes - 1) / bytes)
        var times: [Double] = []
        var articles = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<repeats { articles = parser.parse(text: text, path: "shape.txt").articles.count }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return (times[times.count / 2] / (Double(bytes * repeats) / 1e6), articles)
    }
}

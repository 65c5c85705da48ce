/// A series of counts as a one-line bar chart (`▁▂▃▅▇`), for the reader and the CLI.
public enum Sparkline {
    /// Eighths of a cell, lowest first; a zero is a blank, so a gap shows as one.
    static let levels = Array("▁▂▃▄▅▆▇█")

    /// `counts` in at most `width` cells: consecutive counts share a cell (summed) when there
    /// are more counts than cells. Each cell is scaled to the busiest; any count above zero
    /// shows at least the lowest bar.
    public static func of(_ counts: [Int], width: Int) -> String {
        let cells = bucketed(counts, width: width)
        let most = cells.max() ?? 0
        guard most > 0 else { return String(repeating: " ", count: cells.count) }
        return String(cells.map { n in n == 0 ? " " : levels[min(levels.count - 1, max(0, (n * levels.count - 1) / most))] })
    }

    /// `n` of `most` as a horizontal bar of at most `width` cells, in eighths of a cell; any
    /// count above zero shows at least an eighth (the CLI's and the reader's timelines).
    public static func bar(_ n: Int, of most: Int, width: Int) -> String {
        let eighths = n <= 0 ? 0 : max(1, n * width * 8 / max(most, 1))
        return String(repeating: "█", count: eighths / 8) + (eighths % 8 == 0 ? "" : String(Array("▏▎▍▌▋▊▉")[eighths % 8 - 1]))
    }

    /// `counts` summed into at most `width` cells of (nearly) equal numbers of counts.
    public static func bucketed(_ counts: [Int], width: Int) -> [Int] {
        guard width > 0 else { return [] }
        guard counts.count > width else { return counts }
        return (0..<width).map { i in counts[(i * counts.count / width)..<((i + 1) * counts.count / width)].reduce(0, +) }
    }
}

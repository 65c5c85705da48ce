import DossierCore
import Synchronization

/// The reader's wrapped lines for the last article, width and highlighter asked for. One
/// message asks for them several times (clamping the scroll, drawing the text, the "42%" on
/// the status line), and wrapping a long article is the costliest part of a frame. Copies
/// of a state share the memo; it is keyed by every input of `ReaderLayout.lines`, so what
/// it answers is always what wrapping again would give.
final class ReaderLinesMemo: Sendable {
    private struct Entry {
        let article: Article, width: Int, highlighter: Highlighter
        let lines: [ReaderLine]
    }
    private let last = Mutex<Entry?>(nil)

    func lines(_ article: Article, width: Int, highlighter: Highlighter) -> [ReaderLine] {
        if let e = last.withLock({ $0 }), e.width == width, e.highlighter == highlighter, e.article == article { return e.lines }
        let lines = ReaderLayout.lines(article, width: width, highlighter: highlighter)
        last.withLock { $0 = Entry(article: article, width: width, highlighter: highlighter, lines: lines) }
        return lines
    }
}

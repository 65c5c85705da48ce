import DossierCore
import Foundation

/// What the app needs from a terminal: its size, drawing a frame, and input as messages.
/// `DossierCurses` implements it over ncursesw; tests can implement it over a buffer.
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Draws `frame`, knowing the previous frame (nil: redraw everything).
    func draw(_ frame: ScreenBuffer, previous: ScreenBuffer?, cursor: (x: Int, y: Int)?)
    /// The next input, waiting at most `timeout` seconds; nil when there was none.
    func nextMessage(timeout: Double) -> Message?
    /// True when the process was asked to stop (SIGTERM, SIGHUP).
    var shouldStop: Bool { get }
    /// Leaves the screen to another program (a pager) while `body` runs, then takes it back;
    /// the next `draw` repaints everything.
    func suspend(_ body: () -> Void)
    /// Writes bytes to the terminal as they are (an OSC 52 clipboard sequence).
    func writeRaw(_ bytes: String)
}

/// The event loop: input and results in, `update`, effects out, `render`, draw what changed.
public final class App {
    private let library: Library
    private let backend: TerminalBackend
    private let runner: SearchRunner
    private var state: AppState
    private var previous: ScreenBuffer?

    public init(library: Library, backend: TerminalBackend, query: String = "") {
        self.library = library
        self.backend = backend
        self.runner = SearchRunner(library: library)
        let size = backend.size
        self.state = AppState(width: size.width, height: size.height, query: query)
    }

    public func run() {
        perform(state.start())
        redraw()
        while !state.quitting, !backend.shouldStop {
            var changed = false
            // Results first, so a burst of keys is answered by the newest results.
            for m in runner.takeMessages() { perform(state.update(m)); changed = true }
            if let m = backend.nextMessage(timeout: changed ? 0 : 0.03) {
                perform(state.update(m))
                changed = true
                // Drain what is already typed before drawing (pasting, key repeat).
                while let more = backend.nextMessage(timeout: 0) { perform(state.update(more)) }
            }
            if changed { redraw() }
        }
    }

    private func redraw() {
        let frame = state.render()
        backend.draw(frame, previous: previous, cursor: state.cursorPosition)
        previous = frame
    }

    private func perform(_ effects: [Effect]) {
        for e in effects {
            switch e {
            case .search(let id, let query, let sort, let limit):
                runner.search(id: id, query: query, sort: sort, limit: limit)
            case .setRead(let id, let read):
                runner.setRead(ids: [id], read: read)
            case .setReadMany(let ids, let read):
                runner.setRead(ids: ids, read: read)
            case .markAllRead(let query):
                runner.markAllRead(query: query)
            case .setStarred(let id, let starred):
                runner.setStarred(id: id, starred: starred)
            case .openPager(let path, let line):
                var failure: String?
                backend.suspend { failure = Pager.open(path, line: line) }
                previous = nil
                if let failure { perform(state.update(.failed(failure))) }
            case .copy(let text):
                perform(state.update(.notice(Clipboard.copy(text, backend: backend))))
            case .quit:
                state.quitting = true
            }
        }
    }
}

/// Runs searches on a background queue. Only the newest request runs: one superseded while
/// waiting is skipped, and results of an older one are dropped by `update` (by id).
final class SearchRunner: @unchecked Sendable {
    private let library: Library
    private let queue = DispatchQueue(label: "dossier.search", qos: .userInitiated)
    private let lock = NSLock()
    private var latest = 0
    private var outbox: [Message] = []

    init(library: Library) { self.library = library }

    func search(id: Int, query: String, sort: SearchOrder, limit: Int) {
        lock.lock(); latest = id; lock.unlock()
        queue.async { [self] in
            lock.lock(); let stale = id != latest; lock.unlock()
            if stale { return }
            do {
                let q = try library.parse(query)
                let results = try library.search(q, limit: limit, sort: sort)
                post(.results(id: id, results, libraryTotal: try library.articleCount()))
                // Counts follow: the list is on screen first (the facet cache's first load
                // takes a moment on a large library).
                lock.lock(); let superseded = id != latest; lock.unlock()
                if superseded { return }
                post(.facets(id: id, try library.sidebarFacets(q)))
            } catch let e as QueryError {
                post(.searchFailed(id: id, e.description))
            } catch {
                post(.searchFailed(id: id, "\(error)"))
            }
        }
    }

    func setRead(ids: [String], read: Bool) {
        queue.async { [self] in
            do { try library.setRead(ids, read) } catch { post(.failed("could not save read state: \(error)")) }
        }
    }

    func markAllRead(query: String) {
        queue.async { [self] in
            do { post(.markedRead(try library.markAllRead(library.parse(query)))) } catch {
                post(.failed("could not mark the results read: \(error)"))
            }
        }
    }

    func setStarred(id: String, starred: Bool) {
        queue.async { [self] in
            do { try library.setStarred(id, starred) } catch { post(.failed("could not save the star: \(error)")) }
        }
    }

    private func post(_ m: Message) { lock.lock(); outbox.append(m); lock.unlock() }

    func takeMessages() -> [Message] {
        lock.lock(); defer { lock.unlock() }
        let out = outbox
        outbox = []
        return out
    }

    /// Waits until every queued job has finished (benchmarks, tests).
    func drain() { queue.sync {} }
}

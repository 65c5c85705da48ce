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
    /// The signal that asked the process to stop (SIGINT, SIGTERM, SIGHUP), or nil.
    var stopSignal: Int32? { get }
    /// Leaves the screen to another program (a pager) while `body` runs, then takes it back;
    /// the next `draw` repaints everything.
    func suspend(_ body: () -> Void)
    /// Writes bytes to the terminal as they are (an OSC 52 clipboard sequence).
    func writeRaw(_ bytes: String)
}

/// The event loop: input and results in, `update`, effects out, `render`, draw what changed.
public final class App {
    private let library: any ReaderLibrary
    private let backend: TerminalBackend
    private let runner: SearchRunner
    private var state: AppState
    /// Ctrl-c ended the run.
    private var interrupted = false
    private var previous: ScreenBuffer?

    /// `notice`: a first line for the status bar (the sample articles shown, say).
    public convenience init(library: any ReaderLibrary, backend: TerminalBackend, query: String = "", notice: String? = nil) {
        self.init(library: library, backend: backend, query: query, inlineSearches: false, notice: notice)
    }

    /// `inlineSearches`: searches run at once on this thread (tests of whole runs).
    init(library: any ReaderLibrary, backend: TerminalBackend, query: String, inlineSearches: Bool, notice: String? = nil) {
        self.library = library
        self.backend = backend
        self.runner = SearchRunner(library: library, inline: inlineSearches)
        let size = backend.size
        self.state = AppState(width: size.width, height: size.height, query: query)
        state.readOnly = library.readOnlyReason
        state.message = notice ?? library.readOnlyReason.map { "read-only library (\($0)): reading works, read marks are not saved" }
    }

    /// Runs until a quit key or a signal; returns the signal the process should end with
    /// (SIGINT for Ctrl-c), or nil for an ordinary quit.
    @discardableResult
    public func run() -> Int32? {
        perform(state.start())
        runner.checkForNew()
        var lastCheck = Date()
        redraw()
        while !state.quitting, backend.stopSignal == nil {
            // Pages indexed beside the reader (`index --watch`) are noticed within a second or two.
            if Date().timeIntervalSince(lastCheck) >= Self.growthCheckInterval {
                runner.checkForNew()
                lastCheck = Date()
            }
            var changed = false
            // Results first, so a burst of keys is answered by the newest results.
            for m in runner.takeMessages() { perform(state.update(m)); changed = true }
            // While a search runs, input is polled often so that its results are drawn as soon
            // as they arrive, not when the wait for a key ends.
            if let m = backend.nextMessage(timeout: changed ? 0 : (state.searching ? 0.003 : 0.03)) {
                perform(state.update(m))
                changed = true
                // Drain what is already typed before drawing (pasting, key repeat).
                while let more = backend.nextMessage(timeout: 0) { perform(state.update(more)) }
            }
            if changed { redraw() }
        }
        return backend.stopSignal ?? (interrupted ? SIGINT : nil)
    }

    /// How often the library is asked whether it grew.
    static let growthCheckInterval = 1.0

    private func redraw() {
        let frame = state.render()
        backend.draw(frame, previous: previous, cursor: state.cursorPosition)
        previous = frame
    }

    private func perform(_ effects: [Effect]) {
        for e in effects {
            switch e {
            case .search(let id, let query, let sort, let rows):
                runner.search(id: id, query: query, sort: sort, rows: rows)
            case .watchSearch(let id, let query, let since, let sort, let rows):
                runner.watchSearch(id: id, query: query, since: since, sort: sort, rows: rows)
            case .openWatchlist(let id, let name, let sort, let limit):
                runner.openWatchlist(id: id, name: name, sort: sort, limit: limit)
            case .saveWatchlist(let name, let query):
                runner.saveWatchlist(name: name, query: query)
            case .loadWatchlists:
                runner.loadWatchlists()
            case .acknowledgeNew:
                runner.acknowledgeNew()
            case .export(let query):
                runner.export(query: query, folder: BriefFile.folder())
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
            case .interrupt:
                state.quitting = true
                interrupted = true
            }
        }
    }
}


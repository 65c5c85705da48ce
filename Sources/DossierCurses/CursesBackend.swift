import CNcurses
import DossierTUI
import Foundation

/// The terminal through ncursesw: draws only the cells that changed since the last frame,
/// and turns keys, mouse and resize into messages. The terminal is restored on quit,
/// Ctrl-C, SIGTERM/SIGHUP and fatal signals.
public final class CursesBackend: TerminalBackend {
    private let color: Bool
    private var pairs: [Role: attr_t] = [:]

    /// Starts curses mode. `NO_COLOR` (any value) or a terminal without colours gives a
    /// monochrome screen drawn with bold, reverse and underline only.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        setlocale(LC_ALL, "")
        initscr()
        raw()           // Ctrl-C arrives as a key: quitting restores the terminal
        noecho()
        nonl()
        keypad(dossier_stdscr(), true)
        set_escdelay(25)
        mousemask(dossier_mouse_mask(), nil)
        mouseinterval(0)
        let wantColor = environment["NO_COLOR"] == nil && has_colors()
        if wantColor {
            start_color()
            use_default_colors()
        }
        color = wantColor
        Self.installSignalHandlers()
        if color { definePairs() }
        curs_set(0)
    }

    deinit { Self.restore() }

    /// The terminal's size as curses knows it (after a resize, once `KEY_RESIZE` was read).
    public var size: (width: Int, height: Int) { (Int(getmaxx(dossier_stdscr())), Int(getmaxy(dossier_stdscr()))) }

    /// The SIGINT, SIGTERM or SIGHUP that asked the reader to stop, or nil: the run loop
    /// ends, the terminal is restored, then the process dies of that signal.
    public var stopSignal: Int32? { stopRequested == 0 ? nil : Int32(stopRequested) }

    // MARK: Drawing

    private func definePairs() {
        let table: [(Role, Int32, Int32)] = [
            (.normal, -1, -1), (.dim, COLOR_BLUE, -1), (.title, COLOR_CYAN, -1), (.accent, COLOR_YELLOW, -1),
            (.highlight, COLOR_BLACK, COLOR_YELLOW), (.selection, COLOR_BLACK, COLOR_CYAN), (.selectionDim, COLOR_BLACK, COLOR_WHITE),
            (.bar, COLOR_WHITE, COLOR_BLUE), (.marker, COLOR_GREEN, -1), (.error, COLOR_WHITE, COLOR_RED),
        ]
        for (i, (role, fg, bg)) in table.enumerated() {
            init_pair(Int16(i + 1), Int16(fg), Int16(bg))
            pairs[role] = dossier_color_pair(Int16(i + 1))
        }
    }

    private func attributes(_ s: Style) -> attr_t {
        var a = dossier_a_normal()
        if color {
            a |= pairs[s.role] ?? 0
        } else {
            switch s.role {
            case .selection, .bar, .error: a |= dossier_a_reverse()
            case .highlight, .selectionDim: a |= dossier_a_underline()
            case .title, .accent, .marker: a |= dossier_a_bold()
            case .dim: a |= dossier_a_dim()
            case .normal: break
            }
        }
        if s.bold { a |= dossier_a_bold() }
        if s.underline { a |= dossier_a_underline() }
        return a
    }

    /// Writes the cells of `frame` that differ from `previous` (all of them after a resize or
    /// with no previous frame), places the cursor, and refreshes once.
    public func draw(_ frame: ScreenBuffer, previous: ScreenBuffer?, cursor: (x: Int, y: Int)?) {
        if previous == nil || previous!.width != frame.width || previous!.height != frame.height { clearok(dossier_stdscr(), true) }
        for run in frame.changes(from: previous) {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation { continue }
                // The last cell of the screen: addstr would scroll; insert instead.
                let last = run.y == frame.height - 1 && x + Int(cell.width) >= frame.width
                attrset(Int32(bitPattern: UInt32(truncatingIfNeeded: attributes(cell.style))))
                if last {
                    mvinsstr(Int32(run.y), Int32(x), cell.text)
                } else {
                    mvaddstr(Int32(run.y), Int32(x), cell.text)
                }
            }
        }
        attrset(0)
        if let c = cursor {
            move(Int32(c.y), Int32(c.x))
            curs_set(1)
        } else {
            curs_set(0)
        }
        refresh()
    }

    // MARK: Input

    /// The next key, mouse event or resize, waiting at most `timeout` seconds; nil when none came.
    public func nextMessage(timeout: Double) -> Message? {
        wtimeout(dossier_stdscr(), Int32(timeout * 1000))
        var ch: wint_t = 0
        let rc = get_wch(&ch)
        if rc == ERR { return nil }
        if rc == KEY_CODE_YES { return special(Int32(ch)) }
        let v = UInt32(ch)
        switch v {
        case 0x0D, 0x0A: return .key(.enter)
        case 0x1B: return .key(.escape)
        case 0x09: return .key(.tab)
        case 0x7F, 0x08: return .key(.backspace)
        case 0x01...0x1A: return .key(.ctrl(Character(Unicode.Scalar(v + 0x60)!)))
        default:
            guard let scalar = Unicode.Scalar(v), v >= 0x20 else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    private func special(_ code: Int32) -> Message? {
        switch code {
        case KEY_RESIZE:
            let s = size
            return .resize(width: s.width, height: s.height)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_MOUSE:
            var e = MEVENT()
            guard getmouse(&e) == OK else { return nil }
            let x = Int(e.x), y = Int(e.y)
            if dossier_button4(e.bstate) != 0 { return .mouse(.wheelUp(x: x, y: y)) }
            if dossier_button5(e.bstate) != 0 { return .mouse(.wheelDown(x: x, y: y)) }
            if dossier_button1(e.bstate) != 0 { return .mouse(.click(x: x, y: y)) }
            return nil
        default: return nil
        }
    }

    /// Leaves curses mode for `body` (a pager, an editor), then redraws everything.
    public func suspend(_ body: () -> Void) {
        def_prog_mode()
        endwin()
        body()
        reset_prog_mode()
        clearok(dossier_stdscr(), true)
        refresh()
    }

    /// Writes bytes to the terminal around curses (the bell, a title); callers sanitise them.
    public func writeRaw(_ bytes: String) {
        FileHandle.standardOutput.write(Data(bytes.utf8))
    }

    // MARK: Restoring the terminal

    /// Leaves curses mode (idempotent).
    public static func restore() {
        if isendwin() == false { endwin() }
    }

    private static func installSignalHandlers() {
        // SIGINT/SIGTERM/SIGHUP: ask the loop to stop; it restores the terminal on the way
        // out, and the process then dies of the same signal, as every other command does.
        for s in [SIGINT, SIGTERM, SIGHUP] { signal(s) { sig in stopRequested = sig } }
        // A crash: restore the terminal, then die of the same signal.
        for s in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(s) { sig in
                endwin()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}

/// Set from a signal handler; read by the event loop.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

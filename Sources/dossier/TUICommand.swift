import ArgumentParser
import DossierCore
import DossierCurses
import DossierTUI
import Foundation

/// `dossier` with no arguments, or `dossier tui [QUERY]`: the reader.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the reader (the default command). Keys: press ? inside, or see docs/keys.md.")

    @OptionGroup var options: LibraryOptions
    @Argument(parsing: .allUnrecognized, help: "A query to start with (the query language of docs/query-language.md).")
    var query: [String] = []

    func validate() throws { try QueryWords.validate(query) }

    func run() throws {
        try Self.open(options, query: QueryWords.clean(query).joined(separator: " "))
    }

    static func open(_ options: LibraryOptions, query: String) throws {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            Diagnostics.error("the reader needs a terminal; for scripts use `dossier search`, `list` or `show` (with --json)")
            throw ExitCode(1)
        }
        let (library, notice) = try options.open(for: .browsing)
        let backend = CursesBackend()
        let ending = App(library: library, backend: backend, query: query, notice: notice).run()
        CursesBackend.restore()
        // A signal (or Ctrl-c, as SIGINT) ends the reader as it ends every other command: the
        // process dies of it, so a shell sees 128 + its number (130, 143, 129).
        if let ending {
            signal(ending, SIG_DFL)
            raise(ending)
        }
    }
}

import ArgumentParser
import DossierCore
import Foundation

@main
struct Dossier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "A terminal reader for news on digital-asset regulation. With no subcommand: the reader.",
        subcommands: [TUICommand.self, ParseCommand.self, IndexCommand.self, SearchCommand.self, ListCommand.self, ShowCommand.self,
                      FacetsCommand.self, TimelineCommand.self, AuthoritiesCommand.self, CountriesCommand.self, ExportCommand.self, WatchCommand.self, StatsCommand.self, CheckCommand.self, CompactCommand.self, SamplesCommand.self, BenchCommand.self])

    @OptionGroup var options: LibraryOptions

    /// No subcommand: open the reader (an unknown word is still a usage error, not a query).
    func run() throws {
        try TUICommand.open(options, query: "")
    }

    /// Usage errors exit with 2 (not ArgumentParser's 64), as scripts expect from Unix tools.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure, let word = unknownCommand() {
                let names = configuration.subcommands.compactMap { $0.configuration.commandName }
                let close = Suggest.closest(to: word, in: names)
                Diagnostics.error("unknown command '\(word)'" + (close.isEmpty ? "" : "; did you mean '\(close[0])'?")
                                  + " (commands: \(names.joined(separator: ", ")))")
                Foundation.exit(2)
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension Dossier {
    /// The first word of the command line when it names no subcommand ("serach").
    static func unknownCommand() -> String? {
        var args = CommandLine.arguments.dropFirst()
        while let a = args.first, a.hasPrefix("-") {
            args = args.dropFirst()
            if a == "--library" { args = args.dropFirst() }   // its value
        }
        guard let word = args.first else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        return names.contains(word) ? nil : word
    }
}

/// Messages for people go to stderr, prefixed with the program name. They quote file
/// names, queries and ids, which may hold anything: control characters are shown, never
/// sent to the terminal (`TerminalText`).
enum Diagnostics {
    static func error(_ message: String) { write("dossier: " + message) }
    static func warning(_ message: String) { write("dossier: warning: " + message) }
    static func note(_ message: String) { write("dossier: " + message) }
    private static func write(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.visible(line, keepNewlines: true) + "\n").utf8))
    }
}

/// Text for people on stdout, with control characters shown (`TerminalText`). JSON goes
/// out through its encoder instead, which escapes them as RFC 8259 says.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.visible(text, keepNewlines: true).utf8))
    }
}

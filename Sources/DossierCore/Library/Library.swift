import Foundation
import GRDB

/// The persistent article library: an SQLite database (WAL mode) with an FTS5 index.
///
/// ```swift
/// let library = try Library.open(at: Library.defaultPath())
/// let summary = try library.index(["seeds"])
/// let results = try library.search(SearchQuery.parse("stablecoin country:sg"), limit: 20)
/// ```
/// Reads run concurrently with a write (WAL); one process indexes at a time.
public final class Library: Sendable {
    /// The library file, as opened.
    public let path: String
    /// A `DatabasePool` for a writable library; a read-only `DatabaseQueue` otherwise.
    let pool: any DatabaseWriter
    /// Why the library cannot be written (a read-only file, mount or immutable file), or nil.
    public let readOnlyReason: String?
    let facetCacheBox = CacheBox<FacetCache>()
    let lengthCacheBox = CacheBox<LengthCache>()
    /// The marked articles counted for patching shortlists, for one generation.
    let shortlistDeltaBox = CacheBox<(generation: String, delta: ShortlistStore.Delta)>()
    /// The names the lists' facet counts were saved under, for one generation (`KeyFacets`).
    let keyFacetNamesBox = CacheBox<(generation: String, names: [[String]])>()
    /// Set by tests, to keep lists on small libraries; the default otherwise.
    let shortlistPolicyBox = CacheBox<ShortlistPolicy>()
    var shortlistPolicy: ShortlistPolicy { shortlistPolicyBox.value ?? ShortlistPolicy() }
    /// Set by tests, to train a body dictionary on a small library; the default otherwise.
    let bodySamplesToTrainBox = CacheBox<Int>()
    var bodySamplesToTrain: Int { bodySamplesToTrainBox.value ?? BodyDictionary.samplesToTrain }
    /// The second connection a large ranked search uses for half of the library
    /// (`RowidHalves`); nil for a read-only library, which is searched in one pass.
    let helper: HelperReader?

    /// True when the library was opened read-only: reading works, saving does not.
    public var isReadOnly: Bool { readOnlyReason != nil }

    private init(path: String, pool: any DatabaseWriter, readOnlyReason: String?) {
        self.path = path
        self.pool = pool
        self.readOnlyReason = readOnlyReason
        helper = readOnlyReason == nil ? HelperReader(path: path) : nil
    }

    /// Where the library lives: `--library PATH`, else `$DOSSIER_LIBRARY`, else
    /// `$XDG_DATA_HOME/dossier/library.sqlite` (default `~/.local/share/dossier/`).
    public static func defaultPath(option: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let o = option, !o.isEmpty { return o }
        if let e = environment["DOSSIER_LIBRARY"], !e.isEmpty { return e }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
        return ((data as NSString).appendingPathComponent("dossier") as NSString).appendingPathComponent("library.sqlite")
    }

    /// What `open` may create when the library file does not exist yet.
    public enum Creation: Sendable {
        /// Nothing: a missing library is an error.
        case never
        /// The file, in a folder that must exist.
        case file
        /// The file and any missing folders above it.
        case fileAndFolders
    }

    /// Opens and migrates the library at `path`, creating what `creating` allows.
    ///
    /// A library this process cannot write (a 0444 file of another user, an immutable file,
    /// a read-only mount) opens read-only: searches work, writes throw a `LibraryError` that
    /// says so. Another application's SQLite file, or a library from a newer Dossier, is
    /// refused unchanged.
    public static func open(at path: String, creating: Creation = .fileAndFolders) throws(LibraryError) -> Library {
        let fm = FileManager.default
        let dir = (path as NSString).deletingLastPathComponent
        if !fm.fileExists(atPath: path) {
            if creating == .never {
                throw LibraryError(path: path, problem: "there is no library here",
                                   hint: "create it with `dossier index --library \(path) DIR`, or give another path")
            }
            if !dir.isEmpty, !fm.fileExists(atPath: dir) {
                guard creating == .fileAndFolders else {
                    throw LibraryError(path: path, problem: "the folder \(dir) does not exist",
                                       hint: "create it first, or pass --create-dirs to create it")
                }
                do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw LibraryError(path: path, problem: "cannot create the folder \(dir): \(error.localizedDescription)",
                                       hint: "choose another place with --library PATH or $DOSSIER_LIBRARY")
                }
            }
        }
        // An existing file is looked at read-only first: another application's database, or a
        // library from a newer Dossier, is refused before anything is written to it.
        if fm.fileExists(atPath: path) {
            try checkIsOurs(path)
            if let reason = whyNotWritable(path) { return try openReadOnly(path, reason: reason) }
        }
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // WAL + NORMAL: a crash loses at most the last transaction, never consistency.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if db.configuration.readonly {
                try Library.prepareReader(db)
            } else {
                // The writer maps nothing (FTS5's merges read the whole index, and mapped pages
                // count in the process's memory) and keeps a large page cache: its merges and
                // b-tree inserts come back to the same pages.
                try db.execute(sql: "PRAGMA mmap_size = 0; PRAGMA cache_size = -65536")
            }
            Library.registerFunctions(db)
        }
        // A new library gets 16 KiB pages: articles are ~2–3 KB rows, and with 4 KiB pages
        // one row per page wasted a third of the file. (No effect on an existing library.)
        if !fm.fileExists(atPath: path) {
            do {
                let q = try DatabaseQueue(path: path)
                try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = 16384; VACUUM") }
                try q.close()
            } catch {
                throw LibraryError(path: path, underlying: error)
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
            return Library(path: path, pool: pool, readOnlyReason: nil)
        } catch {
            throw LibraryError(path: path, underlying: error)
        }
    }

    /// Why this process cannot write the library (nil when it can). SQLite writes beside the
    /// file too (`-wal`, `-shm`), so an unwritable folder counts unless those exist writable.
    static func whyNotWritable(_ path: String) -> String? {
        if access(path, W_OK) != 0 {
            switch errno {
            case EROFS: return "it is on a read-only file system"
            case EPERM: return "the file is immutable"
            default: return "this user may not write the file"
            }
        }
        let dir = (path as NSString).deletingLastPathComponent
        if access(dir.isEmpty ? "." : dir, W_OK) != 0,
           !["-wal", "-shm"].allSatisfy({ access(path + $0, W_OK) == 0 }) {
            return errno == EROFS ? "it is on a read-only file system" : "this user may not write its folder"
        }
        return nil
    }

    /// Opens a library this process cannot write. When SQLite cannot share the WAL index
    /// (no `-shm` and no way to create one), the file is opened as immutable, as read-only
    /// media are: nobody can be changing it then.
    private static func openReadOnly(_ path: String, reason: String) throws(LibraryError) -> Library {
        var config = Configuration()
        config.readonly = true
        config.prepareDatabase { db in
            try Library.prepareReader(db)
            Library.registerFunctions(db)
        }
        func attempt(_ location: String) throws -> DatabaseQueue {
            let q = try DatabaseQueue(path: location, configuration: config)
            try q.read { db in
                let applied = try Schema.migrator.appliedIdentifiers(db)
                let missing = Schema.migrator.migrations.filter { !applied.contains($0) }
                if !missing.isEmpty {
                    throw LibraryError(path: path, problem: "the library is read-only (\(reason)) and was made by an older Dossier: it needs an upgrade this version cannot write",
                                       hint: "open it once where it is writable, or index a copy with --library PATH")
                }
            }
            return q
        }
        do {
            do { return Library(path: path, pool: try attempt(path), readOnlyReason: reason) } catch let e as LibraryError { throw e } catch {
                return Library(path: path, pool: try attempt(immutableURI(path)), readOnlyReason: reason)
            }
        } catch {
            throw LibraryError(path: path, underlying: error)
        }
    }

    /// `file:PATH?immutable=1`, with the characters a URI path cannot hold escaped.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Refuses a file this version must not write: a SQLite database of another application
    /// (tables, but none of a Dossier library's migrations), or a library from a newer
    /// Dossier (migrations this version does not know, or a schema version it did not set).
    static func checkIsOurs(_ path: String) throws(LibraryError) {
        var config = Configuration()
        config.readonly = true
        func look(_ location: String) throws {
            let q = try DatabaseQueue(path: location, configuration: config)
            defer { try? q.close() }
            try q.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                guard !tables.isEmpty else { return }   // an empty file: a new library
                let ours = Set(Schema.migrator.migrations)
                let applied = tables.contains("grdb_migrations")
                    ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
                if applied.isDisjoint(with: ours) {
                    throw LibraryError(path: path, problem: "this is an SQLite database, but not a Dossier library (its tables: \(tables.prefix(5).joined(separator: ", ")))",
                                       hint: "it was left unchanged; give another path with --library PATH")
                }
                let unknown = applied.subtracting(ours).sorted()
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if !unknown.isEmpty || version != 0 {
                    let what = unknown.isEmpty ? "schema version \(version)" : "migration\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\($0)\"" }.joined(separator: ", "))"
                    throw LibraryError(path: path, problem: "this library was made by a newer Dossier (\(what), unknown to this version)",
                                       hint: "upgrade Dossier to read it; it was left unchanged")
                }
            }
        }
        do {
            // Read-only media and unwritable folders: the WAL index cannot be shared, so look
            // at the file as immutable (it is only read here).
            do { try look(path) } catch let e as LibraryError { throw e } catch {
                guard whyNotWritable(path) != nil else { throw error }
                try look(immutableURI(path))
            }
        } catch let e as LibraryError {
            throw e
        } catch {
            throw LibraryError(path: path, underlying: error)
        }
    }

    /// Sets up a connection that only reads: no memory map and SQLite's usual 2 MB page
    /// cache. A library of 1M articles is past what a map may cover (2 GB in Debian's
    /// SQLite), so its pages came through the page cache anyway, and a large one (64 MB per
    /// connection) made no query faster but held most of the reader's memory; the map made
    /// queries a few percent faster at 100k and held the pages it touched (docs/performance.md,
    /// "The reader's memory at 1M").
    static func prepareReader(_ db: Database) throws {
        try db.execute(sql: "PRAGMA mmap_size = 0; PRAGMA cache_size = -2048")
    }

    /// Registers what a connection to a library needs: the `dossier` tokenizer and the
    /// `dossier_rank` function. `Library` does it on its own connections; tools that open
    /// the file themselves (benchmarks, baselines) call it in `prepareDatabase`.
    public static func registerFunctions(_ db: Database) {
        RankFunction.register(db)
        PackedText.registerFunction(db)
        BodyDictionary.noteDatabases(of: db.sqliteConnection)
        db.add(tokenizer: SearchTokenizer.self)
    }

    /// Runs a read, turning database errors into `LibraryError`s.
    func read<T>(_ body: (Database) throws -> T) throws(LibraryError) -> T {
        do { return try pool.read(body) } catch { throw LibraryError(path: path, underlying: error) }
    }

    /// Runs a write; a read-only library refuses it with the reason, before SQLite is asked.
    func write<T>(_ body: (Database) throws -> T) throws(LibraryError) -> T {
        if let reason = readOnlyReason {
            throw LibraryError(path: path, problem: "the library is read-only (\(reason)): nothing can be saved",
                               hint: "make the file and its folder writable, or work on a copy with --library PATH")
        }
        do { return try pool.write(body) } catch { throw LibraryError(path: path, underlying: error) }
    }

    /// Number of articles.
    public func articleCount() throws(LibraryError) -> Int {
        // From the facet cache when it is current: count(*) walks an index of every article,
        // and the reader asks after every search.
        try read { db in try self.cheapFacetCache(db, depth: .totals)?.count ?? Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0 }
    }

    /// True when the library holds no article (or cannot be read).
    public var isEmpty: Bool { ((try? articleCount()) ?? 0) == 0 }
}

/// A library that cannot be used, said plainly, with what to do about it.
public struct LibraryError: Error, Sendable, CustomStringConvertible {
    /// The library file the problem is with.
    public var path: String
    /// What is wrong, in plain words.
    public var problem: String
    /// What to do about it.
    public var hint: String

    /// A library problem, said plainly.
    public init(path: String, problem: String, hint: String) {
        self.path = path; self.problem = problem; self.hint = hint
    }

    init(path: String, underlying error: Error) {
        self.path = path
        if let e = error as? LibraryError { self = e; return }
        guard let db = error as? DatabaseError else {
            problem = "\(error)"
            hint = "check the path, or use another library with --library PATH"
            return
        }
        switch db.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            problem = "the library file is damaged or is not a Dossier library"
            hint = "move it aside and run `dossier index` again to rebuild it"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            problem = "the library is locked by another process"
            hint = "wait for the other `dossier` (an index run?) to finish, then try again"
        case .SQLITE_READONLY:
            problem = "the library is read-only"
            hint = "make the file and its folder writable, or point --library at a writable copy"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            problem = "the library cannot be opened (permissions or a missing folder)"
            hint = "check the path and its permissions, or use --library PATH"
        case .SQLITE_FULL, .SQLITE_IOERR:
            problem = "the disk is full or failing (\(db.message ?? "I/O error"))"
            hint = "free some space and run the command again; the library stays consistent"
        default:
            problem = db.message ?? "database error \(db.resultCode)"
            hint = "run `dossier stats` to check the library; rebuild it with `dossier index` if needed"
        }
    }

    /// "PATH: problem" and a "hint:" line, as the CLI prints it.
    public var description: String { "\(path): \(problem)\nhint: \(hint)" }
}

extension SearchQuery {
    /// The longest query accepted, in UTF-8 bytes. Anything longer is refused with the
    /// position where it goes over (a query of thousands of terms is a paste gone wrong, and
    /// FTS5 would take seconds over it).
    public static let maximumBytes = 4096
    /// The most words, phrases and filters a query may hold (repeats are merged first).
    public static let maximumTerms = 64

    /// Parses the query language. Any string is accepted or refused with a `QueryError`
    /// naming the position; nothing the user types reaches SQLite unescaped.
    ///
    /// Filter values are checked and made canonical (`FilterValue`); with a `vocabulary`
    /// (the library's own authorities and categories) an unknown authority or category is
    /// an error too. Best-effort readings (recorded in `notes`): an unbalanced quote runs to
    /// the end; a stray `OR`/`AND`/`NOT`/`-` is ignored; parentheses are read as spaces.
    public static func parse(_ text: String, vocabulary: QueryVocabulary? = nil) throws(QueryError) -> SearchQuery {
        if text.utf8.count > maximumBytes {
            // The position (in characters) of the first byte over the limit.
            var bytes = 0, position = 0
            for ch in text { bytes += ch.utf8.count; position += 1; if bytes > maximumBytes { break } }
            throw QueryError(message: "the query is longer than \(maximumBytes) bytes", position: position)
        }
        var q = SearchQuery()
        var terms = 0
        let (chars, origins) = Self.visibleCharacters(text)
        var lexer = QueryLexer(chars, origins: origins)
        var pendingOr = false
        var negateNext = false
        var negatePosition = 0
        while let token = try lexer.next(notes: &q.notes) {
            if case .word = token.kind { terms += 1 }
            if case .field = token.kind { terms += 1 }
            if terms > maximumTerms {
                throw QueryError(message: "more than \(maximumTerms) words, phrases and filters", position: token.position)
            }
            switch token.kind {
            case .or:
                if q.groups.isEmpty || negateNext { q.notes.append("ignored a stray OR at position \(token.position)") } else { pendingOr = true }
            case .and:
                break   // words are ANDed anyway
            case .not:
                if negateNext { q.notes.append("ignored a doubled NOT/- at position \(token.position)") }
                negateNext = true
                negatePosition = token.position
            case .field(let field, let value):
                let negated = negateNext
                negateNext = false
                if field == "title" {
                    guard let term = Self.term(value.text, quoted: value.quoted, titleOnly: true) else { continue }
                    if negated { q.excluded.append(term); pendingOr = false; continue }
                    q.add(term, or: pendingOr)
                    pendingOr = false
                    continue
                }
                if pendingOr { q.notes.append("OR before a filter has no effect at position \(token.position) (values of one field are alternatives anyway)") }
                pendingOr = false
                // "regulator:" is the older name of "authority:".
                guard let f = Field(rawValue: field == "regulator" ? Field.authority.rawValue : field) else {
                    let names = Field.allCases.map(\.rawValue) + ["title"]
                    let close = Suggest.closest(to: field, in: names).map { $0 + ":" }
                    throw QueryError(message: "unknown field \"\(field):\"" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?")
                                        + " (fields: \(names.joined(separator: ", ")))", position: token.position)
                }
                guard !value.text.trimmingSpaces().isEmpty else {
                    throw QueryError(message: "\(field): needs a value", position: token.position)
                }
                switch FilterValue.canonical(f, value.text, vocabulary: vocabulary) {
                case .failure(let refusal):
                    throw QueryError(message: refusal.text, position: token.position)
                case .success(let v):
                    if negated {
                        if !(q.excludedFilters[f] ?? []).contains(v) { q.excludedFilters[f, default: []].append(v) }
                    } else if !(q.filters[f] ?? []).contains(v) {
                        q.filters[f, default: []].append(v)
                    }
                }
            case .word(let w, let quoted):
                guard let term = Self.term(w, quoted: quoted, titleOnly: false) else { continue }
                if negateNext {
                    q.excluded.append(term)
                    negateNext = false
                    pendingOr = false
                    continue
                }
                q.add(term, or: pendingOr)
                pendingOr = false
            }
        }
        if negateNext { q.notes.append("ignored a NOT/- with nothing after it at position \(negatePosition)") }
        if pendingOr { q.notes.append("ignored an OR at the end") }
        q.mergeRepeats()
        return q
    }

    /// A word said twice is one condition: repeated alternatives, groups and exclusions are
    /// kept once (FTS5 would intersect the same posting list again for each).
    private mutating func mergeRepeats() {
        var seenGroups = Set<[Term]>()
        var merged: [[Term]] = []
        for group in groups {
            var seen = Set<Term>()
            let alts = group.filter { seen.insert($0).inserted }
            if seenGroups.insert(alts).inserted { merged.append(alts) }
        }
        if merged.count != groups.count || zip(merged, groups).contains(where: { $0.count != $1.count }) {
            notes.append("repeated words searched once")
        }
        groups = merged
        var seenEx = Set<Term>()
        excluded = excluded.filter { seenEx.insert($0).inserted }
    }

    private mutating func add(_ term: Term, or: Bool) {
        if or, !groups.isEmpty { groups[groups.count - 1].append(term) } else { groups.append([term]) }
    }

    /// The text with every control and format character (NUL, ESC, U+200B…) made a space,
    /// scalar by scalar: one joined to the next character ("\0" + a combining mark) would
    /// otherwise hide inside a word and print back differently.
    /// Combining marks go too unless they sit on a letter or digit: one on a quote, a dash or
    /// a space would make it another character, and the query would read differently.
    static func visibleText(_ text: String) -> String { String(visibleCharacters(text).chars) }

    /// `visibleText` as characters, each with the index of the character of `text` it comes
    /// from: a format character made a space can split what was one character (U+070F
    /// prepends itself to the next), and positions must still count the text as typed.
    static func visibleCharacters(_ text: String) -> (chars: [Character], origins: [Int]) {
        guard text.unicodeScalars.contains(where: { isInvisible($0) || isMark($0) }) else {
            let chars = Array(text)
            return (chars, Array(chars.indices))
        }
        var chars: [Character] = [], origins: [Int] = []
        var onLetter = false
        for (index, ch) in text.enumerated() {
            var piece = String.UnicodeScalarView()
            for u in ch.unicodeScalars {
                if isInvisible(u) { piece.append(" "); onLetter = false; continue }
                if isMark(u) { if onLetter { piece.append(u) }; continue }
                piece.append(u)
                onLetter = u.properties.isAlphabetic || u.properties.numericType != nil
            }
            for c in String(piece) { chars.append(c); origins.append(index) }
        }
        return (chars, origins)
    }

    private static func isMark(_ u: Unicode.Scalar) -> Bool {
        [.nonspacingMark, .spacingMark, .enclosingMark].contains(u.properties.generalCategory)
    }

    private static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        [.control, .format].contains(u.properties.generalCategory) && u != "\n" && u != "\t"
    }

    /// A word or phrase term; nil when nothing searchable is left ("&", "--").
    private static func term(_ raw: String, quoted: Bool, titleOnly: Bool) -> Term? {
        if quoted {
            // (No control is left inside quotes either: `visibleText` made them spaces.)
            var p = raw.trimmingSpaces()
            // No combining mark first: printed after the opening quote, it would join it.
            while let first = p.unicodeScalars.first, Self.isMark(first) { p = String(p.unicodeScalars.dropFirst()).trimmingSpaces() }
            guard p.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else { return nil }
            return .phrase(p, titleOnly: titleOnly)
        }
        var w = Substring(raw)
        var prefix = false
        if w.hasSuffix("*") { prefix = true; while w.hasSuffix("*") { w = w.dropLast() } }
        // Outer punctuation is not part of the word ("(kyc", "aml,"); inner is ("U.S.", "e-money").
        // Nor does a word begin with a combining mark: printed after a space, it would join it.
        var core = String(w).trimmingPunctuation()
        while let first = core.unicodeScalars.first, isMark(first) {
            core = String(core.unicodeScalars.dropFirst()).trimmingPunctuation()
        }
        guard !core.isEmpty else { return nil }
        // A word that would read back as something else ("AND," as the operator, "x:date:1"
        // as a field) is kept as the one-word phrase it is, which prints in quotes.
        // (A quote inside, as an unquoted `title:` value can hold, cannot be printed: a space.)
        if !readsBackAsWord(core) { return term(core.replacingOccurrences(of: "\"", with: " "), quoted: true, titleOnly: titleOnly) }
        return .word(core, prefix: prefix, titleOnly: titleOnly)
    }

    /// True when `word`, printed bare, lexes as the same single word.
    static func readsBackAsWord(_ word: String) -> Bool {
        var lexer = QueryLexer(Array(word))
        var notes: [String] = []
        guard let token = try? lexer.next(notes: &notes), case .word(let w, false) = token.kind, w == word,
              (try? lexer.next(notes: &notes)) == nil else { return false }
        return true
    }
}

/// Splits query text into words, quoted phrases, operators and `field:value` pairs.
struct QueryLexer {
    enum Kind: Equatable {
        case word(String, quoted: Bool)
        case field(String, value: (text: String, quoted: Bool))
        case or, and, not

        static func == (a: Kind, b: Kind) -> Bool {
            switch (a, b) {
            case let (.word(x, p), .word(y, q)): return x == y && p == q
            case let (.field(f, v), .field(g, w)): return f == g && v.text == w.text && v.quoted == w.quoted
            case (.or, .or), (.and, .and), (.not, .not): return true
            default: return false
            }
        }
    }
    struct Token { var kind: Kind; var position: Int }

    private let chars: [Character]
    /// Each character's index in the text as typed (`SearchQuery.visibleCharacters`).
    private let origins: [Int]
    private var i = 0

    init(_ chars: [Character], origins: [Int]? = nil) { self.chars = chars; self.origins = origins ?? Array(chars.indices) }

    /// The 1-based position, in the text as typed, of the character at `k`.
    private func at(_ k: Int) -> Int { (k < origins.count ? origins[k] : (origins.last ?? -1) + 1) + 1 }

    /// What separates words. Controls and format characters are already spaces here
    /// (`SearchQuery.visibleText` runs before the lexer).
    private static func isSpace(_ c: Character) -> Bool { c.isWhitespace || c == "(" || c == ")" }

    /// Said once per query, however many parentheses it has.
    private static let parenthesesNote = "parentheses are not supported; read as spaces"

    mutating func next(notes: inout [String]) throws(QueryError) -> Token? {
        while i < chars.count, Self.isSpace(chars[i]) {
            if chars[i] == "(" || chars[i] == ")", !notes.contains(Self.parenthesesNote) { notes.append(Self.parenthesesNote) }
            i += 1
        }
        guard i < chars.count else { return nil }
        let start = i
        if chars[i] == "\"" {
            return Token(kind: .word(readQuoted(notes: &notes), quoted: true), position: at(start))
        }
        if chars[i] == "-" {
            i += 1
            if i < chars.count, !Self.isSpace(chars[i]) { return Token(kind: .not, position: at(start)) }
            notes.append("ignored a stray - at position \(at(start))")
            return try next(notes: &notes)
        }
        var word = ""
        while i < chars.count, !Self.isSpace(chars[i]), chars[i] != "\"" {
            if chars[i] == ":", !word.isEmpty, word.allSatisfy({ $0.isLetter }) {
                i += 1
                let field = word.lowercased()
                // The value: quoted, or up to the next space.
                if i < chars.count, chars[i] == "\"" {
                    return Token(kind: .field(field, value: (readQuoted(notes: &notes), true)), position: at(start))
                }
                var value = ""
                while i < chars.count, !chars[i].isWhitespace { value.append(chars[i]); i += 1 }
                return Token(kind: .field(field, value: (value, false)), position: at(start))
            }
            word.append(chars[i])
            i += 1
        }
        switch word {
        case "OR", "|", "||": return Token(kind: .or, position: at(start))
        case "AND", "&&": return Token(kind: .and, position: at(start))
        case "NOT": return Token(kind: .not, position: at(start))
        default: return Token(kind: .word(word, quoted: false), position: at(start))
        }
    }

    /// The text inside quotes; an unbalanced quote runs to the end (noted).
    private mutating func readQuoted(notes: inout [String]) -> String {
        let open = i
        i += 1
        var text = ""
        while i < chars.count, chars[i] != "\"" { text.append(chars[i]); i += 1 }
        if i < chars.count { i += 1 } else { notes.append("unbalanced quote at position \(at(open)): read to the end") }
        return text
    }
}

/// `date:` values: a year, a month, a day, or a range of them with `..` (either end open).
struct DateRange: Equatable {
    /// Inclusive lower bound as an ISO prefix ("2023-06"), or nil.
    var from: String?
    /// Exclusive upper bound ("2024-03" for "..2024-02"), or nil.
    var before: String?

    static func parse(_ s: String) -> DateRange? {
        if let r = s.range(of: "..") {
            let a = String(s[..<r.lowerBound]), b = String(s[r.upperBound...])
            if a.isEmpty && b.isEmpty { return nil }
            var out = DateRange()
            if !a.isEmpty { guard let lo = point(a) else { return nil }; out.from = lo.start }
            if !b.isEmpty { guard let hi = point(b) else { return nil }; out.before = hi.end }
            return out
        }
        guard let p = point(s) else { return nil }
        return DateRange(from: p.start, before: p.end)
    }

    /// "2024" → ("2024", "2025"); "2024-02" → ("2024-02", "2024-03"); "2024-02-09" → (…-09, …-10).
    private static func point(_ s: String) -> (start: String, end: String)? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), let y = Int(parts[0]), parts[0].count == 4 else { return nil }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch parts.count {
        case 1: return ("\(y)", "\(y + 1)")
        case 2:
            guard let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            return ("\(y)-\(pad(m))", m == 12 ? "\(y + 1)-01" : "\(y)-\(pad(m + 1))")
        default:
            guard let m = Int(parts[1]), (1...12).contains(m), let d = Int(parts[2]), (1...31).contains(d) else { return nil }
            // The day's end: the next day as a string prefix bound ("…-09" < "…-09T…" < "…-10").
            return ("\(y)-\(pad(m))-\(pad(d))", "\(y)-\(pad(m))-\(pad(d))~")
        }
    }
}

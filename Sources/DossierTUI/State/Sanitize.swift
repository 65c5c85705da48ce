import DossierCore

/// Article text is cleaned when it is parsed, but a library may come from anywhere: every
/// string is cleaned again (escape sequences, controls, bidi overrides) as results arrive,
/// before it can reach the screen.
enum Sanitize {
    /// A watchlist's name and query, as the sidebar and status line show them.
    static func watchlist(_ w: Watchlist) -> Watchlist {
        var w = w
        w.name = TextSanitizer.cleanLine(w.name)
        w.query = TextSanitizer.cleanLine(w.query)
        w.problem = w.problem.map(TextSanitizer.cleanLine)
        return w
    }

    /// Labels and names of an activity's entries (the directory shows them).
    static func activity(_ a: Activity) -> Activity {
        func clean(_ list: [ActivityEntry]) -> [ActivityEntry] {
            list.map { e in
                var e = e
                e.key = TextSanitizer.cleanLine(e.key)
                e.label = TextSanitizer.cleanLine(e.label)
                e.name = e.name.map(TextSanitizer.cleanLine)
                e.country = e.country.map(TextSanitizer.cleanLine)
                e.filter = TextSanitizer.cleanLine(e.filter)
                for i in e.top.indices { e.top[i].label = TextSanitizer.cleanLine(e.top[i].label) }
                return e
            }
        }
        var a = a
        a.span = a.span.map(TextSanitizer.cleanLine)
        a.countries = clean(a.countries); a.authorities = clean(a.authorities); a.topics = clean(a.topics)
        return a
    }

    static func hit(_ h: SearchHit) -> SearchHit {
        var h = h
        var a = h.article
        a.title = TextSanitizer.cleanLine(a.title)
        a.summary = TextSanitizer.cleanLine(a.summary)
        a.category = a.category.map(TextSanitizer.cleanLine)
        a.published = a.published.map(TextSanitizer.cleanLine)
        a.paragraphs = a.paragraphs.map(TextSanitizer.cleanLine)
        a.topics = a.topics.map(TextSanitizer.cleanLine)
        for i in a.countries.indices {
            a.countries[i].code = TextSanitizer.cleanLine(a.countries[i].code)
            a.countries[i].name = TextSanitizer.cleanLine(a.countries[i].name)
        }
        for i in a.authorities.indices {
            a.authorities[i].acronym = TextSanitizer.cleanLine(a.authorities[i].acronym)
            a.authorities[i].country = TextSanitizer.cleanLine(a.authorities[i].country)
            a.authorities[i].name = TextSanitizer.cleanLine(a.authorities[i].name)
        }
        // File names reach the reader too ("Source:", "Also in:"), and they may hold anything:
        // shown with their control characters written out, as the CLI shows them.
        a.id = TerminalText.visible(a.id)
        a.source.path = TerminalText.visible(a.source.path)
        for i in a.alsoIn.indices { a.alsoIn[i].path = TerminalText.visible(a.alsoIn[i].path) }
        h.article = a
        h.snippet = TextSanitizer.cleanLine(h.snippet)
        return h
    }

    static func isControl(_ c: Character) -> Bool {
        c.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.properties.generalCategory == .format }
    }
}

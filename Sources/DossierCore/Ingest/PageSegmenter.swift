/// Splits a page into article drafts.
///
/// Two passes. First, *anchored* articles: a headline with metadata next to it — a
/// "Category·Date" line, a date line or a byline, after it (the page's own article) or
/// before it (teasers under "More to Read"). Their bodies run to the next anchor, a teaser
/// marker or a sign-off block (newsletter blurb, author bio). Second, every stretch of text
/// no anchor claims — a whole newswire page, or what follows a sign-off — goes to the
/// `NewswireSegmenter`, which finds stories by headlines and by shifts of subject.
struct PageSegmenter {
    let rules: ResourceData
    let classifier: LineClassifier
    let glue: GlueRepair
    let newswire: NewswireSegmenter

    init(rules: ResourceData) {
        self.rules = rules
        classifier = LineClassifier(rules: rules.boilerplate)
        glue = GlueRepair(rules: rules)
        newswire = NewswireSegmenter(rules: rules, glue: glue)
    }

    /// An item is a non-blank, non-furniture line; sign-off lines are flagged.
    struct Item {
        var line: PageLine
        var signOff = false
        var text: String { line.text }
    }

    func segment(lines rawLines: [String]) -> [ArticleDraft] {
        let lines = classifier.classify(rawLines)
        let items = markSignOffs(lines.filter { $0.kind != .blank && $0.kind != .furniture }.map { Item(line: $0) })
        let anchors = findAnchors(items)

        var drafts: [ArticleDraft] = []
        var orphan: [Item] = []
        var inTeasers = false
        var roundupCounter = 0
        func flushOrphans() {
            if !orphan.isEmpty {
                drafts += newswire.segment(orphan, role: inTeasers ? .related : .main, roundupId: &roundupCounter,
                                           isPageStart: drafts.isEmpty)
                orphan.removeAll()
            }
        }

        var i = 0
        var anchorIndex = 0
        while i < items.count {
            if anchorIndex < anchors.count, anchors[anchorIndex].start == i {
                flushOrphans()
                let anchor = anchors[anchorIndex]
                anchorIndex += 1
                let stop = anchorIndex < anchors.count ? anchors[anchorIndex].start : items.count
                var draft = ArticleDraft(title: items[anchor.headline].text, startLine: items[anchor.headline].line.number,
                                         role: inTeasers ? .related : .main)
                for m in anchor.metadata { apply(items[m].line.kind, to: &draft) }
                var j = anchor.bodyStart
                while j < stop {
                    let item = items[j]
                    if item.line.kind == .teaserMarker || item.signOff { break }
                    if item.line.kind == .text { addBodyLine(item.line, to: &draft) }
                    j += 1
                }
                drafts.append(draft)
                i = j
                continue
            }
            let item = items[i]
            if item.line.kind == .teaserMarker {
                flushOrphans()
                inTeasers = true
            } else {
                orphan.append(item)
            }
            i += 1
        }
        flushOrphans()
        return drafts
    }

    private func apply(_ kind: PageLine.Kind, to draft: inout ArticleDraft) {
        switch kind {
        case .sectionHeader(let category, let date):
            draft.category = draft.category ?? category
            if draft.date == nil { draft.date = date }
        case .dateLine(let date): if draft.date == nil { draft.date = date }
        case .byline(let date): if draft.date == nil { draft.date = date }
        default: break
        }
    }

    /// A body line of an anchored article: a subheading, a caption (dropped), or a
    /// paragraph — repaired first if the scraper glued its blocks together.
    private func addBodyLine(_ line: PageLine, to draft: inout ArticleDraft) {
        var text = line.text
        var glued = false
        if draft.blocks.isEmpty, let title = draft.title, text.utf8.count > title.utf8.count, text.hasPrefix(title) {
            // Teasers repeat their headline glued to the first paragraph.
            text = String(text.dropFirst(title.count)).trimmingSpaces()
            glued = true
        }
        if Captions.isCaption(line.text, rules: rules.boilerplate) { draft.captions.append(line.text); return }
        if line.isHeadlineShaped(maxWords: 14) && !glued {
            draft.blocks.append(BodyBlock(kind: .subheading, text: text, line: line.number))
            return
        }
        if glued || glue.looksGlued(text) {
            draft.blocks += glue.split(text, line: line.number)
        } else {
            draft.blocks.append(BodyBlock(kind: .paragraph, text: text, line: line.number))
        }
    }

    struct Anchor {
        var start: Int        // first item of the header (metadata or headline)
        var headline: Int
        var metadata: [Int]
        var bodyStart: Int
    }

    /// Headlines with metadata beside them.
    private func findAnchors(_ items: [Item]) -> [Anchor] {
        var anchors: [Anchor] = []
        var i = 0
        func isMeta(_ k: Int) -> Bool { k >= 0 && k < items.count && items[k].line.isMetadata }
        func isBody(_ k: Int) -> Bool { k < items.count && items[k].line.kind == .text && !items[k].signOff }
        while i < items.count {
            let item = items[i]
            guard item.line.kind == .text, !item.signOff, item.line.isHeadlineShaped(minWords: 2) else { i += 1; continue }
            // Metadata after: "Headline / Category·Date", "Headline / By X / Published …",
            // or with a one-paragraph standfirst between ("Headline / dek / By X").
            var k = i + 1
            // (Not when that paragraph repeats the headline: that is a glued teaser body, and the
            // metadata after it opens the next teaser.)
            if !isMeta(k), isBody(k), isMeta(k + 1), items[k].line.words <= 60, !items[k].text.hasPrefix(item.text) { k += 1 }
            if isMeta(k) {
                var meta: [Int] = []
                while isMeta(k) { meta.append(k); k += 1 }
                if i + 1 < meta[0] {
                    // Keep the standfirst as the first paragraph: body starts right after the headline.
                    anchors.append(Anchor(start: i, headline: i, metadata: meta, bodyStart: i + 1))
                    // Skip the metadata lines when reading the body (they are not text items).
                } else {
                    anchors.append(Anchor(start: i, headline: i, metadata: meta, bodyStart: k))
                }
                i = k
                continue
            }
            // Metadata before, body after: teasers ("Category· / Aug 04, 2023 / Headline / text").
            if isMeta(i - 1), isBody(i + 1) {
                var m = i - 1
                var meta: [Int] = []
                while isMeta(m) { meta.insert(m, at: 0); m -= 1 }
                // The metadata may already belong to the previous anchor's body start; only
                // claim lines that no anchor claimed.
                let claimedUpTo = anchors.last.map { max($0.bodyStart, $0.headline + 1) } ?? 0
                meta = meta.filter { $0 >= claimedUpTo }
                anchors.append(Anchor(start: meta.first ?? i, headline: i, metadata: meta, bodyStart: i + 1))
                i += 1
                continue
            }
            i += 1
        }
        return anchors
    }

    /// Newsletter blurbs ("Subscribe" and the short lines after it) and author bios
    /// ("Jane Doe is a journalist at …", with the name line above it).
    private func markSignOffs(_ input: [Item]) -> [Item] {
        var items = input
        var i = 0
        while i < items.count {
            if items[i].line.kind == .callToAction {
                items[i].signOff = true
                var j = i + 1
                while j < items.count, j <= i + 4, items[j].line.kind == .text, items[j].line.words <= 15,
                      !items[j].line.isHeadlineShaped(minWords: 3), !isBio(items[j].text) {
                    items[j].signOff = true
                    j += 1
                }
                i = j
                continue
            }
            if items[i].line.kind == .text, isBio(items[i].text) {
                items[i].signOff = true
                if i > 0, items[i - 1].line.kind == .text, items[i - 1].line.words <= 4, items[i].text.hasPrefix(items[i - 1].text) {
                    items[i - 1].signOff = true
                }
            }
            i += 1
        }
        return items
    }

    /// "Zhu Li is a journalist at X focusing on…": a two-to-four-word name, "is a/an" (or
    /// "has been a"), and a role word ("journalist", "editor") soon after.
    /// The first `n` space-separated words, found on bytes without splitting the rest.
    static func leadingWords(_ text: String, _ n: Int) -> [Substring] {
        let u = text.utf8
        var out: [Substring] = []
        var i = u.startIndex, start: String.Index? = nil
        while i < u.endIndex, out.count < n {
            if u[i] == 0x20 {
                if let s = start { out.append(text[s..<i]); start = nil }
            } else if start == nil { start = i }
            i = u.index(after: i)
        }
        if out.count < n, let s = start { out.append(text[s..<u.endIndex]) }
        return out
    }

    private static let bioCues = NeedleSet([" is a ", " is an ", " is the ", " has been ", " was a "])

    func isBio(_ text: String) -> Bool {
        // Cheap test first: bios say " is a", " is an", " is the", " has been" or " was a" early on.
        guard let f = text.utf8.first, f >= 0x41 && f <= 0x5A || f >= 0x80 else { return false }
        let opening = text.utf8.prefix(90)
        guard Self.bioCues.occurs(in: Substring(opening)) else { return false }
        let words = Self.leadingWords(text, 20).map { $0.trimmingPunctuation() }
        guard words.count >= 5 else { return false }
        var k = 0
        while k < min(words.count, 5), let f = words[k].unicodeScalars.first, f.properties.isUppercase { k += 1 }
        guard (2...4).contains(k), k + 2 < words.count else { return false }
        let verb = words[k].lowercased(), article = words[k + 1].lowercased()
        let introduces = (verb == "is" && ["a", "an", "the"].contains(article))
            || (verb == "has" && article == "been") || (verb == "was" && ["a", "an"].contains(article))
        guard introduces else { return false }
        let head = " " + words.prefix(16).joined(separator: " ").lowercased() + " "
        return rules.boilerplate.bioRoles.contains { head.contains(" \($0) ") || head.contains(" \($0)s ") }
    }
}

/// Image captions: short lines ending in a parenthesised source ("(STCN)", "{Coinbase)")
/// or holding a "Source:" style credit.
enum Captions {
    static func isCaption(_ text: String, rules: ResourceData.Boilerplate) -> Bool {
        guard text.utf8.count <= 300 else { return false }
        let words = PageLine.countWords(text)
        guard words <= 30 else { return false }
        if rules.captionSourceMarkers.contains(where: { text.hasBytePrefix($0) || text.containsBytes($0, afterSpace: true) }) { return true }
        guard text.hasSuffix(")") || text.hasSuffix("]") else { return false }
        guard let open = text.lastIndex(where: { $0 == "(" || $0 == "{" || $0 == "[" }), open > text.startIndex else { return false }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard !inside.isEmpty, inside.count <= 30, PageLine.countWords(String(inside)) <= 3, words >= 3 else { return false }
        // "Purpose Bound Money (PBM)" defines an acronym: a heading, not a credit.
        let initials = String(text[..<open].split(separator: " ").compactMap { w -> Character? in
            guard let f = w.first, f.isUppercase else { return nil }
            return f
        })
        return !(inside.allSatisfy(\.isUppercase) && initials.hasSuffix(inside))
    }
}

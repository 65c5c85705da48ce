/// Splits a page into article drafts.
///
/// Two passes. First, *anchored* articles: a headline with metadata next to it — a
/// "Category·Date" line, a date line, an age ("3 days ago") or a byline — after it, past a
/// header of decks, captions, labels and summary bullets (the page's own article), or
/// before it (teasers under "More to Read"). Their bodies run to the next anchor, a teaser
/// marker, a sign-off block (newsletter blurb, author bio) or an end mark (tag row,
/// "(END)", copyright). Second, every stretch of text no anchor claims — a whole newswire
/// page, or what follows a sign-off — goes to the `NewswireSegmenter`, which finds stories
/// by headlines and by shifts of subject.
struct PageSegmenter {
    let rules: ResourceData
    let classifier: LineClassifier
    let glue: GlueRepair
    let newswire: NewswireSegmenter

    init(rules: ResourceData) {
        self.rules = rules
        classifier = LineClassifier(rules: rules.boilerplate, lexicon: rules.lexicon)
        glue = GlueRepair(rules: rules)
        newswire = NewswireSegmenter(rules: rules, glue: glue)
    }

    /// An item is a non-blank, non-furniture line; sign-off lines are flagged.
    struct Item {
        var line: PageLine
        var signOff = false
        /// Page furniture (a nav bar, a logo line) stood right before it: what follows a menu
        /// is where a page's own content starts.
        var afterFurniture = false
        /// …and that furniture was a menu (nav bar, share bar): it parts the page.
        var afterMenu = false
        var text: String { line.text }
        /// A short line that names a section or a source ("Policy", "Markets", "Newswire"):
        /// at most three words, no sentence punctuation, not a list item.
        var isLabel: Bool { line.kind == .text && line.words <= 3 && !line.endsWithPunctuation && !line.isListItem }
    }

    func segment(lines rawLines: [ArticleParser.RawLine]) -> [ArticleDraft] {
        let lines = classifier.classify(rawLines)
        var kept: [Item] = []
        var sawFurniture = false, sawMenu = false
        for l in lines {
            if l.kind == .blank { continue }
            if l.kind == .furniture || l.kind == .menu { sawFurniture = true; sawMenu = sawMenu || l.kind == .menu; continue }
            kept.append(Item(line: l, afterFurniture: sawFurniture, afterMenu: sawMenu))
            sawFurniture = false; sawMenu = false
        }
        let items = markSignOffs(kept)
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
                let (body, cards, end) = readBody(items, anchor: anchor, stop: stop, role: inTeasers ? .related : .main)
                drafts.append(body)
                drafts += cards
                i = end
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

    /// The anchored article's body, and any related-article cards set inside it. Returns the
    /// index of the first item after the body.
    private func readBody(_ items: [Item], anchor: Anchor, stop: Int, role: ArticleRole) -> (ArticleDraft, [ArticleDraft], Int) {
        var draft = ArticleDraft(title: items[anchor.headline].text, startLine: items[anchor.headline].line.number, role: role)
        draft.anchored = true
        draft.category = anchor.label.map { items[$0].text }
        for m in anchor.metadata { draft.note(items[m].line.kind) }
        var cards: [ArticleDraft] = []
        var j = anchor.bodyStart
        while j < stop {
            let item = items[j]
            if item.line.kind == .teaserMarker || item.signOff || item.line.kind == .endOfArticle { break }
            defer { j += 1 }
            if anchor.skipped.contains(j) { continue }
            guard item.line.kind == .text else {
                // A date further down (a press release's "Ends/Thursday, July 18, 2024") dates
                // an article whose header gave none.
                if !anchor.metadata.contains(j) { draft.note(item.line.kind) }
                continue
            }
            if item.isLabel {
                // A label right before the next anchor belongs to it ("Reuters" above "1 day ago").
                if j + 1 == stop { continue }
                // Just under the header, a reporter's name is a byline ("홍길동 기자") and another
                // label names the section ("Regulations").
                if draft.blocks.isEmpty || j == (anchor.metadata.last ?? -1) + 1 {
                    if isClosingByline(item.text) { continue }
                    if items[j + 1].line.kind == .text, !items[j + 1].isLabel {
                        if draft.category == nil { draft.category = item.text }
                        continue
                    }
                }
            }
            if let card = relatedCard(items, at: j, stop: stop) {
                cards.append(card)
                j += 1
                continue
            }
            addBodyLine(item.line, to: &draft)
        }
        return (draft, cards, j)
    }

    /// A related-article card set inside a story: a headline over a teaser cut off
    /// mid-word ("… posted on the netw..."), with the story going on after it.
    private func relatedCard(_ items: [Item], at j: Int, stop: Int) -> ArticleDraft? {
        let head = items[j].line
        guard head.isHeadlineShaped(minWords: 3, maxWords: 20), j + 2 < stop else { return nil }
        let teaser = items[j + 1].line
        guard teaser.kind == .text, teaser.words >= 8, PageLine.endsTruncated(teaser.text),
              items[j + 2].line.kind == .text, !items[j + 2].isLabel else { return nil }
        var card = ArticleDraft(title: head.text, startLine: head.number, role: .related)
        card.anchored = true
        addBodyLine(teaser, to: &card)
        return card
    }

    /// A body line of an anchored article: a subheading, a caption (dropped), or a
    /// paragraph — repaired first if the scraper glued its blocks together.
    private func addBodyLine(_ line: PageLine, to draft: inout ArticleDraft) {
        var text = line.text
        var glued = false
        if draft.blocks.isEmpty, let title = draft.title, let rest = Self.droppingRepeatedTitle(title, from: text) {
            // Teasers repeat their headline glued to the first paragraph.
            text = rest
            glued = true
        }
        if Captions.isCaption(line.text, rules: rules.boilerplate) { draft.captions.append(line.text); return }
        // A line the page printed twice is an image's alt text and caption.
        if line.repeated, line.words <= 25, !line.isListItem { draft.captions.append(line.text); return }
        if line.isHeadlineShaped(maxWords: 14) && !glued {
            draft.add(BodyBlock(kind: .subheading, text: text, line: line.number))
            return
        }
        if glued || glue.looksGlued(text) {
            draft.add(contentsOf: glue.split(text, line: line.number))
        } else {
            draft.add(BodyBlock(kind: .paragraph, text: text, line: line.number))
        }
    }

    /// The text after a repeat of the headline it starts with, or nil. A headline cut short
    /// ("…early next year, regulator…") is followed in the text by its full wording: the rest of
    /// it, up to the dateline or the next capitalised sentence, goes too.
    static func droppingRepeatedTitle(_ title: String, from text: String) -> String? {
        var head = Substring(title)
        let truncated = PageLine.endsTruncated(title)
        if truncated { head = head.hasSuffix("…") ? head.dropLast() : head.dropLast(3) }
        head = head.trimmingSpaces()[...]
        guard !head.isEmpty, text.utf8.count > head.utf8.count, text.hasPrefix(head) else { return nil }
        var rest = text.dropFirst(head.count)
        if truncated {
            // Finish the cut word and up to eight more, stopping at a capital.
            let words = rest.split(separator: " ", maxSplits: 9, omittingEmptySubsequences: true)
            var skip = 0
            for (k, w) in words.prefix(9).enumerated() {
                if k > 0 || rest.first == " ", w.first?.isUppercase == true { break }
                skip += 1
            }
            if skip < min(words.count, 9) {
                for _ in 0..<skip { rest = rest.drop { $0 == " " }.drop { $0 != " " } }
            }
        }
        let out = rest.trimmingSpaces()
        return out.isEmpty ? nil : out
    }

    struct Anchor {
        var start: Int        // first item of the header (a label, metadata or the headline)
        var headline: Int
        var metadata: [Int]
        var bodyStart: Int
        /// The section label right above the headline, if any.
        var label: Int?
        /// Header lines that are not text of the article: labels and bylines between the
        /// headline and its metadata.
        var skipped: Set<Int> = []
    }

    /// At most this many header lines (decks, captions, labels, summary bullets) between a
    /// headline and its metadata.
    static let headerLines = 8

    /// Headlines with metadata beside them.
    private func findAnchors(_ items: [Item]) -> [Anchor] {
        var anchors: [Anchor] = []
        var i = 0
        func isMeta(_ k: Int) -> Bool { k >= 0 && k < items.count && items[k].line.isMetadata }
        func isBody(_ k: Int) -> Bool { k < items.count && items[k].line.kind == .text && !items[k].signOff }
        func isCandidate(_ k: Int) -> Bool {
            let l = items[k].line
            return l.kind == .text && !items[k].signOff && l.isHeadlineShaped(minWords: 2) && !Captions.isCaption(l.text, rules: rules.boilerplate)
        }
        while i < items.count {
            guard isCandidate(i) else { i += 1; continue }
            // Metadata after, past a header: "Headline / Category·Date", "Headline / deck /
            // (caption) / By X / Published …", "Headline / Key points / - … / Dec 28, 2023".
            // (A line of three words or fewer with labels under it is a masthead: "Taipei
            // Times / Business / Tue, Mar 21, 2023".)
            if let zone = headerZone(items, from: i), !isMasthead(items, i, zone) {
                let headline = chooseHeadline(items, zone.candidates)
                var anchor = Anchor(start: headline, headline: headline, metadata: zone.metadata, bodyStart: headline + 1)
                let claimed = anchors.last.map { max($0.headline, $0.metadata.last ?? $0.headline) } ?? -1
                if headline - 1 > claimed, items[headline - 1].isLabel, !items[headline].afterFurniture {
                    anchor.label = headline - 1
                    anchor.start = headline - 1
                }
                // Short lines right before the metadata are bylines and labels, not text.
                var k = zone.metadata[0] - 1
                while k > headline, items[k].isLabel { anchor.skipped.insert(k); k -= 1 }
                // Metadata right above the headline that no anchor took dates it too ("Posted :
                // 2025-03-04 / Headline / By X"); what follows the headline is read first.
                var top = anchor.start - 1
                var above: [Int] = []
                while top > claimed, isMeta(top) { above.insert(top, at: 0); top -= 1 }
                if let first = above.first { anchor.metadata += above; anchor.start = first }
                anchors.append(anchor)
                i = zone.metadata.last! + 1
                continue
            }
            // Metadata before, body after: teasers ("Category· / Aug 04, 2023 / Headline / text").
            if isMeta(i - 1), isBody(i + 1) {
                var m = i - 1
                var meta: [Int] = []
                while isMeta(m) { meta.insert(m, at: 0); m -= 1 }
                // The metadata may already belong to the previous anchor's body start; only
                // claim lines that no anchor claimed.
                let claimedUpTo = anchors.last.map { max($0.bodyStart, $0.metadata.last.map { $0 + 1 } ?? 0, $0.headline + 1) } ?? 0
                meta = meta.filter { $0 >= claimedUpTo }
                // Metadata another headline already took ("Headline / Date / promo line /
                // text"): the line after it is that article's text, not a new teaser.
                guard !meta.isEmpty else { i += 1; continue }
                anchors.append(Anchor(start: meta.first ?? i, headline: i, metadata: meta, bodyStart: i + 1))
                i += 1
                continue
            }
            i += 1
        }
        return anchors
    }

    struct HeaderZone { var candidates: [Int]; var metadata: [Int] }

    /// A site name or section over the metadata of the headline below it, not a headline:
    /// three words or fewer with labels under it ("City Times / Business / Tue, Mar 21,
    /// 2023"), or with a real headline and its text right under the metadata ("The Daily
    /// Herald / Posted : 2025-03-04 / Regulators to let … / By … / text").
    private func isMasthead(_ items: [Item], _ i: Int, _ zone: HeaderZone) -> Bool {
        guard items[i].isLabel, zone.candidates.count == 1 else { return false }
        if zone.metadata[0] > i + 1 { return true }
        let after = zone.metadata.last! + 1
        guard after + 1 < items.count else { return false }
        let next = items[after]
        return next.line.kind == .text && !next.signOff && next.line.isHeadlineShaped(minWords: 4)
            && items[after + 1].line.kind != .teaserMarker
    }

    /// From a headline candidate, the header lines up to its metadata, if metadata comes
    /// before the text does. Decks (at most three, under 60 words), captions, labels and up to
    /// four summary bullets may stand between.
    private func headerZone(_ items: [Item], from i: Int) -> HeaderZone? {
        var candidates = [i]
        var decks = 0, bullets = 0
        var k = i + 1
        while k < items.count, k <= i + Self.headerLines {
            let item = items[k]
            if item.signOff || item.afterMenu { return nil }
            if item.line.isMetadata {
                var meta: [Int] = []
                while k < items.count, items[k].line.isMetadata { meta.append(k); k += 1 }
                // Text, then metadata over another headline and its text: the text was this
                // headline's body and the metadata opens the next item (a flash-news list).
                if decks > 0, k + 1 < items.count, items[k].line.kind == .text, items[k].line.isHeadlineShaped(minWords: 4),
                   !Captions.isCaption(items[k].text, rules: rules.boilerplate),
                   items[k + 1].line.kind == .text, !items[k + 1].line.isHeadlineShaped(minWords: 1) { return nil }
                return HeaderZone(candidates: candidates, metadata: meta)
            }
            guard item.line.kind == .text else { return nil }
            if item.isLabel || Captions.isCaption(item.text, rules: rules.boilerplate) || item.line.repeated {
                k += 1
                continue
            }
            if item.line.isListItem {
                bullets += 1
                if bullets > 4 { return nil }
                k += 1
                continue
            }
            guard item.line.words <= 60, !items[k].text.hasPrefix(items[i].text) else { return nil }
            decks += 1
            if decks > 3 { return nil }
            if item.line.isHeadlineShaped(minWords: 2) { candidates.append(k) }
            k += 1
        }
        return nil
    }

    /// Which of several headline-shaped lines over the metadata is the headline. The page's
    /// own content starts after its menu: the headline is the first line of four words or more
    /// that follows page furniture, else one that follows a section label, else one that
    /// follows the page's first line (a masthead), else the first. Site names, taglines and
    /// labels above it, and decks under it, are not it.
    private func chooseHeadline(_ items: [Item], _ candidates: [Int]) -> Int {
        guard candidates.count > 1 else { return candidates[0] }
        let long = candidates.filter { items[$0].line.words >= 4 }
        let eligible = long.isEmpty ? candidates : long
        func strength(_ k: Int) -> Int {
            if items[k].afterFurniture { return 3 }
            if k > 0, items[k - 1].isLabel { return 2 }
            if k == 1 { return 1 }
            return 0
        }
        let best = eligible.map(strength).max() ?? 0
        return eligible.first { strength($0) == best } ?? candidates[0]
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
                // (A line ending in a colon introduces what follows: not part of the blurb.)
                while j < items.count, j <= i + 4, items[j].line.kind == .text, items[j].line.words <= 25,
                      !items[j].text.hasSuffix(":"),
                      !items[j].line.isHeadlineShaped(minWords: 3), !isBio(items[j].text) {
                    items[j].signOff = true
                    j += 1
                }
                i = j
                continue
            }
            // (Under text only: above it, a byline opens the article.)
            if items[i].line.kind == .text, items[i].line.words <= 8, i > 0, items[i - 1].line.kind == .text, items[i - 1].line.words >= 12,
               isClosingByline(items[i].text) {
                items[i].signOff = true
                i += 1
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

    private static let bioCues = NeedleSet(ResourceData.shared.lexicon.bioCues)

    /// "Jane Doe, Daily Economy reporter", "홍길동 기자": a closing byline, its last word a
    /// role (`bioRoles`).
    func isClosingByline(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard (2...8).contains(words.count), !PageLine.endsLikeSentence(text), let last = words.last?.lowercased() else { return false }
        return rules.boilerplate.bioRoles.contains(last) && (words.first?.first?.isUppercase ?? false || text.first.map { !$0.isASCII } ?? false)
    }

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

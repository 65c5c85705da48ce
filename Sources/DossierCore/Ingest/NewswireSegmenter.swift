/// Finds the stories in text with no page furniture to go by: newswire pages, roundups,
/// flash-news lists, and unrelated articles pasted one after another without headlines.
///
/// One pass over the lines: `decide` reads a line's named signals, in order, and returns a
/// `Step`; `segment` applies it. In short:
/// - sign-offs and end marks close the story; metadata dates the story it belongs to;
/// - a page-opening roundup announcement makes the stories after it roundup items;
/// - captions stay out of the text; labels before a story are page chrome; list items are text;
/// - a headline-shaped line opens a story when it names other actors than the story so far,
///   and is a subheading when it names the same ones, or when it is four words or fewer;
/// - a paragraph opens a headline-less story when it is built like a news lede (or follows a
///   caption) and shares little with the story, or names nothing the story named. Pronouns
///   and connectives ("He", "However", "The company") tie it to the one before.
/// Linear in the page: every line is tokenised once and a story's counts grow as it does.
struct NewswireSegmenter {
    let rules: ResourceData
    let extractor: SubjectTermExtractor
    let glue: GlueRepair
    private let continuationWords: IDSet
    /// Word ids (lower-cased, not stemmed) of each multi-word starter.
    private let continuationPhrases: [[UInt64]]
    private let participles: IDSet
    private static let hasID = WordID.of("has"), haveID = WordID.of("have"), isID = WordID.of("is"), areID = WordID.of("are")
    private static let appositiveOpeners = IDSet(["a", "an", "one", "the"])

    init(rules: ResourceData, glue: GlueRepair) {
        self.rules = rules
        extractor = SubjectTermExtractor(rules: rules)
        self.glue = glue
        var words = IDSet(), phrases: [[UInt64]] = []
        for s in rules.lexicon.continuationStarters {
            let parts = s.split(separator: " ").map { WordID.of($0.lowercased()) }
            if parts.count == 1 { words.insert(parts[0]) } else { phrases.append(parts) }
        }
        continuationWords = words
        continuationPhrases = phrases
        participles = IDSet(rules.lexicon.participles.map { $0.lowercased() })
    }

    /// Words read per line: enough to judge its subject.
    static let tokenLimit = 4000

    private struct Story {
        var draft: ArticleDraft
        var terms = SubjectTerms()
    }

    /// What one line does to the stories, decided by `decide` from named signals and applied
    /// by `segment`. Reading `decide` top to bottom is reading the rules in order.
    enum Step: Equatable {
        /// Page chrome with nothing to add: a label before any story, a stray short line.
        case skip
        /// A sign-off or an end mark: the story is over; what follows starts a new one.
        case close
        /// A date line, an age, a byline or a section header: dates the story it belongs to.
        case metadata
        /// A page-opening line announcing a roundup: the stories after it are its items.
        case roundupIntro
        /// An image caption: out of the text, but it counts for the story's subject.
        case caption
        /// A headline that opens a new story.
        case headline
        /// A headline-shaped line inside the story: a subheading.
        case subheading
        /// A second headline-shaped line under a headline: the standfirst.
        case standfirst
        /// Text of the story so far.
        case paragraph
        /// Text that opens a new story without a headline.
        case newStory
    }

    /// What `decide` reads besides the line itself.
    private struct State {
        var current: Story?
        var storyCount = 0
        var afterCaption = false
        var afterSignOff = false
        var isRoundup = false
        var roundupOpen = false
        var isPageStart = false
        var hasParagraphs: Bool { (current?.draft.paragraphCount ?? 0) > 0 }
    }

    private struct Context {
        let items: [PageSegmenter.Item]
        let tokens: [[Token]]
        let terms: [SubjectTerms]
        let captions: [Bool]
        /// The first line of text (a promotion or a disclaimer may stand above it).
        let firstText: Int?
    }

    /// The rules, in order.
    private func decide(_ i: Int, _ c: Context, _ s: State) -> Step {
        let item = c.items[i]
        if item.signOff || item.line.kind == .endOfArticle { return .close }
        if item.line.isMetadata { return .metadata }
        guard item.line.kind == .text else { return .skip }
        let next = nextParagraph(c.items, c.captions, after: i)
        // A page-opening blurb that announces a roundup ("A weekly roundup…", "… here are
        // the news you may have missed this week:").
        if s.current == nil, s.storyCount == 0, s.isPageStart, i == c.firstText, item.line.words <= 50, isRoundupIntro(c.items, at: i) {
            return .roundupIntro
        }
        if c.captions[i] { return .caption }
        // Labels ("Business", "Newswire") before a story starts are page chrome.
        if item.isLabel, !s.hasParagraphs, s.current?.draft.title == nil { return .skip }
        // List items are text of the story they stand in.
        if item.line.isListItem { return s.current == nil ? .newStory : .paragraph }
        if item.line.isHeadlineShaped(minWords: 3, maxWords: 18), let n = next {
            guard let story = s.current, s.hasParagraphs else {
                return s.current?.draft.title != nil ? .standfirst : .headline
            }
            // Four words or fewer under a running story: a listicle's item or a section
            // ("Harbour Lane", "12 Harbour Lane"), not a news headline.
            if item.line.words <= 4 { return .subheading }
            // A line in capitals (a section of a release, a legal clause) or in quotation marks
            // (a pull quote) under a running story belongs to it.
            if Self.isAllCaps(item.text) || Self.isQuoted(item.text) { return .subheading }
            return isSubheading(c.terms[i], withNext: c.terms[n], story: story.terms, roundup: s.isRoundup) ? .subheading : .headline
        }
        // A short line inside a story: a heading over text, or text itself (an address).
        if item.isLabel, s.hasParagraphs { return next != nil ? .subheading : .paragraph }
        guard let story = s.current else { return .newStory }
        if s.afterSignOff || startsNewStory(i, items: c.items, tokens: c.tokens, terms: c.terms, next: next, story: story, afterCaption: s.afterCaption) {
            return .newStory
        }
        return .paragraph
    }

    func segment(_ items: [PageSegmenter.Item], role: ArticleRole, roundupId: inout Int, isPageStart: Bool) -> [ArticleDraft] {
        var stories: [Story] = []
        var headlineStories = 0
        var pending: [PageLine.Kind] = []   // metadata seen before the story it dates
        var leading: [PageLine.Kind]?       // what stood above the first story: the page's own
        let tokens = items.map { item -> [Token] in
            var t: [Token] = []
            // About one token per six bytes: reserving more cost a page of a million one-word
            // lines hundreds of MB.
            t.reserveCapacity(min(item.text.utf8.count / 6 + 1, Self.tokenLimit))
            Tokenizer.tokens(item.text, paragraph: 0, into: &t, limit: Self.tokenLimit)
            return t
        }
        let c = Context(items: items, tokens: tokens, terms: tokens.map(extractor.terms),
                        captions: items.map { $0.line.kind == .text && Captions.isCaption($0.text, rules: rules.boilerplate) },
                        firstText: items.firstIndex { $0.line.kind == .text && !$0.signOff })
        var s = State(isPageStart: isPageStart)

        func close() {
            if let story = s.current, story.draft.paragraphCount > 0 { stories.append(story) }
            s.current = nil
        }
        func start(title: String?, at index: Int) {
            close()
            var d = ArticleDraft(title: title, startLine: items[index].line.number, role: role)
            if s.roundupOpen { d.role = role == .related ? .related : .roundupItem; d.roundup = roundupId }
            for m in pending { d.note(m) }
            if leading == nil { leading = pending }
            pending.removeAll()
            s.current = Story(draft: d)
            s.storyCount += 1
            if title != nil { s.current!.terms.formUnion(c.terms[index]) }
        }

        for i in items.indices {
            let item = items[i]
            let text = item.text
            let step = decide(i, c, s)
            switch step {
            case .skip:
                // A label over the headline that follows names its section ("Press Releases").
                if item.isLabel, s.current == nil, i + 1 < items.count, items[i + 1].line.isHeadlineShaped(minWords: 3, maxWords: 18) {
                    pending.append(.sectionHeader(category: text, date: nil))
                }
                continue
            case .close:
                close()
                s.afterSignOff = true
                s.afterCaption = false
                s.roundupOpen = false
                continue
            case .metadata:
                // Metadata under a story that has no date yet dates it (a press release's
                // closing date); otherwise it waits for the next story.
                if let story = s.current, story.draft.date == nil, story.draft.paragraphCount > 0 || story.draft.title != nil {
                    s.current!.draft.note(item.line.kind)
                } else {
                    pending.append(item.line.kind)
                }
                continue
            case .roundupIntro:
                s.isRoundup = true
                s.roundupOpen = true
                roundupId += 1
                continue
            case .caption:
                s.current?.draft.captions.append(text)
                s.current?.terms.formUnion(c.terms[i])
                s.afterCaption = true
                continue
            case .headline:
                start(title: Self.withoutOrdinal(text), at: i)
                headlineStories += 1
            case .standfirst:
                s.current!.draft.add(BodyBlock(kind: .paragraph, text: text, line: item.line.number))
            case .subheading:
                s.current!.draft.add(BodyBlock(kind: .subheading, text: text, line: item.line.number))
                s.current!.terms.formUnion(c.terms[i])
            case .newStory, .paragraph:
                if step == .newStory || s.current == nil { start(title: nil, at: i) }
                if glue.looksGlued(text) {
                    s.current!.draft.add(contentsOf: glue.split(text, line: item.line.number))
                } else {
                    let complete = tokens[i].count < Self.tokenLimit
                    s.current!.draft.add(BodyBlock(kind: .paragraph, text: text, line: item.line.number, tokens: complete ? tokens[i] : nil))
                }
                s.current!.terms.formUnion(c.terms[i])
            }
            s.afterCaption = false
            s.afterSignOff = false
        }
        close()

        // A date over a list of headed stories (a flash-news page: "2025年3月4日 / 10:15 /
        // 【headline】 / text / 09:40 / 【headline】…") dates each one that states none.
        if let page = leading, page.contains(where: { if case .dateLine(_?) = $0 { return true }; return false }) {
            for k in stories.indices where stories[k].draft.date == nil && stories[k].draft.title != nil {
                for m in page { stories[k].draft.note(m) }
            }
        }

        // Three or more headed stories in a row read as a roundup even without an intro.
        if !s.isRoundup, role == .main, headlineStories >= 3,
           stories.allSatisfy({ $0.draft.title != nil && $0.draft.paragraphCount <= 10 }) {
            roundupId += 1
            for k in stories.indices { stories[k].draft.role = .roundupItem; stories[k].draft.roundup = roundupId }
        }
        return stories.map(\.draft)
    }

    /// "ABOUT THE SECURITIES COMMISSION": letters, and every one a capital.
    static func isAllCaps(_ text: String) -> Bool {
        var letters = 0
        for u in text.unicodeScalars where u.properties.isAlphabetic {
            guard u.properties.isUppercase else { return false }
            letters += 1
        }
        return letters >= 4
    }

    /// “Set apart in quotation marks”: a pull quote.
    static func isQuoted(_ text: String) -> Bool {
        guard let f = text.unicodeScalars.first, let l = text.unicodeScalars.last else { return false }
        return "“\"「『".unicodeScalars.contains(f) && "”\"」』".unicodeScalars.contains(l)
    }

    /// "1. Japan approves…" → "Japan approves…": a numbered list of stories numbers its
    /// headlines; the number is not part of them.
    static func withoutOrdinal(_ text: String) -> String {
        let u = Array(text.utf8.prefix(4))
        var k = 0
        while k < u.count, k < 2, u[k] >= 0x30 && u[k] <= 0x39 { k += 1 }
        guard k > 0, k + 1 < u.count, u[k] == 0x2E || u[k] == 0x29, u[k + 1] == 0x20 else { return text }
        return String(text.dropFirst(k + 2))
    }

    private func nextParagraph(_ items: [PageSegmenter.Item], _ captions: [Bool], after i: Int) -> Int? {
        var j = i + 1
        while j < items.count {
            if items[j].signOff { return nil }
            if items[j].line.kind == .text {
                if captions[j] { j += 1; continue }
                return items[j].line.isHeadlineShaped(minWords: 3, maxWords: 18) ? nil : j
            }
            j += 1
        }
        return nil
    }

    /// A roundup cue ("weekly", "digest"…), or a line that ends with a colon and introduces
    /// a headline ("…here are the news you may have missed:").
    private func isRoundupIntro(_ items: [PageSegmenter.Item], at i: Int) -> Bool {
        let text = items[i].text
        let lower = text.lowercased()
        if rules.boilerplate.roundupCues.contains(where: { lower.contains($0) }) { return true }
        guard text.hasSuffix(":") || text.hasSuffix("："), i + 1 < items.count else { return false }
        return items[i + 1].line.isHeadlineShaped(minWords: 3, maxWords: 18)
    }

    /// A headline-shaped line names the same actors as the story: a subheading. In a
    /// roundup, stories sit close together, so it takes more to keep a line inside one.
    private func isSubheading(_ line: SubjectTerms, withNext next: SubjectTerms, story: SubjectTerms, roundup: Bool) -> Bool {
        var pair = line
        pair.formUnion(next)
        let lineOverlap = line.properWeight > 0 ? line.overlap(with: story, properOnly: true) : 0
        let pairOverlap = pair.overlap(with: story)
        if roundup { return lineOverlap >= 0.6 || pairOverlap >= 0.5 }
        return lineOverlap >= 0.34 || pairOverlap >= 0.3
    }

    private func startsNewStory(_ i: Int, items: [PageSegmenter.Item], tokens: [[Token]], terms: [SubjectTerms], next: Int?,
                                story: Story, afterCaption: Bool) -> Bool {
        guard story.draft.paragraphCount >= 2 else { return false }
        let toks = Array(tokens[i].prefix(40))
        if isContinuation(items[i].text, toks) { return false }
        var bag = terms[i]
        if let n = next { bag.formUnion(terms[n]) }
        let overlap = bag.overlap(with: story.terms)
        let properOverlap = bag.overlap(with: story.terms, properOnly: true)
        let cue = afterCaption || isLede(items[i].text, toks)
        if cue && overlap < 0.2 && properOverlap < 0.25 { return true }
        // No cue, but a clean break in subject: nothing named here was named before.
        return overlap < 0.06 && bag.properWeight >= 6
    }

    /// Pronouns, connectives and "The company…" refer back: not a new story.
    private func isContinuation(_ text: String, _ toks: [Token]) -> Bool {
        if let f = text.unicodeScalars.first, "“\"‘'([".unicodeScalars.contains(f) { return true }
        guard let first = toks.first else { return true }
        if continuationWords.contains(first.lowerID) { return true }
        for phrase in continuationPhrases where phrase.count <= toks.count {
            if zip(phrase, toks).allSatisfy({ $0 == $1.lowerID }) { return true }
        }
        return false
    }

    /// Built like a news lede: "X has/have <participle>", "X is <verb>ing", an appositive
    /// introduction ("Sina Weibo, one of …,"), or a dateline ("TAIPEI (Reuters) —").
    private func isLede(_ text: String, _ toks: [Token]) -> Bool {
        if Dateline.find(in: text) != nil { return true }
        let n = min(toks.count, 24)
        guard n >= 4 else { return false }
        // Only the first sentence counts.
        var end = n
        for k in 1..<n where toks[k].startsSentence { end = k; break }
        for k in 1..<max(end - 1, 1) {
            let w = toks[k].lowerID
            var v = k + 1
            if v < end, toks[v].endsWith("ly") { v += 1 }
            guard v < end else { continue }
            let verb = toks[v]
            if w == Self.hasID || w == Self.haveID {
                if verb.endsWith("ed") || participles.contains(verb.lowerID) { return true }
            }
            if (w == Self.isID || w == Self.areID) && k >= 2 && verb.endsWith("ing") { return true }
        }
        // Appositive: "Name Name, a/an/one/the …"
        for k in 0..<min(end, 6) where toks[k].breakAfter && toks[k].isCapitalized {
            if k + 1 < end, Self.appositiveOpeners.contains(toks[k + 1].lowerID) { return true }
            break
        }
        return false
    }
}

/// "TAIPEI (Reuters) — …", "SEOUL, South Korea — …", "BANGKOK: …": the city a wire story was
/// filed from.
enum Dateline {
    /// Country names and cities, upper-cased: what a dateline may name.
    static let places: Set<String> = {
        var out = Set<String>()
        for c in ResourceData.shared.countries { for n in c.names + c.cities { out.insert(n.uppercased()) } }
        return out
    }()

    /// The city as written, if the text opens with a dateline.
    static func find(in text: String) -> String? {
        let u = Array(text.utf8.prefix(3))
        guard u.count == 3, u.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        let head = text.prefix(60)
        guard let dash = head.byteRange(of: " — ") ?? head.byteRange(of: " – ") ?? head.byteRange(of: " -- ") ?? head.byteRange(of: ": ") else { return nil }
        var place = head[..<dash.lowerBound]
        if let paren = place.firstIndex(of: "(") { place = place[..<paren] }
        place = place.drop(while: { $0 == " " })
        let city = place.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard city.count >= 3, city.count <= 24,
              city.unicodeScalars.allSatisfy({ $0.properties.isUppercase || $0 == " " || $0 == "." || $0 == "-" }) else { return nil }
        // "MAS: digital token services…" is a headline's speaker, not a place: after a bare
        // colon the word must be a place the gazetteer knows.
        if head[dash].hasPrefix(":"), !places.contains(city.uppercased()) { return nil }
        return city
    }
}

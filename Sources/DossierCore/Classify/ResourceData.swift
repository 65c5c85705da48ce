import Foundation

/// The data files under Resources/, decoded once. Rules live there, not in code.
struct ResourceData: Sendable {
    struct CountryEntry: Decodable, Sendable {
        let code: String
        let name: String
        let names: [String]
        let acronyms: [String]?
        let demonyms: [String]
        let cities: [String]
        /// Currency names: weak evidence ("300 million baht").
        let currencies: [String]?
    }
    struct CountryFile: Decodable { let countries: [CountryEntry] }

    struct AuthorityEntry: Decodable, Sendable {
        let country: String
        let acronym: String
        let name: String
        let names: [String]
        let acronyms: [String]
        let `default`: Bool?
        let kind: String?
        let notFollowedBy: [String]?
    }
    struct LearnedRules: Decodable, Sendable {
        let institutionWords: [String]
        let financeWords: [String]
    }
    struct AuthorityFile: Decodable { let authorities: [AuthorityEntry]; let learned: LearnedRules }

    struct TopicEntry: Decodable, Sendable {
        /// How people write the topic ("AML / KYC" for aml-kyc).
        let label: String?
        let keywords: [String: Double]
    }
    struct TopicFile: Decodable, Sendable {
        let minimumScore: Double
        let relativeCutoff: Double
        let maximumTopics: Int
        let domain: [String]
        let topics: [String: TopicEntry]
    }

    struct Boilerplate: Decodable, Sendable {
        let exactLines: [String]
        let teaserMarkers: [String]
        let linkLinePrefixes: [String]
        let callToAction: [String]
        let cookieWords: [String]
        let cookieContextWords: [String]
        let bioRoles: [String]
        let stockPhotoSites: [String]
        let creditPrefixes: [String]
        let captionSourceMarkers: [String]
        let roundupCues: [String]
        let noticePrefixes: [String]
        let noticeSuffixes: [String]
        let endMarkers: [String]
        let endMarkerPrefixes: [String]
        let callToActionWords: [String]
        let callToActionOpeners: [String]
        let imageExtensions: [String]
    }

    struct Lexicon: Decodable, Sendable {
        let stopwords: [String]
        let months: [String]
        let weekdays: [String]
        let continuationStarters: [String]
        let participles: [String]
        let camelCaseNames: [String]
        /// Small words inside a byline's names ("de", "bin"); how a byline opens ("By ").
        let bylineJoiners: [String]
        let bylineOpeners: [String]
        let abbreviations: [String]
        let headlineBreakWords: [String]
        let appositiveOpeners: [String]
        let verbsAfterAppositive: [String]
        let nameJoiners: [String]
        let bioCues: [String]
        let companyWords: [String]
    }

    /// `Resources/dates.json`: month names, date-line labels, age words, YearInference cues.
    struct DateWords: Decodable, Sendable {
        let months: [String: Int]
        let labels: [String]
        let updateLabels: [String]
        let publishLabels: [String]
        let ageUnits: [String]
        let ageWords: [String]
        let readingTime: [String]
        let futureWords: [String]
        let deadlineWords: [String]
        let pastPrepositions: [String]
        let monthFirstCountries: [String]

        var labelSet: Set<String> { Self.cache.labels }
        var publishLabelSet: Set<String> { Self.cache.publish }
        var updateLabelSet: Set<String> { Self.cache.update }
        var ageUnitSet: Set<String> { Self.cache.units }
        var ageWordSet: Set<String> { Self.cache.ages }

        /// The lists as sets, built once.
        private static let cache: (labels: Set<String>, publish: Set<String>, update: Set<String>, units: Set<String>, ages: Set<String>) = {
            let d = ResourceData.shared.dates
            let labels = Set(d.labels + d.publishLabels + d.updateLabels + ResourceData.shared.lexicon.weekdays)
            return (labels, Set(d.publishLabels), Set(d.updateLabels), Set(d.ageUnits), Set(d.ageWords))
        }()
    }

    let countries: [CountryEntry]
    let authorities: [AuthorityEntry]
    let learnedAuthorities: LearnedRules
    let topics: TopicFile
    let boilerplate: Boilerplate
    let lexicon: Lexicon
    let dates: DateWords

    /// Loaded on first use. A missing or malformed resource is a build defect, so it traps
    /// with the file's name rather than limping on with empty rules.
    static let shared: ResourceData = ResourceData(
        countries: countryList, authorities: authorityFile.authorities, learnedAuthorities: authorityFile.learned,
        topics: topicFile, boilerplate: load("boilerplate", as: Boilerplate.self),
        lexicon: load("lexicon", as: Lexicon.self), dates: load("dates", as: DateWords.self))

    /// Single files, each decoded on first use: a search needs the countries, topics and
    /// authorities, not the parser's rules (decoding them all was a third of a cold search).
    static let countryList: [CountryEntry] = load("countries", as: CountryFile.self).countries
    static let authorityFile: AuthorityFile = load("authorities", as: AuthorityFile.self)
    static let topicFile: TopicFile = load("topics", as: TopicFile.self)

    private static func load<T: Decodable>(_ name: String, as: T.Type) -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            fatalError("DossierCore resource \(name).json is missing from the bundle")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(contentsOf: url)) } catch {
            fatalError("DossierCore resource \(name).json is malformed: \(error)")
        }
    }
}

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
    }
    struct CountryFile: Decodable { let countries: [CountryEntry] }

    struct AuthorityEntry: Decodable, Sendable {
        let country: String
        let acronym: String
        let name: String
        let names: [String]
        let acronyms: [String]
        let `default`: Bool?
        let notFollowedBy: [String]?
    }
    struct LearnedRules: Decodable, Sendable {
        let institutionWords: [String]
        let financeWords: [String]
    }
    struct AuthorityFile: Decodable { let authorities: [AuthorityEntry]; let learned: LearnedRules }

    struct TopicEntry: Decodable, Sendable { let keywords: [String: Double] }
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
    }

    struct Lexicon: Decodable, Sendable {
        let stopwords: [String]
        let months: [String]
        let weekdays: [String]
        let continuationStarters: [String]
        let participles: [String]
        let camelCaseNames: [String]
    }

    let countries: [CountryEntry]
    let authorities: [AuthorityEntry]
    let learnedAuthorities: LearnedRules
    let topics: TopicFile
    let boilerplate: Boilerplate
    let lexicon: Lexicon

    /// Loaded on first use. A missing or malformed resource is a build defect, so it traps
    /// with the file's name rather than limping on with empty rules.
    static let shared: ResourceData = {
        func load<T: Decodable>(_ name: String, as: T.Type) -> T {
            guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
                fatalError("DossierCore resource \(name).json is missing from the bundle")
            }
            do { return try JSONDecoder().decode(T.self, from: Data(contentsOf: url)) } catch {
                fatalError("DossierCore resource \(name).json is malformed: \(error)")
            }
        }
        let authorityFile = load("authorities", as: AuthorityFile.self)
        return ResourceData(
            countries: load("countries", as: CountryFile.self).countries,
            authorities: authorityFile.authorities,
            learnedAuthorities: authorityFile.learned,
            topics: load("topics", as: TopicFile.self),
            boilerplate: load("boilerplate", as: Boilerplate.self),
            lexicon: load("lexicon", as: Lexicon.self))
    }()
}

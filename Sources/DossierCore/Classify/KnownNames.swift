/// What the gazetteers know, for tools built on the library (benchmark corpora, directories):
/// read-only views of the resource files.
public enum KnownNames {
    /// A country or territory: ISO code and English name.
    public struct Country: Sendable { public let code: String; public let name: String }

    /// Countries and territories with an ISO code.
    public static var countries: [Country] {
        ResourceData.countryList.filter { $0.code.count == 2 }.map { Country(code: $0.code, name: $0.name) }
    }

    /// Authorities (regulators, central banks, ministries), international bodies included.
    public static var authorities: [AuthorityName] {
        ResourceData.authorityFile.authorities.map { AuthorityName(acronym: $0.acronym, country: $0.country, name: $0.name) }
    }

    /// Each topic's label ("AML / KYC"), by slug.
    public static var topicLabels: [String: String] {
        ResourceData.topicFile.topics.compactMapValues(\.label)
    }

    /// Each topic's keywords (single words and phrases), by topic slug.
    public static var topicKeywords: [String: [String]] {
        ResourceData.topicFile.topics.mapValues { $0.keywords.keys.sorted() }
    }
}

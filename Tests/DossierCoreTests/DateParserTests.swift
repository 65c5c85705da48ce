import XCTest
@testable import DossierCore

final class DateParserTests: XCTestCase {
    func testHeaderFormats() {
        XCTAssertEqual(DateParser.parseDateLine("February 24, 2025, 5:46 AM")?.iso, "2025-02-24T05:46")
        XCTAssertEqual(DateParser.parseDateLine("December 26, 2024, 11:11 PM")?.iso, "2024-12-26T23:11")
        XCTAssertEqual(DateParser.parseDateLine("Aug 04, 2023")?.iso, "2023-08-04")
        XCTAssertEqual(DateParser.parseDateLine("Feb. 11, 2025")?.iso, "2025-02-11")
        XCTAssertEqual(DateParser.parseDateLine("24 February 2025 09:41 GMT")?.iso, "2025-02-24T09:41")
        XCTAssertEqual(DateParser.parseDateLine("2025-02-24")?.iso, "2025-02-24")
        XCTAssertEqual(DateParser.parseDateLine("Monday, 3rd March 2025")?.iso, "2025-03-03")
    }

    func testPublishedWinsOverUpdated() {
        let line = "Published 9:15 AM GMT+7, March 4, 2025 · Updated 11:40 AM GMT+7, March 5, 2025"
        XCTAssertEqual(DateParser.parseDateLine(line)?.iso, "2025-03-04T09:15")
        XCTAssertEqual(DateParser.parseDateLine("Updated March 5, 2025; Published March 4, 2025")?.iso, "2025-03-04")
    }

    func testSentencesAreNotDateLines() {
        XCTAssertNil(DateParser.parseDateLine("The hackathon will begin on August 18, 2023 in Seoul"))
        XCTAssertNil(DateParser.parseDateLine("February 30, 2025"))
        XCTAssertNil(DateParser.parseDateLine("Five pillars"))
    }

    func testYearInferenceUsesPastAndFutureBounds() {
        var e = YearInference.Evidence()
        YearInference.gather("According to a Sept. 7 press release, the bank took the rules in force in March 2022. It expects a licence by June 2024.", into: &e)
        XCTAssertEqual(YearInference.infer(e)?.iso, "2023-09-07")

        var f = YearInference.Evidence()
        YearInference.gather("According to a May 9 report, the deal followed a November 2023 plea agreement. Since Trump won in 2024, lawmakers…", into: &f)
        XCTAssertEqual(YearInference.infer(f)?.iso, "2025-05-09")

        var none = YearInference.Evidence()
        YearInference.gather("He spoke at the conference on May 9.", into: &none)
        XCTAssertNil(YearInference.infer(none), "no year evidence, no guess")
    }
}

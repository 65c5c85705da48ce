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

    /// The forms real pages print, one per kind of page (docs/parsing.md, "Dates").
    func testDateLinesAsPagesPrintThem() {
        let cases: [(String, String?)] = [
            ("Apr 7, 2025Apr 7, 2025", "2025-04-07"),                         // doubled
            ("AccessTimeIconJan 18, 2018 at 6:30 a.m. UTC", "2018-01-18T06:30"), // icon name glued
            ("VietnamPlusVietnamPlus26/10/2025", "2025-10-26"),              // site name glued, day first
            ("Tue, Mar 21, 2023 page10", "2023-03-21"),                       // print page
            ("Input 2022.08.11 18:15", "2022-08-11T18:15"),
            ("입력 2025.01.17 11:27", "2025-01-17T11:27"),
            ("기자명 조수진 기자 입력 2025.01.17 11:27 댓글 0", "2025-01-17T11:27"),
            ("2021年12月07日 13時00分 メモ", "2021-12-07T13:00"),
            ("最后更新：2025年9月2日", "2025-09-02"),
            ("Friday 19 April 2024 | No. 82 / 2024", "2024-04-19"),
            ("2025-07-23 17:44:51 see@hankyung.com", "2025-07-23T17:44"),
            ("Dec 28, 2023, 7:02AM EST", "2023-12-28T07:02"),
            ("Ends/Thursday, July 18, 2024", "2024-07-18"),
            ("— Cryptonews.com (@cryptonews) August 1, 2025", nil),            // an embedded post's date
            ("Bitcoin hits a record high on 19 April 2024", nil),              // a headline
        ]
        for (line, iso) in cases { XCTAssertEqual(DateParser.parseDateLine(line)?.iso, iso, line) }
        XCTAssertEqual(DateParser.parseDateLine("2-9-2023")?.orderAmbiguous, true)
        XCTAssertEqual(DateParser.parseDateLine("2-9-2023")?.iso, "2023-09-02")
        XCTAssertEqual(DateParser.parseDateLine("2-9-2023")?.swapped.iso, "2023-02-09")
        XCTAssertEqual(DateParser.parseDateLine("13/9/2023")?.orderAmbiguous, false)
    }

    func testAgesAndReadingTimesAreMetadataWithoutADate() {
        for age in ["CNA2 months ago", "RTHK3 days ago", "1 day ago", "7 hours ago"] { XCTAssertTrue(DateParser.isAge(age), age) }
        XCTAssertFalse(DateParser.isAge("The exchange closed 3 days ago"))
        XCTAssertTrue(DateParser.isReadingTime("2 min read"))
        XCTAssertTrue(DateParser.isReadingTime("2 分钟阅读"))
    }

    func testDatelineDateOpensTheParagraph() {
        XCTAssertEqual(DateParser.datelineDate("Bangkok, 19 April 2024 – The Securities and Exchange Commission is working")?.iso, "2024-04-19")
        XCTAssertEqual(DateParser.datelineDate("2-9-2023 (SINGAPORE) Most crypto businesses")?.iso, "2023-09-02")
        XCTAssertNil(DateParser.datelineDate("SINGAPORE: From 30 June 2025, digital token service providers"), "a date in the news is not the dateline")
        XCTAssertNil(DateParser.datelineDate("HONG KONG, July 29 (Reuters) - Hong Kong's first"), "no year: no date")
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

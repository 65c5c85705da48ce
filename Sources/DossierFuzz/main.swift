// libFuzzer entry point for page parsing: any bytes, decoded as a page file is, then parsed.
// Build and run (see docs/parsing.md, "Fuzzing"):
//   swift build -c release --sanitize=fuzzer --sanitize=address \
//     -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp,indirect-calls \
//     --product dossier-fuzz --scratch-path .build-fuzz
//   .build-fuzz/release/dossier-fuzz -runs=1000000 FUZZ_CORPUS seeds Tests/DossierCoreTests/Fixtures/devset …
// (FUZZ_CORPUS first: libFuzzer writes what it finds into the first folder.)
// SwiftPM's --sanitize flags (not -Xswiftc -sanitize=…) are needed: they let libFuzzer's main
// replace this target's own; -sanitize-coverage makes sure every module is instrumented.
// In an ordinary build this target is a program that does nothing; it is compiled so that it
// cannot rot.
import DossierCore
import Foundation

private let parser = ArticleParser()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOnePage(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: data, count: count)
    guard let decoded = try? PageDecoder.decode(bytes) else { return 0 }   // binary: refused, as intended
    let page = parser.parse(text: decoded.text, path: "fuzz.txt")
    // Every article the parser returns must be well formed.
    for article in page.articles {
        precondition(!article.title.isEmpty, "article without a title")
        precondition(!article.paragraphs.isEmpty, "article without text")
        if let p = article.published { precondition(p.count == 10 || p.count == 16, "bad date \(p)") }
    }
    return 0
}

// libFuzzer entry points: page parsing, the query parser, queries run against a library, and
// the reader's `update` on random message sequences. One binary; `DOSSIER_FUZZ=page|query|
// search|update` picks the target (page when unset). `Tests/Fuzz/run` builds it with the
// sanitizers and runs a target on its corpus in `Tests/Fuzz/` (docs/parsing.md, "Fuzzing").
// In an ordinary build this target is a program that does nothing; it is compiled so that it
// cannot rot.
import DossierCore
import DossierTUI
import Foundation

private enum Target: String { case page, query, search, update }

private let target: Target = {
    let name = ProcessInfo.processInfo.environment["DOSSIER_FUZZ"] ?? "page"
    guard let target = Target(rawValue: name) else { fatalError("DOSSIER_FUZZ must be page, query, search or update, not \(name)") }
    return target
}()

/// libFuzzer calls this once per input; the target named by `DOSSIER_FUZZ` gets the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    switch target {
    case .page: PageTarget.run(Data(bytes))
    case .query: QueryTarget.run(Data(bytes))
    case .search: SearchTarget.run(Data(bytes))
    case .update: UpdateTarget.run(bytes)
    }
    return 0
}

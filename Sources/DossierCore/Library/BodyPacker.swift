import GRDB
import Synchronization

/// What an index run packs bodies with (on its parsing threads): the library's newest
/// `BodyDictionary`; for a library of `samplesToTrain` articles or more without one (made by
/// an older Dossier, or grown by small runs), one trained on its stored bodies as the run
/// starts; for a smaller one, zlib, until the writer has gathered `samplesToTrain` bodies
/// and trains one on them. Bodies packed before stay deflated (`dossier compact` packs them again).
final class BodyPacker: Sendable {
    private let current: Mutex<BodyDictionary?>
    /// Gathered by the writer alone; emptied once a dictionary is trained or training failed.
    private let samples = Mutex<(bodies: [String], done: Bool)>(([], false))
    private let samplesToTrain: Int

    /// The packer for a run on `db` (the writer's connection).
    init(_ db: Database, samplesToTrain: Int = BodyDictionary.samplesToTrain) throws {
        var newest = try BodyDictionary.newest(db)
        if newest == nil, let trained = try BodyDictionary.train(onStored: db, minimum: samplesToTrain) {
            try trained.save(db)
            newest = trained
        }
        current = Mutex(newest)
        self.samplesToTrain = samplesToTrain
        if newest != nil { samples.withLock { $0.done = true } }
    }

    /// The dictionary to pack with now; nil means zlib.
    var dictionary: BodyDictionary? { current.withLock { $0 } }

    /// Notes bodies just parsed; once there are enough, trains the dictionary and saves it in
    /// the writer's transaction, before any body packed with it is stored.
    func gather(_ bodies: some Sequence<String>, db: Database) throws {
        let ready: [String]? = samples.withLock { s in
            guard !s.done else { return nil }
            s.bodies.append(contentsOf: bodies.lazy.filter { $0.utf8.count >= PackedText.smallest })
            guard s.bodies.count >= samplesToTrain else { return nil }
            defer { s = ([], true) }
            return s.bodies
        }
        guard let ready, let trained = BodyDictionary.train(on: ready) else { return }
        try trained.save(db)
        current.withLock { $0 = trained }
    }
}

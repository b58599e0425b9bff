import Foundation
import IntelliDineStore
import Testing

@Suite("Record ids")
struct RecordIDTests {
    @Test("A prefix, a dash and sixteen characters of [0-9a-z], never repeated; the random half even")
    func shapeAndSpread() {
        let ids = (0..<20_000).map { _ in RecordID.make("ord") }
        #expect(Set(ids).count == ids.count)
        var counts: [Character: Int] = [:]
        for id in ids {
            #expect(id.hasPrefix("ord-") && id.count == 20)
            #expect(id.dropFirst(4).allSatisfy { ("0"..."9").contains($0) || ("a"..."z").contains($0) })
            for character in id.dropFirst(12) { counts[character, default: 0] += 1 }
        }
        // 160,000 random characters over 36: about 4,444 each, with a standard deviation of about
        // 66. Taking bytes 252...255 too (a modulo over 256) would give "0" to "3" an eighth more,
        // about 555.
        #expect(counts.count == 36)
        let expected = 160_000.0 / 36
        for (character, count) in counts {
            #expect(abs(Double(count) - expected) < 6 * 66, "\(character): \(count)")
        }
    }

    @Test("The first eight characters are the time: an id made later sorts after, in every index")
    func timeFirst() async throws {
        let first = RecordID.make("oi")
        try await Task.sleep(for: .milliseconds(30))
        let second = RecordID.make("oi")
        #expect(first.prefix(11) < second.prefix(11))
        #expect(first < second)
        // Centiseconds since 1970 in base 36, read back, are now to within a second.
        let centiseconds = Double(UInt64(second.dropFirst(3).prefix(8), radix: 36) ?? 0)
        #expect(abs(centiseconds / 100 - Date().timeIntervalSince1970) < 1)
    }
}

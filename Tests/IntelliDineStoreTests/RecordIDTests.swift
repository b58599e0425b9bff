import IntelliDineStore
import Testing

@Suite("Record ids")
struct RecordIDTests {
    @Test("A prefix, a dash and sixteen characters of [0-9a-z], never repeated, every character about as likely")
    func shapeAndSpread() {
        let ids = (0..<20_000).map { _ in RecordID.make("ord") }
        #expect(Set(ids).count == ids.count)
        var counts: [Character: Int] = [:]
        for id in ids {
            #expect(id.hasPrefix("ord-") && id.count == 20)
            for character in id.dropFirst(4) {
                #expect(("0"..."9").contains(character) || ("a"..."z").contains(character))
                counts[character, default: 0] += 1
            }
        }
        // 320,000 characters over 36: about 8,889 each, with a standard deviation of about 93. Taking
        // bytes 252...255 too (a modulo over 256) would give "0" to "3" an eighth more, about 1,100.
        #expect(counts.count == 36)
        let expected = 320_000.0 / 36
        for (character, count) in counts {
            #expect(abs(Double(count) - expected) < 6 * 93, "\(character): \(count)")
        }
    }
}

import Foundation
@testable import IntelliDineStore
import Testing

@Suite("The event catalogue in docs/events.md")
struct EventCatalogueTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every `eventType` a payload declares in the store. `EventLog.append` takes only an
    /// `EventPayload`, whose type name is that static, so this is every type the log can hold.
    static func declaredTypes() throws -> Set<String> {
        let sources = repository.appendingPathComponent("Sources/IntelliDineStore")
        var types: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /static let eventType = "([a-z_.]+)"/) { types.insert(String(match.1)) }
        }
        return types
    }

    @Test("Given every payload type, then the catalogue has a section for each, and no section for a type that does not exist")
    func catalogueMatchesTheCode() throws {
        let declared = try Self.declaredTypes()
        #expect(declared.count >= 10)
        #expect(declared.contains(OrderCreatedPayload.eventType) && declared.contains(TableCallAcknowledgedPayload.eventType))
        let catalogue = try String(contentsOf: Self.repository.appendingPathComponent("docs/events.md"), encoding: .utf8)
        let documented = Set(catalogue.matches(of: /(?m)^### `([a-z_.]+)`$/).map { String($0.1) })
        #expect(declared.subtracting(documented).isEmpty, "undocumented: \(declared.subtracting(documented).sorted())")
        #expect(documented.subtracting(declared).isEmpty, "documented but never written: \(documented.subtracting(declared).sorted())")
    }

    @Test("Given a typed payload, when stored and read back, then event_type is the type's name and the fields decode")
    func storedPayloadCarriesItsType() async throws {
        let database = try AppDatabase.open(path: try temporaryDirectory() + "/db/test.sqlite")
        let payload = RestockedPayload(
            tenant_id: "t", ingredient_id: "ing-dal", added: 500, stock: 1_500, by: "manager1", timestamp: "2026-12-02T10:00:00Z")
        try await database.pool.write { db in
            try EventLog.append(db, tenantId: "t", aggregateId: "ing-dal", payload: payload, at: Date())
        }
        let record = try #require(try await database.events(forAggregate: "ing-dal").first)
        #expect(record.type == "inventory.restocked")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(record.payload.utf8)) as? [String: Any])
        #expect(json["event_type"] as? String == "inventory.restocked")
        #expect(try record.decode(RestockedPayload.self)?.stock == 1_500)
        #expect(try record.decode(LowStockPayload.self) == nil)
    }
}

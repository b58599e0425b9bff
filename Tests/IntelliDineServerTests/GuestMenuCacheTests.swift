import Foundation
import GRDB
import HummingbirdTesting
@testable import IntelliDineServer
import IntelliDineStore
import Testing

/// The guest menu served from memory (docs/architecture.md, "Caches"): read and encoded again only
/// after a commit that changed what it shows, never for an order that leaves every dish orderable.
@Suite("The guest menu cache")
struct GuestMenuCacheTests {
    @Test("Orders leave the cached menu in place; an edit replaces it; a write behind the daemon's back is not seen until then")
    func cachedUntilAMenuCommit() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let manager = try await client.loginStaff("manager1")
            let uri = "/api/menu/items?tenant_id=\(demoTenant)"
            let first = try await client.call(.get, uri)
            let etag = try #require(first.headers[.eTag])
            let generation = box.database.menuChanges.generation

            // An order reserves stock but 86's nothing: no menu row is written, the cache stands.
            #expect(try await client.placeSeedOrder(token: guest.token).status == .created)
            #expect(box.database.menuChanges.generation == generation)
            #expect(try await client.call(.get, uri, headers: [.ifNoneMatch: etag]).status == .notModified)

            // A second connection, not the daemon's: the daemon is the only writer by design, and
            // the menu it serves is the one it cached.
            // It waits its turn like the daemon's own writer: the order's consumers (printer queue,
            // SMS, cursors) may be committing just now.
            var waits = Configuration()
            waits.busyMode = .timeout(10)
            let outsider = try DatabaseQueue(path: box.database.path, configuration: waits)
            try await outsider.write { db in try db.execute(sql: "UPDATE menu_items SET name = 'Ghost Tikka' WHERE id = 'item_001'") }
            let stale = try await client.call(.get, uri, token: guest.token)
            #expect(stale.headers[.eTag] == etag)
            #expect(!stale.text.contains("Ghost Tikka"))

            // The manager's edit is a commit on the daemon's writer: the menu is read again, with both changes.
            #expect(try await client.call(.patch, "/api/menu/items/item_003", token: manager, json: ["price": 260]).status == .ok)
            #expect(box.database.menuChanges.generation > generation)
            let fresh = try await client.call(.get, uri, headers: [.ifNoneMatch: etag])
            #expect(fresh.status == .ok)
            #expect(fresh.headers[.eTag] != etag)
            #expect(fresh.text.contains("Ghost Tikka"))
            let dal = try #require((fresh["items"] as? [[String: Any]])?.first { $0["id"] as? String == "item_003" })
            #expect(rupees(dal["price"]) == "260.0")

            // A restaurant that does not exist is refused, cached or not.
            #expect(try await client.call(.get, "/api/menu/items?tenant_id=nowhere").status == .notFound)
        }
    }
}

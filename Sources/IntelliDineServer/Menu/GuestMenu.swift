import Foundation
import IntelliDineStore
import Synchronization

/// The guest menu as it goes out: its JSON body and the ETag that names it. One place, so the
/// menu read, the 304 answer and the live "menu changed" push agree on what "the same menu" is.
struct GuestMenu: Sendable {
    let body: Data
    let etag: String

    static func read(_ database: AppDatabase, tenantId: String) async throws -> GuestMenu {
        let body = try JSONBody.encode(MenuJSON(try await database.menu(tenantId: tenantId)))
        return GuestMenu(body: body, etag: "\"" + JSONBody.sha256Hex(body).prefix(32) + "\"")
    }
}

/// Each restaurant's guest menu, encoded once and served from memory until a commit changes what
/// it shows (`AppDatabase.menuChanges`: an edit, a dish 86'd or back by stock, a new portion).
/// Every guest at every table loads the menu, and reading and encoding it per request held menu
/// reads to a tenth of a trivial endpoint's rate (docs/architecture.md, "Caches").
final class GuestMenuCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var menu: GuestMenu
    }

    let database: AppDatabase
    private let entries = Mutex<[String: Entry]>([:])

    init(database: AppDatabase) {
        self.database = database
    }

    /// The restaurant's menu now; `OrderRefusal.tenantNotFound` when there is no such restaurant.
    /// Only restaurants that exist are kept, so the cache holds at most one entry per restaurant.
    func menu(tenantId: String) async throws -> GuestMenu {
        // Read before the database: a commit landing during the read leaves the entry stamped
        // older than the counter, and the next request reads again.
        let generation = database.menuChanges.generation
        if let entry = entries.withLock({ $0[tenantId] }), entry.generation == generation { return entry.menu }
        _ = try await database.requireTenant(id: tenantId)
        let menu = try await GuestMenu.read(database, tenantId: tenantId)
        entries.withLock { entries in
            if (entries[tenantId]?.generation ?? 0) <= generation { entries[tenantId] = Entry(generation: generation, menu: menu) }
        }
        return menu
    }
}

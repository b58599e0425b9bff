import Foundation
import IntelliDineStore

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

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import IntelliDineStore

/// `GET /api/menu/live?tenant_id=` upgrades to a WebSocket that says when the guest menu changes:
/// `{"type":"menu","etag":"…"}` first with the current ETag, then again with each new one; the
/// page fetches the menu when the ETag is not the one it has. Public, like the menu itself: a
/// guest reading the menu has not signed in. Pings every 15 s keep Wi-Fi routers from dropping it.
struct MenuLiveController {
    let database: AppDatabase
    let watch: MenuWatch
    let heartbeat: Duration = .seconds(15)

    func register(on routes: APIRoutes) {
        routes.webSocket("/api/menu/live", shouldUpgrade: shouldUpgrade, onUpgrade: live)
    }

    @Sendable func shouldUpgrade(_ request: Request, context: AppRequestContext) async throws -> RouterShouldUpgrade {
        guard request.headers[.upgrade]?.lowercased() == "websocket" else {
            throw APIError(.badRequest, "WEBSOCKET_REQUIRED", "Open this with a WebSocket")
        }
        let (_, tenantId) = try context.browsing(.anyone, request: request)
        _ = try await database.requireTenant(id: tenantId)
        return .upgrade([:])
    }

    struct Frame: Encodable {
        var type = "menu"
        var etag: String
    }

    @Sendable func live(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, context: WebSocketRouterContext<AppRequestContext>
    ) async throws {
        let (_, tenantId) = try context.requestContext.browsing(.anyone, request: context.request)
        let watcher = try await watch.watch(tenantId: tenantId)
        defer { watch.stop(watcher.id, tenantId: tenantId) }
        let heartbeat = heartbeat
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: 4_096) {
                    if case .text(let text) = message, text.contains("\"ping\"") { try await outbound.write(.text(#"{"type":"pong"}"#)) }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: heartbeat)
                    try await outbound.write(.text(#"{"type":"ping"}"#))
                }
            }
            group.addTask {
                for await etag in watcher.etags {
                    try await outbound.write(.text(String(decoding: try JSONBody.encode(Frame(etag: etag)), as: UTF8.self)))
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

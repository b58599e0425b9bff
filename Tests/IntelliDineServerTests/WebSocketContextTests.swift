import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOEmbedded
@testable import IntelliDineServer
import Testing

/// hummingbird-websocket keeps the upgrade's handler, with the request context, in a reference
/// that the context itself holds. Left alone, that cycle kept every upgraded connection's context
/// and channel alive after it closed (about 1 KB per kitchen screen or guest that came and went).
@Suite("A WebSocket upgrade's request context")
struct WebSocketContextTests {
    static let upgrade = Request(
        head: HTTPRequest(method: .get, scheme: "http", authority: "box", path: "/live", headerFields: [.upgrade: "websocket", .connection: "Upgrade"]),
        body: .init(buffer: .init()))

    static func responder() -> some HTTPResponder<AppRequestContext> {
        let routes = APIRoutes(router: Router(context: AppRequestContext.self), table: RouteTable())
        routes.webSocket("/live", shouldUpgrade: { _, _ in .upgrade([:]) }, onUpgrade: { _, _, _ in })
        return routes.router.buildResponder()
    }

    static func context() -> AppRequestContext {
        AppRequestContext(source: .init(channel: EmbeddedChannel(), logger: Logger(label: "test")))
    }

    @Test("Accepted, the upgrade's context outlives every copy of it until the handler lets go")
    func releasedOnceTheHandlerRuns() async throws {
        let responder = Self.responder()
        weak var kept: WebSocketSlot?
        weak var released: WebSocketSlot?
        do {
            let context = Self.context()
            kept = context.webSocketSlot
            let response = try await responder.respond(to: Self.upgrade, context: context)
            #expect(response.status == .ok)
        }
        // Nothing of ours holds that context any more: only the cycle does.
        #expect(kept != nil)
        do {
            let context = Self.context()
            released = context.webSocketSlot
            _ = try await responder.respond(to: Self.upgrade, context: context)
            context.releaseWebSocketHandler()  // what `APIRoutes.webSocket` does first in the upgraded connection
        }
        #expect(released == nil)
    }

    @Test("An ordinary request's context goes with its last copy")
    func plainRequestsHoldNothing() async throws {
        weak var slot: WebSocketSlot?
        do {
            let context = Self.context()
            slot = context.webSocketSlot
            _ = context.webSocket
        }
        #expect(slot == nil)
    }
}

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import HummingbirdWSClient
import Logging
import NIOEmbedded
import Synchronization
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

    @Test("Over a real socket, a route made by APIRoutes frees its context once the connection closes")
    func freedAfterARealConnection() async throws {
        let router = Router(context: AppRequestContext.self)
        let routes = APIRoutes(router: router, table: RouteTable())
        let watched = Watched()
        routes.webSocket("/live", shouldUpgrade: { _, _ in .upgrade([:]) }, onUpgrade: { inbound, outbound, context in
            watched.watch(context.requestContext.webSocketSlot)
            try await outbound.write(.text("hello"))
            for try await _ in inbound {}
        })
        let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let greeted = Mutex(false)
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/live", logger: Logger(label: "test")) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 10) {
                    if case .text("hello") = message { greeted.withLock { $0 = true } }
                    return  // closes the connection
                }
            }
            #expect(greeted.withLock { $0 })
            #expect(watched.seen)
            // Nothing keeps the slot once the server's side of the connection is done with it;
            // without the release in `APIRoutes.webSocket`, the cycle would keep it for good.
            let deadline = ContinuousClock.now + .seconds(30)
            while watched.alive && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(!watched.alive)
        }
    }
}

/// A weak look at the slot of the one connection the test opens.
private final class Watched: Sendable {
    private final class Box: @unchecked Sendable { weak var slot: WebSocketSlot?; var seen = false }
    private let box = Mutex(Box())

    func watch(_ slot: WebSocketSlot) { box.withLock { $0.slot = slot; $0.seen = true } }
    var seen: Bool { box.withLock { $0.seen } }
    var alive: Bool { box.withLock { $0.slot != nil } }
}

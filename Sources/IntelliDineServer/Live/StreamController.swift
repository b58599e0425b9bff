import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import IntelliDineDomain
import IntelliDineStore
import Logging

/// The live stream behind the kitchen display and the guest's tracking page.
///
/// `POST /api/stream/tickets` trades a bearer token for a 30-second single-use ticket;
/// `GET /api/stream?ticket=&after=&order_id=` upgrades to a WebSocket. Staff follow every order
/// of their restaurant; a guest follows one order of their own (`order_id`). The first frame is a
/// snapshot (`{"type":"snapshot","seq",…}`), or, for a client that names the last `seq` it
/// handled (`after`), the events it missed followed by `caught_up`. Then each order event as it
/// commits. Heartbeats: the server sends `{"type":"ping"}` every 15 s and answers a
/// client's `{"type":"ping"}` with a pong; WebSocket pings detect a dead peer underneath.
struct StreamController {
    let database: AppDatabase
    let feed: LiveFeed
    let tickets: StreamTickets
    /// Told how long each event frame took from its commit to a staff (kitchen) socket.
    var frameWritten: @Sendable (Duration) -> Void = { _ in }
    /// Beyond this many missed events a reconnecting client gets a fresh snapshot instead.
    let maxCatchUp = 1_000
    let heartbeat: Duration = .seconds(15)

    func register(on routes: APIRoutes) {
        routes.post("/api/stream/tickets", use: issueTicket)
        routes.webSocket("/api/stream", shouldUpgrade: shouldUpgrade, onUpgrade: stream)
    }

    /// No `success` field: the stream's clients read only these two.
    struct TicketAnswer: ResponseEncodable, Sendable {
        var ticket: String
        var expires_in: Int
    }

    @Sendable func issueTicket(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TicketAnswer> {
        let (identity, _) = try context.require(.anyone, request: request)
        return TicketAnswer(ticket: tickets.issue(for: identity), expires_in: Int(tickets.lifetime.components.seconds))
            .with(status: .created, headers: [.cacheControl: "no-store"])
    }

    /// Runs before the upgrade, behind the gateway (the ticket was redeemed by the authentication
    /// middleware): refuses with a JSON error, or lets the WebSocket open.
    @Sendable func shouldUpgrade(_ request: Request, context: AppRequestContext) async throws -> RouterShouldUpgrade {
        guard request.headers[.upgrade]?.lowercased() == "websocket" else {
            throw APIError(.badRequest, "WEBSOCKET_REQUIRED", "Open this with a WebSocket, using a ticket from POST /api/stream/tickets")
        }
        _ = try scope(request, context)
        if let after = request.uri.queryParameters.get("after"), Int64(after).map({ $0 < 0 }) ?? true {
            throw APIError.validation("after must be the last seq you received (a whole number)")
        }
        if let identity = context.identity, let orderId = request.uri.queryParameters.get("order_id") {
            // A guest may follow only their own order: 404 or 403 here, before the socket opens.
            _ = try await database.orderDetail(tenantId: identity.tenantId, id: orderId, visibleTo: identity.actor)
        }
        return .upgrade([:])
    }

    private func scope(_ request: Request, _ context: AppRequestContext) throws -> LiveScope {
        let (identity, tenantId) = try context.require(.anyone, request: request)
        let orderId = request.uri.queryParameters.get("order_id")
        if identity.role == .customer && orderId == nil {
            throw APIError(.forbidden, "ORDER_ID_REQUIRED", "A guest follows one order: give its order_id")
        }
        if let orderId, orderId.isEmpty || orderId.count > 64 { throw APIError.validation("order_id is not valid") }
        return LiveScope(tenantId: tenantId, orderId: orderId)
    }

    @Sendable func stream(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, context: WebSocketRouterContext<AppRequestContext>
    ) async throws {
        let scope = try scope(context.request, context.requestContext)
        let after = context.request.uri.queryParameters.get("after").flatMap { Int64($0) }
        let subscription = feed.subscribe(scope)
        defer { feed.unsubscribe(subscription.id) }

        // The start is read after subscribing: whatever commits meanwhile is both queued and
        // possibly in the start; the writer drops what it has already sent by seq.
        var sent: Int64
        switch try await database.liveStart(scope, after: after, maxCatchUp: maxCatchUp) {
        case .snapshot(let seq, let orders):
            let frame = SnapshotFrame(seq: seq, orders: orders.map { OrderJSON($0, includeHistory: scope.orderId != nil) })
            try await outbound.write(.text(String(decoding: try JSONBody.encode(frame), as: UTF8.self)))
            sent = seq
        case .catchUp(let events, let head):
            for event in events {
                if case .event(_, let text, _) = StreamFrame.event(event) { try await outbound.write(.text(text)) }
            }
            sent = max(head, after ?? 0)
            if case .control(let text) = StreamFrame.caughtUp(seq: sent) { try await outbound.write(.text(text)) }
        }

        let frames = subscription.frames
        let queue = subscription.continuation
        let heartbeat = heartbeat
        let alreadySent = sent
        // Staff follow the whole restaurant (the kitchen display); a guest follows one order.
        let isKitchen = scope.orderId == nil
        let frameWritten = frameWritten
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The client's messages: pings are answered; the loop ends when the client goes away.
            group.addTask {
                for try await message in inbound.messages(maxSize: 4_096) {
                    if case .text(let text) = message, text.contains("\"ping\"") { queue.yield(.pong) }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: heartbeat)
                    queue.yield(.control(#"{"type":"ping"}"#))
                }
            }
            // The one writer: events in seq order (skipping those the start covered) and control frames.
            group.addTask {
                var sent = alreadySent
                for await frame in frames {
                    switch frame {
                    case .event(let seq, let text, let committedAt):
                        guard seq > sent else { continue }
                        sent = seq
                        try await outbound.write(.text(text))
                        if isKitchen, let committedAt { frameWritten(ContinuousClock.now - committedAt) }
                    case .control(let text):
                        try await outbound.write(.text(text))
                    }
                }
                // The queue ended: the client was too slow or the daemon is stopping. Closing
                // makes the client reconnect with its last seq.
                try? await outbound.close(.goingAway, reason: "reconnect with your last seq")
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

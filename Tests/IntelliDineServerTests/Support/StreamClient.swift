import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import Synchronization

/// A live-stream client over a real WebSocket: it trades a bearer token for a ticket, connects,
/// and records every frame it receives as parsed JSON, until it is stopped.
final class StreamClient: Sendable {
    private let frames = Mutex<[String]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)

    /// Every frame so far, parsed.
    var received: [[String: Any]] {
        frames.withLock { $0 }.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }

    /// The `seq` of the last snapshot, event or catch-up marker.
    var lastSeq: Int64? {
        received.reversed().lazy.compactMap { frame -> Int64? in
            guard ["snapshot", "event", "caught_up"].contains(frame["type"] as? String) else { return nil }
            return (frame["seq"] as? NSNumber)?.int64Value
        }.first
    }

    var events: [[String: Any]] { received.filter { $0["type"] as? String == "event" } }

    /// Opens `/api/stream` with a fresh ticket; `query` adds `after=` or `order_id=`.
    static func open(_ client: any TestClientProtocol, token: String, query: String = "") async throws -> StreamClient {
        let stream = StreamClient()
        try await stream.connect(client, token: token, query: query)
        return stream
    }

    func connect(_ client: any TestClientProtocol, token: String, query: String = "") async throws {
        let issued = try await client.call(.post, "/api/stream/tickets", token: token)
        guard let ticket = issued["ticket"] as? String, let port = client.port else {
            throw TestFailure("no stream ticket: \(issued.text)")
        }
        try await connect(url: "ws://127.0.0.1:\(port)/api/stream?ticket=\(ticket)" + (query.isEmpty ? "" : "&\(query)"))
    }

    /// Opens `/api/menu/live` as a guest's open menu does: no token, the restaurant in the query.
    static func watchMenu(_ client: any TestClientProtocol, tenant: String = demoTenant) async throws -> StreamClient {
        guard let port = client.port else { throw TestFailure("the menu watch needs a live server") }
        let stream = StreamClient()
        try await stream.connect(url: "ws://127.0.0.1:\(port)/api/menu/live?tenant_id=\(tenant)")
        return stream
    }

    func connect(url: String) async throws {
        let connection = Task { [self] in
            try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: 1 << 24), logger: Logger(label: "stream-test")
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 24) {
                    if case .text(let text) = message { self.frames.withLock { $0.append(text) } }
                }
            }
            return ()
        }
        task.withLock { $0 = connection }
        try await waitFor("the first frame") { !self.received.isEmpty }
    }

    /// Closes the connection.
    func stop() async {
        let connection = task.withLock { $0 }
        connection?.cancel()
        _ = await connection?.result
    }

    /// Polls `condition` for up to `seconds`.
    func waitFor(_ what: String, seconds: Double = 30, _ condition: @Sendable () -> Bool) async throws {
        try await eventually("\(what); frames: \(frames.withLock { $0.suffix(5) })", within: .milliseconds(Int(seconds * 1_000)), every: .milliseconds(10)) {
            condition()
        }
    }
}

import Foundation
@testable import IntelliDineServer
import IntelliDineStore
import Synchronization
import Testing

/// The forwarder's batches and heartbeats share one line to the cloud. A heartbeat that counted
/// the backlog before a batch and arrived after it told head office the batch was still waiting
/// (seen in CI as backlog headers "0" then "5").
@Suite("Cloud delivery turn: batches and heartbeats never overlap")
struct DeliveryTurnTests {
    @Test("A heartbeat while a batch is on its way is skipped; a batch waits for a heartbeat on its way")
    func oneAtATime() async throws {
        let turn = DeliveryTurn()
        let log = Log()

        let batch = Gate()
        let first = Task { try await turn.exclusive { await batch.hold(); log.add("batch") } }
        await batch.entered()
        try await turn.ifFree { log.add("heartbeat") }
        batch.open()
        try await first.value
        #expect(log.entries == ["batch"])

        let heartbeat = Gate()
        let beat = Task { try await turn.ifFree { await heartbeat.hold(); log.add("heartbeat") } }
        await heartbeat.entered()
        let second = Task { try await turn.exclusive { log.add("second batch") } }
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.entries == ["batch"])
        heartbeat.open()
        try await beat.value
        try await second.value
        #expect(log.entries == ["batch", "heartbeat", "second batch"])
    }

    @Test("The newest batch the cloud took is kept; any delivery ends the quiet time")
    func deliveredThrough() async throws {
        let turn = DeliveryTurn()
        turn.delivered(through: 40)
        turn.delivered(through: 12)
        #expect(turn.deliveredThrough == 40)
        try await Task.sleep(for: .milliseconds(300))
        #expect(turn.quietFor >= .milliseconds(300))
        turn.delivered(through: nil)
        #expect(turn.deliveredThrough == 40)
        #expect(turn.quietFor < .milliseconds(300))
    }

    @Test("A heartbeat right after a batch, before the batch's cursor is stored, says nothing is left")
    func heartbeatAfterBatch() async throws {
        let setup = try await ForwardingSetup.make()
        // Orders while the receiver is down: the box's own forwarder cannot send them.
        try await setup.box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            for table in ["tbl-001", "tbl-002", "tbl-003"] {
                #expect(try await client.placeOrder(token: waiter, table: table, items: [["menu_item_id": "item_005", "quantity": 1]]).status == .created)
            }
        }
        let receiver = try await setup.startReceiver()
        defer { receiver.cancel() }
        // A forwarder of the test's own, driven by hand: nothing stores its cursor, as between
        // `handle` returning and the consumer loop storing what it returned.
        let forwarder = CloudForwarder(
            sink: HTTPIngestSink(cloudURL: "http://127.0.0.1:\(setup.port)", boxId: "box-test", secret: setup.receiver.secret),
            database: setup.box.database, boxId: "box-test", logger: .init(label: "test"))
        let events = try await setup.box.database.events(after: 0, limit: 500)
        #expect(events.count >= 3)
        _ = try await forwarder.handle(events)
        try await forwarder.heartbeat()
        #expect(setup.receiver.heartbeats.withLock { $0 } == ["heartbeat-box-test"])
        #expect(setup.receiver.backlogs.withLock { $0 }.last == "0", "\(setup.receiver.backlogs.withLock { $0 })")
    }
}

/// A point a task stops at until the test opens it; `entered` returns once the task is there.
private final class Gate: Sendable {
    private let (arrived, arrive) = AsyncStream.makeStream(of: Void.self)
    private let (released, release) = AsyncStream.makeStream(of: Void.self)

    func hold() async {
        arrive.yield()
        for await _ in released { break }
    }

    func entered() async { for await _ in arrived { break } }
    func open() { release.yield() }
}

private final class Log: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var entries: [String] { lines.withLock { $0 } }
}

import Foundation
@testable import IntelliDineServer
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
        let (batchHeld, holdBatch) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseBatch) = AsyncStream.makeStream(of: Void.self)

        let batch = Task {
            try await turn.exclusive {
                holdBatch.yield()
                for await _ in release { break }
                log.add("batch")
            }
        }
        for await _ in batchHeld { break }
        try await turn.ifFree { log.add("heartbeat") }
        releaseBatch.yield()
        try await batch.value
        #expect(log.entries == ["batch"])

        let (heartbeatHeld, holdHeartbeat) = AsyncStream.makeStream(of: Void.self)
        let (heartbeatRelease, releaseHeartbeat) = AsyncStream.makeStream(of: Void.self)
        let heartbeat = Task {
            try await turn.ifFree {
                holdHeartbeat.yield()
                for await _ in heartbeatRelease { break }
                log.add("heartbeat")
            }
        }
        for await _ in heartbeatHeld { break }
        let second = Task { try await turn.exclusive { log.add("second batch") } }
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.entries == ["batch"])
        releaseHeartbeat.yield()
        try await heartbeat.value
        try await second.value
        #expect(log.entries == ["batch", "heartbeat", "second batch"])
    }

    @Test("The heartbeat counts from the newest batch the cloud took, and a heartbeat resets the quiet time")
    func deliveredThrough() {
        let turn = DeliveryTurn()
        turn.delivered(through: 40)
        turn.delivered(through: 12)
        #expect(turn.deliveredThrough == 40)
        turn.delivered(through: nil)
        #expect(turn.deliveredThrough == 40)
        #expect(turn.quietFor < .seconds(1))
    }
}

private final class Log: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var entries: [String] { lines.withLock { $0 } }
}

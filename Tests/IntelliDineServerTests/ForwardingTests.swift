import Crypto
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// A box that forwards to a `TestReceiver` that may not be running yet.
struct ForwardingSetup {
    let box: TestBox
    let receiver: TestReceiver
    /// Held from the start, so no other test's server answers on it before the receiver starts.
    let reserved: ReservedPort
    var port: Int { reserved.port }

    /// `timeoutSeconds` is the forwarder's wait for an answer: long by default, since a test that
    /// expects the receiver's answer (a 400 that parks a batch, a retry's 200) must not lose it to a
    /// busy machine; short only where a test needs a slow answer to time out.
    static func make(sink: String = "http", heartbeatSeconds: Int = 60, timeoutSeconds: Int = 30) async throws -> ForwardingSetup {
        let reserved = try ReservedPort()
        let port = reserved.port
        let secret = SymmetricKey(size: .bits256)
        let secretFile = NSTemporaryDirectory() + "cloud-secret-" + UUID().uuidString
        try secret.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: secretFile))
        let box = try await TestBox.make { config in
            config.cloudURL = "http://127.0.0.1:\(port)"
            config.cloudSink = sink
            config.cloudBoxId = "box-test"
            config.cloudSecretFile = secretFile
            config.cloudTimeoutSeconds = timeoutSeconds
            config.retryCapSeconds = 1
            config.cloudHeartbeatSeconds = heartbeatSeconds
        }
        return ForwardingSetup(box: box, receiver: TestReceiver(secret: secret), reserved: reserved)
    }

    /// Starts the receiver; it stops when the returned task is cancelled.
    func startReceiver() async throws -> Task<Void, any Error> {
        let app = receiver.application(port: port)
        let task = Task { try await app.runService() }
        for _ in 0..<400 {
            if (try? await HTTPHealth.connect(port: port)) == true { return task }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("receiver did not start")
    }

    func sync(_ client: some TestClientProtocol, _ manager: String) async throws -> JSONResponse {
        try await client.call(.get, "/api/admin/sync", token: manager)
    }

    /// Waits until the forwarder has nothing left to send.
    func drained(_ client: some TestClientProtocol, _ manager: String, timeout: Duration = .seconds(60)) async throws -> JSONResponse {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try await sync(client, manager)
            if status["backlog"] as? Int == 0 { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the backlog did not drain: \(try await sync(client, manager).text)")
    }

    func eventIds() async throws -> [(id: String, seq: Int64)] {
        try await box.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, seq FROM events ORDER BY seq").map { ($0["id"], $0["seq"]) }
        }
    }
}

enum HTTPHealth {
    static func connect(port: Int) async throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

@Suite("The cloud forwarder, against a receiver that fails as real networks do")
struct ForwardingTests {
    func placeOrders(_ client: some TestClientProtocol, _ token: String, count: Int) async throws {
        for index in 0..<count {
            let placed = try await client.placeOrder(token: token, table: "tbl-00\(index % 9 + 1)", items: [["menu_item_id": "item_005", "quantity": 1]])
            #expect(placed.status == .created)
        }
    }

    @Test("Down, then 500s, then too slow, then a dropped connection: every event arrives, exactly once after dedup, in seq order")
    func ingestThroughFailures() async throws {
        // One second, so that the receiver's two-second answer times out and is sent again.
        let setup = try await ForwardingSetup.make(timeoutSeconds: 1)
        try await setup.box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let manager = try await client.loginStaff("manager1")
            // The receiver is down: orders go on, the backlog grows and says how old it is.
            try await placeOrders(client, waiter, count: 20)
            var offline = try await setup.sync(client, manager)
            for _ in 0..<200 where offline["last_error"] as? String == nil {
                // A refused connection surfaces once the client's one-second timeout is up.
                try await Task.sleep(for: .milliseconds(100))
                offline = try await setup.sync(client, manager)
            }
            #expect(offline["forwarding_enabled"] as? Bool == true)
            #expect((offline["backlog"] as? Int ?? 0) >= 20)
            #expect(offline["oldest_unsent_age_seconds"] as? Int != nil)
            #expect(offline["last_error"] as? String != nil)

            setup.receiver.script.withLock { $0 = [.fail500, .fail500, .slow(.seconds(2)), .dropAfterAccept] }
            let receiver = try await setup.startReceiver()
            defer { receiver.cancel() }
            try await placeOrders(client, waiter, count: 10)
            let drained = try await setup.drained(client, manager)
            #expect(drained["last_success_at"] as? String != nil)
            let consumers = try #require(drained["consumers"] as? [[String: Any]])
            #expect(Set(consumers.compactMap { $0["name"] as? String }) == [ConsumerName.smsNotifier, ConsumerName.kitchenPrinter, ConsumerName.cloudForwarder])

            let stored = try await setup.eventIds()
            let unique = setup.receiver.unique
            #expect(unique.map(\.id) == stored.map(\.id))
            #expect(unique.map(\.seq) == stored.map(\.seq))
            // The slow and the dropped batches were stored and then sent again: duplicates arrived.
            #expect(setup.receiver.arrivals.withLock { $0.count } > unique.count)
            #expect(setup.receiver.badSignatures.withLock { $0 } == 0)
        }
    }

    @Test("Every batch says what is left to send; a quiet box sends a signed empty batch, its heartbeat, saying nothing is left")
    func backlogAndHeartbeat() async throws {
        let setup = try await ForwardingSetup.make(heartbeatSeconds: 1)
        try await setup.box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let manager = try await client.loginStaff("manager1")
            try await placeOrders(client, waiter, count: 5)
            let receiver = try await setup.startReceiver()
            defer { receiver.cancel() }
            _ = try await setup.drained(client, manager)
            for _ in 0..<300 where setup.receiver.heartbeats.withLock({ $0.isEmpty }) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(setup.receiver.heartbeats.withLock { $0 }.first == "heartbeat-box-test")
            // The last word is a heartbeat's: nothing left. Every batch carried the header.
            let backlogs = setup.receiver.backlogs.withLock { $0 }
            #expect(!backlogs.contains(nil) && backlogs.last == "0", "\(backlogs)")
            #expect(setup.receiver.badSignatures.withLock { $0 } == 0)
        }
    }

    @Test("Kafka REST Proxy v2: a topic per event type, keyed by order, retriable record errors retried")
    func kafkaREST() async throws {
        let setup = try await ForwardingSetup.make(sink: "kafka-rest")
        setup.receiver.script.withLock { $0 = [.retriableRecordErrors, .fail500] }
        let receiver = try await setup.startReceiver()
        defer { receiver.cancel() }
        try await setup.box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let cook = try await client.loginStaff("kitchen_staff1")
            let manager = try await client.loginStaff("manager1")
            try await placeOrders(client, waiter, count: 3)
            let orders = try await client.call(.get, "/api/orders", token: waiter)
            for order in orders["orders"] as? [[String: Any]] ?? [] {
                _ = try await client.call(.patch, "/api/orders/\(order["id"]!)/status", token: cook, json: ["status": "PREPARING"])
            }
            _ = try await setup.drained(client, manager)
            let unique = setup.receiver.unique
            #expect(Set(unique.map(\.id)) == Set(try await setup.eventIds().map(\.id)))
            for arrival in unique {
                #expect(arrival.topic == "intellidine." + arrival.type)
                #expect(arrival.key?.hasPrefix("ord-") == true)
            }
            for topic in Set(unique.compactMap(\.topic)) {
                let seqs = unique.filter { $0.topic == topic }.map(\.seq)
                #expect(seqs == seqs.sorted())
            }
        }
    }

    @Test("A batch the cloud refuses as invalid is parked, shown to the manager, and delivered by a retry")
    func parkAndRetry() async throws {
        let setup = try await ForwardingSetup.make()
        setup.receiver.script.withLock { $0 = [.reject400] }
        let receiver = try await setup.startReceiver()
        defer { receiver.cancel() }
        try await setup.box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let manager = try await client.loginStaff("manager1")
            try await placeOrders(client, waiter, count: 1)
            let status = try await setup.drained(client, manager)
            let parked = try #require((status["parked_batches"] as? [[String: Any]])?.first)
            #expect(parked["status_code"] as? Int == 400)
            #expect((parked["reason"] as? String)?.contains("schema mismatch") == true)
            #expect(setup.receiver.unique.isEmpty)
            // Later events are not held up by the parked batch.
            try await placeOrders(client, waiter, count: 1)
            _ = try await setup.drained(client, manager)
            #expect(setup.receiver.unique.count == 1)

            #expect(try await client.call(.post, "/api/admin/sync/parked/\(parked["id"]!)/retry", token: waiter).status == .forbidden)
            let retried = try await client.call(.post, "/api/admin/sync/parked/\(parked["id"]!)/retry", token: manager)
            #expect(retried.status == .ok, "\(retried.text)")
            #expect(Set(setup.receiver.unique.map(\.id)) == Set(try await setup.eventIds().map(\.id)))
            let after = try await setup.sync(client, manager)
            #expect((after["parked_batches"] as? [Any])?.isEmpty == true)
        }
    }
}

@Suite("A day offline, and a crash mid-batch")
struct OfflineDayTests {
    @Test("With the cloud down, 2,000 orders go through their whole flow; when it returns the backlog drains completely, in order")
    func dayOffline() async throws {
        let setup = try await ForwardingSetup.make()
        try await setup.box.database.pool.write { db in try db.execute(sql: "UPDATE ingredients SET stock_quantity = 100000000") }
        try await setup.box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let cook = try await client.loginStaff("kitchen_staff1")
            let manager = try await client.loginStaff("manager1")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in stride(from: worker, to: 2_000, by: 8) {
                            let placed = try await client.placeOrder(
                                token: waiter, table: "tbl-00\(index % 9 + 1)",
                                // Chicken 65 (item_002) needs its spice level.
                                items: [["menu_item_id": "item_00\(index % 6 + 1)", "quantity": 1 + index % 3, "options": index % 6 == 1 ? ["medium"] : []]])
                            guard let id = placed.order["id"] as? String else { throw TestFailure("order \(index): \(placed.text)") }
                            for (status, token) in [("PREPARING", cook), ("READY", cook), ("SERVED", waiter)] {
                                _ = try await client.call(.patch, "/api/orders/\(id)/status", token: token, json: ["status": status])
                            }
                            let paid = try await client.call(.patch, "/api/payments/\(id)/cash", token: waiter, json: ["amount_received": 5_000])
                            guard paid.order["status"] as? String == "COMPLETED" else { throw TestFailure("order \(index) not completed: \(paid.text)") }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let offline = try await setup.sync(client, manager)
            #expect((offline["backlog"] as? Int ?? 0) >= 12_000)

            let receiver = try await setup.startReceiver()
            defer { receiver.cancel() }
            _ = try await setup.drained(client, manager, timeout: .seconds(120))
            let stored = try await setup.eventIds()
            let unique = setup.receiver.unique
            #expect(unique.count == stored.count)
            #expect(unique.map(\.seq) == stored.map(\.seq))
            #expect(unique.filter { $0.type == "payment.completed" }.count == 2_000)
        }
    }

    @Test("The daemon killed with SIGKILL while a batch is in flight: after a restart the receiver holds every event once, in order")
    func killMidBatch() async throws {
        let reserved = try ReservedPort()
        defer { withExtendedLifetime(reserved) {} }
        let port = reserved.port
        let secret = SymmetricKey(size: .bits256)
        let secretFile = NSTemporaryDirectory() + "cloud-secret-" + UUID().uuidString
        try secret.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: secretFile))
        let receiver = TestReceiver(secret: secret)
        let environment = [
            "INTELLIDINE_CLOUD_URL": "http://127.0.0.1:\(port)", "INTELLIDINE_CLOUD_SECRET_FILE": secretFile,
            "INTELLIDINE_CLOUD_BOX_ID": "box-kill", "INTELLIDINE_CLOUD_TIMEOUT_SECONDS": "10", "INTELLIDINE_RETRY_CAP_SECONDS": "1",
            "INTELLIDINE_RATE_LIMIT_PER_MINUTE": "0",
        ]
        let stateDir = NSTemporaryDirectory() + "intellidine-killfwd-" + UUID().uuidString
        let first = try DaemonProcess(stateDir: stateDir, environment: environment)
        defer { first.terminate() }
        try first.waitUntilListening()
        let login = try await first.call(.POST, "/api/auth/staff/login", json: ["username": "waiter1", "password": "waiter-demo-1"])
        let token = try #require(login.json["access_token"] as? String)
        for index in 0..<30 {
            _ = try await first.call(.POST, "/api/orders?tenant_id=\(demoTenant)", token: token, json: [
                "table_id": "tbl-00\(index % 9 + 1)", "items": [["menu_item_id": "item_005", "quantity": 1]],
            ])
        }
        // The receiver stores the first batch and holds its answer; the daemon dies meanwhile.
        receiver.script.withLock { $0 = [.slow(.seconds(30))] }
        let app = receiver.application(port: port)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        for _ in 0..<600 where receiver.arrivals.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!receiver.arrivals.withLock { $0.isEmpty })
        first.kill()

        let second = try DaemonProcess(stateDir: stateDir, arguments: [], environment: environment)
        defer { second.terminate() }
        try second.waitUntilListening()
        let database = try AppDatabase.open(path: stateDir + "/db/intellidine.sqlite")
        let stored = try await database.pool.read { db in try String.fetchAll(db, sql: "SELECT id FROM events ORDER BY seq") }
        // The first batch may already hold every event: wait for the second daemon to send it again,
        // or the check below races the restarted forwarder.
        for _ in 0..<200 where receiver.unique.count < stored.count || receiver.arrivals.withLock({ $0.count }) <= stored.count {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(receiver.unique.map(\.id) == stored)
        #expect(receiver.arrivals.withLock { $0.count } > stored.count)
    }
}

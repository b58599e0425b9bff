import ChildProcesses
import Foundation
import GRDB
import IntelliDineStore
import Testing

@Suite("Durability of the real daemon process")
struct DurabilityTests {
    @Test("Orders acknowledged with 201 are all there after SIGKILL and a restart on the same state directory")
    func survivesKill() async throws {
        let stateDir = NSTemporaryDirectory() + "intellidine-kill-" + UUID().uuidString
        let first = try DaemonProcess(stateDir: stateDir)
        defer { first.terminate() }
        try first.waitUntilListening()

        _ = try await first.call(.POST, "/api/auth/customer/otp", json: ["phone_number": "9876543210"])
        let verified = try await first.call(.POST, "/api/auth/customer/verify-otp?tenant_id=\(DemoRestaurant.tenantId)", json: [
            "phone_number": "9876543210", "otp": try first.lastOTP(to: "9876543210"),
        ])
        let token = try #require(verified.json["access_token"] as? String)

        // Orders placed concurrently, then the process is killed the moment the last 201 arrives.
        let acknowledged = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let answer = try await first.call(.POST, "/api/orders?tenant_id=\(DemoRestaurant.tenantId)", token: token, json: [
                        "table_id": "tbl-00\(index % 9 + 1)", "items": [["menu_item_id": "item_005", "quantity": 1 + index % 5]],
                    ])
                    return answer.status == 201 ? (answer.json["order"] as? [String: Any])?["id"] as? String : nil
                }
            }
            return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
        }
        first.kill()
        #expect(acknowledged.count == 40)

        let second = try DaemonProcess(stateDir: stateDir)
        defer { second.terminate() }
        try second.waitUntilListening()
        // The same token still works: the JWT secret was kept in the state directory.
        for id in acknowledged {
            let order = try await second.call(.GET, "/api/orders/\(id)", token: token)
            #expect(order.status == 200, "order \(id) lost after SIGKILL")
        }
        second.terminate()
        let database = try AppDatabase.open(path: stateDir + "/db/intellidine.sqlite")
        let stored = try await database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'order.created'")!)
        }
        #expect(stored.0 == 40 && stored.1 == 40)
    }

    @Test("A damaged database file stops the daemon with a clear message and exit code 2, not a crash")
    func refusesCorruptDatabase() throws {
        let stateDir = NSTemporaryDirectory() + "intellidine-corrupt-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: stateDir + "/db", withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 8_192).write(to: URL(fileURLWithPath: stateDir + "/db/intellidine.sqlite"))
        let daemon = try DaemonProcess(stateDir: stateDir)
        #expect(daemon.process.wait() == 2)
        #expect(!daemon.process.endedBySignal)
        let message = daemon.errorOutput()
        #expect(message.contains("cannot be used") && message.contains("Restore it from a backup"), "\(message)")
    }
}

import Foundation
import GRDB
import IntelliDineStore
import Synchronization
import Testing

@Suite("Backups, restores and upgrades of the live database")
struct BackupTests {
    /// Runs the binary with `arguments`; its exit status and output.
    static func intellidine(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runChild(DaemonProcess.binary, arguments)
    }

    @Test("A backup taken under write load restores to a sound database with every order acknowledged before it began")
    func backupUnderLoad() async throws {
        let state = NSTemporaryDirectory() + "intellidine-backup-" + UUID().uuidString
        let daemon = try DaemonProcess(stateDir: state, arguments: ["--demo", "--rate-limit-per-minute", "0"])
        defer { daemon.terminate() }
        try daemon.waitUntilListening()
        let manager = try #require(try await daemon.call(.POST, "/api/auth/staff/login", json: ["username": "manager1", "password": "manager-demo-1"]).json["access_token"] as? String)
        _ = try await daemon.call(.POST, "/api/inventory/ingredients/ing-flour/restock", token: manager, json: ["quantity": 1_000_000])
        _ = try await daemon.call(.POST, "/api/auth/customer/otp", json: ["phone_number": seedPhone])
        let verified = try await daemon.call(
            .POST, "/api/auth/customer/verify-otp?tenant_id=\(demoTenant)", json: ["phone_number": seedPhone, "otp": try daemon.lastOTP(to: seedPhone)])
        let guest = try #require(verified.json["access_token"] as? String)

        let acknowledged = Mutex<[String]>([])
        let writing = Task {
            while !Task.isCancelled {
                let placed = try await daemon.call(
                    .POST, "/api/orders?tenant_id=\(demoTenant)", token: guest,
                    json: ["table_id": "tbl-003", "items": [["menu_item_id": "item_006", "quantity": 1]]])
                if placed.status == 201, let id = (placed.json["order"] as? [String: Any])?["id"] as? String {
                    acknowledged.withLock { $0.append(id) }
                }
            }
        }
        // Writes are flowing: at least 20 orders acknowledged (however busy the machine).
        for _ in 0..<600 where acknowledged.withLock({ $0.count }) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        let before = acknowledged.withLock { $0 }
        let backup = try await Self.intellidine(["backup", "--state-dir", state, "--keep", "5"])
        try await Task.sleep(for: .milliseconds(300))
        writing.cancel()
        _ = await writing.result
        #expect(backup.status == 0, "\(backup.output)")
        #expect(before.count >= 20, "the load placed \(before.count) orders before the backup")
        let files = try FileManager.default.contentsOfDirectory(atPath: state + "/backups").filter { $0.hasSuffix(".sqlite") }
        #expect(files.count == 1)
        let file = state + "/backups/" + files[0]

        // Restoring under the running daemon is refused.
        let refused = try await Self.intellidine(["restore", "--state-dir", state, file])
        #expect(refused.status != 0)
        #expect(refused.output.contains("stop it first"))

        // Into a fresh box: sound, and every order acknowledged before the backup began is there.
        let fresh = NSTemporaryDirectory() + "intellidine-restored-" + UUID().uuidString
        let restored = try await Self.intellidine(["restore", "--state-dir", fresh, file])
        #expect(restored.status == 0, "\(restored.output)")
        let queue = try DatabaseQueue(path: fresh + "/db/intellidine.sqlite")
        let (check, ids) = try await queue.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"), Set(try String.fetchAll(db, sql: "SELECT id FROM orders")))
        }
        #expect(check == ["ok"])
        #expect(Set(before).isSubset(of: ids), "\(Set(before).subtracting(ids).count) acknowledged orders missing")
        try queue.close()

        // And the restored box starts and serves them (its secrets are its own: staff sign in again).
        let second = try DaemonProcess(stateDir: fresh, arguments: [])
        defer { second.terminate() }
        try second.waitUntilListening()
        let login = try await second.call(.POST, "/api/auth/staff/login", json: ["username": "manager1", "password": "manager-demo-1"])
        let token = try #require(login.json["access_token"] as? String)
        let order = try await second.call(.GET, "/api/orders/\(before[0])", token: token)
        #expect(order.status == 200)
    }

    @Test("Backups rotate, a second daemon on the same state is refused, and a damaged backup is not restored")
    func rotationLockingAndChecks() async throws {
        let state = NSTemporaryDirectory() + "intellidine-rotate-" + UUID().uuidString
        let daemon = try DaemonProcess(stateDir: state)
        defer { daemon.terminate() }
        try daemon.waitUntilListening()

        let other = try await Self.intellidine(["serve", "--state-dir", state, "--port", "0"])
        #expect(other.status == 2)
        #expect(other.output.contains("already running"))

        for _ in 0..<3 {
            #expect(try await Self.intellidine(["backup", "--state-dir", state, "--keep", "2"]).status == 0)
            try await Task.sleep(for: .milliseconds(5))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: state + "/backups").filter { $0.hasSuffix(".sqlite") }
        #expect(files.count == 2)

        let damaged = NSTemporaryDirectory() + "damaged-" + UUID().uuidString + ".sqlite"
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: damaged))
        let fresh = NSTemporaryDirectory() + "intellidine-norestore-" + UUID().uuidString
        let refused = try await Self.intellidine(["restore", "--state-dir", fresh, damaged])
        #expect(refused.status != 0)
        #expect(!FileManager.default.fileExists(atPath: fresh + "/db/intellidine.sqlite"))
    }
}

import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineServer
import Testing

@Suite("Configuration from file, environment and flags")
struct ConfigurationTests {
    @Test("A flag beats the environment, which beats the file, which beats the default")
    func precedence() throws {
        let file = try ServerConfiguration.parseFile("""
            # the box's settings
            port = 9000
            timezone = "Asia/Kolkata"
            rate_limit_per_minute = 30   # per guest
            state_dir = /srv/intellidine
            """)
        let config = try ServerConfiguration.resolve(
            file: file,
            environment: ["INTELLIDINE_PORT": "9100", "INTELLIDINE_RATE_LIMIT_PER_MINUTE": "0", "PATH": "/bin"],
            flags: ["port": "9200"])
        #expect(config.port == 9200)
        #expect(config.rateLimitPerMinute == 0)
        #expect(config.stateDir == "/srv/intellidine")
        #expect(config.host == "0.0.0.0")
        #expect(config.databasePath == "/srv/intellidine/db/intellidine.sqlite")
        #expect(config.resolvedSMSSpoolDir == "/srv/intellidine/sms/outgoing")
    }

    @Test("Typos and bad values are reported, not ignored")
    func refusals() {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.resolve(file: ["prot": "80"], environment: [:], flags: [:]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.resolve(file: ["port": "eighty"], environment: [:], flags: [:]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.resolve(file: [:], environment: ["INTELLIDINE_TIMEZONE": "Mars/Olympus"], flags: [:]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.parseFile("port 80") }
    }
}

@Suite("The configured time zone")
struct TimeZoneConfigurationTests {
    @Test("The demo restaurant takes the configured zone, and its tickets are numbered by that zone's day")
    func demoZone() async throws {
        let box = try await TestBox.make { $0.timezone = "America/New_York" }
        let tenant = try await box.database.tenant(id: demoTenant)
        #expect(tenant?.timezone == "America/New_York")
        try await box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let placed = try await client.placeSeedOrder(token: waiter)
            let stored = try await box.database.pool.read { db in
                try String.fetchOne(db, sql: "SELECT business_date FROM orders WHERE id = ?", arguments: [placed.order["id"] as? String])
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "America/New_York")!
            let today = calendar.dateComponents([.year, .month, .day], from: Date())
            #expect(stored == String(format: "%04d-%02d-%02d", today.year!, today.month!, today.day!))
        }
    }
}

import ArgumentParser
import Foundation
import IntelliDineServer

/// `intellidine setup`: what the `/setup` page does, for installers who script the box. The
/// manager's password is read from standard input, never from the command line.
struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the restaurant, its tables and its first manager on a box with none (password on standard input).")

    @Option(name: .customLong("state-dir")) var stateDir: String = "./var"
    @Option var name: String
    @Option var address: String?
    @Option var state: String?
    @Option var gstin: String?
    @Option var fssai: String?
    @Option(name: .customLong("gst-rate"), help: "5, 12 or 18 (percent).") var gstRate: Int = 5
    @Option var timezone: String = "Asia/Kolkata"
    @Option(name: .customLong("opening-hours")) var openingHours: String?
    @Option var tables: Int = 10
    @Option(name: .customLong("table-naming"), help: "With {n} for the number.") var tableNaming: String = "Table {n}"
    @Option(name: .customLong("manager")) var manager: String
    @Option(name: .customLong("manager-name")) var managerName: String?

    func run() async throws {
        guard let password = readLine(strippingNewline: true) else {
            throw ValidationError("give the manager's password on standard input")
        }
        var config = ServerConfiguration()
        config.stateDir = stateDir
        do {
            let tenant = try await CommandLineSetup.run(databasePath: config.databasePath, .init(
                name: name, address: address, state: state, gstin: gstin, fssai: fssai, openingHours: openingHours, timezone: timezone,
                gstRatePercent: gstRate, tables: tables, tableNaming: tableNaming, managerUsername: manager, managerName: managerName),
                managerPassword: password)
            print("Set up \(name): tenant \(tenant), \(tables) tables, manager \(manager)")
        } catch let failure as CommandLineSetup.Failure {
            throw ValidationError(failure.description)
        }
    }
}

import ArgumentParser
import Foundation
import IntelliDineDomain
import IntelliDineServer
import IntelliDineStore

/// `intellidine staff add`: creates a staff account on a real box; the password is read from
/// standard input so it never appears in the shell history or the process list.
struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff account (password on standard input).")

        @Option(name: .customLong("state-dir")) var stateDir: String = "./var"
        @Option var tenant: String
        @Option var username: String
        @Option(help: "KITCHEN_STAFF, WAITER or MANAGER.") var role: String
        @Option(help: "Name shown on screens (default: the username).") var name: String?

        func run() async throws {
            guard let role = Role(rawValue: role.uppercased()), role.isStaff else {
                throw ValidationError("role must be KITCHEN_STAFF, WAITER or MANAGER")
            }
            guard StaffAccountRules.isValidUsername(username) else {
                throw ValidationError("username: \(StaffAccountRules.usernameRule)")
            }
            guard let password = readLine(strippingNewline: true), password.count >= StaffAccountRules.minimumPasswordLength else {
                throw ValidationError("give a password of at least \(StaffAccountRules.minimumPasswordLength) characters on standard input")
            }
            var config = ServerConfiguration()
            config.stateDir = stateDir
            let database = try AppDatabase.open(path: config.databasePath)
            do {
                try await database.addStaff(StaffRecord(
                    id: RecordID.make("staff"), tenantId: tenant, username: username, displayName: name ?? username,
                    passwordHash: PasswordHasher.hash(password), role: role.rawValue, isActive: true,
                    createdAt: Timestamp.string(Date())))
            } catch StaffRefusal.tenantNotFound {
                throw ValidationError("no restaurant with tenant id \(tenant)")
            } catch StaffRefusal.usernameTaken {
                throw ValidationError("\(username) already exists in this restaurant")
            }
            print("Added \(role.rawValue) \(username) to \(tenant)")
        }
    }
}

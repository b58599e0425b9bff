import ArgumentParser

/// `intellidine`: the restaurant box's daemon and its admin commands.
@main
struct IntelliDineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intellidine",
        abstract: "Table-side ordering for one restaurant box: guests, kitchen, waiters, managers.",
        subcommands: [Serve.self, Setup.self, Staff.self, Backup.self, Restore.self, Simulate.self, TLS.self],
        defaultSubcommand: Serve.self)
}

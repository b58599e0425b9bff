import ArgumentParser

/// `intellidine`: the restaurant box's daemon and its admin commands.
struct IntelliDineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intellidine",
        abstract: "Table-side ordering for one restaurant box: guests, kitchen, waiters, managers.",
        subcommands: [Serve.self, Setup.self, Staff.self, Backup.self, Restore.self, Simulate.self, TLS.self],
        defaultSubcommand: Serve.self)
}

extension IntelliDineCommand {
    /// `AsyncParsableCommand.main()`, for `main.swift`: top-level code picks the synchronous
    /// `main` of `ParsableCommand`, which runs no async command; an async function picks this one.
    static func runAsync() async {
        await main()
    }
}

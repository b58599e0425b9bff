import Foundation

/// Polls `condition` until it holds, for up to `limit` (30 s: a busy CI machine can take seconds
/// over what a quiet one does at once), and throws naming `what` if it never does. Looked at once
/// more after the deadline, since a loaded machine may wake this task late.
func eventually(
    _ what: @autoclosure () -> String, within limit: Duration = .seconds(30), every pause: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return }
        if ContinuousClock.now >= deadline { break }
        try await Task.sleep(for: pause)
    }
    throw TestFailure("timed out waiting for \(what())")
}

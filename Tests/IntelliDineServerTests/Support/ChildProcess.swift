import ChildProcesses
import Foundation

/// Runs a program to completion on a thread of its own and returns its exit status and output.
/// Waiting for a child blocks a thread; doing that on Swift's cooperative pool (two threads on
/// these machines) would stall every other test running at the same time.
func runChild(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> (status: Int32, output: String) {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                continuation.resume(returning: try Child(executable, arguments, environment: environment).finish())
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

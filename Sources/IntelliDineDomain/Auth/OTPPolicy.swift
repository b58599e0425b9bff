import Foundation

/// The rules for one-time login codes: length, lifetime, attempts and resend throttling.
public struct OTPPolicy: Sendable {
    public var digits = 6
    public var lifetime: TimeInterval = 300
    /// Wrong guesses allowed on one code before it is locked.
    public var maxAttempts = 5
    /// Minimum gap between two codes to one phone.
    public var resendInterval: TimeInterval = 30
    /// Codes one phone may be sent in `sendWindow`.
    public var maxSendsPerWindow = 5
    public var sendWindow: TimeInterval = 3_600

    public init() {}

    public static let standard = OTPPolicy()

    /// When the next code may be sent to a phone, given when earlier codes were sent;
    /// `nil` means now.
    public func nextSendAllowed(previousSends: [Date], now: Date) -> Date? {
        var earliest: Date?
        if let last = previousSends.max(), now.timeIntervalSince(last) < resendInterval {
            earliest = last.addingTimeInterval(resendInterval)
        }
        let inWindow = previousSends.filter { now.timeIntervalSince($0) < sendWindow }.sorted()
        if inWindow.count >= maxSendsPerWindow {
            // The window frees up when the oldest send that still counts leaves it.
            let freed = inWindow[inWindow.count - maxSendsPerWindow].addingTimeInterval(sendWindow)
            earliest = max(earliest ?? freed, freed)
        }
        return earliest
    }

    /// A fresh code from the system's cryptographically secure generator.
    public func generateCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
    }

    /// Whether a string has the shape of a code (so garbage never counts as an attempt).
    public func isWellFormed(_ code: String) -> Bool {
        code.count == digits && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// The state of the newest code for a phone, as the store reads it.
public struct OTPState: Sendable {
    public var expiresAt: Date
    public var attempts: Int
    public var consumed: Bool

    public init(expiresAt: Date, attempts: Int, consumed: Bool) {
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.consumed = consumed
    }
}

/// Why a code was not accepted.
public enum OTPRefusal: Error, Equatable, Sendable {
    case notRequested
    case alreadyUsed
    case expired
    case locked
    case wrongCode(attemptsLeft: Int)
}

extension OTPPolicy {
    /// Whether a code may be checked at all, before comparing it.
    public func precheck(_ state: OTPState?, now: Date) throws(OTPRefusal) {
        guard let state else { throw .notRequested }
        if state.consumed { throw .alreadyUsed }
        if state.attempts >= maxAttempts { throw .locked }
        if now >= state.expiresAt { throw .expired }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import IntelliDineServer
import Synchronization
import Testing

/// A stand-in for Twilio's Messages API on a real socket, speaking its wire format: form-encoded
/// `To`, `From`, `Body` with HTTP basic auth in; 201 and a message resource out, or Twilio's
/// error JSON.
final class FakeTwilio: Sendable {
    struct Received: Sendable {
        var path: String
        var authorization: String?
        var form: [String: String]
    }

    let received = Mutex<[Received]>([])
    /// The bodies of the texts it accepted, in order.
    let delivered = Mutex<[String]>([])
    let failing = Mutex(false)
    /// When set, it accepts this many more texts, then fails every request.
    let failAfter = Mutex<Int?>(nil)

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/2010-04-01/Accounts/:sid/Messages.json") { request, context -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            let form = Dictionary(uniqueKeysWithValues: String(buffer: body).split(separator: "&").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            })
            self.received.withLock {
                $0.append(Received(path: request.uri.path, authorization: request.headers[.authorization], form: form))
            }
            let fails = self.failing.withLock { $0 } || self.failAfter.withLock { left in
                guard let count = left else { return false }
                if count == 0 { return true }
                left = count - 1
                return false
            }
            if fails {
                return Response(status: .internalServerError, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"code": 20500, "message": "Internal Server Error", "status": 500}"#)))
            }
            self.delivered.withLock { $0.append(form["Body"] ?? "") }
            let sid = try context.parameters.require("sid")
            return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: """
                {"sid": "SM\(UUID().uuidString.prefix(8))", "account_sid": "\(sid)", "to": "\(form["To"] ?? "")", "status": "queued"}
                """)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("SMS through a Twilio-compatible HTTP API")
struct SMSSenderTests {
    @Test("The OTP goes out as Twilio's form with basic auth; a provider failure is a 503 and the code is withdrawn")
    func twilio() async throws {
        let fake = FakeTwilio()
        try await fake.application.test(.live) { twilio in
            var config = ServerConfiguration()
            config.stateDir = NSTemporaryDirectory() + "intellidine-sms-" + UUID().uuidString
            config.demo = true
            config.rateLimitPerMinute = 0
            config.smsHTTPURL = "http://127.0.0.1:\(twilio.port!)"
            config.smsHTTPAccountSID = "AC123"
            config.smsHTTPFrom = "+15005550006"
            let tokenFile = NSTemporaryDirectory() + "twilio-token-" + UUID().uuidString
            try "s3cret\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            config.smsHTTPAuthTokenFile = tokenFile
            let daemon = try await IntelliDine.build(config)

            try await daemon.app.test(.router) { client in
                let sent = try await client.call(.post, "/api/auth/customer/otp?tenant_id=\(demoTenant)", json: ["phone_number": "+91 98765 43210"])
                #expect(sent.status == .ok)
                let message = try #require(fake.received.withLock { $0.last })
                #expect(message.path == "/2010-04-01/Accounts/AC123/Messages.json")
                #expect(message.authorization == "Basic " + Data("AC123:s3cret".utf8).base64EncodedString())
                #expect(message.form["To"] == "+919876543210")
                #expect(message.form["From"] == "+15005550006")
                let body = try #require(message.form["Body"])
                #expect(body.hasPrefix("Your Intellidine OTP for Spice Garden (demo) is "))
                let range = try #require(body.range(of: #"\b\d{6}\b"#, options: .regularExpression))
                let code = String(body[range])
                let verified = try await client.call(
                    .post, "/api/auth/customer/verify-otp?tenant_id=\(demoTenant)", json: ["phone_number": "9876543210", "otp": code])
                #expect(verified.status == .ok)

                fake.failing.withLock { $0 = true }
                let down = try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": "9123456789"])
                #expect(down.status == .serviceUnavailable)
                #expect(down.errorCode == "SMS_UNAVAILABLE")
                // The unsent code was withdrawn: it neither works nor blocks a retry.
                fake.failing.withLock { $0 = false }
                #expect(try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": "9123456789"]).status == .ok)
            }
        }
    }
}

import AsyncHTTPClient
import Foundation
import IntelliDineDomain
import NIOCore
import NIOHTTP1

/// Sends through a Twilio-compatible API: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`
/// with a form body (`To`, `From`, `Body`) and HTTP basic auth of the account sid and token.
public struct HTTPSMSSender: SMSSender {
    public let baseURL: String
    public let accountSID: String
    let authToken: String
    public let from: String
    let client: HTTPClient

    public init(baseURL: String, accountSID: String, authToken: String, from: String, client: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.client = client
    }

    public func send(to phone: PhoneNumber, text: String, dedupKey: String?) async throws {
        var request = HTTPClientRequest(url: "\(baseURL)/2010-04-01/Accounts/\(accountSID)/Messages.json")
        request.method = .POST
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = [("To", "+" + phone.international), ("From", from), ("Body", text)]
            .map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await client.execute(request, timeout: .seconds(10))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw SMSSendFailed(reason: "provider answered \(response.status.code)")
        }
    }

    static func formEncode(_ value: String) -> String {
        // ASCII letters and digits only: `alphanumerics` would let non-ASCII letters through unencoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._* ")
        return value.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
    }
}

/// A configuration file of `key = value` lines, the format of `/etc/intellidine/intellidine.conf`
/// and of `intellidine-cloud`'s file: `#` starts a comment, values may be quoted. Here, in the
/// library both executables share, so the box and the cloud read their files alike.
public enum KeyValueFile {
    /// A line that is not `key = value` (numbered from 1).
    public struct BadLine: Error, Equatable { public var number: Int }

    public static func parse(_ text: String) throws(BadLine) -> [String: String] {
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmed
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard parts.count == 2, !parts[0].isEmpty else { throw BadLine(number: number + 1) }
            var value = parts[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            values[parts[0]] = value
        }
        return values
    }

    /// The three sources merged, later ones winning: the file, then `<prefix><KEY>` environment
    /// variables for the known keys, then command-line flags.
    public static func merge(file: [String: String], environment: [String: String], prefix: String, keys: [String], flags: [String: String]) -> [String: String] {
        var merged = file
        for key in keys {
            if let value = environment[prefix + key.uppercased()] { merged[key] = value }
        }
        merged.merge(flags) { _, flag in flag }
        return merged
    }
}

extension String {
    fileprivate var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }
}

/// CSV for the reports' downloads: CRLF lines, fields quoted when they hold a comma, a quote or a
/// line break, and a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR: a name
/// is typed by people) kept as text with a leading apostrophe.
enum CSV {
    static func field(_ raw: String) -> String {
        let text = raw.first.map { "=+-@\t\r".contains($0) } == true ? "'" + raw : raw
        return text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func text(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

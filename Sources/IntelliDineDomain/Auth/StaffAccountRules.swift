/// What a staff account must look like, wherever one is made (the command line, the staff app).
public enum StaffAccountRules {
    public static let minimumPasswordLength = 8
    public static let usernameRule = "3 to 40 letters, digits, '.', '_' or '-'"

    public static func isValidUsername(_ username: String) -> Bool {
        (3...40).contains(username.count) && username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}

import Foundation
import Testing
@testable import SLARetroKit

@Suite("README")
struct ReadmeTests {
    @Test("the README's shell command table is the shell's own command table")
    func commandTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for command in ShellCommand.all {
            let aliases = command.aliases.isEmpty ? "—" : command.aliases.joined(separator: ", ")
            let row = "| `\(command.syntax.replacingOccurrences(of: "|", with: "\\|"))` | \(aliases) | \(command.help.replacingOccurrences(of: "|", with: "\\|")) |"
            #expect(readme.contains(row), "README lacks: \(row)")
        }
    }
}

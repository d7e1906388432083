import Foundation
import Testing
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport
@testable import SLARender
@testable import SLARetro
@testable import SLADemo

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

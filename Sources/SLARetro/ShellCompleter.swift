import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLARender

/// Tab completion for the shell: commands, agreement/asset/action ids, people, sprints, revise fields.
package struct ShellCompleter {
    let session: RetroSession

    package init(session: RetroSession) { self.session = session }

    /// The completions of `word`, the word being typed at the end of `line` (which holds the words before it).
    package func complete(line: String, word: String) -> [String] {
        let before = line.split(separator: " ").map(String.init)
        let typed = line.hasSuffix(" ") || line.isEmpty ? before : Array(before.dropLast())
        guard let first = typed.first else { return matches(ShellCommand.all.map(\.name), word) }
        guard let command = ShellCommand.named(first) else { return [] }
        if let previous = typed.last, previous == "--owner" { return matches(people(), word) }
        if let previous = typed.last, previous == "--due" { return matches(["next", "+1", "+2"] + sprints(), word) }
        if let previous = typed.last, previous == "--format" { return matches(MinutesFormat.allCases.map(\.rawValue), word) }
        if word.hasPrefix("--") { return matches(Array(ParsedLine.valued.union(ParsedLine.boolean)).sorted(), word) }
        switch command.completion {
        case .none: return []
        case .command: return matches(ShellCommand.all.map(\.name), word)
        case .agreement: return matches(agreements() + incidents(), word)
        case .agreementOrField: return matches(agreements() + TermField.allCases.map { $0.rawValue + "=" }, word)
        case .action: return matches(actions(), word)
        case .person: return matches(people(), word)
        case .sprint: return matches(sprints(), word)
        case .step: return matches((1...Agenda.stepCount).map(String.init) + session.steps.flatMap { $0.items.map(\.subjectID) }, word)
        case .attendeesVerb: return typed.count == 1 ? matches(["add", "remove"], word) : matches(people(), word)
        }
    }

    func matches(_ candidates: [String], _ word: String) -> [String] {
        Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
    }

    func agreements() -> [String] { (try? session.store.read { try $0.agreements().map(\.id.rawValue) }) ?? [] }
    func incidents() -> [String] { (try? session.store.read { try $0.incidents().map(\.id) }) ?? [] }
    func actions() -> [String] { (try? session.store.read { try $0.actions().filter { $0.status == .open }.map(\.label) }) ?? [] }
    func sprints() -> [String] { (try? session.store.read { try $0.sprints().map(\.id.rawValue) }) ?? [] }
    func people() -> [String] {
        let owners = (try? session.store.read { try $0.actions().map(\.owner) }) ?? []
        return session.retro.attendees + [session.retro.facilitator].compactMap { $0 } + owners
    }
}

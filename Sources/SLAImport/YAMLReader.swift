import Foundation
import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// A YAML node with the file and line it came from, so every complaint can say `FILE:LINE:`.
struct YAMLValue {
    let node: Node
    let file: String

    var line: Int { node.mark?.line ?? 1 }

    /// The most nodes a document may expand to. Aliases share nodes, so a few lines can stand for billions of them
    /// ("billion laughs"); every reader walks the expanded tree, so it is bounded here.
    static let maxNodes = 1_000_000

    /// Refuses a document whose expanded tree has more than `maxNodes` nodes (stops counting there).
    static func checkSize(_ node: Node, file: String) throws(ImportError) {
        var budget = maxNodes
        var stack = [node]
        while let next = stack.popLast() {
            budget -= 1
            guard budget >= 0 else {
                throw .invalid(file: file, line: node.mark?.line ?? 1,
                               message: "the document expands to more than \(maxNodes) values (through YAML aliases?)")
            }
            switch next {
            case .scalar, .alias: break
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping): for (k, v) in mapping { stack.append(k); stack.append(v) }
            }
        }
    }

    /// Parses the single document of `text` (nil when the file holds no document).
    static func parse(_ text: String, file: String) throws(ImportError) -> YAMLValue? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLValue.describe(error, file: file, text: text)
        } catch {
            throw .unreadable(file: file, message: "not valid YAML: \(error)")
        }
        guard let node else { return nil }
        try checkSize(node, file: file)
        return YAMLValue(node: node, file: file)
    }

    /// Parses every `---` document of `text`; an error in any document refuses the whole file with that line.
    /// (Yams' `compose_all` sequence stops quietly at an error; reading the roots one by one does not.)
    static func parseAll(_ text: String, file: String) throws(ImportError) -> [YAMLValue] {
        var nodes: [Node] = []
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { nodes.append(node) }
        } catch let error as YamlError {
            throw YAMLValue.describe(error, file: file, text: text)
        } catch {
            throw .unreadable(file: file, message: "not valid YAML: \(error)")
        }
        for node in nodes { try checkSize(node, file: file) }
        return nodes.map { YAMLValue(node: $0, file: file) }
    }

    static func describe(_ error: YamlError, file: String, text: String? = nil) -> ImportError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .invalid(file: file, line: mark.line, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first of the repeated keys; name both lines, and the key, not the whole file.
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = context.mark.line
            if let key = duplicates.first, let text,
               let second = secondOccurrence(of: key, firstLine: first, column: context.mark.column, in: text) {
                return .invalid(file: file, line: second, message: "key \(names) appears twice in one mapping (first on line \(first))")
            }
            return .invalid(file: file, line: first, message: "key \(names) appears more than once in one mapping")
        case .reader(let problem, _, _, _):
            return .unreadable(file: file, message: "not valid YAML: \(problem)")
        default:
            return .unreadable(file: file, message: "not valid YAML: \(error)")
        }
    }

    /// The line of the next block-mapping key `key` at the indentation of the first one (1-based `column`), before the
    /// mapping ends; nil when not found (a flow mapping, a quoted or complex key).
    static func secondOccurrence(of key: String, firstLine: Int, column: Int, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard firstLine >= 1, firstLine < lines.count else { return nil }
        for index in firstLine..<lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            if indent < column - 1 || rest.hasPrefix("---") { return nil }
            if indent == column - 1, rest.hasPrefix("\(key):") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") { return index + 1 }
        }
        return nil
    }

    func fail(_ message: String) -> ImportError { .invalid(file: file, line: line, message: message) }

    /// True for `null`, `~` and an empty value.
    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar's text; `what` names the value in the error.
    func string(_ what: String) throws(ImportError) -> String {
        guard case .scalar(let scalar) = node else { throw fail("\(what) must be a single value, not a list or mapping") }
        return scalar.string
    }

    /// The items of a sequence.
    func sequence(_ what: String) throws(ImportError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw fail("\(what) must be a list") }
        return sequence.map { YAMLValue(node: $0, file: file) }
    }

    /// A list of strings; a single scalar counts as a list of one.
    func strings(_ what: String) throws(ImportError) -> [String] {
        if case .scalar = node { return isNull ? [] : [try string(what)] }
        return try sequence(what).map { item throws(ImportError) in try item.string(what) }
    }

    /// The text under `key` when this is a mapping holding it as a scalar, without checking anything else.
    func peek(_ key: String) -> String? {
        guard case .mapping(let mapping) = node else { return nil }
        for (k, v) in mapping where k.scalar?.string == key { return v.scalar?.string }
        return nil
    }

    /// The entries of a mapping, checked against the allowed keys (unknown or repeated keys are errors).
    func mapping(_ what: String, allowed: [String]) throws(ImportError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw fail("\(what) must be a mapping of keys to values") }
        var entries: [String: (key: YAMLValue, value: YAMLValue)] = [:]
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, file: file)
            let name = try key.string("a key")
            guard allowed.contains(name) else {
                throw key.fail("unknown key '\(name)' in \(what)" + Suggest.hint(for: name, among: allowed, otherwise: " (expected one of: \(allowed.joined(separator: ", ")))"))
            }
            guard entries[name] == nil else { throw key.fail("key '\(name)' appears twice in \(what)") }
            entries[name] = (key, YAMLValue(node: valueNode, file: file))
        }
        return YAMLMapping(owner: self, what: what, entries: entries)
    }
}

/// A mapping whose keys were checked; lookups throw with the right line when a value is missing or bad.
struct YAMLMapping {
    let owner: YAMLValue
    let what: String
    let entries: [String: (key: YAMLValue, value: YAMLValue)]

    var line: Int { owner.line }

    /// The value of `key`, nil when absent or null.
    subscript(key: String) -> YAMLValue? {
        guard let entry = entries[key], !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The value of a required key.
    func required(_ key: String) throws(ImportError) -> YAMLValue {
        guard let value = self[key] else { throw owner.fail("\(what) is missing the required key '\(key)'") }
        return value
    }

    /// The text of an optional key.
    func string(_ key: String) throws(ImportError) -> String? {
        try self[key].map { value throws(ImportError) in try value.string("'\(key)'") }
    }

    /// The text of a required key.
    func requiredString(_ key: String) throws(ImportError) -> String {
        try required(key).string("'\(key)'")
    }

    /// Parses an optional key's text with `parse`; a nil result is reported as `problem(text)` at the value's line.
    func parsed<T>(_ key: String, _ parse: (String) -> T?, problem: (String) -> String) throws(ImportError) -> T? {
        guard let value = self[key] else { return nil }
        let text = try value.string("'\(key)'")
        guard let result = parse(text) else { throw value.fail(problem(text)) }
        return result
    }
}

import Yams
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// The allowed structure of a YAML document from another standard: unknown fields are refused with their path.
indirect enum YAMLShape: Sendable {
    case scalar
    case any
    case list(YAMLShape)
    case map([String: YAMLShape])

    /// Checks `value` against the shape; `path` is the dotted path shown in errors (`spec.objectives[0].tagret`).
    func check(_ value: YAMLValue, path: String) throws(ImportError) {
        switch self {
        case .any: return
        case .scalar:
            guard case .scalar = value.node else { throw value.fail("\(path): expected a single value") }
        case .list(let item):
            guard case .sequence(let sequence) = value.node else { throw value.fail("\(path): expected a list") }
            for (i, node) in sequence.enumerated() { try item.check(YAMLValue(node: node, file: value.file), path: "\(path)[\(i)]") }
        case .map(let fields):
            guard case .mapping(let mapping) = value.node else { throw value.fail("\(path): expected a mapping") }
            for (keyNode, valueNode) in mapping {
                let key = YAMLValue(node: keyNode, file: value.file)
                let name = try key.string("a key")
                let here = path.isEmpty ? name : "\(path).\(name)"
                guard let shape = fields[name] else {
                    throw key.fail("unknown field '\(name)' at \(here)" + Suggest.hint(for: name, among: Array(fields.keys).sorted()))
                }
                try shape.check(YAMLValue(node: valueNode, file: value.file), path: here)
            }
        }
    }
}

extension YAMLValue {
    /// The value at a dotted path of mapping keys, nil when absent.
    subscript(path: String) -> YAMLValue? {
        var current = self
        for key in path.split(separator: ".") {
            guard case .mapping(let mapping) = current.node, let next = mapping[Node(String(key))] else { return nil }
            current = YAMLValue(node: next, file: file)
        }
        return current.isNull ? nil : current
    }

    /// The scalar text at a path, nil when absent or not a scalar.
    func text(_ path: String) -> String? {
        guard let value = self[path], case .scalar(let scalar) = value.node else { return nil }
        return scalar.string
    }

    /// The items of the list at a path (empty when absent).
    func items(_ path: String) -> [YAMLValue] {
        guard let value = self[path], case .sequence(let sequence) = value.node else { return [] }
        return sequence.map { YAMLValue(node: $0, file: file) }
    }
}

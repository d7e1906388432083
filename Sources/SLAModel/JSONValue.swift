import Foundation

/// A JSON value whose object keys keep the order they were built in, so output is byte-for-byte stable.
package indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// `.string` or `.null`.
    package static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// Pretty-printed with two-space indentation and a final newline.
    package func rendered() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out + "\n"
    }

    func write(to out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d): out += d.isFinite ? Formatting.number(d, maxDecimals: 6) : "null"
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += end + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                out += pad + JSONValue.quote(key) + ": "
                value.write(to: &out, indent: indent + 1)
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            out += end + "}"
        }
    }

    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension JSONValue {
    /// One line, no spaces: the stored form.
    package func compact() -> String {
        switch self {
        case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { JSONValue.quote($0.0) + ":" + $0.1.compact() }.joined(separator: ",") + "}"
        default:
            var out = ""
            write(to: &out, indent: 0)
            return out
        }
    }

    /// Parses JSON text (keys keep their order); nil when malformed.
    package static func parse(_ text: String) -> JSONValue? {
        var parser = JSONParser(bytes: Array(text.utf8))
        return parser.value()
    }

    package subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    package var string: String? { if case .string(let s) = self { return s } else { return nil } }
    package var strings: [String]? { if case .array(let items) = self { return items.compactMap(\.string) } else { return nil } }
    package var pairs: [(String, JSONValue)]? { if case .object(let pairs) = self { return pairs } else { return nil } }
    package var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }
}

/// A small JSON reader that keeps object key order (Foundation's does not), for stored evidence.
struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skip() { while i < bytes.count, [32, 9, 10, 13].contains(bytes[i]) { i += 1 } }

    mutating func value() -> JSONValue? {
        skip()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case 123:
            i += 1
            var pairs: [(String, JSONValue)] = []
            skip()
            if i < bytes.count, bytes[i] == 125 { i += 1; return .object(pairs) }
            while true {
                skip()
                guard case .string(let key)? = value() else { return nil }
                skip()
                guard i < bytes.count, bytes[i] == 58 else { return nil }
                i += 1
                guard let v = value() else { return nil }
                pairs.append((key, v))
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == 44 { i += 1; continue }
                if bytes[i] == 125 { i += 1; return .object(pairs) }
                return nil
            }
        case 91:
            i += 1
            var items: [JSONValue] = []
            skip()
            if i < bytes.count, bytes[i] == 93 { i += 1; return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == 44 { i += 1; continue }
                if bytes[i] == 93 { i += 1; return .array(items) }
                return nil
            }
        case 34:
            i += 1
            var out: [UInt8] = []
            while i < bytes.count, bytes[i] != 34 {
                if bytes[i] == 92, i + 1 < bytes.count {
                    i += 1
                    switch bytes[i] {
                    case 110: out.append(10)
                    case 116: out.append(9)
                    case 114: out.append(13)
                    case 117:
                        guard i + 4 < bytes.count, let code = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { return nil }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 4
                    default: out.append(bytes[i])
                    }
                } else { out.append(bytes[i]) }
                i += 1
            }
            guard i < bytes.count else { return nil }
            i += 1
            return .string(String(decoding: out, as: UTF8.self))
        case 116: i += 4; return .bool(true)
        case 102: i += 5; return .bool(false)
        case 110: i += 4; return .null
        default:
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let int = Int(text) { return .int(int) }
            return Double(text).map(JSONValue.number)
        }
    }
}

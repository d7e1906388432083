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

    /// Parses JSON text (keys keep their order); nil when malformed (see `parseChecked` for why).
    package static func parse(_ text: String) -> JSONValue? {
        try? parseChecked(text).get()
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

/// Why JSON text was refused, with the line it was found on (1-based).
package struct JSONParseError: Error, Equatable, CustomStringConvertible {
    package let line: Int
    package let message: String
    package var description: String { "line \(line): \(message)" }
}

extension JSONValue {
    /// Parses JSON text, saying why and where it is refused: malformed text, nesting deeper than
    /// `JSONParser.maxDepth`, a key repeated in one object, a number that is not finite.
    package static func parseChecked(_ text: String) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes: Array(text.utf8))
        guard let value = parser.value() else { return .failure(parser.error()) }
        parser.skip()
        guard parser.i == parser.bytes.count else {
            parser.problem = parser.problem ?? "unexpected text after the JSON value"
            return .failure(parser.error())
        }
        return .success(value)
    }
}

/// A small JSON reader that keeps object key order (Foundation's does not), for stored evidence and imports.
///
/// Iterative limits keep hostile input harmless: nesting is at most `maxDepth` deep (no stack overflow),
/// a key may appear once per object, literals are checked byte by byte, numbers must be finite.
struct JSONParser {
    static let maxDepth = 256
    let bytes: [UInt8]
    var i = 0
    var depth = 0
    var problem: String?

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skip() { while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 } }

    func error() -> JSONParseError {
        let upTo = min(i, bytes.count)
        let line = 1 + bytes[..<upTo].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        return JSONParseError(line: line, message: problem ?? (i >= bytes.count ? "the JSON text ends too early" : unexpected()))
    }

    /// What stands where a JSON value was expected (the byte at `i`), e.g. `unexpected '#' where a value should start`.
    func unexpected() -> String {
        guard i < bytes.count else { return "the JSON text ends too early" }
        let byte = bytes[i]
        let shown = (32..<127).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
        return "unexpected \(shown) where a value should start"
    }

    mutating func fail(_ message: String) -> JSONValue? {
        if problem == nil { problem = message }
        return nil
    }

    mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return fail("expected `\(word)`") }
        i += w.count
        return value
    }

    mutating func value() -> JSONValue? {
        skip()
        guard i < bytes.count else { return fail("the JSON text ends too early") }
        switch bytes[i] {
        case 123:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { return fail("nested more than \(Self.maxDepth) levels deep") }
            i += 1
            var pairs: [(String, JSONValue)] = []
            var keys = Set<String>()
            skip()
            if i < bytes.count, bytes[i] == 125 { i += 1; return .object(pairs) }
            while true {
                skip()
                guard i < bytes.count, bytes[i] == 34 else { return fail("expected a key in quotes") }
                guard case .string(let key)? = value() else { return nil }
                guard keys.insert(key).inserted else { return fail("key '\(key)' appears twice in one object") }
                skip()
                guard i < bytes.count, bytes[i] == 58 else { return fail("expected ':' after a key") }
                i += 1
                guard let v = value() else { return nil }
                pairs.append((key, v))
                skip()
                guard i < bytes.count else { return fail("the JSON text ends too early") }
                if bytes[i] == 44 { i += 1; continue }
                if bytes[i] == 125 { i += 1; return .object(pairs) }
                return fail("expected ',' or '}'")
            }
        case 91:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { return fail("nested more than \(Self.maxDepth) levels deep") }
            i += 1
            var items: [JSONValue] = []
            skip()
            if i < bytes.count, bytes[i] == 93 { i += 1; return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skip()
                guard i < bytes.count else { return fail("the JSON text ends too early") }
                if bytes[i] == 44 { i += 1; continue }
                if bytes[i] == 93 { i += 1; return .array(items) }
                return fail("expected ',' or ']'")
            }
        case 34:
            i += 1
            var out: [UInt8] = []
            while i < bytes.count, bytes[i] != 34 {
                if bytes[i] == 92 {
                    guard i + 1 < bytes.count else { return fail("the JSON text ends too early") }
                    i += 1
                    switch bytes[i] {
                    case 110: out.append(10)
                    case 116: out.append(9)
                    case 114: out.append(13)
                    case 98: out.append(8)
                    case 102: out.append(12)
                    case 34, 92, 47: out.append(bytes[i])
                    case 117:
                        guard i + 4 < bytes.count, let code = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { return fail("bad \\u escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 4
                    default: return fail("bad escape in a string")
                    }
                } else { out.append(bytes[i]) }
                i += 1
            }
            guard i < bytes.count else { return fail("a string is not closed") }
            i += 1
            return .string(String(decoding: out, as: UTF8.self))
        case 116: return literal("true", .bool(true))
        case 102: return literal("false", .bool(false))
        case 110: return literal("null", .null)
        default:
            let start = i
            while i < bytes.count, i - start < 400, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            guard i > start else { return fail(unexpected()) }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let int = Int(text) { return .int(int) }
            guard let number = Double(text) else { return fail("bad number '\(text)'") }
            guard number.isFinite else { return fail("number '\(text)' is too large") }
            return .number(number)
        }
    }
}

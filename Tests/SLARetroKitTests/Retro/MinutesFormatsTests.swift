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

/// The minutes in md, json and html from one view model: the demo's are byte-stable, the JSON validates
/// against docs/minutes.schema.json, and hostile strings are escaped in every format.
@Suite("minutes formats")
struct MinutesFormatsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let clock = Clock(now: Demo.defaultNow)

    /// The demo retro, run to its end, and its minutes.
    static func demoMinutes() throws -> Minutes {
        let store = try Fixture.demoStore()
        let session = try Demo.startRetro(store, clock: clock)
        session.folder = FileManager.default.temporaryDirectory.path
        var source = ScriptLines(DemoRetroFile.text.replacingOccurrences(of: "\nfinish", with: "\nfinish --output minutes-\(UUID().uuidString).md"))
        var errors = ""
        let code = ShellLoop(script: true).run(session, source: &source, out: { _ in }, err: { errors += $0 })
        #expect(code == 0, "\(errors)")
        return try Agenda.minutes(retro: session.retro.id, store: store)
    }

    /// The demo minutes, built once for the tests that only read them (building the demo is the slow part).
    static let shared = Result { try demoMinutes() }

    static func compare(_ actual: String, with name: String) throws {
        let url = root.appendingPathComponent("sessions/demo").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SLARETRO_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); review the diff and run again without SLARETRO_RECORD")
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if expected != actual { try actual.write(to: url.appendingPathExtension("actual"), atomically: true, encoding: .utf8) }
        #expect(expected == actual, "\(name) differs; see \(url.path).actual")
    }

    @Test("the demo's minutes in md, json and html are the files in sessions/demo, byte for byte, and the same twice")
    func demoFiles() throws {
        let minutes = try Self.shared.get()
        let again = try Self.demoMinutes()
        for format in MinutesFormat.allCases {
            #expect(MinutesViews.render(minutes, format: format) == MinutesViews.render(again, format: format))
        }
        try Self.compare(MinutesViews.render(minutes, format: .md), with: "retro.minutes-2026-S23.md")
        try Self.compare(MinutesViews.render(minutes, format: .json), with: "retro.minutes-2026-S23.json")
        try Self.compare(MinutesViews.render(minutes, format: .html), with: "retro.minutes-2026-S23.html")
    }

    @Test("the JSON minutes validate against docs/minutes.schema.json, and a broken document does not")
    func schema() throws {
        let schemaText = try String(contentsOf: Self.root.appendingPathComponent("docs/minutes.schema.json"), encoding: .utf8)
        let schema = try #require(JSONValue.parse(schemaText))
        let minutes = try Self.shared.get()
        let document = try #require(JSONValue.parse(MinutesViews.render(minutes, format: .json)))
        let validator = SchemaValidator(root: schema)
        #expect(validator.errors(document) == [])
        guard case .object(var pairs) = document else { Issue.record("not an object"); return }
        pairs[0] = ("schema", .string("slaretro.minutes/v0"))
        pairs.append(("surprise", .bool(true)))
        let errors = validator.errors(.object(pairs))
        #expect(errors.contains { $0.contains("/schema") } && errors.contains { $0.contains("surprise") })
    }

    @Test("unknown formats are an error")
    func unknownFormat() {
        #expect(throws: MinutesFormatError.unknown("pdf")) { try MinutesFormat.parse("pdf") }
        #expect((try? MinutesFormat.parse(nil)) == .md)
    }

    @Test("notes, reasons and titles with <script>, |, backticks, newlines and escape sequences are escaped in every format")
    func hostile() throws {
        let store = try Fixture.demoStore()
        let session = try Demo.startRetro(store, clock: Self.clock)
        let hostile = "<script>alert(1)</script> | `rm -rf` ```\nsecond line \u{1B}[2J\u{1B}]0;owned\u{07} & \"q\" 'a'"
        let quoted = hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        _ = try session.execute("goto INC-41")
        _ = try session.execute("note \"\(quoted)\"")
        _ = try session.execute("accept-risk --reason \"\(quoted)\"")
        _ = try session.execute("action \"\(quoted)\" --owner ana")
        let minutes = try Agenda.minutes(retro: session.retro.id, store: store)

        let md = MinutesViews.render(minutes, format: .md)
        #expect(!md.contains("<script>") && md.contains("&lt;script&gt;"))
        #expect(!md.contains("\u{1B}") && !md.contains("\u{07}"))
        #expect(!md.contains("| `rm") && md.contains("\\| \\`rm -rf\\`"))
        #expect(!md.contains("```\nsecond line"), "a note's newline does not break out of its list item")

        let html = MinutesViews.render(minutes, format: .html)
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("\u{1B}") && !html.contains("\u{07}") && html.contains("&quot;q&quot; &#39;a&#39;"))

        let json = MinutesViews.render(minutes, format: .json)
        #expect(!json.contains("\u{1B}") && json.contains("\\u001b"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect((parsed["decisions"] as! [[String: Any]]).contains { $0["reason"] as? String == hostile }, "JSON keeps the text exactly")

        let wrap = try session.execute("goto 8")
        #expect(!wrap.contains("\u{1B}"))
    }

    @Test("an HTML chart per breached agreement and per team, no scripts, no external references")
    func htmlSelfContained() throws {
        let html = MinutesViews.render(try Self.shared.get(), format: .html)
        #expect(html.contains("<svg") && html.contains("compliance over the last") && html.contains("active users over the last"))
        #expect(!html.contains("<script"))
        for external in ["src=", "href=", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        #expect(html.contains("@page { size: A4"))
    }
}

/// A validator for the subset of JSON Schema that docs/minutes.schema.json uses: type, const, enum,
/// properties, required, additionalProperties: false, items, minimum, maximum, pattern and local $ref.
/// It reads documents as `JSONValue`, which keeps booleans, integers and numbers apart.
struct SchemaValidator {
    let root: JSONValue

    func errors(_ value: JSONValue, schema: JSONValue? = nil, path: String = "") -> [String] {
        guard var s = (schema ?? root).pairs.map({ Dictionary($0, uniquingKeysWith: { a, _ in a }) }) else { return ["\(path): schema is not an object"] }
        if let ref = s["$ref"]?.string {
            guard ref.hasPrefix("#/") else { return ["\(path): only local $ref"] }
            var target: JSONValue? = root
            for part in ref.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
            guard let resolved = target?.pairs else { return ["\(path): unresolved \(ref)"] }
            s = Dictionary(resolved, uniquingKeysWith: { a, _ in a })
        }
        var out: [String] = []
        if let c = s["const"], c != value { out.append("\(path): expected \(c.compact())") }
        if case .array(let options)? = s["enum"], !options.contains(value) { out.append("\(path): \(value.compact()) not in enum") }
        if let t = s["type"] {
            let types = t.strings ?? [t.string ?? ""]
            if !types.contains(where: { matches($0, value) }) { out.append("\(path): expected \(types.joined(separator: "|")), got \(value.compact())") }
        }
        if let n = number(value) {
            if let min = s["minimum"].flatMap(number), n < min { out.append("\(path): \(n) < \(min)") }
            if let max = s["maximum"].flatMap(number), n > max { out.append("\(path): \(n) > \(max)") }
        }
        if let p = s["pattern"]?.string, let text = value.string, text.range(of: p, options: .regularExpression) == nil {
            out.append("\(path): '\(text)' does not match \(p)")
        }
        if case .object(let pairs) = value {
            let properties = Dictionary(s["properties"]?.pairs ?? [], uniquingKeysWith: { a, _ in a })
            let keys = Set(pairs.map(\.0))
            for key in s["required"]?.strings ?? [] where !keys.contains(key) { out.append("\(path)/\(key): required") }
            for (key, item) in pairs {
                if let sub = properties[key] { out += errors(item, schema: sub, path: "\(path)/\(key)") }
                else if case .bool(false)? = s["additionalProperties"] { out.append("\(path)/\(key): not allowed") }
            }
        }
        if case .array(let array) = value, let items = s["items"] {
            for (i, item) in array.enumerated() { out += errors(item, schema: items, path: "\(path)/\(i)") }
        }
        return out
    }

    func number(_ v: JSONValue) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    func matches(_ type: String, _ v: JSONValue) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("integer", .int): return true
        case ("integer", .number(let d)): return d == d.rounded()
        case ("number", .int), ("number", .number): return true
        default: return false
        }
    }
}

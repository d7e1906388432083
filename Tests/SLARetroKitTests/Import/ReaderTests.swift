import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import SLAModel
@testable import SLAStore
@testable import SLAEvaluate
@testable import SLALedger
@testable import SLAImport

/// The readers every importer shares: what they accept from real exports and what they refuse, in one line.
@Suite("readers")
struct ReaderTests {
    static func bytesFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    static func records(_ path: String) throws -> [(Int, [String])] {
        let reader = try LineReader(path: path)
        var out: [(Int, [String])] = []
        while let fields = reader.next({ CSVLine.fields($0) }) { out.append((reader.lineNumber, fields ?? ["<unclosed>"])) }
        return out
    }

    static func refusal(_ body: () throws -> Void) -> String {
        do { try body(); return "accepted" } catch { return "\(error)" }
    }

    @Test("a CSV export with a byte-order mark, CRLF line ends and a quoted field holding a line break reads as written")
    func realExports() throws {
        let path = try Self.bytesFile("x.csv", [0xEF, 0xBB, 0xBF] + Array("a,b,note\r\n1,2,\"late load;\r\nrerun at 08:40\"\r\n3,\"x \"\"y\"\"\",ok\r\n".utf8))
        let rows = try Self.records(path)
        #expect(rows.map(\.0) == [1, 2, 4], "a record is numbered by the line it starts on")
        #expect(rows.map(\.1) == [["a", "b", "note"], ["1", "2", "late load;\nrerun at 08:40"], ["3", "x \"y\"", "ok"]])
    }

    @Test("a column named twice in the header is refused at line 1")
    func duplicateHeader() throws {
        let path = try Self.bytesFile("d.csv", Array("agreement,value,Value\n".utf8))
        #expect(Self.refusal { _ = try LineReader(path: path) } == "\(path):1: column 'value' appears twice in the header")
    }

    @Test("bytes that are not UTF-8 are refused naming their line, in CSV and in files read whole")
    func invalidUTF8() throws {
        let csv = try Self.bytesFile("l.csv", Array("a,b\nok,1\ncaf".utf8) + [0xE9] + Array(",2\n".utf8))
        #expect(Self.refusal { _ = try LineReader(path: csv) } == "\(csv):3: not UTF-8 text (byte 0xE9); save the export as UTF-8")
        let yaml = try Self.bytesFile("l.yaml", Array("a: 1\nb: caf".utf8) + [0xE9, 10])
        #expect(Self.refusal { _ = try InputFile.read(yaml) }.hasPrefix("\(yaml):2: not UTF-8 text"))
        let cut = try Self.bytesFile("cut.csv", Array("a\n".utf8) + [0xE2, 0x82])
        #expect(Self.refusal { _ = try LineReader(path: cut) }.contains("ends inside a character"))
    }

    @Test("a line longer than the limit, and a quote never closed, are refused with their line; memory stays bounded")
    func limits() throws {
        let long = try Self.bytesFile("long.csv", Array("a,b\n".utf8) + [UInt8](repeating: 97, count: InputLimits.maxLineBytes + 1) + [10])
        #expect(Self.refusal { _ = try LineReader(path: long) } == "\(long):2: the line is longer than 1 MiB, the limit for one line")
        let open = try Self.bytesFile("open.csv", Array("a,b\n1,\"never closed\n2,3\n".utf8))
        #expect(Self.refusal { _ = try LineReader(path: open) } == "\(open):2: a quote is not closed")
        // JSON Lines have no CSV quoting: a quote inside a line is not a field.
        let jsonl = try Self.bytesFile("x.jsonl", Array("{\"a\": \"x\\\"\"}\n{\"a\": 1}\n".utf8))
        let reader = try LineReader(path: jsonl)
        var lines = 0
        while reader.next({ _ in true }) != nil { lines += 1 }
        #expect(lines == 2)
    }

    @Test("folders, FIFOs and devices are refused at once instead of blocking or reading without end")
    func notRegularFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slaretro-dir-\(UUID().uuidString).csv")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(Self.refusal { _ = try LineReader(path: dir.path) } == "\(dir.path): is a folder, not a file")
        #expect(Self.refusal { _ = try InputFile.read(dir.path) } == "\(dir.path): is a folder, not a file")
        let fifo = dir.appendingPathComponent("f.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(Self.refusal { _ = try LineReader(path: fifo) }.hasSuffix("is not a regular file (a pipe, device or socket); save the export to a file first"))
        #expect(Self.refusal { _ = try InputFile.read(fifo) }.hasSuffix("is not a regular file (a pipe, device or socket); save the export to a file first"))
        #expect(Self.refusal { _ = try LineReader(path: "/dev/zero") }.hasSuffix("is not a regular file (a pipe, device or socket); save the export to a file first"))
        #expect(Self.refusal { _ = try UsageImport(clock: Fixture.now).importFile(dir.path, into: try Store.inMemory()) } == "\(dir.path): is a folder, not a file")
    }

    @Test("files read whole drop a BOM and turn CRLF into LF")
    func wholeFiles() throws {
        let path = try Self.bytesFile("p.md", [0xEF, 0xBB, 0xBF] + Array("# Title\r\n\r\nbody\r\n".utf8))
        #expect(try InputFile.read(path).text == "# Title\n\nbody\n")
    }

    @Test("the streaming SHA-256 agrees with the one-shot one at every block boundary")
    func streamingHash() {
        for count in [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 70_000] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var hasher = StreamingSHA256()
            var i = 0
            while i < bytes.count {
                let n = min(37, bytes.count - i)
                bytes[i..<i + n].withUnsafeBufferPointer { hasher.update($0) }
                i += n
            }
            #expect(hasher.finish() == SHA256.hex(bytes), "\(count) bytes")
        }
    }

    @Test("YAML: an error in any document of a multi-document file refuses the file with the document's line; a repeated key names its line")
    func yamlDocuments() throws {
        let text = "a: 1\n---\nb: {c: [1\n---\nd: 2\n"
        #expect(Self.refusal { _ = try YAMLValue.parseAll(text, file: "m.yaml") }.hasPrefix("m.yaml:"))
        #expect(Self.refusal { _ = try YAMLValue.parseAll("a: 1\n---\nb: \"open\n", file: "t.yaml") }.hasPrefix("t.yaml:"))
        let duplicate = Self.refusal { _ = try YAMLValue.parse("x: 1\nmetadata:\n  name: a\n  name: b\n", file: "d.yaml") }
        #expect(duplicate == "d.yaml:4: key 'name' appears twice in one mapping (first on line 3)", "\(duplicate)")
        #expect(!duplicate.contains("\n"))
    }
}

/// Numbers, durations, JSON and times from files: range-checked in one place, never trapping.
@Suite("values")
struct ValueTests {
    @Test("durations: overflow, infinity, negatives and more than ten years are refused; the rest parse")
    func durations() {
        #expect(ValueParser.duration("9223372036854775807w") == nil)
        #expect(ValueParser.duration("99999999999999999999w") == nil)
        #expect(ValueParser.duration("1e300") == nil)
        #expect(ValueParser.duration("-5h") == nil)
        #expect(ValueParser.duration("3651d") == nil)
        #expect(ValueParser.duration("3650d") == Double(3650 * 86_400))
        #expect(ValueParser.duration("1h 30m") == 5400)
        #expect(ValueParser.duration(String(repeating: "9", count: 400)) == nil)
        #expect(ValueParser.duration(1e300, unitSeconds: 86_400) == nil)
        #expect(ValueParser.duration(-5, unitSeconds: 3600) == nil)
        #expect(ValueParser.wholeSeconds(.infinity) == nil && ValueParser.wholeSeconds(.nan) == nil && ValueParser.wholeSeconds(90.4) == 90)
    }

    @Test("targets lie strictly between 0 and 1; counts are whole numbers that fit")
    func targetsAndCounts() {
        #expect(ValueParser.target("95%") == 0.95)
        #expect(ValueParser.target("100%") == nil && ValueParser.target("0") == nil && ValueParser.target("2") == nil)
        #expect(ValueParser.checkedTarget(2) == nil && ValueParser.checkedTarget(.nan) == nil)
        #expect(ValueParser.count("12") == 12 && ValueParser.count("-1") == nil && ValueParser.count("1.5") == nil)
        #expect(ValueParser.count("99999999999999999999") == nil && ValueParser.count(1e300) == nil && ValueParser.count(3.0) == 3)
    }

    @Test("formatting a duration never traps, whatever the value")
    func formatting() {
        #expect(Formatting.duration(.infinity) == "∞")
        #expect(Formatting.duration(.nan) == "?")
        #expect(Formatting.duration(1e300).hasSuffix("d"))
        #expect(Formatting.duration(-86_400) == "-1d")
        #expect(Formatting.duration(5400) == "1h 30m")
        #expect(Timestamp.format(.infinity) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.format(-.infinity) == "0001-01-01T00:00:00Z")
    }

    @Test("JSON: nesting past the limit, repeated keys, bad literals and infinite numbers are refused with a line")
    func json() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONValue.parse(deep) == nil)
        guard case .failure(let error) = JSONValue.parseChecked(deep) else { Issue.record("accepted"); return }
        #expect(error.message.contains("nested more than"))
        guard case .failure(let dup) = JSONValue.parseChecked("{\n\"a\": 1,\n\"a\": 2}") else { Issue.record("accepted"); return }
        #expect(dup == JSONParseError(line: 3, message: "key 'a' appears twice in one object"))
        #expect(JSONValue.parse("[tru]") == nil && JSONValue.parse("[nul]") == nil && JSONValue.parse("1e400") == nil)
        #expect(JSONValue.parse("{\"a\": [1, 2.5, null, true]}") != nil)
    }

    @Test("a usage time without a zone is UTC (README); with a zone it is converted")
    func zoneless() {
        #expect(Timestamp.parseAssumingUTC("2026-11-20 08:55:00") == Timestamp.parse("2026-11-20T08:55:00Z"))
        #expect(Timestamp.parseAssumingUTC("2026-11-20 09:15:03 UTC") == Timestamp.parse("2026-11-20T09:15:03Z"))
        #expect(Timestamp.parse("2026-11-20 08:55:00") == nil, "observations still need their zone")
    }

    @Test("an incident acknowledged or resolved before it was detected has a time problem")
    func incidentTimes() {
        let detected = Date(timeIntervalSince1970: 1_000_000)
        let early = Incident(id: "I", title: "t", severity: 2, detectedAt: detected, acknowledgedAt: detected.addingTimeInterval(-60), source: "s")
        #expect(early.timeProblem?.hasPrefix("acknowledged") == true)
        let fine = Incident(id: "I", title: "t", severity: 2, detectedAt: detected, acknowledgedAt: detected.addingTimeInterval(60),
                            resolvedAt: detected.addingTimeInterval(600), source: "s")
        #expect(fine.timeProblem == nil)
    }
}

/// The source itself: no trapping shortcuts on input-derived values in the model and the importers.
@Suite("source hygiene")
struct SourceHygieneTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `Int(` calls reviewed as safe (a failable parse of text, or a value already range-checked); keyed by file and call.
    static let reviewed: Set<String> = [
        "Formatting.swift: Int(seconds)",            // guarded: finite, 0…10 × maxDurationSeconds
        "ValueParser.swift: Int(trimmed)",            // failable String parse
        "ValueParser.swift: Int(parts[0])", "ValueParser.swift: Int(parts[1])",
        "JSONValue.swift: Int(text)",                // failable String parse
        "LocalDate.swift: Int(b - 48)",               // a byte checked to be a digit
        "ValueParser.swift: Int(text)",               // failable String parse
        "LocalDate.swift: Int((other.start(in: utc).timeIntervalSince(start(in: utc)) / 86_400).rounded())",  // two valid dates
        "Objective.swift: Int(threshold)",           // delivered_by minutes from clockTime, 0…1439
        "TermField.swift: Int(value)", "Terms.swift: Int(text.dropLast())", "Terms.swift: Int(words[2])",
        "Timestamp.swift: Int(c - 48)", "Timestamp.swift: Int(clamped.rounded(.down))",  // clamped to years 1…9999
        "ByteTable.swift: Int(entry)", "ByteTable.swift: Int32(e)",   // table indices, bounded by the 2-million-user check
        "UsageNames.swift: Int32(i)", "UsageNames.swift: Int32($0.offset)", "UsageNames.swift: Int32(e)",
        "UsageNames.swift: Int32(users.insert(name, value: -1))",
        // The packed keys handed to the spill as SQLite integers: a bit-for-bit reinterpretation, never a trap.
        "UsageAggregator.swift: Int64(bitPattern: key)", "UsageAggregator.swift: Int64(bitPattern: Self.packUserDay(day: day, team: team, user: user))",
        "UsageAggregator.swift: Int64(bitPattern: FirstReadTracker.tableOrder($0.key))",
        "InputFile.swift: Int(info.st_size)",
        "ODCSImport.swift: Int($0)", "ODCSImport.swift: Int(digits[1])",
        "OpenSLOImport.swift: Int(duration.dropLast())", "OpenSLOImport.swift: Int($0.dropLast())",  // failable parses
        "PostmortemDocument.swift: Int(try value.string(\"'severity'\"))", "PostmortemDocument.swift: Int(text[range])",
        "UsageCanonical.swift: Int(assetIndex)", "UsageCanonical.swift: Int(team)",
        "UsageCanonical.swift: Int((epoch / 86_400).rounded(.down))",  // epoch from Timestamp.parse: years 0…9999
        // First reads: indices bounded by the asset and team tables, zone offsets within ±1 day, minutes 0…1439, widening.
        "FirstReadTracker.swift: Int32(0)", "FirstReadTracker.swift: Int32(names.count)", "FirstReadTracker.swift: Int32(names.count - 1)",
        "FirstReadTracker.swift: Int(asset)", "FirstReadTracker.swift: Int(zone)", "FirstReadTracker.swift: Int64(offset)",
        "FirstReadTracker.swift: Int32(zones[Int(zone)].secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(hour * 3600))))",
        "FirstReadTracker.swift: Int16((local - day * 86_400) / 60)", "FirstReadTracker.swift: Int(day)",
        "RollupImport.swift: Int32($0.offset)",      // index into the catalog's assets or teams
        // Packed keys: bit patterns, a 22-bit day, a minute 0…1439 and day numbers widened (none can trap).
        "RollupImport.swift: Int64(bitPattern: key)", "RollupImport.swift: Int(read.key >> 42)",
        "RollupImport.swift: Int64(bitPattern: FirstReadTracker.tableOrder(read.key))", "RollupImport.swift: Int64(read.minute)",
        "UsageAggregator.swift: Int64(bits)", "UsageAggregator.swift: Int64(bitPattern: userDay)", "UsageAggregator.swift: Int64(bitPattern: $0)",
        "UsageAggregator.swift: Int64(bitPattern: reader.rollup)",
        "EventCounts.swift: Int64(good.rounded())", "EventCounts.swift: Int64(total.rounded())",  // guarded: finite, 0…1e12
        // Failable parses of text.
        "IncidentImport.swift: Int(text)", "SLOSupport.swift: Int(trimmed.dropLast())",
        "PostmortemTimeline.swift: Int(digits)", "PostmortemTimeline.swift: Int(yearDigits)", "PostmortemTimeline.swift: Int(hour)",
        "PostmortemTimeline.swift: Int(minute)", "PostmortemTimeline.swift: Int(rest.dropFirst().prefix(2))", "PostmortemTimeline.swift: Int(t)",
        "PostmortemTimeline.swift: Int(digits.prefix(while: { $0.isNumber }))",
    ]

    @Test("no try!, as! or unreviewed Int(…) conversion in Sources/SLAImport and Sources/SLAModel")
    func noTrappingShortcuts() throws {
        var problems: [String] = []
        for folder in ["Sources/SLAImport", "Sources/SLAModel"] {
            let dir = Self.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.components(separatedBy: "//").first ?? ""
                    if code.contains("try!") || code.contains(" as! ") { problems.append("\(folder)/\(name):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))") }
                    for call in Self.intCalls(code) where !Self.reviewed.contains("\(name): \(call)") {
                        problems.append("\(folder)/\(name):\(number + 1): \(call) — use ValueParser (or Int(exactly:)) or review it here")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The `Int(…)`/`Int64(…)`/`Int32(…)` calls on a line with balanced parentheses, except the non-trapping labelled ones.
    static func intCalls(_ code: String) -> [String] {
        var calls: [String] = []
        let chars = Array(code)
        var i = 0
        while i < chars.count {
            let before = i > 0 ? chars[i - 1] : " "
            if (before.isLetter || before.isNumber || before == "_" || before == ".") { i += 1; continue }
            var j = i
            guard j + 3 < chars.count, String(chars[j..<j + 3]) == "Int" else { i += 1; continue }
            j += 3
            while j < chars.count, chars[j].isNumber { j += 1 }
            guard j < chars.count, chars[j] == "(" else { i += 1; continue }
            var depth = 0, k = j
            while k < chars.count {
                if chars[k] == "(" { depth += 1 }
                if chars[k] == ")" { depth -= 1; if depth == 0 { break } }
                k += 1
            }
            let call = String(chars[i...min(k, chars.count - 1)])
            let inside = String(chars[(j + 1)..<min(k, chars.count)])
            if !(inside.hasPrefix("exactly:") || inside.hasPrefix("truncatingIfNeeded:") || inside.hasPrefix("clamping:") || inside.isEmpty) {
                calls.append(call)
            }
            i = k + 1
        }
        return calls
    }
}

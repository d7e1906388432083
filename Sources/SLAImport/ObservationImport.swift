import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// What an observations import did.
package struct ObservationReport: Sendable, Equatable {
    package var file: String
    package var rows = 0
    package var new = 0
    /// Rows already stored with the same value (a re-import).
    package var known = 0
    /// Rows whose agreement and time were stored with another value; the stored value is kept.
    package var conflicts = 0
    /// New observations per agreement.
    package var perAgreement: [AgreementID: Int] = [:]
}

/// Imports observations from CSV (`agreement,observed_at,value[,note]`) or JSON Lines.
///
/// Event-ratio agreements take counts: a `good/total` value (`998/1000`) or `good` and `total`
/// columns (keys in JSON Lines), with `value` then optional.
///
/// Streaming (one line in memory at a time), one transaction per file, idempotent on the natural
/// key (agreement, observed_at); any bad row refuses the whole file with `FILE:LINE:`.
package struct ObservationImport {
    package var clock: Clock

    package init(clock: Clock) { self.clock = clock }

    static let columns = ["agreement", "observed_at", "value", "note", "good", "total"]

    package func importFile(_ path: String, into store: Store) throws -> ObservationReport {
        let reader = try LineReader(path: path)
        let jsonLines = path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson")
        return try importRows(path, reader: reader, jsonLines: jsonLines, into: store)
    }

    func importRows(_ path: String, reader: LineReader, jsonLines: Bool, into store: Store) throws -> ObservationReport {
        try store.write { ctx in
            try ctx.recordImport(kind: "observations", file: path, sha256: "", at: clock.now, summary: "")
            let importID = ctx.lastInsertedRowID
            var sink = try ObservationSink(ctx: ctx, file: path, importID: importID)
            do {
                if jsonLines {
                    while let row = try reader.next({ try Self.jsonRow($0, file: path, line: reader.lineNumber) }) {
                        if let row { try sink.add(row.row, counts: row.counts, line: reader.lineNumber) }
                    }
                } else {
                    guard let header = reader.next({ CSVLine.fields($0) }) else {
                        throw ImportError.unreadable(file: path, message: "the file is empty (expected the header agreement,observed_at,value[,note])")
                    }
                    let order = try Self.columnOrder(header, file: path)
                    while let row = try reader.next({ try Self.csvRow($0, order: order, file: path, line: reader.lineNumber) }) {
                        if let row { try sink.add(row.row, counts: row.counts, line: reader.lineNumber) }
                    }
                }
            } catch let error as ImportError {
                throw sink.firstProblem(error)
            }
            try sink.finish(clock: clock)
            try ctx.completeImport(importID, summary: "\(sink.report.new) new, \(sink.report.known) known, \(sink.report.conflicts) conflicting")
            return sink.report
        }
    }

    package typealias Row = (agreement: String, observedAt: String, value: String, note: String?)
    /// A row with the `good` and `total` fields as written (nil when the file has none).
    package typealias CountedRow = (row: Row, counts: (good: String, total: String)?)

    static func columnOrder(_ header: [String]?, file: String) throws -> [Int] {
        guard let header = header?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ImportError.invalid(file: file, line: 1, message: "the header has an unclosed quote")
        }
        for name in header where !columns.contains(name) {
            throw ImportError.invalid(file: file, line: 1, message: "unknown column '\(name)'" + Suggest.hint(for: name, among: columns, otherwise: " (expected agreement,observed_at,value[,note])"))
        }
        let hasCounts = header.contains("good") || header.contains("total")
        if hasCounts {
            for name in ["good", "total"] where !header.contains(name) {
                throw ImportError.invalid(file: file, line: 1, message: "missing column '\(name)' (event counts need both good and total columns)")
            }
        }
        return try columns.map { name in
            guard let index = header.firstIndex(of: name) else {
                if name == "note" || name == "good" || name == "total" || (name == "value" && hasCounts) { return -1 }
                throw ImportError.invalid(file: file, line: 1, message: "missing column '\(name)' (expected the header agreement,observed_at,value[,note], or agreement,observed_at,good,total[,note] for event counts)")
            }
            return index
        }
    }

    static func csvRow(_ bytes: UnsafeBufferPointer<UInt8>, order: [Int], file: String, line: Int) throws -> CountedRow? {
        if bytes.isEmpty { return nil }
        guard let fields = CSVLine.fields(bytes) else { throw ImportError.invalid(file: file, line: line, message: "a quote is not closed") }
        let width = (order.max() ?? 0) + 1
        let maxWidth = order[4] >= 0 ? 6 : 4
        guard fields.count >= width, fields.count <= maxWidth else {
            throw ImportError.invalid(file: file, line: line, message: "expected \(order.filter { $0 >= 0 }.count) fields, found \(fields.count)")
        }
        func field(_ i: Int) -> String { order[i] >= 0 && order[i] < fields.count ? fields[order[i]] : "" }
        let note = field(3)
        let good = field(4), total = field(5)
        let counts: (good: String, total: String)? = good.isEmpty && total.isEmpty ? nil : (good, total)
        return ((field(0), field(1), field(2), note.isEmpty ? nil : note), counts)
    }

    static func jsonRow(_ bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int) throws -> CountedRow? {
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { return nil }
        // Our own parser: a repeated key is refused rather than silently taking the last value.
        let object: [(String, JSONValue)]
        switch JSONValue.parseChecked(String(decoding: bytes, as: UTF8.self)) {
        case .success(.object(let pairs)): object = pairs
        case .success: throw ImportError.invalid(file: file, line: line, message: "not a JSON object")
        case .failure(let error): throw ImportError.invalid(file: file, line: line, message: "not valid JSON: \(error.message)")
        }
        for (key, _) in object.sorted(by: { $0.0 < $1.0 }) where !columns.contains(key) {
            throw ImportError.invalid(file: file, line: line, message: "unknown key '\(key)'" + Suggest.hint(for: key, among: columns))
        }
        func text(_ key: String) throws -> String? {
            switch object.first(where: { $0.0 == key })?.1 {
            case nil: return nil
            case .null?:
                guard key == "note" else {
                    throw ImportError.invalid(file: file, line: line, message: "'\(key)' is null (leave the key out\(key == "value" ? ", or write \"missing\" for a delivery that never came" : ""))")
                }
                return nil
            case .string(let s)?: return s
            case .int(let n)?: return String(n)
            case .number(let d)?: return Formatting.number(d, maxDecimals: 15)
            default: throw ImportError.invalid(file: file, line: line, message: "'\(key)' must be a string or a number")
            }
        }
        guard let agreement = try text("agreement") else { throw ImportError.invalid(file: file, line: line, message: "missing key 'agreement'") }
        guard let observedAt = try text("observed_at") else { throw ImportError.invalid(file: file, line: line, message: "missing key 'observed_at'") }
        let good = try text("good"), total = try text("total")
        let counts: (good: String, total: String)? = good == nil && total == nil ? nil : (good ?? "", total ?? "")
        return ((agreement, observedAt, try text("value") ?? "", try text("note")), counts)
    }
}

/// The store side of an observations import: agreements cached, values checked, rows inserted.
package struct ObservationSink {
    let ctx: StoreContext
    let file: String
    let importID: Int64
    let staging: ObservationStaging
    var timelines: [String: RevisionTimeline] = [:]
    var report: ObservationReport

    package init(ctx: StoreContext, file: String, importID: Int64) throws {
        self.ctx = ctx
        self.file = file
        self.importID = importID
        staging = try ctx.observationStaging()
        report = ObservationReport(file: file)
    }

    /// Writes the checked rows into the store, settles what became of them, then judges the agreements that got new
    /// observations in every sprint up to their latest observation and keeps the judgements, in the import's
    /// transaction, so that `breaches` and the agenda read them instead of the observations. Called once, after the
    /// last `add`.
    package mutating func finish(clock: Clock) throws {
        let written = try staging.write(importID: importID)
        if written < staging.staged {
            // Not all new: a key repeated in the file (refused), or rows stored before (known or conflicting).
            if let repeated = try staging.repeatedKey(importID: importID) { throw duplicate(repeated) }
            report.new = 0
            report.perAgreement = [:]
            for outcome in try staging.outcomes(importID: importID) {
                report.new += outcome.new
                report.known += outcome.known
                report.conflicts += outcome.conflicts
                if outcome.new > 0 { report.perAgreement[AgreementID(outcome.agreement)] = outcome.new }
            }
        }
        try staging.clear()
        try Evidence.keepJudgements(of: Set(report.perAgreement.keys), clock: clock, in: ctx)
    }

    /// The first problem of the file when `error` stopped it: a key repeated on an earlier line than the error's
    /// comes first (a row-by-row import would have met it first), otherwise `error` itself.
    package func firstProblem(_ error: any Error) -> any Error {
        guard (try? staging.write(importID: importID)) != nil, let repeated = try? staging.repeatedKey(importID: importID) else {
            return error
        }
        return duplicate(repeated)
    }

    func duplicate(_ repeated: (line: Int, first: Int, agreement: String, observedAt: String)) -> ImportError {
        .duplicateObservation(file: file, line: repeated.line, agreement: repeated.agreement, observedAt: repeated.observedAt,
                              firstLine: repeated.first)
    }

    func fail(_ line: Int, _ message: String) -> ImportError { .invalid(file: file, line: line, message: message) }

    mutating func timeline(_ id: String, line: Int) throws -> RevisionTimeline {
        if let known = timelines[id] { return known }
        let revisions = try ctx.revisions(of: AgreementID(id))
        guard !revisions.isEmpty else {
            throw fail(line, "unknown agreement '\(id)'" + Suggest.hint(for: id, among: try ctx.agreements().map(\.id.rawValue)))
        }
        let timeline = RevisionTimeline(revisions)
        timelines[id] = timeline
        return timeline
    }

    package mutating func add(_ row: ObservationImport.Row, counts countFields: (good: String, total: String)? = nil, line: Int) throws {
        report.rows += 1
        var row = row
        let timeline = try timeline(row.agreement, line: line)
        guard let epoch = Timestamp.parse(row.observedAt) else {
            throw fail(line, "bad observed_at '\(row.observedAt)' (expected an ISO-8601 time with its zone, e.g. 2026-10-26T09:00:00Z)")
        }
        let metric = timeline.metric(at: epoch)
        var counts: EventCounts?
        if let countFields {
            guard metric.isEventRatio else {
                throw fail(line, "good/total counts given for \(row.agreement), whose objective (\(metric.rawValue)) judges one value per observation: put it in 'value'")
            }
            guard let parsed = EventCounts.parse(good: countFields.good, total: countFields.total) else {
                throw fail(line, "bad counts good '\(countFields.good)', total '\(countFields.total)' for \(row.agreement): expected \(EventCounts.expected)")
            }
            let trimmed = row.value.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, EventCounts.parse(trimmed) != parsed {
                throw fail(line, "value '\(row.value)' for \(row.agreement) disagrees with good \(countFields.good), total \(countFields.total)")
            }
            counts = parsed
            row.value = parsed.description
        } else if metric.isEventRatio {
            guard let parsed = EventCounts.parse(row.value) else {
                throw fail(line, "bad value '\(row.value)' for \(row.agreement) (\(metric.rawValue)): expected \(EventCounts.expected); a share alone cannot be weighted over the window")
            }
            counts = parsed
        }
        let measure: Double?
        switch ObservationValue.parse(row.value, metric: metric) {
        case .success(let value): measure = value
        case .failure(let error): throw fail(line, "bad value '\(error.value)' for \(row.agreement) (\(metric.rawValue)): expected \(error.expected)")
        }
        try staging.add(line: line, agreement: row.agreement, observedAt: Timestamp.format(epoch), value: row.value, note: row.note,
                        measure: measure, good: counts?.good, total: counts?.total)
        // New until `finish` finds otherwise.
        report.new += 1
        report.perAgreement[AgreementID(row.agreement), default: 0] += 1
    }
}

import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger

/// A catalog file read and checked on its own (keys, values, duplicates), before it meets the store.
struct CatalogDocument {
    struct Located<T> {
        let value: T
        let line: Int
    }

    struct AgreementEntry {
        let agreement: Agreement
        let terms: Terms
        let status: RevisionStatus
        let effectiveFrom: LocalDate
        let reason: String?
        let line: Int
        let assetLine: Int
        let teamLine: Int
        let supportsLine: Int
        let effectiveLine: Int
        let dbtSource: String?
    }

    var teams: [Located<Team>] = []
    var assets: [Located<Asset>] = []
    /// Usage-log names: the members of each team, the aliases of each asset (nil when the file does not say).
    var members: [TeamID: [String]] = [:]
    var aliases: [AssetID: (names: [String], line: Int)] = [:]
    var sprints: [Located<Sprint>] = []
    var agreements: [AgreementEntry] = []

    static let topKeys = ["teams", "assets", "sprints", "agreements"]
    static let teamKeys = ["id", "name", "kind", "members"]
    static let assetKeys = ["id", "kind", "owner", "maintenance_hours", "created_at", "retired_at", "dbt_source", "aliases"]
    static let sprintKeys = ["id", "start", "end", "timezone"]
    static let agreementKeys = ["id", "kind", "asset", "consumer", "provider", "supports", "indicator", "objective",
                                "target", "window", "timezone", "review_every", "driver", "playbook",
                                "effective_from", "reason", "status", "dbt_source"]
    static let playbookKeys = ["response_time", "compensation", "workaround", "postmortem_when"]

    /// Reads and checks a catalog file's text.
    static func parse(_ text: String, file: String) throws(ImportError) -> CatalogDocument {
        guard let root = try YAMLValue.parse(text, file: file) else {
            throw .unreadable(file: file, message: "the catalog is empty (expected teams:, assets:, sprints: and agreements:)")
        }
        let top = try root.mapping("the catalog", allowed: topKeys)
        var document = CatalogDocument()
        for item in try top["teams"]?.sequence("teams") ?? [] {
            let team = try team(item)
            document.teams.append(team)
            if let members = try item.mapping("team", allowed: teamKeys)["members"] { document.members[team.value.id] = try members.strings("'members'") }
        }
        for item in try top["assets"]?.sequence("assets") ?? [] {
            let asset = try asset(item)
            document.assets.append(asset)
            if let aliases = try item.mapping("asset", allowed: assetKeys)["aliases"] {
                document.aliases[asset.value.id] = (try aliases.strings("'aliases'"), aliases.line)
            }
        }
        for item in try top["sprints"]?.sequence("sprints") ?? [] { document.sprints.append(try sprint(item)) }
        for item in try top["agreements"]?.sequence("agreements") ?? [] { document.agreements.append(try agreement(item)) }
        try checkUnique(document.teams.map { ($0.value.id.rawValue, $0.line) }, what: "team", file: file)
        try checkUnique(document.assets.map { ($0.value.id.rawValue, $0.line) }, what: "asset", file: file)
        try checkUnique(document.sprints.map { ($0.value.id.rawValue, $0.line) }, what: "sprint", file: file)
        try checkUnique(document.agreements.map { ($0.agreement.id.rawValue, $0.line) }, what: "agreement", file: file)
        return document
    }

    static func checkUnique(_ ids: [(String, Int)], what: String, file: String) throws(ImportError) {
        var seen: [String: Int] = [:]
        for (id, line) in ids {
            if let first = seen[id] { throw .invalid(file: file, line: line, message: "duplicate \(what) id '\(id)' (first defined on line \(first))") }
            seen[id] = line
        }
    }

    static func slug(_ map: YAMLMapping, _ key: String, what: String) throws(ImportError) -> String {
        let value = try map.required(key)
        let text = try value.string("'\(key)'")
        guard Slug.isValid(text) else {
            throw value.fail("bad \(what) '\(text)' (ids use letters, digits, '.', '_' and '-', starting with a letter or digit)")
        }
        return text
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ map: YAMLMapping, _ key: String, _: E.Type, what: String) throws(ImportError) -> E where E.RawValue == String {
        let value = try map.required(key)
        let text = try value.string("'\(key)'")
        guard let result = E(rawValue: text) else {
            let known = E.allCases.map(\.rawValue)
            throw value.fail("unknown \(what) '\(text)'" + Suggest.hint(for: text, among: known, otherwise: " (expected one of: \(known.joined(separator: ", ")))"))
        }
        return result
    }

    static func date(_ map: YAMLMapping, _ key: String) throws(ImportError) -> LocalDate? {
        try map.parsed(key, LocalDate.init, problem: { "bad date '\($0)' for '\(key)' (expected YYYY-MM-DD, e.g. 2026-01-05)" })
    }

    static func timezone(_ map: YAMLMapping) throws(ImportError) -> String? {
        try map.parsed("timezone", { TimeZones.named($0) != nil ? $0 : nil },
                       problem: { "unknown time zone '\($0)' (expected an IANA name such as Europe/Berlin or UTC)" })
    }

    static func team(_ item: YAMLValue) throws(ImportError) -> Located<Team> {
        let map = try item.mapping(item.peek("id").map { "team \($0)" } ?? "a team", allowed: teamKeys)
        let id = try slug(map, "id", what: "team id")
        let team = Team(id: TeamID(id), name: try map.string("name") ?? id, kind: try choice(map, "kind", Team.Kind.self, what: "team kind"))
        return Located(value: team, line: item.line)
    }

    static func asset(_ item: YAMLValue) throws(ImportError) -> Located<Asset> {
        let map = try item.mapping(item.peek("id").map { "asset \($0)" } ?? "an asset", allowed: assetKeys)
        let id = try slug(map, "id", what: "asset id")
        let hours = try map.parsed("maintenance_hours", { Double($0).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } },
                                   problem: { "bad maintenance_hours '\($0)' (expected a number of hours per sprint, 0 or more)" })
        let asset = Asset(id: AssetID(id), kind: try choice(map, "kind", Asset.Kind.self, what: "asset kind"),
                          owner: TeamID(try slug(map, "owner", what: "team id")), maintenanceHours: hours ?? 0,
                          createdAt: try date(map, "created_at"), retiredAt: try date(map, "retired_at"),
                          dbtSource: try map.string("dbt_source"))
        return Located(value: asset, line: item.line)
    }

    static func sprint(_ item: YAMLValue) throws(ImportError) -> Located<Sprint> {
        let map = try item.mapping(item.peek("id").map { "sprint \($0)" } ?? "a sprint", allowed: sprintKeys)
        let id = try slug(map, "id", what: "sprint id")
        guard let start = try date(map, "start") else { throw item.fail("sprint \(id) is missing the required key 'start'") }
        guard let end = try date(map, "end") else { throw item.fail("sprint \(id) is missing the required key 'end'") }
        guard start < end else { throw (map["end"] ?? item).fail("sprint \(id) ends (\(end)) before it starts (\(start)); end is exclusive") }
        return Located(value: Sprint(id: SprintID(id), start: start, end: end, timezone: try timezone(map) ?? "UTC"), line: item.line)
    }

    static func agreement(_ item: YAMLValue) throws(ImportError) -> AgreementEntry {
        let map = try item.mapping(item.peek("id").map { "agreement \($0)" } ?? "an agreement", allowed: agreementKeys)
        let id = try slug(map, "id", what: "agreement id")
        let kind = try choice(map, "kind", AgreementKind.self, what: "agreement kind")
        let teamKey = kind.teamRole, otherKey = kind == .sla ? "provider" : "consumer"
        if let other = map.entries[otherKey] {
            throw other.key.fail("an \(kind.rawValue.uppercased()) has a \(teamKey), not a \(otherKey)")
        }
        if kind == .sla, let supports = map.entries["supports"] {
            throw supports.key.fail("only an OLA supports other agreements; \(id) is an SLA")
        }
        let team = try slug(map, teamKey, what: "team id")
        var terms = Terms(objective: Objective(metric: .freshness, threshold: 1), target: 0.5)
        try set(.objective, from: try map.required("objective"), in: &terms)
        try set(.target, from: try map.required("target"), in: &terms)
        for field in [TermField.window, .timezone, .reviewEvery, .driver] {
            if let value = map[field.rawValue] { try set(field, from: value, in: &terms) }
        }
        if let supports = map["supports"] {
            let ids = try supports.strings("'supports'")
            terms.supports = Array(Set(ids.map { AgreementID($0) })).sorted()
        }
        if let playbook = map["playbook"] {
            let book = try playbook.mapping("the playbook of \(id)", allowed: playbookKeys)
            for field in [TermField.responseTime, .compensation, .workaround, .postmortemWhen] {
                if let value = book[field.rawValue] { try set(field, from: value, in: &terms) }
            }
        }
        if let indicator = map["indicator"] {
            let text = try indicator.string("'indicator'")
            guard let named = Indicator(rawValue: text) else {
                let known = Indicator.allCases.map(\.rawValue)
                throw indicator.fail("unknown indicator '\(text)'" + Suggest.hint(for: text, among: known, otherwise: " (expected one of: \(known.joined(separator: ", ")))"))
            }
            guard named == terms.indicator else {
                throw indicator.fail("indicator '\(text)' does not match objective '\(terms.objective)', which measures \(terms.indicator.rawValue)")
            }
        }
        let status = try map["status"] == nil ? RevisionStatus.active : choice(map, "status", RevisionStatus.self, what: "status")
        guard let effective = try date(map, "effective_from") else {
            throw item.fail("agreement \(id) is missing the required key 'effective_from' (the date the terms take effect)")
        }
        return AgreementEntry(
            agreement: Agreement(id: AgreementID(id), kind: kind, asset: AssetID(try slug(map, "asset", what: "asset id")), team: TeamID(team)),
            terms: terms, status: status, effectiveFrom: effective, reason: try map.string("reason"), line: item.line,
            assetLine: map["asset"]?.line ?? item.line, teamLine: map[teamKey]?.line ?? item.line,
            supportsLine: map["supports"]?.line ?? item.line, effectiveLine: map["effective_from"]?.line ?? item.line,
            dbtSource: try map.string("dbt_source"))
    }

    static func set(_ field: TermField, from value: YAMLValue, in terms: inout Terms) throws(ImportError) {
        let text = try value.string("'\(field.rawValue)'")
        do { try field.set(text, in: &terms) } catch { throw value.fail(error.description) }
    }
}

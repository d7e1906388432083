/// An identifier users type, kept apart by its tag so an asset id never stands in for an agreement id.
package struct Identifier<Tag>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ value: String) { self.rawValue = value }
    package var description: String { rawValue }
    package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Tags of the typed identifiers.
package enum TeamTag {}
package enum AssetTag {}
package enum AgreementTag {}
package enum SprintTag {}

/// A team's slug, e.g. `sales-analytics`.
package typealias TeamID = Identifier<TeamTag>
/// The id of a data product (table, dashboard, pipeline, …).
package typealias AssetID = Identifier<AssetTag>
/// The id of an SLA or OLA, e.g. `SLA-sales-daily-freshness`.
package typealias AgreementID = Identifier<AgreementTag>
/// The id of a sprint, e.g. `2026-S22`.
package typealias SprintID = Identifier<SprintTag>

/// The rule every typed id follows: a letter or digit, then letters, digits, `.`, `_` or `-`.
package enum Slug {
    /// True when `text` may be used as an id.
    package static func isValid(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isAlnum(first) else { return false }
        return text.unicodeScalars.allSatisfy { isAlnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    private static func isAlnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }
}

/// An identifier users type, kept apart by its tag so an asset id never stands in for an agreement id.
public struct Identifier<Tag>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Tags of the typed identifiers.
public enum TeamTag {}
public enum AssetTag {}
public enum AgreementTag {}
public enum SprintTag {}

/// A team's slug, e.g. `sales-analytics`.
public typealias TeamID = Identifier<TeamTag>
/// The id of a data product (table, dashboard, pipeline, …).
public typealias AssetID = Identifier<AssetTag>
/// The id of an SLA or OLA, e.g. `SLA-sales-daily-freshness`.
public typealias AgreementID = Identifier<AgreementTag>
/// The id of a sprint, e.g. `2026-S22`.
public typealias SprintID = Identifier<SprintTag>

/// The rule every typed id follows: a letter or digit, then letters, digits, `.`, `_` or `-`.
public enum Slug {
    /// True when `text` may be used as an id.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isAlnum(first) else { return false }
        return text.unicodeScalars.allSatisfy { isAlnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    private static func isAlnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }
}

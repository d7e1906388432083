import Foundation

/// Parsers shared by the catalog, the shell's `revise`, the standard-format importers and the observation importer.
///
/// THE one place where numbers from files and users are range-checked (docs/guarantees.md): durations are finite,
/// not negative and at most `maxDurationSeconds`; fractions are in 0…1 and targets in (0, 1); counts are whole
/// numbers that fit. Every function returns nil instead of trapping, so a caller only has to say what was expected.
package enum ValueParser {
    /// The longest duration accepted anywhere: 3650 days (ten years).
    package static let maxDurationSeconds: Double = 3650 * 86_400
    /// The largest count accepted (rows, users, accesses): 10^15, far inside `Int` and exact as a `Double`.
    package static let maxCount = 1_000_000_000_000_000

    /// `seconds` when it is a duration the tool can store and compute with: finite, 0 or more, at most ten years.
    package static func checkedDuration(_ seconds: Double) -> Double? {
        seconds.isFinite && seconds >= 0 && seconds <= maxDurationSeconds ? seconds : nil
    }

    /// `seconds` as whole seconds when `checkedDuration` accepts it (rounded to the nearest second).
    package static func wholeSeconds(_ seconds: Double) -> Int? {
        checkedDuration(seconds).flatMap { Int(exactly: $0.rounded()) }
    }

    /// `value` times `factor` seconds (e.g. a number of days) when the product is a checked duration; nil on overflow.
    package static func duration(_ value: Double, unitSeconds factor: Double) -> Double? {
        guard value.isFinite, factor.isFinite else { return nil }
        return checkedDuration(value * factor)
    }

    /// A target fraction: strictly between 0 and 1 (`95 %`, `0.95`). 0 % and 100 % are no targets anyone can miss or meet.
    package static func target(_ text: String) -> Double? {
        fraction(text).flatMap(checkedTarget)
    }

    /// `value` when it is a target fraction strictly between 0 and 1.
    package static func checkedTarget(_ value: Double) -> Double? {
        value.isFinite && value > 0 && value < 1 ? value : nil
    }

    /// A whole number from 0 to `maxCount` (`12`, ` 12 `); nil for signs, decimals, overflow or anything else.
    package static func count(_ text: String) -> Int? {
        // Digits only (the usual case, once per field of an import row): no trimming through Foundation.
        if !text.isEmpty, text.utf8.count <= 16, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            guard let value = Int(text), value <= maxCount else { return nil }
            return value
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 16, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let value = Int(trimmed), value <= maxCount else { return nil }
        return value
    }

    /// A whole number given as a `Double` (from JSON or YAML), when it is exactly one from 0 to `maxCount`.
    package static func count(_ value: Double) -> Int? {
        guard value.isFinite, value >= 0, value <= Double(maxCount) else { return nil }
        return Int(exactly: value)
    }

    /// Parses a duration: `95m`, `2h`, `1h30m`, `1h 30m`, `2d`, `45s`, `250ms`, or a bare number of seconds.
    /// Nil when malformed, negative or longer than `maxDurationSeconds`. (Works on bytes: observation imports call
    /// it a million times.)
    package static func duration(_ text: String) -> Double? {
        var text = text
        guard text.utf8.count <= 64 else { return nil }
        return text.withUTF8 { bytes -> Double? in
            var total = 0.0, sawPart = false, i = 0
            var seen: UInt8 = 0
            let n = bytes.count
            func skipSpaces() { while i < n, bytes[i] == 32 { i += 1 } }
            skipSpaces()
            guard i < n else { return nil }
            while true {
                skipSpaces()
                if i == n { break }
                let numberStart = i
                while i < n, (bytes[i] >= 48 && bytes[i] <= 57) || bytes[i] == 46 { i += 1 }
                guard i > numberStart, let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[numberStart..<i]), as: UTF8.self)) else { return nil }
                skipSpaces()
                var unit: UInt64 = 0, unitLength = 0
                while i < n, (bytes[i] >= 97 && bytes[i] <= 122) { unit = unit << 8 | UInt64(bytes[i]); unitLength += 1; i += 1 }
                guard unitLength <= 3 else { return nil }
                if unitLength == 0 {
                    // A bare number is seconds, but only on its own.
                    guard !sawPart, i == n else { return nil }
                    return checkedDuration(value)
                }
                let (factor, bit): (Double, UInt8)
                switch unit {
                case 0x6D73: (factor, bit) = (0.001, 1)          // ms
                case 0x73: (factor, bit) = (1, 2)                // s
                case 0x6D, 0x6D696E: (factor, bit) = (60, 4)     // m, min
                case 0x68: (factor, bit) = (3600, 8)             // h
                case 0x64: (factor, bit) = (86_400, 16)          // d
                case 0x77: (factor, bit) = (604_800, 32)         // w
                default: return nil
                }
                guard seen & bit == 0 else { return nil }  // each unit once
                seen |= bit
                guard let part = duration(value, unitSeconds: factor) else { return nil }
                total += part
                sawPart = true
            }
            return sawPart ? checkedDuration(total) : nil
        }
    }

    /// Parses `95%`, `95 %` or a fraction `0.95` into a fraction; nil outside 0…1 or when malformed.
    package static func fraction(_ text: String) -> Double? {
        // No space at either end (the usual case, once per row of an observations import): no trimming through
        // Foundation, which was most of this function's time.
        // (Non-ASCII ends are trimmed too: Unicode has other spaces.)
        func plain(_ byte: UInt8?) -> Bool { byte.map { $0 > 32 && $0 < 128 } ?? true }
        let spaced = !plain(text.utf8.first) || !plain(text.utf8.last)
        let trimmed = spaced ? text.trimmingCharacters(in: .whitespaces) : text
        if trimmed.hasSuffix("%") {
            let number = trimmed.dropLast().trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite, value >= 0, value <= 100 else { return nil }
            return value / 100
        }
        guard let value = Double(trimmed), value.isFinite, value >= 0, value <= 1 else { return nil }
        return value
    }

    /// Parses `HH:MM` (24-hour) into minutes after midnight.
    package static func clockTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }
}

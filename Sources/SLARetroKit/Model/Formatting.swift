import Foundation

/// The one way numbers, percentages and durations are written everywhere (STYLE: `97.1 %`, `3h 05m`).
public enum Formatting {
    /// A fraction as a percentage with up to `maxDecimals` decimals and no trailing zeros: 0.995 → `99.5 %`.
    public static func percent(_ fraction: Double, maxDecimals: Int = 2) -> String {
        number(fraction * 100, maxDecimals: maxDecimals) + " %"
    }

    /// A fraction as a percentage with exactly one decimal, for measured values: `97.1 %`.
    public static func measuredPercent(_ fraction: Double) -> String {
        String(format: "%.1f %%", fraction * 100)
    }

    /// A number with up to `maxDecimals` decimals and no trailing zeros: 3.0 → `3`, 0.980 → `0.98`.
    public static func number(_ value: Double, maxDecimals: Int = 4) -> String {
        var text = String(format: "%.\(maxDecimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A duration in the largest sensible units: `45s`, `95m` → `1h 35m`, `2h`, `3h 05m`, `2d`, `1d 06h`, `250ms`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 1, seconds > 0 { return number(seconds * 1000, maxDecimals: 1) + "ms" }
        if seconds < 60 || seconds.truncatingRemainder(dividingBy: 1) != 0 {
            return seconds < 60 ? number(seconds, maxDecimals: 3) + "s" : duration(seconds.rounded())
        }
        let total = Int(seconds)
        let days = total / 86_400, hours = total % 86_400 / 3600
        let minutes = total % 3600 / 60, secs = total % 60
        if days > 0 {
            if hours == 0 && minutes == 0 && secs == 0 { return "\(days)d" }
            if minutes == 0 && secs == 0 { return "\(days)d " + String(format: "%02dh", hours) }
        }
        let allHours = total / 3600
        if allHours > 0 {
            if secs != 0 { return "\(allHours)h " + String(format: "%02dm %02ds", minutes, secs) }
            return minutes == 0 ? "\(allHours)h" : "\(allHours)h " + String(format: "%02dm", minutes)
        }
        return secs == 0 ? "\(minutes)m" : "\(minutes)m " + String(format: "%02ds", secs)
    }

    /// Minutes after midnight as `HH:MM`.
    public static func clockTime(minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}

/// Parsers shared by the catalog, the shell's `revise` and the observation importer.
public enum ValueParser {
    /// Parses a duration: `95m`, `2h`, `1h30m`, `1h 30m`, `2d`, `45s`, `250ms`, or a bare number of seconds.
    public static func duration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let seconds = Double(trimmed), seconds.isFinite { return seconds >= 0 ? seconds : nil }
        var total = 0.0
        var digits = ""
        var unit = ""
        var parts: [(Double, String)] = []
        func flush() -> Bool {
            guard !digits.isEmpty, let value = Double(digits), !unit.isEmpty else { return false }
            parts.append((value, unit)); digits = ""; unit = ""
            return true
        }
        for ch in trimmed where ch != " " {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                digits.append(ch)
            } else if ch.isLetter {
                guard !digits.isEmpty else { return nil }
                unit.append(ch)
            } else { return nil }
        }
        guard flush() else { return nil }
        var seen = Set<String>()
        for (value, unit) in parts {
            guard seen.insert(unit).inserted else { return nil }
            switch unit {
            case "ms": total += value / 1000
            case "s": total += value
            case "m", "min": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86_400
            case "w": total += value * 604_800
            default: return nil
            }
        }
        return total
    }

    /// Parses `95%`, `95 %` or a fraction `0.95` into a fraction; nil outside 0…1 or when malformed.
    public static func fraction(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            let number = trimmed.dropLast().trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite, value >= 0, value <= 100 else { return nil }
            return value / 100
        }
        guard let value = Double(trimmed), value.isFinite, value >= 0, value <= 1 else { return nil }
        return value
    }

    /// Parses `HH:MM` (24-hour) into minutes after midnight.
    public static func clockTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }
}

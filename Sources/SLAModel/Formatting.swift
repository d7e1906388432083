import Foundation

/// The one way numbers, percentages and durations are written everywhere (`97.1 %`, `3h 05m`).
package enum Formatting {
    /// A fraction as a percentage with up to `maxDecimals` decimals and no trailing zeros: 0.995 → `99.5 %`.
    package static func percent(_ fraction: Double, maxDecimals: Int = 2) -> String {
        number(fraction * 100, maxDecimals: maxDecimals) + " %"
    }

    /// A fraction as a percentage with exactly one decimal, for measured values: `97.1 %`.
    package static func measuredPercent(_ fraction: Double) -> String {
        String(format: "%.1f %%", fraction * 100)
    }

    /// One field's change: `target 95 % → 90 %` (`—` for no value). Import refusals and every report of a change use it.
    package static func change(_ field: String, from old: String?, to new: String?) -> String {
        "\(field) \(old ?? "—") → \(new ?? "—")"
    }

    /// A number with up to `maxDecimals` decimals and no trailing zeros: 3.0 → `3`, 0.980 → `0.98`.
    package static func number(_ value: Double, maxDecimals: Int = 4) -> String {
        var text = String(format: "%.\(maxDecimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A duration in the largest sensible units: `45s`, `95m` → `1h 35m`, `2h`, `3h 05m`, `2d`, `1d 06h`, `250ms`.
    /// Never traps: a value no parser accepts (infinite, NaN, beyond `ValueParser.maxDurationSeconds`) is written
    /// without whole-number conversion.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return seconds.isNaN ? "?" : seconds > 0 ? "∞" : "-∞" }
        if seconds < 0 { return "-" + duration(-seconds) }
        guard seconds <= ValueParser.maxDurationSeconds * 10 else { return number(seconds / 86_400, maxDecimals: 0) + "d" }
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

    /// `text` padded with spaces to `width` (never cut).
    package static func pad(_ text: String, _ width: Int) -> String {
        text.count > width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// Minutes after midnight as `HH:MM`.
    package static func clockTime(minutes: Int) -> String {
        // Without String(format:), which costs more than the rest of a listing row.
        guard minutes >= 0, minutes < 6000 else { return String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + (m < 10 ? ":0" : ":") + String(m)
    }
}

extension Collection {
    /// The element of a one-element collection, else nil.
    package var onlyElement: Element? { count == 1 ? first : nil }
}

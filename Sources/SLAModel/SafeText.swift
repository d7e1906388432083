/// Makes text that came from a file or a person safe for where it is written: one function per sink.
///
/// Every note, reason, title, name or id read from input passes through exactly one of these on its way
/// out, so an escape sequence cannot clear a facilitator's screen and a `<script>` cannot run in minutes.
package enum SafeText {
    /// For a terminal line: control characters (ESC, NUL, CR, LF, TAB, DEL, C1 controls) and bidirectional
    /// overrides become visible symbols (`␛`, `␀`, `␍`, …), so nothing typed or imported can move the cursor.
    package static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafeForTerminal) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafeForTerminal(scalar) { out.append(contentsOf: visible(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// For inline Markdown (a table cell, a list item, a heading): control characters made visible, line
    /// breaks folded to spaces, HTML significant characters as entities, and Markdown syntax (`|`, backticks,
    /// emphasis, links, a leading `#`, `>` or list marker) backslash-escaped so it prints as typed.
    package static func markdown(_ text: String) -> String {
        var out = ""
        for scalar in folded(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#":
                out += "\\" + String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        // A leading `-`, `+` or `1.` would start a list; escape it.
        if let first = out.first, first == "-" || first == "+" { out = "\\" + out }
        if let dot = out.firstIndex(of: "."), out[..<dot].allSatisfy(\.isNumber), out.startIndex != dot {
            out.insert("\\", at: dot)
        }
        return out
    }

    /// For HTML text and attribute values: `& < > " '` as entities, control characters made visible.
    package static func html(_ text: String) -> String {
        var out = ""
        for scalar in terminal(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Line breaks as spaces, every other control character visible.
    static func folded(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return terminal(spaced)
    }

    static func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true // bidi embeddings, overrides and isolates
        default: return false
        }
    }

    /// `␛` for ESC, `␀` for NUL, … (the Unicode control pictures); `\u{85}` for C1 controls and bidi marks.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00...0x1F: return String(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
        case 0x7F: return "␡"
        default: return "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
}

import Foundation
import SLAModel

/// Display columns of text on a terminal, and the cutting that respects them.
///
/// A column is what a monospaced terminal gives an ASCII letter. East Asian wide and fullwidth characters
/// (CJK ideographs, kana, hangul, fullwidth forms, most emoji) take two; combining marks, zero-width
/// joiners, variation selectors and other format characters take none. So `東京営業チーム` is 14 columns
/// and `Équipe` (with a combining accent or without) is 6.
package enum DisplayWidth {
    /// The columns `text` takes on a terminal.
    package static func of<S: StringProtocol>(_ text: S) -> Int {
        // Printable ASCII, most of what a table holds: one column per byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for scalar in text.unicodeScalars { total += of(scalar) }
        return total
    }

    /// The columns one character takes (its scalars' sum: a base letter and its combining marks are one).
    package static func of(_ character: Character) -> Int {
        if character.isASCII { return character == "\n" || character == "\t" || character == "\r" ? 0 : 1 }
        var total = 0
        for scalar in character.unicodeScalars { total += of(scalar) }
        return total
    }

    /// The columns one scalar takes: 0, 1 or 2.
    package static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        return isWide(v) || scalar.properties.isEmojiPresentation ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` followed by spaces up to `width` columns (never cut).
    package static func padRight(_ text: String, _ width: Int) -> String {
        let w = of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }

    /// Spaces up to `width` columns, then `text` (never cut).
    package static func padLeft(_ text: String, _ width: Int) -> String {
        let w = of(text)
        return w >= width ? text : String(repeating: " ", count: width - w) + text
    }

    /// `text` cut to at most `width` columns, ending in `…` when cut; whole characters only (a base letter
    /// keeps its combining marks; a wide character is never split).
    package static func elide(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var out = "", used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character); used += w
        }
        while out.last == " " { out.removeLast() }
        return out + "…"
    }

    /// `text` in lines of at most `width` columns, broken at spaces. A word wider than a line is broken
    /// where an identifier may break — after `-`, `_` or `/` before a letter (`SLA-sales-` / `daily`), and
    /// between wide characters (CJK has no spaces) — never in mid-word; a piece still too wide is elided
    /// with `…`. Line breaks in `text` are kept. Always at least one line.
    package static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        // Printable ASCII (most text): paragraphs and words are split on bytes, without grapheme breaking.
        let ascii = text.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }
        let paragraphs = ascii ? text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
                               : text.split(separator: "\n", omittingEmptySubsequences: false)
        for paragraph in paragraphs {
            var line = "", used = 0
            func flush() { lines.append(line); line = ""; used = 0 }
            var words: [String] = []
            let split = ascii ? paragraph.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
                              : paragraph.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            for word in split {
                // A unit stays with its number: `85.7 %`, never `85.7` / `%`.
                if word.hasPrefix("%"), let last = words.popLast() { words.append(last + " " + word) } else { words.append(word) }
            }
            for word in words {
                let w = of(word)
                if used > 0 && used + 1 + w <= width { line += " " + word; used += 1 + w; continue }
                if w <= width { if used > 0 { flush() }; line = word; used = w; continue }
                // Too wide for any line: its pieces, the first after a space when there is room.
                var first = true
                for piece in pieces(word) {
                    let piece = of(piece) > width ? elide(piece, to: width) : piece
                    let pw = of(piece), gap = first && used > 0 ? 1 : 0
                    if used > 0 && used + gap + pw > width { flush() }
                    if first && used > 0 { line += " "; used += 1 }
                    line += piece; used += pw
                    first = false
                }
            }
            flush()
        }
        return lines.isEmpty ? [""] : lines
    }

    /// Where a word may break: after `-`, `_` or `/` followed by a letter, and around wide characters.
    /// `SLA-sales-daily` → `SLA-`, `sales-`, `daily`; `2026-11-24` stays whole.
    package static func pieces(_ word: String) -> [String] {
        if word.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return asciiPieces(word) }
        var out: [String] = [], current = ""
        let characters = Array(word)
        for (i, character) in characters.enumerated() {
            let wide = of(character) == 2
            if wide && !current.isEmpty { out.append(current); current = "" }
            current.append(character)
            let next = i + 1 < characters.count ? characters[i + 1] : nil
            if wide || ("-_/".contains(character) && next?.isLetter == true) { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// `pieces` of a printable-ASCII word, on its bytes (no wide characters; letters are A–Z and a–z).
    static func asciiPieces(_ word: String) -> [String] {
        let bytes = Array(word.utf8)
        var out: [String] = [], start = 0
        for i in bytes.indices where i + 1 < bytes.count {
            let b = bytes[i], next = bytes[i + 1] | 0x20
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "/")) && next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z") {
                out.append(String(decoding: bytes[start...i], as: UTF8.self))
                start = i + 1
            }
        }
        if start < bytes.count { out.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return out
    }

    /// A prose line wrapped to `width` columns at word boundaries. The first line keeps its own spacing;
    /// continuation lines start under the value of a `label    value` line (after the first run of two or
    /// more spaces), else at `indent`, else at the line's own indent plus two. nil width: as is.
    package static func wrapProse(_ line: String, width: Int?, indent: Int? = nil) -> [String] {
        guard let width, of(line) > width else { return [line] }
        // Printable ASCII (most lines): the same cuts computed on bytes, one column each, without grapheme breaking.
        if line.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return wrapProse(Array(line.utf8), width: width, indent: indent, isSpace: { $0 == UInt8(ascii: " ") }, columns: { _ in 1 },
                             text: { String(decoding: $0, as: UTF8.self) })
        }
        return wrapProse(Array(line), width: width, indent: indent, isSpace: { $0 == " " }, columns: { of($0) }, text: { String($0) })
    }

    /// `wrapProse` over the line's units (bytes or characters), each `columns` wide.
    private static func wrapProse<Unit>(_ characters: [Unit], width: Int, indent: Int?, isSpace: (Unit) -> Bool, columns: (Unit) -> Int,
                                        text: (ArraySlice<Unit>) -> String) -> [String] {
        let lead = characters.prefix { isSpace($0) }.count
        // The value column of `  label    value`.
        var valueColumn: Int?
        var column = 0, spaces = 0
        for (i, character) in characters.enumerated() {
            if i > lead && !isSpace(character) && spaces >= 2 { valueColumn = column; break }
            spaces = isSpace(character) && i >= lead ? spaces + 1 : 0
            column += columns(character)
        }
        var hang = valueColumn ?? indent ?? lead + 2
        if hang > width / 2 { hang = min(lead + 2, width / 2) }
        // The first line: the longest prefix ending before a space that fits, spacing kept.
        var cut: Int?
        column = 0
        for (i, character) in characters.enumerated() {
            if isSpace(character) && i > lead && column <= width && !isSpace(characters[i - 1]) { cut = i }
            column += columns(character)
            if column > width { break }
        }
        guard let cut, cut > lead else {
            let pieces = wrap(text(characters[lead...]), width: width - lead)
            return [String(repeating: " ", count: lead) + pieces[0]]
                + (pieces.count > 1 ? wrap(pieces.dropFirst().joined(separator: " "), width: width - hang).map { String(repeating: " ", count: hang) + $0 } : [])
        }
        let first = text(characters[..<cut])
        var tail = characters[cut...]
        while let unit = tail.first, isSpace(unit) { tail = tail.dropFirst() }
        while let unit = tail.last, isSpace(unit) { tail = tail.dropLast() }
        // Bytes here are printable ASCII, whose only white space is the space; characters may hold other spaces.
        let rest = Unit.self == UInt8.self ? text(tail) : text(tail).trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { return [first] }
        return [first] + wrap(rest, width: width - hang).map { String(repeating: " ", count: hang) + $0 }
    }

    /// Every line of `text` (a block ending in a newline, or not) wrapped with `wrapProse`.
    package static func wrapBlock(_ text: String, width: Int?, indent: Int? = nil) -> String {
        guard let width else { return text }
        let ends = text.hasSuffix("\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if ends { lines.removeLast() }
        let wrapped = lines.flatMap { wrapProse($0, width: width, indent: indent) }
        return wrapped.joined(separator: "\n") + (ends ? "\n" : "")
    }
}

/// The width tables and prose are fitted to: set once for a command (the terminal's width, `--width N`,
/// else 80), read by `Listing.render(_:)` and the views. nil: no fitting (as wide as the content).
package enum ScreenWidth {
    @TaskLocal package static var current: Int?
}

/// Prose for the terminal (titles, item cards, import reports): every line made safe with
/// `SafeText.terminal` and wrapped to the screen width at word boundaries, with a hanging indent.
package enum Screen {
    /// `text` (lines, ending in a newline or not) safe and wrapped to `width` (default: `ScreenWidth.current`).
    /// `indent`: where continuation lines start (default: the line's own indent plus two).
    package static func block(_ text: String, indent: Int? = nil, width: Int? = ScreenWidth.current) -> String {
        let ends = text.hasSuffix("\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.terminal(String($0)) }
        if ends { lines.removeLast() }
        let wrapped = lines.flatMap { DisplayWidth.wrapProse($0, width: width, indent: indent) }
        return wrapped.joined(separator: "\n") + (ends ? "\n" : "")
    }
}

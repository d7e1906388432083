import Testing
@testable import SLAModel

@Suite("safe text for each sink")
struct SafeTextTests {
    static let hostile = ["x\u{1B}[2J", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a | b", "`rm -rf`",
                          "line1\nline2", "cut\u{0}here", "back\rward", "# heading", "- item", "1. first", "\u{202E}evil"]

    @Test("the terminal never receives a control character or a bidi override", arguments: hostile)
    func terminal(_ text: String) {
        let safe = SafeText.terminal(text)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) })
    }

    @Test("escape, NUL and carriage return are shown, not obeyed")
    func visibleControls() {
        #expect(SafeText.terminal("x\u{1B}[2J") == "x␛[2J")
        #expect(SafeText.terminal("cut\u{0}here") == "cut␀here")
        #expect(SafeText.terminal("back\rward") == "back␍ward")
        #expect(SafeText.terminal("plain ütf 東京") == "plain ütf 東京")
    }

    @Test("Markdown cells keep their table and show tags as text", arguments: hostile)
    func markdown(_ text: String) {
        let safe = SafeText.markdown(text)
        #expect(!safe.contains("<"))
        #expect(!safe.contains("\n"))
        #expect(!safe.contains(where: { $0 == "|" }) || safe.contains("\\|"))
        #expect(!safe.hasPrefix("#") && !safe.hasPrefix("-"))
    }

    @Test("Markdown escapes exactly")
    func markdownExact() {
        #expect(SafeText.markdown("a | b") == "a \\| b")
        #expect(SafeText.markdown("<b>") == "&lt;b&gt;")
        #expect(SafeText.markdown("1. first") == "1\\. first")
        #expect(SafeText.markdown("line1\nline2") == "line1 line2")
    }

    @Test("HTML never receives a tag or an unquoted attribute", arguments: hostile)
    func html(_ text: String) {
        let safe = SafeText.html(text)
        #expect(!safe.contains("<") && !safe.contains(">") && !safe.contains("\"") && !safe.contains("'"))
    }
}

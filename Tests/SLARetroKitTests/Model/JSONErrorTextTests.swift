import Foundation
import Testing
@testable import SLAModel

/// A file that is not JSON is refused with what stands where a value should start, not "not valid JSON: not valid JSON".
@Suite("JSON error text")
struct JSONErrorTextTests {
    static func message(_ text: String) -> String {
        switch JSONValue.parseChecked(text) {
        case .success: return "accepted"
        case .failure(let error): return "\(error.line): \(error.message)"
        }
    }

    @Test("Markdown, a stray byte or a misspelt literal is named with its line")
    func named() {
        #expect(Self.message("# Postmortem\n") == "1: unexpected '#' where a value should start")
        #expect(Self.message("{\n  \"a\": @\n}") == "2: unexpected '@' where a value should start")
        #expect(Self.message("[\u{7F}]") == "1: unexpected byte 0x7F where a value should start")
        #expect(Self.message("{\"a\": nul}") == "1: expected `null`")
        #expect(Self.message("[1,") == "1: the JSON text ends too early")
    }
}

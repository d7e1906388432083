/// "Did you mean …?" hints for misspelled keys, fields and ids.
package enum Suggest {
    /// The candidate the word begins, else the closest one within a small edit distance, if any.
    package static func closest(to word: String, among candidates: [String]) -> String? {
        if word.count >= 4, let extended = candidates.filter({ $0.lowercased().hasPrefix(word.lowercased()) }).min() {
            return extended
        }
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    /// `; did you mean 'x'?` when a candidate is close, else `otherwise`.
    package static func hint(for word: String, among candidates: [String], otherwise: String = "") -> String {
        if let match = closest(to: word, among: candidates) { return " (did you mean '\(match)'?)" }
        return otherwise
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

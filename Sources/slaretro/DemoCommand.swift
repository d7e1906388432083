import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
import SLAImport
import SLARender
import SLARetro
import SLADemo

extension Slaretro {
    struct DemoCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo", abstract: "Build the demo workspace (a data platform in late 2026) and open its 2026-S23 retro.",
            discussion: """
            The demo database is written to its own file (printed), never to ./slaretro.sqlite; running the \
            demo again rebuilds it. The demo has its own clock, 2026-11-24T09:00:00Z, whatever --now or \
            $SLARETRO_NOW say (its story is told on that day), and says so.
            On a terminal the shell is interactive; otherwise the demo retro script is replayed.
            Example: slaretro demo --db /tmp/demo.sqlite --setup-only
            """)

        @Flag(help: "Only write the demo database; no retro.") var setupOnly = false
        @OptionGroup var shell: ShellOptions
        @OptionGroup var store: StoreOptions

        /// One line saying which clock the demo runs on, and what it ignores.
        var clockLine: String {
            // A setting that names another instant is ignored, and the line says so.
            func differs(_ text: String?) -> Bool { text.map { !$0.isEmpty && Clock.parseInstant($0) != Demo.defaultNow } ?? false }
            let ignored = [store.now.map { $0 != Demo.defaultNow } ?? false ? "--now" : nil,
                           differs(store.environment["SLARETRO_NOW"]) ? "$SLARETRO_NOW" : nil].compactMap { $0 }
            return "the demo's clock says \(Clock.iso(Demo.defaultNow)) (its own"
                + (ignored.isEmpty ? "" : "; \(ignored.joined(separator: " and ")) ignored") + ")"
        }

        func run() throws {
            var code: Int32 = 0
            try Console.run {
                let path = store.db ?? Demo.defaultPath(environment: store.environment)
                let clock = Clock(now: Demo.defaultNow)
                let db = try Demo.create(at: path)
                Console.out(Screen.block("demo workspace written to \(path)\n"))
                Console.out(Screen.block(clockLine + "\n"))
                if setupOnly { return }
                let session = try Demo.startRetro(db, clock: clock)
                session.folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
                if !Terminal.stdinIsTerminal && shell.script == nil {
                    Console.out(Screen.block("stdin is not a terminal: replaying the demo retro (sessions/demo/retro.slaretro)\n\n"))
                } else if shell.script == nil {
                    Console.out(Screen.block("Type 'help' for the commands, Tab to complete, 'quit' to leave (everything is saved).\n\n"))
                }
                code = try shell.run(session, fallbackScript: DemoScript.text)
                Console.out(Screen.block("\nThe demo workspace is \(path); every command takes --db \(path)\n"))
            }
            if code != 0 { throw ExitCode(code) }
        }
    }
}

import ArgumentParser
import Foundation
import SLARetroKit

extension Slaretro {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the demo workspace (a data platform in late 2026) and take a guided tour of it.",
            discussion: """
            The demo database is written to its own file (printed), never to ./slaretro.sqlite; running the
            demo again rebuilds it. Its clock is 2026-11-24T09:00:00Z unless --now or $SLARETRO_NOW says otherwise.
            Example: slaretro demo --db /tmp/demo.sqlite --setup-only
            """)

        @Flag(help: "Only write the demo database; no tour.") var setupOnly = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Console.run {
                let path = store.db ?? SLARetroKit.Demo.defaultPath(environment: store.environment)
                let clock = try store.clock(default: SLARetroKit.Demo.defaultNow)
                let db = try SLARetroKit.Demo.create(at: path)
                Console.out("demo workspace written to \(path)\n")
                if setupOnly { return }
                Console.out(try DemoTour.text(db: db, path: path, clock: clock))
            }
        }
    }
}

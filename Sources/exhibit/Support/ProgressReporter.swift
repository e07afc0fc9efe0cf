import ArgumentParser
import ExhibitCore
import Foundation

/// When progress is shown on stderr: `auto` only when stderr is a terminal.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// `--progress` and `--quiet`: the feedback of commands that can take a while.
struct FeedbackOptions: ParsableArguments {
    @Option(help: "Progress on stderr: auto (only on a terminal), always, or never.")
    var progress: ProgressMode = .auto

    @Flag(help: "Print only the result: no progress and no step-by-step lines.")
    var quiet = false

    /// A reporter that shows what these options allow.
    func reporter(_ label: String, context: CommandContext) -> ProgressReporter {
        let show: Bool
        switch progress {
        case .never: show = false
        case .always: show = true
        case .auto: show = context.stderrIsTerminal
        }
        return ProgressReporter(label, context: context, enabled: show && !quiet)
    }

    /// True when step-by-step lines (such as each check of `receive`) may be printed on stderr.
    func showsSteps(_ context: CommandContext) -> Bool {
        !quiet && progress != .never && (progress == .always || context.stderrIsTerminal)
    }
}

/// A progress line on stderr — bytes done of all, rate and time left — redrawn in place on a terminal (a line
/// each otherwise, for `--progress always` into a pipe or file), at most every half second. Operations call
/// `bytes` from their loops (from any thread); the core knows nothing of it.
final class ProgressReporter: @unchecked Sendable {
    private let context: CommandContext
    private let enabled: Bool
    // Guarded by `lock`: updates may come from the intake workers.
    private let lock = NSLock()
    private var meter: ProgressMeter
    private var shown = false

    /// A reporter shown only when stderr is a terminal (`--progress auto`).
    convenience init(_ label: String, context: CommandContext) {
        self.init(label, context: context, enabled: context.stderrIsTerminal)
    }

    init(_ label: String, context: CommandContext, enabled: Bool) {
        self.context = context
        self.enabled = enabled
        self.meter = ProgressMeter(label, now: ProcessInfo.processInfo.systemUptime)
    }

    /// The progress callback: `done` of `total` bytes.
    var bytes: @Sendable (Int64, Int64) -> Void {
        { [self] done, total in update(done, total) }
    }

    /// The progress callback when a line is shown, else nil (an operation may then skip working out the total).
    var bytesIfShown: (@Sendable (Int64, Int64) -> Void)? { enabled ? bytes : nil }

    /// Shows `done` of `total` bytes when a line is due.
    func update(_ done: Int64, _ total: Int64) {
        guard enabled else { return }
        lock.withLock {
            guard let line = meter.update(done: done, total: total, now: ProcessInfo.processInfo.systemUptime) else { return }
            shown = true
            emit(line)
        }
    }

    /// Ends the line: on a terminal it is cleared. Elsewhere every line already ended with a line feed (the report of
    /// all bytes done is never held back by the half-second limit, so a finished operation's last line says 100%).
    func finish() {
        guard enabled else { return }
        lock.withLock {
            guard shown else { return }
            if context.stderrIsTerminal {
                context.standardError("\r\u{1B}[K")
            }
        }
    }

    private func emit(_ line: String) {
        if context.stderrIsTerminal {
            context.standardError("\r\(TerminalText.escape(line))\u{1B}[K")
        } else {
            context.standardError(TerminalText.escape(line) + "\n")
        }
    }
}

package dev.davit.jit.isolated;

import dev.davit.ir.DataValue;

import java.time.Duration;
import java.util.List;

/** How a call through {@link IsolatedExecutor} ended. */
public sealed interface CallOutcome {
    /** The function returned these values (none for a function without returns). */
    record Returned(List<DataValue> values) implements CallOutcome {
        public Returned {
            values = List.copyOf(values);
        }
    }

    /**
     * The machine code raised a signal that kills a process (SIGILL for {@code ud2}, SIGSEGV for a
     * bad access, SIGFPE for a division by zero, SIGBUS, SIGTRAP for {@code int3}/{@code brk}). The
     * worker died; the next call starts a new one.
     *
     * @param signal the signal number (Linux numbering)
     * @param name   its name, e.g. {@code SIGSEGV}
     */
    record Trapped(int signal, String name) implements CallOutcome {}

    /**
     * The worker died without a recognizable signal.
     *
     * @param reason   what is known
     * @param exitCode the worker's exit status (128 + n when killed by signal n)
     * @param stderr   the tail of what it wrote to its standard error
     */
    record Crashed(String reason, int exitCode, String stderr) implements CallOutcome {}

    /** The call did not finish within the limit; the worker was killed. */
    record TimedOut(Duration limit) implements CallOutcome {}

    /** The worker refused or failed the call without dying (e.g. an unresolved symbol on reload). */
    record Failed(String message) implements CallOutcome {}
}

package dev.davit.jit.isolated;

/** Linux signal numbers and names, as far as a trapping function can raise them. */
public final class Signals {
    public static final int SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGSEGV = 11;

    /** The signals a trap in machine code raises; the worker reports each as exit status 128 + n. */
    static final int[] TRAP_SIGNALS = {SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV};

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {}

    /** {@code SIGSEGV} for 11; {@code SIG<n>} for numbers without a name. */
    public static String name(int signal) {
        return signal > 0 && signal < NAMES.length ? NAMES[signal] : "SIG" + signal;
    }

    /** The number of a name such as {@code SIGSEGV}, or -1. */
    public static int number(String name) {
        for (int i = 1; i < NAMES.length; i++) if (NAMES[i].equals(name)) return i;
        return -1;
    }

    static boolean isTrapSignal(int signal) {
        for (int s : TRAP_SIGNALS) if (s == signal) return true;
        return false;
    }
}

package dev.davit.jit.isolated;

import dev.davit.jit.JitModule;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.jit.RelocTarget;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Makes a trap in machine code end the worker with exit status 128 + signal, as a shell reports a
 * process killed by that signal.
 *
 * <p>HotSpot owns SIGSEGV, SIGILL, SIGFPE and SIGBUS (it uses them itself), and a fault it does not
 * recognize becomes a fatal error report and an abort, which hides the signal. Through signal
 * chaining (the JDK's {@code libjsig}, preloaded into the worker by the executor) a handler
 * installed after the JVM started is kept aside and called only for signals the JVM does not
 * claim: exactly the faults of our code. The handler itself is six instructions of machine code
 * placed with {@link JitModule}: {@code _exit(signal + 128)}, which is async-signal-safe.
 */
// Restricted FFM methods (raw addresses, downcalls) are what this class is for.
@SuppressWarnings("restricted")
final class TrapHandlers {
    private TrapHandlers() {}

    /** The libjsig of this JDK, or null if it has none. */
    static Path libjsig(String javaHome) {
        Path p = Path.of(javaHome, "lib", "libjsig.so");
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Installs the handlers if libjsig was preloaded into this process. Returns whether it did;
     * without libjsig installing a handler would displace the JVM's own and break it.
     */
    static boolean install() {
        String preload = System.getenv("LD_PRELOAD");
        Path jsig = libjsig(System.getProperty("java.home"));
        if (jsig == null || preload == null || !preload.contains("libjsig")) return false;
        byte[] code;
        int fieldOffset;
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            // add edi, 0x80 ; movabs rax, _exit ; jmp rax
            code = hex("81 c7 80 00 00 00 48 b8 00 00 00 00 00 00 00 00 ff e0");
            fieldOffset = 8;
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            // add w0, w0, #0x80 ; ldr x16, #12 ; br x16 ; nop ; .quad _exit
            code = hex("00 00 02 11 70 00 00 58 00 02 1f d6 1f 20 03 d5 00 00 00 00 00 00 00 00");
            fieldOffset = 16;
        } else {
            return false;
        }
        // Kept mapped for the life of the process: the handler may run at any later moment.
        JitModule handler = JitModule.load(ModuleImage.single("trap_exit", code,
                List.of(new Reloc(fieldOffset, RelocKind.Abs8, new RelocTarget.Symbol("_exit"), 0))));
        Linker linker = Linker.nativeLinker();
        // libjsig's sigaction is the one that records a chained handler; libc's would replace the JVM's.
        MemorySegment sigactionFn = SymbolLookup.libraryLookup(jsig, Arena.global()).findOrThrow("sigaction");
        MethodHandle sigaction = linker.downcallHandle(sigactionFn, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena a = Arena.ofConfined()) {
            // glibc's struct sigaction on x86-64 and AArch64: handler, 128-byte mask, int flags, restorer.
            MemorySegment act = a.allocate(152, 8);
            act.set(ValueLayout.JAVA_LONG, 0, handler.address(0));
            for (int sig : Signals.TRAP_SIGNALS) {
                int r = (int) sigaction.invokeExact(sig, act, MemorySegment.NULL);
                if (r != 0) throw new IllegalStateException("sigaction(" + sig + ") failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return true;
    }

    private static byte[] hex(String s) {
        String[] parts = s.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        return b;
    }
}

package dev.davit.jit.qemu;

import dev.davit.ir.AbiParam;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.jit.JitException;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.jit.RelocTarget;
import dev.davit.jit.isolated.CallOutcome;
import dev.davit.jit.isolated.Signals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs functions of an AArch64 {@link ModuleImage} on any Linux host through {@code qemu-aarch64}
 * (qemu-user): the module, the {@link Harness} and a table of calls become one static executable
 * (see {@link AArch64ElfWriter}), run as one process for the whole batch.
 *
 * <p>A trap kills the process; the records already on stdout give the calls before it, the trapping
 * call gets {@link CallOutcome.Trapped}, and the calls after it run in a fresh process (up to
 * {@code maxProcesses} processes per batch, so a module where everything traps stays cheap). A
 * timeout or an unexplained death ends the batch: the running call gets {@link CallOutcome.TimedOut}
 * or {@link CallOutcome.Crashed}, the rest {@link CallOutcome.Failed} saying they did not run. A
 * call that returns but breaks the AAPCS64 (callee-saved x19..x28 or d8..d15 changed, sp not
 * restored, or popped when the convention says the caller pops) gets {@link CallOutcome.Failed}
 * naming the register: such a function would corrupt any real caller even though its own result
 * looks right.
 *
 * <p>Arguments: integers up to i128, floats and vectors up to 128 bits, in registers and on the
 * stack as {@link RegisterPlan} lays them out; a narrow integer parameter marked {@code sext}
 * arrives sign-extended to 64 bits, every other one zero-extended. Results come from x0..x7 and
 * v0..v7, cut to their type's width.
 *
 * <p>Instances are immutable and may run batches concurrently (each batch has its own temporary
 * directory).
 */
public final class QemuRunner {
    /** How to get the emulator on Debian and Ubuntu (and in CI). */
    public static final String INSTALL_HINT = "apt-get install qemu-user";
    /** Environment variable naming the emulator, overriding the search of {@code PATH}. */
    public static final String QEMU_ENV = "DAVIT_QEMU_AARCH64";
    private static final String QEMU_NAME = "qemu-aarch64";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int DEFAULT_MAX_PROCESSES = 8;
    /** Scratch passed in x8 for an indirect (struct) result (AAPCS64 §6.9). */
    private static final int SRET_SIZE = 4096;
    private static final long CANARY_X = 0x5a5a_0000_c0de_0000L, CANARY_D = 0x7ff4_dead_0000_0000L;
    /** Signals machine code raises by trapping; any other death (SIGKILL from the OOM killer, say) is a crash. */
    private static final Set<Integer> TRAP_SIGNALS =
            Set.of(Signals.SIGILL, Signals.SIGTRAP, Signals.SIGBUS, Signals.SIGFPE, Signals.SIGSEGV);
    private static final Pattern QEMU_SIGNAL = Pattern.compile("uncaught target signal (\\d+)");

    /**
     * One call of a batch.
     *
     * @param functionIndex index of the function in the module
     * @param signature     its signature (decides registers, widths and extensions)
     * @param args          one value per parameter, of the parameter's type
     */
    public record Call(int functionIndex, Signature signature, List<DataValue> args) {
        public Call {
            if (functionIndex < 0) throw new IllegalArgumentException("negative function index");
            Objects.requireNonNull(signature);
            args = List.copyOf(args);
        }
    }

    /** Thrown when {@code qemu-aarch64} cannot be found. */
    public static final class QemuNotFoundException extends JitException {
        QemuNotFoundException(String message) { super(message); }
    }

    private final Path qemu;
    private final Duration timeout;
    private final int maxProcesses;

    /** A runner with the emulator found by {@link #find()}; throws {@link QemuNotFoundException} if there is none. */
    public QemuRunner() {
        this(find().orElseThrow(() -> new QemuNotFoundException(QEMU_NAME + " not found (looked at $" + QEMU_ENV
                + " and on PATH); it runs the AArch64 code on this machine. Install it with: " + INSTALL_HINT)),
                DEFAULT_TIMEOUT, DEFAULT_MAX_PROCESSES);
    }

    /**
     * @param qemu         the {@code qemu-aarch64} executable
     * @param timeout      limit for one process (a whole batch, or what remains of it after a trap)
     * @param maxProcesses processes per batch at most (1: nothing runs after a trap)
     */
    public QemuRunner(Path qemu, Duration timeout, int maxProcesses) {
        this.qemu = Objects.requireNonNull(qemu);
        this.timeout = Objects.requireNonNull(timeout);
        if (maxProcesses < 1) throw new IllegalArgumentException("maxProcesses must be at least 1");
        this.maxProcesses = maxProcesses;
    }

    /** The same runner with another per-process time limit. */
    public QemuRunner withTimeout(Duration limit) { return new QemuRunner(qemu, limit, maxProcesses); }

    /** {@code $DAVIT_QEMU_AARCH64} if set, else {@code qemu-aarch64} on {@code PATH}. */
    public static Optional<Path> find() {
        String env = System.getenv(QEMU_ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, QEMU_NAME);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public static boolean isAvailable() { return find().isPresent(); }

    public Path qemu() { return qemu; }

    /**
     * Runs {@code calls} in order and returns one outcome per call. Throws
     * {@link dev.davit.jit.UnsupportedSignatureException} before running anything if a signature
     * is not an AArch64 one, has struct arguments or types the harness cannot pass, or returns
     * more than fits in x0..x7 and v0..v7; and {@link IllegalArgumentException}
     * for a bad function index or arguments that do not match their signature.
     */
    public List<CallOutcome> run(ModuleImage module, List<Call> calls) {
        Program program = Program.of(module);
        List<Prepared> entries = new ArrayList<>(calls.size());
        List<RegisterPlan> plans = new ArrayList<>(calls.size());
        Map<Signature, RegisterPlan> planCache = new HashMap<>();
        for (Call c : calls) {
            RegisterPlan plan = planCache.computeIfAbsent(c.signature(), RegisterPlan::of);
            plans.add(plan);
            entries.add(program.entry(c, plan));
        }
        if (program.unresolved != null) {
            List<CallOutcome> failed = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) failed.add(new CallOutcome.Failed(program.unresolved));
            return failed;
        }
        CallOutcome[] outcomes = new CallOutcome[calls.size()];
        int from = 0, processes = 0;
        while (from < calls.size()) {
            if (processes == maxProcesses) {
                for (int i = from; i < calls.size(); i++)
                    outcomes[i] = new CallOutcome.Failed("not run: " + processes + " processes already trapped in this batch");
                break;
            }
            processes++;
            Exit exit = execute(program.executable(entries.subList(from, calls.size())));
            int done = Math.min(exit.records.size(), calls.size() - from);
            for (int k = 0; k < done; k++) {
                int i = from + k;
                outcomes[i] = decode(calls.get(i), plans.get(i), exit.records.get(k));
            }
            int running = from + done;
            if (running == calls.size()) {
                if (exit.code != 0 && !exit.timedOut)
                    throw new JitException("qemu exited with status " + exit.code + " after all calls: " + exit.stderr);
                break;
            }
            if (exit.timedOut) {
                outcomes[running] = new CallOutcome.TimedOut(timeout);
                notRun(outcomes, running + 1, "call " + running + " timed out in the same process");
                break;
            }
            int signal = exit.signal();
            if (TRAP_SIGNALS.contains(signal)) {
                outcomes[running] = new CallOutcome.Trapped(signal, Signals.name(signal));
                from = running + 1;
                continue;
            }
            String reason = signal > 0 ? "qemu was killed by " + Signals.name(signal)
                    : exit.code == Harness.EXIT_SHORT_WRITE ? "the harness could not write its results"
                    : exit.code == 0 ? "the process exited before this call returned (did it make an exit syscall?)"
                    : "the process exited with status " + exit.code;
            outcomes[running] = new CallOutcome.Crashed(reason, exit.code, exit.stderr);
            notRun(outcomes, running + 1, "call " + running + " crashed the process");
            break;
        }
        return Arrays.asList(outcomes);
    }

    /**
     * The executable {@link #run} would run for {@code calls}, for looking at with
     * {@code aarch64-linux-gnu-objdump -D -b binary -m aarch64} or running by hand.
     */
    public static byte[] executable(ModuleImage module, List<Call> calls) {
        Program program = Program.of(module);
        List<Prepared> entries = new ArrayList<>();
        for (Call c : calls) entries.add(program.entry(c, RegisterPlan.of(c.signature())));
        return program.executable(entries);
    }

    private static void notRun(CallOutcome[] outcomes, int from, String why) {
        for (int i = from; i < outcomes.length; i++) outcomes[i] = new CallOutcome.Failed("not run: " + why);
    }

    // ---- the executable ----

    /** A module placed at its addresses and relocated; only the call table differs between processes. */
    private static final class Program {
        final ModuleImage module;
        final AArch64ElfWriter.Layout base;
        final byte[] text;
        final long codeAddr, rwAddr;
        /** Why the module cannot run (an outside symbol), or null. */
        String unresolved;

        private Program(ModuleImage module) {
            this.module = module;
            int codeOffset = AArch64ElfWriter.align(Harness.CODE.length, 64);
            text = new byte[codeOffset + module.code().length];
            System.arraycopy(Harness.CODE, 0, text, 0, Harness.CODE.length);
            System.arraycopy(module.code(), 0, text, codeOffset, module.code().length);
            base = AArch64ElfWriter.layout(AArch64ElfWriter.DEFAULT_BASE, text.length, module.data().length, 0, 0);
            codeAddr = base.textAddr() + codeOffset;
            rwAddr = base.rwAddr();
            ByteBuffer.wrap(text).order(ByteOrder.LITTLE_ENDIAN).putLong(Harness.CTL_SLOT, rwAddr);
            for (Reloc r : module.relocs()) {
                long target = switch (r.target()) {
                    case RelocTarget.Function f -> codeAddr + module.functions().get(f.index()).offset();
                    case RelocTarget.Data d -> base.rodataAddr() + d.offset();
                    case RelocTarget.Symbol s -> {
                        if (unresolved == null)
                            unresolved = "outside symbol " + s.name() + " cannot be resolved in a qemu executable (no libc)";
                        yield 0;
                    }
                };
                if (!(r.target() instanceof RelocTarget.Symbol))
                    Aarch64Relocator.patch(text, base.textAddr(), codeOffset + r.offset(), r.kind(), target + r.addend());
            }
        }

        static Program of(ModuleImage module) { return new Program(module); }

        /** The call table entry of {@code c} and its stack arguments. */
        Prepared entry(Call c, RegisterPlan plan) {
            if (c.functionIndex() >= module.functions().size())
                throw new IllegalArgumentException("function " + c.functionIndex() + " of " + module.functions().size());
            List<AbiParam> params = c.signature().params();
            if (c.args().size() != params.size())
                throw new IllegalArgumentException(c.signature().text() + " takes " + params.size()
                        + " arguments, got " + c.args().size());
            ByteBuffer e = ByteBuffer.allocate(Harness.ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer stack = ByteBuffer.allocate(plan.stackSize()).order(ByteOrder.LITTLE_ENDIAN);
            e.putLong(Harness.ENTRY_FN, codeAddr + module.functions().get(c.functionIndex()).offset());
            for (int i = 0; i < params.size(); i++) {
                AbiParam p = params.get(i);
                DataValue v = c.args().get(i);
                if (v.type() != p.type())
                    throw new IllegalArgumentException("argument " + i + " (" + v + ") is not of parameter type " + p.type());
                // A narrow integer's upper bits are unspecified by the AAPCS64 unless the
                // signature asks for an extension; zero is as good a value as any then.
                long lo = p.type().isInt() && p.extension() == AbiParam.Extension.SEXT ? v.signed() : v.lo();
                RegisterPlan.Loc loc = plan.params().get(i);
                switch (loc.kind()) {
                    case X -> {
                        e.putLong(Harness.ENTRY_X + 8 * loc.index(), lo);
                        if (loc.size() == 16) e.putLong(Harness.ENTRY_X + 8 * loc.index() + 8, v.hi());
                    }
                    case V -> {
                        e.putLong(Harness.ENTRY_Q + 16 * loc.index(), lo);
                        e.putLong(Harness.ENTRY_Q + 16 * loc.index() + 8, v.hi());
                    }
                    case STACK -> {
                        // An 8-byte slot gets the whole extended value; a packed (Apple) one its own bytes.
                        int n = Math.max(loc.size(), plan.stackSlotFloor());
                        for (int k = 0; k < n; k++)
                            stack.put(loc.index() + k, (byte) (k < 8 ? lo >>> (8 * k) : v.hi() >>> (8 * (k - 8))));
                    }
                }
            }
            return new Prepared(e.array(), stack.array());
        }

        byte[] executable(List<Prepared> entries) {
            int tableEnd = Harness.CTL_TABLE + entries.size() * Harness.ENTRY_SIZE;
            int stackAt = tableEnd;
            for (Prepared p : entries) tableEnd += p.stack().length;
            int sret = AArch64ElfWriter.align(tableEnd, 16);
            ByteBuffer rw = ByteBuffer.allocate(tableEnd).order(ByteOrder.LITTLE_ENDIAN);
            rw.putLong(Harness.CTL_COUNT, entries.size());
            for (int r = 0; r < 10; r++) rw.putLong(Harness.CTL_CANARY_X + 8 * r, canaryX(r));
            for (int r = 0; r < 8; r++) rw.putLong(Harness.CTL_CANARY_D + 8 * r, canaryD(r));
            for (int i = 0; i < entries.size(); i++) {
                Prepared p = entries.get(i);
                byte[] e = p.entry().clone();
                ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).putLong(Harness.ENTRY_X8, rwAddr + sret)
                        .putLong(Harness.ENTRY_STACK_ADDR, rwAddr + stackAt)
                        .putLong(Harness.ENTRY_STACK_SIZE, p.stack().length);
                rw.put(Harness.CTL_TABLE + i * Harness.ENTRY_SIZE, e);
                rw.put(stackAt, p.stack());
                stackAt += p.stack().length;
            }
            var layout = AArch64ElfWriter.layout(base.base(), text.length, module.data().length, tableEnd, sret + SRET_SIZE);
            if (layout.rwAddr() != rwAddr) throw new AssertionError("layout moved");
            return AArch64ElfWriter.write(layout, layout.textAddr(), text, module.data(), rw.array());
        }
    }

    /** A call table entry before its addresses are known, and the stack arguments it copies. */
    private record Prepared(byte[] entry, byte[] stack) {}

    private static long canaryX(int r) { return CANARY_X | (19 + r) | (long) (19 + r) << 32; }

    private static long canaryD(int r) { return CANARY_D | (8 + r) | (long) (8 + r) << 16; }

    // ---- results ----

    private static CallOutcome decode(Call c, RegisterPlan plan, byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        List<String> broken = new ArrayList<>();
        for (int r = 0; r < 10; r++)
            if (b.getLong(Harness.REC_X19 + 8 * r) != canaryX(r)) broken.add("x" + (19 + r));
        for (int r = 0; r < 8; r++)
            if (b.getLong(Harness.REC_D8 + 8 * r) != canaryD(r)) broken.add("d" + (8 + r));
        long spDelta = b.getLong(Harness.REC_SP_DELTA);
        List<DataValue> values = new ArrayList<>();
        List<AbiParam> rets = c.signature().returns();
        for (int i = 0; i < rets.size(); i++) {
            Type t = rets.get(i).type();
            RegisterPlan.Loc loc = plan.returns().get(i);
            if (loc.kind() == RegisterPlan.Kind.V) {
                int at = Harness.REC_Q + 16 * loc.index();
                values.add(new DataValue(t, b.getLong(at), b.getLong(at + 8)));
            } else if (loc.kind() == RegisterPlan.Kind.STACK) {
                // In the return area, copied into the record: its own bytes, zero above.
                int at = Harness.REC_SRET + loc.index();
                long lo = 0, hi = 0;
                for (int k = 0; k < loc.size(); k++) {
                    long byteK = b.get(at + k) & 0xFFL;
                    if (k < 8) lo |= byteK << (8 * k);
                    else hi |= byteK << (8 * (k - 8));
                }
                values.add(loc.size() == 16 ? new DataValue(t, lo, hi) : DataValue.ofInt(t, lo));
            } else {
                int at = Harness.REC_X + 8 * loc.index();
                values.add(loc.size() == 16 ? new DataValue(t, b.getLong(at), b.getLong(at + 8))
                        : DataValue.ofInt(t, b.getLong(at)));
            }
        }
        if (!broken.isEmpty())
            return new CallOutcome.Failed("function " + c.functionIndex() + " returned " + values
                    + " but did not preserve callee-saved " + String.join(", ", broken) + " (AAPCS64 §6.1.1, §6.1.2)");
        // The harness reports sp after the call against sp before it pushed the stack arguments.
        long expected = RegisterPlan.calleePops(c.signature()) ? 0 : -plan.stackSize();
        if (spDelta != expected)
            return new CallOutcome.Failed("function " + c.functionIndex() + " returned " + values
                    + " but left sp moved by " + (spDelta - expected) + " bytes");
        return new CallOutcome.Returned(values);
    }

    // ---- the process ----

    private record Exit(List<byte[]> records, int code, boolean timedOut, String stderr) {
        /** The guest signal that killed qemu, or 0. */
        int signal() {
            Matcher m = QEMU_SIGNAL.matcher(stderr);
            if (m.find()) return Integer.parseInt(m.group(1));
            // qemu-user re-raises the guest's fatal signal on itself with the default action, and
            // Process.exitValue() reports a death by signal n as 128 + n (checked: a udf gives 132).
            return code > 128 && code < 128 + 32 ? code - 128 : 0;
        }
    }

    private Exit execute(byte[] elf) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("davit-qemu-");
            Path exe = dir.resolve("calls.elf"), out = dir.resolve("stdout"), err = dir.resolve("stderr");
            Files.write(exe, elf);
            // qemu-user, like execve, refuses a file without execute permission, and only says so
            // through exit status 1 with nothing on stderr.
            if (!exe.toFile().setExecutable(true))
                throw new JitException("cannot make " + exe + " executable for " + qemu);
            // The shell only sets RLIMIT_CORE to 0 (qemu would otherwise write a guest core file on
            // every trap when core dumps are enabled) and then execs qemu, so the exit status Java
            // sees is qemu's own.
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "ulimit -c 0; exec \"$0\" \"$@\"",
                    qemu.toString(), exe.toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // Settings such as QEMU_STRACE or QEMU_CPU in the caller's environment would change what runs.
            pb.environment().keySet().removeIf(k -> k.startsWith("QEMU_"));
            Process p = pb.start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor();
            }
            byte[] stdout = Files.readAllBytes(out);
            List<byte[]> records = new ArrayList<>();
            for (int at = 0; at + Harness.RECORD_SIZE <= stdout.length; at += Harness.RECORD_SIZE) {
                byte[] rec = Arrays.copyOfRange(stdout, at, at + Harness.RECORD_SIZE);
                long index = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN).getLong(Harness.REC_INDEX);
                if (index != records.size())
                    throw new JitException("harness record " + records.size() + " carries index " + index);
                records.add(rec);
            }
            String stderr = tail(Files.readString(err, StandardCharsets.ISO_8859_1));
            return new Exit(Collections.unmodifiableList(records), finished ? p.exitValue() : -1, !finished, stderr);
        } catch (IOException e) {
            throw new JitException("running " + qemu + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JitException("interrupted while running " + qemu, e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    private static String tail(String s) {
        s = s.strip();
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A leftover temporary file is not worth failing a run for.
        }
    }
}

package dev.davit.jit.isolated;

import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.jit.JitException;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.NativeCall;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs machine code in a child JVM so that a trap or crash in it costs a process, not the caller.
 * The worker ({@link IsolatedWorker}) is started on first use with this JVM's {@code java} binary,
 * and restarted after every death. Modules are kept here as images and loaded again into a new
 * worker before their next call, so a trap is invisible to later calls except for the time a
 * restart takes.
 *
 * <p>Each call has a time limit; a call that overruns it gets its worker killed and comes back as
 * {@link CallOutcome.TimedOut}, so nothing here waits forever. Thread-safe (calls are serialized).
 */
public final class IsolatedExecutor implements AutoCloseable {
    /**
     * Settings.
     *
     * @param callTimeout  limit for one call (or load), after which the worker is killed
     * @param startTimeout limit for a worker to start and say hello
     * @param classPath    class path of the worker; null for the locations of the jit and ir classes
     * @param jvmArgs      extra JVM options for the worker
     * @param trapHandlers whether to preload libjsig and report traps by exit status (when false, or
     *                     when this JDK has no libjsig, traps are read from HotSpot's crash report)
     */
    public record Options(Duration callTimeout, Duration startTimeout, String classPath, List<String> jvmArgs,
                          boolean trapHandlers) {
        public Options {
            Objects.requireNonNull(callTimeout);
            Objects.requireNonNull(startTimeout);
            jvmArgs = List.copyOf(jvmArgs);
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(30), null, List.of(), true);
        }

        public Options withCallTimeout(Duration d) { return new Options(d, startTimeout, classPath, jvmArgs, trapHandlers); }

        public Options withTrapHandlers(boolean on) { return new Options(callTimeout, startTimeout, classPath, jvmArgs, on); }

        public Options withStartTimeout(Duration d) { return new Options(callTimeout, d, classPath, jvmArgs, trapHandlers); }

        public Options withClassPath(String cp) { return new Options(callTimeout, startTimeout, cp, jvmArgs, trapHandlers); }

        public Options withJvmArgs(List<String> args) { return new Options(callTimeout, startTimeout, classPath, args, trapHandlers); }
    }

    /** A module loaded through this executor. */
    public record Module(IsolatedExecutor owner, int id, ModuleImage image) {
        public CallOutcome call(int function, Signature sig, List<DataValue> args) {
            return owner.call(this, function, sig, args);
        }

        public CallOutcome call(String function, Signature sig, DataValue... args) {
            int i = image.indexOf(function);
            if (i < 0) throw new IllegalArgumentException("no function " + function + " in module");
            return owner.call(this, i, sig, List.of(args));
        }

        /** See {@link IsolatedExecutor#callWithResultBuffer}. */
        public CallOutcome callWithResultBuffer(int function, Signature sig, List<DataValue> args, List<Type> resultTypes) {
            return owner.callWithResultBuffer(this, function, sig, args, resultTypes);
        }
    }

    /**
     * Bytes per result in the buffer of {@link #callWithResultBuffer}: result {@code k} is stored at
     * {@code RESULT_SLOT_BYTES * k} from the buffer's address (little-endian, an i128 low half first).
     */
    public static final int RESULT_SLOT_BYTES = Protocol.RESULT_SLOT;

    private static final Pattern HOTSPOT_SIGNAL = Pattern.compile("#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
    private static final int STDERR_KEEP = 16 * 1024;
    /** How long a worker that stopped answering may take to finish dying (HotSpot may be writing a crash report). */
    private static final int DEATH_GRACE_SECONDS = 10;
    private static final String LOAD_TIMED_OUT = "loading timed out";

    private final Options options;
    private final Map<Integer, ModuleImage> modules = new HashMap<>();
    private int nextId;
    private Worker worker;
    private int started;
    private boolean closed;

    public IsolatedExecutor() { this(Options.defaults()); }

    public IsolatedExecutor(Duration callTimeout) { this(Options.defaults().withCallTimeout(callTimeout)); }

    public IsolatedExecutor(Options options) { this.options = Objects.requireNonNull(options); }

    /** How many worker processes have been started so far (1 + restarts). */
    public synchronized int workersStarted() { return started; }

    /** Pid of the current worker, or -1 if none is running. */
    public synchronized long workerPid() { return worker == null ? -1 : worker.process.pid(); }

    /** Whether the current worker reports traps through its own handlers (starts one if needed). */
    public synchronized boolean trapHandlersInstalled() throws IOException {
        return ensureWorker().handlers;
    }

    /**
     * Sends {@code image} to the worker, which links it there (outside symbols resolve in the
     * worker's C library). Throws {@link JitException} if linking fails or the worker dies.
     */
    public synchronized Module load(ModuleImage image) {
        checkOpen();
        int id = nextId++;
        modules.put(id, image);
        String failure;
        try {
            failure = loadInto(ensureWorker(), id, image);
        } catch (IOException e) {
            failure = "worker failed: " + e.getMessage();
        }
        if (failure != null) {
            modules.remove(id);
            throw new JitException("loading module into worker: " + failure);
        }
        return new Module(this, id, image);
    }

    /** Forgets {@code m} here and in the worker. */
    public synchronized void unload(Module m) {
        if (modules.remove(m.id()) == null || worker == null || !worker.loaded.remove(m.id())) return;
        try {
            worker.out.writeByte(Protocol.UNLOAD);
            worker.out.writeInt(m.id());
            worker.out.flush();
            Object r = worker.responses.poll(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!(r instanceof Ok)) discardWorker();
        } catch (IOException | InterruptedException e) {
            discardWorker();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    /**
     * Calls function {@code function} of {@code m} with {@code args}. A signature the native linker
     * cannot call is an {@link dev.davit.jit.UnsupportedSignatureException}, thrown here before
     * anything is sent.
     */
    public synchronized CallOutcome call(Module m, int function, Signature sig, List<DataValue> args) {
        check(m, function, sig, args, 0);
        return send(m, out -> {
            out.writeByte(Protocol.CALL);
            out.writeInt(m.id());
            out.writeInt(function);
            Protocol.writeSignature(out, sig);
            Protocol.writeValues(out, args);
        });
    }

    /**
     * Calls a function that hands its results back through memory rather than registers: a wrapper
     * around one whose results the native linker cannot return (several of them, or an i128). The
     * worker allocates a zeroed buffer of {@link #RESULT_SLOT_BYTES} per entry of
     * {@code resultTypes} and passes its address as the first argument; the function stores result
     * {@code k} at offset {@code RESULT_SLOT_BYTES * k}. The outcome's values are the buffer read as
     * {@code resultTypes}, narrow integers truncated to their width as returned values are.
     *
     * @param sig         the function's own signature: an {@code i64} buffer address, then the
     *                    parameters matching {@code args}; no returns
     * @param args        the arguments after the buffer address
     * @param resultTypes what the buffer holds: integers up to i128, f32, f64
     */
    public synchronized CallOutcome callWithResultBuffer(Module m, int function, Signature sig, List<DataValue> args,
                                                         List<Type> resultTypes) {
        if (sig.params().isEmpty() || sig.params().getFirst().type() != Type.I64)
            throw new IllegalArgumentException(sig.text() + " does not take a result buffer address (i64) first");
        if (!sig.returns().isEmpty())
            throw new IllegalArgumentException(sig.text() + " returns values; its results belong in the buffer");
        for (Type t : resultTypes)
            if (!(t.isInt() && t.bits() <= 128 || t == Type.F32 || t == Type.F64))
                throw new IllegalArgumentException("result type " + t + " cannot be read from a result buffer");
        check(m, function, sig, args, 1);
        List<Type> types = List.copyOf(resultTypes);
        return send(m, out -> {
            out.writeByte(Protocol.CALL_BUFFER);
            out.writeInt(m.id());
            out.writeInt(function);
            Protocol.writeSignature(out, sig);
            Protocol.writeValues(out, args);
            Protocol.writeTypes(out, types);
        });
    }

    /** Throws unless {@code args} fit {@code sig}'s parameters from {@code skip} on and {@code sig} can be called. */
    private void check(Module m, int function, Signature sig, List<DataValue> args, int skip) {
        checkOpen();
        if (m.owner() != this || !modules.containsKey(m.id())) throw new IllegalArgumentException("module not loaded here");
        if (function < 0 || function >= m.image().functions().size())
            throw new IllegalArgumentException("no function " + function + " in module");
        NativeCall.descriptor(sig);
        int n = sig.params().size() - skip;
        if (args.size() != n)
            throw new IllegalArgumentException(sig.text() + " takes " + n + " arguments here, got " + args.size());
        for (int i = 0; i < args.size(); i++)
            if (args.get(i).type() != sig.params().get(i + skip).type())
                throw new IllegalArgumentException("argument " + i + " " + args.get(i) + " is not of type "
                        + sig.params().get(i + skip).type());
    }

    private interface Request { void write(DataOutputStream out) throws IOException; }

    /** Loads {@code m} into the worker if it is not there yet, sends the call and awaits its outcome. */
    private CallOutcome send(Module m, Request request) {
        Worker w;
        try {
            w = ensureWorker();
            if (!w.loaded.contains(m.id())) {
                String failure = loadInto(w, m.id(), m.image());
                if (failure != null) {
                    if (worker != null) return new CallOutcome.Failed(failure);
                    return failure.equals(LOAD_TIMED_OUT) ? new CallOutcome.TimedOut(options.callTimeout())
                            : deathOutcome(w, failure);
                }
            }
            request.write(w.out);
            w.out.flush();
        } catch (IOException e) {
            if (worker == null) return new CallOutcome.Crashed("worker could not start: " + e.getMessage(), -1, "");
            Worker dead = worker;
            forgetWorker();
            return deathOutcome(dead, "worker stopped reading: " + e.getMessage());
        }
        Object r = await(w);
        return switch (r) {
            case Values v -> new CallOutcome.Returned(v.values);
            case Err e -> new CallOutcome.Failed(e.message);
            case Ok ok -> new CallOutcome.Failed("protocol error: unexpected OK");
            case TimedOut t -> new CallOutcome.TimedOut(options.callTimeout());
            default -> deathOutcome(w, "worker died");
        };
    }

    /** Loads into {@code w}; returns null on success, else why not (the worker may have died). */
    private String loadInto(Worker w, int id, ModuleImage image) throws IOException {
        try {
            w.out.writeByte(Protocol.LOAD);
            w.out.writeInt(id);
            Protocol.writeImage(w.out, image);
            w.out.flush();
        } catch (IOException e) {
            discardWorker();
            return "worker stopped reading: " + e.getMessage();
        }
        Object r = await(w);
        return switch (r) {
            case Ok ok -> {
                w.loaded.add(id);
                yield null;
            }
            case Err e -> e.message;
            case TimedOut t -> LOAD_TIMED_OUT;
            default -> "worker died while loading";
        };
    }

    /** The worker's next response; on timeout or death the worker is discarded. */
    private Object await(Worker w) {
        Object r;
        try {
            r = w.responses.poll(options.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardWorker();
            return Eof.INSTANCE;
        }
        if (r == null) {
            discardWorker();
            return TimedOut.INSTANCE;
        }
        // A worker that closed its output is dying on its own, maybe still writing a crash report:
        // let deathOutcome wait for it rather than kill it mid-report.
        if (r instanceof Eof) forgetWorker();
        return r;
    }

    /** Classifies the end of a worker that is (or is being) discarded. */
    private CallOutcome deathOutcome(Worker w, String reason) {
        int status;
        try {
            if (!w.process.waitFor(DEATH_GRACE_SECONDS, TimeUnit.SECONDS)) w.process.destroyForcibly();
            status = w.process.waitFor();
            w.stderrPump.join(2000);
            w.reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CallOutcome.Crashed(reason + " (interrupted)", -1, w.stderr());
        }
        String err = w.stderr();
        if (status > 128 && Signals.isTrapSignal(status - 128))
            return new CallOutcome.Trapped(status - 128, Signals.name(status - 128));
        // Without our handlers HotSpot reports the fault itself ("#  SIGSEGV (0xb) at pc=...") and aborts.
        Matcher mt = HOTSPOT_SIGNAL.matcher(err);
        if (mt.find() && Signals.number(mt.group(1)) > 0) {
            w.deleteErrorFile();
            int sig = Signals.number(mt.group(1));
            return new CallOutcome.Trapped(sig, Signals.name(sig));
        }
        if (status > 128) reason += " (killed by " + Signals.name(status - 128) + ")";
        if (Files.exists(w.errorFile)) reason += "; HotSpot's report: " + w.errorFile;
        return new CallOutcome.Crashed(reason, status, err);
    }

    private Worker ensureWorker() throws IOException {
        if (worker != null && worker.process.isAlive()) return worker;
        if (worker != null) discardWorker();
        worker = startWorker();
        started++;
        return worker;
    }

    /** Stops using the current worker without killing it. */
    private void forgetWorker() {
        Worker w = worker;
        worker = null;
        if (w == null) return;
        try {
            w.out.close();
        } catch (IOException ignored) {
            // It is dying; nothing to flush to.
        }
    }

    /** Stops using the current worker and kills it. */
    private void discardWorker() {
        Worker w = worker;
        worker = null;
        if (w == null) return;
        try {
            w.out.close();
        } catch (IOException ignored) {
            // It is dead or being killed; nothing to flush to.
        }
        if (w.process.isAlive()) {
            w.process.destroyForcibly();
            try {
                // SIGKILL cannot be ignored; the wait is bounded all the same.
                w.process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Worker startWorker() throws IOException {
        String javaHome = System.getProperty("java.home");
        Path java = Path.of(javaHome, "bin", "java");
        String classPath = options.classPath() != null ? options.classPath() : workerClassPath();
        Path errorFile = Path.of(System.getProperty("java.io.tmpdir"), "davit-jit-worker-hs_err_pid%p.log");
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                // Startup speed matters more than peak speed: a worker is restarted after every trap.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-Xmx256m",
                // If HotSpot does report a crash, keep it off the protocol stream and out of the cwd.
                "-XX:+DisplayVMOutputToStderr", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + errorFile));
        cmd.addAll(options.jvmArgs());
        cmd.addAll(List.of("-cp", classPath, IsolatedWorker.class.getName(), Long.toString(ProcessHandle.current().pid())));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path jsig = TrapHandlers.libjsig(javaHome);
        if (options.trapHandlers() && jsig != null) {
            String old = pb.environment().get("LD_PRELOAD");
            pb.environment().put("LD_PRELOAD", old == null || old.isEmpty() ? jsig.toString() : jsig + ":" + old);
        } else {
            pb.environment().remove("LD_PRELOAD");
        }
        Process p = pb.start();
        Worker w = new Worker(p, errorFile);
        Object hello;
        try {
            hello = w.responses.poll(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting the worker");
        }
        if (!(hello instanceof Hello h)) {
            p.destroyForcibly();
            try {
                w.stderrPump.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("worker did not start (" + (hello == null ? "timed out" : "exited") + "): " + w.stderr());
        }
        w.handlers = h.handlers;
        return w;
    }

    /** Where the worker's classes (this module, the IR, codegen's relocation kinds) come from: directories or jars. */
    private static String workerClassPath() {
        Set<String> parts = new LinkedHashSet<>();
        for (Class<?> c : List.of(IsolatedWorker.class, DataValue.class, dev.davit.codegen.buffer.RelocKind.class)) {
            try {
                var src = c.getProtectionDomain().getCodeSource();
                if (src == null) return System.getProperty("java.class.path");
                parts.add(Path.of(src.getLocation().toURI()).toString());
            } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
                return System.getProperty("java.class.path");
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("executor closed");
    }

    /** Asks the worker to quit and makes sure it is gone. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Worker w = worker;
        worker = null;
        if (w == null) return;
        try {
            w.out.writeByte(Protocol.QUIT);
            w.out.flush();
            w.out.close();
            if (!w.process.waitFor(2, TimeUnit.SECONDS)) w.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            w.process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.process.destroyForcibly();
        }
    }

    // Responses as the reader thread hands them over.
    private record Hello(boolean handlers) {}

    private record Ok() {}

    private record Values(List<DataValue> values) {}

    private record Err(String message) {}

    private enum Eof { INSTANCE }

    private enum TimedOut { INSTANCE }

    /** One worker process with its reader and stderr threads. */
    private static final class Worker {
        final Process process;
        final DataOutputStream out;
        final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
        final Set<Integer> loaded = new HashSet<>();
        final Thread stderrPump;
        final Path errorFile;
        private final StringBuilder stderr = new StringBuilder();
        /** Whatever came on stdout that was not a response. */
        private final StringBuilder stray = new StringBuilder();
        final Thread reader;
        boolean handlers;

        Worker(Process process, Path errorFilePattern) {
            this.process = process;
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            this.errorFile = Path.of(errorFilePattern.toString().replace("%p", Long.toString(process.pid())));
            this.reader = Thread.ofVirtual().name("davit-jit-reader-" + process.pid()).unstarted(this::readLoop);
            this.stderrPump = Thread.ofVirtual().name("davit-jit-stderr-" + process.pid()).unstarted(this::pumpStderr);
            reader.start();
            stderrPump.start();
        }

        private void readLoop() {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
                if (in.readInt() != Protocol.MAGIC) throw new IOException("bad hello");
                responses.add(new Hello(in.readBoolean()));
                while (true) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case Protocol.OK -> responses.add(new Ok());
                        case Protocol.RESULT -> responses.add(new Values(Protocol.readValues(in)));
                        case Protocol.ERROR -> responses.add(new Err(in.readUTF()));
                        default -> {
                            // Not ours: HotSpot writes its fatal-error header to fd 1. Keep it for
                            // deathOutcome, and keep the pipe open so the dying JVM is not cut short.
                            responses.add(Eof.INSTANCE);
                            append(stray, new byte[] {(byte) tag}, 1);
                            byte[] buf = new byte[4096];
                            int n;
                            while ((n = in.read(buf)) >= 0) append(stray, buf, n);
                            return;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                responses.add(Eof.INSTANCE);
            }
        }

        private static void append(StringBuilder sb, byte[] buf, int n) {
            synchronized (sb) {
                sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (sb.length() > 2 * STDERR_KEEP) sb.delete(0, sb.length() - STDERR_KEEP);
            }
        }

        private void pumpStderr() {
            byte[] buf = new byte[4096];
            try (InputStream err = process.getErrorStream()) {
                int n;
                while ((n = err.read(buf)) >= 0) append(stderr, buf, n);
            } catch (IOException ignored) {
                // The process is gone; what was read is all there is.
            }
        }

        /** Stray standard output (if any) followed by the tail of standard error. */
        String stderr() {
            return tail(stray) + tail(stderr);
        }

        private static String tail(StringBuilder sb) {
            synchronized (sb) {
                return sb.length() > STDERR_KEEP ? sb.substring(sb.length() - STDERR_KEEP) : sb.toString();
            }
        }

        void deleteErrorFile() {
            try {
                Files.deleteIfExists(errorFile);
            } catch (IOException ignored) {
                // Only tidiness.
            }
        }
    }
}

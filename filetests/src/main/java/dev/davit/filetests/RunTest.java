package dev.davit.filetests;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.AbiParam;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.Function;
import dev.davit.ir.interpreter.RunLine;
import dev.davit.ir.interpreter.RunTests;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.jit.RelocTarget;
import dev.davit.jit.isolated.CallOutcome;
import dev.davit.jit.isolated.IsolatedExecutor;
import dev.davit.jit.qemu.QemuRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code test run} on a compiled target. On the first function of a file, all its functions are
 * compiled for the target into one module and every {@code ; run:} line of the file is executed:
 * x86-64 code in an isolated worker process, AArch64 code in one {@code qemu-aarch64} process per
 * file; a crash or trap fails its run line, never the runner. Each function then reports its own
 * lines, compared with their expectations as the interpreter's run lines are.
 */
final class RunTest implements SubTest {
    private final TargetIsa isa;
    private boolean done;
    private String fileFailure;
    /** Problem per run-line source line; absent when the line held. */
    private final Map<Integer, String> problems = new HashMap<>();

    RunTest(TargetIsa isa) { this.isa = isa; }

    @Override public String name() { return "run"; }

    private static IsolatedExecutor executor;

    /** One worker process for the whole run; started on first use, ended with the JVM. */
    private static synchronized IsolatedExecutor executor() {
        if (executor == null) {
            // Runtests may put megabytes in stack slots (inline-probestack): give the worker's
            // calling thread a stack of that order instead of the JVM's default 1 MiB.
            IsolatedExecutor.Options d = IsolatedExecutor.Options.defaults();
            executor = new IsolatedExecutor(new IsolatedExecutor.Options(d.callTimeout(), d.startTimeout(), d.classPath(),
                    List.of("-Xss64m"), d.trapHandlers()));
            Runtime.getRuntime().addShutdownHook(new Thread(executor::close));
        }
        return executor;
    }

    private record Line(int sourceLine, int function, RunLine run, String callee) {}

    /** A function that stores another's results into a buffer: its module index and signature. */
    private record Wrapper(int index, Signature sig) {}

    /** Wrappers by the index of the function they call. */
    private final Map<Integer, Wrapper> wrappers = new HashMap<>();

    /**
     * Whether {@code f}'s results cannot come back through the native linker (several values, or an
     * i128) but can through a buffer, so that calls go through a wrapper.
     */
    private static boolean needsWrapper(Function f) {
        Signature sig = f.signature();
        boolean wide = sig.returns().stream().anyMatch(r -> r.type() == Type.I128);
        if (sig.returns().size() < 2 && !wide) return false;
        for (AbiParam r : sig.returns())
            if (!(r.type().isInt() && r.type().bits() <= 128 || r.type() == Type.F32 || r.type() == Type.F64)) return false;
        return true;
    }

    /**
     * A system_v function that calls {@code f} and stores its results through its first parameter,
     * one per {@link IsolatedExecutor#RESULT_SLOT_BYTES}: compiled by the backend under test, so
     * that it, not a hand-written trampoline, speaks {@code f}'s convention.
     */
    static String wrapperText(String wrapperName, String calleeName, Signature sig) {
        StringBuilder sb = new StringBuilder("function %").append(wrapperName).append("(i64");
        for (AbiParam p : sig.params()) sb.append(", ").append(p.type());
        sb.append(") system_v {\n    fn0 = colocated %").append(calleeName).append(sig.text()).append("\n\nblock0(v0: i64");
        int n = sig.params().size();
        for (int i = 0; i < n; i++) sb.append(", v").append(i + 1).append(": ").append(sig.params().get(i).type());
        sb.append("):\n    ");
        int first = n + 1;
        for (int k = 0; k < sig.returns().size(); k++) sb.append(k > 0 ? ", " : "").append('v').append(first + k);
        sb.append(" = call fn0(");
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append('v').append(i + 1);
        sb.append(")\n");
        for (int k = 0; k < sig.returns().size(); k++)
            sb.append("    store notrap v").append(first + k).append(", v0+").append(k * IsolatedExecutor.RESULT_SLOT_BYTES).append('\n');
        return sb.append("    return\n}\n").toString();
    }

    private void runFile(TestContext ctx) {
        done = true;
        List<ParsedFunction> fs = ctx.file().functions();
        List<String> names = new ArrayList<>();
        for (ParsedFunction pf : fs) names.add(pf.function().name().text());
        ModuleImage.Builder b = ModuleImage.builder();
        for (ParsedFunction pf : fs) {
            String failure = add(b, pf.function(), names);
            if (failure != null) {
                fileFailure = ctx.at(pf.details().startLine(), failure);
                return;
            }
        }
        List<String> stripped = new ArrayList<>();
        for (String n : names) stripped.add(strip(n));
        List<Line> lines = new ArrayList<>();
        for (ParsedFunction pf : fs) {
            for (Comment c : pf.details().comments()) {
                String callee = RunLine.calledFunction(c.text());
                if (callee == null) continue;
                int index = stripped.indexOf(strip(callee));
                if (index < 0) {
                    problems.put(c.line(), "run line calls unknown function %" + callee);
                    continue;
                }
                try {
                    lines.add(new Line(c.line(), index, RunLine.parse(c.text(), fs.get(index).function().signature()), callee));
                } catch (IllegalArgumentException e) {
                    problems.put(c.line(), "bad run line: " + e.getMessage());
                }
            }
        }
        // The (aarch64) qemu runner has no buffer calls; there such functions still fail as before.
        Map<Integer, String> wrapperFailures = new HashMap<>();
        if (!isa.name().equals("aarch64")) {
            for (int i = 0; i < fs.size(); i++) {
                Function f = fs.get(i).function();
                int fi = i;
                // Only called functions: a wrapper the backend cannot compile must not fail a file that never calls it.
                if (!needsWrapper(f) || !f.name().text().startsWith("%") || lines.stream().noneMatch(l -> l.function == fi)) continue;
                String name = "__davit_wrap_" + strip(f.name().text());
                Function w;
                try {
                    w = ClifParser.parseTestFile(wrapperText(name, strip(f.name().text()), f.signature()), name)
                            .functions().getFirst().function();
                } catch (ParseError e) {
                    throw new IllegalStateException("wrapper for " + f.name().text() + " does not parse: " + e.getMessage(), e);
                }
                String failure = add(b, w, names);
                if (failure != null) {
                    wrapperFailures.put(i, "no wrapper to call it through: " + failure);
                    continue;
                }
                wrappers.put(i, new Wrapper(names.size(), w.signature()));
                names.add(w.name().text());
            }
        }
        ModuleImage image = b.build();
        List<CallOutcome> outcomes = new ArrayList<>(lines.size());
        if (isa.name().equals("aarch64")) {
            List<QemuRunner.Call> calls = new ArrayList<>();
            for (Line l : lines)
                calls.add(new QemuRunner.Call(l.function, fs.get(l.function).function().signature(), List.of(l.run.args())));
            try {
                outcomes.addAll(new QemuRunner().run(image, calls));
            } catch (RuntimeException e) {
                fileFailure = ctx.at(fs.get(0).details().startLine(), "cannot run under qemu-aarch64: " + e.getMessage());
                return;
            }
        } else {
            IsolatedExecutor.Module module = executor().load(image);
            try {
                for (Line l : lines) {
                    Signature sig = fs.get(l.function).function().signature();
                    Wrapper w = wrappers.get(l.function);
                    if (wrapperFailures.containsKey(l.function)) {
                        outcomes.add(new CallOutcome.Failed(wrapperFailures.get(l.function)));
                    } else if (w == null) {
                        outcomes.add(module.call(l.function, sig, List.of(l.run.args())));
                    } else {
                        List<Type> types = sig.returns().stream().map(AbiParam::type).toList();
                        outcomes.add(module.callWithResultBuffer(w.index, w.sig, List.of(l.run.args()), types));
                    }
                }
            } finally {
                executor().unload(module);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            String p = problem(l, outcomes.get(i));
            if (p != null) problems.put(l.sourceLine, "[" + isa.name() + "] " + p);
        }
    }

    /**
     * Compiles {@code f} into {@code b}, linking its calls by name among {@code names} (as written,
     * {@code %} included); null if done, else why not (and {@code b} is unchanged).
     */
    private String add(ModuleImage.Builder b, Function f, List<String> names) {
        CompiledCode cc;
        try {
            cc = isa.compile(f, false);
        } catch (TargetIsa.CompileError | RuntimeException e) {
            return "cannot compile " + f.name().text() + " for " + isa.name() + ": " + e.getMessage();
        }
        List<Reloc> relocs = new ArrayList<>();
        for (MachBufferFinalized.Reloc r : cc.buffer().relocs()) {
            String target = calleeName(f, r.name());
            int index = target == null ? -1 : names.indexOf(target);
            if (index < 0)
                return f.name().text() + " refers to " + (target == null ? "fn" + r.name() : target)
                        + ", which is not a function of this file (test run links only those)";
            relocs.add(new Reloc(r.offset(), dev.davit.jit.RelocKind.valueOf(r.kind().name()), RelocTarget.function(index), r.addend()));
        }
        b.function(strip(f.name().text()), Arrays.copyOf(cc.bytes(), cc.buffer().totalSize()), relocs);
        return null;
    }

    private static String problem(Line l, CallOutcome out) {
        String call = "%" + strip(l.callee) + "(" + RunTests.list(l.run.args()) + ")";
        return switch (out) {
            case CallOutcome.Returned r -> {
                DataValue[] actual = r.values().toArray(new DataValue[0]);
                boolean same = RunTests.sameValues(actual, l.run.expected());
                yield same == l.run.equals() ? null : call + " " + (l.run.equals() ? "==" : "!=") + " "
                        + RunTests.list(l.run.expected()) + ", actual: " + RunTests.list(actual);
            }
            case CallOutcome.Trapped t -> call + " trapped (" + t.name() + ")";
            case CallOutcome.Crashed cr -> call + " crashed: " + cr.reason();
            case CallOutcome.TimedOut to -> call + " timed out after " + to.limit();
            case CallOutcome.Failed fl -> call + ": " + fl.message();
        };
    }

    /**
     * The name a relocation's name reference stands for: backends name callees by their {@code fnN}
     * index, whose external name is a test-case name ({@code %callee}) or a user name resolved
     * through the function's parameters. Null when there is no such function reference.
     */
    private static String calleeName(Function f, int fnRef) {
        ExtFuncData ext = f.dfg().extFunc(fnRef);
        if (ext == null) return null;
        return switch (ext.name()) {
            case ExternalName.TestCase t -> "%" + t.name();
            case ExternalName.User u -> u.ref() < f.params().numUserNames() ? f.params().userName(u.ref()).text() : null;
            case ExternalName.LibCall l -> "%" + l.name();
            case ExternalName.KnownSymbol k -> "%" + k.name();
        };
    }

    private static String strip(String name) { return name.startsWith("%") ? name.substring(1) : name; }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction pf) {
        if (!done) runFile(ctx);
        if (fileFailure != null) return Outcome.fail(fileFailure);
        boolean ran = false;
        for (Comment c : pf.details().comments()) {
            if (RunLine.calledFunction(c.text()) == null) continue;
            String p = problems.get(c.line());
            if (p != null) return Outcome.fail(ctx.at(c.line(), p));
            ran = true;
        }
        return ran ? Outcome.PASS : Outcome.skip("no run lines");
    }
}

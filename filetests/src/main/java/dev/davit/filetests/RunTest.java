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
     * Whether {@code f} cannot be called through the native linker (several results, or an i128
     * parameter or result) but can through a wrapper: results go to a buffer, i128 parameters come
     * in as two i64 halves.
     */
    private static boolean needsWrapper(Function f) {
        Signature sig = f.signature();
        boolean wide = sig.returns().stream().anyMatch(r -> r.type() == Type.I128)
                || sig.params().stream().anyMatch(p -> p.type() == Type.I128);
        if (sig.returns().size() < 2 && !wide) return false;
        for (AbiParam r : sig.returns()) if (!wrappable(r.type())) return false;
        for (AbiParam p : sig.params()) if (!wrappable(p.type())) return false;
        return true;
    }

    private static boolean wrappable(Type t) {
        return t.isInt() && t.bits() <= 128 || t == Type.F32 || t == Type.F64;
    }

    /**
     * A system_v function that calls {@code f} and stores its results through its first parameter,
     * one per {@link IsolatedExecutor#RESULT_SLOT_BYTES}: compiled by the backend under test, so
     * that it, not a hand-written trampoline, speaks {@code f}'s convention. An i128 parameter of
     * {@code f} is two i64 parameters of the wrapper (low half first), joined with iconcat.
     */
    static String wrapperText(String wrapperName, String calleeName, Signature sig) {
        StringBuilder head = new StringBuilder("function %").append(wrapperName).append("(i64");
        StringBuilder params = new StringBuilder("v0: i64");
        StringBuilder body = new StringBuilder();
        StringBuilder callArgs = new StringBuilder();
        int next = 1;
        for (AbiParam p : sig.params()) {
            if (callArgs.length() > 0) callArgs.append(", ");
            if (p.type() == Type.I128) {
                head.append(", i64, i64");
                params.append(", v").append(next).append(": i64, v").append(next + 1).append(": i64");
                body.append("    v").append(next + 2).append(" = iconcat v").append(next).append(", v").append(next + 1).append('\n');
                callArgs.append('v').append(next + 2);
                next += 3;
            } else {
                head.append(", ").append(p.type());
                params.append(", v").append(next).append(": ").append(p.type());
                callArgs.append('v').append(next);
                next++;
            }
        }
        StringBuilder sb = new StringBuilder(head).append(") system_v {\n    fn0 = colocated %").append(calleeName)
                .append(sig.text()).append("\n\nblock0(").append(params).append("):\n").append(body).append("    ");
        int first = next;
        int nr = sig.returns().size();
        for (int k = 0; k < nr; k++) sb.append(k > 0 ? ", " : "").append('v').append(first + k);
        if (nr > 0) sb.append(" = ");
        sb.append("call fn0(").append(callArgs).append(")\n");
        for (int k = 0; k < nr; k++)
            sb.append("    store notrap v").append(first + k).append(", v0+").append(k * IsolatedExecutor.RESULT_SLOT_BYTES).append('\n');
        return sb.append("    return\n}\n").toString();
    }

    /** A run line's arguments as the wrapper takes them: each i128 as its two i64 halves. */
    private static List<DataValue> wrapperArgs(DataValue[] args) {
        List<DataValue> out = new ArrayList<>(args.length + 2);
        for (DataValue a : args) {
            if (a.type() == Type.I128) {
                out.add(DataValue.ofInt(Type.I64, a.lo()));
                out.add(DataValue.ofInt(Type.I64, a.hi()));
            } else {
                out.add(a);
            }
        }
        return out;
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
                        outcomes.add(module.callWithResultBuffer(w.index, w.sig, wrapperArgs(l.run.args()), types));
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
            relocs.add(new Reloc(r.offset(), r.kind(), RelocTarget.function(index), r.addend()));
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

package dev.davit.filetests;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.DataValue;
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

    private void runFile(TestContext ctx) {
        done = true;
        List<ParsedFunction> fs = ctx.file().functions();
        List<String> names = new ArrayList<>();
        for (ParsedFunction pf : fs) names.add(pf.function().name().text());
        ModuleImage.Builder b = ModuleImage.builder();
        for (ParsedFunction pf : fs) {
            Function f = pf.function();
            CompiledCode cc;
            try {
                cc = isa.compile(f, false);
            } catch (TargetIsa.CompileError | RuntimeException e) {
                fileFailure = ctx.at(pf.details().startLine(), "cannot compile " + f.name().text() + " for " + isa.name() + ": "
                        + e.getMessage());
                return;
            }
            List<Reloc> relocs = new ArrayList<>();
            for (MachBufferFinalized.Reloc r : cc.buffer().relocs()) {
                String target = calleeName(f, r.name());
                int index = target == null ? -1 : names.indexOf(target);
                if (index < 0) {
                    fileFailure = ctx.at(pf.details().startLine(), f.name().text() + " refers to " + (target == null ? "fn" + r.name()
                            : target) + ", which is not a function of this file (test run links only those)");
                    return;
                }
                relocs.add(new Reloc(r.offset(), dev.davit.jit.RelocKind.valueOf(r.kind().name()), RelocTarget.function(index), r.addend()));
            }
            b.function(strip(f.name().text()), Arrays.copyOf(cc.bytes(), cc.buffer().totalSize()), relocs);
        }
        for (int i = 0; i < names.size(); i++) names.set(i, strip(names.get(i)));
        List<Line> lines = new ArrayList<>();
        for (ParsedFunction pf : fs) {
            for (Comment c : pf.details().comments()) {
                String callee = RunLine.calledFunction(c.text());
                if (callee == null) continue;
                int index = names.indexOf(strip(callee));
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
                for (Line l : lines) outcomes.add(module.call(l.function, fs.get(l.function).function().signature(), List.of(l.run.args())));
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

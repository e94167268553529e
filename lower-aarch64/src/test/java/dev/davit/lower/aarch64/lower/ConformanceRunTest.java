package dev.davit.lower.aarch64.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.AbiParam;
import dev.davit.ir.Function;
import dev.davit.ir.Signature;
import dev.davit.ir.interpreter.RunLine;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.reader.TestFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cranelift's runtests with {@code target aarch64}, read in place from the conformance directory
 * (system property {@code davit.conformance}, else {@code ../../shared/conformance}): every function
 * the backend compiles (the rest use instructions or types out of its scope, and must fail with
 * "unsupported", never otherwise) whose signature is integers up to 64 bits with one result has its
 * {@code ; run: %f(...) == ...} lines executed under qemu, one process per function.
 *
 * <p>Not the filetest runner's {@code test run} (that lives in the filetests module): a check of
 * the backend on real programs.
 */
class ConformanceRunTest {
    /** Functions run when this was written; the number may only grow. */
    static final int MIN_FUNCTIONS_RUN = 527;

    static Path runtests() {
        String p = System.getProperty("davit.conformance");
        return Path.of(p != null && !p.isBlank() ? p : "../../shared/conformance").resolve("clif/runtests");
    }

    static boolean scalarIntSignature(Signature sig) {
        boolean ok = sig.returns().size() == 1 && sig.params().size() <= 8;
        for (AbiParam a : sig.params()) {
            ok &= a.type().isInt() && a.type().bits() <= 64;
        }
        for (AbiParam a : sig.returns()) {
            ok &= a.type().isInt() && a.type().bits() <= 64;
        }
        return ok;
    }

    @Test
    void compiledRuntestsPassUnderQemu() throws Exception {
        Path dir = runtests();
        assumeTrue(Files.isDirectory(dir), "no conformance runtests at " + dir);
        assumeTrue(QemuRunner.available(), "qemu-aarch64 is not installed (Debian: apt-get install qemu-user)");
        List<Path> paths;
        try (var s = Files.list(dir)) {
            paths = s.filter(p -> p.toString().endsWith(".clif")).sorted().toList();
        }
        int functions = 0, compiled = 0, ran = 0, lines = 0;
        List<String> failures = new ArrayList<>();
        for (Path p : paths) {
            String text = Files.readString(p);
            if (!text.contains("target aarch64")) {
                continue;
            }
            TestFile tf = ClifParser.parseTestFile(text, p.getFileName().toString());
            for (ParsedFunction pf : tf.functions()) {
                Function f = pf.function();
                functions++;
                CompiledCode cc;
                try {
                    cc = LowerTestSupport.compile(f);
                    compiled++;
                } catch (TargetIsa.CompileError e) {
                    String m = String.valueOf(e.getMessage());
                    if (!m.contains("unsupported") && !m.contains("not supported yet")) {
                        failures.add(p.getFileName() + " " + f.name().text() + ": " + m);
                    }
                    continue;
                }
                // Calls and function addresses need the file's functions linked together, which
                // this runner of one function's bytes does not do: filetests' test run covers them.
                if (!scalarIntSignature(f.signature()) || !cc.buffer().relocs().isEmpty()) {
                    continue;
                }
                String name = f.name().text().substring(1);
                List<QemuRunner.Call> calls = new ArrayList<>();
                for (Comment c : pf.details().comments()) {
                    if (!name.equals(RunLine.calledFunction(c.text()))) {
                        continue;
                    }
                    RunLine rl = RunLine.parse(c.text(), f.signature());
                    if (!rl.equals()) {
                        continue;
                    }
                    long[] args = new long[rl.args().length];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = rl.args()[i].signed();
                    }
                    calls.add(new QemuRunner.Call(args, rl.expected()[0].unsigned()));
                }
                if (calls.isEmpty()) {
                    continue;
                }
                ran++;
                lines += calls.size();
                int bits = f.signature().returns().get(0).type().bits();
                QemuRunner.Outcome o = QemuRunner.run(cc.bytes(), false, bits == 64 ? -1 : (1L << bits) - 1, calls);
                if (!o.ok()) {
                    failures.add(p.getFileName() + " " + f.name().text() + ": exit " + o.exitCode()
                            + (o.failedIndex() >= 0 ? ", run line " + o.failedIndex() + " " + Arrays.toString(calls.get((int) o.failedIndex()).args())
                                    + " returned " + Long.toHexString(o.actual()) : ""));
                }
            }
        }
        System.out.printf("aarch64 runtests: %d functions, %d compiled, %d run (%d run lines), %d failures%n",
                functions, compiled, ran, lines, failures.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(ran >= MIN_FUNCTIONS_RUN, "only " + ran + " functions ran, fewer than " + MIN_FUNCTIONS_RUN);
    }
}

package dev.davit.filetests;

import dev.davit.ir.reader.IsaLine;
import dev.davit.ir.reader.TestCommand;
import dev.davit.ir.reader.TestFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@code test} commands to {@link SubTest}s. Target-independent commands (cat, verifier,
 * print-cfg, domtree, interpret) run once; target-specific ones (compile, run, optimize) would run
 * once per {@code target} line and are skipped until a backend for the target exists.
 */
final class SubTests {
    private SubTests() {}

    /** The pseudo-target name that selects the interpreter in {@code --target}. */
    static final String INTERPRET = "interpret";

    /**
     * Fills {@code out} with the sub-tests for {@code cmd}; returns a skip reason instead when the
     * command cannot run here or is filtered out by {@code --target}.
     */
    static String create(TestCommand cmd, TestFile file, FileTestRunner.Options opts, List<SubTest> out) {
        String filter = opts.target();
        switch (cmd.name()) {
            case "cat", "verifier", "print-cfg", "domtree" -> {
                if (filter != null) return "not selected by --target " + filter;
                out.add(switch (cmd.name()) {
                    case "cat" -> new CatTest();
                    case "verifier" -> new VerifierTest();
                    case "print-cfg" -> new PrintCfgTest();
                    default -> new DomtreeTest();
                });
                return null;
            }
            case "interpret" -> {
                if (filter != null && !filter.equals(INTERPRET)) return "not selected by --target " + filter;
                out.add(new InterpretTest());
                return null;
            }
            case "run", "compile", "optimize", "alias-analysis" -> {
                List<String> targets = targets(file);
                if (filter != null && (filter.equals(INTERPRET) || !targets.contains(filter)))
                    return "not selected by --target " + filter;
                if (targets.isEmpty()) return "no target line";
                return "no backend for " + String.join(", ", filter != null ? List.of(filter) : targets) + " yet";
            }
            default -> {
                out.add(new SubTest() {
                    @Override public String name() { return cmd.name(); }

                    @Override public Outcome run(TestContext ctx, dev.davit.ir.reader.ParsedFunction f) {
                        return Outcome.fail(ctx.at(cmd.line(), "unknown test command '" + cmd.name() + "'"));
                    }
                });
                return null;
            }
        }
    }

    /** The ISA names of the file's {@code target} lines, in order. */
    static List<String> targets(TestFile file) {
        List<String> out = new ArrayList<>();
        for (IsaLine l : file.isaLines()) {
            if (l.kind().equals("target") && !l.words().isEmpty()) out.add(l.words().get(0));
        }
        return out;
    }
}

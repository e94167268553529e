package dev.davit.filetests;

import dev.davit.codegen.isa.IsaProvider;
import dev.davit.codegen.isa.IsaRegistry;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.reader.IsaLine;
import dev.davit.ir.reader.TestCommand;
import dev.davit.ir.reader.TestFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@code test} commands to {@link SubTest}s. Target-independent commands (cat, verifier,
 * print-cfg, domtree, interpret) run once; {@code compile} and {@code run} run once per
 * {@code target} line whose backend exists (and, for {@code run}, can execute here), with the
 * {@code set} lines above it and the register-allocation checker always on; {@code optimize} and
 * {@code alias-analysis} are skipped until the mid-end exists.
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
            case "run", "compile" -> {
                if (opts.runOn() != null) return runOn(file, opts, out);
                List<String> targets = targets(file);
                if (filter != null && (filter.equals(INTERPRET) || !targets.contains(filter)))
                    return "not selected by --target " + filter;
                if (targets.isEmpty()) return "no target line";
                List<String> missing = new ArrayList<>();
                Flags.Builder shared = SharedSettings.GROUP.builder();
                try {
                    // Filetests check every register allocation, whatever the file's own settings.
                    shared.apply("regalloc_checker=true");
                } catch (SettingError e) {
                    throw new IllegalStateException(e);
                }
                try {
                    for (String o : opts.settings()) shared.apply(o);
                } catch (SettingError e) {
                    out.add(failing(cmd.name(), "--set: " + e.getMessage()));
                    return null;
                }
                for (IsaLine l : file.isaLines()) {
                    try {
                        if (l.kind().equals("set")) {
                            for (String w : l.words()) shared.apply(w);
                            shared.apply("regalloc_checker=true");
                            for (String o : opts.settings()) shared.apply(o);
                            continue;
                        }
                        if (!l.kind().equals("target") || l.words().isEmpty()) continue;
                        String arch = l.words().get(0);
                        if (filter != null && !filter.equals(arch)) continue;
                        IsaProvider p = IsaRegistry.provider(arch);
                        if (p == null) {
                            missing.add("no backend for " + arch + " yet");
                            continue;
                        }
                        if (cmd.name().equals("compile")) {
                            out.add(new CompileTest(IsaRegistry.lookup(l.words(), shared.build())));
                            continue;
                        }
                        if (!p.canRunHere()) {
                            missing.add(arch + " code cannot run on this machine");
                            continue;
                        }
                        out.add(new RunTest(IsaRegistry.lookup(l.words(), shared.build())));
                    } catch (SettingError e) {
                        out.add(failing(cmd.name(), file.fileName() + ":" + l.line() + ": " + e.getMessage()));
                    }
                }
                return out.isEmpty() ? String.join("; ", missing.stream().distinct().toList()) : null;
            }
            case "optimize", "alias-analysis" -> {
                List<String> targets = targets(file);
                if (filter != null && (filter.equals(INTERPRET) || !targets.contains(filter)))
                    return "not selected by --target " + filter;
                if (targets.isEmpty()) return "no target line";
                return "test " + cmd.name() + " is not supported yet";
            }
            default -> {
                out.add(failing(cmd.name(), null));
                return null;
            }
        }
    }

    /** A sub-test that fails every function: an unknown command, or a bad {@code set}/{@code target} line. */
    private static SubTest failing(String name, String message) {
        return new SubTest() {
            @Override public String name() { return name; }

            @Override public Outcome run(TestContext ctx, dev.davit.ir.reader.ParsedFunction f) {
                return Outcome.fail(message != null ? message : ctx.at(ctx.command().line(), "unknown test command '" + name + "'"));
            }
        };
    }

    /** The ISA names of the file's {@code target} lines, in order. */
    /** {@code clif-util run}: the file's {@code set} lines, then the options', on {@code opts.runOn()}. */
    private static String runOn(TestFile file, FileTestRunner.Options opts, List<SubTest> out) {
        String arch = opts.runOn().get(0);
        IsaProvider p = IsaRegistry.provider(arch);
        if (p == null) return "no backend for " + arch;
        if (!p.canRunHere()) return arch + " code cannot run on this machine";
        Flags.Builder shared = SharedSettings.GROUP.builder();
        try {
            for (IsaLine l : file.isaLines()) {
                if (l.kind().equals("set")) for (String w : l.words()) shared.apply(w);
            }
            shared.apply("regalloc_checker=true");
            for (String o : opts.settings()) shared.apply(o);
            out.add(new RunTest(IsaRegistry.lookup(opts.runOn(), shared.build())));
        } catch (SettingError e) {
            out.add(failing("run", file.fileName() + ": " + e.getMessage()));
        }
        return null;
    }

    static List<String> targets(TestFile file) {
        List<String> out = new ArrayList<>();
        for (IsaLine l : file.isaLines()) {
            if (l.kind().equals("target") && !l.words().isEmpty()) out.add(l.words().get(0));
        }
        return out;
    }
}

package dev.davit.filetests;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.reader.ParsedFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code test compile}: each function is compiled for the target and its printed code (VCode
 * before and after register allocation) must satisfy the function's filecheck directives; with
 * {@code test compile precise-output}, it must equal exactly the comment block that follows the
 * function. {@code clif-util test --bless} rewrites those blocks instead of failing on them.
 */
final class CompileTest implements SubTest {
    /** The first line of a precise-output block that Cranelift, not Davit, printed. */
    private static final String CRANELIFT_VCODE_HEADER = "VCode:";

    private final TargetIsa isa;
    /** Blessed replacements of this file: [first line, last line (exclusive), text], applied after its last function. */
    private final List<Object[]> pending = new ArrayList<>();

    CompileTest(TargetIsa isa) { this.isa = isa; }

    @Override public String name() { return "compile"; }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction pf) throws IOException {
        CompiledCode cc;
        try {
            cc = isa.compile(pf.function(), true);
        } catch (TargetIsa.CompileError e) {
            return Outcome.fail(ctx.at(pf.details().startLine(), "cannot compile for " + isa.name() + ": " + e.getMessage()));
        }
        String actual = cc.vcode();
        if (!ctx.hasOption("precise-output")) return FileChecks.check(ctx, pf, actual);
        List<String> lines = Files.readAllLines(ctx.path(), StandardCharsets.UTF_8);
        int from = pf.details().endLine(); // 0-based index of the line after the closing brace
        int to = from;
        while (to < lines.size() && (lines.get(to).startsWith(";") || lines.get(to).isBlank()
                && to + 1 < lines.size() && lines.get(to + 1).startsWith(";") && to == from)) to++;
        List<String> expected = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (l.isBlank()) continue;
            expected.add(l.startsWith("; ") ? l.substring(2) : l.substring(1));
        }
        // Cranelift's own filetests hold Cranelift's printed VCode ("VCode:", AT&T syntax, its
        // register choices): another compiler's text, which ours cannot equal. That the function
        // compiled (register-allocation checker included) is what such a file can still show.
        if (!expected.isEmpty() && expected.get(0).equals(CRANELIFT_VCODE_HEADER)) {
            return Outcome.skip("precise-output block is Cranelift's VCode text, not comparable;"
                    + " the function compiles for " + isa.name());
        }
        List<String> got = actual.lines().map(String::stripTrailing).toList();
        Outcome result = Outcome.PASS;
        if (!expected.equals(got)) {
            if (ctx.options().bless()) {
                StringBuilder sb = new StringBuilder();
                for (String g : got) sb.append(g.isEmpty() ? ";" : "; " + g).append('\n');
                pending.add(new Object[] {from, to, sb.toString()});
            } else {
                result = Outcome.fail(ctx.at(from + 1, "compiled output differs from the precise-output block (re-bless with"
                        + " clif-util test --bless)\n--- expected ---\n" + String.join("\n", expected) + "\n--- actual ---\n" + actual));
            }
        }
        List<ParsedFunction> all = ctx.file().functions();
        if (!pending.isEmpty() && pf == all.get(all.size() - 1)) bless(ctx, lines);
        return result;
    }

    /** Rewrites the file's precise-output blocks, last first so earlier line numbers stay valid. */
    private void bless(TestContext ctx, List<String> lines) throws IOException {
        List<String> out = new ArrayList<>(lines);
        for (int k = pending.size() - 1; k >= 0; k--) {
            int from = (Integer) pending.get(k)[0], to = (Integer) pending.get(k)[1];
            for (int i = to - 1; i >= from; i--) out.remove(i);
            List<String> block = ((String) pending.get(k)[2]).lines().toList();
            out.addAll(from, block);
        }
        Files.write(ctx.path(), out, StandardCharsets.UTF_8);
        pending.clear();
    }
}

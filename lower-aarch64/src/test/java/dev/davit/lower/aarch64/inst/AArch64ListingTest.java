package dev.davit.lower.aarch64.inst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.lower.aarch64.AArch64Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our disassembly agrees with GNU objdump on the same bytes: one line per word at the same
 * offsets, and the same mnemonics up to the aliases objdump prefers ({@code mov} for {@code orr}
 * from the zero register, {@code mul} for {@code madd} with it, {@code b.cs} for {@code b.hs},
 * ...), including branches the code buffer inverted or removed after emission, the prologue and
 * epilogue, atomic loops, jump tables, scalar floating point and the trap stubs and constants
 * after the code. Data words (jump-table
 * entries, ours {@code .word}) are compared by place only.
 */
class AArch64ListingTest {
    private static final String CLIF = """
            function %branches(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v2 = icmp slt v0, v1
                brif v2, block1, block2
            block1:
                v3 = udiv v0, v1
                jump block3(v3)
            block2:
                v4 = iconst.i32 0x12345678
                jump block3(v4)
            block3(v5: i32):
                return v5
            }

            function %loop_and_call(i64) -> i64 {
                fn0 = %g(i64) -> i64
                ss0 = explicit_slot 32
            block0(v0: i64):
                v1 = stack_addr.i64 ss0
                store v0, v1
                jump block1(v0)
            block1(v2: i64):
                v3 = call fn0(v2)
                v4 = load.i64 v1
                v5 = icmp ult v3, v4
                brif v5, block1(v3), block2
            block2:
                v6 = uadd_overflow_trap v3, v4, user1
                return v6
            }

            function %wide(i128, i128, i64) -> i128 {
            block0(v0: i128, v1: i128, v2: i64):
                v3 = ishl v0, v2
                v4 = icmp sgt v3, v1
                v5 = iadd v3, v1
                v6 = select v4, v5, v0
                brif v6, block1, block2
            block1:
                return v6
            block2:
                v7 = clz v6
                return v7
            }

            function %atomics(i64, i32, i8) -> i32 {
            block0(v0: i64, v1: i32, v2: i8):
                v3 = atomic_rmw.i32 umax v0, v1
                v4 = atomic_cas.i32 v0, v3, v1
                v5 = atomic_rmw.i8 smin v0, v2
                fence
                v6 = atomic_load.i32 v0
                atomic_store v6, v0
                v7 = uextend.i32 v5
                v8 = iadd v7, v4
                return v8
            }

            function %table(i32, i64) -> i64 {
            block0(v0: i32, v1: i64):
                br_table v0, block3, [block1, block2, block1]
            block1:
                v2 = iconst.i64 -2
                v3 = imul v1, v2
                return v3
            block2:
                v4 = ctz v1
                brif v4, block3, block1
            block3:
                trapz v1, user2
                return v1
            }

            function %floats(f64, f32, i64) -> f64 {
            block0(v0: f64, v1: f32, v2: i64):
                v3 = fpromote.f64 v1
                v4 = f64const 0x1.8p1
                v5 = f64const 0x1.999999999999ap-4
                v6 = fma v0, v4, v5
                v7 = fcmp lt v6, v3
                brif v7, block1, block2
            block1:
                v8 = fcvt_to_sint.i32 v6
                v9 = fcvt_from_sint.f64 v8
                v10 = fcopysign v9, v0
                return v10
            block2:
                v11 = fcvt_from_uint.f64 v2
                v12 = fcmp ueq v11, v0
                v13 = select v12, v11, v6
                v14 = nearest v13
                v15 = fmin v14, v0
                return v15
            }
            """;

    private static final Pattern OURS = Pattern.compile("^\\s+([0-9a-f]{4,}): ([0-9a-f]{8})  (\\S+)");
    private static final Pattern OBJDUMP = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f]{8})\\s*\\t(\\S+)");

    /** Aliases and the instruction they stand for, so that either spelling compares equal. */
    private static final Map<String, String> CANON = Map.ofEntries(
            Map.entry("mul", "madd"), Map.entry("mneg", "msub"),
            Map.entry("neg", "sub"), Map.entry("negs", "subs"), Map.entry("ngc", "sbc"), Map.entry("ngcs", "sbcs"),
            Map.entry("mvn", "orn"), Map.entry("cmp", "subs"), Map.entry("cmn", "adds"), Map.entry("tst", "ands"),
            Map.entry("b.cs", "b.hs"), Map.entry("b.cc", "b.lo"),
            Map.entry("cset", "csinc"), Map.entry("cinc", "csinc"), Map.entry("csetm", "csinv"), Map.entry("cinv", "csinv"),
            Map.entry("cneg", "csneg"));

    private static String canon(String mnemonic) {
        return CANON.getOrDefault(mnemonic, mnemonic);
    }

    /** objdump's {@code mov} stands for orr from the zero register, add #0 to or from sp, movz and movn. */
    private static final java.util.Set<String> MOV_FORMS = java.util.Set.of("mov", "orr", "add", "movz", "movn");

    private static boolean same(String theirs, String ours) {
        String t = theirs.substring(theirs.lastIndexOf(' ') + 1);
        String o = ours.substring(ours.lastIndexOf(' ') + 1);
        String place = theirs.substring(0, theirs.lastIndexOf(' '));
        return place.equals(ours.substring(0, ours.lastIndexOf(' ')))
                && (t.equals(o) || (t.equals("mov") && MOV_FORMS.contains(o)));
    }

    @Test
    void boundariesAndMnemonicsMatchObjdump() throws Exception {
        TargetIsa isa = new AArch64Backend();
        for (ParsedFunction pf : ClifParser.parseTestFile(CLIF, "t.clif").functions()) {
            CompiledCode cc = isa.compile(pf.function(), true);
            String text = cc.vcode();
            String listing = text.substring(text.indexOf("; disassembly:\n") + "; disassembly:\n".length());
            List<String> ours = new ArrayList<>();
            for (String line : listing.split("\n")) {
                Matcher m = OURS.matcher(line);
                assertTrue(m.find(), () -> "unexpected listing line: " + line + "\n" + listing);
                ours.add(Integer.parseInt(m.group(1), 16) + " " + m.group(2) + " " + canon(m.group(3)));
            }
            Path dir = Files.createTempDirectory("davit-listing");
            Path bin = dir.resolve("f.bin");
            Files.write(bin, Arrays.copyOf(cc.bytes(), cc.buffer().totalSize()));
            Process p = new ProcessBuilder("aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64", bin.toString())
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), dump);
            Files.delete(bin);
            Files.delete(dir);
            List<String> theirs = new ArrayList<>();
            for (String line : dump.split("\n")) {
                Matcher m = OBJDUMP.matcher(line);
                if (m.find()) {
                    theirs.add(Integer.parseInt(m.group(1), 16) + " " + m.group(2) + " " + canon(m.group(3)));
                }
            }
            assertTrue(ours.size() > 5, listing);
            assertEquals(theirs.size(), ours.size(), pf.function().name() + "\n" + listing + "\n" + dump);
            for (int i = 0; i < ours.size(); i++) {
                // A data word is checked for its place and value only: objdump decodes it as whatever it looks like.
                if (ours.get(i).endsWith(" .word")) {
                    String o = ours.get(i), t = theirs.get(i);
                    assertEquals(t.substring(0, t.lastIndexOf(' ')), o.substring(0, o.lastIndexOf(' ')),
                            pf.function().name() + "\n" + listing + "\n" + dump);
                } else {
                    int k = i;
                    assertTrue(same(theirs.get(i), ours.get(i)), () -> pf.function().name() + ": " + theirs.get(k) + " vs "
                            + ours.get(k) + "\n" + listing + "\n" + dump);
                }
            }
        }
    }

    /** Branches are decoded from the final words, so removed and inverted ones show as they ended up. */
    @Test
    void branchesNameTheirBlocks() throws Exception {
        TargetIsa isa = new AArch64Backend();
        ParsedFunction pf = ClifParser.parseTestFile(CLIF, "t.clif").functions().getFirst();
        String text = isa.compile(pf.function(), true).vcode();
        String listing = text.substring(text.indexOf("; disassembly:\n"));
        assertTrue(listing.contains("b.ge .L") || listing.contains("b.lt .L"), listing);
        assertTrue(listing.contains("  ret"), listing);
    }
}

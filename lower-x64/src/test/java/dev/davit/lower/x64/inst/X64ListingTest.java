package dev.davit.lower.x64.inst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.lower.x64.X64Backend;
import dev.davit.lower.x64.X64Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our disassembly agrees with GNU objdump on the same bytes: the same instruction boundaries and
 * the same mnemonics, including branches the code buffer inverted or removed after emission, the
 * prologue and epilogue, and the trap stubs after the code.
 */
class X64ListingTest {
    private static final String CLIF = """
            function %branches(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v2 = icmp slt v0, v1
                brif v2, block1, block2
            block1:
                v3 = udiv v0, v1
                jump block3(v3)
            block2:
                v4 = iconst.i32 7
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
            """;

    private static final Pattern OURS = Pattern.compile("^\\s+([0-9a-f]{4,}):((?: [0-9a-f]{2})+)\\s+(\\S+)");
    private static final Pattern OBJDUMP = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(\\S+)");

    @Test
    void boundariesAndMnemonicsMatchObjdump() throws Exception {
        TargetIsa isa = new X64Backend(SharedSettings.GROUP.builder().build(), X64Settings.GROUP.builder().build());
        for (ParsedFunction pf : ClifParser.parseTestFile(CLIF, "t.clif").functions()) {
            CompiledCode cc = isa.compile(pf.function(), true);
            String text = cc.vcode();
            String listing = text.substring(text.indexOf("; disassembly:\n") + "; disassembly:\n".length());
            List<String> ours = new ArrayList<>();
            for (String line : listing.split("\n")) {
                Matcher m = OURS.matcher(line);
                if (m.find() && !m.group(3).equals(".byte")) ours.add(Integer.parseInt(m.group(1), 16) + " " + m.group(3));
            }
            Path dir = Files.createTempDirectory("davit-listing");
            Path bin = dir.resolve("f.bin");
            Files.write(bin, java.util.Arrays.copyOf(cc.bytes(), cc.buffer().codeSize()));
            Process p = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", bin.toString())
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), dump);
            List<String> theirs = new ArrayList<>();
            for (String line : dump.split("\n")) {
                Matcher m = OBJDUMP.matcher(line);
                if (m.find()) theirs.add(Integer.parseInt(m.group(1), 16) + " " + m.group(3));
            }
            assertTrue(ours.size() > 5, listing);
            assertEquals(theirs, ours, pf.function().name() + "\n" + listing + "\n" + dump);
        }
    }
}

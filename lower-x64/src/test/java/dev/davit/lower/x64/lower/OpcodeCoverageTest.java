package dev.davit.lower.x64.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.codegen.machinst.LoweringException;
import dev.davit.codegen.machinst.VCode;
import dev.davit.ir.Function;
import dev.davit.ir.verifier.Verifier;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64Regs;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.Output;
import dev.davit.regalloc.PReg;
import dev.davit.regalloc.RegAllocator;
import dev.davit.regalloc.checker.Checker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every opcode in the backend's scope, at every integer width it is defined for, lowers (with and
 * without the optional lzcnt/bmi1/popcnt instructions), and its VCode passes register allocation
 * and the allocation checker: the operand constraints the rules produce are satisfiable and
 * consistent.
 */
class OpcodeCoverageTest {
    static final String[] TYPES = {"i8", "i16", "i32", "i64"};

    static final String[] BINARY = {"iadd", "isub", "imul", "umulhi", "smulhi", "udiv", "sdiv", "urem", "srem",
        "band", "bor", "bxor", "ishl", "ushr", "sshr", "rotl", "rotr", "smin", "umin", "smax", "umax",
        "band_not", "bor_not", "bxor_not"};
    static final String[] UNARY = {"bnot", "ineg", "clz", "ctz", "popcnt", "iabs", "bitrev", "cls"};
    static final String[] OVERFLOW = {"uadd_overflow", "sadd_overflow", "usub_overflow", "ssub_overflow",
        "umul_overflow", "smul_overflow"};
    static final String[] CCS = {"eq", "ne", "slt", "sge", "sgt", "sle", "ult", "uge", "ugt", "ule"};

    static int bits(String t) {
        return Integer.parseInt(t.substring(1));
    }

    /** Named CLIF functions covering the scope. */
    static List<String[]> functions() {
        List<String[]> out = new ArrayList<>();
        for (String t : TYPES) {
            for (String op : BINARY) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, op)});
                // The same with a constant right operand (immediates, constant shift counts and divisors).
                for (long k : new long[] {-1, 0, 3, 0x7fff_ffffL + 1}) {
                    out.add(new String[] {op + "." + t + " by " + k, """
                            function %%f(%1$s) -> %1$s {
                            block0(v0: %1$s):
                                v1 = iconst.%1$s %3$d
                                v2 = %2$s v0, v1
                                v3 = %2$s v1, v0
                                v4 = iadd v2, v3
                                return v4
                            }
                            """.formatted(t, op, bits(t) == 64 ? k : k & ((1L << bits(t)) - 1))});
                }
            }
            for (String op : UNARY) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s) -> %1$s {
                        block0(v0: %1$s):
                            v1 = %2$s v0
                            return v1
                        }
                        """.formatted(t, op)});
            }
            for (String op : new String[] {"uadd_overflow_cin", "sadd_overflow_cin", "usub_overflow_bin",
                    "ssub_overflow_bin"}) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s, %1$s, i8) -> i8 {
                        block0(v0: %1$s, v1: %1$s, v2: i8):
                            v3, v4 = %2$s v0, v1, v2
                            v5 = %3$s
                            v6 = iconst.i8 2
                            v7 = imul v4, v6
                            v8 = bxor v5, v7
                            return v8
                        }
                        """.formatted(t, op, t.equals("i8") ? "iadd v3, v3" : "ireduce.i8 v3")});
            }
            out.add(new String[] {"bitselect/bitcast." + t, """
                    function %%f(%1$s, %1$s, %1$s) -> %1$s {
                    block0(v0: %1$s, v1: %1$s, v2: %1$s):
                        v3 = bitselect v0, v1, v2
                        v4 = bitcast.%1$s v3
                        return v4
                    }
                    """.formatted(t)});
            out.add(new String[] {"select_spectre_guard." + t, """
                    function %%f(%1$s, %1$s, %1$s) -> %1$s {
                    block0(v0: %1$s, v1: %1$s, v2: %1$s):
                        v3 = icmp ugt v0, v1
                        v4 = select_spectre_guard v3, v1, v2
                        v5 = select_spectre_guard v0, v4, v1
                        return v5
                    }
                    """.formatted(t)});
            if (t.equals("i32") || t.equals("i64")) {
                out.add(new String[] {"uadd_overflow_trap." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = uadd_overflow_trap v0, v1, user7
                            return v2
                        }
                        """.formatted(t)});
            }
            if (!t.equals("i8")) {
                out.add(new String[] {"bswap." + t, """
                        function %%f(%1$s) -> %1$s {
                        block0(v0: %1$s):
                            v1 = bswap v0
                            return v1
                        }
                        """.formatted(t)});
            }
            for (String op : OVERFLOW) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s, %1$s) -> %1$s, i8 {
                        block0(v0: %1$s, v1: %1$s):
                            v2, v3 = %2$s v0, v1
                            return v2, v3
                        }
                        """.formatted(t, op)});
            }
            for (String cc : CCS) {
                out.add(new String[] {"icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s) -> i8 {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = icmp %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, cc)});
                out.add(new String[] {"brif icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v5 = iconst.%1$s 7
                            v2 = icmp %2$s v0, v5
                            brif v2, block1, block2(v1)
                        block1:
                            jump block2(v0)
                        block2(v3: %1$s):
                            return v3
                        }
                        """.formatted(t, cc)});
            }
            for (String c : TYPES) {
                out.add(new String[] {"select." + t + " on " + c, """
                        function %%f(%2$s, %1$s, %1$s, %2$s) -> %1$s {
                        block0(v0: %2$s, v1: %1$s, v2: %1$s, v3: %2$s):
                            v4 = select v0, v1, v2
                            v5 = icmp ult v0, v3
                            v6 = select v5, v4, v2
                            return v6
                        }
                        """.formatted(t, c)});
                if (bits(c) < bits(t)) {
                    for (String ext : new String[] {"uextend", "sextend"}) {
                        out.add(new String[] {ext + "." + t + " from " + c, """
                                function %%f(%2$s) -> %1$s {
                                block0(v0: %2$s):
                                    v1 = %3$s.%1$s v0
                                    return v1
                                }
                                """.formatted(t, c, ext)});
                    }
                    out.add(new String[] {"ireduce." + c + " from " + t, """
                            function %%f(%1$s) -> %2$s {
                            block0(v0: %1$s):
                                v1 = ireduce.%2$s v0
                                return v1
                            }
                            """.formatted(t, c)});
                }
            }
            out.add(new String[] {"load/store." + t, """
                    function %%f(i64, %1$s) -> %1$s {
                    block0(v0: i64, v1: %1$s):
                        v2 = load.%1$s v0
                        v3 = load.%1$s notrap aligned v0+16
                        v4 = iconst.i64 24
                        v5 = iadd v0, v4
                        store v1, v5+8
                        v6 = iadd v0, v0
                        store v2, v6-4
                        v7 = iconst.%1$s 100
                        store v7, v0
                        v8 = iadd v2, v3
                        return v8
                    }
                    """.formatted(t)});
            out.add(new String[] {"traps." + t, """
                    function %%f(%1$s, %1$s) {
                    block0(v0: %1$s, v1: %1$s):
                        trapz v0, user1
                        trapnz v1, int_ovf
                        v2 = icmp eq v0, v1
                        trapz v2, user2
                        v3 = icmp ugt v0, v1
                        trapnz v3, user3
                        brif v0, block1, block2
                    block1:
                        trap user4
                    block2:
                        return
                    }
                    """.formatted(t)});
            out.add(new String[] {"iconst." + t, """
                    function %%f() -> %1$s, %1$s {
                    block0:
                        v0 = iconst.%1$s 0
                        v1 = iconst.%1$s -1
                        return v0, v1
                    }
                    """.formatted(t)});
        }
        for (String[] m : new String[][] {{"i16", "uload8"}, {"i16", "sload8"}, {"i32", "uload8"}, {"i32", "sload8"},
                {"i64", "uload8"}, {"i64", "sload8"}, {"i32", "uload16"}, {"i32", "sload16"}, {"i64", "uload16"},
                {"i64", "sload16"}, {"i64", "uload32"}, {"i64", "sload32"}}) {
            out.add(new String[] {m[1] + "." + m[0], """
                    function %%f(i64) -> %1$s {
                    block0(v0: i64):
                        v1 = %2$s.%1$s v0+4
                        return v1
                    }
                    """.formatted(m[0], m[1])});
        }
        for (String[] m : new String[][] {{"i16", "istore8"}, {"i32", "istore8"}, {"i64", "istore8"}, {"i32", "istore16"},
                {"i64", "istore16"}, {"i64", "istore32"}}) {
            out.add(new String[] {m[1] + "." + m[0], """
                    function %%f(i64, %1$s) {
                    block0(v0: i64, v1: %1$s):
                        %2$s v1, v0+4
                        v2 = iconst.%1$s 300
                        %2$s v2, v0
                        return
                    }
                    """.formatted(m[0], m[1])});
        }
        out.add(new String[] {"br_table", """
                function %f(i32, i64) -> i64 {
                block0(v0: i32, v1: i64):
                    br_table v0, block3(v1), [block1, block2, block1, block3(v1)]
                block1:
                    v2 = iconst.i64 1
                    jump block3(v2)
                block2:
                    v3 = iconst.i64 2
                    jump block3(v3)
                block3(v4: i64):
                    return v4
                }
                """});
        out.add(new String[] {"br_table empty", """
                function %f(i32) -> i32 {
                block0(v0: i32):
                    br_table v0, block1, []
                block1:
                    return v0
                }
                """});
        return out;
    }

    static MachineEnv x64Env() {
        int[] preferred = {0, 1, 2, 6, 7, 8, 9, 10};
        int[] callee = {3, 12, 13, 14, 15};
        int[][] pref = {new int[preferred.length], {}, {}};
        int[][] non = {new int[callee.length], {}, {}};
        for (int i = 0; i < preferred.length; i++) pref[0][i] = PReg.of(0, preferred[i]);
        for (int i = 0; i < callee.length; i++) non[0][i] = PReg.of(0, callee[i]);
        return new MachineEnv(pref, non, new int[] {PReg.of(0, 11), -1, -1});
    }

    @Test
    void everyOpcodeLowersAtEveryWidthAndAllocates() {
        MachineEnv env = x64Env();
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (String[] fn : functions()) {
            Function f = LowerTestSupport.parse(fn[1]);
            var errors = Verifier.verify(f);
            assertTrue(errors.isEmpty(), fn[0] + ": " + errors);
            for (boolean features : new boolean[] {false, true}) {
                try {
                    VCode<X64Inst> v = LowerTestSupport.lower(f, new X64LowerBackend(features, features, features));
                    Output out = RegAllocator.allocate(v, env);
                    Checker.check(v, env, out);
                    count++;
                } catch (LoweringException | RuntimeException e) {
                    failures.add(fn[0] + (features ? " (lzcnt/bmi1/popcnt)" : "") + ": " + e);
                }
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
        assertTrue(count > 500, "only " + count + " functions");
        assertTrue(X64Regs.RAX >= 0);
    }
}

package dev.davit.lower.aarch64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test: each function is compiled for AArch64 (register-allocation checker on), run
 * under {@code qemu-aarch64} on special and random inputs, and compared with the CLIF interpreter.
 * Narrow arguments arrive with random garbage in their upper bits (AAPCS64 leaves them
 * unspecified), which checks that the rules never rely on them. Inputs on which the interpreter
 * traps are left out here; {@link #trapsKillTheProcessWithSigill} checks traps. Scalar floats travel
 * as their bits in integer registers and are bitcast inside the functions.
 */
class QemuDifferentialTest {
    static final String[] TYPES = {"i8", "i16", "i32", "i64"};
    static final String[] BINARY = {"iadd", "isub", "imul", "umulhi", "smulhi", "udiv", "sdiv", "urem", "srem",
        "band", "bor", "bxor", "ishl", "ushr", "sshr", "rotl", "rotr", "smin", "umin", "smax", "umax"};
    static final String[] UNARY = {"bnot", "ineg", "clz", "cls", "ctz", "popcnt", "bitrev", "iabs", "bmask"};
    static final String[] OVERFLOW = {"uadd_overflow", "sadd_overflow", "usub_overflow", "ssub_overflow",
        "umul_overflow", "smul_overflow"};
    static final String[] CCS = {"eq", "ne", "slt", "sge", "sgt", "sle", "ult", "uge", "ugt", "ule"};
    static final int CALLS = 120;

    static int bits(String t) {
        return Integer.parseInt(t.substring(1));
    }

    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /**
     * A named function, whether its first parameter is a pointer to scratch memory, and whether its
     * integer parameters carry float bits (bitcast inside), which then get float special values.
     */
    record Case(String name, String clif, boolean pointer, boolean floatBits) {
        Case(String name, String clif, boolean pointer) {
            this(name, clif, pointer, false);
        }
    }

    static final String[] FBINARY = {"fadd", "fsub", "fmul", "fdiv", "fmin", "fmax", "fcopysign"};
    static final String[] FUNARY = {"sqrt", "fneg", "fabs", "floor", "ceil", "trunc", "nearest"};
    static final String[] FCCS = {"ord", "uno", "eq", "ne", "one", "ueq", "lt", "le", "gt", "ge", "ult", "ule", "ugt", "uge"};

    /** The integer type of a float's bits. */
    static String bitsOf(String f) {
        return f.equals("f32") ? "i32" : "i64";
    }

    /**
     * Ends a function by returning float {@code r} of type {@code f} as its bits, any NaN made the
     * canonical one: NaN payloads differ between the interpreter and the hardware, and CLIF leaves
     * them open.
     */
    static String floatResult(String f, String r) {
        String nan = f.equals("f32") ? "0x7fc00000" : "0x7ff8000000000000";
        return """
                    v95 = bitcast.%2$s %1$s
                    v96 = fcmp uno %1$s, %1$s
                    v97 = iconst.%2$s %3$s
                    v99 = select v96, v97, v95
                    return v99
                }
                """.formatted(r, bitsOf(f), nan);
    }

    /**
     * Scalar float operations on float bits passed as integers: arithmetic, rounding, fma,
     * conversions both ways (the trapping ones on the inputs where the interpreter does not trap),
     * promotion and demotion, and every FloatCC as a value, a branch and a select condition.
     */
    static List<Case> floatCases() {
        List<Case> out = new ArrayList<>();
        for (String f : new String[] {"f32", "f64"}) {
            String i = bitsOf(f);
            for (String op : FBINARY) {
                out.add(new Case(op + "." + f, """
                        function %%f(%2$s, %2$s) -> %2$s {
                        block0(v0: %2$s, v1: %2$s):
                            v2 = bitcast.%1$s v0
                            v3 = bitcast.%1$s v1
                            v4 = %3$s v2, v3
                        """.formatted(f, i, op) + floatResult(f, "v4"), false, true));
            }
            for (String op : FUNARY) {
                out.add(new Case(op + "." + f, """
                        function %%f(%2$s) -> %2$s {
                        block0(v0: %2$s):
                            v2 = bitcast.%1$s v0
                            v4 = %3$s v2
                        """.formatted(f, i, op) + floatResult(f, "v4"), false, true));
            }
            out.add(new Case("fma." + f, """
                    function %%f(%2$s, %2$s, %2$s) -> %2$s {
                    block0(v0: %2$s, v1: %2$s, v5: %2$s):
                        v2 = bitcast.%1$s v0
                        v3 = bitcast.%1$s v1
                        v6 = bitcast.%1$s v5
                        v4 = fma v2, v3, v6
                    """.formatted(f, i) + floatResult(f, "v4"), false, true));
            String other = f.equals("f32") ? "f64" : "f32";
            String conv = f.equals("f32") ? "fpromote" : "fdemote";
            out.add(new Case(conv + "." + f, """
                    function %%f(%2$s) -> %4$s {
                    block0(v0: %2$s):
                        v2 = bitcast.%1$s v0
                        v4 = %3$s.%5$s v2
                    """.formatted(f, i, conv, bitsOf(other), other) + floatResult(other, "v4"), false, true));
            for (String t : TYPES) {
                for (String op : new String[] {"fcvt_from_sint", "fcvt_from_uint"}) {
                    out.add(new Case(op + "." + f + "." + t, """
                            function %%f(%2$s) -> %4$s {
                            block0(v0: %2$s):
                                v4 = %3$s.%1$s v0
                            """.formatted(f, t, op, i) + floatResult(f, "v4"), false));
                }
                for (String op : new String[] {"fcvt_to_sint", "fcvt_to_uint", "fcvt_to_sint_sat", "fcvt_to_uint_sat"}) {
                    out.add(new Case(op + "." + t + "." + f, """
                            function %%f(%2$s) -> %4$s {
                            block0(v0: %2$s):
                                v2 = bitcast.%1$s v0
                                v3 = %3$s.%4$s v2
                                return v3
                            }
                            """.formatted(f, i, op, t), false, true));
                }
            }
            for (String cc : FCCS) {
                out.add(new Case("fcmp " + cc + "." + f, """
                        function %%f(%2$s, %2$s) -> i8 {
                        block0(v0: %2$s, v1: %2$s):
                            v2 = bitcast.%1$s v0
                            v3 = bitcast.%1$s v1
                            v4 = fcmp %3$s v2, v3
                            return v4
                        }
                        """.formatted(f, i, cc), false, true));
                out.add(new Case("brif fcmp " + cc + "." + f, """
                        function %%f(%2$s, %2$s) -> i32 {
                        block0(v0: %2$s, v1: %2$s):
                            v2 = bitcast.%1$s v0
                            v3 = bitcast.%1$s v1
                            v4 = fcmp %3$s v2, v3
                            brif v4, block1, block2
                        block1:
                            v5 = iconst.i32 11
                            return v5
                        block2:
                            v6 = iconst.i32 22
                            return v6
                        }
                        """.formatted(f, i, cc), false, true));
                out.add(new Case("select fcmp " + cc + "." + f, """
                        function %%f(%2$s, %2$s) -> %2$s {
                        block0(v0: %2$s, v1: %2$s):
                            v2 = bitcast.%1$s v0
                            v3 = bitcast.%1$s v1
                            v5 = fcmp %3$s v2, v3
                            v4 = select v5, v2, v3
                        """.formatted(f, i, cc) + floatResult(f, "v4"), false, true));
            }
        }
        return out;
    }

    static List<Case> cases() {
        List<Case> out = floatCases();
        for (String t : TYPES) {
            long m = mask(bits(t));
            for (String op : BINARY) {
                out.add(new Case(op + "." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, op), false));
                for (long k : new long[] {1, 3, -1, 0xFF0, 0x1000, -0x20, 7, 0x5555_5555_5555_5555L, Long.MIN_VALUE >> (64 - bits(t))}) {
                    out.add(new Case(op + "." + t + " by " + k, """
                            function %%f(%1$s) -> %1$s {
                            block0(v0: %1$s):
                                v1 = iconst.%1$s %3$d
                                v2 = %2$s v0, v1
                                v3 = %2$s v1, v0
                                v4 = bxor v2, v3
                                return v4
                            }
                            """.formatted(t, op, bits(t) == 64 ? k : k & m), false));
                }
            }
            for (String op : UNARY) {
                out.add(new Case(op + "." + t, unary(t, op.equals("bmask") ? "bmask." + t : op), false));
            }
            if (!t.equals("i8")) {
                out.add(new Case("bswap." + t, unary(t, "bswap"), false));
            }
            for (String op : OVERFLOW) {
                for (int r = 0; r < 2; r++) {
                    out.add(new Case(op + "." + t + (r == 0 ? " result" : " flag"), """
                            function %%f(%1$s, %1$s) -> %3$s {
                            block0(v0: %1$s, v1: %1$s):
                                v2, v3 = %2$s v0, v1
                                return v%4$d
                            }
                            """.formatted(t, op, r == 0 ? t : "i8", 2 + r), false));
                }
            }
            if (bits(t) >= 32) {
                out.add(new Case("uadd_overflow_trap." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = uadd_overflow_trap v0, v1, user5
                            return v2
                        }
                        """.formatted(t), false));
            }
            out.add(new Case("select_spectre_guard." + t, """
                    function %%f(%1$s, %1$s) -> %1$s {
                    block0(v0: %1$s, v1: %1$s):
                        v2 = icmp ugt v0, v1
                        v3 = select_spectre_guard v2, v0, v1
                        return v3
                    }
                    """.formatted(t), false));
            out.add(new Case("iconst." + t, """
                    function %%f(%1$s) -> %1$s {
                    block0(v0: %1$s):
                        v1 = iconst.%1$s %2$d
                        v2 = iconst.%1$s %3$d
                        v3 = iadd v0, v1
                        v4 = bxor v3, v2
                        return v4
                    }
                    """.formatted(t, 0x1234_5678_9ABC_DEF0L & m, 0xFFFF_0000_FFFF_1234L & m), false));
            for (String cc : CCS) {
                out.add(new Case("icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s) -> i8 {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = icmp %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, cc), false));
                out.add(new Case("icmp_imm " + cc + "." + t, """
                        function %%f(%1$s) -> i8 {
                        block0(v0: %1$s):
                            v1 = iconst.%1$s 17
                            v2 = icmp %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, cc), false));
                out.add(new Case("brif icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s) -> i32 {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = icmp %2$s v0, v1
                            brif v2, block1, block2
                        block1:
                            v3 = iconst.i32 11
                            return v3
                        block2:
                            v4 = iconst.i32 22
                            return v4
                        }
                        """.formatted(t, cc), false));
                out.add(new Case("select icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = icmp %2$s v0, v1
                            v3 = select v2, v0, v1
                            return v3
                        }
                        """.formatted(t, cc), false));
            }
            out.add(new Case("brif value." + t, """
                    function %%f(%1$s) -> i32 {
                    block0(v0: %1$s):
                        brif v0, block1(v0), block2
                    block1(v1: %1$s):
                        v2 = iconst.i32 1
                        return v2
                    block2:
                        v3 = iconst.i32 2
                        return v3
                    }
                    """.formatted(t), false));
            out.add(new Case("select value." + t, """
                    function %%f(%1$s, i64, i64) -> i64 {
                    block0(v0: %1$s, v1: i64, v2: i64):
                        v3 = select v0, v1, v2
                        return v3
                    }
                    """.formatted(t), false));
            out.add(new Case("fused." + t, """
                    function %%f(%1$s, %1$s, %1$s) -> %1$s {
                    block0(v0: %1$s, v1: %1$s, v2: %1$s):
                        v3 = imul v1, v2
                        v4 = iadd v0, v3
                        v5 = imul v4, v2
                        v6 = isub v1, v5
                        v7 = iconst.%1$s 3
                        v8 = ishl v6, v7
                        v9 = iadd v0, v8
                        v10 = bnot v2
                        v11 = band v9, v10
                        v12 = ishl v1, v7
                        v13 = bxor v11, v12
                        v14 = bnot v0
                        v15 = bor v14, v13
                        return v15
                    }
                    """.formatted(t), false));
            out.add(new Case("trapz no trap." + t, """
                    function %%f(%1$s, %1$s) -> %1$s {
                    block0(v0: %1$s, v1: %1$s):
                        v2 = bor v0, v1
                        v3 = iconst.%1$s 1
                        v4 = bor v2, v3
                        trapz v4, user1
                        v5 = icmp eq v0, v1
                        v6 = icmp ne v0, v0
                        trapnz v6, user2
                        trapz v4, int_ovf
                        return v2
                    }
                    """.formatted(t), false));
            for (String to : TYPES) {
                if (bits(to) > bits(t)) {
                    for (String ext : new String[] {"uextend", "sextend"}) {
                        out.add(new Case(ext + "." + to + "." + t, """
                                function %%f(%1$s) -> %2$s {
                                block0(v0: %1$s):
                                    v1 = %3$s.%2$s v0
                                    return v1
                                }
                                """.formatted(t, to, ext), false));
                    }
                    out.add(new Case("ireduce." + t + "." + to, """
                            function %%f(%2$s) -> %1$s {
                            block0(v0: %2$s):
                                v1 = ireduce.%1$s v0
                                v2 = iadd v1, v1
                                return v2
                            }
                            """.formatted(t, to), false));
                }
            }
            for (int off : new int[] {0, 8, -8, 3, 48}) {
                out.add(new Case("store/load." + t + " +" + off, """
                        function %%f(i64, %1$s) -> %1$s {
                        block0(v0: i64, v1: %1$s):
                            store.%1$s v1, v0%2$s
                            v2 = load.%1$s v0%2$s
                            return v2
                        }
                        """.formatted(t, off < 0 ? "-" + -off : "+" + off), true));
            }
            out.add(new Case("store/load reg-offset." + t, """
                    function %%f(i64, %1$s) -> %1$s {
                    block0(v0: i64, v1: %1$s):
                        v2 = iconst.i64 24
                        v3 = iadd v0, v2
                        store.%1$s v1, v3
                        v4 = iconst.i64 16
                        v5 = iadd v0, v4
                        v6 = iconst.i64 8
                        v7 = iadd v5, v6
                        v8 = load.%1$s v7
                        return v8
                    }
                    """.formatted(t), true));
        }
        String[][] narrow = {{"uload8", "istore8", "i8"}, {"sload8", "istore8", "i8"}, {"uload16", "istore16", "i16"},
            {"sload16", "istore16", "i16"}, {"uload32", "istore32", "i32"}, {"sload32", "istore32", "i32"}};
        for (String[] n : narrow) {
            for (String t : new String[] {"i16", "i32", "i64"}) {
                if (bits(t) <= bits(n[2]) || (n[0].endsWith("32") && !t.equals("i64"))) {
                    continue;
                }
                out.add(new Case(n[0] + "." + t, """
                        function %%f(i64, %1$s) -> %1$s {
                        block0(v0: i64, v1: %1$s):
                            %3$s v1, v0+4
                            v2 = %2$s.%1$s v0+4
                            return v2
                        }
                        """.formatted(t, n[0], n[1]), true));
            }
        }
        out.add(new Case("br_table", """
                function %f(i32) -> i64 {
                block0(v0: i32):
                    br_table v0, block4, [block1, block2, block3, block1]
                block1:
                    v1 = iconst.i64 100
                    return v1
                block2:
                    v2 = iconst.i64 200
                    return v2
                block3:
                    v3 = iconst.i64 300
                    return v3
                block4:
                    v4 = iconst.i64 400
                    return v4
                }
                """, false));
        out.add(new Case("loop with pressure", """
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = iconst.i64 0
                    v3 = iconst.i64 15
                    v4 = band v1, v3
                    jump block1(v0, v2, v4)
                block1(v10: i64, v11: i64, v12: i64):
                    v13 = imul v10, v10
                    v14 = iadd v13, v11
                    v15 = rotl v14, v12
                    v16 = bxor v15, v10
                    v17 = iadd v16, v13
                    v18 = isub v17, v14
                    v19 = imul v18, v15
                    v20 = iadd v19, v16
                    v21 = bxor v20, v13
                    v22 = iadd v21, v14
                    v23 = iadd v22, v15
                    v24 = iadd v23, v16
                    v25 = iadd v24, v17
                    v26 = iadd v25, v18
                    v27 = iadd v26, v19
                    v28 = iadd v27, v20
                    v29 = iadd v28, v21
                    v30 = bxor v29, v13
                    v31 = iadd v30, v14
                    v32 = iadd v31, v15
                    v33 = iadd v32, v16
                    v34 = iadd v33, v17
                    v35 = iadd v34, v18
                    v36 = iadd v35, v19
                    v37 = iadd v36, v20
                    v38 = iadd v37, v21
                    v39 = iadd v38, v22
                    v40 = iadd v39, v23
                    v41 = iadd v40, v24
                    v42 = iadd v41, v25
                    v43 = iadd v42, v26
                    v44 = iadd v43, v27
                    v45 = iadd v44, v28
                    v46 = iadd v45, v29
                    v47 = iadd v46, v30
                    v48 = iadd v47, v31
                    v49 = iadd v48, v32
                    v50 = iadd v49, v33
                    v51 = iadd v50, v34
                    v52 = iadd v51, v35
                    v53 = iadd v52, v36
                    v54 = iadd v53, v37
                    v55 = iadd v54, v38
                    v56 = iadd v55, v39
                    v57 = iadd v56, v40
                    v58 = iadd v57, v41
                    v59 = iadd v58, v42
                    v60 = iadd v59, v43
                    v61 = iadd v60, v44
                    v62 = iadd v61, v45
                    v63 = iadd v62, v46
                    v64 = iadd v63, v47
                    v65 = iadd v64, v48
                    v66 = iadd v65, v49
                    v67 = iadd v66, v50
                    v68 = iadd v67, v51
                    v69 = iadd v68, v52
                    v70 = iadd v69, v53
                    v71 = iadd v70, v54
                    v72 = iadd v71, v55
                    v73 = iadd v72, v56
                    v74 = iadd v73, v57
                    v75 = iadd v74, v58
                    v76 = iadd v75, v59
                    v77 = iadd v76, v60
                    v78 = iadd v77, v61
                    v79 = iadd v78, v62
                    v80 = iadd v79, v63
                    v81 = iadd v80, v13
                    v82 = iadd v81, v14
                    v83 = iadd v82, v15
                    v84 = iadd v83, v16
                    v85 = iadd v84, v17
                    v86 = iadd v85, v18
                    v87 = iadd v86, v19
                    v88 = iadd v87, v20
                    v89 = iadd v88, v21
                    v90 = iadd v89, v22
                    v91 = iadd v90, v23
                    v92 = iadd v91, v24
                    v93 = iadd v92, v25
                    v94 = iadd v93, v26
                    v95 = iadd v94, v27
                    v96 = iadd v95, v28
                    v97 = iadd v96, v29
                    v98 = iadd v97, v30
                    v99 = iadd v98, v31
                    v100 = iadd v99, v32
                    v101 = iadd v100, v33
                    v102 = iadd v101, v34
                    v103 = iadd v102, v35
                    v104 = iadd v103, v36
                    v105 = iadd v104, v37
                    v106 = iadd v105, v38
                    v107 = iadd v106, v39
                    v108 = iadd v107, v40
                    v109 = iadd v108, v41
                    v110 = iadd v109, v42
                    v111 = iadd v110, v43
                    v112 = iadd v111, v44
                    v113 = iadd v112, v45
                    v114 = iadd v113, v46
                    v115 = iadd v114, v47
                    v116 = iadd v115, v48
                    v117 = iadd v116, v49
                    v118 = iadd v117, v50
                    v119 = iadd v118, v51
                    v120 = iadd v119, v52
                    v121 = iadd v120, v53
                    v122 = iconst.i64 1
                    v123 = isub v12, v122
                    v126 = iconst.i64 0
                    v124 = icmp sge v123, v126
                    brif v124, block1(v121, v10, v123), block2(v121)
                block2(v125: i64):
                    return v125
                }
                """, false));
        return out;
    }

    static String unary(String t, String op) {
        return """
                function %%f(%1$s) -> %1$s {
                block0(v0: %1$s):
                    v1 = %2$s v0
                    return v1
                }
                """.formatted(t, op);
    }

    @TestFactory
    Stream<DynamicTest> compiledCodeAgreesWithTheInterpreter() {
        assumeTrue(QemuRunner.available(), "qemu-aarch64 is not installed (Debian: apt-get install qemu-user)");
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    static long[] specials(int bits) {
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        return new long[] {0, 1, -1, 2, 3, min, ~min, min + 1, bits - 1, bits, bits + 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000,
            17, 16, 18, 4, 5, 255};
    }

    /** Float bit patterns at the edges: zeros, ones, halves, integer-type limits, extremes, NaN. */
    static long[] floatSpecials(int bits) {
        double[] d = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.75, 127.5, -128.5, 255.9, -129.0, 32767.5, 65535.5,
            65536.0, 0x1p31, -0x1p31, 0x1p31 - 1, -0x1p31 - 1, 0x1p32, 0x1p32 - 1, 0x1p63, -0x1p63, 0x1p64, 1e300, -1e-300,
            Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NaN, 4.2e9, -7.0e18, 1.2e19};
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = bits == 64 ? Double.doubleToRawLongBits(d[i]) : Float.floatToRawIntBits((float) d[i]) & 0xFFFF_FFFFL;
        }
        return out;
    }

    /** A random float of {@code bits}: usually a moderate value of either sign, else any bit pattern. */
    static long randomFloat(SplittableRandom rnd, int bits) {
        if (rnd.nextInt(4) == 0) {
            return rnd.nextLong();
        }
        double v = (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(-8, 70));
        if (rnd.nextInt(3) == 0) {
            v = Math.rint(v * 2) / 2;
        }
        return bits == 64 ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
    }

    static long sext(long v, int bits) {
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }

    static void check(Case c) throws Exception {
        Function f = LowerTestSupport.parse(c.clif());
        CompiledCode cc = LowerTestSupport.compile(f);
        Interpreter interp = new Interpreter(f);
        List<Type> params = new ArrayList<>();
        for (int i = c.pointer() ? 1 : 0; i < f.signature().params().size(); i++) {
            params.add(f.signature().params().get(i).type());
        }
        Type ret = f.signature().returns().get(0).type();
        SplittableRandom rnd = new SplittableRandom(c.name().hashCode());
        List<QemuRunner.Call> calls = new ArrayList<>();
        int trapped = 0;
        String lastTrap = "";
        for (int n = 0; calls.size() < CALLS && n < 4 * CALLS; n++) {
            long[] regs = new long[params.size()];
            DataValue[] args = new DataValue[params.size() + (c.pointer() ? 1 : 0)];
            if (c.pointer()) {
                args[0] = DataValue.ofInt(Type.I64, 0);
            }
            for (int k = 0; k < params.size(); k++) {
                int b = params.get(k).bits();
                long[] sp = c.floatBits() ? floatSpecials(b) : specials(b);
                long v = n < sp.length * 2 ? sp[(n + k * 7) % sp.length] : c.floatBits() ? randomFloat(rnd, b) : rnd.nextLong();
                if (!c.floatBits() && rnd.nextInt(4) == 0) {
                    v = rnd.nextInt(-70, 70);
                }
                v = sext(v, b);
                args[k + (c.pointer() ? 1 : 0)] = DataValue.ofInt(params.get(k), v);
                regs[k] = b == 64 ? v : (v & mask(b)) | (rnd.nextLong() << b);
            }
            if (c.pointer()) {
                interp.mapMemory(0x10000, new byte[256]);
                args[0] = DataValue.ofInt(Type.I64, 0x10000 + 64);
            }
            InterpreterResult r = interp.call(f, args);
            if (r instanceof InterpreterResult.Trapped) {
                trapped++;
                lastTrap = r + " on " + java.util.Arrays.toString(args);
                interp = new Interpreter(f); // a fresh one: do not rely on state after a trap
                continue;
            }
            long expected = ((InterpreterResult.Returned) r).values()[0].unsigned();
            calls.add(new QemuRunner.Call(regs, expected));
        }
        if (calls.isEmpty()) {
            return; // e.g. a division by a constant zero: every call traps (see trapsKillTheProcessWithSigill)
        }
        QemuRunner.Outcome o = QemuRunner.run(cc.bytes(), c.pointer(), mask(ret.bits()), calls);
        if (!o.ok()) {
            String detail = o.failedIndex() >= 0
                    ? "call " + o.failedIndex() + " with " + java.util.Arrays.toString(calls.get((int) o.failedIndex()).args())
                            + ": expected " + Long.toHexString(calls.get((int) o.failedIndex()).expected() & mask(ret.bits()))
                            + ", got " + Long.toHexString(o.actual())
                    : "exit " + o.exitCode();
            throw new AssertionError(c.name() + ": " + detail + "\n" + cc.vcode());
        }
    }

    @Test
    void trapsKillTheProcessWithSigill() throws Exception {
        assumeTrue(QemuRunner.available(), "qemu-aarch64 is not installed");
        String[] clif = {
            """
            function %f(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v2 = udiv v0, v1
                return v2
            }
            """,
            """
            function %f(i8, i8) -> i8 {
            block0(v0: i8, v1: i8):
                v2 = sdiv v0, v1
                return v2
            }
            """,
            """
            function %f(i64, i64) -> i64 {
            block0(v0: i64, v1: i64):
                trapz v0, user7
                return v1
            }
            """,
            """
            function %f(i64, i64) -> i32 {
            block0(v0: i64, v1: i64):
                v2 = bitcast.f64 v0
                v3 = fcvt_to_sint.i32 v2
                return v3
            }
            """,
            """
            function %f(i32, i32) -> i8 {
            block0(v0: i32, v1: i32):
                v2 = bitcast.f32 v0
                v3 = fcvt_to_uint.i8 v2
                return v3
            }
            """,
            """
            function %f(i32, i32) -> i64 {
            block0(v0: i32, v1: i32):
                v2 = bitcast.f32 v0
                v3 = fcvt_to_sint.i64 v2
                return v3
            }
            """};
        // Integer traps, then fcvt_to_sint of NaN, fcvt_to_uint.i8 of 256.0 and fcvt_to_sint.i64 of -2^63 - 2^40.
        long[][] args = {{5, 0}, {0x80, 0xFF}, {0, 1}, {0x7FF8_0000_0000_0000L, 0}, {0x4380_0000L, 0}, {0xDF00_0001L, 0}};
        for (int i = 0; i < clif.length; i++) {
            Function f = LowerTestSupport.parse(clif[i]);
            InterpreterResult r = new Interpreter(f).call(f, DataValue.ofInt(f.signature().params().get(0).type(), sext(args[i][0], f.signature().params().get(0).type().bits())),
                    DataValue.ofInt(f.signature().params().get(1).type(), sext(args[i][1], f.signature().params().get(1).type().bits())));
            assertTrue(r instanceof InterpreterResult.Trapped, "interpreter traps on case " + i);
            QemuRunner.Outcome o = QemuRunner.run(LowerTestSupport.compile(f).bytes(), false, -1,
                    List.of(new QemuRunner.Call(args[i], 0)));
            assertEquals(128 + 4, o.exitCode(), "SIGILL expected in case " + i + ", output " + o.output());
        }
    }
}

package dev.davit.lower.x64.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.PReg;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scalar float lowering against the CLIF interpreter, natively: each function takes and returns
 * the raw bits in integer registers and bitcasts inside, so {@link ExecutionTest.Native}'s
 * {@code long f(long, long, long)} calls it. Inputs are the values where float semantics have
 * corners (signed zeros, NaNs, infinities, subnormals, halfway points, integer range edges) and
 * random bits; a result NaN matches any NaN, since CLIF leaves NaN payloads to the machine.
 */
class FloatExecutionTest {
    /** Caller-saved GPRs and xmm0-xmm7 (nothing to preserve); r11 and xmm15 as scratch. */
    static MachineEnv leafEnv() {
        int[] gpr = {0, 1, 2, 6, 7, 8, 9, 10};
        int[] ints = new int[gpr.length];
        for (int i = 0; i < gpr.length; i++) ints[i] = PReg.of(0, gpr[i]);
        int[] xmms = new int[8];
        for (int i = 0; i < 8; i++) xmms[i] = PReg.of(1, i);
        return new MachineEnv(new int[][] {ints, xmms, {}}, new int[][] {{}, {}, {}},
                new int[] {PReg.of(0, 11), PReg.of(1, 15), -1});
    }

    static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 0.49999999999999994,
        Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p31, -0x1p31, 0x1p32,
        0x1p63, -0x1p63, 0x1p64, 0x1.fffffffffffffp62, 4503599627370496.5, 1e10, -1e10, 123.456, (float) 0.1};

    static long[] bits(Type t, Random rnd) {
        List<Long> out = new ArrayList<>();
        for (double d : DOUBLES) {
            out.add(t == Type.F64 ? Double.doubleToRawLongBits(d) : Float.floatToRawIntBits((float) d) & 0xffffffffL);
        }
        out.add(t == Type.F64 ? 0x7ff4000000000001L : 0x7fa00001L); // signalling NaN
        for (int i = 0; i < 8; i++) out.add(t == Type.F64 ? rnd.nextLong() : rnd.nextInt() & 0xffffffffL);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static boolean isNan(Type t, long v) {
        return t == Type.F64 ? Double.isNaN(Double.longBitsToDouble(v)) : Float.isNaN(Float.intBitsToFloat((int) v));
    }

    static String intOf(Type t) { return t == Type.F64 ? "i64" : "i32"; }

    /**
     * {@code name} on inputs of float type {@code t} (as integer bits), the result returned as integer
     * type {@code ret}: the bits of a float of type {@code resultFloat}, or null if not a float.
     */
    static int check(String name, String clif, Type t, Type ret, Type resultFloat, X64LowerBackend backend,
                     Random rnd) throws Throwable {
        Function f = LowerTestSupport.parse(clif);
        int np = f.signature().params().size();
        Interpreter interp = new Interpreter(f);
        long mask = ret.bits() == 64 ? -1L : (1L << ret.bits()) - 1;
        int runs = 0;
        long[] xs = bits(t, rnd);
        try (ExecutionTest.Native code = new ExecutionTest.Native(ExecutionTest.compile(f, backend, leafEnv()))) {
            for (long a : xs) {
                for (long b : np > 1 ? xs : new long[] {0}) {
                    DataValue[] args = new DataValue[np];
                    for (int i = 0; i < np; i++) args[i] = DataValue.ofInt(f.signature().params().get(i).type(), i == 0 ? a : b);
                    InterpreterResult r = interp.call(f, args);
                    if (!(r instanceof InterpreterResult.Returned ret0)) continue; // a trap would end the JVM
                    long expected = ret0.values()[0].lo() & mask;
                    long actual = code.invoke(a, b, 0) & mask;
                    boolean same = expected == actual
                            || resultFloat != null && isNan(resultFloat, expected) && isNan(resultFloat, actual);
                    if (!same) {
                        fail(name + "(" + Long.toHexString(a) + (np > 1 ? ", " + Long.toHexString(b) : "") + "): expected "
                                + Long.toHexString(expected) + " but got " + Long.toHexString(actual) + "\n" + clif);
                    }
                    runs++;
                }
            }
        }
        assertTrue(runs > 0, name + ": no input ran");
        return runs;
    }

    @Test
    void compiledFloatCodeAgreesWithTheInterpreter() throws Throwable {
        assumeTrue(ExecutionTest.X64_LINUX, "needs x86-64 Linux");
        Random rnd = new Random(7);
        int runs = 0;
        for (boolean sse41 : new boolean[] {false, true}) {
            X64LowerBackend backend = new X64LowerBackend().sse41(sse41);
            for (Type t : new Type[] {Type.F32, Type.F64}) {
                String ft = t.toString(), it = intOf(t);
                for (String op : new String[] {"fadd", "fsub", "fmul", "fdiv", "fmin", "fmax", "fcopysign"}) {
                    runs += check(op + "." + ft, """
                            function %%f(%2$s, %2$s) -> %2$s {
                            block0(v0: %2$s, v1: %2$s):
                                v2 = bitcast.%1$s v0
                                v3 = bitcast.%1$s v1
                                v4 = %3$s v2, v3
                                v5 = bitcast.%2$s v4
                                return v5
                            }
                            """.formatted(ft, it, op), t, Type.parse(it), t, backend, rnd);
                }
                for (String op : new String[] {"fneg", "fabs", "sqrt", "floor", "ceil", "trunc", "nearest"}) {
                    runs += check(op + "." + ft + (sse41 ? " (sse4.1)" : ""), """
                            function %%f(%2$s) -> %2$s {
                            block0(v0: %2$s):
                                v1 = bitcast.%1$s v0
                                v2 = %3$s v1
                                v3 = bitcast.%2$s v2
                                return v3
                            }
                            """.formatted(ft, it, op), t, Type.parse(it), t, backend, rnd);
                }
                for (String cc : new String[] {"eq", "ne", "lt", "le", "gt", "ge", "uno", "ord", "one", "ueq", "ult",
                    "ule", "ugt", "uge"}) {
                    runs += check("fcmp " + cc + "." + ft, """
                            function %%f(%2$s, %2$s) -> i8 {
                            block0(v0: %2$s, v1: %2$s):
                                v2 = bitcast.%1$s v0
                                v3 = bitcast.%1$s v1
                                v4 = fcmp %3$s v2, v3
                                return v4
                            }
                            """.formatted(ft, it, cc), t, Type.I8, null, backend, rnd);
                }
                for (String to : new String[] {"i32", "i64"}) {
                    for (String op : new String[] {"fcvt_to_sint_sat", "fcvt_to_uint_sat", "fcvt_to_sint", "fcvt_to_uint"}) {
                        runs += check(op + "." + to + "(" + ft + ")", """
                                function %%f(%2$s) -> %4$s {
                                block0(v0: %2$s):
                                    v1 = bitcast.%1$s v0
                                    v2 = %3$s.%4$s v1
                                    return v2
                                }
                                """.formatted(ft, it, op, to), t, Type.parse(to), null, backend, rnd);
                    }
                }
            }
            runs += check("fpromote", """
                    function %f(i32) -> i64 {
                    block0(v0: i32):
                        v1 = bitcast.f32 v0
                        v2 = fpromote.f64 v1
                        v3 = bitcast.i64 v2
                        return v3
                    }
                    """, Type.F32, Type.I64, Type.F64, backend, rnd);
            runs += check("fdemote", """
                    function %f(i64) -> i32 {
                    block0(v0: i64):
                        v1 = bitcast.f64 v0
                        v2 = fdemote.f32 v1
                        v3 = bitcast.i32 v2
                        return v3
                    }
                    """, Type.F64, Type.I32, Type.F32, backend, rnd);
        }
        assertTrue(runs > 20_000, "only " + runs + " runs");
    }
}

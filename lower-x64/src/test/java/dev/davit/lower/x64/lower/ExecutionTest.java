package dev.davit.lower.x64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.codegen.machinst.RegAllocApply;
import dev.davit.codegen.machinst.VCode;
import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import dev.davit.lower.x64.inst.X64Emitter;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.Output;
import dev.davit.regalloc.PReg;
import dev.davit.regalloc.RegAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs selected code natively and compares it with the CLIF interpreter on edge-case and random
 * inputs. The functions are leaves allocated to caller-saved registers only, so they need no
 * prologue, and inputs on which the interpreter traps are skipped: a hardware trap would take the
 * JVM down. Machine-specific (x86-64 Linux); skipped elsewhere.
 */
class ExecutionTest {
    static final boolean X64_LINUX = System.getProperty("os.arch").equals("amd64")
            && System.getProperty("os.name").startsWith("Linux");

    /** Caller-saved GPRs only (no callee-saved registers to preserve), r11 as the scratch. */
    static MachineEnv leafEnv() {
        int[] hw = {0, 1, 2, 6, 7, 8, 9, 10};
        int[] regs = new int[hw.length];
        for (int i = 0; i < hw.length; i++) regs[i] = PReg.of(0, hw[i]);
        return new MachineEnv(new int[][] {regs, {}, {}}, new int[][] {{}, {}, {}}, new int[] {PReg.of(0, 11), -1, -1});
    }

    static byte[] compile(Function f, X64LowerBackend backend) throws Exception {
        return compile(f, backend, leafEnv());
    }

    static byte[] compile(Function f, X64LowerBackend backend, MachineEnv env) throws Exception {
        VCode<X64Inst> v = LowerTestSupport.lower(f, backend);
        Output out = RegAllocator.allocate(v, env);
        FinalCode<X64Inst> code = RegAllocApply.apply(v, out);
        assertEquals(0, code.numSpillSlots(), "test functions must not spill (no frame yet)");
        MachBuffer buf = new MachBuffer();
        buf.reserveLabels(code.numBlocks());
        for (int b = 0; b < code.numBlocks(); b++) {
            buf.bindLabel(b);
            for (int i = code.blockStart()[b]; i < code.blockStart()[b + 1]; i++) X64Emitter.emit(code.inst(i), buf);
        }
        return buf.finish().bytes();
    }

    /** Machine code mapped read+execute, called as {@code long f(long, long, long)}. */
    static final class Native implements AutoCloseable {
        static final Linker LINKER = Linker.nativeLinker();
        final MemorySegment mem;
        final long size;
        final MethodHandle call;

        Native(byte[] code) throws Throwable {
            MethodHandle mmap = LINKER.downcallHandle(LINKER.defaultLookup().find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MethodHandle mprotect = LINKER.downcallHandle(LINKER.defaultLookup().find("mprotect").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
            size = Math.max(4096, (code.length + 4095) & ~4095L);
            // PROT_READ|PROT_WRITE = 3, MAP_PRIVATE|MAP_ANONYMOUS = 0x22; then PROT_READ|PROT_EXEC = 5.
            MemorySegment p = ((MemorySegment) mmap.invokeExact(MemorySegment.NULL, size, 3, 0x22, -1, 0L)).reinterpret(size);
            assertTrue(p.address() != -1L, "mmap failed");
            MemorySegment.copy(code, 0, p, ValueLayout.JAVA_BYTE, 0, code.length);
            assertEquals(0, (int) mprotect.invokeExact(p, size, 5));
            mem = p;
            call = LINKER.downcallHandle(p, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        }

        long invoke(long a, long b, long c) throws Throwable {
            return (long) call.invokeExact(a, b, c);
        }

        @Override
        public void close() {
            MethodHandle munmap = LINKER.downcallHandle(LINKER.defaultLookup().find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            try {
                assertEquals(0, (int) munmap.invokeExact(mem, size));
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
    }

    static long[] inputs(int bits, Random rnd) {
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        List<Long> l = new ArrayList<>(List.of(0L, 1L, -1L, 2L, 3L, 7L, 8L, 31L, 32L, 63L, 64L, min, max, min + 1,
                0x80L, 0x7fL, 0xffL, 0x8000L, 0x1234_5678_9abc_def0L));
        for (int i = 0; i < 6; i++) l.add(rnd.nextLong());
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = l.get(i);
        return out;
    }

    static long norm(long v, int bits) {
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }

    /**
     * Compiles {@code clif} (a function of up to three integer parameters returning one) and checks
     * it against the interpreter on the inputs; parameters take the inputs in turn.
     */
    static int check(String name, String clif, X64LowerBackend backend, Random rnd) throws Throwable {
        int runs = checkRuns(name, clif, backend, rnd);
        assertTrue(runs > 0, name + ": no input ran");
        return runs;
    }

    static int checkRuns(String name, String clif, X64LowerBackend backend, Random rnd) throws Throwable {
        Function f = LowerTestSupport.parse(clif);
        int np = f.signature().params().size();
        Type[] pt = new Type[np];
        for (int i = 0; i < np; i++) pt[i] = f.signature().params().get(i).type();
        int rbits = f.signature().returns().get(0).type().bits();
        Interpreter interp = new Interpreter(f);
        int runs = 0;
        try (Native code = new Native(compile(f, backend))) {
            long[] xs = inputs(64, rnd);
            for (long a : xs) {
                for (long b : np > 1 ? xs : new long[] {0}) {
                    long c = np > 2 ? xs[(int) ((a ^ b) & 0xffff) % xs.length] : 0;
                    long[] in = {a, b, c};
                    DataValue[] args = new DataValue[np];
                    for (int i = 0; i < np; i++) args[i] = DataValue.ofInt(pt[i], norm(in[i], pt[i].bits()));
                    InterpreterResult r = interp.call(f, args);
                    if (!(r instanceof InterpreterResult.Returned ret)) continue;
                    long expected = norm(ret.values()[0].lo(), rbits);
                    // Upper bits of narrow arguments are undefined: pass garbage there on purpose.
                    long actual = norm(code.invoke(a, b, c), rbits);
                    if (expected != actual) {
                        fail(name + "(" + Long.toHexString(args[0].lo()) + (np > 1 ? ", " + Long.toHexString(args[1].lo()) : "")
                                + (np > 2 ? ", " + Long.toHexString(args[2].lo()) : "") + "): expected "
                                + Long.toHexString(expected) + " but got " + Long.toHexString(actual) + "\n" + clif);
                    }
                    runs++;
                }
            }
        }
        return runs;
    }

    static final String[] TYPES = {"i8", "i16", "i32", "i64"};

    static List<String[]> functions() {
        List<String[]> out = new ArrayList<>();
        String[] binary = {"iadd", "isub", "imul", "umulhi", "smulhi", "udiv", "sdiv", "urem", "srem", "band", "bor",
            "bxor", "ishl", "ushr", "sshr", "rotl", "rotr", "smin", "umin", "smax", "umax",
        "band_not", "bor_not", "bxor_not"};
        for (String t : TYPES) {
            for (String op : binary) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, op)});
                for (long k : new long[] {-1, 1, 3, 9, 0x7f, -0x80, 0x1_0000_0001L}) {
                    out.add(new String[] {op + "." + t + " " + k, """
                            function %%f(%1$s) -> %1$s {
                            block0(v0: %1$s):
                                v1 = iconst.%1$s %3$d
                                v2 = %2$s v0, v1
                                return v2
                            }
                            """.formatted(t, op, norm(k, Integer.parseInt(t.substring(1))))});
                }
            }
            for (String op : new String[] {"bnot", "ineg", "clz", "ctz", "popcnt", "iabs", "bitrev", "cls"}) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s) -> %1$s {
                        block0(v0: %1$s):
                            v1 = %2$s v0
                            return v1
                        }
                        """.formatted(t, op)});
            }
            for (String to : new String[] {"i8", "i16", "i32", "i64"}) {
                out.add(new String[] {"bmask." + to + " of " + t, """
                        function %%f(%1$s) -> %2$s {
                        block0(v0: %1$s):
                            v1 = bmask.%2$s v0
                            return v1
                        }
                        """.formatted(t, to)});
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
            for (String op : new String[] {"uadd_overflow", "sadd_overflow", "usub_overflow", "ssub_overflow",
                    "umul_overflow", "smul_overflow"}) {
                out.add(new String[] {op + "." + t, """
                        function %%f(%1$s, %1$s) -> i8 {
                        block0(v0: %1$s, v1: %1$s):
                            v2, v3 = %2$s v0, v1
                            v4 = ireduce.i8 v2
                            v5 = iconst.i8 2
                            v6 = imul v3, v5
                            v7 = bxor v4, v6
                            return v7
                        }
                        """.formatted(t, op)
                        .replace("v4 = ireduce.i8 v2", t.equals("i8") ? "v4 = iadd v2, v2" : "v4 = ireduce.i8 v2")});
            }
            for (String cc : new String[] {"eq", "ne", "slt", "sge", "sgt", "sle", "ult", "uge", "ugt", "ule"}) {
                out.add(new String[] {"icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s) -> i8 {
                        block0(v0: %1$s, v1: %1$s):
                            v2 = icmp %2$s v0, v1
                            return v2
                        }
                        """.formatted(t, cc)});
                out.add(new String[] {"brif/select icmp " + cc + "." + t, """
                        function %%f(%1$s, %1$s, %1$s) -> %1$s {
                        block0(v0: %1$s, v1: %1$s, v2: %1$s):
                            v3 = icmp %2$s v0, v1
                            v4 = select v3, v2, v1
                            v5 = iconst.%1$s 5
                            v6 = icmp %2$s v2, v5
                            brif v6, block1, block2(v4)
                        block1:
                            v7 = iadd v4, v5
                            jump block2(v7)
                        block2(v8: %1$s):
                            return v8
                        }
                        """.formatted(t, cc)});
            }
            for (String c : TYPES) {
                out.add(new String[] {"select." + t + " on " + c, """
                        function %%f(%2$s, %1$s, %1$s) -> %1$s {
                        block0(v0: %2$s, v1: %1$s, v2: %1$s):
                            v3 = select v0, v1, v2
                            return v3
                        }
                        """.formatted(t, c)});
                int tb = Integer.parseInt(t.substring(1)), cb = Integer.parseInt(c.substring(1));
                if (cb < tb) {
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
        }
        for (String t : TYPES) {
            // Only the inputs on which nothing traps run natively, so this checks that the trap
            // conditions are not inverted or taken spuriously.
            out.add(new String[] {"traps." + t, """
                    function %%f(%1$s, %1$s) -> %1$s {
                    block0(v0: %1$s, v1: %1$s):
                        trapz v0, user1
                        v2 = icmp ugt v0, v1
                        trapnz v2, user2
                        v3 = icmp ne v0, v1
                        trapz v3, user3
                        v4 = isub v0, v1
                        return v4
                    }
                    """.formatted(t)});
        }
        out.add(new String[] {"br_table", """
                function %f(i32, i64) -> i64 {
                block0(v0: i32, v1: i64):
                    br_table v0, block3(v1), [block1, block2, block1]
                block1:
                    v2 = iconst.i64 100
                    jump block3(v2)
                block2:
                    v3 = iconst.i64 200
                    v4 = iadd v1, v3
                    jump block3(v4)
                block3(v5: i64):
                    return v5
                }
                """});
        out.add(new String[] {"loop", """
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = iconst.i64 0
                    v9 = iconst.i64 0xff
                    v12 = band v0, v9
                    v13 = iconst.i64 1
                    v10 = iadd v12, v13
                    jump block1(v10, v1)
                block1(v2: i64, v3: i64):
                    v4 = iadd v3, v2
                    v11 = iconst.i64 -1
                    v5 = iadd v2, v11
                    brif v5, block1(v5, v4), block2
                block2:
                    return v4
                }
                """});
        return out;
    }

    @Test
    void compiledCodeAgreesWithTheInterpreter() throws Throwable {
        assumeTrue(X64_LINUX, "needs x86-64 Linux");
        Random rnd = new Random(42);
        int runs = 0;
        for (boolean features : new boolean[] {false, true}) {
            for (String[] fn : functions()) {
                runs += check(fn[0] + (features ? " (lzcnt/bmi1/popcnt)" : ""), fn[1],
                        new X64LowerBackend(features, features, features), rnd);
            }
        }
        assertTrue(runs > 100_000, "only " + runs + " runs");
    }

    @Test
    void memoryAccessesRoundTrip() throws Throwable {
        assumeTrue(X64_LINUX, "needs x86-64 Linux");
        // Every store width, an immediate store, every load extension and the folded address
        // forms (base+disp, constant folded into disp, base+index), against a buffer the test owns.
        String clif = """
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    store v1, v0
                    v2 = iconst.i64 8
                    v3 = iadd v0, v2
                    istore32 v1, v3+4
                    istore16 v1, v3+8
                    istore8 v1, v3+10
                    v4 = iconst.i32 -77
                    store v4, v0+20
                    v5 = load.i64 v0
                    v6 = sload32.i64 v3+4
                    v7 = uload16.i64 v0+16
                    v8 = sload8.i64 v3+10
                    v9 = uload32.i64 v0+20
                    v10 = iconst.i64 2
                    v11 = iadd v0, v10
                    v12 = load.i16 v11+14
                    v13 = sextend.i64 v12
                    v20 = iconst.i64 4
                    v21 = iadd v0, v20
                    v22 = iadd v21, v20
                    v23 = uload8.i64 v22+10
                    v14 = iadd v5, v6
                    v15 = iadd v14, v7
                    v16 = iadd v15, v8
                    v17 = iadd v16, v9
                    v18 = iadd v17, v13
                    v19 = iadd v18, v23
                    return v19
                }
                """;
        Function f = LowerTestSupport.parse(clif);
        try (Arena arena = Arena.ofConfined(); Native code = new Native(compile(f, new X64LowerBackend()))) {
            MemorySegment buf = arena.allocate(64, 16);
            for (long x : inputs(64, new Random(7))) {
                long actual = code.invoke(buf.address(), x, 0);
                long expected = x + (int) x + (x & 0xffff) + (byte) x + 0xffff_ffb3L + (short) x + (x & 0xff);
                assertEquals(expected, actual, Long.toHexString(x));
                assertEquals(x, buf.get(ValueLayout.JAVA_LONG, 0));
                assertEquals((int) x, buf.get(ValueLayout.JAVA_INT, 12));
                assertEquals((short) x, buf.get(ValueLayout.JAVA_SHORT, 16));
                assertEquals((byte) x, buf.get(ValueLayout.JAVA_BYTE, 18));
                assertEquals(-77, buf.get(ValueLayout.JAVA_INT, 20));
            }
        }
    }

    @Test
    void mergedLoadsReadAfterEarlierStores() throws Throwable {
        assumeTrue(X64_LINUX, "needs x86-64 Linux");
        String clif = """
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    store v1, v0
                    v2 = load.i64 v0
                    v3 = iadd v1, v2
                    store v3, v0+8
                    v4 = load.i32 v0+8
                    v5 = load.i32 v0
                    v6 = isub v4, v5
                    v7 = uextend.i64 v6
                    v8 = load.i64 v0+8
                    v9 = icmp ugt v1, v8
                    v10 = select v9, v7, v3
                    return v10
                }
                """;
        Function f = LowerTestSupport.parse(clif);
        String vcode = LowerTestSupport.lower(f, new X64LowerBackend()).toString();
        assertTrue(vcode.contains("add ") && vcode.contains("QWORD PTR [%v192]\n  mov QWORD PTR [%v192+0x8]"), vcode);
        try (Arena arena = Arena.ofConfined(); Native code = new Native(compile(f, new X64LowerBackend()))) {
            MemorySegment buf = arena.allocate(64, 16);
            for (long x : inputs(64, new Random(9))) {
                long v3 = 2 * x;
                long v7 = ((int) v3 - (int) x) & 0xffff_ffffL;
                long expected = Long.compareUnsigned(x, v3) > 0 ? v7 : v3;
                assertEquals(expected, code.invoke(buf.address(), x, 0), Long.toHexString(x));
            }
        }
    }
}

package dev.davit.ir.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.ir.Function;
import dev.davit.ir.Opcode;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import org.junit.jupiter.api.Test;

/**
 * Printing details that no conformance printout covers. Each test needs some opcodes; while the
 * opcode table is incomplete the tests that need missing ones are skipped.
 */
class WriterTest {
    static void needs(String... opcodes) {
        for (String o : opcodes) assumeTrue(Opcode.byName(o) != null, "opcode " + o + " not in the table yet");
    }

    /** Reads {@code text} and checks it prints back unchanged. */
    static void reprints(String text) throws ParseError {
        Function f = ClifParser.parseFunction(text);
        assertEquals(text, FunctionWriter.write(f));
    }

    @Test
    void memFlagsInCraneliftOrder() throws ParseError {
        needs("load", "store", "atomic_rmw", "atomic_cas", "bitcast");
        Function f = ClifParser.parseFunction("""
                function %m(i64, i32) {
                    region0 = 2147483648 "GcHeap"

                block0(v0: i64, v1: i32):
                    v2 = load.i32 little checked can_move readonly aligned user7 region0 v0+16
                    store notrap big v1, v0-0x0001_0000
                    v3 = atomic_rmw.i32 big xchg v0, v1
                    v4 = atomic_cas little v0, v1, v3
                    v5 = bitcast.f32 little v1
                    return
                }
                """);
        assertEquals("""
                function %m(i64, i32) fast {
                    region0 = 2147483648 "GcHeap"

                block0(v0: i64, v1: i32):
                    v2 = load.i32 user7 aligned readonly can_move little checked region0 v0+16
                    store notrap big v1, v0-0x0001_0000
                    v3 = atomic_rmw.i32 big xchg v0, v1
                    v4 = atomic_cas little v0, v1, v3
                    v5 = bitcast.f32 little v1
                    return
                }
                """, FunctionWriter.write(f));
    }

    @Test
    void constantsGoToThePreamble() throws ParseError {
        needs("vconst", "f128const", "shuffle", "f32const", "iadd");
        Function f = ClifParser.parseFunction("""
                function %c() -> i32x4 {
                block0:
                    v0 = vconst.i32x4 [1 2 3 -1]
                    v1 = vconst.i32x4 0x01
                    v2 = vconst.i32x4 [1 2 3 -1]
                    v3 = f128const 0x1.8p1
                    v4 = f32const -0x1.0p-1
                    v5 = shuffle v0, v1, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31]
                    v6 = iadd v0, v2
                    return v6
                }
                """);
        assertEquals("""
                function %c() -> i32x4 fast {
                    const0 = 0xffffffff000000030000000200000001
                    const1 = 0x00000000000000000000000000000001
                    const2 = 0x40008000000000000000000000000000

                block0:
                    v0 = vconst.i32x4 const0
                    v1 = vconst.i32x4 const1
                    v2 = vconst.i32x4 const0
                    v3 = f128const const2
                    v4 = f32const -0x1.000000p-1
                    v5 = shuffle v0, v1, 0x1f0e0d0c0b0a09080706050403020100  ; v0 = const0, v1 = const1
                    v6 = iadd v0, v2  ; v0 = const0, v2 = const0
                    return v6
                }
                """, FunctionWriter.write(f));
    }

    @Test
    void globalValuesAndDynamicTypes() throws ParseError {
        needs("global_value", "splat", "extract_vector");
        reprints("""
                function %g(i64 vmctx, i32) -> i32x4 system_v {
                    dss0 = explicit_dynamic_slot dt0
                    gv0 = vmctx
                    gv1 = load.i64 notrap aligned readonly gv0+8
                    gv2 = iadd_imm.i64 gv1, 0x0001_0000
                    gv3 = symbol colocated tls u1:7+16
                    gv4 = symbol %ElfGlobalOffsetTable
                    gv5 = dyn_scale_target_const.i32x4
                    dt0 = i32x4*gv5
                    stack_limit = gv1

                block0(v0: i64, v1: i32):
                    v2 = global_value.i64 gv2
                    v3 = splat.i32x4xN v1
                    v4 = extract_vector v3, 0
                    return v4
                }
                """);
    }

    @Test
    void floatConstantsPrintExactly() throws ParseError {
        needs("f16const", "f32const", "f64const", "fadd");
        reprints("""
                function %f() -> f64 fast {
                block0:
                    v0 = f16const -0x1.800p-14
                    v1 = f32const +sNaN:0x1
                    v2 = f64const -NaN:0x7ffffffffffff
                    v3 = f64const 0x0.0000000000001p-1022
                    v4 = f64const +Inf
                    v5 = fadd v3, v4  ; v3 = 0x0.0000000000001p-1022, v4 = +Inf
                    return v5
                }
                """);
    }
}

package dev.davit.ir.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.davit.ir.AtomicRmwOp;
import dev.davit.ir.DataValue;
import dev.davit.ir.IntCC;
import dev.davit.ir.MemFlags;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory (stack slots with real addresses, endianness, bounds), atomics, conversions and SIMD
 * lane operations, on hand-built functions. Tests whose opcodes the table lacks are skipped.
 */
class MemoryAndSimdTest {
    static final Type I8 = Type.I8, I16 = Type.I16, I32 = Type.I32, I64 = Type.I64, I128 = Type.I128,
            F32 = Type.F32, F64 = Type.F64, I32X4 = Type.I32.by(4), I8X16 = Type.I8.by(16), I16X8 = Type.I16.by(8);

    static DataValue[] returned(InterpreterResult r) {
        return assertInstanceOf(InterpreterResult.Returned.class, r).values();
    }

    static int trapped(InterpreterResult r) {
        return assertInstanceOf(InterpreterResult.Trapped.class, r).trapCode();
    }

    static DataValue i64(long v) { return DataValue.ofInt(I64, v); }

    static DataValue vec(Type t, long lo, long hi) { return new DataValue(t, lo, hi); }

    int store(FnBuilder b, MemFlags f, int value, int addr, long off) {
        return b.inst("store", null, new Type[0], new int[] {value, addr}, off, b.dfg.internMemFlags(f), 0);
    }

    int load(FnBuilder b, String op, Type t, MemFlags f, int addr, long off) {
        return b.vi(op, t, off, b.dfg.internMemFlags(f), 0, addr);
    }

    @Test
    void stackSlotsHaveAddresses() {
        // store x at ss0+8 through stack_addr+iadd, read it back whole and byte-wise big-endian
        FnBuilder b = new FnBuilder("mem", List.of(I64), List.of(I64, I8, I64));
        int ss = b.slot(16);
        int b0 = b.block(I64);
        int base = b.vi("stack_addr", I64, 0, 0, ss);
        int p = b.v("iadd", I64, base, b.iconst(I64, 8));
        store(b, MemFlags.DEFAULT, b.param(b0, 0), p, 0);
        int whole = load(b, "load", I64, MemFlags.DEFAULT, base, 8);
        int firstByte = load(b, "load", I8, MemFlags.DEFAULT, p, 0);
        int big = load(b, "load", I64, MemFlags.DEFAULT.withBits(MemFlags.BIG), p, 0);
        b.ret(whole, firstByte, big);
        DataValue[] r = returned(new Interpreter(b.fn).call("mem", i64(0x1122334455667788L)));
        assertEquals(0x1122334455667788L, r[0].lo());
        assertEquals(0x88, r[1].lo());
        assertEquals(0x8877665544332211L, r[2].lo());
    }

    @Test
    void outOfBoundsAndMisalignedAccessesTrap() {
        FnBuilder b = new FnBuilder("oob", List.of(I64), List.of(I32));
        b.slot(8);
        int b0 = b.block(I64);
        b.ret(load(b, "load", I32, MemFlags.DEFAULT.withBits(MemFlags.ALIGNED), b.param(b0, 0), 0));
        Interpreter in = new Interpreter(b.fn);
        assertEquals(TrapCode.HEAP_OUT_OF_BOUNDS, trapped(in.call("oob", i64(0))));
        assertEquals(TrapCode.HEAP_OUT_OF_BOUNDS, trapped(in.call("oob", i64(Memory.STACK_BASE + 64))));
        byte[] heap = {1, 0, 0, 0, 2, 0, 0, 0};
        in.mapMemory(0x5000_0000L, heap);
        assertEquals(2, returned(in.call("oob", i64(0x5000_0004L)))[0].lo());
        assertEquals(InterpreterResult.HEAP_MISALIGNED, trapped(in.call("oob", i64(0x5000_0002L))));
        assertEquals(TrapCode.HEAP_OUT_OF_BOUNDS, trapped(in.call("oob", i64(0x5000_0008L))));
    }

    @Test
    void stackLoadStoreAndExtendingLoads() {
        FnBuilder b = new FnBuilder("ext", List.of(I32), List.of(I64, I64, I32));
        int ss = b.slot(4);
        int b0 = b.block(I32);
        b.inst("stack_store", null, new Type[0], new int[] {b.param(b0, 0)}, 0, 0, ss);
        int addr = b.vi("stack_addr", I64, 0, 0, ss);
        int u = load(b, "uload16", I64, MemFlags.DEFAULT, addr, 2);
        int s = load(b, "sload16", I64, MemFlags.DEFAULT, addr, 2);
        int whole = b.vi("stack_load", I32, 0, 0, ss);
        b.ret(u, s, whole);
        DataValue[] r = returned(new Interpreter(b.fn).call("ext", DataValue.ofInt(I32, 0x8001_1234)));
        assertEquals(0x8001, r[0].lo());
        assertEquals(0xffff_ffff_ffff_8001L, r[1].lo());
        assertEquals(0x8001_1234L, r[2].lo());

        FnBuilder o = new FnBuilder("slotoob", List.of(), List.of(I32));
        int ss0 = o.slot(4);
        o.block();
        o.ret(o.vi("stack_load", I32, 2, 0, ss0));
        assertEquals(TrapCode.HEAP_OUT_OF_BOUNDS, trapped(new Interpreter(o.fn).call("slotoob")));
    }

    @Test
    void atomics() {
        FnBuilder b = new FnBuilder("atom", List.of(I64), List.of(I64, I64, I64, I64));
        int ss = b.slot(8);
        int b0 = b.block(I64);
        int p = b.vi("stack_addr", I64, 0, 0, ss);
        int mf = b.dfg.internMemFlags(MemFlags.DEFAULT);
        store(b, MemFlags.DEFAULT, b.iconst(I64, 10), p, 0);
        int old1 = b.vi("atomic_rmw", I64, AtomicRmwOp.ADD.ordinal(), mf, 0, p, b.param(b0, 0));
        int old2 = b.vi("atomic_rmw", I64, AtomicRmwOp.XCHG.ordinal(), mf, 0, p, b.iconst(I64, 3));
        int old3 = b.vi("atomic_cas", I64, 0, mf, 0, p, b.iconst(I64, 3), b.iconst(I64, 99));
        int now = b.vi("atomic_load", I64, 0, mf, 0, p);
        b.ret(old1, old2, old3, now);
        DataValue[] r = returned(new Interpreter(b.fn).call("atom", i64(5)));
        assertEquals(10, r[0].lo());
        assertEquals(15, r[1].lo());
        assertEquals(3, r[2].lo());
        assertEquals(99, r[3].lo());
    }

    @Test
    void floatToIntConversionsTrapOrSaturate() {
        Interpreter in = new Interpreter(FnBuilder.unary("fcvt_to_sint", F32, I32));
        Interpreter sat = new Interpreter(FnBuilder.unary("fcvt_to_uint_sat", F64, I8));
        assertEquals(-3, returned(in.call("fcvt_to_sint", DataValue.ofF32(-3.9f)))[0].signed());
        assertEquals(TrapCode.BAD_CONVERSION_TO_INTEGER, trapped(in.call("fcvt_to_sint", DataValue.ofF32(Float.NaN))));
        assertEquals(TrapCode.INTEGER_OVERFLOW, trapped(in.call("fcvt_to_sint", DataValue.ofF32(0x1p31f))));
        assertEquals(Integer.MIN_VALUE, returned(in.call("fcvt_to_sint", DataValue.ofF32(-0x1p31f)))[0].signed());
        assertEquals(255, returned(sat.call("fcvt_to_uint_sat", DataValue.ofF64(1e10)))[0].lo());
        assertEquals(0, returned(sat.call("fcvt_to_uint_sat", DataValue.ofF64(-1)))[0].lo());
        assertEquals(0, returned(sat.call("fcvt_to_uint_sat", DataValue.ofF64(Double.NaN)))[0].lo());
        Interpreter u = new Interpreter(FnBuilder.unary("fcvt_from_uint", I64, F32));
        assertEquals(0x1p64f, returned(u.call("fcvt_from_uint", i64(-1)))[0].asF32());
        Interpreter w = new Interpreter(FnBuilder.unary("fcvt_from_sint", I128, F64));
        assertEquals(-1.0, returned(w.call("fcvt_from_sint", DataValue.ofI128(-1, -1)))[0].asF64());
    }

    @Test
    void extendsAndSplits() {
        assertEquals(0xffff_ffff_ffff_ff80L, returned(new Interpreter(FnBuilder.unary("sextend", I8, I64))
                .call("sextend", DataValue.ofInt(I8, 0x80)))[0].lo());
        DataValue w = returned(new Interpreter(FnBuilder.unary("sextend", I32, I128))
                .call("sextend", DataValue.ofInt(I32, -2)))[0];
        assertEquals(-2, w.lo());
        assertEquals(-1, w.hi());
        assertEquals(0x34, returned(new Interpreter(FnBuilder.unary("ireduce", I64, I8))
                .call("ireduce", i64(0x1234)))[0].lo());
    }

    @Test
    void simdLaneOps() {
        // iadd on i32x4 wraps per lane; icmp gives lane masks; vhigh_bits collects the sign bits.
        Interpreter add = new Interpreter(FnBuilder.binary("iadd", I32X4));
        DataValue x = vec(I32X4, 0x00000002_ffffffffL, 0x7fffffff_00000010L);
        DataValue y = vec(I32X4, 0x00000003_00000001L, 0x00000001_00000020L);
        DataValue r = returned(add.call("iadd", x, y))[0];
        assertEquals(0x00000005_00000000L, r.lo());
        assertEquals(0x80000000_00000030L, r.hi());

        FnBuilder b = new FnBuilder("cmp", List.of(I32X4, I32X4), List.of(I32X4, I8));
        int b0 = b.block(I32X4, I32X4);
        int m = b.vi("icmp", I32X4, 0, IntCC.SLT.ordinal(), 0, b.param(b0, 0), b.param(b0, 1));
        int hb = b.v("vhigh_bits", I8, m);
        b.ret(m, hb);
        DataValue[] c = returned(new Interpreter(b.fn).call("cmp", x, y));
        assertEquals(0xffffffff_ffffffffL, c.length > 0 ? c[0].lo() : 0); // -1 < 1 and 2 < 3
        assertEquals(0x00000000_ffffffffL, c[0].hi()); // 16 < 32, but MAX !< 1
        assertEquals(0b0111, c[1].lo());
    }

    @Test
    void splatExtractInsertAndShuffle() {
        FnBuilder b = new FnBuilder("lanes", List.of(I16), List.of(I16X8, I16, I16X8));
        int b0 = b.block(I16);
        int s = b.v("splat", I16X8, b.param(b0, 0));
        int ins = b.vi("insertlane", I16X8, 5, 0, 0, s, b.iconst(I16, 7));
        int ex = b.vi("extractlane", I16, 5, 0, 0, ins);
        // reverse the bytes of the whole vector
        byte[] mask = new byte[16];
        for (int i = 0; i < 16; i++) mask[i] = (byte) (15 - i);
        int imm = b.dfg.addImmediate(mask);
        int shuf = b.vi("shuffle", I8X16, 0, 0, imm, ins, ins);
        int back = b.vi("bitcast", I16X8, 0, b.dfg.internMemFlags(MemFlags.DEFAULT.withBits(MemFlags.LITTLE)), 0, shuf);
        b.ret(ins, ex, back);
        DataValue[] r = returned(new Interpreter(b.fn).call("lanes", DataValue.ofInt(I16, 0x0102)));
        assertEquals(0x0102_0102_0102_0102L, r[0].lo());
        assertEquals(0x0102_0102_0007_0102L, r[0].hi());
        assertEquals(7, r[1].lo());
        assertEquals(0x0201_0201_0201_0201L, r[2].hi());
        assertEquals(0x0201_0700_0201_0201L, r[2].lo());
    }

    @Test
    void narrowAndWiden() {
        FnBuilder b = new FnBuilder("nw", List.of(I32X4), List.of(I16X8, I32X4));
        int b0 = b.block(I32X4);
        int n = b.v("snarrow", I16X8, b.param(b0, 0), b.param(b0, 0));
        int w = b.v("swiden_high", I32X4, n);
        b.ret(n, w);
        DataValue in = vec(I32X4, 0xffff0000_00012345L, 0x80000000_fffffffeL);
        DataValue[] r = returned(new Interpreter(b.fn).call("nw", in));
        // lanes: 0x12345 -> 0x7fff, -65536 -> 0x8000, -2 -> 0xfffe, MIN -> 0x8000
        assertEquals(0x8000_fffe_8000_7fffL, r[0].lo());
        assertEquals(0x8000_fffe_8000_7fffL, r[0].hi());
        assertEquals(0xffff8000_00007fffL, r[1].lo());
        assertEquals(0xffff8000_fffffffeL, r[1].hi());
    }
}

package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.testing.GnuBinutils;
import static dev.davit.lower.aarch64.inst.AArch64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.abi.AArch64CallConv;
import dev.davit.abi.AbiFlags;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.ir.Signature;
import dev.davit.ir.reader.ClifParser;
import dev.davit.lower.aarch64.abi.AArch64Frame;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What {@link AArch64Frame} emits (prologues with callee-saves and stack probes, epilogues with a
 * tail body's pop, symbolic stack- and spill-slot addresses resolved near and far) encodes to the
 * bytes GNU {@code as} produces for the hand-written expected assembly, so the frame's layout
 * arithmetic is checked along with its instruction forms.
 */
class AArch64FrameEncodingTest {
    private static final AArch64CallConv CC = new AArch64CallConv(AbiFlags.DEFAULT);

    private static Signature signature(String sig) throws Exception {
        String clif = "function %f" + sig + " {\nblock0:\n    trap user1\n}\n";
        return ClifParser.parseTestFile(clif, "t.clif").functions().get(0).function().signature();
    }

    private static long regs(int... hw) {
        long m = 0;
        for (int r : hw) {
            m |= 1L << r;
        }
        return m;
    }

    private static void check(MachBuffer buf, String expected) throws Exception {
        MachBufferFinalized ours = buf.finish();
        byte[] theirs = GnuBinutils.AARCH64.assemble(expected).text();
        byte[] mine = java.util.Arrays.copyOf(ours.bytes(), ours.totalSize());
        HexFormat hex = HexFormat.of().withDelimiter(" ");
        assertEquals(hex.formatHex(theirs), hex.formatHex(mine), expected);
    }

    /** Callee-saves in a pair and alone, near spill and stack slots, an outgoing area. */
    @Test
    void smallFrame() throws Exception {
        // Stack slot 0 (32 bytes) above the 16-byte outgoing area at sp+16, spill slots from sp+48;
        // fixed storage 56 -> 64, so sp moves 80 after the 32 bytes of saves.
        AArch64Frame f = AArch64Frame.of(CC, CC.compute(signature("(i64) -> i64")), new int[] {32}, new int[] {8}, 3, 16,
                new long[] {regs(0, 1, 19, 20, 21), 0, 0}, 0);
        MachBuffer buf = new MachBuffer();
        f.emitPrologue(buf);
        f.emit(buf, new AArch64Inst.Load(AArch64MemOp.LDR64, X0, new AArch64Amode.SpillSlot(2)));
        f.emit(buf, new AArch64Inst.Store(AArch64MemOp.STRB, X1, new AArch64Amode.StackSlot(0, 5)));
        f.emit(buf, new AArch64Inst.Store(AArch64MemOp.STR32, X1, new AArch64Amode.StackSlot(0, 2)));
        f.emit(buf, new AArch64Inst.StackSlotAddr(X2, 0, 8));
        f.emitEpilogue(buf);
        f.emit(buf, new AArch64Inst.Ret(new int[0], new int[0]));
        assertEquals(16 + 32 + 80, f.size());
        check(buf, """
                stp x29, x30, [sp, #-16]!
                mov x29, sp
                stp x19, x20, [sp, #-16]!
                str x21, [sp, #-16]!
                sub sp, sp, #80
                ldr x0, [sp, #64]
                strb w1, [sp, #21]
                stur w1, [sp, #18]
                add x2, sp, #24
                add sp, sp, #80
                ldr x21, [sp], #16
                ldp x19, x20, [sp], #16
                ldp x29, x30, [sp], #16
                ret
                """);
    }

    /** A 1 MiB slot: probe loop, sp moved through x16, far spill slot and slot address. */
    @Test
    void largeFrameWithProbeLoop() throws Exception {
        // Fixed storage 1 MiB + 8 -> 0x100010; 257 pages of 4 KiB probed down to sp - 0x101000.
        AArch64Frame f = AArch64Frame.of(CC, CC.compute(signature("(i64) -> i64")), new int[] {1 << 20}, new int[] {8}, 1,
                0, new long[] {regs(0), 0, 0}, 4096);
        MachBuffer buf = new MachBuffer();
        f.emitPrologue(buf);
        f.emit(buf, new AArch64Inst.Load(AArch64MemOp.LDR64, X3, new AArch64Amode.SpillSlot(0)));
        f.emit(buf, new AArch64Inst.StackSlotAddr(X4, 0, 0x12345));
        f.emitEpilogue(buf);
        f.emit(buf, new AArch64Inst.Ret(new int[0], new int[0]));
        check(buf, """
                stp x29, x30, [sp, #-16]!
                mov x29, sp
                mov x16, sp
                movz x17, #0x1000
                movk x17, #0x10, lsl #16
                sub x17, sp, x17, uxtx
                1:
                sub x16, x16, #1, lsl #12
                str wzr, [x16]
                cmp x16, x17
                b.ne 1b
                movz x16, #0x10
                movk x16, #0x10, lsl #16
                sub sp, sp, x16, uxtx
                movz x17, #0x10, lsl #16
                ldr x3, [sp, x17]
                movz x4, #0x2345
                movk x4, #0x1, lsl #16
                add x4, sp, x4, uxtx
                movz x16, #0x10
                movk x16, #0x10, lsl #16
                add sp, sp, x16, uxtx
                ldp x29, x30, [sp], #16
                ret
                """);
    }

    /** A tail body with stack arguments pops them; three probes are unrolled. */
    @Test
    void tailFrameWithUnrolledProbes() throws Exception {
        // Tail convention: x2..x7 take six arguments, two go to the stack (16 bytes, popped).
        AArch64Frame f = AArch64Frame.of(CC, CC.compute(signature("(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail")),
                new int[] {9000}, new int[] {8}, 0, 0, new long[] {regs(2), 0, 0}, 4096);
        assertEquals(16, f.layout().stackBytesToPop());
        MachBuffer buf = new MachBuffer();
        f.emitPrologue(buf);
        f.emit(buf, new AArch64Inst.Store(AArch64MemOp.STR64, X5, new AArch64Amode.StackSlot(0, 8000)));
        f.emit(buf, new AArch64Inst.Store(AArch64MemOp.STRH, X6, new AArch64Amode.StackSlot(0, 8999)));
        f.emitEpilogue(buf);
        f.emit(buf, new AArch64Inst.Ret(new int[0], new int[0]));
        check(buf, """
                stp x29, x30, [sp, #-16]!
                mov x29, sp
                sub x16, sp, #1, lsl #12
                str wzr, [x16]
                sub x16, sp, #2, lsl #12
                str wzr, [x16]
                sub x16, sp, #3, lsl #12
                str wzr, [x16]
                movz x16, #0x2330
                sub sp, sp, x16, uxtx
                str x5, [sp, #8000]
                movz x17, #0x2327
                strh w6, [sp, x17]
                movz x16, #0x2330
                add sp, sp, x16, uxtx
                ldp x29, x30, [sp], #16
                add sp, sp, #16
                ret
                """);
    }
}

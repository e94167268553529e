package dev.davit.abi;

import static dev.davit.abi.Sigs.*;
import static dev.davit.ir.Type.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.ir.CallConv;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLayoutTest {
    private final X64CallConv x64 = new X64CallConv(AbiFlags.DEFAULT);
    private final AArch64CallConv a64 = new AArch64CallConv(AbiFlags.DEFAULT);

    @Test
    void x64PushesCalleeSavesBelowRbp() {
        AbiSig sig = x64.compute(sig(CallConv.SYSTEM_V, repeat(I64, 8), of(I64)));
        FrameRequest req = new FrameRequest()
                // rax and xmm3 are caller-saved: not saved; rbx, r12, r14 are.
                .clobbered(RegSet.of(X64CallConv.RAX, X64CallConv.RBX, X64CallConv.R12, X64CallConv.R14, X64CallConv.xmm(3)))
                .stackSlots(new int[] {4, 16}, new int[] {0, 16})
                .spillSlots(new int[] {8, 16, 8})
                .outgoingArgs(24);
        FrameLayout f = x64.layoutFrame(sig, req);
        assertEquals(16, f.setupAreaSize());
        assertEquals(3, f.savedRegCount());
        assertEquals(List.of(X64CallConv.RBX, X64CallConv.R12, X64CallConv.R14),
                List.of(f.savedReg(0), f.savedReg(1), f.savedReg(2)));
        assertEquals(-8, f.saveFpOffset(0));
        assertEquals(-24, f.saveFpOffset(2));
        assertEquals(32, f.clobberSize());
        assertEquals(24, f.pushedBytes());
        assertEquals(32, f.outgoingArgsSize());
        // stack slots from the bottom of the fixed area: [32, 36) and [48, 64)
        assertEquals(32, f.stackSlotSpOffset(0));
        assertEquals(48, f.stackSlotSpOffset(1));
        // spill slots follow: 8 at 64, 16 at 80 (aligned), 8 at 96
        assertEquals(64, f.spillSlotSpOffset(0));
        assertEquals(80, f.spillSlotSpOffset(1));
        assertEquals(96, f.spillSlotSpOffset(2));
        assertEquals(80, f.fixedFrameStorageSize());
        assertEquals(32 + 80 + 32, f.frameSize());
        assertEquals(f.frameSize() - 24, f.spAdjustAfterSaves());
        assertEquals(f.stackSlotSpOffset(0) - f.frameSize(), f.stackSlotFpOffset(0));
        // first incoming stack argument just above the return address
        assertEquals(16, f.incomingArgFpOffset(0));
        assertEquals(24, f.incomingArgFpOffset(8));
        assertEquals(f.frameSize() + 16, f.incomingArgSpOffset(0));
        assertEquals(0, f.totalSize() % 16);
        assertEquals(0, f.stackBytesToPop());
    }

    @Test
    void x64WindowsSavesXmmAligned() {
        AbiSig sig = x64.compute(sig(CallConv.WINDOWS_FASTCALL, List.of(), List.of()));
        FrameLayout f = x64.layoutFrame(sig, new FrameRequest()
                .clobbered(RegSet.of(X64CallConv.RSI, X64CallConv.xmm(6), X64CallConv.xmm(15), X64CallConv.xmm(2))));
        assertEquals(3, f.savedRegCount());
        assertEquals(-8, f.saveFpOffset(0));
        assertTrue(f.isPushed(0));
        assertFalse(f.isPushed(1));
        assertEquals(-32, f.saveFpOffset(1));
        assertEquals(-48, f.saveFpOffset(2));
        assertEquals(16, f.saveSize(1));
        assertEquals(48, f.clobberSize());
        assertEquals(0, (f.saveSpOffset(1)) % 16);
    }

    @Test
    void aarch64PairsSavesAndKeepsTheFrameRecord() {
        AbiSig sig = a64.compute(sig(CallConv.SYSTEM_V, of(I64), of(I64)));
        FrameLayout f = a64.layoutFrame(sig, new FrameRequest()
                .clobbered(RegSet.of(AArch64CallConv.xreg(19), AArch64CallConv.xreg(20), AArch64CallConv.xreg(22),
                        AArch64CallConv.xreg(3), AArch64CallConv.vreg(8)))
                .spillSlots(new int[] {8})
                .leaf(true));
        assertEquals(16, f.setupAreaSize());
        assertEquals(3, f.saveGroupCount());
        assertEquals(AArch64CallConv.xreg(19), f.saveGroupFirst(0));
        assertEquals(AArch64CallConv.xreg(20), f.saveGroupSecond(0));
        assertEquals(AArch64CallConv.xreg(22), f.saveGroupFirst(1));
        assertEquals(-1, f.saveGroupSecond(1));
        assertEquals(AArch64CallConv.vreg(8), f.saveGroupFirst(2));
        assertEquals(-16, f.saveFpOffset(0));
        assertEquals(-8, f.saveFpOffset(1));
        assertEquals(-32, f.saveFpOffset(2));
        assertEquals(-48, f.saveFpOffset(3));
        assertEquals(8, f.saveSize(3));
        assertEquals(48, f.clobberSize());
        assertEquals(48, f.pushedBytes());
        assertEquals(16, f.spAdjustAfterSaves());
        assertEquals(0, f.spillSlotSpOffset(0));
        assertEquals(16, f.incomingArgFpOffset(0));
    }

    @Test
    void aarch64LeafWithoutStackHasNoFrameRecord() {
        AbiSig sig = a64.compute(sig(CallConv.SYSTEM_V, of(I64), of(I64)));
        FrameLayout f = a64.layoutFrame(sig, new FrameRequest().leaf(true)
                .clobbered(RegSet.of(AArch64CallConv.xreg(0), AArch64CallConv.xreg(9))));
        assertFalse(f.hasFrameRecord());
        assertEquals(0, f.totalSize());
        // a call, a kept frame pointer or stack arguments each force the record
        assertTrue(a64.layoutFrame(sig, new FrameRequest()).hasFrameRecord());
        assertTrue(a64.layoutFrame(sig, new FrameRequest().leaf(true).preserveFramePointers(true)).hasFrameRecord());
        AbiSig stackArgs = a64.compute(sig(CallConv.SYSTEM_V, repeat(I64, 9), List.of()));
        assertTrue(a64.layoutFrame(stackArgs, new FrameRequest().leaf(true)).hasFrameRecord());
    }

    @Test
    void preserveAllSavesWholeVectorRegisters() {
        AbiSig sig = a64.compute(sig(CallConv.PRESERVE_ALL, of(I64), of(I64)));
        FrameLayout f = a64.layoutFrame(sig, new FrameRequest()
                .clobbered(RegSet.of(AArch64CallConv.xreg(0), AArch64CallConv.xreg(1), AArch64CallConv.vreg(0), AArch64CallConv.vreg(1))));
        // x0 returns the result and is not restored
        assertEquals(3, f.savedRegCount());
        assertEquals(3, f.saveGroupCount());
        assertEquals(16, f.saveSize(1));
        assertEquals(-1, f.saveGroupSecond(1));
        assertEquals(48, f.clobberSize());
    }

    @Test
    void tailBodiesGrowAndPopTheirArgumentArea() {
        AbiSig sig = x64.compute(sig(CallConv.TAIL, repeat(I64, 8), List.of()));
        assertEquals(16, sig.stackArgBytes());
        FrameLayout f = x64.layoutFrame(sig, new FrameRequest().tailArgs(40));
        assertEquals(48, f.tailArgsSize());
        assertEquals(48, f.stackBytesToPop());
        // the incoming arguments stay where the caller put them; the frame record moved down
        assertEquals(16 + 32, f.incomingArgFpOffset(0));
        assertEquals(0, f.totalSize() % 16);
        AbiSig sysv = x64.compute(sig(CallConv.SYSTEM_V, repeat(I64, 8), List.of()));
        assertThrows(IllegalArgumentException.class, () -> x64.layoutFrame(sysv, new FrameRequest().tailArgs(40)));
        assertEquals(16, x64.layoutFrame(sig, new FrameRequest()).stackBytesToPop());
    }
}

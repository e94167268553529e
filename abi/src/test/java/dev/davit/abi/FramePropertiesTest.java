package dev.davit.abi;

import static org.junit.jupiter.api.Assertions.*;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Frame layouts over random requests: nothing overlaps, everything is aligned, SP stays 16-aligned. */
class FramePropertiesTest {
    private static final CallConv[] X64_CONVS = {CallConv.SYSTEM_V, CallConv.TAIL, CallConv.WINDOWS_FASTCALL, CallConv.PRESERVE_ALL};
    private static final CallConv[] A64_CONVS = {CallConv.SYSTEM_V, CallConv.TAIL, CallConv.APPLE_AARCH64, CallConv.PRESERVE_ALL};
    private static final int[] ALIGNS = {0, 1, 2, 4, 8, 16};

    @Property(tries = 600)
    void framesAreDisjointAlignedAndBalanced(@ForAll long seed, @ForAll boolean aarch64,
                                            @ForAll @IntRange(min = 0, max = 12) int numParams) {
        Random rnd = new Random(seed);
        CallingConvention conv = aarch64 ? new AArch64CallConv(AbiFlags.DEFAULT) : new X64CallConv(AbiFlags.DEFAULT);
        CallConv cc = (aarch64 ? A64_CONVS : X64_CONVS)[rnd.nextInt(4)];
        List<AbiParam> params = new ArrayList<>();
        for (int i = 0; i < numParams; i++) params.add(new AbiParam(rnd.nextBoolean() ? Type.I64 : Type.F64));
        AbiSig sig = conv.compute(new Signature(params, List.of(new AbiParam(Type.I64)), cc));

        int[] slotSizes = new int[rnd.nextInt(6)];
        int[] slotAligns = new int[slotSizes.length];
        for (int i = 0; i < slotSizes.length; i++) {
            slotSizes[i] = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(100);
            slotAligns[i] = ALIGNS[rnd.nextInt(ALIGNS.length)];
        }
        int[] spills = new int[rnd.nextInt(10)];
        for (int i = 0; i < spills.length; i++) spills[i] = rnd.nextBoolean() ? 8 : 16;
        long[] clobbered = {rnd.nextLong(), rnd.nextLong() & 0xffffffffL, 0};
        if (rnd.nextInt(4) == 0) clobbered = new long[3];
        FrameRequest req = new FrameRequest()
                .stackSlots(slotSizes, slotAligns)
                .spillSlots(spills)
                .outgoingArgs(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(200))
                .clobbered(clobbered)
                .leaf(rnd.nextBoolean())
                .preserveFramePointers(rnd.nextInt(5) == 0);
        if (cc == CallConv.TAIL && rnd.nextBoolean()) req.tailArgs(rnd.nextInt(100));
        FrameLayout f = conv.layoutFrame(sig, req);
        String what = f.toString();

        assertEquals(0, f.totalSize() % 16, what);
        assertEquals(0, f.frameSize() % 16, what);
        assertEquals(0, f.clobberSize() % 16, what);
        assertEquals(0, f.outgoingArgsSize() % 16, what);
        assertTrue(f.outgoingArgsSize() >= 0);
        assertTrue(f.tailArgsSize() >= f.incomingArgsSize());
        assertEquals(0, f.tailArgsSize() % 16);

        // exactly the clobbered callee-saves are saved
        RegSet expected = RegSet.ofWords(clobbered[0], clobbered[1], clobbered[2]).intersect(sig.calleeSaved());
        assertEquals(expected, RegSet.of(f.savedRegs()), what);

        List<int[]> spans = new ArrayList<>();
        spans.add(new int[] {0, f.outgoingArgsSize()});
        for (int i = 0; i < f.stackSlotCount(); i++) {
            int off = f.stackSlotSpOffset(i);
            int a = Math.min(16, Math.max(8, slotAligns[i]));
            assertEquals(0, off % a, "slot " + i + " misaligned: " + what);
            assertTrue(off >= f.outgoingArgsSize());
            assertEquals(off - f.frameSize(), f.stackSlotFpOffset(i));
            spans.add(new int[] {off, slotSizes[i]});
        }
        for (int i = 0; i < f.spillSlotCount(); i++) {
            int off = f.spillSlotSpOffset(i);
            assertEquals(0, off % spills[i], "spill " + i + " misaligned: " + what);
            spans.add(new int[] {off, spills[i]});
        }
        int clobberBottom = f.frameSize() - f.clobberSize();
        for (int i = 0; i < f.savedRegCount(); i++) {
            int off = f.saveSpOffset(i);
            assertEquals(0, off % f.saveSize(i), "save " + i + " misaligned: " + what);
            assertTrue(off >= clobberBottom, what);
            spans.add(new int[] {off, f.saveSize(i)});
        }
        AbiPropertiesTest.checkDisjoint(spans, f.frameSize(), what);
        assertTrue(clobberBottom >= f.outgoingArgsSize() + f.fixedFrameStorageSize() - 0);

        // AArch64 pushes: each group's registers sit where the pushes put them
        if (aarch64) {
            assertEquals(f.clobberSize(), 16 * f.saveGroupCount());
            for (int g = 0, k = 0; g < f.saveGroupCount(); g++) {
                assertEquals(f.savedReg(k), f.saveGroupFirst(g));
                assertEquals(-16 * (g + 1), f.saveFpOffset(k++));
                if (f.saveGroupSecond(g) >= 0) {
                    assertEquals(f.savedReg(k), f.saveGroupSecond(g));
                    assertEquals(-16 * (g + 1) + 8, f.saveFpOffset(k++));
                }
            }
            if (!f.hasFrameRecord()) assertEquals(0, f.totalSize());
        } else {
            assertTrue(f.hasFrameRecord());
            int pushed = 0;
            for (int i = 0; i < f.savedRegCount(); i++) {
                if (f.isPushed(i)) assertEquals(-8 * (++pushed), f.saveFpOffset(i));
            }
            assertEquals(8 * pushed, f.pushedBytes());
        }
        assertEquals(f.frameSize(), f.pushedBytes() + f.spAdjustAfterSaves());
        // incoming arguments are above the setup area
        if (f.incomingArgsSize() > 0) {
            assertTrue(f.hasFrameRecord());
            assertTrue(f.incomingArgSpOffset(0) >= f.frameSize() + f.setupAreaSize());
            assertEquals(f.totalSize(), f.incomingArgSpOffset(0));
        }
    }
}

package dev.davit.codegen.buffer;

import static dev.davit.codegen.buffer.ToyIsa.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MachBufferTest {
    private static String hex(MachBufferFinalized f) {
        return HexFormat.of().formatHex(f.bytes());
    }

    @Test
    void littleEndianPuts() {
        MachBuffer b = new MachBuffer();
        b.put1(0x11);
        b.put2(0x2233);
        b.put4(0x44556677);
        b.put8(0x0102030405060708L);
        assertEquals("1133227766554408070605040302 01".replace(" ", ""), hex(b.finish()));
    }

    @Test
    void growsPastInitialCapacity() {
        MachBuffer b = new MachBuffer();
        for (int i = 0; i < 10_000; i++) {
            b.put1(i);
        }
        MachBufferFinalized f = b.finish();
        assertEquals(10_000, f.totalSize());
        assertEquals(9999 & 0xFF, f.byteAt(9999));
    }

    @Test
    void forwardAndBackwardFixups() {
        MachBuffer b = new MachBuffer(false);
        int top = b.getLabel();
        int end = b.getLabel();
        b.bindLabel(top);
        event(b, 1);
        jcc(b, 2, end);
        jmp(b, top);
        b.bindLabel(end);
        ret(b, 0);
        MachBufferFinalized f = b.finish();
        // jcc at 2: end is at 13, field relative to 8 -> 5; jmp at 8: top 0 relative to 13 -> -13
        assertEquals("9001" + "0f0205000000" + "e9f3ffffff" + "c300", hex(f));
        assertEquals(0, f.labelOffset(top));
        assertEquals(13, f.labelOffset(end));
    }

    @Test
    void removesJumpToNextInstruction() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        event(b, 1);
        jmp(b, l);
        b.bindLabel(l);
        ret(b, 0);
        assertEquals("9001c300", hex(b.finish()));
    }

    @Test
    void removesConditionalJumpToNextInstruction() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        event(b, 1);
        jcc(b, 4, l);
        b.bindLabel(l);
        ret(b, 0);
        assertEquals("9001c300", hex(b.finish()));
    }

    @Test
    void keepsJumpsWhenNotOptimizing() {
        MachBuffer b = new MachBuffer(false);
        int l = b.getLabel();
        jmp(b, l);
        b.bindLabel(l);
        ret(b, 0);
        assertEquals("e900000000c300", hex(b.finish()));
    }

    @Test
    void invertsConditionalOverUnconditional() {
        MachBuffer b = new MachBuffer();
        int taken = b.getLabel();
        int other = b.getLabel();
        event(b, 1);
        jcc(b, 6, taken);
        jmp(b, other);
        b.bindLabel(taken);
        ret(b, 1);
        b.bindLabel(other);
        ret(b, 2);
        // jcc 6 to `taken` (the next instruction) becomes jcc 7 to `other`, the jmp disappears.
        assertEquals("9001" + "0f0702000000" + "c301" + "c302", hex(b.finish()));
    }

    @Test
    void doesNotInvertWhenConditionalTargetIsElsewhere() {
        MachBuffer b = new MachBuffer();
        int a = b.getLabel();
        int c = b.getLabel();
        int next = b.getLabel();
        b.bindLabel(a);
        jcc(b, 6, a);
        jmp(b, c);
        b.bindLabel(next);
        ret(b, 1);
        b.bindLabel(c);
        ret(b, 2);
        assertEquals("0f06faffffff" + "e902000000" + "c301" + "c302", hex(b.finish()));
    }

    @Test
    void threadsJumpsThroughJumpOnlyBlocks() {
        MachBuffer b = new MachBuffer();
        int l1 = b.getLabel();
        int l2 = b.getLabel();
        int l3 = b.getLabel();
        event(b, 1);
        jcc(b, 2, l1);
        event(b, 2);
        jmp(b, l2);
        b.bindLabel(l1);
        jmp(b, l3); // l1 only jumps on: users of l1 go straight to l3
        b.bindLabel(l2);
        ret(b, 2);
        b.bindLabel(l3);
        ret(b, 3);
        MachBufferFinalized f = b.finish();
        // The jump block is unreachable once l1 is an alias and disappears; then `jmp l2` jumps to
        // the next instruction and disappears too.
        assertEquals("9001" + "0f0204000000" + "9002" + "c302" + "c303", hex(f));
        assertEquals(f.labelOffset(l3), f.labelOffset(l1));
    }

    @Test
    void chainOfJumpsCollapses() {
        MachBuffer b = new MachBuffer();
        int[] l = new int[5];
        for (int i = 0; i < l.length; i++) {
            l[i] = b.getLabel();
        }
        b.bindLabel(l[0]);
        jmp(b, l[1]);
        b.bindLabel(l[1]);
        jmp(b, l[2]);
        b.bindLabel(l[2]);
        jmp(b, l[3]);
        b.bindLabel(l[3]);
        jmp(b, l[4]);
        b.bindLabel(l[4]);
        ret(b, 9);
        MachBufferFinalized f = b.finish();
        assertEquals("c309", hex(f));
        for (int x : l) {
            assertEquals(0, f.labelOffset(x));
        }
    }

    @Test
    void selfLoopIsKept() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        int next = b.getLabel();
        event(b, 1);
        b.bindLabel(l);
        jmp(b, l);
        b.bindLabel(next);
        ret(b, 0);
        assertEquals("9001" + "e9fbffffff" + "c300", hex(b.finish()));
    }

    @Test
    void twoBlockCycleOfJumpsStaysACycle() {
        MachBuffer b = new MachBuffer();
        int a = b.getLabel();
        int c = b.getLabel();
        int end = b.getLabel();
        b.bindLabel(a);
        jmp(b, c);
        b.bindLabel(c);
        jmp(b, a);
        b.bindLabel(end);
        ret(b, 0);
        MachBufferFinalized f = b.finish();
        Trace t = run(f.bytes(), f.labelOffset(a), 1, 10, 1000);
        assertEquals("step limit", t.end());
    }

    @Test
    void unreachableJumpAfterJumpIsRemoved() {
        MachBuffer b = new MachBuffer();
        int far = b.getLabel();
        int other = b.getLabel();
        int next = b.getLabel();
        event(b, 1);
        jmp(b, far);
        jmp(b, other); // no label: dead
        b.bindLabel(next);
        event(b, 2);
        b.bindLabel(far);
        b.bindLabel(other);
        ret(b, 0);
        assertEquals("9001" + "e902000000" + "9002" + "c300", hex(b.finish()));
    }

    @Test
    void branchFollowedByCodeIsNotTouched() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        jmp(b, l);
        event(b, 1);
        b.bindLabel(l);
        ret(b, 0);
        assertEquals("e902000000" + "9001" + "c300", hex(b.finish()));
    }

    @Test
    void constantPoolIsDeduplicatedAlignedAndLabelled() {
        MachBuffer b = new MachBuffer();
        event(b, 1);
        int c1 = b.addConstant(0x1122334455667788L, 8);
        int c2 = b.addConstant(0x1122334455667788L, 8);
        int c3 = b.addConstant(new byte[] {1, 2, 3, 4}, 4);
        assertEquals(c1, c2);
        assertNotEquals(c1, c3);
        b.put1(0x0F);
        b.put1(0x00);
        int field = b.curOffset();
        b.put4(0);
        b.useLabelAtOffset(field, c3, REL32);
        MachBufferFinalized f = b.finish();
        assertEquals(8, f.codeSize());
        assertEquals(8, f.labelOffset(c1));
        assertEquals(16, f.labelOffset(c3));
        assertEquals(20, f.totalSize());
        assertEquals(16 - (field + 4), rel32(f.bytes(), field));
        assertEquals(0x88, f.byteAt(8));
        assertEquals(4, f.byteAt(19));
    }

    @Test
    void deferredTrapsGoAfterCodeBeforeConstantsOncePerCode() {
        MachBuffer b = new MachBuffer();
        int c = b.addConstant(7L, 8);
        int t1 = b.deferTrap(5, new byte[] {0x0F, 0x0B});
        jcc(b, 2, t1);
        int t2 = b.deferTrap(6, new byte[] {0x0F, 0x0B});
        jcc(b, 3, t2);
        assertEquals(t1, b.deferTrap(5, new byte[] {0x0F, 0x0B}));
        jcc(b, 4, t1);
        ret(b, 0);
        MachBufferFinalized f = b.finish();
        assertEquals(20, f.labelOffset(t1));
        assertEquals(22, f.labelOffset(t2));
        assertEquals(24, f.codeSize());
        assertEquals(24, f.labelOffset(c));
        assertEquals(java.util.List.of(new MachBufferFinalized.Trap(20, 5), new MachBufferFinalized.Trap(22, 6)), f.traps());
        assertEquals(20 - 6, rel32(f.bytes(), 2));
    }

    @Test
    void sideTablesAreRecorded() {
        MachBuffer b = new MachBuffer();
        b.startSrcloc(7);
        event(b, 1);
        b.addTrap(3);
        b.put1(0x0F);
        b.put1(0x0B);
        b.endSrcloc();
        b.put1(0xE8);
        b.addReloc(RelocKind.X86CallPCRel4, 5, -4);
        b.put4(0);
        b.addCallSite(11);
        MachBufferFinalized f = b.finish();
        assertEquals(java.util.List.of(new MachBufferFinalized.Trap(2, 3)), f.traps());
        assertEquals(java.util.List.of(new MachBufferFinalized.Reloc(5, RelocKind.X86CallPCRel4, 5, -4)), f.relocs());
        assertEquals(java.util.List.of(new MachBufferFinalized.SrclocRange(0, 4, 7)), f.srclocs());
        assertEquals(java.util.List.of(new MachBufferFinalized.CallSite(9, 11)), f.callSites());
    }

    @Test
    void removedBranchIsCutFromSrclocRanges() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        b.startSrcloc(1);
        event(b, 1);
        b.endSrcloc();
        b.startSrcloc(2);
        jmp(b, l);
        b.endSrcloc();
        b.bindLabel(l);
        ret(b, 0);
        MachBufferFinalized f = b.finish();
        assertEquals(java.util.List.of(new MachBufferFinalized.SrclocRange(0, 2, 1)), f.srclocs());
    }

    @Test
    void unboundLabelFails() {
        MachBuffer b = new MachBuffer();
        jmp(b, b.getLabel());
        event(b, 1);
        assertThrows(IllegalStateException.class, b::finish);
    }

    @Test
    void bindingTwiceFails() {
        MachBuffer b = new MachBuffer();
        int l = b.getLabel();
        b.bindLabel(l);
        assertThrows(IllegalStateException.class, () -> b.bindLabel(l));
    }

    @Test
    void outOfRangeUseFails() {
        MachBuffer b = new MachBuffer(false);
        int l = b.getLabel();
        b.put1(0);
        b.useLabelAtOffset(0, l, SHORT);
        for (int i = 0; i < 200; i++) {
            b.put1(0);
        }
        b.bindLabel(l);
        assertThrows(IllegalStateException.class, b::finish);
    }
}

package dev.davit.lower.aarch64.inst;

import static dev.davit.lower.aarch64.inst.AArch64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import org.junit.jupiter.api.Test;

/**
 * Functions too large for their short branches and literal loads: the emitter places islands,
 * short branches that cannot reach go through {@code b} veneers, constants land within reach, and
 * the straight-line code still runs through every island.
 */
class AArch64IslandTest {
    private static final AArch64Size S64 = AArch64Size.S64;

    private static int word(MachBufferFinalized f, int at) {
        return f.byteAt(at) | f.byteAt(at + 1) << 8 | f.byteAt(at + 2) << 16 | f.byteAt(at + 3) << 24;
    }

    private static boolean isB(int w) {
        return (w & 0xFC00_0000) == 0x1400_0000;
    }

    /** Where the branch or literal load at {@code at} points, following {@code b} veneers. */
    private static int destination(MachBufferFinalized f, int at, int[] hops) {
        int w = word(f, at);
        int dest;
        if (isB(w)) {
            dest = at + (w << 6 >> 6) * 4;
        } else if ((w & 0x7E00_0000) == 0x3600_0000) { // tbz/tbnz
            dest = at + (w << 13 >> 18) * 4;
        } else if ((w & 0xFF00_0010) == 0x5400_0000 || (w & 0x7E00_0000) == 0x3400_0000
                || (w & 0x3B00_0000) == 0x1800_0000) { // b.cond, cbz/cbnz, ldr (literal)
            dest = at + (w << 8 >> 13) * 4;
        } else {
            throw new AssertionError("not a branch at " + at + ": " + Integer.toHexString(w));
        }
        if (isB(word(f, dest)) && dest != at) {
            hops[0]++;
            return destination(f, dest, hops);
        }
        return dest;
    }

    private static int distance(MachBufferFinalized f, int at) {
        int w = word(f, at);
        return isB(w) ? (w << 6 >> 6) * 4 : (w & 0x7E00_0000) == 0x3600_0000 ? (w << 13 >> 18) * 4 : (w << 8 >> 13) * 4;
    }

    /** Emits {@code count} nops through the island check, as an emission loop does; returns islands placed. */
    private static int nops(MachBuffer b, int count) {
        int islands = 0;
        for (int k = 0; k < count; k++) {
            if (AArch64Emitter.emitIslandIfNeeded(b, 4)) {
                islands++;
            }
            AArch64Emitter.emit(new AArch64Inst.Nop(), b);
        }
        return islands;
    }

    /** Follows the straight-line code from {@code from}, through the jumps over islands; counts nops until {@code to}. */
    private static int runNops(MachBufferFinalized f, int from, int to) {
        int pc = from;
        int n = 0;
        while (pc != to) {
            int w = word(f, pc);
            if (w == AArch64Emitter.NOP) {
                n++;
                pc += 4;
            } else if (isB(w)) {
                int d = (w << 6 >> 6) * 4;
                assertTrue(d > 0, "backward jump in straight-line code at " + pc);
                pc += d;
            } else {
                throw new AssertionError("unexpected " + Integer.toHexString(w) + " at " + pc);
            }
        }
        return n;
    }

    @Test
    void forwardShortBranchesGetVeneersAndConstantsLandInReach() {
        MachBuffer b = new MachBuffer();
        int target = b.getLabel();
        AArch64Inst[] branches = {
            new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.Cond(AArch64Cond.EQ), target),
            new AArch64Inst.OneWayCondBr(AArch64CondBrKind.zero(X3, S64), target),
            new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.TestBit(X30, 63, true), target),
            new AArch64Inst.Load(AArch64MemOp.LDR64, X1, new AArch64Amode.Const(0x0123_4567_89AB_CDEFL, 8)),
            new AArch64Inst.TrapIf(new AArch64CondBrKind.TestBit(X2, 5, false), 9),
        };
        for (AArch64Inst i : branches) {
            AArch64Emitter.emitIslandIfNeeded(b, AArch64Emitter.worstCaseSize(i));
            AArch64Emitter.emit(i, b);
        }
        int start = b.curOffset();
        int count = (3 << 20) / 4; // 3 MiB of code: past the b.cond reach, three times.
        int islands = nops(b, count);
        int end = b.curOffset();
        b.bindLabel(target);
        AArch64Emitter.emit(new AArch64Inst.Ret(new int[0], new int[0]), b);
        MachBufferFinalized f = b.finish();

        assertTrue(islands >= 2, "islands: " + islands);
        assertEquals(count, runNops(f, start, end), "straight-line code runs through every island");
        int tgt = f.labelOffset(target);
        for (int k = 0; k < 3; k++) {
            int[] hops = {0};
            assertEquals(tgt, destination(f, 4 * k, hops), "branch " + k);
            assertEquals(1, hops[0], "branch " + k + " goes through one veneer");
            long reach = k == 2 ? 1 << 15 : 1 << 20;
            assertTrue(Math.abs(distance(f, 4 * k)) < reach);
        }
        // The literal sits in the first island, within 1 MiB, and holds the value.
        int lit = destination(f, 12, new int[1]);
        assertTrue(lit < (1 << 20) && lit > 16);
        assertEquals(0x89AB_CDEF, word(f, lit));
        assertEquals(0x0123_4567, word(f, lit + 4));
        // The deferred trap went into an island within tbz reach.
        int trap = destination(f, 16, new int[1]);
        assertTrue(trap - 16 < (1 << 15));
        assertEquals(9, word(f, trap));
        assertTrue(f.traps().stream().anyMatch(t -> t.offset() == trap && t.code() == 9));
    }

    @Test
    void backwardShortBranchOutOfReachGoesThroughAVeneer() {
        MachBuffer b = new MachBuffer();
        int top = b.getLabel();
        b.bindLabel(top);
        AArch64Emitter.emit(new AArch64Inst.Nop(), b);
        nops(b, (1 << 20) / 4 + 100);
        AArch64Inst br = new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.Cond(AArch64Cond.NE), top);
        AArch64Emitter.emitIslandIfNeeded(b, 4);
        int at = b.curOffset();
        AArch64Emitter.emit(br, b);
        int start = b.curOffset();
        int islands = nops(b, 16);
        int end = b.curOffset();
        AArch64Emitter.emit(new AArch64Inst.Ret(new int[0], new int[0]), b);
        MachBufferFinalized f = b.finish();
        assertEquals(1, islands);
        assertEquals(16, runNops(f, start, end));
        int[] hops = {0};
        assertEquals(0, destination(f, at, hops));
        assertEquals(1, hops[0]);
    }

    @Test
    void branchesInReachNeedNoIsland() {
        MachBuffer b = new MachBuffer();
        int target = b.getLabel();
        AArch64Emitter.emit(new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.TestBit(X0, 1, false), target), b);
        // Up to a little below the tbz reach: the buffer keeps some slack for veneers and alignment.
        int islands = nops(b, (1 << 15) / 4 - 5);
        b.bindLabel(target);
        AArch64Emitter.emit(new AArch64Inst.Ret(new int[0], new int[0]), b);
        MachBufferFinalized f = b.finish();
        assertEquals(0, islands);
        int[] hops = {0};
        assertEquals(f.labelOffset(target), destination(f, 0, hops));
        assertEquals(0, hops[0]);
    }

    @Test
    void condBrSimplifiesToOneBranch() {
        MachBuffer b = new MachBuffer();
        int taken = b.getLabel();
        int next = b.getLabel();
        AArch64Emitter.emit(new AArch64Inst.CondBr(AArch64CondBrKind.notZero(X5, S64), taken, next), b);
        b.bindLabel(next);
        AArch64Emitter.emit(new AArch64Inst.Nop(), b);
        b.bindLabel(taken);
        AArch64Emitter.emit(new AArch64Inst.Ret(new int[0], new int[0]), b);
        MachBufferFinalized f = b.finish();
        assertEquals(12, f.totalSize());
        assertEquals(0xB500_0000 | 2 << 5 | 5, word(f, 0)); // cbnz x5, +8
        // Inverted when the taken block follows: cbz to the other one.
        MachBuffer c = new MachBuffer();
        taken = c.getLabel();
        next = c.getLabel();
        AArch64Emitter.emit(new AArch64Inst.CondBr(new AArch64CondBrKind.TestBit(X5, 40, false), taken, next), c);
        c.bindLabel(taken);
        AArch64Emitter.emit(new AArch64Inst.Nop(), c);
        c.bindLabel(next);
        f = c.finish();
        assertEquals(8, f.totalSize());
        assertEquals(0xB700_0000 | 8 << 19 | 2 << 5 | 5, word(f, 0)); // tbnz x5, #40, +8
    }
}

package dev.davit.regalloc;

import static dev.davit.regalloc.Operand.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.regalloc.checker.Checker;
import dev.davit.regalloc.checker.CheckerException;
import org.junit.jupiter.api.Test;

class RegAllocatorTest {
    static int v(int i) {
        return VReg.of(VReg.FIRST_VIRTUAL + i, RegClass.INT);
    }

    static int fv(int i) {
        return VReg.of(VReg.FIRST_VIRTUAL + i, RegClass.FLOAT);
    }

    static final int RAX = PReg.of(RegClass.INT, 0), RCX = PReg.of(RegClass.INT, 1), RDX = PReg.of(RegClass.INT, 2),
            RSI = PReg.of(RegClass.INT, 6), RDI = PReg.of(RegClass.INT, 7), XMM0 = PReg.of(RegClass.FLOAT, 0);

    static long[] callerSaved(MachineEnv env) {
        long[] s = PReg.newSet();
        for (RegClass c : RegClass.values()) for (int p : env.preferred(c)) PReg.add(s, p);
        return s;
    }

    @Test
    void encodings() {
        int p = PReg.of(RegClass.FLOAT, 5);
        assertEquals(69, p);
        assertEquals(5, PReg.hwEnc(p));
        assertEquals(RegClass.FLOAT, PReg.regClass(p));
        int vr = VReg.of(300, RegClass.VECTOR);
        assertEquals(300, VReg.index(vr));
        assertEquals(RegClass.VECTOR, VReg.regClass(vr));
        assertFalse(VReg.isPinned(vr));
        assertTrue(VReg.isPinned(VReg.pinned(p)));
        assertEquals(p, VReg.pinnedPReg(VReg.pinned(p)));
        long op = Operand.of(vr, DEF, LATE, REUSE, 3);
        assertEquals(vr, Operand.vreg(op));
        assertEquals(DEF, Operand.kind(op));
        assertEquals(LATE, Operand.pos(op));
        assertEquals(REUSE, Operand.constraint(op));
        assertEquals(3, Operand.reuseIndex(op));
        assertEquals(p, Operand.fixedPReg(Operand.fixedUse(fv(1), p)));
        int a = Allocation.reg(p), s = Allocation.stack(7);
        assertTrue(Allocation.isReg(a) && !Allocation.isStack(a));
        assertTrue(Allocation.isStack(s) && !Allocation.isReg(s));
        assertEquals(p, Allocation.preg(a));
        assertEquals(7, Allocation.slot(s));
        assertTrue(Allocation.isNone(Allocation.NONE));
    }

    @Test
    void straightLineWithReuseAndFixedReturn() {
        FunctionBuilder fb = new FunctionBuilder();
        int b0 = fb.newBlock();
        fb.startBlock(b0);
        fb.inst(fixedDef(v(0), RDI));
        fb.inst(fixedDef(v(1), RSI));
        fb.inst(regUse(v(0)), anyUse(v(1)), reuseDef(v(2), 0));
        fb.inst(regUse(v(2)), regUse(v(0)), regDef(v(3)));
        fb.ret(fixedUse(v(3), RAX));
        Output out = Harness.run(fb.build(), Harness.x64Like());
        assertEquals(0, out.stats.spilledVRegs);
    }

    @Test
    void callClobbersWithValuesLiveAcross() {
        MachineEnv env = Harness.x64Like();
        FunctionBuilder fb = new FunctionBuilder();
        int b0 = fb.newBlock();
        fb.startBlock(b0);
        fb.inst(fixedDef(v(0), RDI), fixedDef(v(1), RSI), fixedDef(fv(2), XMM0));
        for (int k = 3; k < 10; k++) fb.inst(regUse(v(k - 3 < 2 ? k - 3 : k - 1)), regDef(v(k)));
        // The same value passed twice, in two fixed registers.
        fb.instClobbers(callerSaved(env), fixedUse(v(9), RDI), fixedUse(v(9), RSI), fixedUse(fv(2), XMM0),
                fixedDef(v(10), RAX), fixedDef(fv(11), XMM0));
        fb.instClobbers(callerSaved(env), fixedUse(v(10), RDI), fixedDef(v(12), RAX));
        long[] uses = new long[12];
        for (int k = 0; k < 10; k++) uses[k] = anyUse(v(k));
        uses[2] = anyUse(fv(2));
        uses[10] = anyUse(fv(11));
        uses[11] = anyUse(v(12));
        fb.inst(uses);
        fb.ret(fixedUse(v(12), RAX));
        Output out = Harness.run(fb.build(), env);
        // Values live across the calls cannot be in caller-saved registers there.
        for (int k = 0; k < 11; k++) { // v12 was defined by the last call and may sit in rax
            int a = out.alloc(out.numInsts() - 2, k);
            if (Allocation.isReg(a)) assertFalse(PReg.contains(callerSaved(env), Allocation.preg(a)), Allocation.toString(a));
        }
    }

    /** A loop whose header swaps two block params on the back edge (a parallel-move cycle). */
    static RegFunction swapLoop(int extraLive) {
        FunctionBuilder fb = new FunctionBuilder();
        int entry = fb.newBlock();
        int head = fb.newBlock(v(10), v(11), v(12));
        int body = fb.newBlock();
        int exit = fb.newBlock();
        fb.startBlock(entry);
        fb.inst(fixedDef(v(0), RDI), fixedDef(v(1), RSI), fixedDef(v(2), RDX));
        for (int k = 0; k < extraLive; k++) fb.inst(regUse(v(0)), regDef(v(20 + k)));
        fb.jump(head, v(0), v(1), v(2));
        fb.startBlock(head);
        fb.inst(regUse(v(10)), regUse(v(12)), regDef(v(13)));
        fb.branch(new long[] {regUse(v(13))}, new int[] {body, exit}, new int[][] {{}, {}});
        fb.startBlock(body);
        fb.inst(regUse(v(12)), reuseDef(v(14), 0));
        fb.jump(head, v(11), v(10), v(14));
        fb.startBlock(exit);
        long[] uses = new long[extraLive + 2];
        uses[0] = fixedUse(v(10), RAX);
        uses[1] = fixedUse(v(11), RDX);
        for (int k = 0; k < extraLive; k++) uses[k + 2] = anyUse(v(20 + k));
        fb.ret(uses);
        return fb.build();
    }

    @Test
    void blockParamSwapCycle() {
        Harness.run(swapLoop(0), Harness.x64Like());
        Harness.run(swapLoop(0), Harness.tiny(true));
        Harness.run(swapLoop(0), Harness.tiny(false));
        Output out = Harness.run(swapLoop(6), Harness.tiny(false));
        assertTrue(out.stats.spilledVRegs > 0);
        Harness.run(swapLoop(6), Harness.tiny(true));
    }

    @Test
    void highPressureSpills() {
        FunctionBuilder fb = new FunctionBuilder();
        int b0 = fb.newBlock();
        fb.startBlock(b0);
        fb.inst(fixedDef(v(0), RDI));
        int n = 40;
        for (int k = 1; k < n; k++) fb.inst(regUse(v(k - 1)), regDef(v(k)));
        int acc = v(0);
        for (int k = 1; k < n; k++) {
            fb.inst(regUse(acc), regUse(v(k)), reuseDef(v(100 + k), 0));
            acc = v(100 + k);
        }
        fb.ret(fixedUse(acc, RAX));
        RegFunction f = fb.build();
        Output out = Harness.run(f, Harness.tiny(false));
        assertTrue(out.stats.spilledVRegs > 10, out.stats.toString());
        assertTrue(out.numSpillSlots() > 0);
        Harness.run(f, Harness.x64Like());
    }

    @Test
    void loopWithValuesLiveAcrossAndCall() {
        MachineEnv env = Harness.x64Like();
        FunctionBuilder fb = new FunctionBuilder();
        int entry = fb.newBlock(), head = fb.newBlock(v(50)), body = fb.newBlock(), exit = fb.newBlock();
        fb.startBlock(entry);
        fb.inst(fixedDef(v(0), RDI), fixedDef(v(1), RSI));
        for (int k = 2; k < 8; k++) fb.inst(regUse(v(k - 1)), regUse(v(k - 2)), regDef(v(k)));
        fb.jump(head, v(0));
        fb.startBlock(head);
        fb.inst(regUse(v(50)), regUse(v(1)), regDef(v(51)));
        fb.branch(new long[] {regUse(v(51))}, new int[] {body, exit}, new int[][] {{}, {}});
        fb.startBlock(body);
        fb.instClobbers(callerSaved(env), fixedUse(v(50), RDI), fixedDef(v(52), RAX));
        fb.inst(regUse(v(52)), regUse(v(7)), regUse(v(3)), regDef(v(53)));
        fb.jump(head, v(53));
        fb.startBlock(exit);
        fb.ret(fixedUse(v(50), RAX), anyUse(v(2)), anyUse(v(4)), anyUse(v(5)), anyUse(v(6)));
        Harness.run(fb.build(), env);
        Harness.run(fb.build(), Harness.tiny(true));
    }

    @Test
    void stackConstraintsModsTempsAndPinned() {
        FunctionBuilder fb = new FunctionBuilder();
        int b0 = fb.newBlock();
        fb.startBlock(b0);
        fb.inst(fixedDef(v(0), RDI), fixedDef(v(1), RSI));
        fb.inst(stackUse(v(0)), regUse(v(1)), stackDef(v(2)));
        fb.inst(regMod(v(2)), anyUse(VReg.pinned(Harness.RSP)));
        fb.inst(anyMod(v(1)), regTemp(v(3)), regUse(v(2)));
        fb.inst(fixedMod(v(0), RCX), regLateUse(v(1)), regDef(v(4)));
        fb.ret(fixedUse(v(4), RAX), anyUse(v(0)), stackUse(v(1)));
        Harness.run(fb.build(), Harness.x64Like());
        Harness.run(fb.build(), Harness.tiny(false));
    }

    @Test
    void moveCoalescing() {
        FunctionBuilder fb = new FunctionBuilder();
        int b0 = fb.newBlock();
        fb.startBlock(b0);
        fb.inst(fixedDef(v(0), RDI));
        fb.inst(regUse(v(0)), regDef(v(1)));
        fb.move(v(2), v(1));
        fb.inst(regUse(v(2)), regUse(v(0)), regDef(v(3)));
        fb.ret(fixedUse(v(3), RAX));
        RegFunction f = fb.build();
        Output out = Harness.run(f, Harness.x64Like());
        assertEquals(out.alloc(2, 0), out.alloc(2, 1), "move should be coalesced");
    }

    @Test
    void rejectsCriticalEdges() {
        FunctionBuilder fb = new FunctionBuilder();
        int a = fb.newBlock(), b = fb.newBlock(), c = fb.newBlock();
        fb.startBlock(a);
        fb.inst(fixedDef(v(0), RDI));
        fb.branch(new long[] {regUse(v(0))}, new int[] {b, c}, new int[][] {{}, {}});
        fb.startBlock(b);
        fb.jump(c);
        fb.startBlock(c);
        fb.ret();
        RegAllocException e = assertThrows(RegAllocException.class, () -> RegAllocator.allocate(fb.build(), Harness.x64Like()));
        assertTrue(e.getMessage().contains("critical edge"), e.getMessage());
    }

    @Test
    void rejectsUseBeforeDef() {
        FunctionBuilder fb = new FunctionBuilder();
        int a = fb.newBlock();
        fb.startBlock(a);
        fb.ret(regUse(v(5)));
        RegAllocException e = assertThrows(RegAllocException.class, () -> RegAllocator.allocate(fb.build(), Harness.x64Like()));
        assertTrue(e.getMessage().contains("v197"), e.getMessage());
    }

    @Test
    void rejectsTooManyRegisterOperands() {
        FunctionBuilder fb = new FunctionBuilder();
        int a = fb.newBlock();
        fb.startBlock(a);
        for (int k = 0; k < 6; k++) fb.inst(regDef(v(k)));
        fb.ret(regUse(v(0)), regUse(v(1)), regUse(v(2)), regUse(v(3)), regUse(v(4)), regUse(v(5)));
        assertThrows(RegAllocException.class, () -> RegAllocator.allocate(fb.build(), Harness.tiny(false)));
    }

    @Test
    void checkerRejectsCorruptions() {
        RegFunction f = swapLoop(6);
        MachineEnv env = Harness.tiny(false);
        Output good = RegAllocator.allocate(f, env);
        Checker.check(f, env, good);
        int rejected = 0, tried = 0;
        // Drop each edit in turn.
        for (int e = 0; e < good.numEdits(); e++) {
            Output bad = without(good, e);
            tried++;
            if (rejects(f, env, bad)) rejected++;
        }
        // Move each use to another register of its class.
        for (int i = 0; i < f.numInsts(); i++) {
            for (int k = 0; k < f.numOperands(i); k++) {
                long op = f.operand(i, k);
                if (!Operand.reads(op)) continue;
                int[] allocs = good.allocs().clone();
                int a = allocs[good.allocStart(i) + k];
                int c = VReg.classIndex(Operand.vreg(op));
                int other = Allocation.isReg(a) ? (Allocation.preg(a) == env.allocationOrder(c)[0] ? env.allocationOrder(c)[1] : env.allocationOrder(c)[0])
                        : env.allocationOrder(c)[0];
                allocs[good.allocStart(i) + k] = Allocation.reg(other);
                tried++;
                if (rejects(f, env, withAllocs(good, allocs))) rejected++;
            }
        }
        assertTrue(rejected > tried / 2, rejected + " of " + tried);
        // A specific one: the fixed return register.
        int[] allocs = good.allocs().clone();
        int last = f.numInsts() - 1;
        allocs[good.allocStart(last)] = Allocation.reg(RCX);
        CheckerException e = assertThrows(CheckerException.class, () -> Checker.check(f, env, withAllocs(good, allocs)));
        assertEquals(last, e.inst);
        assertEquals(0, e.operand);
    }

    static boolean rejects(RegFunction f, MachineEnv env, Output bad) {
        try {
            Checker.check(f, env, bad);
            return false;
        } catch (CheckerException e) {
            return true;
        }
    }

    static Output withAllocs(Output o, int[] allocs) {
        int[] pts = new int[o.numEdits()], from = new int[o.numEdits()], to = new int[o.numEdits()];
        for (int e = 0; e < o.numEdits(); e++) {
            pts[e] = o.editPoint(e);
            from[e] = o.editFrom(e);
            to[e] = o.editTo(e);
        }
        int[] start = new int[o.numInsts() + 1];
        for (int i = 0; i <= o.numInsts(); i++) start[i] = i < o.numInsts() ? o.allocStart(i) : o.allocs().length;
        int[] slots = new int[o.numSpillSlots()];
        for (int s = 0; s < slots.length; s++) slots[s] = o.spillSlotClass(s).ordinal();
        return Output.of(o.numInsts(), allocs, start, pts, from, to, slots);
    }

    static Output without(Output o, int drop) {
        int n = o.numEdits() - 1;
        int[] pts = new int[n], from = new int[n], to = new int[n];
        for (int e = 0, k = 0; e < o.numEdits(); e++) {
            if (e == drop) continue;
            pts[k] = o.editPoint(e);
            from[k] = o.editFrom(e);
            to[k] = o.editTo(e);
            k++;
        }
        int[] start = new int[o.numInsts() + 1];
        for (int i = 0; i <= o.numInsts(); i++) start[i] = i < o.numInsts() ? o.allocStart(i) : o.allocs().length;
        int[] slots = new int[o.numSpillSlots()];
        for (int s = 0; s < slots.length; s++) slots[s] = o.spillSlotClass(s).ordinal();
        return Output.of(o.numInsts(), o.allocs(), start, pts, from, to, slots);
    }
    @Test
    void vectorClassAndUnreachableBlocks() {
        int vec = PReg.of(RegClass.VECTOR, 0);
        MachineEnv env = new MachineEnv(
                new int[][] {Harness.ints(0, 1, 2), {}, {PReg.of(RegClass.VECTOR, 0), PReg.of(RegClass.VECTOR, 1)}},
                new int[][] {{}, {}, {}}, null);
        int x = VReg.of(VReg.FIRST_VIRTUAL + 1, RegClass.VECTOR), y = VReg.of(VReg.FIRST_VIRTUAL + 2, RegClass.VECTOR);
        FunctionBuilder fb = new FunctionBuilder();
        int b0 = fb.newBlock(), dead = fb.newBlock(), exit = fb.newBlock(y);
        fb.startBlock(b0);
        fb.inst(fixedDef(x, vec));
        fb.jump(exit, x);
        fb.startBlock(dead);
        fb.inst(regDef(v(9)));
        fb.jump(exit, x);
        fb.startBlock(exit);
        fb.ret(fixedUse(y, vec));
        Harness.run(fb.build(), env);
    }

    @Test
    void rejectsBranchDefLiveOutAndOperandsBeforeEdgeMoves() {
        FunctionBuilder fb = new FunctionBuilder();
        int a = fb.newBlock(), b = fb.newBlock();
        fb.startBlock(a);
        fb.branch(new long[] {regDef(v(0))}, new int[] {b}, new int[][] {{}});
        fb.startBlock(b);
        fb.ret(regUse(v(0)));
        RegAllocException e = assertThrows(RegAllocException.class, () -> RegAllocator.allocate(fb.build(), Harness.x64Like()));
        assertTrue(e.getMessage().contains("defined by a branch"), e.getMessage());

        FunctionBuilder fb2 = new FunctionBuilder();
        int e0 = fb2.newBlock(), l = fb2.newBlock(), r = fb2.newBlock(), j = fb2.newBlock(v(5));
        fb2.startBlock(e0);
        fb2.inst(fixedDef(v(0), RDI));
        fb2.branch(new long[] {regUse(v(0))}, new int[] {l, r}, new int[][] {{}, {}});
        fb2.startBlock(l);
        fb2.branch(new long[] {regUse(v(0))}, new int[] {j}, new int[][] {{v(0)}});
        fb2.startBlock(r);
        fb2.jump(j, v(0));
        fb2.startBlock(j);
        fb2.ret(fixedUse(v(5), RAX));
        e = assertThrows(RegAllocException.class, () -> RegAllocator.allocate(fb2.build(), Harness.x64Like()));
        assertTrue(e.getMessage().contains("give the branch no operands"), e.getMessage());
    }

    @Test
    void manyValuesAcrossCallsInALoopWithSplitting() {
        MachineEnv env = Harness.x64Like();
        FunctionBuilder fb = new FunctionBuilder();
        int entry = fb.newBlock(), head = fb.newBlock(v(60)), body = fb.newBlock(), exit = fb.newBlock();
        fb.startBlock(entry);
        fb.inst(fixedDef(v(0), RDI));
        for (int k = 1; k < 12; k++) fb.inst(regUse(v(k - 1)), regDef(v(k)));
        fb.jump(head, v(0));
        fb.startBlock(head);
        fb.inst(regUse(v(60)), regDef(v(61)));
        fb.branch(new long[] {regUse(v(61))}, new int[] {body, exit}, new int[][] {{}, {}});
        fb.startBlock(body);
        for (int k = 1; k < 12; k++) fb.inst(regUse(v(k)), regUse(v(60)), regDef(v(20 + k)));
        fb.instClobbers(callerSaved(env), fixedUse(v(60), RDI), fixedDef(v(62), RAX));
        fb.jump(head, v(62));
        fb.startBlock(exit);
        long[] uses = new long[12];
        for (int k = 0; k < 12; k++) uses[k] = anyUse(v(k));
        fb.ret(uses);
        RegFunction f = fb.build();
        Harness.run(f, env, new RegAllocator.Options(true));
        Harness.run(f, env, RegAllocator.Options.DEFAULT);
    }
}

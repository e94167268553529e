package dev.davit.regalloc;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.SplittableRandom;

/**
 * Runs a {@link RegFunction} with concrete values, once on vregs and once on the locations an
 * {@link Output} assigns (with its edits), recording every value read and written; the two
 * traces must be equal. Instruction semantics: early defs are a hash of the early uses' values,
 * late defs (and mods) a hash of all uses' values; a branch picks its successor from its first
 * use or from a step counter.
 */
final class Interp {
    static final int FUEL = 3000;

    private Interp() {}

    static long mix(long h, long x) {
        h ^= x + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    static long pinnedValue(int preg) {
        return mix(77, preg);
    }

    private static int pickSucc(RegFunction f, int b, int inst, long firstUse, boolean hasUse, int step) {
        int ns = f.numSuccs(b);
        long key = hasUse ? firstUse : mix(step, inst);
        return (int) Math.floorMod(key, (long) ns);
    }

    /** Trace of the program on vregs. */
    static LongArrayList runVRegs(RegFunction f) {
        return runVRegs(f, null);
    }

    /** Same, counting executions per instruction into {@code counts} (if not null). */
    static LongArrayList runVRegs(RegFunction f, long[] counts) {
        LongArrayList trace = new LongArrayList();
        long[] val = new long[f.numVRegs()];
        for (int p = 0; p < PReg.NUM; p++) val[p] = pinnedValue(p);
        int b = f.entryBlock();
        int steps = 0;
        while (true) {
            int next = -1;
            for (int i = f.blockInstStart(b); i < f.blockInstEnd(b); i++) {
                steps++;
                if (counts != null) counts[i]++;
                int nops = f.numOperands(i);
                long he = mix(i, 1), ha = mix(i, 2);
                long first = 0;
                boolean hasUse = false;
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.reads(op) && (Operand.pos(op) == Operand.EARLY || Operand.kind(op) == Operand.MOD)) {
                        long x = val[VReg.index(Operand.vreg(op))];
                        trace.add(x);
                        if (!hasUse) { first = x; hasUse = true; }
                        he = mix(he, x);
                        ha = mix(ha, x);
                    }
                }
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.kind(op) == Operand.DEF && Operand.pos(op) == Operand.EARLY && Operand.constraint(op) != Operand.REUSE) {
                        long x = mix(he, k);
                        if (!VReg.isPinned(Operand.vreg(op))) val[VReg.index(Operand.vreg(op))] = x;
                        trace.add(x);
                    }
                }
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.kind(op) == Operand.USE && Operand.pos(op) == Operand.LATE) {
                        long x = val[VReg.index(Operand.vreg(op))];
                        trace.add(x);
                        if (!hasUse) { first = x; hasUse = true; }
                        ha = mix(ha, x);
                    }
                }
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.kind(op) == Operand.MOD || (Operand.kind(op) == Operand.DEF
                            && (Operand.pos(op) == Operand.LATE || Operand.constraint(op) == Operand.REUSE))) {
                        long x = mix(ha, k);
                        if (!VReg.isPinned(Operand.vreg(op))) val[VReg.index(Operand.vreg(op))] = x;
                        trace.add(x);
                    }
                }
                if (f.isRet(i) || steps > FUEL) return trace;
                if (f.isBranch(i)) {
                    int s = pickSucc(f, b, i, first, hasUse, steps);
                    next = f.succ(b, s);
                    int np = f.numBlockParams(next);
                    long[] tmp = new long[np];
                    for (int j = 0; j < np; j++) tmp[j] = val[VReg.index(f.branchArg(i, s, j))];
                    for (int j = 0; j < np; j++) val[VReg.index(f.blockParam(next, j))] = tmp[j];
                    trace.add(-s - 1);
                }
            }
            b = next;
        }
    }

    private static int loc(int a) {
        return Allocation.isReg(a) ? Allocation.preg(a) : PReg.NUM + Allocation.slot(a);
    }

    private static void edits(Output out, long[] m, int point) {
        for (int e = out.editStart(point); e < out.editStart(point + 1); e++) m[loc(out.editTo(e))] = m[loc(out.editFrom(e))];
    }

    /** Trace of the program on the allocated locations. */
    static LongArrayList runMachine(RegFunction f, Output out, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LongArrayList trace = new LongArrayList();
        long[] m = new long[PReg.NUM + out.numSpillSlots()];
        for (int l = 0; l < m.length; l++) m[l] = rnd.nextLong();
        for (int p = 0; p < PReg.NUM; p++) m[p] = pinnedValue(p);
        // Allocatable and scratch registers start with garbage; pinned ones hold their value.
        int b = f.entryBlock();
        int steps = 0;
        while (true) {
            int next = -1;
            for (int i = f.blockInstStart(b); i < f.blockInstEnd(b); i++) {
                steps++;
                edits(out, m, 2 * i);
                int nops = f.numOperands(i);
                long he = mix(i, 1), ha = mix(i, 2);
                long first = 0;
                boolean hasUse = false;
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.reads(op) && (Operand.pos(op) == Operand.EARLY || Operand.kind(op) == Operand.MOD)) {
                        long x = m[loc(out.alloc(i, k))];
                        trace.add(x);
                        if (!hasUse) { first = x; hasUse = true; }
                        he = mix(he, x);
                        ha = mix(ha, x);
                    }
                }
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.kind(op) == Operand.DEF && Operand.pos(op) == Operand.EARLY && Operand.constraint(op) != Operand.REUSE) {
                        long x = mix(he, k);
                        m[loc(out.alloc(i, k))] = x;
                        trace.add(x);
                    }
                }
                for (int w = 0; w < 3; w++) {
                    long bits = f.clobbers(i, w);
                    while (bits != 0) {
                        int hw = Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        m[(w << 6) | hw] = rnd.nextLong();
                    }
                }
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.kind(op) == Operand.USE && Operand.pos(op) == Operand.LATE) {
                        long x = m[loc(out.alloc(i, k))];
                        trace.add(x);
                        if (!hasUse) { first = x; hasUse = true; }
                        ha = mix(ha, x);
                    }
                }
                for (int k = 0; k < nops; k++) {
                    long op = f.operand(i, k);
                    if (Operand.kind(op) == Operand.MOD || (Operand.kind(op) == Operand.DEF
                            && (Operand.pos(op) == Operand.LATE || Operand.constraint(op) == Operand.REUSE))) {
                        long x = mix(ha, k);
                        m[loc(out.alloc(i, k))] = x;
                        trace.add(x);
                    }
                }
                edits(out, m, 2 * i + 1);
                if (f.isRet(i) || steps > FUEL) return trace;
                if (f.isBranch(i)) {
                    int s = pickSucc(f, b, i, first, hasUse, steps);
                    next = f.succ(b, s);
                    trace.add(-s - 1);
                }
            }
            b = next;
        }
    }
}

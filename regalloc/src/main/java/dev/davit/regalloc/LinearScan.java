package dev.davit.regalloc;

import java.util.Arrays;

/**
 * The allocator proper. See {@link RegAllocator} for the algorithm in words.
 *
 * <p>Program positions: instruction {@code i} owns positions {@code 6i .. 6i+5}:
 * {@code 6i} block entry (edge moves into a single-predecessor block read here),
 * {@code 6i+1} before the instruction's own moves (block parameters start here),
 * {@code 6i+2} early (early uses read, early defs written), {@code 6i+3} the clobber point,
 * {@code 6i+4} late (late uses read, late defs written), {@code 6i+5} after the instruction's
 * after-moves. Live ranges are half-open {@code [from, to)} over these positions.
 */
final class LinearScan {
    private static final int SPILLED = -1;
    private static final float INF = Float.POSITIVE_INFINITY;
    /** Block frequency by loop depth: 8^depth, capped at depth 5. */
    private static final float[] DEPTH_FREQ = {1f, 8f, 64f, 512f, 4096f, 32768f};

    private RegFunction f;
    private final MachineEnv env;
    private int n, nb, nv;

    // All arrays below are kept between functions (grown, never shrunk) and cleared per function
    // as far as the function needs them; only the Output's own arrays are allocated per function.

    // Layout.
    private int[] bStart = new int[0], bEnd = new int[0], instBlock = new int[0], linear = new int[0];
    private float[] blockFreq = new float[0];
    private long[] blockKeys = new long[0];
    private int[] blockPos = new int[0], depthDelta = new int[0];
    // Operands, flattened: those of inst i at [opStart[i], opStart[i+1]).
    private int[] opStart = new int[1];
    private long[] ops = new long[0];
    private int numOps;
    // Liveness: one bitset of words longs per block.
    private int words;
    // The first vreg index with state (PINNED_LIMIT, or nv if smaller) and the first bitset word
    // that can be non-zero (the words below only cover pinned indices).
    private int vb, wb;
    private long[] liveIn = new long[0], gen = new long[0], kill = new long[0], liveOut = new long[0], liveNow = new long[0];
    // Live intervals, indexed by interval id: ids below nv are the vregs' whole intervals, later
    // ids are the children split off them (ivVreg names the vreg). Ranges are pairs (from, to),
    // descending while built, ascending after.
    private int[][] rg = new int[0][];
    private int[] rgLen = new int[0];
    private float[] weight = new float[0];
    private int[] hintP = new int[0], hintV = new int[0];
    private int[] ivVreg = new int[0];
    private int nIv;
    // Per vreg that was split (kidsN > 0): its intervals in position order.
    private int[][] kids = new int[0][];
    private int[] kidsN = new int[0];
    private boolean anySplit;
    private long[] splitSet;
    // Splits inside a block that need a move (position 6i+1, vreg index), as pos << 32 | vreg.
    private long[] splitMoves = new long[16];
    private int splitMovesN;
    // Operand occurrences per vreg (global operand indices), CSR.
    private int[] occStart = new int[1], occOp = new int[0], occCount = new int[1], occFill = new int[0];
    // Homes: Allocation.reg(p), SPILLED, then Allocation.stack(s), or NONE if never live.
    private int[] home = new int[0];
    private int[] vregClass = new int[0];
    // Per physical register: assigned segments (sorted, disjoint) with owner (vreg index >= 0,
    // or -(g+2) for the temporary register of global operand g).
    private final int[][] sFrom = new int[PReg.NUM][], sTo = new int[PReg.NUM][], sOwn = new int[PReg.NUM][];
    private final int[] sN = new int[PReg.NUM];
    // Upper bound of the ends of the segments of each register (fast path for free checks).
    private final int[] sMaxEnd = new int[PReg.NUM];
    // The start of the interval being allocated (non-decreasing), and per register a cursor: the
    // segments before sCur[p] all end at or before scanPos.
    private int scanPos;
    private final int[] sCur = new int[PReg.NUM];
    // Per register, a cursor into the fixed segments (which do not change during allocation):
    // those before fCur[p] all start at or before scanPos - 4, so none reaches scanPos.
    private final int[] fCur = new int[PReg.NUM];
    // Registers (a PReg set) with segments or fixed segments: the ones reset() must clear.
    private final long[] touched = new long[3];
    // Per physical register: fixed segments (clobbers, fixed operands), sorted by from; owner is
    // the vreg index of a fixed operand (whose own interval may overlap), else -1.
    private final int[][] fFrom = new int[PReg.NUM][], fTo = new int[PReg.NUM][], fOwn = new int[PReg.NUM][];
    private final int[] fN = new int[PReg.NUM];
    // Temporary register of an operand whose spilled vreg needs one there, or -1.
    private int[] opTmp = new int[0];
    private boolean[] reusedInput = new boolean[0];
    private int[] worklist = new int[64];
    private int wlN;
    private Output.Stats stats;

    private final boolean splitting;
    private final ParallelMoves before, after;

    LinearScan(MachineEnv env, boolean splitting) {
        this.env = env;
        this.splitting = splitting;
        before = new ParallelMoves(env);
        after = new ParallelMoves(env);
    }

    /** Sizes and clears the working arrays for {@code f}. */
    private void reset(RegFunction f) {
        this.f = f;
        this.n = f.numInsts();
        this.nb = f.numBlocks();
        this.nv = f.numVRegs();
        if (n < 0 || nb < 0 || nv < 0) throw error("negative instruction, block or vreg count");
        if (bStart.length < nb) {
            int cap = Math.max(nb, bStart.length * 3 / 2);
            bStart = new int[cap];
            bEnd = new int[cap];
            linear = new int[cap];
            blockFreq = new float[cap];
            blockKeys = new long[cap];
            blockPos = new int[cap];
            depthDelta = new int[cap + 1];
        }
        if (instBlock.length < n) instBlock = new int[Math.max(n, instBlock.length * 3 / 2)];
        if (opStart.length < n + 1) opStart = new int[Math.max(n + 1, opStart.length * 3 / 2)];
        words = (nv + 63) >>> 6;
        // Indices below PINNED_LIMIT are pinned: no per-vreg state, never in a bitset.
        vb = Math.min(nv, VReg.PINNED_LIMIT);
        wb = vb >>> 6;
        int vb = this.vb;
        ensureIntervals(nv);
        Arrays.fill(rgLen, vb, nv, 0);
        Arrays.fill(weight, vb, nv, 0f);
        Arrays.fill(hintP, vb, nv, -1);
        Arrays.fill(hintV, vb, nv, -1);
        Arrays.fill(home, vb, nv, Allocation.NONE);
        Arrays.fill(vregClass, vb, nv, -1);
        for (int v = vb; v < nv; v++) ivVreg[v] = v;
        nIv = nv;
        if (kidsN.length < nv) {
            int cap = Math.max(nv, kidsN.length * 3 / 2);
            kids = Arrays.copyOf(kids, cap);
            kidsN = new int[cap];
        } else {
            Arrays.fill(kidsN, vb, nv, 0);
        }
        anySplit = false;
        splitMovesN = 0;
        int total = 0;
        for (int i = 0; i < n; i++) {
            opStart[i] = total;
            total += f.numOperands(i);
        }
        opStart[n] = total;
        numOps = total;
        if (ops.length < total) {
            int cap = Math.max(total, ops.length * 3 / 2);
            ops = new long[cap];
            opTmp = new int[cap];
            reusedInput = new boolean[cap];
            occOp = new int[cap];
        } else {
            Arrays.fill(reusedInput, 0, total, false);
        }
        Arrays.fill(opTmp, 0, total, -1);
        f.copyOperands(ops);
        // Clear the per-register state of the registers the previous function touched.
        for (int w = 0; w < 3; w++) {
            long bits = touched[w];
            while (bits != 0) {
                int p = (w << 6) | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                sN[p] = 0;
                sMaxEnd[p] = 0;
                sCur[p] = 0;
                fN[p] = 0;
                fCur[p] = 0;
            }
            touched[w] = 0;
        }
        scanPos = 0;
        wlN = 0;
        heapN = 0;
        stats = new Output.Stats();
        numSlots = 0;
        Arrays.fill(numTempSlots, 0);
        Arrays.fill(cycleSlot, -1);
        eN = 0;
        before.clear();
        after.clear();
    }

    /** Grows the per-interval arrays to hold at least {@code cap} intervals. */
    private void ensureIntervals(int cap) {
        if (rgLen.length >= cap) return;
        cap = Math.max(cap, rgLen.length * 3 / 2);
        rg = Arrays.copyOf(rg, cap);
        rgLen = Arrays.copyOf(rgLen, cap);
        weight = Arrays.copyOf(weight, cap);
        hintP = Arrays.copyOf(hintP, cap);
        hintV = Arrays.copyOf(hintV, cap);
        ivVreg = Arrays.copyOf(ivVreg, cap);
        home = Arrays.copyOf(home, cap);
        vregClass = Arrays.copyOf(vregClass, cap);
    }

    /** Records the class of {@code v}; {@code what}/{@code a}/{@code b} name the place for errors. */
    private void noteClass(int v, int what, int a, int b) {
        if (VReg.isPinned(v)) return;
        int vi = VReg.index(v);
        int c = VReg.classIndex(v);
        if (vi < nv && c <= 2 && (vregClass[vi] == c || vregClass[vi] < 0)) {
            vregClass[vi] = c;
            return;
        }
        String where = switch (what) {
            case 0 -> "inst " + a + " operand " + b;
            case 1 -> "block " + a + " param " + b;
            default -> "branch inst " + a + " arg " + b;
        };
        if (vi >= nv) throw error(where + ": vreg index " + vi + " >= numVRegs " + nv);
        if (c > 2) throw error(where + ": bad register class in " + v);
        throw error(where + ": v" + vi + " used with two register classes");
    }

    Output run(RegFunction f) {
        try {
            reset(f);
            layout();
            liveness();
            buildRanges();
            buildFixed();
            allocateAll();
            return emit();
        } finally {
            this.f = null; // do not keep the function alive between calls
        }
    }

    // ---------------------------------------------------------------- validation and layout

    private RegAllocException error(String msg) {
        return new RegAllocException(msg);
    }

    private void layout() {
        if (n == 0 || nb == 0) throw error("function has no instructions or no blocks");
        Arrays.fill(instBlock, 0, n, -1);
        long[] keys = blockKeys;
        for (int b = 0; b < nb; b++) {
            int s = f.blockInstStart(b), e = f.blockInstEnd(b);
            if (s < 0 || e > n || s >= e) throw error("block " + b + " has an empty or bad instruction range [" + s + ", " + e + ")");
            bStart[b] = s;
            bEnd[b] = e;
            for (int i = s; i < e; i++) {
                if (instBlock[i] >= 0) throw error("inst " + i + " is in blocks " + instBlock[i] + " and " + b);
                instBlock[i] = b;
                boolean last = i == e - 1;
                boolean term = f.isBranch(i) || f.isRet(i);
                if (term != last) {
                    throw error(last ? "block " + b + " does not end in a branch or return (inst " + i + ")"
                            : "inst " + i + " is a branch or return in the middle of block " + b);
                }
                if (f.isRet(i) && f.numSuccs(b) != 0) throw error("block " + b + " ends in a return but has successors");
            }
            keys[b] = ((long) s << 32) | b;
            for (int k = 0; k < f.numSuccs(b); k++) {
                int sb = f.succ(b, k);
                if (f.numSuccs(b) > 1 && f.numPreds(sb) > 1) {
                    throw error("critical edge from block " + b + " to block " + sb + ": split it before allocation");
                }
                if (f.numBranchArgs(e - 1, k) != f.numBlockParams(sb)) {
                    throw error("branch inst " + (e - 1) + " passes " + f.numBranchArgs(e - 1, k) + " args to block " + sb
                            + " which has " + f.numBlockParams(sb) + " params");
                }
                if (f.numSuccs(b) == 1 && f.numPreds(sb) > 1 && f.numOperands(e - 1) > 0) {
                    throw error("branch inst " + (e - 1) + " of block " + b + " has operands, but edge moves into block " + sb
                            + " (which has several predecessors) must go before it: give the branch no operands");
                }
            }
        }
        for (int i = 0; i < n; i++) if (instBlock[i] < 0) throw error("inst " + i + " belongs to no block");
        if (f.numBlockParams(f.entryBlock()) != 0) throw error("the entry block must have no params");
        Arrays.sort(keys, 0, nb);
        int[] pos = blockPos;
        for (int k = 0; k < nb; k++) {
            linear[k] = (int) keys[k];
            pos[linear[k]] = k;
        }
        // Loop depth from back edges in the linear order (a good enough estimate of frequency).
        int[] delta = depthDelta;
        Arrays.fill(delta, 0, nb + 1, 0);
        for (int b = 0; b < nb; b++) {
            for (int k = 0; k < f.numSuccs(b); k++) {
                int s = f.succ(b, k);
                if (pos[s] <= pos[b]) {
                    delta[pos[s]]++;
                    delta[pos[b] + 1]--;
                }
            }
        }
        int depth = 0;
        for (int k = 0; k < nb; k++) {
            depth += delta[k];
            blockFreq[linear[k]] = DEPTH_FREQ[Math.max(0, Math.min(depth, 5))];
        }
        // Operand checks and hints.
        for (int i = 0; i < n; i++) {
            int o = opStart[i], cnt = opStart[i + 1] - o;
            for (int k = 0; k < cnt; k++) {
                long op = ops[o + k];
                int v = Operand.vreg(op), vi = VReg.index(v);
                noteClass(v, 0, i, k);
                if (VReg.isPinned(v) && PReg.classIndex(vi) != VReg.classIndex(v)) {
                    throw error("inst " + i + " operand " + k + ": pinned " + VReg.toString(v) + " has the wrong class");
                }
                int c = Operand.constraint(op);
                if (c == Operand.FIXED) {
                    int p = Operand.fixedPReg(op);
                    if (p >= PReg.NUM || PReg.classIndex(p) != VReg.classIndex(v)) {
                        throw error("inst " + i + " operand " + k + ": fixed register " + PReg.toString(p) + " is not of the class of " + VReg.toString(v));
                    }
                    if (!VReg.isPinned(v) && hintP[vi] < 0) hintP[vi] = p;
                } else if (c == Operand.REUSE) {
                    int r = Operand.reuseIndex(op);
                    if (Operand.kind(op) != Operand.DEF || r >= cnt) throw error("inst " + i + " operand " + k + ": bad reuse " + Operand.toString(op));
                    long in = ops[o + r];
                    if (Operand.kind(in) != Operand.USE || Operand.pos(in) != Operand.EARLY
                            || (Operand.constraint(in) != Operand.ANY && Operand.constraint(in) != Operand.REG)
                            || VReg.classIndex(Operand.vreg(in)) != VReg.classIndex(v)) {
                        throw error("inst " + i + " operand " + k + ": reused input " + r + " must be an early use with any/reg constraint of the same class");
                    }
                    if (reusedInput[o + r]) throw error("inst " + i + " operand " + r + " is reused twice");
                    if (VReg.isPinned(Operand.vreg(in))) throw error("inst " + i + " operand " + k + ": the reused input must not be a pinned vreg");
                    reusedInput[o + r] = true;
                    if (!VReg.isPinned(v) && !VReg.isPinned(Operand.vreg(in))) hintV[vi] = VReg.index(Operand.vreg(in));
                } else if (c > Operand.STACK) {
                    throw error("inst " + i + " operand " + k + ": bad constraint");
                }
                if (Operand.kind(op) == 3) throw error("inst " + i + " operand " + k + ": bad kind");
                if (Operand.writes(op) && f.isBranch(i) && Operand.kind(op) == Operand.MOD) {
                    throw error("inst " + i + ": a branch cannot modify a vreg");
                }
            }
            if (f.isMove(i) && cnt == 2) {
                int s = VReg.index(Operand.vreg(ops[o])), d = VReg.index(Operand.vreg(ops[o + 1]));
                if (s >= VReg.PINNED_LIMIT && d >= VReg.PINNED_LIMIT) {
                    if (hintV[d] < 0) hintV[d] = s;
                    if (hintV[s] < 0) hintV[s] = d;
                }
            }
        }
        for (int b = 0; b < nb; b++) {
            for (int j = 0; j < f.numBlockParams(b); j++) noteClass(f.blockParam(b, j), 1, b, j);
            int br = bEnd[b] - 1;
            for (int k = 0; k < f.numSuccs(b); k++) {
                int s = f.succ(b, k);
                for (int j = 0; j < f.numBlockParams(s); j++) {
                    int a = f.branchArg(br, k, j), p = f.blockParam(s, j);
                    noteClass(a, 2, br, j);
                    noteClass(p, 1, s, j);
                    if (VReg.isPinned(a) || VReg.isPinned(p)) throw error("block " + s + " param " + j + ": pinned vregs cannot be params or args");
                    if (VReg.classIndex(a) != VReg.classIndex(p)) throw error("branch inst " + br + " arg " + j + " has the wrong class for block " + s);
                    int ai = VReg.index(a), pi = VReg.index(p);
                    if (ai >= nv || pi >= nv) throw error("block " + s + " param/arg vreg out of range");
                    if (hintV[pi] < 0) hintV[pi] = ai;
                    if (hintV[ai] < 0) hintV[ai] = pi;
                }
            }
        }
    }

    // ---------------------------------------------------------------- liveness

    private static boolean get(long[] bits, int base, int v) {
        return (bits[base + (v >>> 6)] & (1L << v)) != 0;
    }

    private static void set(long[] bits, int base, int v) {
        bits[base + (v >>> 6)] |= 1L << v;
    }

    private static void clear(long[] bits, int base, int v) {
        bits[base + (v >>> 6)] &= ~(1L << v);
    }

    private void liveness() {
        int size = nb * words;
        if (gen.length < size) {
            int cap = Math.max(size, gen.length * 3 / 2);
            gen = new long[cap];
            kill = new long[cap];
            liveIn = new long[cap];
        } else {
            Arrays.fill(gen, 0, size, 0);
            Arrays.fill(kill, 0, size, 0);
        }
        if (liveOut.length < words) {
            liveOut = new long[words];
            liveNow = new long[words];
        }
        long[] gen = this.gen, kill = this.kill;
        for (int b = 0; b < nb; b++) {
            int base = b * words;
            int br = bEnd[b] - 1;
            for (int k = 0; k < f.numSuccs(b); k++) {
                for (int j = 0, m = f.numBranchArgs(br, k); j < m; j++) set(gen, base, VReg.index(f.branchArg(br, k, j)));
            }
            for (int i = br; i >= bStart[b]; i--) {
                for (int g = opStart[i]; g < opStart[i + 1]; g++) {
                    long op = ops[g];
                    int v = Operand.vreg(op);
                    if (Operand.writes(op) && !VReg.isPinned(v)) {
                        clear(gen, base, VReg.index(v));
                        set(kill, base, VReg.index(v));
                    }
                }
                for (int g = opStart[i]; g < opStart[i + 1]; g++) {
                    long op = ops[g];
                    int v = Operand.vreg(op);
                    if (Operand.reads(op) && !VReg.isPinned(v)) set(gen, base, VReg.index(v));
                }
            }
            for (int j = 0; j < f.numBlockParams(b); j++) {
                int p = VReg.index(f.blockParam(b, j));
                clear(gen, base, p);
                set(kill, base, p);
            }
        }
        System.arraycopy(gen, 0, liveIn, 0, size);
        long[] out = liveOut;
        // A single block without successors has nothing to propagate: live-in is its upward uses.
        boolean changed = !(nb == 1 && f.numSuccs(0) == 0);
        while (changed) {
            changed = false;
            for (int k = nb - 1; k >= 0; k--) {
                int b = linear[k], base = b * words;
                Arrays.fill(out, 0, words, 0);
                for (int s = 0; s < f.numSuccs(b); s++) {
                    int sb = f.succ(b, s) * words;
                    for (int w = wb; w < words; w++) out[w] |= liveIn[sb + w];
                }
                for (int w = wb; w < words; w++) {
                    long nw = gen[base + w] | (out[w] & ~kill[base + w]);
                    if (nw != liveIn[base + w]) {
                        liveIn[base + w] = nw;
                        changed = true;
                    }
                }
            }
        }
        int eb = f.entryBlock() * words;
        for (int w = wb; w < words; w++) {
            if (liveIn[eb + w] != 0) {
                int v = w * 64 + Long.numberOfTrailingZeros(liveIn[eb + w]);
                throw error("vreg v" + v + " is used but not defined on every path from the entry block");
            }
        }
    }

    // ---------------------------------------------------------------- live ranges

    private void addRange(int v, int from, int to) {
        int[] r = rg[v];
        int len = rgLen[v];
        if (r == null) {
            rg[v] = r = new int[4];
        }
        if (len == 0) {
            r[0] = from;
            r[1] = to;
            rgLen[v] = 2;
            return;
        }
        int lf = r[len - 2], lt = r[len - 1];
        if (to < lf) {
            if (len + 2 > r.length) rg[v] = r = Arrays.copyOf(r, r.length * 2);
            r[len] = from;
            r[len + 1] = to;
            rgLen[v] = len + 2;
        } else if (from <= lt) {
            lf = Math.min(lf, from);
            lt = Math.max(lt, to);
            // Merge with higher ranges the extension now touches.
            while (len >= 4 && r[len - 4] <= lt) {
                lt = Math.max(lt, r[len - 3]);
                len -= 2;
            }
            r[len - 2] = lf;
            r[len - 1] = lt;
            rgLen[v] = len;
        } else {
            // Out of order (above the lowest range): general insert, then normalize.
            int[] all = Arrays.copyOf(r, len + 2);
            all[len] = from;
            all[len + 1] = to;
            int pairs = (len + 2) / 2;
            long[] keys = new long[pairs];
            for (int k = 0; k < pairs; k++) keys[k] = ((long) all[2 * k] << 32) | (all[2 * k + 1] & 0xFFFF_FFFFL);
            Arrays.sort(keys);
            int[] merged = new int[len + 2];
            int m = 0;
            for (long key : keys) {
                int a = (int) (key >>> 32), b = (int) key;
                if (m > 0 && a <= merged[m - 1]) {
                    merged[m - 1] = Math.max(merged[m - 1], b);
                } else {
                    merged[m++] = a;
                    merged[m++] = b;
                }
            }
            // Store descending again.
            int[] desc = new int[Math.max(4, m)];
            for (int k = 0; k < m / 2; k++) {
                desc[2 * k] = merged[m - 2 - 2 * k];
                desc[2 * k + 1] = merged[m - 1 - 2 * k];
            }
            rg[v] = desc;
            rgLen[v] = m;
        }
    }

    private void buildRanges() {
        long[] live = liveNow;
        if (occCount.length < nv + 1) {
            int cap = Math.max(nv + 1, occCount.length * 3 / 2);
            occCount = new int[cap];
            occStart = new int[cap];
            occFill = new int[cap];
        } else {
            Arrays.fill(occCount, vb, nv + 1, 0);
        }
        int[] occCount = this.occCount;
        for (int k = nb - 1; k >= 0; k--) {
            int b = linear[k];
            int bs = 6 * bStart[b], be = 6 * bEnd[b];
            float fr = blockFreq[b];
            Arrays.fill(live, 0, words, 0);
            for (int s = 0; s < f.numSuccs(b); s++) {
                int sb = f.succ(b, s) * words;
                for (int w = wb; w < words; w++) live[w] |= liveIn[sb + w];
            }
            for (int w = wb; w < words; w++) {
                long bits = live[w];
                while (bits != 0) {
                    int v = w * 64 + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    addRange(v, bs, be);
                }
            }
            int br = bEnd[b] - 1;
            for (int s = 0; s < f.numSuccs(b); s++) {
                for (int j = 0, m = f.numBranchArgs(br, s); j < m; j++) {
                    int a = VReg.index(f.branchArg(br, s, j));
                    weight[a] += fr;
                    if (!get(live, 0, a)) {
                        addRange(a, bs, be);
                        set(live, 0, a);
                    }
                }
            }
            for (int i = br; i >= bStart[b]; i--) {
                int base = 6 * i;
                int o = opStart[i], e = opStart[i + 1];
                for (int g = o; g < e; g++) {
                    long op = ops[g];
                    int v = Operand.vreg(op);
                    if (VReg.isPinned(v)) continue;
                    int vi = VReg.index(v);
                    occCount[vi]++;
                    weight[vi] += fr;
                    if (!Operand.writes(op)) continue;
                    int defPos;
                    if (Operand.kind(op) == Operand.MOD) defPos = base + 4;
                    else if (Operand.constraint(op) == Operand.FIXED) defPos = base + 5;
                    else if (Operand.constraint(op) == Operand.REUSE) defPos = base + 2;
                    else defPos = Operand.pos(op) == Operand.EARLY ? base + 2 : base + 4;
                    if (f.isBranch(i) && get(live, 0, vi)) {
                        throw error("inst " + i + ": value " + VReg.toString(v) + " defined by a branch is live into a successor");
                    }
                    if (get(live, 0, vi)) {
                        int len = rgLen[vi];
                        rg[vi][len - 2] = Math.max(rg[vi][len - 2], defPos);
                        clear(live, 0, vi);
                    } else if (defPos < base + 5) {
                        addRange(vi, defPos, base + 5);
                    }
                }
                for (int g = o; g < e; g++) {
                    long op = ops[g];
                    int v = Operand.vreg(op);
                    if (!Operand.reads(op) || VReg.isPinned(v)) continue;
                    int vi = VReg.index(v);
                    int end = Operand.kind(op) == Operand.MOD || Operand.pos(op) == Operand.LATE ? base + 5 : base + 3;
                    if (reusedInput[g] && !get(live, 0, vi)) {
                        int readers = 0;
                        for (int h = o; h < e; h++) if (Operand.reads(ops[h]) && Operand.vreg(ops[h]) == v) readers++;
                        if (readers == 1) end = base + 2;
                    }
                    addRange(vi, bs, end);
                    set(live, 0, vi);
                }
            }
            for (int j = 0; j < f.numBlockParams(b); j++) {
                int p = VReg.index(f.blockParam(b, j));
                weight[p] += fr;
                if (get(live, 0, p)) {
                    int len = rgLen[p];
                    rg[p][len - 2] = bs + 1;
                    clear(live, 0, p);
                } else {
                    addRange(p, bs + 1, bs + 2);
                }
            }
            if (f.numPreds(b) == 1 && f.numBlockParams(b) > 0) {
                int pb = f.pred(b, 0), pbr = bEnd[pb] - 1;
                for (int s = 0; s < f.numSuccs(pb); s++) {
                    if (f.succ(pb, s) != b) continue;
                    for (int j = 0; j < f.numBranchArgs(pbr, s); j++) addRange(VReg.index(f.branchArg(pbr, s, j)), bs, bs + 1);
                }
            }
        }
        // Ascending order, weights, occurrences.
        for (int v = vb; v < nv; v++) {
            int[] r = rg[v];
            int len = rgLen[v];
            if (len == 0) continue;
            int size = 0;
            for (int a = 0, z = len - 2; a < z; a += 2, z -= 2) {
                int t0 = r[a], t1 = r[a + 1];
                r[a] = r[z];
                r[a + 1] = r[z + 1];
                r[z] = t0;
                r[z + 1] = t1;
            }
            for (int a = 0; a < len; a += 2) size += r[a + 1] - r[a];
            weight[v] = weight[v] / (1f + size / 6f);
        }
        occStart[vb] = 0;
        for (int v = vb; v < nv; v++) occStart[v + 1] = occStart[v] + occCount[v];
        int[] fill = occFill;
        System.arraycopy(occStart, vb, fill, vb, nv - vb);
        for (int g = 0; g < numOps; g++) {
            int v = Operand.vreg(ops[g]);
            if (!VReg.isPinned(v)) occOp[fill[VReg.index(v)]++] = g;
        }
    }

    private boolean covers(int v, int pos) {
        int[] r = rg[v];
        if (r == null) return false;
        int lo = 0, hi = rgLen[v] / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (r[2 * mid + 1] <= pos) lo = mid + 1;
            else if (r[2 * mid] > pos) hi = mid - 1;
            else return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- fixed segments

    /** The sub-range of instruction positions operand {@code op} of inst {@code i} occupies. */
    private static int opFrom(long op, int i) {
        int base = 6 * i;
        if (Operand.kind(op) == Operand.DEF && Operand.pos(op) == Operand.LATE && Operand.constraint(op) != Operand.REUSE) return base + 4;
        return base + 2;
    }

    private static int opTo(long op, int i) {
        int base = 6 * i;
        if (Operand.kind(op) == Operand.USE && Operand.pos(op) == Operand.EARLY) return base + 3;
        return base + 5;
    }

    private void addFixed(int p, int from, int to, int owner) {
        if (fFrom[p] == null) {
            fFrom[p] = new int[8];
            fTo[p] = new int[8];
            fOwn[p] = new int[8];
        }
        int k = fN[p];
        if (k == fFrom[p].length) {
            fFrom[p] = Arrays.copyOf(fFrom[p], k * 2);
            fTo[p] = Arrays.copyOf(fTo[p], k * 2);
            fOwn[p] = Arrays.copyOf(fOwn[p], k * 2);
        }
        int[] ff = fFrom[p], ft = fTo[p], fo = fOwn[p];
        while (k > 0 && ff[k - 1] > from) {
            ff[k] = ff[k - 1];
            ft[k] = ft[k - 1];
            fo[k] = fo[k - 1];
            k--;
        }
        ff[k] = from;
        ft[k] = to;
        fo[k] = owner;
        fN[p]++;
        touched[p >>> 6] |= 1L << p;
    }

    // Instructions that clobber registers, ascending, with their clobber sets (3 words each).
    private int[] clobInst = new int[16];
    private long[] clobMask = new long[48];
    private int nClob;

    private void buildFixed() {
        nClob = 0;
        for (int i = 0; i < n; i++) {
            long c0 = f.clobbers(i, 0), c1 = f.clobbers(i, 1), c2 = f.clobbers(i, 2);
            if ((c0 | c1 | c2) != 0) {
                if (nClob == clobInst.length) {
                    clobInst = Arrays.copyOf(clobInst, nClob * 2);
                    clobMask = Arrays.copyOf(clobMask, nClob * 6);
                }
                clobInst[nClob] = i;
                clobMask[3 * nClob] = c0;
                clobMask[3 * nClob + 1] = c1;
                clobMask[3 * nClob + 2] = c2;
                nClob++;
            }
            for (int c = 0; c < 3; c++) {
                long bits = c == 0 ? c0 : c == 1 ? c1 : c2;
                while (bits != 0) {
                    int hw = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    addFixed((c << 6) | hw, 6 * i + 3, 6 * i + 4, -1);
                }
            }
            for (int g = opStart[i]; g < opStart[i + 1]; g++) {
                long op = ops[g];
                int v = Operand.vreg(op);
                if (VReg.isPinned(v)) {
                    addFixed(VReg.pinnedPReg(v), opFrom(op, i), opTo(op, i), -1);
                } else if (Operand.constraint(op) == Operand.FIXED) {
                    addFixed(Operand.fixedPReg(op), opFrom(op, i), opTo(op, i), VReg.index(v));
                }
            }
        }
    }

    /**
     * The registers of class {@code c} (bit hwEnc) clobbered inside interval {@code v}: a clobber
     * of instruction i (at 6i+3) conflicts with every range covering 6i+3.
     */
    private long clobberedIn(int v, int c) {
        if (nClob == 0) return 0;
        int[] r = rg[v];
        long m = 0;
        int k = 0;
        for (int a = 0, len = rgLen[v]; a < len && k < nClob; a += 2) {
            int from = r[a], to = r[a + 1];
            int minI = from <= 3 ? 0 : (from - 3 + 5) / 6;
            k = firstAbove(clobInst, k, nClob, minI - 1);
            for (; k < nClob && 6 * clobInst[k] + 3 < to; k++) m |= clobMask[3 * k + c];
        }
        return m;
    }

    /** Whether a fixed segment of {@code p} not owned by {@code owner} overlaps [from, to). */
    private boolean fixedConflict(int p, int from, int to, int owner) {
        int cnt = fN[p];
        if (cnt == 0) return false;
        int[] ff = fFrom[p], ft = fTo[p], fo = fOwn[p];
        for (int k = firstFixedNear(p, from); k < cnt && ff[k] < to; k++) {
            if (ft[k] > from && fo[k] != owner) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- occupancy

    /**
     * First index in [lo, hi) whose element is above {@code key} ({@code a} ascending), or hi:
     * galloping from lo, so a search whose answer is near lo costs O(1).
     */
    private static int firstAbove(int[] a, int lo, int hi, int key) {
        if (lo >= hi || a[lo] > key) return lo;
        int prev = lo, step = 1, cur = lo + 1;
        while (cur < hi && a[cur] <= key) {
            prev = cur;
            step <<= 1;
            cur = prev + step;
        }
        int l = prev + 1, h = Math.min(cur, hi);
        while (l < h) {
            int mid = (l + h) >>> 1;
            if (a[mid] <= key) l = mid + 1;
            else h = mid;
        }
        return l;
    }

    /**
     * First fixed segment of {@code p} that may overlap a range starting at {@code from} (fixed
     * segments are at most 3 positions long, so the first one starting at or after from - 3).
     */
    private int firstFixedNear(int p, int from) {
        int[] ff = fFrom[p];
        int lo = 0, hi = fN[p];
        if (from >= scanPos) {
            int c = firstAbove(ff, fCur[p], hi, scanPos - 4);
            fCur[p] = c;
            lo = c;
        }
        return firstAbove(ff, lo, hi, from - 4);
    }

    /** First segment of {@code p} whose end is after {@code pos}. */
    private int firstEndingAfter(int p, int pos) {
        int[] st = sTo[p];
        int lo = 0, hi = sN[p];
        if (pos >= scanPos) {
            // Linear scan queries are mostly at or just after the scan position: start from the
            // register's cursor (every segment before it ends at or before scanPos).
            int c = firstAbove(st, sCur[p], hi, scanPos);
            sCur[p] = c;
            lo = c;
        }
        return firstAbove(st, lo, hi, pos);
    }

    private boolean occFree(int p, int from, int to) {
        if (sMaxEnd[p] <= from) return true;
        int k = firstEndingAfter(p, from);
        return k >= sN[p] || sFrom[p][k] >= to;
    }

    private void insertSeg(int p, int from, int to, int owner) {
        if (sFrom[p] == null) {
            sFrom[p] = new int[16];
            sTo[p] = new int[16];
            sOwn[p] = new int[16];
        }
        int cnt = sN[p];
        if (cnt == sFrom[p].length) {
            sFrom[p] = Arrays.copyOf(sFrom[p], cnt * 2);
            sTo[p] = Arrays.copyOf(sTo[p], cnt * 2);
            sOwn[p] = Arrays.copyOf(sOwn[p], cnt * 2);
        }
        int k = firstEndingAfter(p, from);
        if (k < sCur[p]) sCur[p]++;
        System.arraycopy(sFrom[p], k, sFrom[p], k + 1, cnt - k);
        System.arraycopy(sTo[p], k, sTo[p], k + 1, cnt - k);
        System.arraycopy(sOwn[p], k, sOwn[p], k + 1, cnt - k);
        sFrom[p][k] = from;
        sTo[p][k] = to;
        sOwn[p][k] = owner;
        sN[p] = cnt + 1;
        if (to > sMaxEnd[p]) sMaxEnd[p] = to;
        touched[p >>> 6] |= 1L << p;
    }

    private void removeSeg(int p, int from, int owner) {
        int k = firstEndingAfter(p, from);
        if (k >= sN[p] || sFrom[p][k] != from || sOwn[p][k] != owner) throw new IllegalStateException("segment not found");
        int cnt = sN[p];
        if (k < sCur[p]) sCur[p]--;
        System.arraycopy(sFrom[p], k + 1, sFrom[p], k, cnt - k - 1);
        System.arraycopy(sTo[p], k + 1, sTo[p], k, cnt - k - 1);
        System.arraycopy(sOwn[p], k + 1, sOwn[p], k, cnt - k - 1);
        sN[p] = cnt - 1;
    }

    private boolean vregFree(int v, int p) {
        return freeUntil(v, p) == Integer.MAX_VALUE;
    }

    /**
     * First position of interval {@code v} at which {@code p} is not free for it. The searches
     * for successive ranges start where the previous one ended (ranges and segments ascend).
     */
    private int freeUntil(int v, int p) {
        int[] r = rg[v];
        int owner = ivVreg[v];
        int fcnt = fN[p], scnt = sN[p], maxEnd = sMaxEnd[p];
        int[] ff = fFrom[p], ft = fTo[p], fo = fOwn[p], sf = sFrom[p], st = sTo[p];
        int fk = -1, sk = -1;
        for (int a = 0, len = rgLen[v]; a < len; a += 2) {
            int from = r[a], to = r[a + 1];
            int hit = Integer.MAX_VALUE;
            if (fcnt > 0) {
                // Fixed segments are at most 3 positions long.
                fk = fk < 0 ? firstFixedNear(p, from) : firstAbove(ff, fk, fcnt, from - 4);
                for (int k = fk; k < fcnt && ff[k] < to; k++) {
                    if (ft[k] > from && fo[k] != owner) {
                        hit = Math.max(from, ff[k]);
                        break;
                    }
                }
            }
            if (maxEnd > from) {
                sk = sk < 0 ? firstEndingAfter(p, from) : firstAbove(st, sk, scnt, from);
                if (sk < scnt && sf[sk] < to) hit = Math.min(hit, Math.max(from, sf[sk]));
            }
            if (hit != Integer.MAX_VALUE) return hit;
        }
        return Integer.MAX_VALUE;
    }

    /**
     * Cost of evicting what is in the way of interval {@code v} on {@code p}: the largest weight
     * among the intervals there, INF if a temporary or a fixed segment is; stops once it reaches
     * {@code best}.
     */
    private float evictCost(int v, int p, float best) {
        int[] r = rg[v];
        int owner = ivVreg[v];
        int fcnt = fN[p], scnt = sN[p];
        int[] ff = fFrom[p], ft = fTo[p], fo = fOwn[p], sf = sFrom[p], st = sTo[p], so = sOwn[p];
        int fk = -1, sk = -1;
        float cost = 0;
        for (int a = 0, len = rgLen[v]; a < len; a += 2) {
            int from = r[a], to = r[a + 1];
            if (fcnt > 0) {
                fk = fk < 0 ? firstFixedNear(p, from) : firstAbove(ff, fk, fcnt, from - 4);
                for (int k = fk; k < fcnt && ff[k] < to; k++) {
                    if (ft[k] > from && fo[k] != owner) return INF;
                }
            }
            sk = sk < 0 ? firstEndingAfter(p, from) : firstAbove(st, sk, scnt, from);
            for (int k = sk; k < scnt && sf[k] < to; k++) {
                int o = so[k];
                if (o < 0) return INF;
                if (weight[o] > cost) cost = weight[o];
            }
            if (cost >= best) return cost;
        }
        return cost;
    }

    /** Largest weight among intervals in the way of [from, to) on {@code p}; INF if a temp is. */
    private float conflictCost(int p, int from, int to, float sofar) {
        int k = firstEndingAfter(p, from);
        int[] sf = sFrom[p], so = sOwn[p];
        for (int cnt = sN[p]; k < cnt && sf[k] < to; k++) {
            int o = so[k];
            if (o < 0) return INF;
            if (weight[o] > sofar) sofar = weight[o];
        }
        return sofar;
    }

    private void assign(int v, int p) {
        int[] r = rg[v];
        for (int a = 0, len = rgLen[v]; a < len; a += 2) insertSeg(p, r[a], r[a + 1], v);
        home[v] = Allocation.reg(p);
    }

    /** Evicts every interval on {@code p} overlapping [from, to), spilling it. */
    private void evictRange(int p, int from, int to) {
        while (true) {
            int k = firstEndingAfter(p, from);
            if (k >= sN[p] || sFrom[p][k] >= to) return;
            int o = sOwn[p][k];
            if (o < 0) throw new IllegalStateException("evicting a temporary");
            int[] r = rg[o];
            for (int a = 0, len = rgLen[o]; a < len; a += 2) removeSeg(p, r[a], o);
            stats.evictions++;
            spill(o);
        }
    }

    // ---------------------------------------------------------------- splitting

    private boolean blockFirst(int i) {
        return bStart[instBlock[i]] == i;
    }

    /**
     * The largest position at most {@code pos} where an interval may be split: {@code 6i+1}
     * (a move right before instruction i, which is not the first of its block) or a block start
     * (moves on the incoming edges).
     */
    private int splitPosAtOrBefore(int pos) {
        int i = pos / 6;
        if (i >= n) return 6 * n - 5;
        if (blockFirst(i)) return 6 * i;
        if (pos % 6 >= 1) return 6 * i + 1;
        i--;
        return blockFirst(i) ? 6 * i : 6 * i + 1;
    }

    private int newInterval(int parent) {
        ensureIntervals(nIv + 1);
        int y = nIv++;
        ivVreg[y] = ivVreg[parent];
        weight[y] = weight[parent];
        hintP[y] = hintP[parent];
        hintV[y] = parent;
        vregClass[y] = vregClass[parent];
        home[y] = Allocation.NONE;
        return y;
    }

    /** Splits unassigned interval {@code x} at {@code q}: x keeps [.., q), the new child gets [q, ..). */
    private int split(int x, int q) {
        int y = newInterval(x);
        int[] r = rg[x];
        int len = rgLen[x];
        int k = 0;
        while (k < len && r[k + 1] <= q) k += 2;
        boolean straddles = k < len && r[k] < q;
        int[] c = new int[Math.max(4, len - k + 2)];
        int cn = 0;
        if (straddles) {
            c[cn++] = q;
            c[cn++] = r[k + 1];
            r[k + 1] = q;
            k += 2;
        }
        for (int a = k; a < len; a++) c[cn++] = r[a];
        rgLen[x] = straddles ? k : k;
        rg[y] = c;
        rgLen[y] = cn;
        if (straddles && q % 6 == 1) {
            if (splitMovesN == splitMoves.length) splitMoves = Arrays.copyOf(splitMoves, splitMovesN * 2);
            splitMoves[splitMovesN++] = ((long) q << 32) | ivVreg[x];
        }
        // Record the child in its vreg's list, right after x.
        int v = ivVreg[x];
        if (kidsN[v] == 0) {
            if (kids[v] == null) kids[v] = new int[4];
            kids[v][0] = v;
            kidsN[v] = 1;
        }
        if (kidsN[v] == kids[v].length) kids[v] = Arrays.copyOf(kids[v], kidsN[v] * 2);
        int at = 0;
        while (kids[v][at] != x) at++;
        System.arraycopy(kids[v], at + 1, kids[v], at + 2, kidsN[v] - at - 1);
        kids[v][at + 1] = y;
        kidsN[v]++;
        anySplit = true;
        stats.splits++;
        weight[x] = intervalWeight(x);
        weight[y] = intervalWeight(y);
        heapPush(((long) c[0] << 32) | y);
        return y;
    }

    // A binary min-heap of (start << 32 | interval id).
    private long[] heap = new long[64];
    private int heapN;

    private void heapPush(long key) {
        if (heapN == heap.length) heap = Arrays.copyOf(heap, heapN * 2);
        int k = heapN++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (heap[parent] <= key) break;
            heap[k] = heap[parent];
            k = parent;
        }
        heap[k] = key;
    }

    private long heapPop() {
        long top = heap[0];
        long last = heap[--heapN];
        int k = 0;
        while (true) {
            int c = 2 * k + 1;
            if (c >= heapN) break;
            if (c + 1 < heapN && heap[c + 1] < heap[c]) c++;
            if (heap[c] >= last) break;
            heap[k] = heap[c];
            k = c;
        }
        if (heapN > 0) heap[k] = last;
        return top;
    }

    // ---------------------------------------------------------------- allocation

    // The vregs' intervals sorted by (start << 32 | id); split-off children go to the heap.
    private long[] order = new long[64];

    private void allocateAll() {
        int cnt = 0;
        if (order.length < nv) order = new long[Math.max(nv, order.length * 3 / 2)];
        long[] order = this.order;
        for (int v = vb; v < nv; v++) {
            if (rgLen[v] > 0) order[cnt++] = ((long) rg[v][0] << 32) | v;
        }
        Arrays.sort(order, 0, cnt);
        stats.vregs = cnt;
        int next = 0;
        while (next < cnt || heapN > 0) {
            long key = heapN > 0 && (next >= cnt || heap[0] < order[next]) ? heapPop() : order[next++];
            int v = (int) key;
            if (home[v] != Allocation.NONE) continue;
            allocate(v);
            drainSpills();
        }
    }

    private void allocate(int v) {
        if (rg[v][0] > scanPos) scanPos = rg[v][0];
        int c = vregClass[v];
        int[] regs = env.allocationOrder(c);
        int hp = hintP[v];
        if (hp >= 0 && env.isAllocatable(hp) && PReg.classIndex(hp) == c && vregFree(v, hp)) {
            assign(v, hp);
            return;
        }
        int hv = hintV[v];
        if (hv >= 0 && Allocation.isReg(home[hv])) {
            int p = Allocation.preg(home[hv]);
            if (PReg.classIndex(p) == c && vregFree(v, p)) {
                assign(v, p);
                return;
            }
        }
        int start = rg[v][0], end = rg[v][rgLen[v] - 1];
        int bestP = -1, bestUntil = start;
        // Registers clobbered inside the interval are never free for it (nor can it evict its
        // way into them): skip them without searching their segments. With splitting they still
        // count for how long they are free.
        long clobbered = clobberedIn(v, c);
        long skipFree = splitting ? 0 : clobbered;
        for (int p : regs) {
            if ((skipFree & (1L << p)) != 0) continue;
            int until = freeUntil(v, p);
            if (until == Integer.MAX_VALUE) {
                assign(v, p);
                return;
            }
            if (until > bestUntil) {
                bestUntil = until;
                bestP = p;
            }
        }
        // Free for a while: take the register up to a split point before it is needed.
        if (bestP >= 0 && splitting) {
            int q = splitPosAtOrBefore(bestUntil);
            int last = lastOccurrenceBefore(v, start, q);
            if (q > start && q < end && last >= 0) {
                q = cheapestSplitPos(last, q);
                split(v, q);
                assign(v, bestP);
                return;
            }
        }
        // Evict cheaper intervals, or spill this one.
        float best = weight[v];
        int evictP = -1;
        int[] r = rg[v];
        for (int p : regs) {
            if ((clobbered & (1L << p)) != 0) continue;
            float cost = evictCost(v, p, best);
            if (cost >= best) continue;
            best = cost;
            evictP = p;
        }
        if (evictP >= 0) {
            for (int a = 0, len = rgLen[v]; a < len; a += 2) evictRange(evictP, r[a], r[a + 1]);
            assign(v, evictP);
            return;
        }
        spill(v);
    }

    /** Position of the last operand of the vreg of {@code v} in [from, to), or -1. */
    private int lastOccurrenceBefore(int v, int from, int to) {
        int vr = ivVreg[v];
        int last = -1;
        for (int k = occStart[vr]; k < occStart[vr + 1]; k++) {
            int g = occOp[k];
            int pos = opPos(ops[g], instOf(g));
            if (pos >= from && pos < to) last = Math.max(last, pos);
        }
        return last;
    }

    /**
     * A split position in (after, q] with the lowest block frequency: the latest block start of
     * a colder block if there is one, else {@code q}, so split moves stay out of loops.
     */
    private int cheapestSplitPos(int after, int q) {
        float best = blockFreq[instBlock[Math.min(n - 1, q / 6)]];
        int bestQ = q;
        // Block starts in (after, q], latest first.
        int lo = 0, hi = nb;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (6 * bStart[linear[mid]] <= q) lo = mid + 1;
            else hi = mid;
        }
        for (int k = lo - 1; k >= 0; k--) {
            int b = linear[k];
            int pos = 6 * bStart[b];
            if (pos <= after) break;
            if (blockFreq[b] < best) {
                best = blockFreq[b];
                bestQ = pos;
            }
        }
        return bestQ;
    }

    /** Spill weight of interval {@code v}: its operands' block frequencies over its length. */
    private float intervalWeight(int v) {
        int vr = ivVreg[v];
        float sum = 0;
        for (int k = occStart[vr]; k < occStart[vr + 1]; k++) {
            int g = occOp[k];
            int i = instOf(g);
            if (covers(v, opPos(ops[g], i))) sum += blockFreq[instBlock[i]];
        }
        int size = 0;
        for (int a = 0; a < rgLen[v]; a += 2) size += rg[v][a + 1] - rg[v][a];
        return sum / (1f + size / 6f);
    }

    private void spill(int v) {
        home[v] = SPILLED;
        stats.spilledVRegs++;
        if (wlN == worklist.length) worklist = Arrays.copyOf(worklist, wlN * 2);
        worklist[wlN++] = v;
    }

    /** Where the interval of an operand must cover: uses are read before the inst's moves. */
    private static int opPos(long op, int i) {
        int base = 6 * i;
        if (Operand.kind(op) == Operand.USE) return base + 1;
        if (Operand.kind(op) == Operand.MOD) return base + 1;
        if (Operand.constraint(op) == Operand.FIXED) return base + 5;
        if (Operand.constraint(op) == Operand.REUSE || Operand.pos(op) == Operand.EARLY) return base + 2;
        return base + 4;
    }

    private void drainSpills() {
        while (wlN > 0) {
            int v = worklist[--wlN];
            int vr = ivVreg[v];
            for (int k = occStart[vr]; k < occStart[vr + 1]; k++) {
                int g = occOp[k];
                long op = ops[g];
                int c = Operand.constraint(op);
                if (c == Operand.REG || (c == Operand.REUSE && Operand.writes(op))) {
                    if (opTmp[g] < 0 && (v == vr && kidsN[vr] == 0 || covers(v, opPos(op, instOf(g))))) placeTemp(g);
                }
            }
        }
    }

    private int instOf(int g) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (opStart[mid] <= g) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The home of vreg {@code v} at position {@code pos} (the interval covering it). */
    private int homeAt(int v, int pos) {
        if (VReg.isPinned(v)) return Allocation.reg(VReg.pinnedPReg(v));
        int vi = VReg.index(v);
        if (kidsN[vi] == 0) return home[vi];
        int[] ks = kids[vi];
        for (int k = 0, cnt = kidsN[vi]; k < cnt; k++) {
            if (covers(ks[k], pos)) return home[ks[k]];
        }
        return Allocation.NONE;
    }

    /** Finds a register for the temporary of global operand {@code g}, evicting if needed. */
    private void placeTemp(int g) {
        int i = instOf(g);
        long op = ops[g];
        int c = VReg.classIndex(Operand.vreg(op));
        int from = opFrom(op, i), to = opTo(op, i);
        int[] regs = env.allocationOrder(c);
        int hint = -1;
        if (Operand.constraint(op) == Operand.REUSE) {
            int in = Operand.vreg(ops[opStart[i] + Operand.reuseIndex(op)]);
            int h = homeAt(in, 6 * i + 1);
            if (Allocation.isReg(h)) hint = Allocation.preg(h);
        }
        int owner = -(g + 2);
        if (hint >= 0 && env.isAllocatable(hint) && !fixedConflict(hint, from, to, -2) && occFree(hint, from, to)) {
            setTemp(g, hint, from, to, owner);
            return;
        }
        for (int p : regs) {
            if (!fixedConflict(p, from, to, -2) && occFree(p, from, to)) {
                setTemp(g, p, from, to, owner);
                return;
            }
        }
        float best = INF;
        int bestP = -1;
        for (int p : regs) {
            if (fixedConflict(p, from, to, -2)) continue;
            float cost = conflictCost(p, from, to, 0);
            if (cost < best) {
                best = cost;
                bestP = p;
            }
        }
        if (bestP >= 0) {
            evictRange(bestP, from, to);
            setTemp(g, bestP, from, to, owner);
            return;
        }
        // Repair: move one temporary of this instruction out of the way.
        for (int p : regs) {
            if (fixedConflict(p, from, to, -2)) continue;
            int k = firstEndingAfter(p, from);
            int other = -1;
            boolean ok = true;
            for (int cnt = sN[p]; k < cnt && sFrom[p][k] < to; k++) {
                if (sOwn[p][k] < 0) {
                    if (other >= 0) ok = false;
                    other = sOwn[p][k];
                }
            }
            if (!ok || other < 0) continue;
            int og = -other - 2, oi = instOf(og);
            long oop = ops[og];
            int of = opFrom(oop, oi), ot = opTo(oop, oi);
            for (int q : regs) {
                if (q == p || fixedConflict(q, of, ot, -2) || !occFree(q, of, ot)) continue;
                removeSeg(p, of, other);
                setTemp(og, q, of, ot, other);
                evictRange(p, from, to);
                setTemp(g, p, from, to, owner);
                return;
            }
        }
        throw error("inst " + i + " operand " + (g - opStart[i]) + " (" + Operand.toString(op)
                + "): no register of class " + RegClass.of(c) + " left for it (too many register operands at once?)");
    }

    private void setTemp(int g, int p, int from, int to, int owner) {
        insertSeg(p, from, to, owner);
        opTmp[g] = p;
        stats.tempRegs++;
    }

    // ---------------------------------------------------------------- output

    private int[] slotCls = new int[16];
    private int numSlots;
    private final int[][] tempSlots = new int[3][];
    private final int[] numTempSlots = new int[3];
    private final int[] cycleSlot = {-1, -1, -1};

    private int newSlot(int c) {
        if (numSlots == slotCls.length) slotCls = Arrays.copyOf(slotCls, numSlots * 2);
        slotCls[numSlots] = c;
        return numSlots++;
    }

    private int tempSlot(int c, int k) {
        if (tempSlots[c] == null) tempSlots[c] = new int[4];
        while (numTempSlots[c] <= k) {
            if (numTempSlots[c] == tempSlots[c].length) tempSlots[c] = Arrays.copyOf(tempSlots[c], numTempSlots[c] * 2);
            tempSlots[c][numTempSlots[c]++] = newSlot(c);
        }
        return tempSlots[c][k];
    }

    private int[] slotLo = new int[0], slotHi = new int[0], slotOf = new int[0];
    private long[] slotOrder = new long[0];
    // Per class, slots with the position after which they are free again.
    private final int[][] slotRegs = {new int[8], new int[8], new int[8]}, slotFreeAt = {new int[8], new int[8], new int[8]};
    private final int[] slotN = new int[3];

    /** One slot per spilled vreg (shared by its spilled intervals), reused across disjoint vregs. */
    private void assignSlots() {
        if (stats.spilledVRegs == 0) return;
        if (slotLo.length < nv) {
            int cap = Math.max(nv, slotLo.length * 3 / 2);
            slotLo = new int[cap];
            slotHi = new int[cap];
            slotOf = new int[cap];
            slotOrder = new long[cap];
        }
        int[] lo = slotLo, hi = slotHi;
        Arrays.fill(lo, vb, nv, Integer.MAX_VALUE);
        Arrays.fill(hi, vb, nv, -1);
        int cnt = 0;
        long[] order = slotOrder;
        for (int x = 0; x < nIv; x++) {
            if (home[x] != SPILLED) continue;
            int v = ivVreg[x];
            if (hi[v] < 0) order[cnt++] = v;
            lo[v] = Math.min(lo[v], rg[x][0]);
            hi[v] = Math.max(hi[v], rg[x][rgLen[x] - 1]);
        }
        for (int k = 0; k < cnt; k++) {
            int v = (int) order[k];
            order[k] = ((long) lo[v] << 32) | v;
        }
        Arrays.sort(order, 0, cnt);
        int[][] slots = slotRegs, freeAt = slotFreeAt;
        int[] ns = slotN;
        Arrays.fill(ns, 0);
        for (int j = 0; j < cnt; j++) {
            long key = order[j];
            int v = (int) key, c = vregClass[v];
            int start = lo[v], end = hi[v];
            int pick = -1;
            for (int k = 0; k < ns[c]; k++) {
                if (freeAt[c][k] <= start) {
                    pick = k;
                    break;
                }
            }
            if (pick < 0) {
                if (ns[c] == slots[c].length) {
                    slots[c] = Arrays.copyOf(slots[c], ns[c] * 2);
                    freeAt[c] = Arrays.copyOf(freeAt[c], ns[c] * 2);
                }
                pick = ns[c]++;
                slots[c][pick] = newSlot(c);
            }
            freeAt[c][pick] = end;
            slotOf[v] = slots[c][pick];
        }
        for (int x = 0; x < nIv; x++) if (home[x] == SPILLED) home[x] = Allocation.stack(slotOf[ivVreg[x]]);
    }

    private final int[] tempCount = new int[3];
    private int[] ePoint = new int[64], eFrom = new int[64], eTo = new int[64];
    private int eN;
    private int curPoint;

    private final ParallelMoves.Sink sink = new ParallelMoves.Sink() {
        @Override
        public void move(int from, int to) {
            if (eN == ePoint.length) {
                ePoint = Arrays.copyOf(ePoint, eN * 2);
                eFrom = Arrays.copyOf(eFrom, eN * 2);
                eTo = Arrays.copyOf(eTo, eN * 2);
            }
            ePoint[eN] = curPoint;
            eFrom[eN] = from;
            eTo[eN] = to;
            eN++;
        }

        @Override
        public int cycleSlot(int c) {
            if (cycleSlot[c] < 0) cycleSlot[c] = newSlot(c);
            return cycleSlot[c];
        }
    };

    /** Block-parameter moves and moves of split vregs on the edge {@code pred -> succ}. */
    private void edgeMoves(ParallelMoves pm, int pred, int succ) {
        int br = bEnd[pred] - 1;
        int predEnd = 6 * bEnd[pred] - 1, succStart = 6 * bStart[succ];
        for (int s = 0; s < f.numSuccs(pred); s++) {
            if (f.succ(pred, s) != succ) continue;
            for (int j = 0; j < f.numBlockParams(succ); j++) {
                int a = f.branchArg(br, s, j), p = f.blockParam(succ, j);
                pm.add(homeAt(a, predEnd), homeAt(p, succStart + 1), VReg.classIndex(p));
            }
        }
        if (anySplit) {
            int base = succ * words;
            for (int w = wb; w < words; w++) {
                long bits = liveIn[base + w] & splitSet[w];
                while (bits != 0) {
                    int v = w * 64 + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    int vreg = (v << 2) | vregClass[v];
                    int from = homeAt(vreg, predEnd), to = homeAt(vreg, succStart);
                    if (from == Allocation.NONE || to == Allocation.NONE) throw new IllegalStateException("v" + v + " has no home on edge " + pred + " -> " + succ);
                    pm.add(from, to, vregClass[v]);
                }
            }
        }
        pm.resolve(sink);
    }

    private boolean needsEdgeMoves(int b) {
        return anySplit || f.numBlockParams(b) > 0;
    }

    private Output emit() {
        assignSlots();
        if (anySplit) {
            if (splitSet == null || splitSet.length < words) splitSet = new long[words];
            Arrays.fill(splitSet, 0, words, 0);
            for (int v = vb; v < nv; v++) if (kidsN[v] != 0) splitSet[v >>> 6] |= 1L << v;
            Arrays.sort(splitMoves, 0, splitMovesN);
        }
        int nextSplit = 0;
        int[] allocs = new int[numOps];
        ParallelMoves before = this.before, after = this.after;
        int[] tempCount = this.tempCount;
        for (int i = 0; i < n; i++) {
            int b = instBlock[i];
            int o = opStart[i], e = opStart[i + 1];
            int base = 6 * i;
            curPoint = 2 * i;
            if (i == bStart[b] && f.numPreds(b) == 1 && needsEdgeMoves(b)) {
                edgeMoves(before, f.pred(b, 0), b);
            }
            while (nextSplit < splitMovesN && (int) (splitMoves[nextSplit] >>> 32) < base + 1) nextSplit++;
            while (nextSplit < splitMovesN && (int) (splitMoves[nextSplit] >>> 32) == base + 1) {
                int v = (int) splitMoves[nextSplit++];
                int vreg = (v << 2) | vregClass[v];
                int from = homeAt(vreg, base), to = homeAt(vreg, base + 1);
                before.add(from, to, vregClass[v]);
            }
            before.resolve(sink);
            Arrays.fill(tempCount, 0);
            for (int g = o; g < e; g++) {
                long op = ops[g];
                if (reusedInput[g]) continue;
                int v = Operand.vreg(op);
                int c = VReg.classIndex(v);
                int h = homeAt(v, opPos(op, i));
                int a;
                boolean pinned = VReg.isPinned(v);
                switch (Operand.constraint(op)) {
                    case Operand.ANY -> a = h;
                    case Operand.REG -> a = Allocation.isReg(h) ? h : Allocation.reg(opTmp[g]);
                    case Operand.FIXED -> a = pinned ? h : Allocation.reg(Operand.fixedPReg(op));
                    case Operand.STACK -> a = Allocation.isStack(h) || pinned ? h : Allocation.stack(tempSlot(c, tempCount[c]++));
                    default -> { // REUSE def
                        a = Allocation.isReg(h) ? h : Allocation.reg(opTmp[g]);
                        int in = o + Operand.reuseIndex(op);
                        allocs[in] = a;
                        before.add(homeAt(Operand.vreg(ops[in]), base + 1), a, c);
                    }
                }
                if (a == Allocation.NONE || (Allocation.isReg(a) && Allocation.preg(a) < 0)) {
                    throw new IllegalStateException("inst " + i + " operand " + (g - o) + ": no allocation");
                }
                allocs[g] = a;
                if (pinned || a == h) continue;
                if (Operand.reads(op)) before.add(h, a, c);
                if (Operand.writes(op)) {
                    int hAfter = kidsN[VReg.index(v)] == 0 ? (covers(VReg.index(v), base + 5) ? h : Allocation.NONE) : homeAt(v, base + 5);
                    if (hAfter != Allocation.NONE && hAfter != a) after.add(a, hAfter, c);
                }
            }
            before.resolve(sink);
            if (i == bEnd[b] - 1 && f.numSuccs(b) == 1) {
                int s = f.succ(b, 0);
                if (f.numPreds(s) > 1 && needsEdgeMoves(s)) edgeMoves(before, b, s);
            }
            curPoint = 2 * i + 1;
            after.resolve(sink);
        }
        stats.moves = eN;
        stats.spillSlots = numSlots;
        int[] allocStart = Arrays.copyOf(opStart, n + 1);
        return new Output(n, allocs, allocStart, eN, ePoint, eFrom, eTo, Arrays.copyOf(slotCls, numSlots), stats);
    }
}

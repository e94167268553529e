package dev.davit.regalloc;

/**
 * The result of allocation.
 *
 * <ul>
 *   <li>Allocations: one {@link Allocation} per operand, in a flat array; those of instruction
 *       {@code i} are at {@code [allocStart(i), allocStart(i+1))} in operand order.</li>
 *   <li>Edits: moves to insert, as parallel arrays sorted by program point. A program point is
 *       {@code 2*inst} (before the instruction) or {@code 2*inst+1} (after it); the edits at one
 *       point run in array order. The edits at point {@code p} are
 *       {@code [editStart(p), editStart(p+1))}. A move copies {@code editFrom} to
 *       {@code editTo}, both of the same register class.</li>
 *   <li>Spill slots: {@code numSpillSlots()} slots, each of one register class (its size is the
 *       client's business: a slot holds one value of that class).</li>
 * </ul>
 */
public final class Output {
    final int numInsts;
    final int[] allocs;
    final int[] allocStart;
    final int[] editPoint;
    final int[] editFrom;
    final int[] editTo;
    final int[] editStart;
    final int[] slotClass;
    /** Statistics. */
    public final Stats stats;

    /** Counters of one allocation run. */
    public static final class Stats {
        public int vregs;
        public int spilledVRegs;
        public int evictions;
        public int tempRegs;
        public int moves;
        public int spillSlots;
        public int splits;

        @Override
        public String toString() {
            return "vregs=" + vregs + " spilled=" + spilledVRegs + " evictions=" + evictions
                    + " tempRegs=" + tempRegs + " moves=" + moves + " slots=" + spillSlots + " splits=" + splits;
        }
    }

    Output(int numInsts, int[] allocs, int[] allocStart, int numEdits, int[] editPoint, int[] editFrom,
           int[] editTo, int[] slotClass, Stats stats) {
        this.numInsts = numInsts;
        this.allocs = allocs;
        this.allocStart = allocStart;
        this.editPoint = java.util.Arrays.copyOf(editPoint, numEdits);
        this.editFrom = java.util.Arrays.copyOf(editFrom, numEdits);
        this.editTo = java.util.Arrays.copyOf(editTo, numEdits);
        this.slotClass = slotClass;
        this.stats = stats;
        this.editStart = new int[2 * numInsts + 1];
        int e = 0;
        for (int p = 0; p <= 2 * numInsts; p++) {
            while (e < numEdits && this.editPoint[e] < p) e++;
            editStart[p] = e;
        }
        for (int k = 1; k < numEdits; k++) {
            if (this.editPoint[k] < this.editPoint[k - 1]) throw new IllegalStateException("edits out of order");
        }
    }

    /** Builds an output from raw arrays (for tests and tools; the checker accepts any output). */
    public static Output of(int numInsts, int[] allocs, int[] allocStart, int[] editPoint, int[] editFrom,
                            int[] editTo, int[] slotClass) {
        return new Output(numInsts, allocs.clone(), allocStart.clone(), editPoint.length, editPoint, editFrom,
                editTo, slotClass.clone(), new Stats());
    }

    public int numInsts() {
        return numInsts;
    }

    /** Allocation of operand {@code k} of instruction {@code inst}. */
    public int alloc(int inst, int k) {
        return allocs[allocStart[inst] + k];
    }

    public int allocStart(int inst) {
        return allocStart[inst];
    }

    /** The flat allocation array (do not modify). */
    public int[] allocs() {
        return allocs;
    }

    public int numEdits() {
        return editPoint.length;
    }

    public int editPoint(int e) {
        return editPoint[e];
    }

    public int editInst(int e) {
        return editPoint[e] >>> 1;
    }

    public boolean editIsAfter(int e) {
        return (editPoint[e] & 1) != 0;
    }

    public int editFrom(int e) {
        return editFrom[e];
    }

    public int editTo(int e) {
        return editTo[e];
    }

    /** First edit at program point {@code point} (0..2*numInsts; the last is the end). */
    public int editStart(int point) {
        return editStart[point];
    }

    public int numSpillSlots() {
        return slotClass.length;
    }

    public RegClass spillSlotClass(int slot) {
        return RegClass.of(slotClass[slot]);
    }

    public int numSpillSlots(RegClass c) {
        int n = 0;
        for (int s : slotClass) if (s == c.ordinal()) n++;
        return n;
    }

    /** A readable listing of allocations and edits, instruction by instruction. */
    public String dump(RegFunction f) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < numInsts; i++) {
            for (int e = editStart[2 * i]; e < editStart[2 * i + 1]; e++) {
                sb.append("    move ").append(Allocation.toString(editTo[e])).append(" <- ").append(Allocation.toString(editFrom[e])).append('\n');
            }
            sb.append(i).append(":");
            for (int k = 0; k < f.numOperands(i); k++) {
                sb.append(" [").append(Operand.toString(f.operand(i, k))).append(" = ").append(Allocation.toString(alloc(i, k))).append(']');
            }
            if (f.isBranch(i)) sb.append(" branch");
            if (f.isRet(i)) sb.append(" ret");
            sb.append('\n');
            for (int e = editStart[2 * i + 1]; e < editStart[2 * i + 2]; e++) {
                sb.append("    move ").append(Allocation.toString(editTo[e])).append(" <- ").append(Allocation.toString(editFrom[e])).append('\n');
            }
        }
        return sb.toString();
    }
}

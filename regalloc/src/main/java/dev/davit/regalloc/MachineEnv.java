package dev.davit.regalloc;

import java.util.Arrays;

/**
 * The registers the allocator may use, per class, in order of preference: the preferred ones
 * (typically caller-saved, free to use) are tried before the non-preferred ones (typically
 * callee-saved, which cost a save and restore in the prologue).
 *
 * <p>A scratch register per class is optional. It must not be allocatable. When present, the
 * allocator uses it to break cycles of parallel moves and to expand stack-to-stack moves, so the
 * edits it emits never move from a slot to a slot. When absent, cycles go through an extra spill
 * slot and stack-to-stack moves may appear in the edits (the client expands them itself). The
 * scratch register may appear in edits between any two instructions, so it must never carry a
 * value from one instruction to another (a FIXED operand on it within one instruction is fine).
 */
public final class MachineEnv {
    private final int[][] preferred = new int[3][];
    private final int[][] nonPreferred = new int[3][];
    private final int[][] order = new int[3][];
    private final int[] scratch = {PReg.INVALID, PReg.INVALID, PReg.INVALID};
    private final long[] allocatable = new long[3];

    /** @param preferred per class ordinal, preferred registers; @param nonPreferred the rest. */
    public MachineEnv(int[][] preferred, int[][] nonPreferred, int[] scratch) {
        for (int c = 0; c < 3; c++) {
            this.preferred[c] = c < preferred.length && preferred[c] != null ? preferred[c].clone() : new int[0];
            this.nonPreferred[c] = c < nonPreferred.length && nonPreferred[c] != null ? nonPreferred[c].clone() : new int[0];
            int[] all = Arrays.copyOf(this.preferred[c], this.preferred[c].length + this.nonPreferred[c].length);
            System.arraycopy(this.nonPreferred[c], 0, all, this.preferred[c].length, this.nonPreferred[c].length);
            for (int p : all) {
                if (PReg.classIndex(p) != c) throw new IllegalArgumentException(PReg.toString(p) + " is not of class " + RegClass.of(c));
                if (PReg.contains(allocatable, p)) throw new IllegalArgumentException(PReg.toString(p) + " listed twice");
                PReg.add(allocatable, p);
            }
            order[c] = all;
            if (scratch != null && c < scratch.length && scratch[c] >= 0) {
                int s = scratch[c];
                if (PReg.classIndex(s) != c) throw new IllegalArgumentException("scratch " + PReg.toString(s) + " is not of class " + RegClass.of(c));
                if (PReg.contains(allocatable, s)) throw new IllegalArgumentException("scratch " + PReg.toString(s) + " is allocatable");
                this.scratch[c] = s;
            }
        }
    }

    public int[] preferred(RegClass c) {
        return preferred[c.ordinal()].clone();
    }

    public int[] nonPreferred(RegClass c) {
        return nonPreferred[c.ordinal()].clone();
    }

    /** Preferred then non-preferred registers of class ordinal {@code c} (do not modify). */
    int[] allocationOrder(int c) {
        return order[c];
    }

    /** The scratch register of class ordinal {@code c}, or {@link PReg#INVALID}. */
    public int scratch(int c) {
        return scratch[c];
    }

    public boolean isAllocatable(int preg) {
        return preg >= 0 && preg < PReg.NUM && PReg.contains(allocatable, preg);
    }

    public int numAllocatable(int c) {
        return order[c].length;
    }

    /** Whether {@code o} has the same registers in the same order and the same scratch registers. */
    boolean sameAs(MachineEnv o) {
        if (o == this) return true;
        if (o == null) return false;
        for (int c = 0; c < 3; c++) {
            if (!Arrays.equals(preferred[c], o.preferred[c]) || !Arrays.equals(nonPreferred[c], o.nonPreferred[c])
                    || scratch[c] != o.scratch[c]) {
                return false;
            }
        }
        return true;
    }
}

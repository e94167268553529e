package dev.davit.regalloc;

/**
 * Turns a set of simultaneous moves into a sequence. Moves whose destination nobody still needs
 * go first; what remains are disjoint cycles, each broken by saving one destination in a
 * temporary (the class's scratch register, or a cycle spill slot). With a scratch register,
 * stack-to-stack moves are expanded through it. Reused between groups: no allocation per group.
 */
final class ParallelMoves {
    interface Sink {
        void move(int from, int to);

        /** A spill slot of class {@code c} reserved for breaking cycles. */
        int cycleSlot(int c);
    }

    private final MachineEnv env;
    private int[] src = new int[16], dst = new int[16], cls = new int[16];
    private int n;

    ParallelMoves(MachineEnv env) {
        this.env = env;
    }

    void clear() {
        n = 0;
    }

    boolean isEmpty() {
        return n == 0;
    }

    void add(int from, int to, int c) {
        if (from == to) return;
        if (n == src.length) {
            src = java.util.Arrays.copyOf(src, n * 2);
            dst = java.util.Arrays.copyOf(dst, n * 2);
            cls = java.util.Arrays.copyOf(cls, n * 2);
        }
        for (int k = 0; k < n; k++) {
            if (dst[k] == to) {
                if (src[k] == from) return;
                throw new IllegalStateException("two moves into " + Allocation.toString(to));
            }
        }
        src[n] = from;
        dst[n] = to;
        cls[n] = c;
        n++;
    }

    void resolve(Sink sink) {
        int pending = n;
        while (pending > 0) {
            boolean progress = false;
            for (int m = 0; m < n; m++) {
                if (dst[m] == Allocation.NONE) continue;
                boolean needed = false;
                for (int k = 0; k < n; k++) {
                    if (k != m && dst[k] != Allocation.NONE && src[k] == dst[m]) {
                        needed = true;
                        break;
                    }
                }
                if (!needed) {
                    emit(sink, src[m], dst[m], cls[m]);
                    dst[m] = Allocation.NONE;
                    pending--;
                    progress = true;
                }
            }
            if (!progress) {
                int m = 0;
                while (dst[m] == Allocation.NONE) m++;
                int c = cls[m];
                int scratch = env.scratch(c);
                boolean stackToStack = false;
                for (int k = 0; k < n; k++) {
                    if (dst[k] != Allocation.NONE && Allocation.isStack(src[k]) && Allocation.isStack(dst[k])) {
                        stackToStack = true;
                    }
                }
                int tmp = scratch >= 0 && !stackToStack ? Allocation.reg(scratch) : Allocation.stack(sink.cycleSlot(c));
                emit(sink, dst[m], tmp, c);
                int saved = dst[m];
                for (int k = 0; k < n; k++) {
                    if (dst[k] != Allocation.NONE && src[k] == saved) src[k] = tmp;
                }
            }
        }
        n = 0;
    }

    private void emit(Sink sink, int from, int to, int c) {
        int scratch = env.scratch(c);
        if (scratch >= 0 && Allocation.isStack(from) && Allocation.isStack(to)) {
            sink.move(from, Allocation.reg(scratch));
            sink.move(Allocation.reg(scratch), to);
        } else {
            sink.move(from, to);
        }
    }
}

package dev.davit.codegen.buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Our own disassembly of a finished function, for {@code clif-util compile -D} and {@code test
 * compile}: each instruction is recorded with the offsets it was emitted at, then printed beside
 * its final bytes. The code buffer edits branches after they are emitted (a jump to the next block
 * is removed, a conditional branch inverted), so an ISA prints branches from the final bytes, and
 * what no instruction emitted (trap stubs, constants, islands) as such. This class does what is the
 * same for every ISA: the record of offsets, and walking it beside the bytes.
 *
 * @param <I> the ISA's instruction type
 */
public abstract class MachListing<I> {
    private record Entry<I>(int start, int end, I inst) {}

    private final List<Entry<I>> entries = new ArrayList<>();

    /** Emits {@code inst} into {@code buf}, as the ISA's emitter does. */
    protected abstract void emitInst(I inst, MachBuffer buf);

    /** Whether {@code inst} is a branch the buffer may have edited: printed from its final bytes. */
    protected abstract boolean isBranch(I inst);

    /** The lines of instruction {@code inst} beside bytes {@code [from, to)}. */
    protected abstract void instruction(StringBuilder sb, MachBufferFinalized fin, int from, int to, I inst);

    /** The lines of the branches in bytes {@code [from, to)}, read from the bytes. */
    protected abstract void branches(StringBuilder sb, MachBufferFinalized fin, int from, int to, int numBlocks);

    /** The lines of bytes {@code [from, to)} that no instruction emitted. */
    protected abstract void gap(StringBuilder sb, MachBufferFinalized fin, int from, int to, int numBlocks);

    /** Emits {@code inst} into {@code buf} and records where it went. */
    public final void emit(I inst, MachBuffer buf) {
        int start = buf.curOffset();
        emitInst(inst, buf);
        int end = buf.curOffset();
        if (end > start) entries.add(new Entry<>(start, end, inst));
    }

    /** The listing of {@code fin}, whose first {@code numBlocks} labels are the blocks. */
    public final String render(MachBufferFinalized fin, int numBlocks) {
        StringBuilder sb = new StringBuilder();
        int total = fin.totalSize();
        int pos = 0;
        int n = entries.size();
        // A later instruction starting inside an earlier one means the buffer cut the earlier one's
        // tail (a removed branch): it ends where the first later one starts.
        int[] cut = new int[n];
        int min = total;
        for (int i = n - 1; i >= 0; i--) {
            cut[i] = min;
            min = Math.min(min, entries.get(i).start);
        }
        for (int i = 0; i < n; i++) {
            Entry<I> e = entries.get(i);
            int end = Math.min(e.end, cut[i]);
            if (end <= e.start || e.start < pos) continue;
            if (e.start > pos) gap(sb, fin, pos, e.start, numBlocks);
            if (isBranch(e.inst)) branches(sb, fin, e.start, end, numBlocks);
            else instruction(sb, fin, e.start, end, e.inst);
            pos = end;
        }
        if (pos < total) gap(sb, fin, pos, total, numBlocks);
        return sb.toString();
    }
}

package dev.davit.abi;

/**
 * What a body needs from its frame, gathered after register allocation: its stack slots, the
 * allocator's spill slots, the largest outgoing argument area of its calls and the registers it
 * writes. Mutable and reusable; the setters return {@code this}. Arrays are read, not copied.
 */
public final class FrameRequest {
    private static final int[] NONE = new int[0];

    int[] stackSlotSizes = NONE;
    int[] stackSlotAligns = NONE;
    int[] spillSlotSizes = NONE;
    int outgoingArgsSize;
    RegSet clobbered = RegSet.EMPTY;
    boolean leaf;
    boolean preserveFramePointers;
    int tailArgsSize = -1;

    /** Explicit stack slots: byte sizes and alignments in bytes (powers of two; 0 means none requested). */
    public FrameRequest stackSlots(int[] sizes, int[] aligns) {
        if (sizes.length != aligns.length) throw new IllegalArgumentException("sizes and aligns differ in length");
        this.stackSlotSizes = sizes;
        this.stackSlotAligns = aligns;
        return this;
    }

    /** Spill slots by index, each with its byte size (8 for INT, 16 for a FLOAT/vector register). */
    public FrameRequest spillSlots(int[] sizes) {
        this.spillSlotSizes = sizes;
        return this;
    }

    /**
     * The outgoing area: the maximum over the body's call sites of {@link AbiSig#outgoingAreaBytes()}
     * (arguments plus any return area of the callee).
     */
    public FrameRequest outgoingArgs(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative outgoing area");
        this.outgoingArgsSize = bytes;
        return this;
    }

    /** Every register the body writes; the layout keeps those the signature says are callee-saved. */
    public FrameRequest clobbered(RegSet regs) {
        this.clobbered = regs;
        return this;
    }

    /** The same, from the register allocator's {@code long[3]} set. */
    public FrameRequest clobbered(long[] set) {
        this.clobbered = RegSet.ofWords(set[0], set[1], set[2]);
        return this;
    }

    /** A body without calls may skip the AArch64 frame record when it needs no stack either. */
    public FrameRequest leaf(boolean leaf) {
        this.leaf = leaf;
        return this;
    }

    /** {@code preserve_frame_pointers}: always set up the frame record. */
    public FrameRequest preserveFramePointers(boolean keep) {
        this.preserveFramePointers = keep;
        return this;
    }

    /**
     * {@code tail} bodies only: the largest stack-argument area among their {@code return_call}s;
     * the prologue grows the incoming area to it so that those calls can write their arguments in
     * place.
     */
    public FrameRequest tailArgs(int bytes) {
        this.tailArgsSize = bytes;
        return this;
    }
}

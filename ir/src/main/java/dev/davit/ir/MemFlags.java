package dev.davit.ir;

/**
 * Memory-access flags of a load, store, atomic or bitcast. Functions keep a deduplicated table of
 * these (see {@link DataFlowGraph#internMemFlags}); instructions refer to it by index.
 *
 * @param bits     flag bits ({@link #ALIGNED} ...)
 * @param trapCode the trap code a faulting access raises, {@link TrapCode#NONE} for {@code notrap}
 *                 (default: heap_oob)
 * @param region   the alias region entity, or -1 for none
 */
public record MemFlags(int bits, int trapCode, int region) {
    public static final int ALIGNED = 1, READONLY = 2, LITTLE = 4, BIG = 8, CHECKED = 16, CAN_MOVE = 32;

    /** Flags with nothing set: may trap with heap_oob, native endianness, no region. */
    public static final MemFlags DEFAULT = new MemFlags(0, TrapCode.HEAP_OUT_OF_BOUNDS, -1);
    /** The flags Cranelift calls "trusted": notrap aligned. */
    public static final MemFlags TRUSTED = new MemFlags(ALIGNED, TrapCode.NONE, -1);

    public boolean notrap() { return trapCode == TrapCode.NONE; }
    public boolean aligned() { return (bits & ALIGNED) != 0; }
    public boolean readonly() { return (bits & READONLY) != 0; }
    public boolean little() { return (bits & LITTLE) != 0; }
    public boolean big() { return (bits & BIG) != 0; }

    public MemFlags withBits(int b) { return new MemFlags(bits | b, trapCode, region); }
    public MemFlags withTrapCode(int code) { return new MemFlags(bits, code, region); }
    public MemFlags withRegion(int r) { return new MemFlags(bits, trapCode, r); }

    /** The flags as CLIF text words, each preceded by a space; empty for the default. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (notrap()) sb.append(" notrap");
        else if (trapCode != TrapCode.HEAP_OUT_OF_BOUNDS) sb.append(' ').append(TrapCode.toString(trapCode));
        if (aligned()) sb.append(" aligned");
        if (readonly()) sb.append(" readonly");
        if (little()) sb.append(" little");
        if (big()) sb.append(" big");
        if ((bits & CHECKED) != 0) sb.append(" checked");
        if ((bits & CAN_MOVE) != 0) sb.append(" can_move");
        if (region >= 0) sb.append(" region").append(region);
        return sb.toString();
    }
}

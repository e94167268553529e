package dev.davit.ir;

/**
 * An explicit stack slot: {@code ssN = explicit_slot SIZE, align = A}.
 *
 * @param size       bytes
 * @param alignShift log2 of the requested alignment (0 when not given)
 * @param key        an optional opaque key ({@code key = N}), or -1
 */
public record StackSlotData(int size, int alignShift, long key) {
    public StackSlotData(int size) { this(size, 0, -1); }
}

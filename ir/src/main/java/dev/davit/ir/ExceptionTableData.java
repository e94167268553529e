package dev.davit.ir;

/**
 * The exception table of a try_call: its signature, the block call taken on normal return, context
 * values, and handlers (a tag, or {@link #DEFAULT_TAG} for {@code default}, with its block call).
 */
public record ExceptionTableData(int signature, int normalReturn, int[] contexts, long[] tags, int[] handlers) {
    /** Marks the {@code default:} handler. */
    public static final long DEFAULT_TAG = -1;

    /** The normal-return block call followed by every handler's. */
    public int[] allBlockCalls() {
        int[] all = new int[1 + handlers.length];
        all[0] = normalReturn;
        System.arraycopy(handlers, 0, all, 1, handlers.length);
        return all;
    }
}

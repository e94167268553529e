package dev.davit.ir;

/**
 * The exception table of a try_call: its signature, the block call taken on normal return, context
 * values, and handlers (a tag, or {@link #DEFAULT_TAG} for {@code default}, with its block call).
 *
 * <p>In CLIF text the context items are interleaved with the handlers ({@code [ context v1, tag1:
 * block2, context v2, tag2: block3 ]}) and a context applies to the handlers after it, up to the
 * next context. {@code contextPositions[i]} is the number of handlers written before context
 * {@code i}, so the order is kept; the 5-argument constructor puts every context first.
 */
public record ExceptionTableData(int signature, int normalReturn, int[] contexts, long[] tags, int[] handlers,
                                 int[] contextPositions) {
    /** Marks the {@code default:} handler. */
    public static final long DEFAULT_TAG = -1;

    public ExceptionTableData {
        if (contextPositions == null) contextPositions = new int[contexts.length];
        if (contextPositions.length != contexts.length) {
            throw new IllegalArgumentException("one position per context expected");
        }
    }

    /** A table whose contexts all come before its handlers. */
    public ExceptionTableData(int signature, int normalReturn, int[] contexts, long[] tags, int[] handlers) {
        this(signature, normalReturn, contexts, tags, handlers, new int[contexts.length]);
    }

    /** The normal-return block call followed by every handler's. */
    public int[] allBlockCalls() {
        int[] all = new int[1 + handlers.length];
        all[0] = normalReturn;
        System.arraycopy(handlers, 0, all, 1, handlers.length);
        return all;
    }
}

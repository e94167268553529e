package dev.davit.ir.reader;

import java.util.List;

/**
 * Where a parsed function's parts were in the source: its line range, every comment from its
 * {@code function} keyword up to the next function (in order, each attached to an entity), and the
 * position of each instruction and block, so later passes (verifier, test runner) can point at
 * the text.
 */
public final class FunctionDetails {
    private final int startLine;
    private final int endLine;
    private final List<Comment> comments;
    private final int[] instLines, instColumns, blockLines, blockColumns;

    FunctionDetails(int startLine, int endLine, List<Comment> comments, int[] instLines, int[] instColumns,
                    int[] blockLines, int[] blockColumns) {
        this.startLine = startLine;
        this.endLine = endLine;
        this.comments = List.copyOf(comments);
        this.instLines = instLines;
        this.instColumns = instColumns;
        this.blockLines = blockLines;
        this.blockColumns = blockColumns;
    }

    /** Line of the {@code function} keyword. */
    public int startLine() { return startLine; }

    /** Line of the closing brace. */
    public int endLine() { return endLine; }

    /** Every comment inside and after the function up to the next function, in order. */
    public List<Comment> comments() { return comments; }

    /** Line where instruction {@code inst} starts (its first result, or its opcode), or -1. */
    public int instLine(int inst) { return inst >= 0 && inst < instLines.length ? instLines[inst] : -1; }

    /** Column where instruction {@code inst} starts, or -1. */
    public int instColumn(int inst) { return inst >= 0 && inst < instColumns.length ? instColumns[inst] : -1; }

    /** Line of block {@code block}'s header, or -1 if the block has none. */
    public int blockLine(int block) { return block >= 0 && block < blockLines.length ? blockLines[block] : -1; }

    /** Column of block {@code block}'s header, or -1. */
    public int blockColumn(int block) { return block >= 0 && block < blockColumns.length ? blockColumns[block] : -1; }
}

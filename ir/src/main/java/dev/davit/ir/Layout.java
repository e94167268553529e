package dev.davit.ir;

import java.util.Arrays;

/**
 * The order of blocks in a function and of instructions in blocks, as doubly linked lists over
 * entity handles. {@code -1} means none.
 */
public final class Layout {
    private int[] blockPrev = new int[16], blockNext = new int[16], blockFirst = new int[16], blockLast = new int[16];
    private boolean[] blockInserted = new boolean[16];
    private boolean[] blockCold = new boolean[16];
    private int[] instPrev = new int[32], instNext = new int[32], instBlock = new int[32];
    private int firstBlock = -1, lastBlock = -1;
    private int numLayoutBlocks;

    private void ensureBlock(int b) {
        if (b >= blockPrev.length) {
            int n = Math.max(b + 1, blockPrev.length * 2);
            blockPrev = Arrays.copyOf(blockPrev, n);
            blockNext = Arrays.copyOf(blockNext, n);
            blockFirst = Arrays.copyOf(blockFirst, n);
            blockLast = Arrays.copyOf(blockLast, n);
            blockInserted = Arrays.copyOf(blockInserted, n);
            blockCold = Arrays.copyOf(blockCold, n);
        }
    }

    private void ensureInst(int i) {
        if (i >= instPrev.length) {
            int n = Math.max(i + 1, instPrev.length * 2);
            int old = instPrev.length;
            instPrev = Arrays.copyOf(instPrev, n);
            instNext = Arrays.copyOf(instNext, n);
            instBlock = Arrays.copyOf(instBlock, n);
            Arrays.fill(instBlock, old, n, -1);
        }
    }

    public Layout() {
        Arrays.fill(instBlock, -1);
    }

    public boolean isBlockInserted(int b) { return b >= 0 && b < blockInserted.length && blockInserted[b]; }

    public void appendBlock(int b) {
        ensureBlock(b);
        if (blockInserted[b]) throw new IllegalStateException("block" + b + " already in layout");
        blockInserted[b] = true;
        blockPrev[b] = lastBlock;
        blockNext[b] = -1;
        blockFirst[b] = blockLast[b] = -1;
        if (lastBlock >= 0) blockNext[lastBlock] = b; else firstBlock = b;
        lastBlock = b;
        numLayoutBlocks++;
    }

    /** Inserts {@code b} right after {@code after} in the block order. */
    public void insertBlockAfter(int b, int after) {
        ensureBlock(b);
        blockInserted[b] = true;
        int next = blockNext[after];
        blockPrev[b] = after;
        blockNext[b] = next;
        blockFirst[b] = blockLast[b] = -1;
        blockNext[after] = b;
        if (next >= 0) blockPrev[next] = b; else lastBlock = b;
        numLayoutBlocks++;
    }

    /** Marks a block cold ({@code blockN cold:}): rarely executed, so it may be laid out out of line. */
    public void setCold(int b, boolean cold) {
        ensureBlock(b);
        blockCold[b] = cold;
    }

    /** Whether block {@code b} is marked cold. */
    public boolean isCold(int b) { return b >= 0 && b < blockCold.length && blockCold[b]; }

    public int entryBlock() { return firstBlock; }
    public int firstBlock() { return firstBlock; }
    public int lastBlock() { return lastBlock; }
    public int nextBlock(int b) { return blockNext[b]; }
    public int prevBlock(int b) { return blockPrev[b]; }
    public int numLayoutBlocks() { return numLayoutBlocks; }

    public void appendInst(int inst, int block) {
        ensureInst(inst);
        if (instBlock[inst] >= 0) throw new IllegalStateException("inst" + inst + " already in layout");
        instBlock[inst] = block;
        int last = blockLast[block];
        instPrev[inst] = last;
        instNext[inst] = -1;
        if (last >= 0) instNext[last] = inst; else blockFirst[block] = inst;
        blockLast[block] = inst;
    }

    /** Inserts {@code inst} before {@code before} in its block. */
    public void insertInstBefore(int inst, int before) {
        ensureInst(inst);
        int block = instBlock[before];
        instBlock[inst] = block;
        int prev = instPrev[before];
        instPrev[inst] = prev;
        instNext[inst] = before;
        instPrev[before] = inst;
        if (prev >= 0) instNext[prev] = inst; else blockFirst[block] = inst;
    }

    public void removeInst(int inst) {
        int block = instBlock[inst];
        int prev = instPrev[inst], next = instNext[inst];
        if (prev >= 0) instNext[prev] = next; else blockFirst[block] = next;
        if (next >= 0) instPrev[next] = prev; else blockLast[block] = prev;
        instBlock[inst] = -1;
    }

    public int firstInst(int b) { return blockFirst[b]; }
    public int lastInst(int b) { return blockLast[b]; }
    public int nextInst(int i) { return instNext[i]; }
    public int prevInst(int i) { return instPrev[i]; }

    /** The block holding {@code inst}, or -1 if it is not in the layout. */
    public int instBlock(int inst) { return inst < instBlock.length ? instBlock[inst] : -1; }
}

package dev.davit.regalloc;

/**
 * What the allocator sees of a function (in the spirit of regalloc2's {@code Function}).
 *
 * <p>Instructions are numbered 0..n-1; each block owns a contiguous, non-empty range of them and
 * ends in exactly one branch or return instruction (and has no other). Successors, predecessors,
 * block parameters and branch arguments describe the CFG; the allocator never looks at what an
 * instruction does beyond its operands, clobbers and the optional move flag.
 *
 * <p>Requirements: critical edges are split (an edge from a block with several successors goes
 * to a block with a single predecessor; violations throw {@link RegAllocException}); the entry
 * block has no parameters (function arguments are defs of an instruction, typically FIXED); every
 * vreg is defined before use on all paths; branch arguments are not operands (a branch's
 * operands are its own, e.g. a condition); a branch instruction that ends a block with a single
 * successor whose successor has several predecessors and parameters has no operands (moves for
 * the parameters go right before it); values defined by a branch are not live into successors.
 */
public interface RegFunction {
    int numInsts();

    int numBlocks();

    int entryBlock();

    /** First instruction of block {@code b}. */
    int blockInstStart(int b);

    /** One past the last instruction of block {@code b}. */
    int blockInstEnd(int b);

    int numSuccs(int b);

    int succ(int b, int k);

    int numPreds(int b);

    int pred(int b, int k);

    int numBlockParams(int b);

    /** The k-th parameter (a vreg) of block {@code b}. */
    int blockParam(int b, int k);

    boolean isRet(int inst);

    boolean isBranch(int inst);

    /** Number of arguments the branch {@code inst} passes to its {@code succIdx}-th successor. */
    int numBranchArgs(int inst, int succIdx);

    /** The k-th argument (a vreg) passed to the {@code succIdx}-th successor. */
    int branchArg(int inst, int succIdx, int k);

    int numOperands(int inst);

    /** Operand {@code k} of {@code inst}, encoded as by {@link Operand}. */
    long operand(int inst, int k);

    /**
     * Copies the operands of all instructions, in instruction then operand order, to {@code dst}
     * from index 0 (a bulk form of {@link #operand}; override when they are stored flat).
     */
    default void copyOperands(long[] dst) {
        int g = 0;
        for (int i = 0, n = numInsts(); i < n; i++) {
            for (int k = 0, m = numOperands(i); k < m; k++) dst[g++] = operand(i, k);
        }
    }

    /**
     * Word {@code w} (0..2, the register class ordinal) of the set of registers {@code inst}
     * clobbers; bit {@code hwEnc}.
     */
    long clobbers(int inst, int w);

    /**
     * Whether {@code inst} is a plain move: then operand 0 is the use of the source and operand 1
     * the def of the destination. Only used to coalesce (hint both into one register).
     */
    default boolean isMove(int inst) {
        return false;
    }

    /** One more than the largest vreg index in use (pinned indices included). */
    int numVRegs();
}

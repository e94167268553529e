package dev.davit.ir.analysis;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.Format;

/**
 * The block calls a branch instruction can transfer control through, read without allocating and
 * without trusting the instruction: a dangling jump-table, exception-table or block-call handle
 * yields "no destination" rather than an exception. The CFG, the dominator tree and the verifier
 * all run on functions that may be malformed, and the verifier must be the one to report it.
 *
 * <p>Order matches Cranelift's {@code branch_destination}: a {@code brif}'s then/else, a
 * {@code br_table}'s default before its entries, a try_call's normal return before its handlers.
 */
public final class BranchDestinations {
    private BranchDestinations() {}

    /** Number of block calls {@code inst} branches through; 0 for non-branches or malformed tables. */
    public static int count(DataFlowGraph dfg, int inst) {
        if (inst < 0 || inst >= dfg.numInsts()) return 0;
        Format format = dfg.opcode(inst).format();
        return switch (format) {
            case JUMP, BRIF -> dfg.numDests(inst);
            case BRANCH_TABLE -> {
                int jt = dfg.ref(inst);
                yield jt >= 0 && jt < dfg.numJumpTables() ? dfg.jumpTable(jt).length : 0;
            }
            case TRY_CALL, TRY_CALL_INDIRECT -> {
                ExceptionTableData et = exceptionTable(dfg, inst);
                yield et == null ? 0 : 1 + et.handlers().length;
            }
            default -> 0;
        };
    }

    /** The {@code i}-th block call of {@code inst} (as a DFG block-call handle, possibly dangling). */
    public static int blockCall(DataFlowGraph dfg, int inst, int i) {
        return switch (dfg.opcode(inst).format()) {
            case BRANCH_TABLE -> dfg.jumpTable(dfg.ref(inst))[i];
            case TRY_CALL, TRY_CALL_INDIRECT -> {
                ExceptionTableData et = exceptionTable(dfg, inst);
                yield i == 0 ? et.normalReturn() : et.handlers()[i - 1];
            }
            default -> dfg.dest(inst, i);
        };
    }

    /** The target block of the {@code i}-th block call, or -1 if the block call or block is dangling. */
    public static int block(DataFlowGraph dfg, int inst, int i) {
        int bc = blockCall(dfg, inst, i);
        if (bc < 0 || bc >= dfg.numBlockCalls()) return -1;
        int b = dfg.blockCallBlock(bc);
        return b >= 0 && b < dfg.numBlocks() ? b : -1;
    }

    /** The exception table of a try_call / try_call_indirect, or null if absent or dangling. */
    public static ExceptionTableData exceptionTable(DataFlowGraph dfg, int inst) {
        if (inst < 0 || inst >= dfg.numInsts()) return null;
        int et = switch (dfg.opcode(inst).format()) {
            case TRY_CALL -> dfg.aux(inst);
            case TRY_CALL_INDIRECT -> dfg.ref(inst);
            default -> -1;
        };
        return et >= 0 && et < dfg.numExceptionTables() ? dfg.exceptionTable(et) : null;
    }
}

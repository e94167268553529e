package dev.davit.ir.interpreter;

import dev.davit.ir.FloatCC;
import dev.davit.ir.IntCC;
import dev.davit.ir.MemFlags;
import dev.davit.ir.Opcode;
import dev.davit.ir.Type;

/**
 * One instruction decoded for execution: operands resolved to value-file indices (aliases
 * followed), types and lane geometry precomputed, branch targets resolved to code positions, so
 * the run loop reads plain fields.
 */
final class Insn {
    int op, sub;
    Opcode opcode;
    int inst;

    /** The type of the first result, or for instructions without results the controlling type. */
    Type type;
    /** The type of the first value argument, or null. */
    Type argType;
    /** Lane width and count of {@link #type}; {@code mask} covers one lane (all ones at >= 64). */
    int bits, lanes;
    long mask;
    /** A scalar integer of at most 64 bits: the fast path. */
    boolean simple;

    int a = -1, b = -1, c = -1;
    int[] args;
    int r = -1, r1 = -1;
    int[] results;

    long imm;
    int aux, ref;
    IntCC icc;
    FloatCC fcc;
    MemFlags flags;
    byte[] bytes;
    Target[] targets;
    FunctionEntry callee;
    /** Why this instruction cannot run, for {@link Ops#UNSUPPORTED}. */
    String unsupported;

    String describe() {
        return "inst" + inst + " (" + (opcode == null ? "?" : opcode.textName()) + (type == null ? "" : "." + type) + ")";
    }

    /** A resolved block call: where to go and how to fill the target's parameters. */
    static final class Target {
        int block;
        int pc;
        /** Encoded block-call arguments: value indices, or try_call results/payloads (negative). */
        int[] src;
        int[] params;
    }
}

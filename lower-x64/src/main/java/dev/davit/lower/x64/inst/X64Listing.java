package dev.davit.lower.x64.inst;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.buffer.MachListing;

/**
 * Our own disassembly of a finished function, for {@code clif-util compile -D} and {@code test
 * compile}: every instruction is recorded with the offsets it was emitted at, and printed next to
 * its final bytes. The code buffer edits branches after they are emitted (a jump to the next block
 * is removed, a conditional branch inverted to fall through), so branches are printed from their
 * final bytes instead (SDM vol. 2 Jcc/JMP: {@code 7x rel8}, {@code 0F 8x rel32}, {@code EB rel8},
 * {@code E9 rel32}); what no instruction emitted (deferred trap stubs, the constant pool) is shown
 * as bytes, {@code ud2} recognized.
 */
public final class X64Listing extends MachListing<X64Inst> {
    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};

    private final X64Printer printer = new X64Printer();

    @Override
    protected void emitInst(X64Inst inst, MachBuffer buf) {
        X64Emitter.emit(inst, buf);
    }

    @Override
    protected void instruction(StringBuilder sb, MachBufferFinalized fin, int from, int to, X64Inst inst) {
        line(sb, fin, from, to, printer.print(inst).replace("\n", "\n" + " ".repeat(40)));
    }

    @Override
    protected boolean isBranch(X64Inst inst) {
        return inst instanceof X64Inst.Jmp || inst instanceof X64Inst.JmpCond || inst instanceof X64Inst.JmpIf
                || inst instanceof X64Inst.TrapIf;
    }

    /** Bytes no instruction accounts for: branches and ud2 where they decode, else raw bytes. */
    @Override
    protected void gap(StringBuilder sb, MachBufferFinalized fin, int from, int to, int numBlocks) {
        int p = from;
        while (p < to) {
            int len = branchLength(fin, p, to);
            if (len > 0) {
                line(sb, fin, p, p + len, branchText(fin, p, len, numBlocks));
            } else if (p + 1 < to && fin.byteAt(p) == 0x0F && fin.byteAt(p + 1) == 0x0B) {
                len = 2;
                line(sb, fin, p, p + 2, "ud2");
            } else {
                len = Math.min(8, to - p);
                line(sb, fin, p, p + len, ".byte");
            }
            p += len;
        }
    }

    @Override
    protected void branches(StringBuilder sb, MachBufferFinalized fin, int from, int to, int numBlocks) {
        int p = from;
        while (p < to) {
            int len = branchLength(fin, p, to);
            if (len <= 0) {
                gap(sb, fin, p, to, numBlocks);
                return;
            }
            line(sb, fin, p, p + len, branchText(fin, p, len, numBlocks));
            p += len;
        }
    }

    /** The length of the branch at {@code p}, or 0 when the bytes there are not one. */
    private static int branchLength(MachBufferFinalized fin, int p, int limit) {
        int b = fin.byteAt(p);
        int len = b == 0xEB || (b & 0xF0) == 0x70 ? 2 : b == 0xE9 ? 5
                : b == 0x0F && p + 1 < limit && (fin.byteAt(p + 1) & 0xF0) == 0x80 ? 6 : 0;
        return p + len <= limit ? len : 0;
    }

    private static String branchText(MachBufferFinalized fin, int p, int len, int numBlocks) {
        int b = fin.byteAt(p);
        long rel = switch (len) {
            case 2 -> (byte) fin.byteAt(p + 1);
            case 5 -> le32(fin, p + 1);
            default -> le32(fin, p + 2);
        };
        String op = b == 0xEB || b == 0xE9 ? "jmp" : "j" + CC[(len == 6 ? fin.byteAt(p + 1) : b) & 0xF];
        long target = p + len + rel;
        for (int l = 0; l < numBlocks; l++) {
            if (fin.labelOffset(l) == target) return op + " .L" + l;
        }
        return op + " 0x" + Long.toHexString(target);
    }

    private static int le32(MachBufferFinalized fin, int p) {
        return fin.byteAt(p) | fin.byteAt(p + 1) << 8 | fin.byteAt(p + 2) << 16 | fin.byteAt(p + 3) << 24;
    }

    private static void line(StringBuilder sb, MachBufferFinalized fin, int from, int to, String text) {
        String off = Integer.toHexString(from);
        sb.append("  ").append("0".repeat(Math.max(0, 4 - off.length()))).append(off).append(":");
        int col = 8;
        for (int p = from; p < to; p++) {
            String h = Integer.toHexString(fin.byteAt(p));
            sb.append(' ').append(h.length() < 2 ? "0" : "").append(h);
            col += 3;
        }
        sb.append(" ".repeat(Math.max(1, 40 - col))).append(text).append('\n');
    }
}

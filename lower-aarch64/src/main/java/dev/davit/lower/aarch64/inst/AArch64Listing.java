package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.buffer.MachListing;

/**
 * Our own disassembly of a finished AArch64 function, for {@code clif-util compile -D} and
 * {@code test compile}: every instruction is recorded with the offsets it was emitted at and
 * printed next to its final words, one word per line (a record that emits several words, such as
 * a constant load or an atomic loop, gets one printed line per word). The code buffer edits
 * branches after they are emitted (a jump to the next block is removed, a conditional branch
 * inverted to fall through, a short branch sent through a veneer), so branches are printed from
 * their final words instead (Arm ARM C6.2 B, B.cond, BL, CBZ/CBNZ, TBZ/TBNZ). What no instruction
 * emitted (islands with their veneers and constants, deferred trap stubs) is shown word by word:
 * {@code b} (the jump over an island, veneers) and {@code udf} decoded, anything else as
 * {@code .word}.
 */
public final class AArch64Listing extends MachListing<AArch64Inst> {
    private final AArch64Printer printer = new AArch64Printer();

    @Override
    protected void emitInst(AArch64Inst inst, MachBuffer buf) {
        AArch64Emitter.emit(inst, buf);
    }

    @Override
    protected boolean isBranch(AArch64Inst inst) {
        return inst instanceof AArch64Inst.Jump || inst instanceof AArch64Inst.CondBr
                || inst instanceof AArch64Inst.OneWayCondBr || inst instanceof AArch64Inst.TrapIf;
    }

    @Override
    protected void instruction(StringBuilder sb, MachBufferFinalized fin, int from, int to, AArch64Inst inst) {
        words(sb, fin, from, to, printer.print(inst));
    }

    /**
     * The printer's lines beside the words: label lines ({@code 1:}) are left out, each other
     * line takes the next word; words beyond the lines are {@code .word}.
     */
    private static void words(StringBuilder sb, MachBufferFinalized fin, int from, int to, String text) {
        int p = from;
        int lineStart = 0;
        int len = text.length();
        while (lineStart <= len && p < to) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? len : nl;
            String line = text.substring(lineStart, lineEnd);
            lineStart = lineEnd + 1;
            if (line.endsWith(":")) {
                continue;
            }
            word(sb, fin, p, line);
            p += 4;
            if (nl < 0) {
                break;
            }
        }
        while (p + 4 <= to) {
            word(sb, fin, p, ".word");
            p += 4;
        }
        if (p < to) {
            bytes(sb, fin, p, to);
        }
    }

    /** Bytes no instruction accounts for, a word at a time. */
    @Override
    protected void gap(StringBuilder sb, MachBufferFinalized fin, int from, int to, int numBlocks) {
        int p = from;
        while (p + 4 <= to) {
            int w = wordAt(fin, p);
            String text;
            if ((w & 0xFC00_0000) == 0x1400_0000) {
                text = "b " + target(fin, p + signExtend(w & 0x03FF_FFFF, 26) * 4L, numBlocks);
            } else if ((w & 0xFFFF_0000) == 0) {
                text = "udf #" + w;
            } else {
                text = ".word";
            }
            word(sb, fin, p, text);
            p += 4;
        }
        if (p < to) {
            bytes(sb, fin, p, to);
        }
    }

    /** Words of recorded branches; a word that is none is shown as a gap word. */
    @Override
    protected void branches(StringBuilder sb, MachBufferFinalized fin, int from, int to, int numBlocks) {
        int p = from;
        while (p + 4 <= to) {
            String text = branchText(fin, p, numBlocks);
            if (text == null) {
                gap(sb, fin, p, p + 4, numBlocks);
            } else {
                word(sb, fin, p, text);
            }
            p += 4;
        }
        if (p < to) {
            bytes(sb, fin, p, to);
        }
    }

    /** The branch at {@code p} decoded, or null when the word there is none. */
    private static String branchText(MachBufferFinalized fin, int p, int numBlocks) {
        int w = wordAt(fin, p);
        if ((w & 0x7C00_0000) == 0x1400_0000) {
            // B, BL: op 00101 imm26.
            String op = w < 0 ? "bl " : "b ";
            return op + target(fin, p + signExtend(w & 0x03FF_FFFF, 26) * 4L, numBlocks);
        }
        if ((w & 0xFF00_0010) == 0x5400_0000) {
            // B.cond: 0101010 0 imm19 0 cond.
            return "b." + AArch64Cond.values()[w & 0xF].suffix() + " "
                    + target(fin, p + signExtend(w >>> 5 & 0x7FFFF, 19) * 4L, numBlocks);
        }
        if ((w & 0x7E00_0000) == 0x3400_0000) {
            // CBZ, CBNZ: sf 011010 op imm19 Rt.
            String op = (w & 0x0100_0000) != 0 ? "cbnz " : "cbz ";
            return op + reg(w & 0x1F, w < 0) + ", " + target(fin, p + signExtend(w >>> 5 & 0x7FFFF, 19) * 4L, numBlocks);
        }
        if ((w & 0x7E00_0000) == 0x3600_0000) {
            // TBZ, TBNZ: b5 011011 op b40 imm14 Rt.
            String op = (w & 0x0100_0000) != 0 ? "tbnz " : "tbz ";
            int bit = (w >>> 31) << 5 | (w >>> 19 & 0x1F);
            return op + reg(w & 0x1F, bit >= 32) + ", #" + bit + ", "
                    + target(fin, p + signExtend(w >>> 5 & 0x3FFF, 14) * 4L, numBlocks);
        }
        return null;
    }

    private static String reg(int n, boolean x) {
        return n == 31 ? (x ? "xzr" : "wzr") : (x ? "x" : "w") + n;
    }

    private static long signExtend(int v, int bits) {
        return (long) (v << (32 - bits) >> (32 - bits));
    }

    /** A block's label when one is bound at {@code target}, else the offset. */
    private static String target(MachBufferFinalized fin, long target, int numBlocks) {
        for (int l = 0; l < numBlocks; l++) {
            if (fin.labelOffset(l) == target) {
                return ".L" + l;
            }
        }
        return "0x" + Long.toHexString(target);
    }

    private static int wordAt(MachBufferFinalized fin, int p) {
        return fin.byteAt(p) | fin.byteAt(p + 1) << 8 | fin.byteAt(p + 2) << 16 | fin.byteAt(p + 3) << 24;
    }

    private static void offset(StringBuilder sb, int at) {
        String off = Integer.toHexString(at);
        sb.append("  ").append("0".repeat(Math.max(0, 4 - off.length()))).append(off).append(": ");
    }

    /** One word, as objdump shows it (the little-endian value in hex), and its text. */
    private static void word(StringBuilder sb, MachBufferFinalized fin, int at, String text) {
        offset(sb, at);
        String h = Integer.toHexString(wordAt(fin, at));
        sb.append("0".repeat(8 - h.length())).append(h).append("  ").append(text).append('\n');
    }

    private static void bytes(StringBuilder sb, MachBufferFinalized fin, int from, int to) {
        offset(sb, from);
        int col = 0;
        for (int p = from; p < to; p++) {
            String h = Integer.toHexString(fin.byteAt(p));
            sb.append(h.length() < 2 ? "0" : "").append(h);
            col += 2;
        }
        sb.append(" ".repeat(Math.max(2, 10 - col))).append(".byte").append('\n');
    }
}

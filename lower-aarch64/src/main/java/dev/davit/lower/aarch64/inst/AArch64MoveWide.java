package dev.davit.lower.aarch64.inst;

import java.util.ArrayList;
import java.util.List;

/**
 * Building constants from move-wide instructions (Arm ARM C6.2 MOVZ, C6.2 MOVN, C6.2
 * MOVK): a MOVZ or MOVN sets one 16-bit halfword and zeroes (or sets to ones) the rest, then a MOVK
 * per remaining halfword that differs. Starting from MOVN pays off when more halfwords are 0xFFFF
 * than 0x0000, so the shortest sequence starts from whichever background is more common.
 */
public final class AArch64MoveWide {
    private AArch64MoveWide() {}

    public enum Op {
        MOVN(0), MOVZ(2), MOVK(3);

        private final int opc;

        Op(int opc) {
            this.opc = opc;
        }

        /** The 2-bit {@code opc} field. */
        public int opc() {
            return opc;
        }

        public String mnemonic() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One instruction: {@code op rd, #imm16, lsl #shift}. */
    public record Step(Op op, int imm16, int shift) {
        public Step {
            if (imm16 < 0 || imm16 > 0xFFFF || shift % 16 != 0 || shift < 0 || shift > 48) {
                throw new IllegalArgumentException("move-wide #" + imm16 + ", lsl #" + shift);
            }
        }
    }

    /** The shortest MOVZ/MOVN + MOVK sequence that leaves {@code value} (at the size) in a register. */
    public static List<Step> sequence(long value, AArch64Size size) {
        long v = size.mask(value);
        int halves = size.bits() / 16;
        int zeros = 0;
        int ones = 0;
        for (int i = 0; i < halves; i++) {
            int h = (int) (v >>> (16 * i)) & 0xFFFF;
            if (h == 0) {
                zeros++;
            } else if (h == 0xFFFF) {
                ones++;
            }
        }
        boolean inverted = ones > zeros;
        int background = inverted ? 0xFFFF : 0;
        List<Step> out = new ArrayList<>(halves);
        for (int i = 0; i < halves; i++) {
            int h = (int) (v >>> (16 * i)) & 0xFFFF;
            if (h == background) {
                continue;
            }
            if (out.isEmpty()) {
                out.add(new Step(inverted ? Op.MOVN : Op.MOVZ, inverted ? ~h & 0xFFFF : h, 16 * i));
            } else {
                out.add(new Step(Op.MOVK, h, 16 * i));
            }
        }
        if (out.isEmpty()) {
            // Every halfword is the background: 0 or all ones.
            out.add(new Step(inverted ? Op.MOVN : Op.MOVZ, 0, 0));
        }
        return out;
    }

    /** What a sequence leaves in the register, at the size (for tests and checks). */
    public static long evaluate(List<Step> steps, AArch64Size size) {
        long r = 0;
        for (Step s : steps) {
            long field = (long) s.imm16() << s.shift();
            r = switch (s.op()) {
                case MOVZ -> field;
                case MOVN -> ~field;
                case MOVK -> (r & ~(0xFFFFL << s.shift())) | field;
            };
        }
        return size.mask(r);
    }
}

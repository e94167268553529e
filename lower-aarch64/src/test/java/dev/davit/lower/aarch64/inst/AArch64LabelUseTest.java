package dev.davit.lower.aarch64.inst;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Each label-use kind patches its field at the limits of its reach and leaves the other bits alone. */
class AArch64LabelUseTest {
    private static int read(byte[] c) {
        return (c[0] & 0xFF) | (c[1] & 0xFF) << 8 | (c[2] & 0xFF) << 16 | c[3] << 24;
    }

    private static byte[] word(int w) {
        return new byte[] {(byte) w, (byte) (w >>> 8), (byte) (w >>> 16), (byte) (w >>> 24)};
    }

    /** The signed offset the patched instruction encodes, in bytes. */
    private static long decode(AArch64LabelUse k, int w) {
        return switch (k) {
            case Branch26 -> (long) (w << 6 >> 6) * 4;
            case Branch19, Ldr19 -> (long) (w << 8 >> 13) * 4;
            case Branch14 -> (long) (w << 13 >> 18) * 4;
            case Adr21 -> (long) ((w << 8 >> 13) << 2 | (w >>> 29) & 3);
            case PCRel32 -> w;
        };
    }

    private static final int[] TEMPLATES = {0x1400_0000, 0x5400_000B, 0xB700_001E, 0x5800_0007, 0x1000_001F, 0};

    @Test
    void patchesAtTheLimitsOfReach() {
        for (AArch64LabelUse k : AArch64LabelUse.values()) {
            int template = TEMPLATES[k.ordinal()];
            int unit = k == AArch64LabelUse.Adr21 || k == AArch64LabelUse.PCRel32 ? 1 : 4;
            for (long d : new long[] {0, unit, -unit, k.maxPosRange(), -k.maxNegRange(), 8 * unit, -12L * unit}) {
                if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
                    continue;
                }
                byte[] code = new byte[8];
                int use = 4;
                byte[] tw = word(template);
                System.arraycopy(tw, 0, code, use, 4);
                // Labels are offsets in a buffer; test the arithmetic on a use at 4 with a shifted origin.
                long label = use + d;
                int labelOffset = (int) label;
                k.patch(code, use, labelOffset);
                int w = read(java.util.Arrays.copyOfRange(code, use, use + 4));
                assertEquals(d, decode(k, w), k + " distance " + d);
                if (k != AArch64LabelUse.PCRel32) {
                    int fieldMask = switch (k) {
                        case Branch26 -> 0x03FF_FFFF;
                        case Branch19, Ldr19, Branch14 -> k == AArch64LabelUse.Branch14 ? 0x3FFF << 5 : 0x7FFFF << 5;
                        case Adr21 -> 0x7FFFF << 5 | 3 << 29;
                        default -> 0;
                    };
                    assertEquals(template & ~fieldMask, w & ~fieldMask, k + ": opcode bits kept");
                }
            }
        }
    }

    @Test
    void rangesAndVeneers() {
        assertEquals((1L << 27) - 4, AArch64LabelUse.Branch26.maxPosRange());
        assertEquals(1L << 27, AArch64LabelUse.Branch26.maxNegRange());
        assertEquals((1L << 20) - 4, AArch64LabelUse.Branch19.maxPosRange());
        assertEquals(1L << 20, AArch64LabelUse.Branch19.maxNegRange());
        assertEquals((1L << 15) - 4, AArch64LabelUse.Branch14.maxPosRange());
        assertEquals(1L << 15, AArch64LabelUse.Branch14.maxNegRange());
        assertEquals((1L << 20) - 1, AArch64LabelUse.Adr21.maxPosRange());
        assertTrue(AArch64LabelUse.Branch19.supportsVeneer());
        assertTrue(AArch64LabelUse.Branch14.supportsVeneer());
        assertFalse(AArch64LabelUse.Branch26.supportsVeneer());
        assertFalse(AArch64LabelUse.Ldr19.supportsVeneer());
        assertFalse(AArch64LabelUse.Adr21.supportsVeneer());
        byte[] code = new byte[64];
        System.arraycopy(word(0x3600_0003), 0, code, 0, 4); // tbz w3, #0
        int field = AArch64LabelUse.Branch14.generateVeneer(code, 0, 40);
        assertEquals(40, field);
        assertEquals(AArch64LabelUse.Branch26, AArch64LabelUse.Branch14.veneerUse());
        assertEquals(0x1400_0000, read(java.util.Arrays.copyOfRange(code, 40, 44)));
        assertEquals(40, decode(AArch64LabelUse.Branch14, read(code)));
        assertEquals(0x3600_0003, read(code) & ~(0x3FFF << 5));
    }
}

package dev.davit.jit.qemu;

import dev.davit.jit.JitException;
import dev.davit.codegen.buffer.RelocKind;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The same expectations as {@code dev.davit.jit.RelocationsTest}, on this package's copy of the arithmetic. */
class Aarch64RelocatorTest {
    private static byte[] code(int at, int insn) {
        byte[] b = new byte[64];
        Aarch64Relocator.put32(b, at, insn);
        return b;
    }

    @Test
    void callForwardBackwardAndOutOfRange() {
        byte[] b = code(0x10, 0x9400_0000);
        Aarch64Relocator.patch(b, 0x10000, 0x10, RelocKind.Arm64Call, 0x10100);
        assertEquals(0x9400_003c, Aarch64Relocator.get32(b, 0x10));
        Aarch64Relocator.put32(b, 0x10, 0x1400_0000);
        Aarch64Relocator.patch(b, 0x10000, 0x10, RelocKind.Arm64Call, 0x1000c);
        assertEquals(0x17ff_ffff, Aarch64Relocator.get32(b, 0x10));
        assertThrows(JitException.class, () -> Aarch64Relocator.patch(b, 0x10000, 0x10, RelocKind.Arm64Call, 0x10010 + (1L << 27)));
        assertThrows(JitException.class, () -> Aarch64Relocator.patch(b, 0x10000, 0x10, RelocKind.Arm64Call, 0x10102));
    }

    @Test
    void pageAndLow12() {
        byte[] b = code(0, 0x9000_0000);
        Aarch64Relocator.patch(b, 0x12345678, 0, RelocKind.Aarch64AdrPrelPgHi21, 0x12345678 + 0x3000);
        assertEquals(0xf000_0000, Aarch64Relocator.get32(b, 0));
        Aarch64Relocator.put32(b, 0, 0x9000_0000);
        Aarch64Relocator.patch(b, 0x12345678, 0, RelocKind.Aarch64AdrPrelPgHi21, 0x12345678 - 0x1000);
        assertEquals(0xf0ff_ffe0, Aarch64Relocator.get32(b, 0));
        Aarch64Relocator.put32(b, 4, 0x9100_0000);
        Aarch64Relocator.patch(b, 0x12345678, 4, RelocKind.Aarch64AddAbsLo12Nc, 0xabcdef678L);
        assertEquals(0x9119_e000, Aarch64Relocator.get32(b, 4));
    }

    @Test
    void absoluteAndForeignKinds() {
        byte[] b = new byte[16];
        Aarch64Relocator.patch(b, 0, 0, RelocKind.Abs8, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        Aarch64Relocator.patch(b, 0, 8, RelocKind.Abs4, -4);
        assertEquals(-4, Aarch64Relocator.get32(b, 8));
        assertThrows(JitException.class, () -> Aarch64Relocator.patch(b, 0, 8, RelocKind.Abs4, 1L << 40));
        assertThrows(JitException.class, () -> Aarch64Relocator.patch(b, 0, 8, RelocKind.X86CallPCRel4, 0));
    }
}

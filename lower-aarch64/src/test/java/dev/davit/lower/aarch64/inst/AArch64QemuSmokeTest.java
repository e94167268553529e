package dev.davit.lower.aarch64.inst;

import static dev.davit.lower.aarch64.inst.AArch64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a small hand-built function (a loop, madd, shifted and immediate operands, a literal-pool
 * load, tbz, a jump table, udiv) under {@code qemu-aarch64}, called by a harness that checks each
 * result and exits with the number of the first wrong one. The executable is a minimal static ELF:
 * one PT_LOAD segment holding the headers and the code.
 */
class AArch64QemuSmokeTest {
    private static final AArch64Size S64 = AArch64Size.S64;
    private static final long BASE = 0x40_0000L;
    private static final int HEADERS = 64 + 56;
    private static final long[] TABLE = {10, 200, 3000, 40000};

    private static long model(long n, long k) {
        long acc = 0x0123_4567_89AB_CDEFL;
        do {
            acc = acc * 3 + n;
            acc ^= acc >>> 7;
            n--;
        } while (n != 0);
        acc += 0x1122_3344_5566_7788L;
        if ((k & 1) != 0) {
            acc = ~acc;
        }
        acc += TABLE[(int) (k & 3)];
        return Long.divideUnsigned(acc, k | 1);
    }

    private static void e(MachBuffer b, AArch64Inst i) {
        AArch64Emitter.emitIslandIfNeeded(b, AArch64Emitter.worstCaseSize(i));
        AArch64Emitter.emit(i, b);
    }

    /** {@code f(x0 = n >= 1, x1 = k)} as in {@link #model}; returns the function's offset (0). */
    private static void function(MachBuffer b) {
        int loop = b.getLabel();
        int after = b.getLabel();
        int inv = b.getLabel();
        int skip = b.getLabel();
        int join = b.getLabel();
        int[] cases = {b.getLabel(), b.getLabel(), b.getLabel(), b.getLabel()};
        e(b, new AArch64Inst.MovImm(S64, X2, 0x0123_4567_89AB_CDEFL));
        e(b, new AArch64Inst.MovImm(S64, X4, 3));
        b.bindLabel(loop);
        e(b, new AArch64Inst.AluRRRR(false, S64, X2, X2, X4, X0));
        e(b, new AArch64Inst.AluRRRShift(AArch64AluOp.EOR, S64, X2, X2, X2, new AArch64Shift(AArch64ShiftOp.LSR, 7)));
        e(b, new AArch64Inst.AluRRImm12(AArch64AluOp.SUBS, S64, X0, X0, new AArch64Imm12(1, false)));
        e(b, new AArch64Inst.CondBr(new AArch64CondBrKind.Cond(AArch64Cond.NE), loop, after));
        b.bindLabel(after);
        e(b, new AArch64Inst.Load(AArch64MemOp.LDR64, X3, new AArch64Amode.Const(0x1122_3344_5566_7788L, 8)));
        e(b, new AArch64Inst.AluRRR(AArch64AluOp.ADD, S64, X2, X2, X3));
        e(b, new AArch64Inst.CondBr(new AArch64CondBrKind.TestBit(X1, 0, false), skip, inv));
        b.bindLabel(inv);
        e(b, new AArch64Inst.AluRRR(AArch64AluOp.ORN, S64, X2, XZR, X2));
        b.bindLabel(skip);
        e(b, new AArch64Inst.AluRRImmLogic(AArch64AluOp.AND, S64, X5, X1, AArch64ImmLogic.maybeFrom(3, S64)));
        e(b, new AArch64Inst.JmpTableSeq(X5, X16, X17, cases));
        for (int c = 0; c < 4; c++) {
            b.bindLabel(cases[c]);
            e(b, new AArch64Inst.MovImm(S64, X6, TABLE[c]));
            e(b, new AArch64Inst.Jump(join));
        }
        b.bindLabel(join);
        e(b, new AArch64Inst.AluRRR(AArch64AluOp.ADD, S64, X2, X2, X6));
        e(b, new AArch64Inst.AluRRImmLogic(AArch64AluOp.ORR, S64, X7, X1, AArch64ImmLogic.maybeFrom(1, S64)));
        e(b, new AArch64Inst.AluRRR(AArch64AluOp.UDIV, S64, X0, X2, X7));
        e(b, new AArch64Inst.Ret(new int[0], new int[0]));
    }

    private static final long[][] ARGS = {{1, 0}, {1, 1}, {5, 2}, {17, 3}, {100, 6}, {3, 0x7FFF_FFFF}, {2, -1}};

    /** Calls f on each argument pair; exits with 0, or i+1 for the first wrong result. */
    private static int harness(MachBuffer b) {
        int entry = b.curOffset();
        int exit = b.getLabel();
        int[] fail = new int[ARGS.length];
        for (int i = 0; i < ARGS.length; i++) {
            fail[i] = b.getLabel();
            e(b, new AArch64Inst.MovImm(S64, X0, ARGS[i][0]));
            e(b, new AArch64Inst.MovImm(S64, X1, ARGS[i][1]));
            // bl f (at offset 0): C6.2 BL, imm26 counted in words.
            b.put4(0x9400_0000 | (-b.curOffset() / 4) & 0x03FF_FFFF);
            e(b, new AArch64Inst.MovImm(S64, X9, model(ARGS[i][0], ARGS[i][1])));
            e(b, AArch64Inst.cmp(S64, X0, X9));
            e(b, new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.Cond(AArch64Cond.NE), fail[i]));
        }
        e(b, new AArch64Inst.MovImm(S64, X0, 0));
        e(b, new AArch64Inst.Jump(exit));
        for (int i = 0; i < ARGS.length; i++) {
            b.bindLabel(fail[i]);
            e(b, new AArch64Inst.MovImm(S64, X0, i + 1));
            e(b, new AArch64Inst.Jump(exit));
        }
        b.bindLabel(exit);
        e(b, new AArch64Inst.MovImm(S64, X8, 93)); // exit(2) on Linux AArch64
        b.put4(0xD400_0001); // C6.2 SVC #0
        return entry;
    }

    /** ELF64 header (Tool Interface Standard ELF, AArch64 = EM 183) and one R+X PT_LOAD of the whole file. */
    static byte[] elf(byte[] code, int entryOffset) {
        ByteBuffer bb = ByteBuffer.allocate(HEADERS + code.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        bb.putShort((short) 2).putShort((short) 183).putInt(1);
        bb.putLong(BASE + HEADERS + entryOffset).putLong(64).putLong(0);
        bb.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        bb.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE)
                .putLong(HEADERS + code.length).putLong(HEADERS + code.length).putLong(0x1000);
        bb.put(code);
        return bb.array();
    }

    @Test
    void handBuiltFunctionRunsUnderQemu() throws Exception {
        MachBuffer b = new MachBuffer();
        function(b);
        int entry = harness(b);
        MachBufferFinalized f = b.finish();
        Path dir = Files.createTempDirectory("davit-qemu");
        try {
            Path exe = dir.resolve("smoke");
            Files.write(exe, elf(f.bytes(), entry));
            exe.toFile().setExecutable(true);
            Process p;
            try {
                p = new ProcessBuilder("qemu-aarch64", exe.toString()).redirectErrorStream(true).start();
            } catch (IOException ex) {
                throw new IllegalStateException("qemu-aarch64 is needed for the AArch64 smoke test but could not be run;"
                        + " install it (Debian: apt-get install qemu-user)", ex);
            }
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "qemu timed out");
            assertEquals(0, p.exitValue(), "first wrong result (1-based), or a crash: " + out);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path q : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        }
    }
}

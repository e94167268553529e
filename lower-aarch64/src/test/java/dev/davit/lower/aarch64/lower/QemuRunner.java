package dev.davit.lower.aarch64.lower;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.lower.aarch64.AArch64IsaProvider;
import dev.davit.lower.aarch64.inst.AArch64AluOp;
import dev.davit.lower.aarch64.inst.AArch64Amode;
import dev.davit.lower.aarch64.inst.AArch64Cond;
import dev.davit.lower.aarch64.inst.AArch64CondBrKind;
import dev.davit.lower.aarch64.inst.AArch64Emitter;
import dev.davit.lower.aarch64.inst.AArch64Imm12;
import dev.davit.lower.aarch64.inst.AArch64ImmLogic;
import dev.davit.lower.aarch64.inst.AArch64Inst;
import dev.davit.lower.aarch64.inst.AArch64MemOp;
import dev.davit.lower.aarch64.inst.AArch64Regs;
import dev.davit.lower.aarch64.inst.AArch64Size;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs compiled AArch64 functions under {@code qemu-aarch64} in a minimal static ELF (one R+X
 * PT_LOAD, as in the instruction layer's smoke test): the function's code at offset 0, then a
 * harness that calls it once per input (arguments in x0..x7, a pointer to 256 bytes of stack
 * scratch memory in x0 when asked), masks the result to its width and compares it with the
 * expected value. The harness writes nothing and exits 0 when every result matches; on the first
 * mismatch it writes the call's index and the actual result (two little-endian longs) and exits 1.
 */
final class QemuRunner {
    private QemuRunner() {}

    private static final long BASE = 0x40_0000L;
    private static final int HEADERS = 64 + 56;
    private static final AArch64Size S64 = AArch64Size.S64;

    /** One call: its arguments (x0.., as 64-bit patterns) and the expected result under {@code resultMask}. */
    record Call(long[] args, long expected) {}

    /** The outcome: -1 when all calls matched, else the first wrong call's index and what it returned. */
    record Outcome(int exitCode, long failedIndex, long actual, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static boolean available() {
        return AArch64IsaProvider.qemuPath() != null;
    }

    private static void e(MachBuffer b, AArch64Inst i) {
        AArch64Emitter.emitIslandIfNeeded(b, AArch64Emitter.worstCaseSize(i));
        AArch64Emitter.emit(i, b);
    }

    /**
     * @param code        the function's bytes
     * @param pointerArg  whether x0 is a pointer to scratch memory (the calls' args then start at x1)
     * @param resultMask  the bits of x0 the result type defines
     */
    static Outcome run(byte[] code, boolean pointerArg, long resultMask, List<Call> calls) throws IOException, InterruptedException {
        MachBuffer b = new MachBuffer();
        b.putBytes(code);
        b.alignTo(16);
        int entry = b.curOffset();
        int sp = AArch64Regs.SP;
        int report = b.getLabel();
        int[] fail = new int[calls.size()];
        e(b, new AArch64Inst.AluRRImm12(AArch64AluOp.SUB, S64, sp, sp, new AArch64Imm12(512, false)));
        AArch64ImmLogic mask = resultMask == -1 ? null : AArch64ImmLogic.maybeFrom(resultMask, S64);
        for (int i = 0; i < calls.size(); i++) {
            fail[i] = b.getLabel();
            Call c = calls.get(i);
            int first = 0;
            if (pointerArg) {
                e(b, new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, S64, AArch64Regs.X0, sp, new AArch64Imm12(128, false)));
                first = 1;
            }
            for (int k = 0; k < c.args().length; k++) {
                e(b, new AArch64Inst.MovImm(S64, AArch64Regs.gpr(first + k), c.args()[k]));
            }
            // bl <function at 0>: C6.2 BL, imm26 in words.
            AArch64Emitter.emitIslandIfNeeded(b, 4);
            b.put4(0x9400_0000 | (-b.curOffset() / 4) & 0x03FF_FFFF);
            if (mask != null) {
                e(b, new AArch64Inst.AluRRImmLogic(AArch64AluOp.AND, S64, AArch64Regs.X0, AArch64Regs.X0, mask));
            }
            e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X9, c.expected() & resultMask));
            e(b, new AArch64Inst.AluRRR(AArch64AluOp.SUBS, S64, AArch64Regs.XZR, AArch64Regs.X0, AArch64Regs.X9));
            e(b, new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.Cond(AArch64Cond.NE), fail[i]));
        }
        e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X0, 0));
        exit(b);
        for (int i = 0; i < calls.size(); i++) {
            b.bindLabel(fail[i]);
            e(b, new AArch64Inst.Store(AArch64MemOp.STR64, AArch64Regs.X0, new AArch64Amode.UnsignedOffset(sp, 8)));
            e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X0, i));
            e(b, new AArch64Inst.Jump(report));
        }
        b.bindLabel(report);
        e(b, new AArch64Inst.Store(AArch64MemOp.STR64, AArch64Regs.X0, new AArch64Amode.UnsignedOffset(sp, 0)));
        e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X0, 1));
        e(b, new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, S64, AArch64Regs.X1, sp, new AArch64Imm12(0, false)));
        e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X2, 16));
        e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X8, 64)); // write(2)
        b.put4(0xD400_0001); // SVC #0
        e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X0, 1));
        exit(b);
        byte[] image = b.finish().bytes();
        return exec(elf(image, entry));
    }

    private static void exit(MachBuffer b) {
        e(b, new AArch64Inst.MovImm(S64, AArch64Regs.X8, 93)); // exit(2)
        b.put4(0xD400_0001);
    }

    static Outcome exec(byte[] elf) throws IOException, InterruptedException {
        Path exe = Files.createTempFile("davit-a64-", ".elf");
        try {
            Files.write(exe, elf);
            exe.toFile().setExecutable(true);
            Process p = new ProcessBuilder("qemu-aarch64", exe.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("qemu timed out");
            }
            long idx = -1, actual = 0;
            if (out.length == 16) {
                ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
                idx = bb.getLong();
                actual = bb.getLong();
            }
            return new Outcome(p.exitValue(), idx, actual, new String(out, java.nio.charset.StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(exe);
        }
    }

    /** ELF64 header (AArch64 = EM 183) and one R+X PT_LOAD of the whole file. */
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
}

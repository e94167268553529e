package dev.davit.lower.aarch64.abi;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.lower.aarch64.inst.AArch64AluOp;
import dev.davit.lower.aarch64.inst.AArch64Amode;
import dev.davit.lower.aarch64.inst.AArch64Emitter;
import dev.davit.lower.aarch64.inst.AArch64ExtendOp;
import dev.davit.lower.aarch64.inst.AArch64Imm12;
import dev.davit.lower.aarch64.inst.AArch64Inst;
import dev.davit.lower.aarch64.inst.AArch64MemOp;
import dev.davit.lower.aarch64.inst.AArch64PairAmode;
import dev.davit.lower.aarch64.inst.AArch64Regs;
import dev.davit.lower.aarch64.inst.AArch64Size;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.PReg;

/**
 * The AAPCS64 frame of one function (Arm IHI 0055, §6.4 "The stack", §6.4.6 "The Frame Pointer"):
 * <pre>
 *   [incoming stack args]
 *   saved fp, lr              <- fp (frame record), 16-byte aligned
 *   saved callee-saved x19..x28 the allocator used, in pairs
 *   spill slots, padded to 16 <- sp + 8 * slot
 * </pre>
 * sp stays 16-byte aligned (AAPCS64 §6.4.5.1) and does not move in the body, so spill slots are
 * addressed from it.
 */
public final class AArch64Frame {
    /** Callee-saved GPRs of AAPCS64 the allocator may use (x29 is the frame pointer). */
    static final int[] CALLEE_SAVED = {19, 20, 21, 22, 23, 24, 25, 26, 27, 28};
    /** The register the prologue and epilogue use for a frame too large for an immediate (ip0). */
    static final int IP0 = 16;

    private final int[] saved; // hw encodings stored, in store order
    private final int spillBytes; // the sp adjustment after the saves, a multiple of 16

    public AArch64Frame(long usedIntRegs, int numSpillSlots) {
        int n = 0;
        int[] s = new int[CALLEE_SAVED.length];
        for (int hw : CALLEE_SAVED) {
            if ((usedIntRegs >>> hw & 1) != 0) {
                s[n++] = hw;
            }
        }
        saved = java.util.Arrays.copyOf(s, n);
        spillBytes = (8 * numSpillSlots + 15) & ~15;
    }

    /** Total bytes the prologue takes from the stack. */
    public int size() {
        return 16 + 16 * ((saved.length + 1) / 2) + spillBytes;
    }

    private static void e(MachBuffer buf, AArch64Inst i) {
        AArch64Emitter.emitIslandIfNeeded(buf, AArch64Emitter.worstCaseSize(i));
        AArch64Emitter.emit(i, buf);
    }

    public void emitPrologue(MachBuffer buf) {
        int sp = AArch64Regs.SP;
        e(buf, new AArch64Inst.StoreP64(AArch64Regs.FP, AArch64Regs.LR, new AArch64PairAmode.PreIndexed(sp, -16)));
        e(buf, new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, AArch64Size.S64, AArch64Regs.FP, sp, new AArch64Imm12(0, false)));
        for (int i = 0; i < saved.length; i += 2) {
            int a = AArch64Regs.gpr(saved[i]);
            if (i + 1 < saved.length) {
                e(buf, new AArch64Inst.StoreP64(a, AArch64Regs.gpr(saved[i + 1]), new AArch64PairAmode.PreIndexed(sp, -16)));
            } else {
                e(buf, new AArch64Inst.Store(AArch64MemOp.STR64, a, new AArch64Amode.PreIndexed(sp, -16)));
            }
        }
        adjustSp(buf, AArch64AluOp.SUB);
    }

    public void emitEpilogue(MachBuffer buf) {
        int sp = AArch64Regs.SP;
        adjustSp(buf, AArch64AluOp.ADD);
        int last = (saved.length - 1) & ~1;
        for (int i = last; i >= 0; i -= 2) {
            int a = AArch64Regs.gpr(saved[i]);
            if (i + 1 < saved.length) {
                e(buf, new AArch64Inst.LoadP64(a, AArch64Regs.gpr(saved[i + 1]), new AArch64PairAmode.PostIndexed(sp, 16)));
            } else {
                e(buf, new AArch64Inst.Load(AArch64MemOp.LDR64, a, new AArch64Amode.PostIndexed(sp, 16)));
            }
        }
        e(buf, new AArch64Inst.LoadP64(AArch64Regs.FP, AArch64Regs.LR, new AArch64PairAmode.PostIndexed(sp, 16)));
    }

    private void adjustSp(MachBuffer buf, AArch64AluOp op) {
        if (spillBytes == 0) {
            return;
        }
        int sp = AArch64Regs.SP;
        AArch64Imm12 imm = AArch64Imm12.maybeFrom(spillBytes);
        if (imm != null) {
            e(buf, new AArch64Inst.AluRRImm12(op, AArch64Size.S64, sp, sp, imm));
        } else {
            int ip0 = AArch64Regs.gpr(IP0);
            e(buf, new AArch64Inst.MovImm(AArch64Size.S64, ip0, spillBytes));
            e(buf, new AArch64Inst.AluRRRExtend(op, AArch64Size.S64, sp, sp, ip0, AArch64ExtendOp.UXTX, 0));
        }
    }

    /**
     * The registers the allocator may use: the caller-saved x0..x15 first (free to use), then the
     * callee-saved x19..x28 (each costs a save and a restore). x16 (ip0) is the allocator's scratch
     * register and the prologue's; x17 (ip1) and x18 (the platform register) are left alone, and
     * x29, x30 and sp are the frame. v0..v30 for floats, v31 the scratch.
     */
    public static MachineEnv machineEnv() {
        int[] intPreferred = new int[16];
        for (int i = 0; i < 16; i++) {
            intPreferred[i] = i;
        }
        int[][] pref = new int[3][], other = new int[3][];
        pref[0] = pregs(0, intPreferred);
        other[0] = pregs(0, CALLEE_SAVED);
        int[] v = new int[31];
        for (int i = 0; i < 31; i++) {
            v[i] = i;
        }
        pref[1] = pregs(1, v);
        other[1] = new int[0];
        pref[2] = new int[0];
        other[2] = new int[0];
        return new MachineEnv(pref, other, new int[] {PReg.of(0, IP0), PReg.of(1, 31), -1});
    }

    private static int[] pregs(int cls, int[] hw) {
        int[] out = new int[hw.length];
        for (int i = 0; i < hw.length; i++) {
            out[i] = PReg.of(cls, hw[i]);
        }
        return out;
    }
}

package dev.davit.lower.x64.abi;

import dev.davit.codegen.Reg;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.lower.x64.inst.X64AluOp;
import dev.davit.lower.x64.inst.X64Amode;
import dev.davit.lower.x64.inst.X64Emitter;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64RegMem;
import dev.davit.lower.x64.inst.X64RegMemImm;
import dev.davit.lower.x64.inst.X64Regs;
import dev.davit.lower.x64.inst.X64Size;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.PReg;

/**
 * The System V frame of one x86-64 function (psABI §3.2.2, "The Stack Frame"):
 * <pre>
 *   [incoming stack args]
 *   return address            <- 16-byte aligned + 8 at entry
 *   saved rbp                 <- rbp
 *   saved callee-saved GPRs   (the ones the allocator used)
 *   padding to 16
 *   spill slots               <- rsp + 8 * slot
 * </pre>
 * rsp stays 16-byte aligned in the body so calls need no adjustment. Spill slots are addressed from
 * rsp, which does not move in the body; the frame pointer is kept for unwinding and debuggers.
 */
public final class X64Frame {
    /** Callee-saved GPRs of System V (rbp is handled as the frame pointer). */
    static final int[] CALLEE_SAVED = {3, 12, 13, 14, 15}; // rbx, r12..r15

    private final int[] saved; // hw encodings pushed, in push order
    private final int spillBytes;
    private final int frameBytes; // rsp adjustment after the pushes

    public X64Frame(long usedIntRegs, int numSpillSlots) {
        int n = 0;
        int[] s = new int[CALLEE_SAVED.length];
        for (int hw : CALLEE_SAVED) if ((usedIntRegs >>> hw & 1) != 0) s[n++] = hw;
        saved = java.util.Arrays.copyOf(s, n);
        spillBytes = 8 * numSpillSlots;
        // After push rbp, rsp is 16-aligned; the pushes and the spill area must keep it so.
        int below = 8 * n + spillBytes;
        int aligned = (below + 15) & ~15;
        frameBytes = aligned - 8 * n;
    }

    /** Total bytes the prologue takes from the stack below the return address. */
    public int size() { return 8 + 8 * saved.length + frameBytes; }

    /** The address of spill slot {@code slot}. */
    public static X64Amode spillSlot(int slot) {
        return new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, 8 * slot);
    }

    public void emitPrologue(MachBuffer buf) {
        X64Emitter.emit(new X64Inst.Push(new X64RegMem.Reg(X64Regs.RBP)), buf);
        X64Emitter.emit(new X64Inst.MovRR(X64Size.S64, X64Regs.RSP, X64Regs.RBP), buf);
        for (int hw : saved) X64Emitter.emit(new X64Inst.Push(new X64RegMem.Reg(X64Regs.gpr(hw))), buf);
        if (frameBytes > 0)
            X64Emitter.emit(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.SUB, X64Regs.RSP, new X64RegMemImm.Imm(frameBytes),
                    X64Regs.RSP), buf);
    }

    public void emitEpilogue(MachBuffer buf) {
        if (frameBytes > 0)
            X64Emitter.emit(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, X64Regs.RSP, new X64RegMemImm.Imm(frameBytes),
                    X64Regs.RSP), buf);
        for (int i = saved.length - 1; i >= 0; i--) X64Emitter.emit(new X64Inst.Pop(X64Regs.gpr(saved[i])), buf);
        X64Emitter.emit(new X64Inst.Pop(X64Regs.RBP), buf);
    }

    /**
     * The registers the allocator may use: caller-saved first (free to use, nothing to save), then
     * callee-saved (each costs a push and a pop). rsp and rbp are never allocated; r11 and xmm15 are
     * kept as scratch for the allocator's parallel moves.
     */
    public static MachineEnv machineEnv() {
        int[] intPreferred = {0, 1, 2, 6, 7, 8, 9, 10}; // rax rcx rdx rsi rdi r8 r9 r10
        int[] intOther = CALLEE_SAVED;
        int[][] pref = new int[3][], other = new int[3][];
        pref[0] = pregs(0, intPreferred);
        other[0] = pregs(0, intOther);
        int[] xmm = new int[15];
        for (int i = 0; i < 15; i++) xmm[i] = i;
        pref[1] = pregs(1, xmm);
        other[1] = new int[0];
        pref[2] = new int[0];
        other[2] = new int[0];
        return new MachineEnv(pref, other, new int[] {PReg.of(0, 11), PReg.of(1, 15), -1});
    }

    private static int[] pregs(int cls, int[] hw) {
        int[] out = new int[hw.length];
        for (int i = 0; i < hw.length; i++) out[i] = PReg.of(cls, hw[i]);
        return out;
    }
}

package dev.davit.lower.x64.abi;

import dev.davit.codegen.Reg;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.lower.x64.inst.X64AluOp;
import dev.davit.lower.x64.inst.X64BitOp;
import dev.davit.lower.x64.inst.X64CC;
import dev.davit.lower.x64.inst.X64ExtMode;
import dev.davit.lower.x64.inst.X64Amode;
import dev.davit.lower.x64.inst.X64Emitter;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64Listing;
import dev.davit.lower.x64.inst.X64RegMem;
import dev.davit.lower.x64.inst.X64RegMemImm;
import dev.davit.lower.x64.inst.X64Regs;
import dev.davit.lower.x64.inst.X64Size;
import dev.davit.lower.x64.inst.X64SseOp;
import dev.davit.regalloc.MachineEnv;
import dev.davit.abi.AbiSig;
import dev.davit.abi.FrameLayout;
import dev.davit.abi.FrameRequest;
import dev.davit.abi.Regs;
import dev.davit.abi.X64CallConv;
import dev.davit.regalloc.PReg;

/**
 * The frame of one x86-64 function, laid out by the abi module ({@link FrameLayout}, System V psABI
 * §3.2.2 "The Stack Frame"):
 * <pre>
 *   [incoming stack args]     rbp + 16 + offset
 *   return address            <- 16-byte aligned + 8 at entry
 *   saved rbp                 <- rbp
 *   saved callee-saved GPRs   (the ones the allocator used), pushed
 *   padding to 16
 *   spill slots               \ fixed storage
 *   explicit stack slots      /
 *   outgoing arguments        <- rsp (and the callee's return area above them)
 * </pre>
 * rsp does not move in the body and stays 16-byte aligned, so calls need no adjustment and the
 * outgoing arguments are stored at {@code [rsp + offset]}. Stack and spill slots are addressed from
 * rsp too, but their offsets depend on the outgoing area and the spill count, known only after
 * register allocation: lowering and the allocator's spills use the symbolic
 * {@link X64Amode.StackSlot} / {@link X64Amode.SpillSlot}, which {@link #resolve} turns into
 * {@code [rsp + disp]} at emission. Incoming stack arguments are addressed from rbp, which needs no
 * layout at all. The frame pointer is always kept (as Cranelift does on x86-64).
 */
public final class X64Frame {
    /** Cranelift's limit: up to this many probes are unrolled, more become a loop. */
    static final int PROBE_MAX_UNROLL = 3;

    private final FrameLayout layout;
    private final int probeGuard; // stack probe interval in bytes; 0 = no probes

    public X64Frame(FrameLayout layout) {
        this(layout, 0);
    }

    /**
     * A frame whose prologue probes the new stack one {@code probeGuard}-byte page at a time
     * ({@code enable_probestack}) when it allocates at least that much, so that a large frame hits
     * the guard page below the stack rather than skipping over it.
     */
    public X64Frame(FrameLayout layout, int probeGuard) {
        this.layout = layout;
        this.probeGuard = probeGuard;
    }

    /** Lays out the frame of a body with signature {@code sig}. */
    public static X64Frame of(X64CallConv cc, AbiSig sig, int[] slotSizes, int[] slotAligns, int numSpillSlots,
                              int outgoingBytes, long[] usedRegs, int probeGuard) {
        int[] spills = new int[numSpillSlots];
        java.util.Arrays.fill(spills, 8);
        FrameRequest req = new FrameRequest().stackSlots(slotSizes, slotAligns).spillSlots(spills)
                .outgoingArgs(outgoingBytes).clobbered(usedRegs);
        return new X64Frame(cc.layoutFrame(sig, req), probeGuard);
    }

    public FrameLayout layout() { return layout; }

    /** Total bytes the prologue takes from the stack below the return address. */
    public int size() { return layout.setupAreaSize() + layout.frameSize(); }

    /** The rsp-relative form of a symbolic frame address; other addresses are returned as they are. */
    public X64Amode resolve(X64Amode a) {
        return switch (a) {
            case X64Amode.StackSlot(int slot, int disp) ->
                    new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, layout.stackSlotSpOffset(slot) + disp);
            case X64Amode.SpillSlot(int slot) ->
                    new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, layout.spillSlotSpOffset(slot));
            default -> a;
        };
    }

    /**
     * {@code inst} with symbolic frame addresses resolved: every form whose address or r/m operand
     * lowering can give a stack slot (stack_addr folded into a load, store or lea, and such loads
     * merged into their user) or the allocator a spill slot. Anything else is returned as is.
     */
    public X64Inst resolve(X64Inst inst) {
        return switch (inst) {
            case X64Inst.Lea(X64Size size, X64Amode a, int dst) when isSymbolic(a) -> new X64Inst.Lea(size, resolve(a), dst);
            case X64Inst.Load(X64Size size, X64Amode a, int dst) when isSymbolic(a) -> new X64Inst.Load(size, resolve(a), dst);
            case X64Inst.Store(X64Size size, int src, X64Amode a) when isSymbolic(a) -> new X64Inst.Store(size, src, resolve(a));
            case X64Inst.StoreImm(X64Size size, int imm, X64Amode a) when isSymbolic(a) ->
                    new X64Inst.StoreImm(size, imm, resolve(a));
            case X64Inst.AluM(X64Size size, X64AluOp op, X64Amode a, X64RegMemImm src) when isSymbolic(a) ->
                    new X64Inst.AluM(size, op, resolve(a), src);
            case X64Inst.AluRmiR(X64Size size, X64AluOp op, int s1, X64RegMemImm s2, int dst) when isSymbolic(s2) ->
                    new X64Inst.AluRmiR(size, op, s1, resolve(s2), dst);
            case X64Inst.CmpRmiR(X64Size size, X64Inst.CmpOp op, int s1, X64RegMemImm s2) when isSymbolic(s2) ->
                    new X64Inst.CmpRmiR(size, op, s1, resolve(s2));
            case X64Inst.Imul(X64Size size, int s1, X64RegMem s2, int dst) when isSymbolic(s2) ->
                    new X64Inst.Imul(size, s1, resolve(s2), dst);
            case X64Inst.ImulImm(X64Size size, X64RegMem src, int imm, int dst) when isSymbolic(src) ->
                    new X64Inst.ImulImm(size, resolve(src), imm, dst);
            case X64Inst.Mul(X64Size size, boolean signed, int rax, X64RegMem src, int lo, int hi) when isSymbolic(src) ->
                    new X64Inst.Mul(size, signed, rax, resolve(src), lo, hi);
            case X64Inst.Div(X64Size size, boolean signed, int lo, int hi, X64RegMem d, int q, int r, int code)
                    when isSymbolic(d) -> new X64Inst.Div(size, signed, lo, hi, resolve(d), q, r, code);
            case X64Inst.BitCount(X64Size size, X64BitOp op, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.BitCount(size, op, resolve(src), dst);
            case X64Inst.Movzx(X64ExtMode mode, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.Movzx(mode, resolve(src), dst);
            case X64Inst.Movsx(X64ExtMode mode, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.Movsx(mode, resolve(src), dst);
            case X64Inst.Cmove(X64Size size, X64CC cc, int alt, X64RegMem c, int dst) when isSymbolic(c) ->
                    new X64Inst.Cmove(size, cc, alt, resolve(c), dst);
            case X64Inst.XmmUnary(X64SseOp op, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.XmmUnary(op, resolve(src), dst);
            case X64Inst.XmmStore(X64SseOp op, int src, X64Amode a) when isSymbolic(a) -> new X64Inst.XmmStore(op, src, resolve(a));
            case X64Inst.XmmRmR(X64SseOp op, int s1, X64RegMem s2, int dst) when isSymbolic(s2) ->
                    new X64Inst.XmmRmR(op, s1, resolve(s2), dst);
            case X64Inst.XmmCmp(X64SseOp op, int s1, X64RegMem s2) when isSymbolic(s2) -> new X64Inst.XmmCmp(op, s1, resolve(s2));
            case X64Inst.GprToXmm(X64Size size, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.GprToXmm(size, resolve(src), dst);
            case X64Inst.CvtIntToFloat(boolean dbl, X64Size size, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.CvtIntToFloat(dbl, size, resolve(src), dst);
            case X64Inst.XmmRound(boolean dbl, int mode, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.XmmRound(dbl, mode, resolve(src), dst);
            case X64Inst.CvtFloatToInt(boolean dbl, X64Size size, X64RegMem src, int dst) when isSymbolic(src) ->
                    new X64Inst.CvtFloatToInt(dbl, size, resolve(src), dst);
            default -> inst;
        };
    }

    private X64RegMem resolve(X64RegMem rm) {
        return new X64RegMem.Mem(resolve(((X64RegMem.Mem) rm).amode()));
    }

    private X64RegMemImm resolve(X64RegMemImm rmi) {
        return new X64RegMem.Mem(resolve(((X64RegMem.Mem) rmi).amode()));
    }

    private static boolean isSymbolic(X64RegMemImm rmi) {
        return rmi instanceof X64RegMem.Mem(X64Amode a) && isSymbolic(a);
    }

    private static boolean isSymbolic(X64Amode a) {
        return a instanceof X64Amode.StackSlot || a instanceof X64Amode.SpillSlot;
    }

    /** Emits {@code inst}, through {@code listing} when one records the function (else null). */
    private static void put(X64Inst inst, MachBuffer buf, X64Listing listing) {
        if (listing != null) listing.emit(inst, buf); else X64Emitter.emit(inst, buf);
    }

    public void emitPrologue(MachBuffer buf, X64Listing listing) {
        put(new X64Inst.Push(new X64RegMem.Reg(X64Regs.RBP)), buf, listing);
        put(new X64Inst.MovRR(X64Size.S64, X64Regs.RSP, X64Regs.RBP), buf, listing);
        for (int i = 0; i < layout.savedRegCount(); i++) {
            if (layout.isPushed(i)) {
                put(new X64Inst.Push(new X64RegMem.Reg(X64Regs.gpr(Regs.hw(layout.savedReg(i))))), buf, listing);
            }
        }
        int adj = layout.spAdjustAfterSaves();
        if (probeGuard > 0 && adj >= probeGuard) emitProbes(buf, adj, listing);
        if (adj > 0) {
            put(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.SUB, X64Regs.RSP, new X64RegMemImm.Imm(adj),
                    X64Regs.RSP), buf, listing);
        }
    }

    /**
     * Touches one word in every {@code probeGuard} bytes of the {@code bytes} about to be allocated,
     * top down (Cranelift's inline probestack): {@code mov dword [rsp - k*guard], 0} for a few
     * pages, else a loop that walks rsp down with r11 (free in the prologue) as the end mark.
     */
    private void emitProbes(MachBuffer buf, int bytes, X64Listing listing) {
        int guard = probeGuard;
        long probes = ((long) bytes + guard - 1) / guard;
        if (probes <= PROBE_MAX_UNROLL) {
            for (int k = 1; k <= probes; k++) {
                put(new X64Inst.StoreImm(X64Size.S32, 0,
                        new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, -k * guard)), buf, listing);
            }
            return;
        }
        int total = (int) (probes * guard);
        put(new X64Inst.Lea(X64Size.S64, new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, -total),
                X64Regs.R11), buf, listing);
        int loop = buf.curOffset();
        put(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.SUB, X64Regs.RSP, new X64RegMemImm.Imm(guard),
                X64Regs.RSP), buf, listing);
        put(new X64Inst.StoreImm(X64Size.S32, 0, new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, 0)), buf, listing);
        put(new X64Inst.CmpRmiR(X64Size.S64, X64Inst.CmpOp.CMP, X64Regs.RSP, new X64RegMem.Reg(X64Regs.R11)), buf, listing);
        // JNE rel8 back to the loop head (the body is about 20 bytes).
        buf.put1(0x75);
        buf.put1(loop - (buf.curOffset() + 1));
        put(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, X64Regs.RSP, new X64RegMemImm.Imm(total),
                X64Regs.RSP), buf, listing);
    }

    public void emitEpilogue(MachBuffer buf, X64Listing listing) {
        int adj = layout.spAdjustAfterSaves();
        if (adj > 0) {
            put(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, X64Regs.RSP, new X64RegMemImm.Imm(adj),
                    X64Regs.RSP), buf, listing);
        }
        for (int i = layout.savedRegCount() - 1; i >= 0; i--) {
            if (layout.isPushed(i)) put(new X64Inst.Pop(X64Regs.gpr(Regs.hw(layout.savedReg(i)))), buf, listing);
        }
        put(new X64Inst.Pop(X64Regs.RBP), buf, listing);
    }

    /**
     * The registers the allocator may use: caller-saved first (free to use, nothing to save), then
     * callee-saved (each costs a push and a pop). rsp and rbp are never allocated; r11 and xmm15 are
     * kept as scratch for the allocator's parallel moves.
     */
    public static MachineEnv machineEnv() {
        int[] intPreferred = {0, 1, 2, 6, 7, 8, 9, 10}; // rax rcx rdx rsi rdi r8 r9 r10
        int[] intOther = {3, 12, 13, 14, 15}; // rbx, r12..r15: System V callee-saved
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

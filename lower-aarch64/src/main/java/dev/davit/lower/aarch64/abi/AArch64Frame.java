package dev.davit.lower.aarch64.abi;

import dev.davit.abi.AArch64CallConv;
import dev.davit.abi.AbiSig;
import dev.davit.abi.FrameLayout;
import dev.davit.abi.FrameRequest;
import dev.davit.abi.Regs;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.lower.aarch64.inst.AArch64AluOp;
import dev.davit.lower.aarch64.inst.AArch64Amode;
import dev.davit.lower.aarch64.inst.AArch64Cond;
import dev.davit.lower.aarch64.inst.AArch64CondBrKind;
import dev.davit.lower.aarch64.inst.AArch64Emitter;
import dev.davit.lower.aarch64.inst.AArch64Listing;
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
 * The AAPCS64 frame of one function, laid out by the abi module ({@link FrameLayout}; Arm IHI 0055
 * §6.4 "The stack", §6.4.6 "The Frame Pointer"):
 * <pre>
 *   [incoming stack args]     fp + 16 + offset
 *   saved fp, lr              <- fp (frame record), 16-byte aligned
 *   saved callee-saved regs   the ones the allocator used, in pairs
 *   spill slots               \ fixed storage
 *   explicit stack slots      /
 *   outgoing arguments        <- sp (and the callees' return areas above them)
 * </pre>
 * sp stays 16-byte aligned (AAPCS64 §6.4.5.1) and does not move in the body (a call to a
 * {@code tail} callee, which pops its stack arguments, is followed by a re-adjustment), so outgoing
 * arguments, stack slots and spill slots are all addressed from sp. The offsets of the last two
 * depend on the outgoing area and the spill count, known only after register allocation: lowering
 * and the allocator use the symbolic {@link AArch64Amode.StackSlot} / {@link AArch64Amode.SpillSlot}
 * and {@link AArch64Inst.StackSlotAddr}, which {@link #emit} resolves. An offset out of reach of
 * the immediate forms goes through x17 (IP1), which the allocator never hands out. Incoming stack
 * arguments are addressed from fp, which needs no layout. The frame record is always built.
 */
public final class AArch64Frame {
    /** Callee-saved GPRs of AAPCS64 the allocator may use (x29 is the frame pointer). */
    static final int[] CALLEE_SAVED = {19, 20, 21, 22, 23, 24, 25, 26, 27, 28};
    /** The register the prologue and epilogue use for a frame too large for an immediate (ip0). */
    static final int IP0 = 16;
    /** Cranelift's limit: up to this many probes are unrolled, more become a loop. */
    static final int PROBE_MAX_UNROLL = 3;
    /**
     * The largest probe stride: {@code sub x16, x16, #stride} must encode as a (shifted) imm12.
     * Probing more often than the guard size asks is still correct.
     */
    static final int MAX_PROBE_STRIDE = 1 << 23;

    private final FrameLayout layout;
    private final int probeGuard; // stack probe interval in bytes; 0 = no probes
    private AArch64Listing listing;

    public AArch64Frame(FrameLayout layout, int probeGuard) {
        this.layout = layout;
        this.probeGuard = probeGuard;
    }

    /** Lays out the frame of a body with signature {@code sig}. */
    public static AArch64Frame of(AArch64CallConv cc, AbiSig sig, int[] slotSizes, int[] slotAligns, int numSpillSlots,
                                  int outgoingBytes, long[] usedRegs, int probeGuard) {
        int[] spills = new int[numSpillSlots];
        java.util.Arrays.fill(spills, 8);
        FrameRequest req = new FrameRequest().stackSlots(slotSizes, slotAligns).spillSlots(spills)
                .outgoingArgs(outgoingBytes).clobbered(usedRegs);
        return new AArch64Frame(cc.layoutFrame(sig, req), probeGuard);
    }

    public FrameLayout layout() {
        return layout;
    }

    /** Total bytes the prologue takes from the stack. */
    public int size() {
        return layout.setupAreaSize() + layout.frameSize();
    }

    /**
     * Records every instruction this frame emits (the function's body included) in {@code l}, for
     * printing; null (the default) records nothing.
     */
    public void listTo(AArch64Listing l) {
        this.listing = l;
    }

    /** Emits {@code i}, after an island if one is due, through the listing when there is one. */
    private void e(MachBuffer buf, AArch64Inst i) {
        AArch64Emitter.emitIslandIfNeeded(buf, AArch64Emitter.worstCaseSize(i));
        if (listing != null) {
            listing.emit(i, buf);
        } else {
            AArch64Emitter.emit(i, buf);
        }
    }

    // ------------------------------------------------------------------ symbolic addresses

    /** The sp offset of a symbolic frame address. */
    private int spOffset(AArch64Amode a) {
        return switch (a) {
            case AArch64Amode.SpillSlot(int slot) -> layout.spillSlotSpOffset(slot);
            case AArch64Amode.StackSlot(int slot, int disp) -> layout.stackSlotSpOffset(slot) + disp;
            default -> throw new IllegalArgumentException("not a frame address: " + a);
        };
    }

    /**
     * Emits {@code inst} with its symbolic frame address resolved against the layout: an sp
     * immediate form when the offset has one for the access size, else {@code [sp, x17]} after
     * {@code x17 = offset}. Other instructions are emitted as they are.
     */
    public void emit(MachBuffer buf, AArch64Inst inst) {
        switch (inst) {
            case AArch64Inst.Load(AArch64MemOp op, int rt, AArch64Amode a) when a.isSymbolic() ->
                    e(buf, new AArch64Inst.Load(op, rt, resolve(buf, op, a)));
            case AArch64Inst.Store(AArch64MemOp op, int rt, AArch64Amode a) when a.isSymbolic() ->
                    e(buf, new AArch64Inst.Store(op, rt, resolve(buf, op, a)));
            case AArch64Inst.StackSlotAddr(int rd, int slot, int disp) -> {
                long off = (long) layout.stackSlotSpOffset(slot) + disp;
                AArch64Imm12 imm = AArch64Imm12.maybeFrom(off);
                if (imm != null) {
                    e(buf, new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, AArch64Size.S64, rd, AArch64Regs.SP, imm));
                } else {
                    // rd is free to hold the offset first (C6.2 ADD (extended register) can read sp).
                    e(buf, new AArch64Inst.MovImm(AArch64Size.S64, rd, off));
                    e(buf, new AArch64Inst.AluRRRExtend(AArch64AluOp.ADD, AArch64Size.S64, rd, AArch64Regs.SP, rd,
                            AArch64ExtendOp.UXTX, 0));
                }
            }
            default -> e(buf, inst);
        }
    }

    private AArch64Amode resolve(MachBuffer buf, AArch64MemOp op, AArch64Amode a) {
        int off = spOffset(a);
        AArch64Amode r = AArch64Amode.offset(AArch64Regs.SP, off, op.bytes());
        if (r != null) {
            return r;
        }
        int ip1 = AArch64Regs.X17;
        e(buf, new AArch64Inst.MovImm(AArch64Size.S64, ip1, off));
        return new AArch64Amode.RegOffset(AArch64Regs.SP, ip1, AArch64ExtendOp.UXTX, false);
    }

    // ------------------------------------------------------------------ prologue and epilogue

    /**
     * {@code stp fp, lr, [sp, #-16]!; mov fp, sp}, the save groups pushed in order, probes if
     * asked for, then the rest of the frame allocated.
     */
    public void emitPrologue(MachBuffer buf) {
        int sp = AArch64Regs.SP;
        if (layout.hasFrameRecord()) {
            e(buf, new AArch64Inst.StoreP64(AArch64Regs.FP, AArch64Regs.LR, new AArch64PairAmode.PreIndexed(sp, -16)));
            e(buf, new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, AArch64Size.S64, AArch64Regs.FP, sp, new AArch64Imm12(0, false)));
        }
        for (int g = 0; g < layout.saveGroupCount(); g++) {
            int first = layout.saveGroupFirst(g);
            int second = layout.saveGroupSecond(g);
            if (Regs.cls(first) != Regs.INT) {
                // d8..d15, whose low 64 bits AAPCS64 §6.1.2 makes callee-saved: the same slots an
                // stp would fill, written one d register at a time.
                e(buf, new AArch64Inst.Store(AArch64MemOp.STRD, dOf(first), new AArch64Amode.PreIndexed(sp, -16)));
                if (second >= 0) {
                    e(buf, new AArch64Inst.Store(AArch64MemOp.STRD, dOf(second), new AArch64Amode.UnsignedOffset(sp, 8)));
                }
                continue;
            }
            int a = xOf(first);
            if (second >= 0) {
                e(buf, new AArch64Inst.StoreP64(a, xOf(second), new AArch64PairAmode.PreIndexed(sp, -16)));
            } else {
                e(buf, new AArch64Inst.Store(AArch64MemOp.STR64, a, new AArch64Amode.PreIndexed(sp, -16)));
            }
        }
        int adj = layout.spAdjustAfterSaves();
        if (probeGuard > 0 && adj >= probeGuard) {
            emitProbes(buf, adj);
        }
        adjustSp(buf, AArch64AluOp.SUB, adj);
    }

    /**
     * Frees the frame and restores what the prologue saved, before a return; a {@code tail} body
     * then pops its stack arguments. Leaves the argument and return registers alone.
     */
    public void emitEpilogue(MachBuffer buf) {
        emitFrameRestore(buf);
        adjustSp(buf, AArch64AluOp.ADD, layout.stackBytesToPop());
    }

    /**
     * The epilogue of a tail call: as {@link #emitEpilogue} but the incoming argument area stays,
     * since the callee takes it over (its arguments were written there) and pops it itself.
     */
    public void emitTailCallEpilogue(MachBuffer buf) {
        emitFrameRestore(buf);
    }

    private void emitFrameRestore(MachBuffer buf) {
        int sp = AArch64Regs.SP;
        adjustSp(buf, AArch64AluOp.ADD, layout.spAdjustAfterSaves());
        for (int g = layout.saveGroupCount() - 1; g >= 0; g--) {
            int first = layout.saveGroupFirst(g);
            int second = layout.saveGroupSecond(g);
            if (Regs.cls(first) != Regs.INT) {
                if (second >= 0) {
                    e(buf, new AArch64Inst.Load(AArch64MemOp.LDRD, dOf(second), new AArch64Amode.UnsignedOffset(sp, 8)));
                }
                e(buf, new AArch64Inst.Load(AArch64MemOp.LDRD, dOf(first), new AArch64Amode.PostIndexed(sp, 16)));
                continue;
            }
            int a = xOf(first);
            if (second >= 0) {
                e(buf, new AArch64Inst.LoadP64(a, xOf(second), new AArch64PairAmode.PostIndexed(sp, 16)));
            } else {
                e(buf, new AArch64Inst.Load(AArch64MemOp.LDR64, a, new AArch64Amode.PostIndexed(sp, 16)));
            }
        }
        if (layout.hasFrameRecord()) {
            e(buf, new AArch64Inst.LoadP64(AArch64Regs.FP, AArch64Regs.LR, new AArch64PairAmode.PostIndexed(sp, 16)));
        }
    }

    /** The X register of a saved integer register. */
    private static int xOf(int preg) {
        return AArch64Regs.gpr(Regs.hw(preg));
    }

    /** The SIMD&amp;FP register of a saved FLOAT-class register. */
    private static int dOf(int preg) {
        return AArch64Regs.fpr(Regs.hw(preg));
    }

    private void adjustSp(MachBuffer buf, AArch64AluOp op, int bytes) {
        if (bytes == 0) {
            return;
        }
        int sp = AArch64Regs.SP;
        AArch64Imm12 imm = AArch64Imm12.maybeFrom(bytes);
        if (imm != null) {
            e(buf, new AArch64Inst.AluRRImm12(op, AArch64Size.S64, sp, sp, imm));
        } else {
            int ip0 = AArch64Regs.gpr(IP0);
            e(buf, new AArch64Inst.MovImm(AArch64Size.S64, ip0, bytes));
            e(buf, new AArch64Inst.AluRRRExtend(op, AArch64Size.S64, sp, sp, ip0, AArch64ExtendOp.UXTX, 0));
        }
    }

    /**
     * Touches one word in every guard-sized page of the {@code bytes} about to be allocated, top
     * down, before sp moves ({@code enable_probestack}, inline strategy), so that a large frame
     * runs into the guard page below the stack instead of stepping over it. A few pages are
     * unrolled, {@code sub x16, sp, #k*stride; str wzr, [x16]}; more become a loop with x16 walking
     * down to x17 = sp - total. x16 and x17 (IP0/IP1) hold nothing in a prologue.
     */
    private void emitProbes(MachBuffer buf, int bytes) {
        int stride = Math.min(probeGuard, MAX_PROBE_STRIDE);
        long probes = ((long) bytes + stride - 1) / stride;
        int sp = AArch64Regs.SP;
        int ip0 = AArch64Regs.X16;
        int ip1 = AArch64Regs.X17;
        AArch64Amode at = new AArch64Amode.UnsignedOffset(ip0, 0);
        if (probes <= PROBE_MAX_UNROLL) {
            for (int k = 1; k <= probes; k++) {
                subImm(buf, ip0, sp, (long) k * stride);
                e(buf, new AArch64Inst.Store(AArch64MemOp.STR32, AArch64Regs.XZR, at));
            }
            return;
        }
        long total = probes * stride;
        e(buf, new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, AArch64Size.S64, ip0, sp, new AArch64Imm12(0, false)));
        e(buf, new AArch64Inst.MovImm(AArch64Size.S64, ip1, total));
        e(buf, new AArch64Inst.AluRRRExtend(AArch64AluOp.SUB, AArch64Size.S64, ip1, sp, ip1, AArch64ExtendOp.UXTX, 0));
        int loop = buf.getLabel();
        buf.bindLabel(loop);
        subImm(buf, ip0, ip0, stride);
        e(buf, new AArch64Inst.Store(AArch64MemOp.STR32, AArch64Regs.XZR, at));
        e(buf, new AArch64Inst.AluRRR(AArch64AluOp.SUBS, AArch64Size.S64, AArch64Regs.XZR, ip0, ip1));
        e(buf, new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.Cond(AArch64Cond.NE), loop));
    }

    /** {@code rd = rn - k} for a k that is a (shifted) imm12, as every probe offset here is. */
    private void subImm(MachBuffer buf, int rd, int rn, long k) {
        AArch64Imm12 imm = AArch64Imm12.maybeFrom(k);
        if (imm == null) {
            // k * stride for k <= PROBE_MAX_UNROLL, stride a power of two up to 2^23: always encodes.
            throw new IllegalStateException("probe offset " + k + " is no imm12");
        }
        e(buf, new AArch64Inst.AluRRImm12(AArch64AluOp.SUB, AArch64Size.S64, rd, rn, imm));
    }

    /**
     * The registers the allocator may use: the caller-saved x0..x15 first (free to use), then the
     * callee-saved x19..x28 (each costs a save and a restore). x16 (ip0) is the allocator's scratch
     * register and the prologue's; x17 (ip1) is the frame's for far slot offsets and indirect tail
     * calls, and x18 (the platform register) is left alone; x29, x30 and sp are the frame. v0..v30
     * for floats, v31 the scratch.
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

package dev.davit.abi;

import dev.davit.ir.CallConv;
import java.util.Arrays;

/**
 * A body's stack frame, as data for the backend's prologue and epilogue emitters and for its
 * stack-slot and spill-slot addressing. From high to low addresses:
 *
 * <pre>
 *   incoming stack arguments        CFA + offset (the CFA is SP just before the call instruction)
 *   [tail growth]                   extra argument room for return_calls of a {@code tail} body
 *   return address | saved FP, LR   setup area (16 bytes); FP points at the saved FP
 *   callee-saved registers          clobber area, 16-byte multiple
 *   spill slots                     \ fixed storage,
 *   stack slots                     / 16-byte multiple
 *   outgoing arguments              SP after the prologue, 16-byte aligned
 * </pre>
 *
 * <p>x86-64 prologue: {@code push rbp; mov rbp, rsp}, then {@code push} each INT register of
 * {@link #savedRegs()} in order (its slot is {@code [rbp + saveFpOffset]}), then {@code sub rsp,
 * }{@link #spAdjustAfterSaves()}, then store the xmm registers at {@code [rsp + saveSpOffset]}.
 * The return address sits above rbp, so SP is 16-byte aligned after {@code push rbp} (psABI §3.2.2:
 * {@code rsp + 8} is a multiple of 16 at function entry).
 *
 * <p>AArch64 prologue: {@code stp fp, lr, [sp, #-16]!; mov fp, sp}, then for each save group in
 * order {@code stp first, second, [sp, #-16]!} (or {@code str first, [sp, #-16]!} when alone), then
 * {@code sub sp, sp, }{@link #spAdjustAfterSaves()}. AAPCS64 §6.4.5.3 requires SP to stay 16-byte
 * aligned at every access, and §6.4.6 wants the frame record (FP, LR) chained through FP. Only the
 * low 64 bits of v8-v15 need saving (§6.1.2), hence 8-byte d-register saves that pair like x
 * registers.
 *
 * <p>The epilogue undoes this in reverse; a {@code tail} body then pops {@link #stackBytesToPop()}
 * ({@code ret imm16} on x86-64, {@code add sp} after {@code ldp fp, lr} on AArch64).
 */
public final class FrameLayout {
    /** Which prologue shape the layout is for. */
    public enum Isa { X64, AARCH64 }

    private final Isa isa;
    private final int setupAreaSize;
    private final int[] savedRegs;
    private final int[] saveFpOffsets;
    private final int[] saveSizes;
    private final int[] groupFirst;
    private final int[] groupSecond;
    private final int pushedBytes;
    private final int clobberSize;
    private final int[] stackSlotOffsets;
    private final int[] spillSlotOffsets;
    private final int stackSlotsSize;
    private final int fixedFrameStorageSize;
    private final int outgoingArgsSize;
    private final int incomingArgsSize;
    private final int tailArgsSize;
    private final int stackBytesToPop;

    private FrameLayout(Isa isa, int setupAreaSize, int[] savedRegs, int[] saveFpOffsets, int[] saveSizes,
                        int[] groupFirst, int[] groupSecond, int pushedBytes, int clobberSize,
                        int[] stackSlotOffsets, int[] spillSlotOffsets, int stackSlotsSize,
                        int fixedFrameStorageSize, int outgoingArgsSize, int incomingArgsSize, int tailArgsSize,
                        int stackBytesToPop) {
        this.isa = isa;
        this.setupAreaSize = setupAreaSize;
        this.savedRegs = savedRegs;
        this.saveFpOffsets = saveFpOffsets;
        this.saveSizes = saveSizes;
        this.groupFirst = groupFirst;
        this.groupSecond = groupSecond;
        this.pushedBytes = pushedBytes;
        this.clobberSize = clobberSize;
        this.stackSlotOffsets = stackSlotOffsets;
        this.spillSlotOffsets = spillSlotOffsets;
        this.stackSlotsSize = stackSlotsSize;
        this.fixedFrameStorageSize = fixedFrameStorageSize;
        this.outgoingArgsSize = outgoingArgsSize;
        this.incomingArgsSize = incomingArgsSize;
        this.tailArgsSize = tailArgsSize;
        this.stackBytesToPop = stackBytesToPop;
    }

    /** Frames beyond this are refused rather than risk 32-bit displacement overflow. */
    public static final int MAX_FRAME = 1 << 30;

    static FrameLayout compute(Isa isa, AbiSig sig, FrameRequest req) {
        int incoming = sig.stackArgBytes();
        int tail = incoming;
        if (req.tailArgsSize >= 0) {
            if (sig.callConv() != CallConv.TAIL && req.tailArgsSize > incoming) {
                throw new IllegalArgumentException("only a callee-pops (tail) body can grow its argument area");
            }
            tail = Math.max(incoming, Lowering.alignTo(req.tailArgsSize, 16));
        }

        // Callee-saves: what the body writes and the convention makes it keep. Sorted ascending,
        // INT before FLOAT, for deterministic code.
        RegSet saves = req.clobbered.intersect(sig.calleeSaved());
        int[] regs = saves.toArray();
        int n = regs.length;
        int nInt = 0;
        while (nInt < n && Regs.cls(regs[nInt]) == Regs.INT) nInt++;
        int floatBytes = sig.floatSaveBytes();
        int[] fpOff = new int[n];
        int[] sizes = new int[n];
        int[] gFirst;
        int[] gSecond;
        int pushed;
        int clobber;
        if (isa == Isa.X64) {
            // pushes first: the k-th pushed register lands at rbp - 8(k+1)
            for (int k = 0; k < nInt; k++) {
                fpOff[k] = -8 * (k + 1);
                sizes[k] = 8;
            }
            pushed = 8 * nInt;
            int cur = Lowering.alignTo(pushed, 16);
            for (int k = nInt; k < n; k++) {
                cur += 16;
                fpOff[k] = -cur;
                sizes[k] = 16;
            }
            clobber = Lowering.alignTo(cur, 16);
            gFirst = new int[0];
            gSecond = new int[0];
        } else {
            int nFloat = n - nInt;
            int groups = (nInt + 1) / 2 + (floatBytes == 8 ? (nFloat + 1) / 2 : nFloat);
            gFirst = new int[groups];
            gSecond = new int[groups];
            int g = 0;
            int k = 0;
            while (k < n) {
                boolean isInt = k < nInt;
                int size = isInt ? 8 : floatBytes;
                int base = -16 * (g + 1);
                gFirst[g] = regs[k];
                fpOff[k] = base;
                sizes[k] = size;
                k++;
                int end = isInt ? nInt : n;
                if (size == 8 && k < end) {
                    gSecond[g] = regs[k];
                    fpOff[k] = base + 8;
                    sizes[k] = 8;
                    k++;
                } else {
                    gSecond[g] = -1;
                }
                g++;
            }
            pushed = 16 * groups;
            clobber = pushed;
        }

        // Stack slots from the bottom of the fixed area, each at least word-aligned.
        int[] slotOff = new int[req.stackSlotSizes.length];
        long cur = 0;
        for (int i = 0; i < slotOff.length; i++) {
            int size = req.stackSlotSizes[i];
            int align = req.stackSlotAligns[i];
            if (size < 0) throw new IllegalArgumentException("negative stack slot size " + size);
            if (align < 0 || (align & (align - 1)) != 0) throw new IllegalArgumentException("bad alignment " + align);
            int a = Math.max(align, 8);
            cur = (cur + a - 1) & -(long) a;
            checkFrame(cur + size);
            slotOff[i] = (int) cur;
            cur += size;
        }
        int stackSlotsSize = (int) cur;
        int[] spillOff = new int[req.spillSlotSizes.length];
        for (int i = 0; i < spillOff.length; i++) {
            int size = req.spillSlotSizes[i];
            if (size <= 0) throw new IllegalArgumentException("spill slot size must be positive: " + size);
            int a = size >= 16 ? 16 : Integer.highestOneBit(size);
            cur = (cur + a - 1) & -(long) a;
            checkFrame(cur + size);
            spillOff[i] = (int) cur;
            cur += size;
        }
        long fixedL = (cur + 15) & -16L;
        long outgoingL = ((long) req.outgoingArgsSize + 15) & -16L;
        checkFrame(fixedL + outgoingL + clobber + 16 + tail);
        int fixed = (int) fixedL;
        int outgoing = (int) outgoingL;
        for (int i = 0; i < slotOff.length; i++) slotOff[i] += outgoing;
        for (int i = 0; i < spillOff.length; i++) spillOff[i] += outgoing;

        int setup;
        if (isa == Isa.X64) {
            // Cranelift always builds the rbp frame on x86-64; unwinders and profilers rely on it.
            setup = 16;
        } else {
            boolean need = req.preserveFramePointers || !req.leaf || incoming > 0 || tail > incoming
                    || clobber > 0 || fixed > 0 || outgoing > 0;
            setup = need ? 16 : 0;
        }
        int pop = sig.callConv() == CallConv.TAIL ? tail : 0;
        return new FrameLayout(isa, setup, regs, fpOff, sizes, gFirst, gSecond, pushed, clobber, slotOff, spillOff,
                stackSlotsSize, fixed, outgoing, incoming, tail, pop);
    }

    private static void checkFrame(long bytes) {
        if (bytes > MAX_FRAME) throw new UnsupportedAbiException("stack frame of " + bytes + " bytes exceeds the limit");
    }

    public Isa isa() { return isa; }

    /** Whether the frame record (saved FP, and LR on AArch64) exists; FP-relative offsets need it. */
    public boolean hasFrameRecord() { return setupAreaSize > 0; }

    /** Return address plus saved rbp on x86-64, saved FP and LR on AArch64; 0 for a frameless AArch64 leaf. */
    public int setupAreaSize() { return setupAreaSize; }

    /** Callee-saved registers the prologue saves: INT ascending, then FLOAT ascending. Do not modify. */
    public int[] savedRegs() { return savedRegs; }

    public int savedRegCount() { return savedRegs.length; }

    public int savedReg(int i) { return savedRegs[i]; }

    /** Offset of saved register {@code i}'s slot from FP (negative). */
    public int saveFpOffset(int i) { return saveFpOffsets[i]; }

    /** Offset of saved register {@code i}'s slot from SP after the prologue. */
    public int saveSpOffset(int i) { return saveFpOffsets[i] + frameSize(); }

    /** Bytes saved for register {@code i}: 8, or 16 for a whole xmm/q register. */
    public int saveSize(int i) { return saveSizes[i]; }

    /**
     * x86-64: whether register {@code i} is saved by a {@code push} (INT) rather than stored after
     * the SP adjustment (xmm). AArch64: always true, every save is a pre-indexed push.
     */
    public boolean isPushed(int i) { return isa == Isa.AARCH64 || Regs.cls(savedRegs[i]) == Regs.INT; }

    /** AArch64: number of 16-byte save groups, pushed in index order. 0 on x86-64. */
    public int saveGroupCount() { return groupFirst.length; }

    /** AArch64: the register stored at the lower address of group {@code g} (at {@code FP - 16(g+1)}). */
    public int saveGroupFirst(int g) { return groupFirst[g]; }

    /** AArch64: the register stored 8 bytes above the first one, or -1 if the group holds one register. */
    public int saveGroupSecond(int g) { return groupSecond[g]; }

    /** Bytes the prologue's pushes move SP (x86-64 GPR pushes; AArch64 save groups). */
    public int pushedBytes() { return pushedBytes; }

    /** The SP decrement that follows the saves and completes the frame. */
    public int spAdjustAfterSaves() { return frameSize() - pushedBytes; }

    /** The clobber (callee-save) area, a 16-byte multiple. */
    public int clobberSize() { return clobberSize; }

    /** Stack slots plus spill slots, rounded to 16. */
    public int fixedFrameStorageSize() { return fixedFrameStorageSize; }

    /** Bytes of the stack-slot part of the fixed storage (before spill slots). */
    public int stackSlotsSize() { return stackSlotsSize; }

    /** The outgoing-argument area at the bottom of the frame, a 16-byte multiple. */
    public int outgoingArgsSize() { return outgoingArgsSize; }

    /** Bytes between FP and SP once the prologue is done: clobbers, fixed storage, outgoing area. */
    public int frameSize() { return clobberSize + fixedFrameStorageSize + outgoingArgsSize; }

    /**
     * Bytes between the CFA and SP after the prologue: setup area, frame and any tail growth. Always
     * a multiple of 16, which is what keeps SP 16-byte aligned at every call.
     */
    public int totalSize() { return (tailArgsSize - incomingArgsSize) + setupAreaSize + frameSize(); }

    public int stackSlotCount() { return stackSlotOffsets.length; }

    public int stackSlotSpOffset(int i) { return stackSlotOffsets[i]; }

    public int stackSlotFpOffset(int i) { return stackSlotOffsets[i] - frameSize(); }

    public int spillSlotCount() { return spillSlotOffsets.length; }

    public int spillSlotSpOffset(int i) { return spillSlotOffsets[i]; }

    public int spillSlotFpOffset(int i) { return spillSlotOffsets[i] - frameSize(); }

    /** Offset from FP of the incoming stack argument at {@link AbiLocation#offset} {@code off}. */
    public int incomingArgFpOffset(int off) { return setupAreaSize + (tailArgsSize - incomingArgsSize) + off; }

    /** Offset from SP (after the prologue) of the incoming stack argument at {@code off}. */
    public int incomingArgSpOffset(int off) { return frameSize() + incomingArgFpOffset(off); }

    /** The signature's stack-argument bytes. */
    public int incomingArgsSize() { return incomingArgsSize; }

    /** The (possibly grown) argument area of a {@code tail} body; equal to {@link #incomingArgsSize()} otherwise. */
    public int tailArgsSize() { return tailArgsSize; }

    /** Bytes the return pops off the caller's stack ({@code tail} only). */
    public int stackBytesToPop() { return stackBytesToPop; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("frame ").append(isa)
                .append(" setup=").append(setupAreaSize)
                .append(" clobbers=").append(clobberSize)
                .append(" fixed=").append(fixedFrameStorageSize)
                .append(" outgoing=").append(outgoingArgsSize)
                .append(" total=").append(totalSize());
        if (savedRegs.length > 0) {
            sb.append(" saves=[");
            for (int i = 0; i < savedRegs.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(Regs.toString(savedRegs[i])).append("@fp").append(saveFpOffsets[i]);
            }
            sb.append(']');
        }
        if (stackSlotOffsets.length > 0) sb.append(" slots@sp=").append(Arrays.toString(stackSlotOffsets));
        if (spillSlotOffsets.length > 0) sb.append(" spills@sp=").append(Arrays.toString(spillSlotOffsets));
        if (stackBytesToPop > 0) sb.append(" pop=").append(stackBytesToPop);
        return sb.toString();
    }
}

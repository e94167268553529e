package dev.davit.abi;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import java.util.function.IntFunction;

/**
 * A signature lowered by a {@link CallingConvention}: where every parameter and return value
 * lives, how much stack the arguments and the return area take, the hidden return-area pointer if
 * any, the extension each narrow integer gets, and the register sets a call to (or a body with)
 * this signature must respect.
 *
 * <p>Immutable; a backend may keep one per {@link Signature} (records hash by value) and share it
 * between the callee and all of its call sites. Indices follow {@code signature.params()} and
 * {@code signature.returns()} exactly: hidden values (the return-area pointer, the struct-return
 * pointer a callee hands back) have their own accessors.
 */
public final class AbiSig {
    private static final AbiParam.Extension[] EXTENSIONS = AbiParam.Extension.values();

    private final Signature signature;
    private final int[] paramLocs;
    private final int[] paramBytes;
    private final byte[] paramExt;
    private final int[] paramBuffers;
    private final int[] returnLocs;
    private final int[] returnBytes;
    private final byte[] returnExt;
    private final int stackArgBytes;
    private final int stackRetBytes;
    private final int retAreaPtr;
    private final int sretParam;
    private final int sretReturn;
    private final RegSet callerSaved;
    private final RegSet calleeSaved;
    private final RegSet callClobbers;
    private final int calleePopBytes;
    private final int floatSaveBytes;
    private final IntFunction<String> regNames;

    AbiSig(Signature signature, int[] paramLocs, int[] paramBytes, byte[] paramExt, int[] paramBuffers,
           int[] returnLocs, int[] returnBytes, byte[] returnExt, int stackArgBytes, int stackRetBytes,
           int retAreaPtr, int sretParam, int sretReturn, RegSet callerSaved, RegSet calleeSaved,
           int calleePopBytes, int floatSaveBytes, IntFunction<String> regNames) {
        this.signature = signature;
        this.paramLocs = paramLocs;
        this.paramBytes = paramBytes;
        this.paramExt = paramExt;
        this.paramBuffers = paramBuffers;
        this.returnLocs = returnLocs;
        this.returnBytes = returnBytes;
        this.returnExt = returnExt;
        this.stackArgBytes = stackArgBytes;
        this.stackRetBytes = stackRetBytes;
        this.retAreaPtr = retAreaPtr;
        this.sretParam = sretParam;
        this.sretReturn = sretReturn;
        this.callerSaved = callerSaved;
        this.calleeSaved = calleeSaved;
        this.calleePopBytes = calleePopBytes;
        this.floatSaveBytes = floatSaveBytes;
        this.regNames = regNames;
        // Return registers are written by the call, so they are definitions rather than clobbers;
        // the register allocator wants the two sets disjoint. The struct-return pointer handed back
        // in rax is not a CLIF-level result, so it stays a clobber (as in Cranelift's call_clobbers).
        long[] w = {callerSaved.word(Regs.INT), callerSaved.word(Regs.FLOAT), callerSaved.word(Regs.VECTOR)};
        for (int loc : returnLocs) {
            int k = AbiLocation.kind(loc);
            if (k == AbiLocation.REG) {
                clear(w, AbiLocation.preg(loc));
            } else if (k == AbiLocation.REG_PAIR) {
                clear(w, AbiLocation.lo(loc));
                clear(w, AbiLocation.hi(loc));
            }
        }
        this.callClobbers = RegSet.ofWords(w[0], w[1], w[2]);
    }

    private static void clear(long[] words, int preg) {
        words[Regs.cls(preg)] &= ~(1L << Regs.hw(preg));
    }

    private static RegSet regsOf(int loc) {
        return switch (AbiLocation.kind(loc)) {
            case AbiLocation.REG, AbiLocation.INDIRECT_REG -> RegSet.of(AbiLocation.preg(loc));
            case AbiLocation.REG_PAIR -> RegSet.of(AbiLocation.lo(loc), AbiLocation.hi(loc));
            default -> RegSet.EMPTY;
        };
    }

    public Signature signature() { return signature; }

    public CallConv callConv() { return signature.callConv(); }

    public int paramCount() { return paramLocs.length; }

    public int returnCount() { return returnLocs.length; }

    /** The {@link AbiLocation} of parameter {@code i}. */
    public int paramLoc(int i) { return paramLocs[i]; }

    /** The {@link AbiLocation} of return value {@code i}; {@link AbiLocation#STACK} means the return area. */
    public int returnLoc(int i) { return returnLocs[i]; }

    /** Bytes parameter {@code i} occupies at a stack location (slot size, pointer or sarg size); 0 in registers. */
    public int paramStackBytes(int i) { return paramBytes[i]; }

    /** Bytes return value {@code i} occupies in the return area; 0 in registers. */
    public int returnStackBytes(int i) { return returnBytes[i]; }

    /**
     * The extension the ABI boundary applies to a narrow integer parameter: what the caller must do
     * before the call and what the callee may assume. May differ from the CLIF annotation when the
     * convention ignores it (AAPCS64 leaves unused bits unspecified, so Cranelift drops it there).
     */
    public AbiParam.Extension paramExtension(int i) { return EXTENSIONS[paramExt[i]]; }

    public AbiParam.Extension returnExtension(int i) { return EXTENSIONS[returnExt[i]]; }

    /** For an indirect parameter, the offset of the caller's copy in the outgoing area; -1 otherwise. */
    public int paramBuffer(int i) { return paramBuffers[i]; }

    /**
     * Bytes of stack the arguments take, 16-byte aligned, including Windows' 32-byte shadow space
     * and indirect-argument copies: the caller reserves this much below its SP at the call.
     */
    public int stackArgBytes() { return stackArgBytes; }

    /** Size of the return area (16-byte aligned), 0 when every return value is in a register. */
    public int stackRetBytes() { return stackRetBytes; }

    public boolean hasReturnArea() { return stackRetBytes > 0; }

    /**
     * Where a caller places the return area: right above the outgoing arguments, at this offset
     * from SP at the call (Cranelift's layout). The hidden pointer passed is SP + this offset.
     */
    public int returnAreaOffset() { return stackArgBytes; }

    /** Outgoing-area bytes a call with this signature needs: arguments plus return area. */
    public int outgoingAreaBytes() { return stackArgBytes + stackRetBytes; }

    /** Where the hidden return-area pointer is passed ({@link AbiLocation#NONE} if there is none). */
    public int returnAreaPointer() { return retAreaPtr; }

    /** Index of the {@code sret} parameter, or -1. */
    public int structReturnParam() { return sretParam; }

    /**
     * Where the callee hands the {@code sret} pointer back, {@link AbiLocation#NONE} if it need not:
     * rax on x86-64 (System V psABI §3.2.3 "Returning of Values", Microsoft x64 "Return values"),
     * nothing on AArch64 (AAPCS64 §6.9: x8 is not preserved and the address is not returned).
     */
    public int structReturnReturn() { return sretReturn; }

    /** Registers the convention lets a callee destroy (its caller-saved set). */
    public RegSet callerSaved() { return callerSaved; }

    /**
     * Registers a body with this signature must restore if it writes them. Stack and frame pointer
     * (and the link register) are not listed: the frame record preserves them.
     */
    public RegSet calleeSaved() { return calleeSaved; }

    /** What a call instruction clobbers for the allocator: {@link #callerSaved()} minus the return registers. */
    public RegSet callClobbers() { return callClobbers; }

    /**
     * Stack-argument bytes the callee pops on return ({@code tail}); 0 when the caller pops. A
     * caller that keeps a fixed outgoing area at the bottom of its frame must lower SP by this much
     * again after the call returns, as Cranelift does.
     */
    public int calleePopBytes() { return calleePopBytes; }

    /** Bytes a FLOAT-class callee-save needs in the frame: 16 for whole xmm/q registers, 8 for AAPCS64's d8-d15. */
    public int floatSaveBytes() { return floatSaveBytes; }

    /** Registers the arguments occupy, the hidden return-area pointer included. */
    public RegSet paramRegs() {
        RegSet s = regsOf(retAreaPtr);
        for (int loc : paramLocs) s = s.union(regsOf(loc));
        return s;
    }

    /** Registers the return values occupy. */
    public RegSet returnRegs() {
        RegSet s = RegSet.EMPTY;
        for (int loc : returnLocs) s = s.union(regsOf(loc));
        return s;
    }

    public String regName(int preg) { return regNames.apply(preg); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < paramLocs.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(AbiLocation.toString(paramLocs[i], regNames));
            if (paramBuffers[i] >= 0) sb.append(" buf+").append(paramBuffers[i]);
        }
        sb.append(") -> (");
        for (int i = 0; i < returnLocs.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(AbiLocation.toString(returnLocs[i], regNames));
        }
        sb.append(") ").append(signature.callConv().text()).append(" args=").append(stackArgBytes);
        if (stackRetBytes > 0) {
            sb.append(" ret_area=").append(stackRetBytes).append(" via ")
                    .append(AbiLocation.toString(retAreaPtr, regNames));
        }
        if (calleePopBytes > 0) sb.append(" callee_pops=").append(calleePopBytes);
        return sb.toString();
    }
}

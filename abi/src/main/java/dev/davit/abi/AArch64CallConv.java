package dev.davit.abi;

import static dev.davit.abi.Lowering.C_I128;
import static dev.davit.abi.Lowering.C_INT;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import java.util.List;

/**
 * AArch64 calling conventions: {@code system_v} and {@code fast} (AAPCS64, "Procedure Call
 * Standard for the Arm 64-bit Architecture" §6.8 "Parameter passing"), {@code apple_aarch64}
 * (Apple's "Writing ARM64 code for Apple platforms" differences), {@code tail} (Cranelift's) and
 * {@code preserve_all}.
 *
 * <p>Multiple return values use x0-x7 and v0-v7 independently, as Cranelift does; AAPCS64 itself
 * only defines a single result. Stage C rule numbers below are those of the pre-SVE AAPCS64
 * releases (2021Q1 and earlier), which Cranelift's comments also use.
 *
 * <p>Where we part from Cranelift: rule C.11 is applied (after an i128 fails to fit in x6/x7 no
 * later integer argument takes a register, as in LLVM); {@code sret} with {@code tail} is allowed;
 * the {@code sret} pointer is not handed back (Cranelift models it as a return in x8). {@code
 * preserve_all} follows Cranelift's "nothing clobbered" except for x16/x17, which veneers may
 * destroy before the callee runs.
 */
public final class AArch64CallConv implements CallingConvention {
    public static final int X8 = xreg(8), X16 = xreg(16), X17 = xreg(17), X18 = xreg(18), FP = xreg(29),
            LR = xreg(30), SP = xreg(31);

    /** The pinned register under {@code enable_pinned_reg}, as in Cranelift. */
    public static final int PINNED = xreg(21);

    public static int xreg(int n) { return Regs.preg(Regs.INT, n); }

    public static int vreg(int n) { return Regs.preg(Regs.FLOAT, n); }

    private static final int NUM_ARG_REGS = 8;

    // AAPCS64 §6.1.1: x0-x17 (arguments, XR=x8, temporaries, IP0/IP1) are not preserved; x18 is the
    // platform register, never allocated, so it belongs to neither set. §6.1.2: v0-v7 and v16-v31
    // are not preserved and only the low 64 bits of v8-v15 are; a call site has to treat the whole
    // of v8-v15 as clobbered because allocation works on whole registers (Cranelift does the same).
    private static final RegSet AAPCS_CALLER_SAVED = RegSet.range(Regs.INT, 0, 17).union(RegSet.range(Regs.FLOAT, 0, 31));
    // §6.1.1: x19-x28 callee-saved; x29/x30 are saved by the frame record, so left out here.
    private static final RegSet AAPCS_CALLEE_SAVED = RegSet.range(Regs.INT, 19, 28).union(RegSet.range(Regs.FLOAT, 8, 15));
    // preserve_all still loses IP0/IP1: a linker veneer may corrupt them between caller and callee
    // (AAPCS64 §6.1.1 / §6.7 "Use of IP0 and IP1 by the linker").
    private static final RegSet PRESERVE_ALL_CALLER_SAVED = RegSet.of(X16, X17);
    private static final RegSet PRESERVE_ALL_CALLEE_SAVED = RegSet.range(Regs.INT, 0, 15)
            .union(RegSet.range(Regs.INT, 19, 28)).union(RegSet.range(Regs.FLOAT, 0, 31));

    private final AbiFlags flags;

    public AArch64CallConv(AbiFlags flags) {
        this.flags = flags;
    }

    public AbiFlags flags() { return flags; }

    @Override
    public String isaName() { return "aarch64"; }

    @Override
    public boolean supports(CallConv cc) {
        return switch (cc) {
            case SYSTEM_V, FAST, TAIL, APPLE_AARCH64, PRESERVE_ALL -> true;
            default -> false;
        };
    }

    @Override
    public String regName(int preg) {
        int hw = Regs.hw(preg);
        return switch (Regs.cls(preg)) {
            case Regs.INT -> hw == 29 ? "fp" : hw == 30 ? "lr" : hw == 31 ? "sp" : "x" + hw;
            case Regs.FLOAT -> "v" + hw;
            default -> Regs.toString(preg);
        };
    }

    @Override
    public RegSet callerSaved(CallConv cc) {
        return switch (cc) {
            case PRESERVE_ALL -> PRESERVE_ALL_CALLER_SAVED;
            case SYSTEM_V, FAST, TAIL, APPLE_AARCH64 -> AAPCS_CALLER_SAVED;
            default -> throw unsupported(cc);
        };
    }

    @Override
    public RegSet calleeSaved(CallConv cc) {
        RegSet s = switch (cc) {
            case PRESERVE_ALL -> PRESERVE_ALL_CALLEE_SAVED;
            case SYSTEM_V, FAST, TAIL, APPLE_AARCH64 -> AAPCS_CALLEE_SAVED;
            default -> throw unsupported(cc);
        };
        return flags.pinnedReg() ? s.without(PINNED) : s;
    }

    private static UnsupportedAbiException unsupported(CallConv cc) {
        return new UnsupportedAbiException("calling convention " + cc.text() + " is not supported on aarch64");
    }

    @Override
    public AbiSig compute(Signature sig) {
        CallConv cc = sig.callConv();
        if (!supports(cc)) throw unsupported(cc);
        boolean apple = cc == CallConv.APPLE_AARCH64;
        // Cranelift's tail convention keeps x0 for a return-area pointer and x1 for an indirect
        // callee's address, so its integer arguments and results start at x2.
        int firstX = cc == CallConv.TAIL ? 2 : 0;
        List<AbiParam> params = sig.params();
        List<AbiParam> returns = sig.returns();
        int sretParam = Lowering.indexOfPurpose(params, AbiParam.Purpose.STRUCT_RETURN);

        Lowering rets = new Lowering(returns.size(), 0);
        assign(cc, returns, rets, firstX, apple, true);
        int stackRetBytes = rets.alignedSize();

        int retAreaPtr = AbiLocation.NONE;
        if (stackRetBytes > 0) {
            if (sretParam >= 0) {
                throw new UnsupportedAbiException("a signature with an sret parameter cannot also need a return area");
            }
            // AAPCS64 §6.9: the address of a memory result goes in the indirect result register x8,
            // which is not an argument register, so no argument moves.
            retAreaPtr = AbiLocation.reg(X8);
        }
        Lowering args = new Lowering(params.size(), 0);
        assign(cc, params, args, firstX, apple, false);
        int stackArgBytes = args.alignedSize();

        RegSet callerSaved = callerSaved(cc);
        RegSet calleeSaved = calleeSaved(cc);
        int floatSaveBytes = 8;
        if (cc == CallConv.PRESERVE_ALL) {
            for (int loc : rets.locs) {
                if (AbiLocation.kind(loc) == AbiLocation.REG) calleeSaved = calleeSaved.without(AbiLocation.preg(loc));
                if (AbiLocation.kind(loc) == AbiLocation.REG_PAIR) {
                    calleeSaved = calleeSaved.without(AbiLocation.lo(loc)).without(AbiLocation.hi(loc));
                }
            }
            // Whole q registers: the caller may keep 128-bit values anywhere.
            floatSaveBytes = 16;
        }
        int calleePop = cc == CallConv.TAIL ? stackArgBytes : 0;
        return new AbiSig(sig, args.locs, args.bytes, args.ext, Lowering.noBuffers(params.size()), rets.locs,
                rets.bytes, rets.ext, stackArgBytes, stackRetBytes, retAreaPtr, sretParam, AbiLocation.NONE,
                callerSaved, calleeSaved, calleePop, floatSaveBytes, this::regName);
    }

    private void assign(CallConv cc, List<AbiParam> list, Lowering out, int firstX, boolean apple, boolean isReturn) {
        int xr = firstX;
        int vr = 0;
        for (int i = 0; i < list.size(); i++) {
            AbiParam p = list.get(i);
            Type t = p.type();
            // Only Apple requires the caller to extend narrow integers (to 32 bits); AAPCS64 leaves
            // the unused bits unspecified, so Cranelift ignores uext/sext there and so do we.
            out.ext[i] = apple ? (byte) p.extension().ordinal() : 0;
            switch (p.purpose()) {
                case STRUCT_ARGUMENT -> throw new UnsupportedAbiException(
                        "sarg parameters are not supported on aarch64; pass a pointer instead");
                case STRUCT_RETURN -> {
                    if (!isReturn) {
                        if (t != Type.I64) throw new UnsupportedAbiException("sret must be an i64 pointer, not " + t);
                        out.locs[i] = AbiLocation.reg(X8);
                        continue;
                    }
                }
                default -> { }
            }
            if (apple && t == Type.F128 && !flags.llvmAbiExtensions()) {
                throw new UnsupportedAbiException("f128 on apple_aarch64 needs enable_llvm_abi_extensions");
            }
            int cls = Lowering.classify(t);
            if (cls == C_I128) {
                if (xr <= NUM_ARG_REGS - 2) {
                    // C.8: a 16-byte-aligned argument starts at an even register. Apple's ABI skips
                    // that rule and packs the pair into the next two registers.
                    if (!apple && (xr & 1) != 0) xr++;
                    // C.9: low half in x[n], high half in x[n+1].
                    out.locs[i] = AbiLocation.regPair(xreg(xr), xreg(xr + 1));
                    xr += 2;
                    continue;
                }
                // C.11: once an integer argument goes to memory, no later one uses registers
                // (LLVM agrees; this also keeps the pair from being split).
                xr = NUM_ARG_REGS;
            } else if (cls == C_INT) {
                if (xr < NUM_ARG_REGS) {
                    out.locs[i] = AbiLocation.reg(xreg(xr++));
                    continue;
                }
            } else if (vr < NUM_ARG_REGS) {
                // C.1: floating-point and short-vector arguments in v[NSRN].
                out.locs[i] = AbiLocation.reg(vreg(vr++));
                continue;
            }
            if (isReturn && !flags.multiRetImplicitSret()) {
                throw new UnsupportedAbiException("Too many return values to fit in registers. "
                        + "Use a StructReturn argument instead, or enable_multi_ret_implicit_sret.");
            }
            int natural = t.bytes();
            // AAPCS64 C.12/C.14 (and C.4/C.5 for floats): every stack argument takes at least 8
            // bytes and the NSAA is aligned to max(8, natural alignment). Apple: "arguments may
            // consume slots on the stack that are not multiples of 8 bytes", only natural alignment.
            int size = apple ? natural : Math.max(natural, 8);
            out.locs[i] = AbiLocation.stack(out.spill(size, size));
            out.bytes[i] = size;
        }
    }

    @Override
    public FrameLayout layoutFrame(AbiSig sig, FrameRequest request) {
        return FrameLayout.compute(FrameLayout.Isa.AARCH64, sig, request);
    }
}

package dev.davit.abi;

import static dev.davit.abi.Lowering.C_FLOAT;
import static dev.davit.abi.Lowering.C_I128;
import static dev.davit.abi.Lowering.C_INT;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import java.util.List;

/**
 * x86-64 calling conventions: {@code system_v} (System V AMD64 psABI §3.2.3 "Parameter Passing"),
 * {@code fast} (identical to system_v, as in Cranelift), {@code tail} (Cranelift's: system_v
 * arguments, more return registers, callee pops its stack arguments), {@code preserve_all}
 * (system_v assignment, nothing clobbered) and {@code windows_fastcall} (Microsoft x64 calling
 * convention).
 *
 * <p>Where we part from Cranelift, on purpose: an i128 is never split between a register and
 * the stack in any of the System V family (Cranelift only guards {@code system_v}); i128 is accepted
 * without {@code enable_llvm_abi_extensions}; and on Windows an i128 argument goes by reference
 * like every other value that is not 1, 2, 4 or 8 bytes (Cranelift splits it into two positional
 * i64s). As in Cranelift, 64-bit vectors travel in xmm registers on Windows too (MSVC would use
 * an integer register for {@code __m64}).
 */
public final class X64CallConv implements CallingConvention {
    public static final int RAX = gpr(0), RCX = gpr(1), RDX = gpr(2), RBX = gpr(3), RSP = gpr(4), RBP = gpr(5),
            RSI = gpr(6), RDI = gpr(7), R8 = gpr(8), R9 = gpr(9), R10 = gpr(10), R11 = gpr(11), R12 = gpr(12),
            R13 = gpr(13), R14 = gpr(14), R15 = gpr(15);

    /** The pinned register under {@code enable_pinned_reg}, as in Cranelift. */
    public static final int PINNED = R15;

    public static int gpr(int hw) { return Regs.preg(Regs.INT, hw); }

    public static int xmm(int n) { return Regs.preg(Regs.FLOAT, n); }

    private static final String[] GPR_NAMES = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"
    };

    // psABI §3.2.3: INTEGER class in rdi, rsi, rdx, rcx, r8, r9; SSE class in xmm0-xmm7; each
    // class counted on its own.
    private static final int[] SYSV_INT_ARGS = {RDI, RSI, RDX, RCX, R8, R9};
    private static final int[] SYSV_FLOAT_ARGS = {xmm(0), xmm(1), xmm(2), xmm(3), xmm(4), xmm(5), xmm(6), xmm(7)};
    // Microsoft x64: the first four arguments by position, integer ones in rcx, rdx, r8, r9 and
    // floating-point ones in xmm0-xmm3; a position consumed by one class is lost to the other.
    private static final int[] WIN_INT_ARGS = {RCX, RDX, R8, R9};
    private static final int[] WIN_FLOAT_ARGS = {xmm(0), xmm(1), xmm(2), xmm(3)};

    // psABI §3.2.3 "Returning of Values": INTEGER in rax then rdx, SSE in xmm0 then xmm1. rcx is
    // LLVM's extension for a third integer eightbyte, which Cranelift allows with
    // enable_llvm_abi_extensions.
    private static final int[] SYSV_INT_RETS = {RAX, RDX};
    private static final int[] SYSV_INT_RETS_LLVM = {RAX, RDX, RCX};
    private static final int[] SYSV_FLOAT_RETS = {xmm(0), xmm(1)};
    // Cranelift's tail convention returns in every caller-saved GPR but r11 (its scratch register
    // in the tail-call sequence) and in xmm0-xmm7.
    private static final int[] TAIL_INT_RETS = {RAX, RCX, RDX, RSI, RDI, R8, R9, R10};
    private static final int[] TAIL_FLOAT_RETS = SYSV_FLOAT_ARGS;
    // Microsoft x64 returns a scalar in rax or xmm0; rdx carries an i128's high half as rustc's
    // ABI (and Cranelift) does.
    private static final int[] WIN_INT_RETS = {RAX, RDX};
    private static final int[] WIN_FLOAT_RETS = {xmm(0)};

    /** The caller provides 32 bytes of "home" space for the four register arguments (Microsoft x64). */
    public static final int WINDOWS_SHADOW_SPACE = 32;

    // psABI Figure 3.4 "Register Usage": rbx, rbp, r12-r15 preserved; rbp is left out here because
    // the frame record saves it.
    private static final RegSet SYSV_CALLEE_SAVED = RegSet.of(RBX, R12, R13, R14, R15);
    private static final RegSet SYSV_CALLER_SAVED = RegSet.of(RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11)
            .union(RegSet.range(Regs.FLOAT, 0, 15));
    // Microsoft x64 "Caller/callee saved registers": rax, rcx, rdx, r8-r11 and xmm0-xmm5 are volatile;
    // rbx, rbp, rdi, rsi, rsp, r12-r15 and xmm6-xmm15 nonvolatile.
    private static final RegSet WIN_CALLEE_SAVED = RegSet.of(RBX, RSI, RDI, R12, R13, R14, R15)
            .union(RegSet.range(Regs.FLOAT, 6, 15));
    private static final RegSet WIN_CALLER_SAVED = RegSet.of(RAX, RCX, RDX, R8, R9, R10, R11)
            .union(RegSet.range(Regs.FLOAT, 0, 5));
    // preserve_all: every allocatable register survives the call (LLVM's preserve_all keeps r11 as
    // scratch; Cranelift keeps nothing, so neither do we).
    private static final RegSet ALL_ALLOCATABLE = RegSet.range(Regs.INT, 0, 15).without(RSP).without(RBP)
            .union(RegSet.range(Regs.FLOAT, 0, 15));

    private final AbiFlags flags;

    public X64CallConv(AbiFlags flags) {
        this.flags = flags;
    }

    public AbiFlags flags() { return flags; }

    @Override
    public String isaName() { return "x86_64"; }

    @Override
    public boolean supports(CallConv cc) {
        return switch (cc) {
            case SYSTEM_V, FAST, TAIL, WINDOWS_FASTCALL, PRESERVE_ALL -> true;
            default -> false;
        };
    }

    @Override
    public String regName(int preg) {
        return switch (Regs.cls(preg)) {
            case Regs.INT -> Regs.hw(preg) < 16 ? GPR_NAMES[Regs.hw(preg)] : Regs.toString(preg);
            case Regs.FLOAT -> "xmm" + Regs.hw(preg);
            default -> Regs.toString(preg);
        };
    }

    @Override
    public RegSet callerSaved(CallConv cc) {
        return switch (cc) {
            case WINDOWS_FASTCALL -> WIN_CALLER_SAVED;
            case PRESERVE_ALL -> RegSet.EMPTY;
            case SYSTEM_V, FAST, TAIL -> SYSV_CALLER_SAVED;
            default -> throw unsupported(cc);
        };
    }

    @Override
    public RegSet calleeSaved(CallConv cc) {
        RegSet s = switch (cc) {
            case WINDOWS_FASTCALL -> WIN_CALLEE_SAVED;
            case PRESERVE_ALL -> ALL_ALLOCATABLE;
            // Cranelift's tail convention keeps the System V callee-saves (it once had none).
            case SYSTEM_V, FAST, TAIL -> SYSV_CALLEE_SAVED;
            default -> throw unsupported(cc);
        };
        return flags.pinnedReg() ? s.without(PINNED) : s;
    }

    private static UnsupportedAbiException unsupported(CallConv cc) {
        return new UnsupportedAbiException("calling convention " + cc.text() + " is not supported on x86_64");
    }

    @Override
    public AbiSig compute(Signature sig) {
        CallConv cc = sig.callConv();
        if (!supports(cc)) throw unsupported(cc);
        boolean win = cc == CallConv.WINDOWS_FASTCALL;
        List<AbiParam> params = sig.params();
        List<AbiParam> returns = sig.returns();

        int sretParam = Lowering.indexOfPurpose(params, AbiParam.Purpose.STRUCT_RETURN);
        // Both ABIs make the callee return the sret address in rax; like Cranelift we account for it
        // as a leading hidden return so real returns start after it.
        boolean sretHidden = sretParam >= 0 && Lowering.indexOfPurpose(returns, AbiParam.Purpose.STRUCT_RETURN) < 0;

        // Returns first: whether they overflow decides the hidden return-area argument.
        int[] intRets = switch (cc) {
            case TAIL -> TAIL_INT_RETS;
            case WINDOWS_FASTCALL -> WIN_INT_RETS;
            default -> flags.llvmAbiExtensions() ? SYSV_INT_RETS_LLVM : SYSV_INT_RETS;
        };
        int[] floatRets = cc == CallConv.TAIL ? TAIL_FLOAT_RETS : win ? WIN_FLOAT_RETS : SYSV_FLOAT_RETS;
        Lowering rets = new Lowering(returns.size(), 0);
        int gi = sretHidden ? 1 : 0;
        int fi = 0;
        for (int i = 0; i < returns.size(); i++) {
            AbiParam p = returns.get(i);
            if (p.purpose() == AbiParam.Purpose.STRUCT_ARGUMENT) {
                throw new UnsupportedAbiException("sarg is only meaningful for parameters");
            }
            rets.ext[i] = (byte) p.extension().ordinal();
            int cls = Lowering.classify(p.type());
            int loc;
            if (cls == C_I128) {
                if (gi + 1 < intRets.length) {
                    loc = AbiLocation.regPair(intRets[gi], intRets[gi + 1]);
                    gi += 2;
                } else {
                    gi = intRets.length;
                    loc = retSpill(rets, i, 16, 16);
                }
            } else if (cls == C_INT) {
                loc = gi < intRets.length ? AbiLocation.reg(intRets[gi++]) : retSpill(rets, i, 8, 8);
            } else {
                int size = Math.max(p.type().bytes(), 8);
                loc = fi < floatRets.length ? AbiLocation.reg(floatRets[fi++]) : retSpill(rets, i, size, size);
            }
            rets.locs[i] = loc;
        }
        int stackRetBytes = rets.alignedSize();

        int[] intArgs = win ? WIN_INT_ARGS : SYSV_INT_ARGS;
        int[] floatArgs = win ? WIN_FLOAT_ARGS : SYSV_FLOAT_ARGS;
        Lowering args = new Lowering(params.size(), win ? WINDOWS_SHADOW_SPACE : 0);
        int[] buffers = Lowering.noBuffers(params.size());
        gi = 0;
        fi = 0;
        int pos = 0;
        int retAreaPtr = AbiLocation.NONE;
        if (stackRetBytes > 0) {
            // The return-area address travels as the first argument, the way psABI §3.2.3 passes the
            // address of a MEMORY-class result in rdi (rcx on Windows); later arguments shift by one.
            retAreaPtr = AbiLocation.reg(intArgs[0]);
            gi = 1;
            pos = 1;
        }
        boolean anyIndirect = false;
        for (int i = 0; i < params.size(); i++) {
            AbiParam p = params.get(i);
            args.ext[i] = (byte) p.extension().ordinal();
            if (p.purpose() == AbiParam.Purpose.STRUCT_ARGUMENT) {
                int size = p.size();
                if (size < 0 || size % 8 != 0) {
                    throw new UnsupportedAbiException("sarg size " + size + " is not a multiple of 8");
                }
                args.locs[i] = AbiLocation.structStack(args.spill(size, 8));
                args.bytes[i] = size;
                continue;
            }
            int cls = Lowering.classify(p.type());
            if (win) {
                // Microsoft x64: "any argument that doesn't fit in 8 bytes, or isn't 1, 2, 4, or 8
                // bytes, must be passed by reference"; the caller makes the copy (16-byte aligned).
                if (cls == C_I128 || p.type().bytes() > 8) {
                    if (pos < WIN_INT_ARGS.length) {
                        args.locs[i] = AbiLocation.indirectReg(WIN_INT_ARGS[pos]);
                    } else {
                        args.locs[i] = AbiLocation.indirectStack(args.spill(8, 8));
                        args.bytes[i] = 8;
                    }
                    args.ext[i] = 0;
                    buffers[i] = -2;
                    anyIndirect = true;
                } else if (pos < WIN_INT_ARGS.length) {
                    args.locs[i] = AbiLocation.reg(cls == C_INT ? intArgs[pos] : floatArgs[pos]);
                } else {
                    args.locs[i] = AbiLocation.stack(args.spill(8, 8));
                    args.bytes[i] = 8;
                }
                pos++;
                continue;
            }
            if (cls == C_I128) {
                // psABI §3.2.3: __int128 takes two INTEGER registers or, if not both are left, goes
                // whole to memory aligned to 16. Like Cranelift (and LLVM) the leftover register is
                // not reused by a later argument.
                if (gi + 1 < intArgs.length) {
                    args.locs[i] = AbiLocation.regPair(intArgs[gi], intArgs[gi + 1]);
                } else {
                    args.locs[i] = AbiLocation.stack(args.spill(16, 16));
                    args.bytes[i] = 16;
                }
                gi += 2;
            } else if (cls == C_INT) {
                if (gi < intArgs.length) {
                    args.locs[i] = AbiLocation.reg(intArgs[gi++]);
                } else {
                    args.locs[i] = AbiLocation.stack(args.spill(8, 8));
                    args.bytes[i] = 8;
                }
            } else {
                if (fi < floatArgs.length) {
                    args.locs[i] = AbiLocation.reg(floatArgs[fi++]);
                } else {
                    // psABI: memory arguments take at least an eightbyte and keep their natural
                    // alignment (16 for __m128 and long double / f128).
                    int size = Math.max(p.type().bytes(), 8);
                    args.locs[i] = AbiLocation.stack(args.spill(size, size));
                    args.bytes[i] = size;
                }
            }
        }
        if (anyIndirect) {
            // The copies go after all argument slots, so slot offsets stay those of the plain rule.
            for (int i = 0; i < params.size(); i++) {
                if (buffers[i] == -2) buffers[i] = args.spill(Lowering.alignTo(params.get(i).type().bytes(), 16), 16);
            }
        }
        int stackArgBytes = args.alignedSize();

        RegSet callerSaved = callerSaved(cc);
        RegSet calleeSaved = calleeSaved(cc);
        int sretReturn = sretParam >= 0 ? AbiLocation.reg(RAX) : AbiLocation.NONE;
        if (cc == CallConv.PRESERVE_ALL) {
            // The callee cannot restore what it hands back.
            for (int loc : rets.locs) {
                if (AbiLocation.kind(loc) == AbiLocation.REG) calleeSaved = calleeSaved.without(AbiLocation.preg(loc));
                if (AbiLocation.kind(loc) == AbiLocation.REG_PAIR) {
                    calleeSaved = calleeSaved.without(AbiLocation.lo(loc)).without(AbiLocation.hi(loc));
                }
            }
            if (sretParam >= 0) calleeSaved = calleeSaved.without(RAX);
        }
        // Cranelift's tail convention: the callee pops its stack arguments (`ret imm16`), which is
        // what lets a tail call replace them with a different number of arguments.
        int calleePop = cc == CallConv.TAIL ? stackArgBytes : 0;
        return new AbiSig(sig, args.locs, args.bytes, args.ext, buffers, rets.locs, rets.bytes, rets.ext,
                stackArgBytes, stackRetBytes, retAreaPtr, sretParam, sretReturn, callerSaved, calleeSaved,
                calleePop, 16, this::regName);
    }

    private int retSpill(Lowering rets, int i, int size, int align) {
        if (!flags.multiRetImplicitSret()) {
            throw new UnsupportedAbiException("Too many return values to fit in registers. "
                    + "Use a StructReturn argument instead, or enable_multi_ret_implicit_sret.");
        }
        rets.bytes[i] = size;
        return AbiLocation.stack(rets.spill(size, align));
    }

    @Override
    public FrameLayout layoutFrame(AbiSig sig, FrameRequest request) {
        return FrameLayout.compute(FrameLayout.Isa.X64, sig, request);
    }
}

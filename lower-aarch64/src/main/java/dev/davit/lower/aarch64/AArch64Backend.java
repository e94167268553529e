package dev.davit.lower.aarch64;

import dev.davit.abi.AbiFlags;
import dev.davit.abi.UnsupportedAbiException;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.codegen.machinst.LowerBackend;
import dev.davit.codegen.machinst.LoweringException;
import dev.davit.codegen.machinst.MachBackend;
import dev.davit.codegen.machinst.MachCompiler;
import dev.davit.codegen.machinst.MachInstInfo;
import dev.davit.codegen.opt.MidEnd;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.Function;
import dev.davit.ir.verifier.Verifier;
import dev.davit.ir.verifier.VerifierErrors;
import dev.davit.lower.aarch64.abi.AArch64Frame;
import dev.davit.lower.aarch64.inst.AArch64Inst;
import dev.davit.lower.aarch64.inst.AArch64Listing;
import dev.davit.lower.aarch64.lower.AArch64LowerBackend;
import dev.davit.lower.aarch64.lower.AArch64MachInstInfo;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.RegAllocException;
import dev.davit.regalloc.checker.CheckerException;

/**
 * The AArch64 target: CLIF functions through the shared pipeline ({@link MachCompiler}) with the
 * AArch64 instruction selector, the AAPCS64 frame and the AArch64 emitter.
 *
 * <p>The lowering backend keeps a reference to the function being lowered, so each thread gets its
 * own; everything else is immutable.
 */
public final class AArch64Backend implements TargetIsa, MachBackend<AArch64Inst> {
    private static final MachineEnv ENV = AArch64Frame.machineEnv();

    private final Flags shared;
    private final Flags isa;
    private final AArch64MachInstInfo info = new AArch64MachInstInfo();
    private final ThreadLocal<AArch64LowerBackend> lowering;
    private final MachCompiler<AArch64Inst> compiler = new MachCompiler<>(this);
    /** Set on a thread while it compiles a function for printing (the pipeline emits on the compiling thread). */
    private final ThreadLocal<Listed> listed = new ThreadLocal<>();

    public AArch64Backend(Flags shared, Flags isa) {
        this.shared = shared;
        this.isa = isa;
        AbiFlags abi = new AbiFlags(shared.bool(SharedSettings.ENABLE_LLVM_ABI_EXTENSIONS),
                shared.bool(SharedSettings.ENABLE_MULTI_RET_IMPLICIT_SRET), shared.bool(SharedSettings.ENABLE_PINNED_REG));
        // enable_probestack: probe frames of at least the guard size (1 << probestack_size_log2);
        // both strategies are done inline.
        int probeGuard = shared.bool(SharedSettings.ENABLE_PROBESTACK)
                ? 1 << Math.min(30, Math.max(0, (int) shared.num(SharedSettings.PROBESTACK_SIZE_LOG2)))
                : 0;
        boolean hasLse = isa.bool(AArch64Settings.HAS_LSE);
        this.lowering = ThreadLocal.withInitial(() -> new AArch64LowerBackend(abi, probeGuard, hasLse));
    }

    /** Default shared settings and no ISA extensions. */
    public AArch64Backend() {
        this(SharedSettings.defaults(), AArch64Settings.GROUP.builder().build());
    }

    @Override
    public String name() {
        return "aarch64";
    }

    @Override
    public Flags sharedFlags() {
        return shared;
    }

    @Override
    public Flags isaFlags() {
        return isa;
    }

    @Override
    public CompiledCode compile(Function f, boolean keepVCode) throws CompileError {
        return compile(f, shared.bool(SharedSettings.REGALLOC_CHECKER), keepVCode);
    }

    /** Compiles with the register-allocation checker on or off regardless of the settings. */
    public CompiledCode compile(Function f, boolean checkRegalloc, boolean keepVCode) throws CompileError {
        if (shared.bool(SharedSettings.ENABLE_VERIFIER)) {
            VerifierErrors errs = Verifier.verify(f, pointerType());
            if (!errs.isEmpty()) {
                throw new CompileError(errs.toString());
            }
        }
        try {
            int[] subst = SharedSettings.optLevel(shared) == SharedSettings.OptLevel.NONE ? null : MidEnd.substitution(f);
            if (!keepVCode) {
                return compiler.compile(f, subst, checkRegalloc, false);
            }
            // Printing: the VCode text is followed by our own disassembly of the final bytes.
            Listed l = new Listed();
            listed.set(l);
            try {
                CompiledCode cc = compiler.compile(f, subst, checkRegalloc, true);
                return new CompiledCode(cc.buffer(), cc.frameSize(),
                        cc.vcode() + "\n; disassembly:\n" + l.listing.render(cc.buffer(), l.blocks), cc.numSpillSlots());
            } finally {
                listed.remove();
            }
        } catch (LoweringException e) {
            throw new CompileError(e.getMessage());
        } catch (RegAllocException | CheckerException e) {
            throw new CompileError("register allocation: " + e.getMessage());
        } catch (UnsupportedAbiException e) {
            throw new CompileError("aarch64: unsupported ABI: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CompileError("aarch64: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ MachBackend

    @Override
    public MachInstInfo<AArch64Inst> info() {
        return info;
    }

    @Override
    public LowerBackend<AArch64Inst> lowering() {
        return lowering.get();
    }

    @Override
    public MachineEnv machineEnv() {
        return ENV;
    }

    /** Emits the function this thread lowered last (the pipeline lowers, allocates, then emits one at a time). */
    @Override
    public Emitted emit(FinalCode<AArch64Inst> code) {
        AArch64Frame frame = lowering.get().frame(code);
        Listed l = listed.get();
        if (l != null) {
            l.blocks = code.numBlocks();
            frame.listTo(l.listing);
        }
        return AArch64FunctionEmitter.emit(code, frame);
    }

    /** The disassembly of the function a thread is compiling for printing, and its block count. */
    private static final class Listed {
        final AArch64Listing listing = new AArch64Listing();
        int blocks;
    }
}

package dev.davit.lower.x64;

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
import dev.davit.ir.Type;
import dev.davit.ir.verifier.Verifier;
import dev.davit.ir.verifier.VerifierErrors;
import dev.davit.lower.x64.abi.X64Frame;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64Listing;
import dev.davit.lower.x64.lower.X64LowerBackend;
import dev.davit.lower.x64.lower.X64MachInstInfo;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.RegAllocException;
import dev.davit.regalloc.checker.CheckerException;

/**
 * The x86-64 target: flags, and the shared pipeline with x86-64's selector, registers and emitter.
 * A target is shared by every thread that compiles with it (as a module's functions are, in
 * parallel); the selector keeps per-function state (frame, outgoing area), so each thread gets its
 * own {@link Pipeline}.
 */
public final class X64Backend implements TargetIsa {
    private static final MachineEnv ENV = X64Frame.machineEnv();

    private final Flags shared, isa;
    private final ThreadLocal<Pipeline> pipeline = ThreadLocal.withInitial(this::newPipeline);

    public X64Backend(Flags shared, Flags isa) {
        this.shared = shared;
        this.isa = isa;
    }

    private Pipeline newPipeline() {
        AbiFlags abi = new AbiFlags(shared.bool(SharedSettings.ENABLE_LLVM_ABI_EXTENSIONS),
                shared.bool(SharedSettings.ENABLE_MULTI_RET_IMPLICIT_SRET), shared.bool(SharedSettings.ENABLE_PINNED_REG));
        X64LowerBackend lowering = new X64LowerBackend(isa.bool(X64Settings.HAS_LZCNT), isa.bool(X64Settings.HAS_BMI1),
                isa.bool(X64Settings.HAS_POPCNT), abi).sse41(isa.bool(X64Settings.HAS_SSE41));
        if (shared.bool(SharedSettings.ENABLE_PROBESTACK)) {
            lowering.probeStack(1 << Math.min(30, Math.max(0, (int) shared.num(SharedSettings.PROBESTACK_SIZE_LOG2))));
        }
        return new Pipeline(lowering);
    }

    /** One thread's selector and the shared pipeline running it. */
    private static final class Pipeline implements MachBackend<X64Inst> {
        private final MachInstInfo<X64Inst> info = new X64MachInstInfo();
        private final X64LowerBackend lowering;
        private final MachCompiler<X64Inst> compiler = new MachCompiler<>(this);
        /** Set while compiling for printing: the disassembly of the function being emitted. */
        private X64Listing listing;
        private int listedBlocks;

        Pipeline(X64LowerBackend lowering) { this.lowering = lowering; }

        @Override public MachInstInfo<X64Inst> info() { return info; }

        @Override public LowerBackend<X64Inst> lowering() { return lowering; }

        @Override public MachineEnv machineEnv() { return ENV; }

        /** Emits the function lowered last (the pipeline lowers, allocates, then emits one function at a time). */
        @Override public Emitted emit(FinalCode<X64Inst> code) {
            listedBlocks = code.numBlocks();
            return X64FunctionEmitter.emit(code, lowering.frame(code), listing);
        }
    }

    @Override public String name() { return "x86_64"; }

    @Override public Flags sharedFlags() { return shared; }

    @Override public Flags isaFlags() { return isa; }

    @Override
    public CompiledCode compile(Function f, boolean keepVCode) throws CompileError {
        if (shared.bool(SharedSettings.ENABLE_VERIFIER)) {
            VerifierErrors errs = Verifier.verify(f, Type.I64);
            if (!errs.isEmpty()) throw new CompileError("verifier errors:\n" + errs);
        }
        try {
            int[] subst = SharedSettings.optLevel(shared) == SharedSettings.OptLevel.NONE ? null : MidEnd.substitution(f);
            Pipeline p = pipeline.get();
            if (!keepVCode) return p.compiler.compile(f, subst, shared.bool(SharedSettings.REGALLOC_CHECKER), false);
            // Printing: the VCode text is followed by our own disassembly of the final bytes.
            p.listing = new X64Listing();
            try {
                CompiledCode cc = p.compiler.compile(f, subst, shared.bool(SharedSettings.REGALLOC_CHECKER), true);
                String listing = p.listing.render(cc.buffer(), p.listedBlocks);
                return new CompiledCode(cc.buffer(), cc.frameSize(), cc.vcode() + "\n; disassembly:\n" + listing,
                        cc.numSpillSlots());
            } finally {
                p.listing = null;
            }
        } catch (LoweringException e) {
            throw new CompileError(e.getMessage());
        } catch (UnsupportedAbiException e) {
            throw new CompileError(e.getMessage());
        } catch (RegAllocException | CheckerException e) {
            throw new CompileError("register allocation: " + e.getMessage());
        }
    }
}

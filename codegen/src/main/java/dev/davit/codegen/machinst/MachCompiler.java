package dev.davit.codegen.machinst;

import dev.davit.ir.Function;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.Output;
import dev.davit.regalloc.RegAllocator;
import dev.davit.regalloc.checker.Checker;

/**
 * The machine-independent compile pipeline: block order → {@link Lower} (the backend's instruction
 * selector) → {@link VCode} → register allocation (checked symbolically when asked) →
 * {@link RegAllocApply} → the backend's emission. One instance per backend; {@link #compile} keeps
 * no state between functions, so it may run on several threads.
 */
public final class MachCompiler<I> {
    private final MachBackend<I> backend;

    public MachCompiler(MachBackend<I> backend) { this.backend = backend; }

    /**
     * Compiles a verified function.
     *
     * @param checkRegalloc run the register-allocation checker on the result (the
     *                      {@code regalloc_checker} setting; always on in tests)
     * @param keepVCode     keep the VCode text (for printing); off on the hot path
     */
    public CompiledCode compile(Function f, boolean checkRegalloc, boolean keepVCode) throws LoweringException {
        return compile(f, null, checkRegalloc, keepVCode);
    }

    /**
     * Compiles a verified function whose operands are read through the mid-end's substitution
     * {@code subst} (null for none; see {@code dev.davit.codegen.opt.MidEnd}).
     */
    public CompiledCode compile(Function f, int[] subst, boolean checkRegalloc, boolean keepVCode) throws LoweringException {
        BlockLoweringOrder order = BlockLoweringOrder.compute(f);
        VCode<I> vcode = new Lower<>(f, subst, backend.info(), backend.lowering(), order).lower();
        MachineEnv env = backend.machineEnv();
        Output out = RegAllocator.allocate(vcode, env);
        if (checkRegalloc) Checker.check(vcode, env, out);
        FinalCode<I> fin = RegAllocApply.apply(vcode, out);
        MachBackend.Emitted e = backend.emit(fin);
        return new CompiledCode(e.buffer(), e.frameSize(), keepVCode ? vcode + "\n; after register allocation:\n" + print(fin) : null,
                out.numSpillSlots());
    }

    /** The allocated code, block by block, as the backend prints instructions. */
    private String print(FinalCode<I> fin) {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < fin.numBlocks(); b++) {
            sb.append("block").append(b).append(":\n");
            for (int i = fin.blockStart()[b]; i < fin.blockStart()[b + 1]; i++)
                sb.append("  ").append(backend.info().print(fin.inst(i))).append('\n');
        }
        return sb.toString();
    }
}

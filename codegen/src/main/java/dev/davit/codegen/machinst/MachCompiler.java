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
        BlockLoweringOrder order = BlockLoweringOrder.compute(f);
        VCode<I> vcode = new Lower<>(f, backend.info(), backend.lowering(), order).lower();
        MachineEnv env = backend.machineEnv();
        Output out = RegAllocator.allocate(vcode, env);
        if (checkRegalloc) Checker.check(vcode, env, out);
        FinalCode<I> fin = RegAllocApply.apply(vcode, out);
        MachBackend.Emitted e = backend.emit(fin);
        return new CompiledCode(e.buffer(), e.frameSize(), keepVCode ? vcode.toString() : null, out.numSpillSlots());
    }
}

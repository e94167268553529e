package dev.davit.codegen.isa;

import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.Function;
import dev.davit.ir.Type;

/** One target configured with its flags: what compiling a function for it needs to know. */
public interface TargetIsa {
    /** The architecture name, as in {@code target} lines. */
    String name();

    /** The shared settings ({@code set} lines). */
    Flags sharedFlags();

    /** The ISA flags ({@code target} words). */
    Flags isaFlags();

    /** The type of a pointer: {@code i64} on both of Davit's targets. */
    default Type pointerType() { return Type.I64; }

    /**
     * Compiles one function (verified first when {@code enable_verifier} is set).
     *
     * @param keepVCode keep the VCode text in the result, for printing
     * @throws CompileError when the function is invalid or uses what this backend cannot lower
     */
    CompiledCode compile(Function f, boolean keepVCode) throws CompileError;

    /** A function that cannot be compiled: verifier errors, or an unsupported instruction. */
    final class CompileError extends Exception {
        public CompileError(String message) { super(message); }
    }
}

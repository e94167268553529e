package dev.davit.codegen.cache;

import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.FunctionParameters;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.UserExternalName;
import java.util.Arrays;
import java.util.Objects;

/**
 * A compiled stencil with one function's {@link FunctionParameters} applied: each relocation's
 * {@code UserExternalNameRef} looked up in that function's name table, and each source-location
 * range made absolute with its base. This is the step a cache hit redoes for every function sharing a
 * stencil, which is why the stencil itself never holds names or absolute positions.
 */
public final class AppliedCode {
    private final CompiledCode code;
    private final UserExternalName[] relocTargets;
    private final int[] absoluteSrclocs;

    // Shared when empty: an empty array has nothing to modify, and the getters copy nothing out.
    private static final UserExternalName[] NO_NAMES = new UserExternalName[0];
    private static final int[] NO_SRCLOCS = new int[0];

    private AppliedCode(CompiledCode code, UserExternalName[] relocTargets, int[] absoluteSrclocs) {
        this.code = code;
        this.relocTargets = relocTargets;
        this.absoluteSrclocs = absoluteSrclocs;
    }

    /**
     * Applies {@code params} to {@code code}. A relocation naming no entry of the name table (a
     * libcall or known symbol, which do not go through the table) keeps a null target; a range with
     * no source location stays -1, as {@code Function.srcLoc} has it.
     */
    public static AppliedCode apply(CompiledCode code, FunctionParameters params) {
        MachBufferFinalized b = code.buffer();
        int n = b.relocCount();
        UserExternalName[] targets = n > 0 ? new UserExternalName[n] : NO_NAMES;
        int names = params.numUserNames();
        for (int i = 0; i < n; i++) {
            int ref = b.relocName(i);
            targets[i] = ref >= 0 && ref < names ? params.userName(ref) : null;
        }
        int m = b.srclocCount();
        int[] abs = m > 0 ? new int[m] : NO_SRCLOCS;
        int base = params.baseSrcLoc();
        for (int i = 0; i < m; i++) {
            int rel = b.srclocLoc(i);
            abs[i] = rel == FunctionStencil.NO_SRCLOC ? -1 : base + rel;
        }
        return new AppliedCode(code, targets, abs);
    }

    /** The compiled stencil, identical for every function with this stencil. */
    public CompiledCode code() { return code; }

    /** The name relocation {@code i} refers to in this function, or null if not a user name. */
    public UserExternalName relocTarget(int i) { return relocTargets[i]; }

    /** The absolute source location of range {@code i} of {@code code().buffer().srclocs()}. */
    public int absoluteSrcloc(int i) { return absoluteSrclocs[i]; }

    public int relocCount() { return relocTargets.length; }

    public int srclocCount() { return absoluteSrclocs.length; }

    /** Field for field: the compiled code (see {@link CodeComparison}) and everything applied. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AppliedCode a && CodeComparison.identical(code, a.code)
                && Arrays.equals(relocTargets, a.relocTargets) && Arrays.equals(absoluteSrclocs, a.absoluteSrclocs);
    }

    @Override
    public int hashCode() { return Objects.hash(code.buffer(), Arrays.hashCode(relocTargets), Arrays.hashCode(absoluteSrclocs)); }

    @Override
    public String toString() {
        return "AppliedCode[" + code + ", relocTargets=" + Arrays.toString(relocTargets)
                + ", srclocs=" + Arrays.toString(absoluteSrclocs) + "]";
    }
}

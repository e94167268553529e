package dev.davit.codegen.cache;

import dev.davit.codegen.machinst.CompiledCode;

/**
 * The outcome of {@link CompileCache#compileWithCache}: the code with the function's parameters
 * applied, whether it came from the cache, and the key it is stored under.
 */
public record CacheResult(AppliedCode applied, boolean hit, CacheKey key) {
    /** The compiled stencil: field for field what {@code TargetIsa.compile} gives for the function. */
    public CompiledCode code() { return applied.code(); }
}

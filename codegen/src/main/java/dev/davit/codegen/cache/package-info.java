/**
 * The incremental compile cache: compiled stencils ({@link dev.davit.codegen.machinst.CompiledCode}
 * before fixups) kept under a SHA-256 {@link dev.davit.codegen.cache.CacheKey} of everything
 * compilation reads, so a function whose stencil was compiled before, here, in an earlier build or on
 * another machine, costs a key computation and a decode instead of a compile.
 *
 * <ul>
 *   <li>{@link dev.davit.codegen.cache.CompileCache#compileWithCache} is the entry point; it never
 *       returns anything a fresh compile would not, and a failing or corrupt store only costs
 *       misses.</li>
 *   <li>{@link dev.davit.codegen.cache.CompiledCodeCodec} is the entry format.</li>
 *   <li>{@link dev.davit.codegen.cache.CacheStore} implementations: {@link
 *       dev.davit.codegen.cache.MemoryStore}, {@link dev.davit.codegen.cache.DiskStore} (the
 *       embedded default) and {@link dev.davit.codegen.cache.RedisStore} (shared between machines;
 *       needs Jedis on the class path, an optional dependency of codegen).</li>
 *   <li>{@link dev.davit.codegen.cache.SyntheticIsa} is a deterministic stand-in backend, so the
 *       cache and its fuzzers can be exercised before a real backend exists.</li>
 * </ul>
 */
package dev.davit.codegen.cache;

/**
 * The cache fuzz target: {@link dev.davit.fuzz.cache.CacheChecks} holds the three properties of the
 * incremental compile cache, run by jqwik with a bounded budget in this module's tests and for as
 * long as asked by {@link dev.davit.fuzz.cache.CacheFuzz}. The target ISA is pluggable: the
 * {@link dev.davit.codegen.cache.SyntheticIsa} stand-in by default, a real backend by name through
 * {@link dev.davit.fuzz.cache.FuzzTarget}.
 */
package dev.davit.fuzz.cache;

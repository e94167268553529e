/**
 * Random valid CLIF functions for fuzzers: {@link dev.davit.fuzz.gen.ClifGen#functions()} gives
 * jqwik arbitraries of {@link dev.davit.fuzz.gen.GenFunction}, a small model that renders to CLIF
 * text which always parses and passes the verifier, whatever values jqwik picks or shrinks to.
 *
 * <p>The model stores choices, not values: an operand is "the k-th available value of type T", a
 * branch target "the k-th block". Rendering resolves them (materializing an {@code iconst} when no
 * value of a type is available), so every combination, every shrink and every mutation
 * ({@link dev.davit.fuzz.gen.Mutation}) is again a valid function. Values cross blocks only as block
 * arguments or from the entry block, which dominates all others; so any block order is valid too.
 */
package dev.davit.fuzz.gen;

/**
 * The CLIF verifier: {@link dev.davit.ir.verifier.Verifier#verify} checks a function against
 * Cranelift's well-formedness rules and returns every problem as a {@link
 * dev.davit.ir.verifier.VerifierError} located at an instruction, block, value, global value or the
 * function. Messages keep Cranelift's wording so that Cranelift's annotated test files
 * ({@code ; error: TEXT}) check this verifier unchanged.
 */
package dev.davit.ir.verifier;

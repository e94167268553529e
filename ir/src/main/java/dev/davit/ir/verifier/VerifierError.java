package dev.davit.ir.verifier;

/**
 * One problem the verifier found.
 *
 * @param location the entity the problem is reported at
 * @param message  what is wrong; Cranelift's wording, so annotated test files match by substring
 */
public record VerifierError(EntityLocation location, String message) {
    @Override public String toString() { return location.text() + ": " + message; }
}

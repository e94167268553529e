package dev.davit.abi;

/**
 * A signature the convention cannot lower: a type it has no rule for, a purpose it does not
 * support on this ISA, too many return values without {@link AbiFlags#multiRetImplicitSret()},
 * or an argument area beyond the implementation limit. Cranelift reports the same cases as
 * {@code CodegenError::Unsupported} / {@code ImplLimitExceeded}.
 */
public class UnsupportedAbiException extends RuntimeException {
    public UnsupportedAbiException(String message) {
        super(message);
    }
}

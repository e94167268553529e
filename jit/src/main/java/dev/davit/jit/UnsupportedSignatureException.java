package dev.davit.jit;

/**
 * A signature the native linker cannot call directly: multiple returns, i128, f16/f128, vectors,
 * struct arguments, or a calling convention this host does not speak. Such functions need a
 * trampoline of their own, which this module does not provide yet.
 */
public class UnsupportedSignatureException extends UnsupportedOperationException {
    public UnsupportedSignatureException(String message) { super(message); }
}

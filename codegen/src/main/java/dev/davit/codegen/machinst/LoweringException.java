package dev.davit.codegen.machinst;

/** A function the backend cannot lower: an unsupported opcode or type, named with its instruction. */
public final class LoweringException extends Exception {
    public LoweringException(String message) { super(message); }
}

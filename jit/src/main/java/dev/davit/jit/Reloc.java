package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import java.util.Objects;

/**
 * A relocation: patch the field at {@code offset} of a module's code (from the start of the code
 * area, or of one function while building with {@link ModuleImage.Builder}) with the address of
 * {@code target} plus {@code addend}, as {@code kind} says.
 */
public record Reloc(int offset, RelocKind kind, RelocTarget target, long addend) {
    public Reloc {
        if (offset < 0) throw new IllegalArgumentException("negative relocation offset");
        Objects.requireNonNull(kind);
        Objects.requireNonNull(target);
    }

    /** The same relocation moved {@code delta} bytes further. */
    public Reloc shifted(int delta) { return new Reloc(offset + delta, kind, target, addend); }
}

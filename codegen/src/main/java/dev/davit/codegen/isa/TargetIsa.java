package dev.davit.codegen.isa;

import dev.davit.codegen.settings.Flags;
import dev.davit.ir.Type;

/** One target configured with its flags: what compiling a function for it needs to know. */
public interface TargetIsa {
    /** The architecture name, as in {@code target} lines. */
    String name();

    /** The shared settings ({@code set} lines). */
    Flags sharedFlags();

    /** The ISA flags ({@code target} words). */
    Flags isaFlags();

    /** The type of a pointer: {@code i64} on both of Davit's targets. */
    default Type pointerType() { return Type.I64; }
}

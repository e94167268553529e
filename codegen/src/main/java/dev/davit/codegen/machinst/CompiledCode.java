package dev.davit.codegen.machinst;

import dev.davit.codegen.buffer.MachBufferFinalized;

/**
 * What compiling one function produces, before fixups: the machine code with its relocations (which
 * name {@code UserExternalNameRef}s, not final symbols, so the same stencil gives the same compiled
 * code whatever its names), trap sites, source-location ranges, frame size, and the VCode text for
 * {@code clif-util compile -p} and {@code test compile}.
 */
public record CompiledCode(MachBufferFinalized buffer, int frameSize, String vcode, int numSpillSlots) {
    public byte[] bytes() { return buffer.bytes(); }
}

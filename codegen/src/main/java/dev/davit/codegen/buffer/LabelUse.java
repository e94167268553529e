package dev.davit.codegen.buffer;

/**
 * A kind of reference from code to a label, supplied by the ISA (x86-64: rel32 jumps and
 * RIP-relative operands; AArch64: 19/26-bit branches, literal loads, adr).
 *
 * <p>Ranges are in terms of {@code labelOffset - useOffset} where {@code useOffset} is the offset of
 * the patched field. A kind whose forward reach is below 2^30 bytes gives the buffer a deadline and
 * makes it ask for islands ({@link MachBuffer#islandNeeded}); such a kind can offer a veneer, a
 * longer-range jump placed in an island that the short use is redirected to (AArch64: a
 * conditional branch to an unconditional one). A use out of reach without a veneer is an error.
 */
public interface LabelUse {
    /** Bytes of the field at the use offset that {@link #patch} rewrites. */
    int patchSize();

    /** Largest forward distance the field can express. */
    long maxPosRange();

    /** Largest backward distance (as a positive number) the field can express. */
    long maxNegRange();

    /**
     * Writes the resolved reference into {@code code} at {@code useOffset}. May read the field's
     * previous contents as an addend placed there by the emitter.
     */
    void patch(byte[] code, int useOffset, int labelOffset);

    default boolean supportsVeneer() {
        return false;
    }

    /** Size of the veneer this kind needs, if it supports one. */
    default int veneerSize() {
        return 0;
    }

    /**
     * Writes a veneer at {@code veneerOffset}, patches the use at {@code useOffset} to reach it and
     * returns the offset of the veneer's own label use; {@link #veneerUse()} is its kind.
     */
    default int generateVeneer(byte[] code, int useOffset, int veneerOffset) {
        throw new UnsupportedOperationException(this + " has no veneer");
    }

    default LabelUse veneerUse() {
        throw new UnsupportedOperationException(this + " has no veneer");
    }
}

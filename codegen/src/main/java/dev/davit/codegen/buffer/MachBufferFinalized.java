package dev.davit.codegen.buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finished machine code: the bytes (code, then the constant pool) with every label use patched,
 * and the side tables, each sorted by offset as emitted. Immutable; getters copy arrays.
 */
public final class MachBufferFinalized {
    private final byte[] bytes;
    private final int codeSize;
    private final int[] labelOffsets;
    private final int[] trapOffsets, trapCodes;
    private final int[] relocOffsets, relocKinds, relocNames;
    private final long[] relocAddends;
    private final int[] srclocStarts, srclocEnds, srclocLocs;
    private final int[] callSiteOffsets, callSiteInfos;

    public record Trap(int offset, int code) {}

    public record Reloc(int offset, RelocKind kind, int name, long addend) {}

    public record SrclocRange(int start, int end, int srcloc) {}

    public record CallSite(int returnOffset, int info) {}

    MachBufferFinalized(byte[] bytes, int codeSize, int[] labelOffsets, int[] trapOffsets, int[] trapCodes,
                        int[] relocOffsets, int[] relocKinds, int[] relocNames, long[] relocAddends,
                        int[] srclocStarts, int[] srclocEnds, int[] srclocLocs,
                        int[] callSiteOffsets, int[] callSiteInfos) {
        this.bytes = bytes;
        this.codeSize = codeSize;
        this.labelOffsets = labelOffsets;
        this.trapOffsets = trapOffsets;
        this.trapCodes = trapCodes;
        this.relocOffsets = relocOffsets;
        this.relocKinds = relocKinds;
        this.relocNames = relocNames;
        this.relocAddends = relocAddends;
        this.srclocStarts = srclocStarts;
        this.srclocEnds = srclocEnds;
        this.srclocLocs = srclocLocs;
        this.callSiteOffsets = callSiteOffsets;
        this.callSiteInfos = callSiteInfos;
    }

    /**
     * Rebuilds finished code from its parts: copies every array, then checks them as {@link
     * #ofOwned} does.
     */
    public static MachBufferFinalized of(byte[] bytes, int codeSize, int[] labelOffsets,
                                         int[] trapOffsets, int[] trapCodes,
                                         int[] relocOffsets, int[] relocKinds, int[] relocNames, long[] relocAddends,
                                         int[] srclocStarts, int[] srclocEnds, int[] srclocLocs,
                                         int[] callSiteOffsets, int[] callSiteInfos) {
        return ofOwned(bytes.clone(), codeSize, labelOffsets.clone(), trapOffsets.clone(),
                trapCodes.clone(), relocOffsets.clone(), relocKinds.clone(), relocNames.clone(), relocAddends.clone(),
                srclocStarts.clone(), srclocEnds.clone(), srclocLocs.clone(), callSiteOffsets.clone(),
                callSiteInfos.clone());
    }

    /**
     * Rebuilds finished code from its parts, taking the arrays instead of copying them: for a caller
     * that built them for this buffer alone (the compile cache's decoder) and keeps no reference it
     * could modify them through. Rejects side tables whose parallel arrays differ in length or name
     * no {@link RelocKind}.
     */
    public static MachBufferFinalized ofOwned(byte[] bytes, int codeSize, int[] labelOffsets,
                                              int[] trapOffsets, int[] trapCodes,
                                              int[] relocOffsets, int[] relocKinds, int[] relocNames, long[] relocAddends,
                                              int[] srclocStarts, int[] srclocEnds, int[] srclocLocs,
                                              int[] callSiteOffsets, int[] callSiteInfos) {
        if (codeSize < 0 || codeSize > bytes.length
                || trapOffsets.length != trapCodes.length
                || relocOffsets.length != relocKinds.length || relocOffsets.length != relocNames.length
                || relocOffsets.length != relocAddends.length
                || srclocStarts.length != srclocEnds.length || srclocStarts.length != srclocLocs.length
                || callSiteOffsets.length != callSiteInfos.length) {
            throw new IllegalArgumentException("inconsistent MachBufferFinalized parts");
        }
        for (int k : relocKinds) {
            if (k < 0 || k >= RELOC_KINDS.length) throw new IllegalArgumentException("bad reloc kind " + k);
        }
        return new MachBufferFinalized(bytes, codeSize, labelOffsets, trapOffsets, trapCodes, relocOffsets,
                relocKinds, relocNames, relocAddends, srclocStarts, srclocEnds, srclocLocs, callSiteOffsets,
                callSiteInfos);
    }

    private static final RelocKind[] RELOC_KINDS = RelocKind.values();

    /** Number of labels the buffer had, bound or not: the range of {@link #labelOffset}. */
    public int labelCount() {
        return labelOffsets.length;
    }

    /** All bytes: code followed by the constant pool. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int totalSize() {
        return bytes.length;
    }

    /** Size of the code proper, before the constant pool. */
    public int codeSize() {
        return codeSize;
    }

    public int byteAt(int offset) {
        return bytes[offset] & 0xFF;
    }

    /** Where a label ended up (through aliases), or -1 if it was never bound. */
    public int labelOffset(int label) {
        return labelOffsets[label];
    }

    public int trapCount() {
        return trapOffsets.length;
    }

    public Trap trap(int i) {
        return new Trap(trapOffsets[i], trapCodes[i]);
    }

    public int relocCount() {
        return relocOffsets.length;
    }

    public Reloc reloc(int i) {
        return new Reloc(relocOffsets[i], RELOC_KINDS[relocKinds[i]], relocNames[i], relocAddends[i]);
    }

    /** {@code reloc(i).name()} without building the record. */
    public int relocName(int i) {
        return relocNames[i];
    }

    public int srclocCount() {
        return srclocStarts.length;
    }

    public SrclocRange srcloc(int i) {
        return new SrclocRange(srclocStarts[i], srclocEnds[i], srclocLocs[i]);
    }

    /** {@code srcloc(i).srcloc()} without building the record. */
    public int srclocLoc(int i) {
        return srclocLocs[i];
    }

    public int callSiteCount() {
        return callSiteOffsets.length;
    }

    public CallSite callSite(int i) {
        return new CallSite(callSiteOffsets[i], callSiteInfos[i]);
    }

    public List<Trap> traps() {
        List<Trap> l = new ArrayList<>(trapCount());
        for (int i = 0; i < trapCount(); i++) {
            l.add(trap(i));
        }
        return l;
    }

    public List<Reloc> relocs() {
        List<Reloc> l = new ArrayList<>(relocCount());
        for (int i = 0; i < relocCount(); i++) {
            l.add(reloc(i));
        }
        return l;
    }

    public List<SrclocRange> srclocs() {
        List<SrclocRange> l = new ArrayList<>(srclocCount());
        for (int i = 0; i < srclocCount(); i++) {
            l.add(srcloc(i));
        }
        return l;
    }

    public List<CallSite> callSites() {
        List<CallSite> l = new ArrayList<>(callSiteCount());
        for (int i = 0; i < callSiteCount(); i++) {
            l.add(callSite(i));
        }
        return l;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return "MachBufferFinalized[" + sb + ", traps=" + traps() + ", relocs=" + relocs() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachBufferFinalized f && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}

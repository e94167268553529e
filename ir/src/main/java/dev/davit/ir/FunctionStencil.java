package dev.davit.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything compilation reads of a function: signature, preamble entities, data-flow graph,
 * layout and source locations relative to a base. Two stencils that compile identically have the
 * same {@link #canonicalBytes()}, and their SHA-256 ({@link #stencilHash()}) is the cache key.
 */
public final class FunctionStencil {
    /** Marks an instruction with no source location. */
    public static final int NO_SRCLOC = Integer.MIN_VALUE;

    private Signature signature;
    private final List<StackSlotData> stackSlots = new ArrayList<>();
    private final List<DynamicStackSlotData> dynamicStackSlots = new ArrayList<>();
    private final List<GlobalValueData> globalValues = new ArrayList<>();
    private final List<AliasRegionData> aliasRegions = new ArrayList<>();
    private int stackLimit = -1;
    private final DataFlowGraph dfg = new DataFlowGraph();
    private final Layout layout = new Layout();
    private int[] srcLocs = new int[0];

    public FunctionStencil(Signature signature) { this.signature = signature; }

    public Signature signature() { return signature; }
    public void setSignature(Signature s) { signature = s; }
    public DataFlowGraph dfg() { return dfg; }
    public Layout layout() { return layout; }

    // ---- preamble entities (setters with an explicit number keep the source's numbering) ----

    public int addStackSlot(StackSlotData d) { stackSlots.add(d); return stackSlots.size() - 1; }
    public void setStackSlot(int n, StackSlotData d) { setAt(stackSlots, n, d); }
    public StackSlotData stackSlot(int n) { return n >= 0 && n < stackSlots.size() ? stackSlots.get(n) : null; }
    public int numStackSlots() { return stackSlots.size(); }

    public int addDynamicStackSlot(DynamicStackSlotData d) { dynamicStackSlots.add(d); return dynamicStackSlots.size() - 1; }
    public void setDynamicStackSlot(int n, DynamicStackSlotData d) { setAt(dynamicStackSlots, n, d); }
    public DynamicStackSlotData dynamicStackSlot(int n) { return n >= 0 && n < dynamicStackSlots.size() ? dynamicStackSlots.get(n) : null; }
    public int numDynamicStackSlots() { return dynamicStackSlots.size(); }

    public int addGlobalValue(GlobalValueData d) { globalValues.add(d); return globalValues.size() - 1; }
    public void setGlobalValue(int n, GlobalValueData d) { setAt(globalValues, n, d); }
    public GlobalValueData globalValue(int n) { return n >= 0 && n < globalValues.size() ? globalValues.get(n) : null; }
    public int numGlobalValues() { return globalValues.size(); }

    public int addAliasRegion(AliasRegionData d) { aliasRegions.add(d); return aliasRegions.size() - 1; }
    public void setAliasRegion(int n, AliasRegionData d) { setAt(aliasRegions, n, d); }
    public AliasRegionData aliasRegion(int n) { return n >= 0 && n < aliasRegions.size() ? aliasRegions.get(n) : null; }
    public int numAliasRegions() { return aliasRegions.size(); }

    /** The global value holding the stack limit ({@code stack_limit = gvN}), or -1. */
    public int stackLimit() { return stackLimit; }
    public void setStackLimit(int gv) { stackLimit = gv; }

    private static <T> void setAt(List<T> list, int n, T d) {
        while (list.size() <= n) list.add(null);
        list.set(n, d);
    }

    // ---- source locations ----

    /** The source location of {@code inst} relative to the function's base, or {@link #NO_SRCLOC}. */
    public int relSrcLoc(int inst) { return inst < srcLocs.length ? srcLocs[inst] : NO_SRCLOC; }

    public void setRelSrcLoc(int inst, int rel) {
        if (inst >= srcLocs.length) {
            int old = srcLocs.length;
            srcLocs = Arrays.copyOf(srcLocs, Math.max(inst + 1, old * 2 + 16));
            Arrays.fill(srcLocs, old, srcLocs.length, NO_SRCLOC);
        }
        srcLocs[inst] = rel;
    }

    /** Canonical bytes: see {@link StencilWriter}. */
    public byte[] canonicalBytes() { return StencilWriter.canonicalBytes(this); }

    /** Receives canonical bytes in chunks, in order; a chunk's array is only valid during the call. */
    @FunctionalInterface
    public interface CanonicalSink {
        void write(byte[] b, int off, int len);
    }

    /**
     * Writes {@link #canonicalBytes()} to {@code sink} in chunks, without building the whole array
     * (what the compile cache hashes for every function); returns how many bytes were written.
     * The chunks concatenate to exactly {@code canonicalBytes()}.
     */
    public long writeCanonical(CanonicalSink sink) { return StencilWriter.writeCanonical(this, sink); }

    /** SHA-256 of {@link #canonicalBytes()}. */
    public byte[] stencilHash() { return StencilWriter.sha256(canonicalBytes()); }
}

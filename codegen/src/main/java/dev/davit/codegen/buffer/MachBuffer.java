package dev.davit.codegen.buffer;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * A growable buffer of machine code with labels, deferred label fixups and on-the-fly branch
 * simplification.
 *
 * <h2>Branch simplification</h2>
 * The emitter announces each branch just before writing its bytes ({@link #addUncondBranch},
 * {@link #addCondBranch}). The buffer keeps the run of branches that ends exactly at the current
 * end of the code ("the tail"). Each time a label is bound at the tail, it looks at that run from the
 * last branch backwards and repeatedly:
 * <ol>
 *   <li>deletes a branch whose target resolves to the end of the code (it would jump to the
 *       next instruction);</li>
 *   <li>for an unconditional branch that has labels bound at its start, makes those labels aliases
 *       of the branch's target (jump threading), unless the target is the branch itself;</li>
 *   <li>deletes an unconditional branch with no labels at its start that follows another
 *       unconditional branch (nothing can reach it);</li>
 *   <li>when a conditional branch to the end of the code is followed by an unconditional branch
 *       with no labels at its start, rewrites the conditional branch into its inverted form aimed at
 *       the unconditional branch's target and deletes the unconditional one.</li>
 * </ol>
 * Deleting a branch truncates the code and its fixup; labels bound at the old end move down to the
 * new end. All these edits only touch the tail, which is why branches must be announced by the
 * emitter: the buffer never rewrites code it has already moved past. Label uses are kept until
 * {@link #finish()} (or an island), where each label is resolved through its alias chain, so
 * threading never needs to revisit earlier fixups. Alias chains cannot form cycles: a label is aliased only to a target
 * that does not resolve to the label's own offset.
 *
 * <h2>Islands</h2>
 * Label uses of short reach (AArch64 conditional branches, literal loads) give the buffer a
 * deadline: the offset by which their label must be bound or a veneer placed. Between
 * instructions the emitter asks {@link #islandNeeded(int)} and, if so, jumps over (or follows a
 * terminator with) {@link #emitIsland(int)}, which flushes the pending constants, patches every use
 * whose label is known and in reach, and redirects uses that would otherwise miss their deadline
 * through veneers of longer reach ({@link LabelUse#generateVeneer}). x86-64 uses never have a
 * deadline in practice (rel32), so for x64 this machinery stays idle.
 */
public final class MachBuffer {
    private static final int NONE = -1;
    private static final int[] NO_LABELS = new int[0];

    private byte[] data = new byte[256];
    private int size;

    private int[] labelOffsets = new int[8];
    private int[] labelAliases = new int[8];
    private int labelCount;

    /** Labels bound at {@link #labelsAtTailOff}; stale (and cleared lazily) once code grows. */
    private final IntArrayList labelsAtTail = new IntArrayList();
    private int labelsAtTailOff = NONE;

    private int[] fixupOffsets = new int[8];
    private int[] fixupLabels = new int[8];
    private LabelUse[] fixupKinds = new LabelUse[8];
    private int fixupCount;

    private final boolean optimizeBranches;
    /** Contiguous run of branches; meaningful only while the last one ends at {@code size}. */
    private final ArrayList<Branch> latestBranches = new ArrayList<>();

    private final IntArrayList trapOffsets = new IntArrayList();
    private final IntArrayList trapCodes = new IntArrayList();

    private final IntArrayList relocOffsets = new IntArrayList();
    private final IntArrayList relocKinds = new IntArrayList();
    private final IntArrayList relocNames = new IntArrayList();
    private final LongArrayList relocAddends = new LongArrayList();

    private final IntArrayList srclocStarts = new IntArrayList();
    private final IntArrayList srclocEnds = new IntArrayList();
    private final IntArrayList srclocLocs = new IntArrayList();
    private int openSrcloc = NONE;
    private int openSrclocStart;

    private final IntArrayList callSiteOffsets = new IntArrayList();
    private final IntArrayList callSiteInfos = new IntArrayList();

    private final ArrayList<byte[]> constants = new ArrayList<>();
    private final IntArrayList constantAligns = new IntArrayList();
    private final IntArrayList constantLabels = new IntArrayList();
    private HashMap<ConstKey, Integer> constantIndex;

    private final IntArrayList deferredTrapCodes = new IntArrayList();
    private final IntArrayList deferredTrapLabels = new IntArrayList();
    private final ArrayList<byte[]> deferredTrapBytes = new ArrayList<>();
    private Int2IntOpenHashMap deferredTrapByCode;

    private boolean finished;

    /** A use reaching at least this far forward never forces an island. */
    private static final long LONG_RANGE = 1L << 30;
    /** Code alignment restored after the constants of an island, before veneers (AArch64: 4). */
    private static final int ISLAND_CODE_ALIGN = 4;

    /** Offset by which some pending short-range use must be resolved; MAX_VALUE if none. */
    private int islandDeadline = Integer.MAX_VALUE;
    /** Worst-case bytes of veneers for the pending short-range uses. */
    private long pendingVeneerBytes;
    /** Worst-case bytes (with alignment) of constants not yet placed. */
    private long pendingConstantBytes;

    /** A buffer that simplifies branches. */
    public MachBuffer() {
        this(true);
    }

    /** @param optimizeBranches whether announced branches are simplified (off: emitted as is) */
    public MachBuffer(boolean optimizeBranches) {
        this.optimizeBranches = optimizeBranches;
    }

    private static final class Branch {
        final int start;
        final int end;
        int target;
        final int fixup;
        /** Bytes of the inverted form for a conditional branch; null for an unconditional one. */
        byte[] inverted;
        int[] labelsAtStart;

        Branch(int start, int end, int target, int fixup, byte[] inverted, int[] labelsAtStart) {
            this.start = start;
            this.end = end;
            this.target = target;
            this.fixup = fixup;
            this.inverted = inverted;
            this.labelsAtStart = labelsAtStart;
        }
    }

    private record ConstKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ConstKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    // ---------------------------------------------------------------- bytes

    public int curOffset() {
        return size;
    }

    private void ensure(int extra) {
        if (size + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
        }
    }

    public void put1(int b) {
        ensure(1);
        data[size++] = (byte) b;
    }

    public void put2(int v) {
        ensure(2);
        data[size] = (byte) v;
        data[size + 1] = (byte) (v >>> 8);
        size += 2;
    }

    public void put4(int v) {
        ensure(4);
        data[size] = (byte) v;
        data[size + 1] = (byte) (v >>> 8);
        data[size + 2] = (byte) (v >>> 16);
        data[size + 3] = (byte) (v >>> 24);
        size += 4;
    }

    public void put8(long v) {
        put4((int) v);
        put4((int) (v >>> 32));
    }

    public void putBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, data, size, bytes.length);
        size += bytes.length;
    }

    /** Pads with zero bytes up to a multiple of {@code align} (a power of two). */
    public void alignTo(int align) {
        while ((size & (align - 1)) != 0) {
            put1(0);
        }
    }

    /** A byte already written (for tests and emitters that patch their own code). */
    public int byteAt(int offset) {
        return data[offset] & 0xFF;
    }

    /** Overwrites 4 already written bytes, little-endian. */
    public void patch4(int offset, int v) {
        data[offset] = (byte) v;
        data[offset + 1] = (byte) (v >>> 8);
        data[offset + 2] = (byte) (v >>> 16);
        data[offset + 3] = (byte) (v >>> 24);
    }

    // ---------------------------------------------------------------- labels

    /** A fresh unbound label. */
    public int getLabel() {
        if (labelCount == labelOffsets.length) {
            int n = labelCount * 2;
            labelOffsets = Arrays.copyOf(labelOffsets, n);
            labelAliases = Arrays.copyOf(labelAliases, n);
        }
        labelOffsets[labelCount] = NONE;
        labelAliases[labelCount] = NONE;
        return labelCount++;
    }

    /** Reserves labels {@code 0..n-1}, typically one per block, so block index = label. */
    public void reserveLabels(int n) {
        if (n <= 0) return;
        int end = labelCount + n;
        if (end > labelOffsets.length) {
            int cap = Math.max(end, labelOffsets.length * 2);
            labelOffsets = Arrays.copyOf(labelOffsets, cap);
            labelAliases = Arrays.copyOf(labelAliases, cap);
        }
        Arrays.fill(labelOffsets, labelCount, end, NONE);
        Arrays.fill(labelAliases, labelCount, end, NONE);
        labelCount = end;
    }

    public int labelCount() {
        return labelCount;
    }

    /** Binds {@code label} at the current offset, then simplifies branches at the tail. */
    public void bindLabel(int label) {
        if (labelOffsets[label] != NONE || labelAliases[label] != NONE) {
            throw new IllegalStateException("label " + label + " bound twice");
        }
        labelOffsets[label] = size;
        tailLabels().add(label);
        if (optimizeBranches) {
            optimizeBranches();
        }
    }

    /** Labels bound at the current offset, after dropping those left behind by growth. */
    private IntArrayList tailLabels() {
        if (labelsAtTailOff != size) {
            labelsAtTail.clear();
            labelsAtTailOff = size;
        }
        return labelsAtTail;
    }

    /** Offset a label resolves to through its aliases, or -1 while unbound. */
    public int resolveLabelOffset(int label) {
        int l = label;
        for (int steps = 0; labelAliases[l] != NONE; steps++) {
            if (steps > labelCount) {
                throw new IllegalStateException("label alias cycle at " + label);
            }
            l = labelAliases[l];
        }
        return labelOffsets[l];
    }

    /**
     * Records that the {@code kind.patchSize()} bytes at {@code offset} refer to {@code label};
     * patched in the next island or in {@link #finish()}.
     */
    public void useLabelAtOffset(int offset, int label, LabelUse kind) {
        if (fixupCount == fixupOffsets.length) {
            int n = fixupCount * 2;
            fixupOffsets = Arrays.copyOf(fixupOffsets, n);
            fixupLabels = Arrays.copyOf(fixupLabels, n);
            fixupKinds = Arrays.copyOf(fixupKinds, n);
        }
        fixupOffsets[fixupCount] = offset;
        fixupLabels[fixupCount] = label;
        fixupKinds[fixupCount] = kind;
        fixupCount++;
        if (kind.maxPosRange() < LONG_RANGE) {
            noteShortUse(offset, label, kind);
        }
    }

    private void noteShortUse(int offset, int label, LabelUse kind) {
        int target = resolveLabelOffset(label);
        if (target == NONE) {
            islandDeadline = (int) Math.min(islandDeadline, offset + kind.maxPosRange());
        } else if (offset - target > kind.maxNegRange()) {
            islandDeadline = Math.min(islandDeadline, size);
        }
        if (kind.supportsVeneer()) {
            pendingVeneerBytes += kind.veneerSize();
        }
    }

    // ---------------------------------------------------------------- branches

    /**
     * Announces an unconditional branch about to be written at the current offset: {@code length}
     * bytes whose label field (of kind {@code kind}) starts {@code fieldOffset} bytes in. Records
     * the label use itself; the caller then writes the bytes with a placeholder field.
     */
    public void addUncondBranch(int label, LabelUse kind, int fieldOffset, int length) {
        addBranch(label, kind, fieldOffset, length, null);
    }

    /**
     * Announces a conditional branch about to be written at the current offset, like
     * {@link #addUncondBranch}; {@code inverted} holds the complete bytes (placeholder field
     * included) of the same-length branch on the opposite condition.
     */
    public void addCondBranch(int label, LabelUse kind, int fieldOffset, int length, byte[] inverted) {
        if (inverted.length != length) {
            throw new IllegalArgumentException("inverted branch must have the same length");
        }
        addBranch(label, kind, fieldOffset, length, inverted);
    }

    private void addBranch(int label, LabelUse kind, int fieldOffset, int length, byte[] inverted) {
        useLabelAtOffset(size + fieldOffset, label, kind);
        if (!optimizeBranches) {
            return;
        }
        if (!latestBranches.isEmpty() && latestBranches.getLast().end != size) {
            latestBranches.clear();
        }
        int[] labels = labelsAtTailOff == size && !labelsAtTail.isEmpty() ? labelsAtTail.toIntArray() : NO_LABELS;
        latestBranches.add(new Branch(size, size + length, label, fixupCount - 1, inverted, labels));
    }

    private void optimizeBranches() {
        while (!latestBranches.isEmpty()) {
            Branch b = latestBranches.getLast();
            if (b.end != size) {
                latestBranches.clear();
                return;
            }
            // Something recorded a label use after the branch: its bytes are not ours to drop.
            if (b.fixup != fixupCount - 1) {
                return;
            }
            int cur = size;
            if (resolveLabelOffset(b.target) == cur) {
                truncateLastBranch();
                continue;
            }
            if (b.inverted != null) {
                return;
            }
            if (b.labelsAtStart.length > 0 && resolveLabelOffset(b.target) != b.start) {
                for (int l : b.labelsAtStart) {
                    if (labelAliases[l] == NONE) {
                        labelAliases[l] = b.target;
                    }
                }
                b.labelsAtStart = NO_LABELS;
            }
            if (b.labelsAtStart.length == 0 && latestBranches.size() >= 2) {
                Branch p = latestBranches.get(latestBranches.size() - 2);
                if (p.end == b.start) {
                    if (p.inverted == null) {
                        truncateLastBranch();
                        continue;
                    }
                    if (resolveLabelOffset(p.target) == cur) {
                        invert(p, b.target);
                        truncateLastBranch();
                        continue;
                    }
                }
            }
            return;
        }
    }

    private void invert(Branch p, int newTarget) {
        int len = p.end - p.start;
        byte[] original = Arrays.copyOfRange(data, p.start, p.end);
        System.arraycopy(p.inverted, 0, data, p.start, len);
        p.inverted = original;
        p.target = newTarget;
        fixupLabels[p.fixup] = newTarget;
    }

    private void truncateLastBranch() {
        Branch b = latestBranches.removeLast();
        IntArrayList tail = tailLabels();
        size = b.start;
        LabelUse dropped = fixupKinds[b.fixup];
        if (dropped.maxPosRange() < LONG_RANGE && dropped.supportsVeneer()) {
            // The deadline it may have set stays: an island a little early is harmless.
            pendingVeneerBytes -= dropped.veneerSize();
        }
        fixupCount = b.fixup;
        for (int i = 0; i < tail.size(); i++) {
            labelOffsets[tail.getInt(i)] = size;
        }
        for (int l : b.labelsAtStart) {
            tail.add(l);
        }
        labelsAtTailOff = size;
        trimSrclocs(size);
    }

    private void trimSrclocs(int end) {
        int n = srclocStarts.size();
        while (n > 0 && srclocEnds.getInt(n - 1) > end) {
            if (srclocStarts.getInt(n - 1) >= end) {
                n--;
                srclocStarts.size(n);
                srclocEnds.size(n);
                srclocLocs.size(n);
            } else {
                srclocEnds.set(n - 1, end);
                break;
            }
        }
        if (openSrcloc != NONE && openSrclocStart > end) {
            openSrclocStart = end;
        }
    }

    // ---------------------------------------------------------------- side tables

    /** A trap with {@code code} at the current offset (the start of the trapping instruction). */
    public void addTrap(int code) {
        trapOffsets.add(size);
        trapCodes.add(code);
    }

    /** A relocation of the field at the current offset against external name {@code name}. */
    public void addReloc(RelocKind kind, int name, long addend) {
        addRelocAt(size, kind, name, addend);
    }

    public void addRelocAt(int offset, RelocKind kind, int name, long addend) {
        relocOffsets.add(offset);
        relocKinds.add(kind.ordinal());
        relocNames.add(name);
        relocAddends.add(addend);
    }

    /** A call site whose return address is the current offset; {@code info} is backend-defined. */
    public void addCallSite(int info) {
        callSiteOffsets.add(size);
        callSiteInfos.add(info);
    }

    /** Code from here until {@link #endSrcloc()} comes from source location {@code loc}. */
    public void startSrcloc(int loc) {
        if (openSrcloc != NONE) {
            endSrcloc();
        }
        openSrcloc = loc;
        openSrclocStart = size;
    }

    public void endSrcloc() {
        if (openSrcloc == NONE) {
            return;
        }
        if (size > openSrclocStart) {
            srclocStarts.add(openSrclocStart);
            srclocEnds.add(size);
            srclocLocs.add(openSrcloc);
        }
        openSrcloc = NONE;
    }

    // ---------------------------------------------------------------- deferred traps

    /**
     * A label for an out-of-line trapping instruction ({@code insn}, e.g. x86 {@code ud2}) with
     * trap {@code code}, placed after the code (or in the next island) so that a conditional trap
     * is a single not-taken branch in the hot path. One instance per trap code.
     */
    public int deferTrap(int code, byte[] insn) {
        if (deferredTrapByCode == null) {
            deferredTrapByCode = new Int2IntOpenHashMap();
            deferredTrapByCode.defaultReturnValue(NONE);
        }
        int label = deferredTrapByCode.get(code);
        if (label == NONE) {
            label = getLabel();
            deferredTrapByCode.put(code, label);
            deferredTrapCodes.add(code);
            deferredTrapLabels.add(label);
            deferredTrapBytes.add(insn.clone());
            pendingConstantBytes += insn.length;
        }
        return label;
    }

    private void flushDeferredTraps() {
        for (int i = 0; i < deferredTrapCodes.size(); i++) {
            labelOffsets[deferredTrapLabels.getInt(i)] = size;
            addTrap(deferredTrapCodes.getInt(i));
            putBytes(deferredTrapBytes.get(i));
        }
        deferredTrapCodes.clear();
        deferredTrapLabels.clear();
        deferredTrapBytes.clear();
        if (deferredTrapByCode != null) {
            deferredTrapByCode.clear();
        }
    }

    // ---------------------------------------------------------------- constants

    /**
     * A label for {@code bytes} in the constant pool placed after the code, aligned to
     * {@code align}; equal contents share one entry (and its label).
     */
    public int addConstant(byte[] bytes, int align) {
        if (constantIndex == null) {
            constantIndex = new HashMap<>();
        }
        ConstKey key = new ConstKey(bytes.clone());
        Integer boxed = constantIndex.get(key);
        if (boxed != null) {
            int idx = boxed;
            if (constantAligns.getInt(idx) < align) {
                constantAligns.set(idx, align);
            }
            return constantLabels.getInt(idx);
        }
        int label = getLabel();
        pendingConstantBytes += bytes.length + align - 1;
        constantIndex.put(key, constants.size());
        constants.add(key.bytes);
        constantAligns.add(align);
        constantLabels.add(label);
        return label;
    }

    /** A pool constant of {@code size} bytes (1, 2, 4, 8), little-endian, aligned to its size. */
    public int addConstant(long value, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return addConstant(b, size);
    }

    // ---------------------------------------------------------------- islands

    /**
     * Whether an island must be placed before {@code distance} more bytes of code (the emitter's
     * bound on what it emits before asking again), because some short-range use would otherwise
     * miss its deadline.
     */
    public boolean islandNeeded(int distance) {
        return islandDeadline != Integer.MAX_VALUE
                && (long) size + distance + pendingVeneerBytes + pendingConstantBytes + ISLAND_CODE_ALIGN > islandDeadline;
    }

    /**
     * Places an island at the current offset: the constants added so far, then veneers for uses
     * that could not reach their label from beyond the next {@code distance} bytes. Execution must
     * not fall into it. Labels bound at the current offset name the code after the island and move
     * past it. Ends branch simplification for the branches before it.
     */
    public void emitIsland(int distance) {
        latestBranches.clear();
        int[] tail = labelsAtTailOff == size ? labelsAtTail.toIntArray() : NO_LABELS;
        // Uses of these labels must not resolve to the island itself.
        for (int l : tail) {
            labelOffsets[l] = NONE;
        }
        flushDeferredTraps();
        flushConstants();
        if (constantIndex != null) {
            constantIndex.clear();
        }
        alignTo(ISLAND_CODE_ALIGN);
        resolveFixups(false, (long) size + pendingVeneerBytes + distance);
        labelsAtTail.clear();
        for (int l : tail) {
            labelOffsets[l] = size;
            labelsAtTail.add(l);
        }
        labelsAtTailOff = size;
    }

    private void flushConstants() {
        for (int i = 0; i < constants.size(); i++) {
            alignTo(constantAligns.getInt(i));
            labelOffsets[constantLabels.getInt(i)] = size;
            putBytes(constants.get(i));
        }
        constants.clear();
        constantAligns.clear();
        constantLabels.clear();
        pendingConstantBytes = 0;
    }

    /**
     * Patches every use whose label is bound and in reach and drops it; gives a veneer to a use
     * that is out of reach of its bound label, or (unless finishing) whose label is unbound and
     * whose reach ends before {@code threshold}; keeps the rest pending. Finishing, an unbound
     * label is an error.
     */
    private void resolveFixups(boolean finishing, long threshold) {
        int n = fixupCount;
        int kept = 0;
        islandDeadline = Integer.MAX_VALUE;
        pendingVeneerBytes = 0;
        for (int i = 0; i < n; i++) {
            int use = fixupOffsets[i];
            int label = fixupLabels[i];
            LabelUse kind = fixupKinds[i];
            int target = resolveLabelOffset(label);
            if (target != NONE) {
                if (reaches(kind, use, target)) {
                    kind.patch(data, use, target);
                    continue;
                }
                if (!kind.supportsVeneer()) {
                    throw new IllegalStateException("label use " + kind + " at " + use + " cannot reach " + target);
                }
                int field = veneer(kind, use);
                LabelUse vkind = kind.veneerUse();
                if (!reaches(vkind, field, target)) {
                    throw new IllegalStateException("veneer " + vkind + " at " + field + " cannot reach " + target);
                }
                vkind.patch(data, field, target);
                continue;
            }
            if (finishing) {
                throw new IllegalStateException("label " + label + " used at " + use + " but never bound");
            }
            if (kind.maxPosRange() < LONG_RANGE && kind.supportsVeneer() && use + kind.maxPosRange() < threshold) {
                use = veneer(kind, use);
                kind = kind.veneerUse();
            }
            fixupOffsets[kept] = use;
            fixupLabels[kept] = label;
            fixupKinds[kept] = kind;
            kept++;
        }
        fixupCount = kept;
        for (int i = 0; i < kept; i++) {
            if (fixupKinds[i].maxPosRange() < LONG_RANGE) {
                noteShortUse(fixupOffsets[i], fixupLabels[i], fixupKinds[i]);
            }
        }
    }

    private static boolean reaches(LabelUse kind, int use, int target) {
        long dist = (long) target - use;
        return dist <= kind.maxPosRange() && -dist <= kind.maxNegRange();
    }

    /** Writes a veneer for the use at {@code use} at the current offset; returns the veneer's own field. */
    private int veneer(LabelUse kind, int use) {
        int at = size;
        if (!reaches(kind, use, at)) {
            throw new IllegalStateException("label use " + kind + " at " + use + " cannot reach an island at " + at);
        }
        ensure(kind.veneerSize());
        int field = kind.generateVeneer(data, use, at);
        size += kind.veneerSize();
        return field;
    }

    // ---------------------------------------------------------------- finish

    /** Emits the constant pool, patches every label use and returns the finished code. */
    public MachBufferFinalized finish() {
        if (finished) {
            throw new IllegalStateException("finish() called twice");
        }
        finished = true;
        endSrcloc();
        latestBranches.clear();
        flushDeferredTraps();
        int codeSize = size;
        flushConstants();
        resolveFixups(true, Long.MAX_VALUE);
        int[] resolved = new int[labelCount];
        for (int l = 0; l < labelCount; l++) {
            resolved[l] = resolveLabelOffset(l);
        }
        return new MachBufferFinalized(Arrays.copyOf(data, size), codeSize, resolved,
                trapOffsets.toIntArray(), trapCodes.toIntArray(),
                relocOffsets.toIntArray(), relocKinds.toIntArray(), relocNames.toIntArray(), relocAddends.toLongArray(),
                srclocStarts.toIntArray(), srclocEnds.toIntArray(), srclocLocs.toIntArray(),
                callSiteOffsets.toIntArray(), callSiteInfos.toIntArray());
    }
}

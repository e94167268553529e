package dev.davit.ir;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Values, instructions, blocks and the tables they refer to. Every entity is a dense int handle
 * (Value, Inst, Block, BlockCall, SigRef, FuncRef, JumpTable, ExceptionTable, Constant, ...) and
 * every per-entity field lives in a primitive array indexed by it, so the hot paths of reading,
 * verifying and lowering allocate nothing per instruction.
 *
 * <p>Instructions share one uniform record (see {@link Format} for which fields a format uses):
 * opcode, controlling type, value arguments (a range of {@link #argPool}), a 64-bit immediate, an
 * int auxiliary immediate, an entity reference, block-call destinations and results. Block-call
 * arguments are encoded ints: a value ({@code >= 0}) or a try_call result/exception payload
 * ({@link #blockArgRet}, {@link #blockArgExn}).
 */
public final class DataFlowGraph {
    /** Value kinds. */
    public static final byte VALUE_RESULT = 0, VALUE_PARAM = 1, VALUE_ALIAS = 2;

    // ---- values ----
    private Type[] valueType = new Type[64];
    private byte[] valueKind = new byte[64];
    private int[] valueDef = new int[64]; // inst, block, or alias target
    private int[] valueNum = new int[64]; // result or parameter index
    private int numValues;
    /** Set once any value has been an alias, never cleared: while false, no value needs resolving. */
    private boolean aliased;

    // ---- instructions ----
    private short[] opcode = new short[32];
    private Type[] ctrlType = new Type[32];
    private int[] argStart = new int[32], argCount = new int[32];
    private long[] imm = new long[32];
    private int[] aux = new int[32];
    private int[] ref = new int[32];
    private int[] destStart = new int[32], destCount = new int[32];
    private int[] resultStart = new int[32], resultCount = new int[32];
    private int numInsts;
    private final IntArrayList argPool = new IntArrayList();
    private final IntArrayList resultPool = new IntArrayList();
    private final IntArrayList destPool = new IntArrayList();

    // ---- block calls ----
    private int[] bcBlock = new int[16], bcArgStart = new int[16], bcArgCount = new int[16];
    private int numBlockCalls;
    private final IntArrayList bcArgPool = new IntArrayList();

    // ---- blocks ----
    private IntArrayList[] blockParams = new IntArrayList[16];
    private int numBlocks;

    // ---- tables ----
    private final List<Signature> signatures = new ArrayList<>();
    private final List<ExtFuncData> extFuncs = new ArrayList<>();
    private final List<int[]> jumpTables = new ArrayList<>(); // block calls; [0] is the default
    private final List<ExceptionTableData> exceptionTables = new ArrayList<>();
    private final List<byte[]> constants = new ArrayList<>(); // little-endian bytes
    private final List<byte[]> immediates = new ArrayList<>(); // shuffle masks
    private final List<MemFlags> memFlags = new ArrayList<>();
    private final Object2IntOpenHashMap<MemFlags> memFlagsIndex = new Object2IntOpenHashMap<>();
    private final List<DynamicTypeData> dynamicTypes = new ArrayList<>();
    private final Int2ObjectOpenHashMap<List<UserStackMapEntry>> userStackMaps = new Int2ObjectOpenHashMap<>();
    private final Int2ObjectOpenHashMap<int[]> debugTags = new Int2ObjectOpenHashMap<>();

    public DataFlowGraph() {
        memFlagsIndex.defaultReturnValue(-1);
    }

    // =====================================================================================
    // Values
    // =====================================================================================

    private int newValue(Type t, byte kind, int def, int num) {
        if (numValues == valueType.length) {
            int n = numValues * 2;
            valueType = Arrays.copyOf(valueType, n);
            valueKind = Arrays.copyOf(valueKind, n);
            valueDef = Arrays.copyOf(valueDef, n);
            valueNum = Arrays.copyOf(valueNum, n);
        }
        int v = numValues++;
        if (kind == VALUE_ALIAS) aliased = true;
        valueType[v] = t;
        valueKind[v] = kind;
        valueDef[v] = def;
        valueNum[v] = num;
        return v;
    }

    /** Number of value handles allocated (including aliases and detached values). */
    public int numValues() { return numValues; }

    public boolean valueIsValid(int v) { return v >= 0 && v < numValues; }

    public Type valueType(int v) { return valueType[v]; }

    public void setValueType(int v, Type t) { valueType[v] = t; }

    /** {@link #VALUE_RESULT}, {@link #VALUE_PARAM} or {@link #VALUE_ALIAS}. */
    public byte valueKind(int v) { return valueKind[v]; }

    /** The defining instruction of a result, or the block of a parameter, or the alias target. */
    public int valueDef(int v) { return valueDef[v]; }

    /** Result index or parameter index. */
    public int valueNum(int v) { return valueNum[v]; }

    /**
     * Follows aliases to the value they stand for. While no value was ever an alias (most
     * functions) that is {@code v} itself, without reading the value tables: every walk over the
     * operands (the canonical writer, lowering, the interpreter) asks for each one.
     */
    public int resolveAliases(int v) { return aliased ? followAliases(v) : v; }

    private int followAliases(int v) {
        int n = 0;
        while (valueKind[v] == VALUE_ALIAS) {
            v = valueDef[v];
            if (++n > numValues) throw new IllegalStateException("alias cycle at v" + v);
        }
        return v;
    }

    /** Makes a new value that is an alias of {@code target}. */
    public int makeAlias(int target) {
        return newValue(valueType[target], VALUE_ALIAS, target, 0);
    }

    /** Turns an existing value handle into an alias of {@code target} (used by the reader for {@code vN -> vM}). */
    public void setAlias(int v, int target) {
        aliased = true;
        valueKind[v] = VALUE_ALIAS;
        valueDef[v] = target;
        valueType[v] = valueType[target];
    }

    /**
     * Ensures value handles up to {@code v} exist, as detached placeholders (kind alias to itself is
     * never produced; placeholders are results of instruction -1). The reader uses this to keep
     * the source's value numbers.
     */
    public void reserveValues(int upTo) {
        while (numValues <= upTo) newValue(null, VALUE_RESULT, -1, 0);
    }

    /** Whether {@code v} is a reserved placeholder never attached to an instruction or block. */
    public boolean valueIsDetached(int v) { return valueKind[v] == VALUE_RESULT && valueDef[v] < 0; }

    // =====================================================================================
    // Instructions
    // =====================================================================================

    /**
     * Creates an instruction with no results attached yet.
     *
     * @param args value arguments (copied)
     */
    public int makeInst(Opcode op, Type ctrl, int[] args, int nargs, long immediate, int auxImm, int entity) {
        if (numInsts == opcode.length) growInsts();
        int i = numInsts++;
        opcode[i] = (short) op.ordinal();
        ctrlType[i] = ctrl;
        argStart[i] = argPool.size();
        argCount[i] = nargs;
        for (int k = 0; k < nargs; k++) argPool.add(args[k]);
        imm[i] = immediate;
        aux[i] = auxImm;
        ref[i] = entity;
        destStart[i] = destPool.size();
        destCount[i] = 0;
        resultStart[i] = resultPool.size();
        resultCount[i] = 0;
        return i;
    }

    private void growInsts() {
        int n = numInsts * 2;
        opcode = Arrays.copyOf(opcode, n);
        ctrlType = Arrays.copyOf(ctrlType, n);
        argStart = Arrays.copyOf(argStart, n);
        argCount = Arrays.copyOf(argCount, n);
        imm = Arrays.copyOf(imm, n);
        aux = Arrays.copyOf(aux, n);
        ref = Arrays.copyOf(ref, n);
        destStart = Arrays.copyOf(destStart, n);
        destCount = Arrays.copyOf(destCount, n);
        resultStart = Arrays.copyOf(resultStart, n);
        resultCount = Arrays.copyOf(resultCount, n);
    }

    public int numInsts() { return numInsts; }

    public Opcode opcode(int inst) { return Opcode.of(opcode[inst]); }

    public int opcodeOrdinal(int inst) { return opcode[inst]; }

    /** The controlling type written or inferred for a polymorphic instruction; null otherwise. */
    public Type ctrlType(int inst) { return ctrlType[inst]; }

    public void setCtrlType(int inst, Type t) { ctrlType[inst] = t; }

    public int numArgs(int inst) { return argCount[inst]; }

    public int arg(int inst, int i) { return argPool.getInt(argStart[inst] + i); }

    public void setArg(int inst, int i, int v) { argPool.set(argStart[inst] + i, v); }

    /** Copies the arguments into a fresh array (not for hot paths). */
    public int[] args(int inst) {
        int[] a = new int[argCount[inst]];
        argPool.getElements(argStart[inst], a, 0, a.length);
        return a;
    }

    /** Replaces the argument list. */
    public void setArgs(int inst, int[] args, int n) {
        if (n <= argCount[inst]) {
            for (int k = 0; k < n; k++) argPool.set(argStart[inst] + k, args[k]);
        } else {
            argStart[inst] = argPool.size();
            for (int k = 0; k < n; k++) argPool.add(args[k]);
        }
        argCount[inst] = n;
    }

    public long imm(int inst) { return imm[inst]; }

    public void setImm(int inst, long v) { imm[inst] = v; }

    public int aux(int inst) { return aux[inst]; }

    public void setAux(int inst, int v) { aux[inst] = v; }

    public int ref(int inst) { return ref[inst]; }

    public void setRef(int inst, int v) { ref[inst] = v; }

    // ---- results ----

    /** Appends a result of type {@code t} to {@code inst}; results must be appended contiguously. */
    public int appendResult(int inst, Type t) {
        int v = newValue(t, VALUE_RESULT, inst, resultCount[inst]);
        attachResultSlot(inst, v);
        return v;
    }

    /** Attaches an existing (reserved) value handle as the next result of {@code inst}. */
    public void attachResult(int inst, int v, Type t) {
        valueType[v] = t;
        valueKind[v] = VALUE_RESULT;
        valueDef[v] = inst;
        valueNum[v] = resultCount[inst];
        attachResultSlot(inst, v);
    }

    private void attachResultSlot(int inst, int v) {
        int n = resultCount[inst];
        if (n == 0 || resultStart[inst] + n == resultPool.size()) {
            if (n == 0) resultStart[inst] = resultPool.size();
            resultPool.add(v);
        } else {
            int start = resultPool.size();
            for (int k = 0; k < n; k++) resultPool.add(resultPool.getInt(resultStart[inst] + k));
            resultPool.add(v);
            resultStart[inst] = start;
        }
        resultCount[inst] = n + 1;
    }

    public int numResults(int inst) { return resultCount[inst]; }

    public int result(int inst, int i) { return resultPool.getInt(resultStart[inst] + i); }

    /** The first result, or -1 if there are none. */
    public int firstResult(int inst) { return resultCount[inst] == 0 ? -1 : resultPool.getInt(resultStart[inst]); }

    /** Removes all results (their values become detached). */
    public void clearResults(int inst) {
        for (int k = 0; k < resultCount[inst]; k++) valueDef[result(inst, k)] = -1;
        resultCount[inst] = 0;
    }

    /**
     * Creates the results an instruction's opcode and controlling type imply (signature results for
     * calls). Returns false if a derived type does not exist for the controlling type.
     */
    public boolean makeResults(int inst) {
        Opcode op = opcode(inst);
        OpConstraints c = op.constraints();
        if (c.resultsFromSignature()) {
            Signature sig = callSignature(inst);
            if (sig == null) return false;
            for (AbiParam p : sig.returns()) appendResult(inst, p.type());
            return true;
        }
        Type ctrl = ctrlType[inst];
        for (int i = 0; i < c.fixedResults(); i++) {
            Type t = c.resultType(i, ctrl);
            if (t == null) return false;
            appendResult(inst, t);
        }
        return true;
    }

    /** The signature a call-like instruction uses, or null. */
    public Signature callSignature(int inst) {
        Opcode op = opcode(inst);
        return switch (op.format()) {
            case CALL, TRY_CALL -> {
                int fn = ref[inst];
                yield fn >= 0 && fn < extFuncs.size() ? signature(extFuncs.get(fn).signature()) : null;
            }
            case CALL_INDIRECT -> signature(ref[inst]);
            case TRY_CALL_INDIRECT -> {
                int et = ref[inst];
                yield et >= 0 && et < exceptionTables.size() ? signature(exceptionTables.get(et).signature()) : null;
            }
            default -> null;
        };
    }

    // ---- destinations (block calls) ----

    /** Sets the block-call destinations of a branch ({@code jump}: 1, {@code brif}: 2, try_call: normal return). */
    public void setDests(int inst, int... blockCalls) {
        destStart[inst] = destPool.size();
        destCount[inst] = blockCalls.length;
        for (int bc : blockCalls) destPool.add(bc);
    }

    public int numDests(int inst) { return destCount[inst]; }

    public int dest(int inst, int i) { return destPool.getInt(destStart[inst] + i); }

    /**
     * All block calls an instruction branches through, in order: its own destinations, then a jump
     * table's default and entries, or an exception table's normal return and handlers.
     */
    public int[] branchDestinations(int inst) {
        Opcode op = opcode(inst);
        return switch (op.format()) {
            case BRANCH_TABLE -> jumpTables.get(ref[inst]).clone();
            case TRY_CALL -> exceptionTables.get(aux[inst]).allBlockCalls();
            case TRY_CALL_INDIRECT -> exceptionTables.get(ref[inst]).allBlockCalls();
            default -> {
                int[] d = new int[destCount[inst]];
                for (int k = 0; k < d.length; k++) d[k] = dest(inst, k);
                yield d;
            }
        };
    }

    // =====================================================================================
    // Block calls
    // =====================================================================================

    /** Encodes "the i-th return value of the try_call" as a block-call argument. */
    public static int blockArgRet(int i) { return -1 - 2 * i; }

    /** Encodes "the i-th exception payload" as a block-call argument. */
    public static int blockArgExn(int i) { return -2 - 2 * i; }

    public static boolean blockArgIsValue(int a) { return a >= 0; }

    public static boolean blockArgIsRet(int a) { return a < 0 && ((-a) & 1) == 1; }

    /** The index of a ret/exn block argument. */
    public static int blockArgIndex(int a) { return (-a - 1) / 2; }

    public int makeBlockCall(int block, int[] args, int nargs) {
        if (numBlockCalls == bcBlock.length) {
            int n = numBlockCalls * 2;
            bcBlock = Arrays.copyOf(bcBlock, n);
            bcArgStart = Arrays.copyOf(bcArgStart, n);
            bcArgCount = Arrays.copyOf(bcArgCount, n);
        }
        int bc = numBlockCalls++;
        bcBlock[bc] = block;
        bcArgStart[bc] = bcArgPool.size();
        bcArgCount[bc] = nargs;
        for (int k = 0; k < nargs; k++) bcArgPool.add(args[k]);
        return bc;
    }

    public int numBlockCalls() { return numBlockCalls; }

    public int blockCallBlock(int bc) { return bcBlock[bc]; }

    public void setBlockCallBlock(int bc, int block) { bcBlock[bc] = block; }

    public int blockCallNumArgs(int bc) { return bcArgCount[bc]; }

    /** A block-call argument, encoded (see class doc). */
    public int blockCallArg(int bc, int i) { return bcArgPool.getInt(bcArgStart[bc] + i); }

    public void setBlockCallArg(int bc, int i, int a) { bcArgPool.set(bcArgStart[bc] + i, a); }

    // =====================================================================================
    // Blocks
    // =====================================================================================

    public int makeBlock() {
        if (numBlocks == blockParams.length) blockParams = Arrays.copyOf(blockParams, numBlocks * 2);
        blockParams[numBlocks] = new IntArrayList(2);
        return numBlocks++;
    }

    /** Ensures blocks up to {@code b} exist (the reader keeps the source's block numbers). */
    public void reserveBlocks(int upTo) {
        while (numBlocks <= upTo) makeBlock();
    }

    public int numBlocks() { return numBlocks; }

    public int appendBlockParam(int block, Type t) {
        IntArrayList ps = blockParams[block];
        int v = newValue(t, VALUE_PARAM, block, ps.size());
        ps.add(v);
        return v;
    }

    /** Attaches an existing (reserved) value handle as the next parameter of {@code block}. */
    public void attachBlockParam(int block, int v, Type t) {
        IntArrayList ps = blockParams[block];
        valueType[v] = t;
        valueKind[v] = VALUE_PARAM;
        valueDef[v] = block;
        valueNum[v] = ps.size();
        ps.add(v);
    }

    public int numBlockParams(int block) { return blockParams[block].size(); }

    public int blockParam(int block, int i) { return blockParams[block].getInt(i); }

    // =====================================================================================
    // Tables
    // =====================================================================================

    public int addSignature(Signature s) { signatures.add(s); return signatures.size() - 1; }

    /** Ensures SigRefs up to {@code n} exist, as null placeholders, and sets {@code n}. */
    public void setSignature(int n, Signature s) {
        while (signatures.size() <= n) signatures.add(null);
        signatures.set(n, s);
    }

    public Signature signature(int sigRef) {
        return sigRef >= 0 && sigRef < signatures.size() ? signatures.get(sigRef) : null;
    }

    public int numSignatures() { return signatures.size(); }

    public int addExtFunc(ExtFuncData f) { extFuncs.add(f); return extFuncs.size() - 1; }

    public void setExtFunc(int n, ExtFuncData f) {
        while (extFuncs.size() <= n) extFuncs.add(null);
        extFuncs.set(n, f);
    }

    public ExtFuncData extFunc(int fnRef) { return fnRef >= 0 && fnRef < extFuncs.size() ? extFuncs.get(fnRef) : null; }

    public int numExtFuncs() { return extFuncs.size(); }

    /** Adds a jump table: {@code blockCalls[0]} is the default, the rest are the entries. */
    public int addJumpTable(int[] blockCalls) { jumpTables.add(blockCalls.clone()); return jumpTables.size() - 1; }

    public int[] jumpTable(int jt) { return jumpTables.get(jt); }

    public int numJumpTables() { return jumpTables.size(); }

    public int addExceptionTable(ExceptionTableData et) { exceptionTables.add(et); return exceptionTables.size() - 1; }

    public ExceptionTableData exceptionTable(int et) { return exceptionTables.get(et); }

    public int numExceptionTables() { return exceptionTables.size(); }

    /** Adds constant bytes (little-endian order, as CLIF's {@code 0x...} is written big-endian). */
    public int addConstant(byte[] bytes) { constants.add(bytes.clone()); return constants.size() - 1; }

    public void setConstant(int n, byte[] bytes) {
        while (constants.size() <= n) constants.add(null);
        constants.set(n, bytes.clone());
    }

    public byte[] constant(int c) { return c >= 0 && c < constants.size() ? constants.get(c) : null; }

    public int numConstants() { return constants.size(); }

    public int addImmediate(byte[] bytes) { immediates.add(bytes.clone()); return immediates.size() - 1; }

    public byte[] immediate(int i) { return immediates.get(i); }

    public int numImmediates() { return immediates.size(); }

    /** The index of {@code f} in this function's flag table, adding it if new. */
    public int internMemFlags(MemFlags f) {
        int i = memFlagsIndex.getInt(f);
        if (i >= 0) return i;
        memFlags.add(f);
        memFlagsIndex.put(f, memFlags.size() - 1);
        return memFlags.size() - 1;
    }

    public MemFlags memFlags(int index) { return memFlags.get(index); }

    public int numMemFlags() { return memFlags.size(); }

    public int addDynamicType(DynamicTypeData d) { dynamicTypes.add(d); return dynamicTypes.size() - 1; }

    public void setDynamicType(int n, DynamicTypeData d) {
        while (dynamicTypes.size() <= n) dynamicTypes.add(null);
        dynamicTypes.set(n, d);
    }

    public DynamicTypeData dynamicType(int dt) { return dt >= 0 && dt < dynamicTypes.size() ? dynamicTypes.get(dt) : null; }

    public int numDynamicTypes() { return dynamicTypes.size(); }

    /** Entries of a call's user stack map ({@code stack_map=[T @ ssN+off, ...]}). */
    public record UserStackMapEntry(Type type, int slot, int offset) {}

    public void setUserStackMap(int inst, List<UserStackMapEntry> entries) { userStackMaps.put(inst, List.copyOf(entries)); }

    public List<UserStackMapEntry> userStackMap(int inst) { return userStackMaps.get(inst); }

    /** Whether any instruction has a user stack map (lets a pass over all instructions skip the lookups). */
    public boolean hasUserStackMaps() { return !userStackMaps.isEmpty(); }

    /** Debug tags attached to an instruction ({@code <tag, tag>}), or null. */
    public void setDebugTags(int inst, int[] tags) { debugTags.put(inst, tags.clone()); }

    public int[] debugTags(int inst) { return debugTags.get(inst); }

    /** Whether any instruction has debug tags. */
    public boolean hasDebugTags() { return !debugTags.isEmpty(); }
}

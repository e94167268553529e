package dev.davit.ir.verifier;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.Format;
import dev.davit.ir.Function;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.GlobalValueData;
import dev.davit.ir.Layout;
import dev.davit.ir.MemFlags;
import dev.davit.ir.OpConstraints;
import dev.davit.ir.Opcode;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.ir.analysis.BranchDestinations;
import dev.davit.ir.analysis.ControlFlowGraph;
import dev.davit.ir.analysis.DominatorTree;
import dev.davit.ir.analysis.InstText;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a function is well formed, with the semantics and wording of Cranelift's verifier
 * ({@code cranelift/codegen/src/verifier}): entity references, block structure, SSA dominance,
 * instruction and call typing, returns and tail calls, exceptions, global values, and the
 * immediate constraints Cranelift enforces.
 *
 * <p>Cranelift distinguishes fatal errors, after which it stops because later checks would read
 * garbage, from non-fatal ones; the same split is kept here (a fatal error unwinds to
 * {@link #verify}), so a file annotated with Cranelift's expected errors sees neither more nor
 * fewer. Nothing about the function is trusted: every handle is range-checked before use, and an
 * unexpected exception on pathological input is itself turned into an error.
 *
 * <p>Checks that need a target (pointer width: exception payload types, address widths, global
 * value types) run only when a pointer type is given, as Cranelift runs them only with an ISA.
 */
public final class Verifier {
    /** Unwinds the run after a fatal error; carries nothing, so one shared instance suffices. */
    private static final class Fatal extends RuntimeException {
        Fatal() { super(null, null, false, false); }
    }

    private static final Fatal FATAL = new Fatal();

    private enum Target { NORMAL, EX_NORMAL_RET, EXCEPTION }

    private final Function f;
    private final FunctionStencil stencil;
    private final DataFlowGraph dfg;
    private final Layout layout;
    private final Signature sig;
    private final Type pointerType;
    private final boolean hasDebugTags, hasUserStackMaps; // skip the per-instruction map lookups when empty
    private final List<VerifierError> errors = new ArrayList<>();
    /** Null for a single block that branches nowhere: then only the entry exists and is reachable. */
    private DominatorTree domtree;
    private int layoutBlocks;
    private int[] instPos; // position of each laid-out instruction within its block
    private int entry = -1;

    private Verifier(Function f, Type pointerType) {
        this.f = f;
        this.stencil = f.stencil();
        this.dfg = f.dfg();
        this.layout = f.layout();
        this.sig = f.signature();
        this.pointerType = pointerType;
        this.hasDebugTags = dfg.hasDebugTags();
        this.hasUserStackMaps = dfg.hasUserStackMaps();
    }

    /** Verifies {@code f} without target information. */
    public static VerifierErrors verify(Function f) {
        return verify(f, null);
    }

    /**
     * Verifies {@code f} for a target whose pointers have type {@code pointerType} ({@code i32} or
     * {@code i64}), or without target-dependent checks if it is null. Never throws.
     */
    public static VerifierErrors verify(Function f, Type pointerType) {
        Verifier v = new Verifier(f, pointerType);
        try {
            v.run();
        } catch (Fatal e) {
            // Reported already; later checks would only read inconsistent data.
        } catch (RuntimeException e) {
            v.errors.add(new VerifierError(EntityLocation.FUNCTION, "verifier could not check malformed function: " + e));
        }
        return new VerifierErrors(v.errors);
    }

    // =====================================================================================
    // Reporting
    // =====================================================================================

    private void report(EntityLocation loc, String message) { errors.add(new VerifierError(loc, message)); }

    private void report(int inst, String message) { report(new EntityLocation.Inst(inst), message); }

    private RuntimeException fatal(EntityLocation loc, String message) {
        report(loc, message);
        throw FATAL;
    }

    private RuntimeException fatal(int inst, String message) { return fatal(new EntityLocation.Inst(inst), message); }

    /** Stops the run if anything has been reported, as Cranelift's {@code errors.as_result()?}. */
    private void stopIfErrors() {
        if (!errors.isEmpty()) throw FATAL;
    }

    private String text(int inst) { return InstText.of(f, inst); }

    private String typeName(Type t) { return t == null ? "INVALID" : t.toString(); }

    private Type valueTypeOrNull(int v) { return dfg.valueIsValid(v) ? dfg.valueType(v) : null; }

    // =====================================================================================
    // Driver
    // =====================================================================================

    private void run() {
        int entryBlock = layout.entryBlock();
        // Cold blocks are moved out of line at emission; the entry must stay at offset 0.
        if (entryBlock >= 0 && layout.isCold(entryBlock))
            throw fatal(new EntityLocation.Block(entryBlock), "entry block cannot be marked as cold");
        verifyGlobalValues();
        verifyPreambleReferences();
        typecheckEntryBlockParams();
        stopIfErrors(); // Cranelift's entry-block check returns errors.as_result()
        typecheckFunctionSignature();
        stopIfErrors();

        checkLayoutShape();
        if (!singleBlockWithoutBranches()) {
            ControlFlowGraph cfg = ControlFlowGraph.compute(f);
            domtree = DominatorTree.compute(f, cfg);
        }

        for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
            int first = layout.firstInst(b);
            if (first < 0) throw fatal(new EntityLocation.Block(b), "block" + b + " cannot be empty");
            checkBlockParams(b);
            for (int inst = first; inst >= 0; inst = layout.nextInst(inst)) {
                blockIntegrity(b, inst);
                instructionIntegrity(inst);
                typecheck(inst);
                immediateConstraints(inst);
                iconstBounds(inst);
            }
        }
    }

    /**
     * Walks the layout once, checking that its handles are in range and its lists consistent, and
     * records instruction positions for same-block dominance. Everything after relies on this.
     */
    private void checkLayoutShape() {
        int nb = dfg.numBlocks(), ni = dfg.numInsts();
        instPos = new int[ni];
        int blocks = 0, insts = 0;
        for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
            if (b >= nb) throw fatal(new EntityLocation.Block(b), "block" + b + " in the layout does not exist");
            if (++blocks > nb) throw fatal(EntityLocation.FUNCTION, "the block layout contains a cycle");
            int pos = 0;
            for (int inst = layout.firstInst(b); inst >= 0; inst = layout.nextInst(inst)) {
                if (inst >= ni) throw fatal(new EntityLocation.Block(b), "invalid instruction reference inst" + inst + " in block" + b);
                if (++insts > ni) throw fatal(EntityLocation.FUNCTION, "the instruction layout contains a cycle");
                int ib = layout.instBlock(inst);
                if (ib != b) throw fatal(inst, "should belong to block" + b + " not " + (ib < 0 ? "None" : "block" + ib));
                instPos[inst] = pos++;
            }
        }
        entry = layout.entryBlock();
        layoutBlocks = blocks;
    }

    /**
     * Whether the layout is one block whose terminator has no destinations (most small functions):
     * then the CFG has no edges and the dominator tree is the entry alone, so neither is computed.
     */
    private boolean singleBlockWithoutBranches() {
        if (layoutBlocks != 1 || entry < 0) return false;
        int last = layout.lastInst(entry);
        return last >= 0 && BranchDestinations.count(dfg, last) == 0;
    }

    private boolean isReachable(int block) {
        return domtree != null ? domtree.isReachable(block) : block == entry;
    }

    private boolean dominates(int a, int b) {
        return domtree != null ? domtree.dominates(a, b) : a == b;
    }

    // =====================================================================================
    // Preamble and signature
    // =====================================================================================

    private void verifyGlobalValues() {
        boolean cycleSeen = false;
        int n = stencil.numGlobalValues();
        List<Integer> seen = new ArrayList<>();
        gvs:
        for (int gv = 0; gv < n; gv++) {
            GlobalValueData data = stencil.globalValue(gv);
            if (data == null) continue; // a number the source skipped; only references to it are errors
            EntityLocation loc = new EntityLocation.GlobalValue(gv);
            seen.clear();
            seen.add(gv);
            int cur = gv;
            while (true) {
                int base = gvBase(stencil.globalValue(cur));
                if (base == -1) break;
                if (stencil.globalValue(base) == null) {
                    report(loc, "invalid base global value gv" + base);
                    continue gvs;
                }
                if (seen.contains(base)) {
                    if (!cycleSeen) {
                        StringBuilder sb = new StringBuilder("global value cycle: [");
                        for (int k = 0; k < seen.size(); k++) sb.append(k > 0 ? ", gv" : "gv").append(seen.get(k));
                        report(loc, sb.append(']').toString());
                        cycleSeen = true; // one cycle is reported once, not once per member
                    }
                    continue gvs;
                }
                seen.add(base);
                cur = base;
            }
            switch (data) {
                case GlobalValueData.VmContext _ -> {
                    if (!hasVmctxParam()) report(loc, "undeclared vmctx reference gv" + gv);
                }
                case GlobalValueData.IAddImm(int base, long _, Type t) -> {
                    if (t == null || !t.isInt()) {
                        report(loc, "iadd_imm global value with non-int type " + typeName(t));
                    } else if (pointerType != null) {
                        Type baseType = globalType(base);
                        if (baseType != t) report(loc, "iadd_imm type " + t + " differs from operand type " + typeName(baseType));
                    }
                }
                case GlobalValueData.Load(int base, int _, Type _, MemFlags flags) -> {
                    if (pointerType != null) {
                        Type baseType = globalType(base);
                        if (baseType != pointerType) {
                            report(loc, "base gv" + base + " has type " + typeName(baseType)
                                    + ", which is not the pointer type " + pointerType);
                        }
                    }
                    if (flags != null) checkRegion(loc, flags);
                }
                default -> {}
            }
        }
    }

    /** The global value a global value is computed from, or -1. */
    private static int gvBase(GlobalValueData d) {
        return switch (d) {
            case GlobalValueData.Load l -> l.base();
            case GlobalValueData.IAddImm a -> a.base();
            case null, default -> -1;
        };
    }

    /** The type of a global value; pointer-typed kinds need {@link #pointerType}. */
    private Type globalType(int gv) {
        return switch (stencil.globalValue(gv)) {
            case GlobalValueData.Load l -> l.globalType();
            case GlobalValueData.IAddImm a -> a.globalType();
            case null -> null;
            default -> pointerType;
        };
    }

    private boolean hasVmctxParam() {
        for (AbiParam p : sig.params()) if (p.purpose() == AbiParam.Purpose.VMCTX) return true;
        return false;
    }

    /** References from preamble entities to other entities (Cranelift's parser guarantees these). */
    private void verifyPreambleReferences() {
        int sl = stencil.stackLimit();
        if (sl >= 0 && stencil.globalValue(sl) == null) report(EntityLocation.FUNCTION, "invalid stack limit global value gv" + sl);
        for (int k = 0; k < stencil.numDynamicStackSlots(); k++) {
            var d = stencil.dynamicStackSlot(k);
            if (d != null && dfg.dynamicType(d.dynamicType()) == null)
                report(EntityLocation.FUNCTION, "dynamic stack slot dss" + k + " uses invalid dynamic type dt" + d.dynamicType());
        }
        for (int k = 0; k < dfg.numDynamicTypes(); k++) {
            var d = dfg.dynamicType(k);
            if (d != null && stencil.globalValue(d.dynamicScale()) == null)
                report(EntityLocation.FUNCTION, "dynamic type dt" + k + " uses invalid global value gv" + d.dynamicScale());
        }
        for (int k = 0; k < dfg.numExtFuncs(); k++) {
            ExtFuncData e = dfg.extFunc(k);
            if (e != null && dfg.signature(e.signature()) == null)
                report(EntityLocation.FUNCTION, "function fn" + k + " uses invalid signature reference sig" + e.signature());
        }
    }

    private void typecheckEntryBlockParams() {
        int block = layout.entryBlock();
        if (block < 0 || block >= dfg.numBlocks()) return;
        List<AbiParam> expected = sig.params();
        int count = dfg.numBlockParams(block);
        if (count != expected.size()) {
            throw fatal(new EntityLocation.Block(block), "entry block parameters (" + count + ") must match function signature ("
                    + expected.size() + ")");
        }
        for (int i = 0; i < count; i++) {
            Type t = valueTypeOrNull(dfg.blockParam(block, i));
            if (t != expected.get(i).type()) {
                report(new EntityLocation.Block(block), "entry block parameter " + i + " expected to have type " + expected.get(i)
                        + ", got " + typeName(t));
            }
        }
    }

    private void typecheckFunctionSignature() {
        checkAbiParams(sig.params(), "Parameter", false);
        checkAbiParams(sig.returns(), "Return value", true);
    }

    private void checkAbiParams(List<AbiParam> params, String item, boolean isReturn) {
        for (int i = 0; i < params.size(); i++) {
            AbiParam p = params.get(i);
            if (p.type() == null) report(EntityLocation.FUNCTION, item + " at position " + i + " has an invalid type");
            if (isReturn && p.purpose() == AbiParam.Purpose.STRUCT_ARGUMENT)
                report(EntityLocation.FUNCTION, item + " at position " + i + " can't be an struct argument");
            if (p.extension() != AbiParam.Extension.NONE && (p.type() == null || !p.type().isInt())) {
                String ext = p.extension() == AbiParam.Extension.SEXT ? "Sext" : "Uext";
                report(EntityLocation.FUNCTION, item + " at position " + i + " has invalid extension " + ext);
            }
        }
    }

    // =====================================================================================
    // Block structure
    // =====================================================================================

    private void checkBlockParams(int b) {
        int n = dfg.numBlockParams(b);
        for (int i = 0; i < n; i++) {
            int v = dfg.blockParam(b, i);
            if (!dfg.valueIsValid(v)) throw fatal(new EntityLocation.Block(b), "invalid value reference v" + v);
            if (dfg.valueKind(v) != DataFlowGraph.VALUE_PARAM) throw fatal(new EntityLocation.Value(v), "expected an argument, found a result");
            if (dfg.valueDef(v) != b) throw fatal(new EntityLocation.Value(v), "does not belong to block" + b);
        }
    }

    private void blockIntegrity(int b, int inst) {
        boolean terminator = dfg.opcode(inst).isTerminator();
        boolean last = layout.lastInst(b) == inst;
        if (terminator && !last) throw fatal(inst, "a terminator instruction was encountered before the end of block" + b);
        if (last && !terminator) throw fatal(new EntityLocation.Block(b), "block does not end in a terminator instruction");
    }

    // =====================================================================================
    // Instruction integrity: result count and entity references
    // =====================================================================================

    private void instructionIntegrity(int inst) {
        Opcode op = dfg.opcode(inst);
        OpConstraints c = op.constraints();
        int expected;
        if (c.resultsFromSignature()) {
            Signature s = callSignature(inst);
            expected = s == null ? -1 : s.returns().size(); // a dangling callee is reported below
        } else {
            expected = c.fixedResults();
        }
        int got = dfg.numResults(inst);
        if (expected >= 0 && got != expected) throw fatal(inst, "expected " + expected + " result values, found " + got);
        verifyEntityReferences(inst, op);
    }

    private void verifyEntityReferences(int inst, Opcode op) {
        int nargs = dfg.numArgs(inst);
        for (int k = 0; k < nargs; k++) verifyUsedValue(inst, dfg.arg(inst, k));
        // Block-call arguments and exception contexts are uses too; the handles are checked below.
        int nd = safeDestinationCount(inst);
        for (int d = 0; d < nd; d++) {
            int bc = BranchDestinations.blockCall(dfg, inst, d);
            if (bc < 0 || bc >= dfg.numBlockCalls()) continue;
            int na = dfg.blockCallNumArgs(bc);
            for (int k = 0; k < na; k++) {
                int a = dfg.blockCallArg(bc, k);
                if (DataFlowGraph.blockArgIsValue(a)) verifyUsedValue(inst, a);
            }
        }
        ExceptionTableData et = BranchDestinations.exceptionTable(dfg, inst);
        if (et != null && et.contexts() != null) for (int v : et.contexts()) verifyUsedValue(inst, v);

        int nres = dfg.numResults(inst);
        for (int k = 0; k < nres; k++) verifyInstResult(inst, dfg.result(inst, k));

        Format format = op.format();
        String name = op.textName();
        switch (format) {
            case JUMP, BRIF -> {
                int want = format == Format.JUMP ? 1 : 2;
                if (dfg.numDests(inst) != want)
                    throw fatal(inst, "expected " + want + " block destinations, found " + dfg.numDests(inst));
                for (int d = 0; d < want; d++) verifyBlockCall(inst, dfg.dest(inst, d));
            }
            case BRANCH_TABLE -> {
                int jt = dfg.ref(inst);
                if (jt < 0 || jt >= dfg.numJumpTables()) {
                    report(inst, "invalid jump table reference jt" + jt);
                } else {
                    int[] table = dfg.jumpTable(jt);
                    if (table.length == 0) throw fatal(inst, "jump table jt" + jt + " has no default destination");
                    for (int bc : table) verifyBlockCall(inst, bc);
                }
            }
            case CALL -> {
                ExtFuncData ext = verifyFuncRef(inst, dfg.ref(inst));
                if (ext != null && ext.patchable()) {
                    if (!ext.colocated()) report(inst, "patchable call to non-colocated function");
                    Signature s = dfg.signature(ext.signature());
                    if (s != null && !s.returns().isEmpty())
                        report(inst, "patchable call cannot occur to a function with return values");
                }
            }
            case CALL_INDIRECT -> verifySigRef(inst, dfg.ref(inst));
            case TRY_CALL -> {
                verifyFuncRef(inst, dfg.ref(inst));
                verifyExceptionTable(inst, dfg.aux(inst));
            }
            case TRY_CALL_INDIRECT -> verifyExceptionTable(inst, dfg.ref(inst));
            case FUNC_ADDR -> verifyFuncRef(inst, dfg.ref(inst));
            case DYNAMIC_STACK_LOAD, DYNAMIC_STACK_STORE -> {
                int dss = dfg.ref(inst);
                if (stencil.dynamicStackSlot(dss) == null) report(inst, "invalid dynamic stack slot dss" + dss);
            }
            case UNARY_GLOBAL_VALUE -> {
                int gv = dfg.ref(inst);
                if (stencil.globalValue(gv) == null) report(inst, "invalid global value gv" + gv);
            }
            case UNARY_CONST -> {
                int c = dfg.ref(inst);
                byte[] bytes = dfg.constant(c);
                if (bytes == null) throw fatal(inst, "invalid constant reference const" + c);
                Type ctrl = dfg.ctrlType(inst);
                int size = name.equals("f128const") ? 16 : name.equals("vconst") && ctrl != null ? ctrl.bytes() : -1;
                if (size >= 0 && size != bytes.length) {
                    throw fatal(inst, "The instruction expects const" + c + " to have a size of " + size
                            + " bytes but it has " + bytes.length);
                }
            }
            case SHUFFLE -> {
                int imm = dfg.ref(inst);
                if (imm < 0 || imm >= dfg.numImmediates()) throw fatal(inst, "invalid immediate reference " + imm);
            }
            case LOAD, STORE, LOAD_NO_OFFSET, STORE_NO_OFFSET, ATOMIC_RMW, ATOMIC_CAS -> {
                MemFlags flags = memFlags(inst);
                if (flags.region() >= 0) checkRegion(new EntityLocation.Inst(inst), flags);
                if (name.equals("bitcast")) {
                    verifyBitcast(inst, flags);
                } else if (pointerType != null) {
                    int addr = switch (format) {
                        case LOAD, LOAD_NO_OFFSET -> op.canLoad() ? 0 : -1;
                        case STORE, STORE_NO_OFFSET -> op.canStore() ? 1 : -1;
                        default -> op.canLoad() || op.canStore() ? 0 : -1;
                    };
                    if (addr >= 0 && addr < nargs) verifyIsAddress(inst, dfg.arg(inst, addr));
                }
            }
            case EXCEPTION_HANDLER_ADDRESS -> verifyExceptionHandlerAddress(inst);
            case STACK_LOAD -> { // stack_load and stack_store
                int ss = dfg.ref(inst);
                if (stencil.stackSlot(ss) == null) report(inst, "invalid stack slot ss" + ss);
            }
            default -> {}
        }

        int[] tags = hasDebugTags ? dfg.debugTags(inst) : null;
        if (tags != null && tags.length > 0 && !op.isCall() && !name.equals("sequence_point"))
            report(inst, "debug tags present on non-call, non-sequence point instruction");
        var stackMap = hasUserStackMaps ? dfg.userStackMap(inst) : null;
        if (stackMap != null) {
            for (var e : stackMap) {
                if (stencil.stackSlot(e.slot()) == null) report(inst, "invalid stack slot ss" + e.slot() + " in stack map");
            }
        }
    }

    /** The destination count, reporting dangling jump or exception tables instead of reading them. */
    private int safeDestinationCount(int inst) {
        return BranchDestinations.count(dfg, inst);
    }

    private MemFlags memFlags(int inst) {
        int idx = dfg.aux(inst);
        if (idx < 0 || idx >= dfg.numMemFlags()) throw fatal(inst, "invalid memory flags reference " + idx);
        return dfg.memFlags(idx);
    }

    private void checkRegion(EntityLocation loc, MemFlags flags) {
        int r = flags.region();
        if (r >= 0 && stencil.aliasRegion(r) == null) report(loc, "undefined alias region region" + r);
    }

    private void verifyUsedValue(int inst, int v) {
        verifyInstArg(inst, v);
        if (!dfg.valueIsValid(v)) return;
        int original = resolveAliases(v);
        if (original >= 0 && dfg.valueIsDetached(original))
            report(inst, "argument v" + v + " -> v" + original + " is not attached");
    }

    /** Follows aliases; -1 if they form a cycle or lead to an invalid value. */
    private int resolveAliases(int v) {
        int n = 0;
        while (dfg.valueKind(v) == DataFlowGraph.VALUE_ALIAS) {
            v = dfg.valueDef(v);
            if (!dfg.valueIsValid(v) || ++n > dfg.numValues()) return -1;
        }
        return v;
    }

    private void verifyInstArg(int inst, int v) {
        if (!dfg.valueIsValid(v)) {
            report(inst, "invalid value reference v" + v);
            return;
        }
        int original = resolveAliases(v);
        if (original < 0) {
            report(inst, "v" + v + " is an alias whose chain is a cycle or ends in an invalid value");
            return;
        }
        int useBlock = layout.instBlock(inst);
        boolean reachable = isReachable(useBlock);
        int def = dfg.valueDef(original);
        if (dfg.valueKind(original) == DataFlowGraph.VALUE_RESULT) {
            if (def < 0) return; // detached: reported as not attached
            if (def >= dfg.numInsts()) throw fatal(inst, "v" + v + " is defined by invalid instruction inst" + def);
            int defBlock = layout.instBlock(def);
            if (defBlock < 0) throw fatal(inst, "v" + v + " is defined by inst" + def + " which has no block");
            if (reachable) {
                boolean dominates = defBlock == useBlock ? instPos[def] <= instPos[inst] : dominates(defBlock, useBlock);
                if (!dominates) throw fatal(inst, "uses value v" + v + " from non-dominating inst" + def);
                if (def == inst) throw fatal(inst, "uses value v" + v + " from itself");
            }
        } else {
            if (def < 0 || def >= dfg.numBlocks()) throw fatal(inst, "v" + v + " is defined by invalid block block" + def);
            if (!layout.isBlockInserted(def)) throw fatal(inst, "v" + v + " is defined by block" + def + " which is not in the layout");
            if (reachable && !dominates(def, useBlock))
                throw fatal(inst, "uses value arg from non-dominating block" + def);
        }
    }

    private void verifyInstResult(int inst, int v) {
        if (!dfg.valueIsValid(v)) {
            report(inst, "invalid value reference v" + v);
            return;
        }
        if (dfg.valueKind(v) != DataFlowGraph.VALUE_RESULT || dfg.valueDef(v) != inst)
            throw fatal(inst, "instruction result v" + v + " is not defined by the instruction");
    }

    private void verifyBlockCall(int inst, int bc) {
        if (bc < 0 || bc >= dfg.numBlockCalls()) throw fatal(inst, "invalid block call reference " + bc);
        verifyBlock(inst, dfg.blockCallBlock(bc));
    }

    private void verifyBlock(int inst, int block) {
        if (block < 0 || block >= dfg.numBlocks() || !layout.isBlockInserted(block))
            throw fatal(inst, "invalid block reference block" + block);
        if (block == entry) throw fatal(inst, "invalid reference to entry block block" + block);
    }

    private Signature verifySigRef(int inst, int sigRef) {
        Signature s = dfg.signature(sigRef);
        if (s == null) throw fatal(inst, "invalid signature reference sig" + sigRef);
        return s;
    }

    private ExtFuncData verifyFuncRef(int inst, int fn) {
        ExtFuncData ext = dfg.extFunc(fn);
        if (ext == null) {
            report(inst, "invalid function reference fn" + fn);
            return null;
        }
        verifySigRef(inst, ext.signature());
        return ext;
    }

    private void verifyExceptionTable(int inst, int et) {
        if (et < 0 || et >= dfg.numExceptionTables() || dfg.exceptionTable(et) == null) {
            report(inst, "invalid exception table reference " + et);
            return;
        }
        ExceptionTableData data = dfg.exceptionTable(et);
        Signature callee = verifySigRef(inst, data.signature());
        verifyBlockCall(inst, data.normalReturn());
        for (int bc : data.handlers()) verifyBlockCall(inst, bc);
        CallConv cc = callee.callConv();
        if (!supportsExceptions(cc)) report(inst, "calling convention `" + cc + "` of callee does not support exceptions");
    }

    private void verifyExceptionHandlerAddress(int inst) {
        int block = dfg.ref(inst);
        verifyBlock(inst, block);
        long index = dfg.imm(inst);
        if (index < 0) throw fatal(inst, "exception handler index " + index + " cannot be negative");
        int last = layout.lastInst(block);
        String lastName = last >= 0 ? dfg.opcode(last).textName() : "";
        if (!lastName.equals("try_call") && !lastName.equals("try_call_indirect"))
            throw fatal(inst, "referenced block block" + block + " does not end in a try_call");
        ExceptionTableData et = BranchDestinations.exceptionTable(dfg, last);
        int handlers = et == null ? 0 : et.handlers().length;
        if (index >= handlers) throw fatal(inst, "exception handler index " + index + " is out-of-range");
    }

    private void verifyBitcast(int inst, MemFlags flags) {
        Type to = dfg.ctrlType(inst);
        Type from = dfg.numArgs(inst) > 0 ? valueTypeOrNull(dfg.arg(inst, 0)) : null;
        if (to == null || from == null) return; // reported by the type checks
        if (to.bits() != from.bits()) {
            throw fatal(inst, "The bitcast argument v" + dfg.arg(inst, 0) + " has a type of " + from.bits()
                    + " bits, which doesn't match an expected type of " + to.bits() + " bits");
        }
        MemFlags none = MemFlags.DEFAULT;
        if (!flags.equals(none) && !flags.equals(none.withBits(MemFlags.LITTLE)) && !flags.equals(none.withBits(MemFlags.BIG)))
            throw fatal(inst, "The bitcast instruction only accepts the `big` or `little` memory flags");
        if (flags.equals(none) && to.lanes() != from.lanes())
            throw fatal(inst, "Byte order specifier required for bitcast instruction changing lane count");
    }

    private void verifyIsAddress(int inst, int v) {
        Type t = valueTypeOrNull(v);
        if (t == null) return;
        if (t.bits() != pointerType.bits()) {
            report(inst, "invalid pointer width (got " + t.bits() + ", expected " + pointerType.bits() + ") encountered v" + v);
        }
    }

    // =====================================================================================
    // Type checking (never stops the run, as in Cranelift)
    // =====================================================================================

    private void typecheck(int inst) {
        Opcode op = dfg.opcode(inst);
        OpConstraints c = op.constraints();
        Type ctrl = null;
        if (c.isPolymorphic()) {
            ctrl = controllingType(inst, c);
            if (ctrl == null) report(inst, "has no controlling type");
            else if (!c.ctrlAllows(ctrl)) report(inst, "has an invalid controlling type " + ctrl);
        }
        // Each check's fatal errors end only that check, as Cranelift's `let _ = self.typecheck_*(..)`.
        try { typecheckResults(inst, op, ctrl); } catch (Fatal e) { /* reported */ }
        try { typecheckFixedArgs(inst, op, ctrl); } catch (Fatal e) { /* reported */ }
        try { typecheckVariableArgs(inst, op); } catch (Fatal e) { /* reported */ }
        try { typecheckReturn(inst, op); } catch (Fatal e) { /* reported */ }
        try { typecheckSpecial(inst, op); } catch (Fatal e) { /* reported */ }
    }

    private Type controllingType(int inst, OpConstraints c) {
        Type t = dfg.ctrlType(inst);
        if (t != null) return t;
        int tvo = c.typevarOperand();
        if (tvo >= 0 && tvo < dfg.numArgs(inst)) return valueTypeOrNull(dfg.arg(inst, tvo));
        if (dfg.numResults(inst) > 0) return valueTypeOrNull(dfg.result(inst, 0));
        return null;
    }

    private void typecheckResults(int inst, Opcode op, Type ctrl) {
        OpConstraints c = op.constraints();
        List<AbiParam> sigReturns = null;
        int expected;
        if (c.resultsFromSignature()) {
            Signature s = callSignature(inst);
            if (s == null) return;
            sigReturns = s.returns();
            expected = sigReturns.size();
        } else {
            expected = c.fixedResults();
        }
        int n = dfg.numResults(inst);
        for (int i = 0; i < n; i++) {
            if (i >= expected) {
                report(inst, "has more result values than expected");
                return;
            }
            int v = dfg.result(inst, i);
            Type want = sigReturns != null ? sigReturns.get(i).type() : c.resultType(i, ctrl);
            Type got = valueTypeOrNull(v);
            if (want != null && got != want)
                report(inst, "expected result " + i + " (v" + v + ") to have type " + want + ", found " + typeName(got));
        }
        if (n < expected) report(inst, "has fewer result values than expected");
    }

    private void typecheckFixedArgs(int inst, Opcode op, Type ctrl) {
        OpConstraints c = op.constraints();
        int fixed = c.fixedOperands();
        int nargs = dfg.numArgs(inst);
        if (nargs < fixed || (!c.hasVarargs() && nargs != fixed)) {
            report(inst, "has " + nargs + " value arguments, expected " + (c.hasVarargs() ? "at least " : "") + fixed);
            return;
        }
        byte[] kinds = OPERAND_KINDS[op.ordinal()];
        for (int i = 0; i < fixed; i++) {
            int v = dfg.arg(inst, i);
            Type got = valueTypeOrNull(v);
            if (got == null) continue; // invalid or detached: reported as such
            byte kind = kinds[i];
            if (kind == NARROWER || kind == WIDER) {
                if (ctrl != null && ctrl.isScalar() && !widthRelated(got, ctrl, kind == WIDER)) {
                    report(inst, "arg " + i + " (v" + v + ") with type " + got + " failed to satisfy type set "
                            + c.operandConstraintName(i));
                }
                continue;
            }
            Type want = c.operandType(i, ctrl);
            if (want != null) {
                if (got != want) report(inst, "arg " + i + " (v" + v + ") has type " + got + ", expected " + want);
            } else if (kind == FREE && !c.operandAllows(i, got)) {
                report(inst, "arg " + i + " (v" + v + ") with type " + got + " failed to satisfy type set "
                        + c.operandConstraintName(i));
            }
        }
    }

    private static final byte OTHER = 0, NARROWER = 1, WIDER = 2, FREE = 3;
    /** Per opcode, per fixed operand: how its constraint is checked (from the constraint's name). */
    private static final byte[][] OPERAND_KINDS;

    static {
        Opcode[] ops = Opcode.values();
        OPERAND_KINDS = new byte[ops.length][];
        for (Opcode op : ops) {
            OpConstraints c = op.constraints();
            byte[] k = new byte[c.fixedOperands()];
            for (int i = 0; i < k.length; i++) {
                String name = c.operandConstraintName(i);
                k[i] = name.endsWith(".narrower") ? NARROWER : name.endsWith(".wider") ? WIDER : isFreeOperand(c, i) ? FREE : OTHER;
            }
            OPERAND_KINDS[op.ordinal()] = k;
        }
    }

    /**
     * Cranelift's {@code Narrower}/{@code Wider} constraints (extends, reductions, float
     * promotion/demotion): a scalar of the controlling type's kind, strictly narrower or wider.
     * They resolve to a type set rather than one type, so they are checked by membership.
     */
    private static boolean widthRelated(Type t, Type ctrl, boolean wider) {
        if (!t.isScalar() || t.hasIntLanes() != ctrl.hasIntLanes()) return false;
        return wider ? t.bits() > ctrl.bits() : t.bits() < ctrl.bits();
    }

    /**
     * Whether operand {@code i} is constrained by a free type variable (checked by membership),
     * rather than a derived type that does not exist for a bad controlling type (already reported).
     */
    private static boolean isFreeOperand(OpConstraints c, int i) {
        String name = c.operandConstraintName(i);
        return name.indexOf('.') < 0 && !name.equals("*");
    }

    private void typecheckVariableArgs(int inst, Opcode op) {
        Format format = op.format();
        switch (format) {
            case JUMP, BRIF, BRANCH_TABLE -> {
                int n = BranchDestinations.count(dfg, inst);
                for (int d = 0; d < n; d++) typecheckBlockCall(inst, BranchDestinations.blockCall(dfg, inst, d), Target.NORMAL);
            }
            case TRY_CALL, TRY_CALL_INDIRECT -> {
                ExceptionTableData et = BranchDestinations.exceptionTable(dfg, inst);
                if (et != null) {
                    typecheckBlockCall(inst, et.normalReturn(), Target.EX_NORMAL_RET);
                    for (int bc : et.handlers()) typecheckBlockCall(inst, bc, Target.EXCEPTION);
                }
            }
            default -> {}
        }

        int nargs = dfg.numArgs(inst);
        switch (format) {
            case CALL -> {
                ExtFuncData ext = dfg.extFunc(dfg.ref(inst));
                Signature s = ext == null ? null : dfg.signature(ext.signature());
                if (s != null) typecheckCallArgs(inst, s.params(), 0, nargs);
            }
            case CALL_INDIRECT -> {
                Signature s = dfg.signature(dfg.ref(inst));
                if (s != null) typecheckCallArgs(inst, s.params(), 1, nargs);
            }
            case TRY_CALL -> {
                int fn = dfg.ref(inst);
                ExtFuncData ext = dfg.extFunc(fn);
                ExceptionTableData et = BranchDestinations.exceptionTable(dfg, inst);
                if (ext == null || et == null) return;
                Signature tableSig = dfg.signature(et.signature());
                Signature fnSig = dfg.signature(ext.signature());
                if (tableSig == null || fnSig == null) return;
                // Signatures are compared by value: any equivalent SigRef is acceptable.
                if (!tableSig.equals(fnSig)) {
                    report(inst, "exception table signature sig" + et.signature() + " did not match function fn" + fn
                            + "'s signature sig" + ext.signature());
                }
                typecheckCallArgs(inst, tableSig.params(), 0, nargs);
            }
            case TRY_CALL_INDIRECT -> {
                ExceptionTableData et = BranchDestinations.exceptionTable(dfg, inst);
                Signature s = et == null ? null : dfg.signature(et.signature());
                if (s != null) typecheckCallArgs(inst, s.params(), 1, nargs);
            }
            default -> {}
        }
    }

    private void typecheckCallArgs(int inst, List<AbiParam> params, int from, int to) {
        int given = Math.max(0, to - from);
        int n = Math.min(given, params.size());
        for (int i = 0; i < n; i++) {
            int v = dfg.arg(inst, from + i);
            Type got = valueTypeOrNull(v);
            Type want = params.get(i).type();
            if (got != null && got != want) report(inst, "arg " + i + " (v" + v + ") has type " + got + ", expected " + typeName(want));
        }
        if (given != params.size()) {
            report(inst, "mismatched argument count for `" + text(inst) + "`: got " + given + ", expected " + params.size());
        }
    }

    private void typecheckBlockCall(int inst, int bc, Target target) {
        if (bc < 0 || bc >= dfg.numBlockCalls()) return;
        int block = dfg.blockCallBlock(bc);
        if (block < 0 || block >= dfg.numBlocks()) return;
        int nargs = dfg.blockCallNumArgs(bc);
        int nparams = dfg.numBlockParams(block);
        if (nargs != nparams) {
            report(inst, "mismatched argument count for `" + text(inst) + "`: got " + nargs + ", expected " + nparams);
            return;
        }
        for (int k = 0; k < nargs; k++) {
            int a = dfg.blockCallArg(bc, k);
            Type got = blockArgType(inst, a, target);
            if (got == null) continue;
            Type want = valueTypeOrNull(dfg.blockParam(block, k));
            if (got != want) report(inst, "arg " + blockArgText(a) + " has type " + got + ", expected " + typeName(want));
        }
    }

    private static String blockArgText(int a) {
        if (DataFlowGraph.blockArgIsValue(a)) return "v" + a;
        return (DataFlowGraph.blockArgIsRet(a) ? "ret" : "exn") + DataFlowGraph.blockArgIndex(a);
    }

    /** The type a block-call argument carries, or null when it cannot be known here. */
    private Type blockArgType(int inst, int a, Target target) {
        if (DataFlowGraph.blockArgIsValue(a)) return valueTypeOrNull(a);
        ExceptionTableData et = BranchDestinations.exceptionTable(dfg, inst);
        if (et == null) throw fatal(inst, "`retN` block argument in block-call not on `try_call` instruction");
        Signature callee = dfg.signature(et.signature());
        if (callee == null) return null;
        int i = DataFlowGraph.blockArgIndex(a);
        if (DataFlowGraph.blockArgIsRet(a)) {
            if (target != Target.EX_NORMAL_RET)
                throw fatal(inst, "`retN` block argument used outside normal-return target of `try_call`");
            if (i >= callee.returns().size()) throw fatal(inst, "out-of-bounds `retN` block argument");
            return callee.returns().get(i).type();
        }
        // Cranelift's wording for a misplaced exnN says "normal-return" too; kept for matching.
        if (target != Target.EXCEPTION)
            throw fatal(inst, "`exnN` block argument used outside normal-return target of `try_call`");
        if (pointerType == null) return null;
        Type[] payloads = exceptionPayloadTypes(callee.callConv());
        if (i >= payloads.length) throw fatal(inst, "out-of-bounds `exnN` block argument");
        return payloads[i];
    }

    private void typecheckReturn(int inst, Opcode op) {
        if (!op.isReturn()) return;
        switch (op.format()) {
            case MULTIARY -> {
                int n = dfg.numArgs(inst);
                Type[] types = new Type[n];
                for (int k = 0; k < n; k++) types[k] = valueTypeOrNull(dfg.arg(inst, k));
                typecheckReturnTypes(inst, types, "arguments of return must match function signature");
            }
            case CALL -> {
                ExtFuncData ext = dfg.extFunc(dfg.ref(inst));
                Signature s = ext == null ? null : dfg.signature(ext.signature());
                if (s != null) typecheckTailCall(inst, s);
            }
            case CALL_INDIRECT -> {
                Signature s = dfg.signature(dfg.ref(inst));
                if (s != null) typecheckTailCall(inst, s);
            }
            default -> {}
        }
    }

    private void typecheckTailCall(int inst, Signature callee) {
        CallConv cc = callee.callConv();
        if (cc != CallConv.TAIL) report(inst, "calling convention `" + cc + "` does not support tail calls");
        if (cc != sig.callConv()) report(inst, "callee's calling convention must match caller");
        List<AbiParam> rets = callee.returns();
        Type[] types = new Type[rets.size()];
        for (int k = 0; k < types.length; k++) types[k] = rets.get(k).type();
        typecheckReturnTypes(inst, types, "results of callee must match caller");
    }

    private void typecheckReturnTypes(int inst, Type[] actual, String countMessage) {
        List<AbiParam> expected = sig.returns();
        if (actual.length != expected.size()) {
            report(inst, countMessage);
            return;
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != null && actual[i] != expected.get(i).type()) {
                report(inst, "result " + i + " has type " + actual[i] + ", must match function signature of " + expected.get(i));
            }
        }
    }

    private void typecheckSpecial(int inst, Opcode op) {
        if (op.format() != Format.UNARY_GLOBAL_VALUE || pointerType == null || dfg.numResults(inst) == 0) return;
        int gv = dfg.ref(inst);
        if (stencil.globalValue(gv) == null) return;
        Type instType = valueTypeOrNull(dfg.result(inst, 0));
        Type gvType = globalType(gv);
        if (instType != gvType) {
            report(inst, "global_value instruction with type " + typeName(instType) + " references global value with type "
                    + typeName(gvType));
        }
    }

    // =====================================================================================
    // Immediates
    // =====================================================================================

    private void immediateConstraints(int inst) {
        Opcode op = dfg.opcode(inst);
        String name = op.textName();
        switch (op.format()) {
            case STORE -> {
                if (memFlags(inst).readonly()) throw fatal(inst, "A store instruction cannot have the `readonly` MemFlag");
            }
            case BINARY_IMM8, TERNARY_IMM8 -> {
                if (!name.equals("extractlane") && !name.equals("insertlane") || dfg.numArgs(inst) == 0) return;
                Type t = valueTypeOrNull(dfg.arg(inst, 0));
                long lane = dfg.imm(inst);
                if (t != null && (lane < 0 || lane >= t.lanes()))
                    throw fatal(inst, "The lane " + lane + " does not index into the type " + t);
            }
            case SHUFFLE -> {
                if (!name.equals("shuffle")) return;
                byte[] mask = dfg.immediate(dfg.ref(inst));
                if (mask.length != 16) throw fatal(inst, "the shuffle immediate wasn't 16-bytes long");
                for (byte m : mask) {
                    int i = m & 0xFF;
                    if (i >= 32) throw fatal(inst, "shuffle immediate index " + i + " is larger than the maximum 31");
                }
            }
            default -> {}
        }
    }

    private void iconstBounds(int inst) {
        if (dfg.opcode(inst) != Opcode.ICONST) return;
        Type t = dfg.ctrlType(inst);
        if (t == null || !t.isInt() || t.bits() >= 64) return;
        long mask = (1L << t.bits()) - 1;
        if ((dfg.imm(inst) & ~mask) != 0) throw fatal(inst, "constant immediate is out of bounds");
    }

    // =====================================================================================
    // Calling conventions and signatures
    // =====================================================================================

    /** The signature a call-like instruction's arguments and results follow, or null if dangling. */
    private Signature callSignature(int inst) {
        return switch (dfg.opcode(inst).format()) {
            case CALL, TRY_CALL -> {
                ExtFuncData ext = dfg.extFunc(dfg.ref(inst));
                yield ext == null ? null : dfg.signature(ext.signature());
            }
            case CALL_INDIRECT -> dfg.signature(dfg.ref(inst));
            case TRY_CALL_INDIRECT -> {
                ExceptionTableData et = BranchDestinations.exceptionTable(dfg, inst);
                yield et == null ? null : dfg.signature(et.signature());
            }
            default -> null;
        };
    }

    private static boolean supportsExceptions(CallConv cc) {
        return cc == CallConv.TAIL || cc == CallConv.SYSTEM_V || cc == CallConv.WINCH;
    }

    /** The types of the exception payload values a callee with {@code cc} delivers to handlers. */
    private Type[] exceptionPayloadTypes(CallConv cc) {
        return cc == CallConv.TAIL || cc == CallConv.SYSTEM_V ? new Type[] {pointerType, pointerType} : new Type[0];
    }
}

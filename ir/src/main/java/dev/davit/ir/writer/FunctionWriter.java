package dev.davit.ir.writer;

import dev.davit.ir.AliasRegionData;
import dev.davit.ir.AtomicRmwOp;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.DynamicStackSlotData;
import dev.davit.ir.DynamicTypeData;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.FloatCC;
import dev.davit.ir.Format;
import dev.davit.ir.Function;
import dev.davit.ir.FunctionParameters;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.GlobalValueData;
import dev.davit.ir.IntCC;
import dev.davit.ir.Layout;
import dev.davit.ir.MemFlags;
import dev.davit.ir.OpConstraints;
import dev.davit.ir.Opcode;
import dev.davit.ir.Signature;
import dev.davit.ir.StackSlotData;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;

/**
 * Prints functions as CLIF text exactly as Cranelift's {@code write_function} does, so output can
 * be compared with Cranelift's expectations line for line and read back by the reader.
 *
 * <p>Where Cranelift's printer would drop information the reader keeps, this one writes it in the
 * syntax the reader accepts, so that text always reads back to the same function: memory flags on
 * {@code atomic_rmw}/{@code atomic_cas}, the user name of a {@code symbol} global value (Cranelift
 * prints {@code userextnameN}), dynamic type declarations ({@code dtN = i32x4*gv0}, after the global
 * values), and a stack map on {@code try_call}.
 */
public final class FunctionWriter {
    private FunctionWriter() {}

    /** The whole function, ending in a newline. */
    public static String write(Function f) {
        StringBuilder sb = new StringBuilder(256 + 48 * f.dfg().numInsts());
        new Run(f).function(sb);
        return sb.toString();
    }

    /**
     * One instruction as Cranelift's {@code display_inst} prints it: results, opcode with its
     * controlling type where the writer would print it, operands and the constant annotations; no source
     * location, indentation or newline. Never throws: a malformed instruction prints as far as
     * it can.
     */
    public static String writeInst(Function f, int inst) {
        StringBuilder sb = new StringBuilder(48);
        try {
            Run r = new Run(f);
            r.results(sb, inst);
            Opcode op = f.dfg().opcode(inst);
            sb.append(op.textName());
            Type ctrl = r.typeSuffix(inst);
            if (ctrl != null) sb.append('.').append(ctrl);
            r.operands(sb, inst);
        } catch (RuntimeException e) {
            sb.append(" <malformed inst").append(inst).append('>');
        }
        return sb.toString();
    }

    /** The text of one signature, e.g. {@code (i32, i64) -> i32 system_v}. */
    public static String signature(Signature s) { return s.text(); }

    private static final class Run {
        final Function f;
        final FunctionStencil st;
        final DataFlowGraph dfg;
        final Layout layout;
        final FunctionParameters params;
        /** For each value, the aliases whose direct target it is (in value order); built lazily. */
        IntArrayList[] aliasesOf;

        Run(Function f) {
            this.f = f;
            this.st = f.stencil();
            this.dfg = f.dfg();
            this.layout = f.layout();
            this.params = f.params();
        }

        void function(StringBuilder sb) {
            sb.append("function ").append(f.name().text()).append(st.signature().text()).append(" {\n");
            buildAliases();
            boolean any = preamble(sb);
            int indent = 4;
            for (int i = 0, n = dfg.numInsts(); i < n; i++) {
                if (f.hasSrcLoc(i) || dfg.debugTags(i) != null) { indent = 36; break; }
            }
            for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
                if (any) sb.append('\n');
                block(sb, b, indent);
                any = true;
            }
            sb.append("}\n");
        }

        void buildAliases() {
            int n = dfg.numValues();
            for (int v = 0; v < n; v++) {
                if (dfg.valueKind(v) != DataFlowGraph.VALUE_ALIAS) continue;
                int t = dfg.valueDef(v);
                if (t < 0 || t >= n) continue;
                if (aliasesOf == null) aliasesOf = new IntArrayList[n];
                if (aliasesOf[t] == null) aliasesOf[t] = new IntArrayList(2);
                aliasesOf[t].add(v);
            }
        }

        // ---- preamble ----

        boolean preamble(StringBuilder sb) {
            boolean any = false;
            for (int i = 0; i < st.numDynamicStackSlots(); i++) {
                DynamicStackSlotData d = st.dynamicStackSlot(i);
                if (d == null) continue;
                any = true;
                sb.append("    dss").append(i).append(" = explicit_dynamic_slot dt").append(d.dynamicType()).append('\n');
            }
            for (int i = 0; i < st.numStackSlots(); i++) {
                StackSlotData d = st.stackSlot(i);
                if (d == null) continue;
                any = true;
                sb.append("    ss").append(i).append(" = explicit_slot ").append(Integer.toUnsignedString(d.size()));
                if (d.alignShift() != 0) sb.append(", align = ").append(Long.toUnsignedString(1L << d.alignShift()));
                if (d.key() >= 0) sb.append(", key = ").append(d.key());
                sb.append('\n');
            }
            for (int i = 0; i < st.numAliasRegions(); i++) {
                AliasRegionData r = st.aliasRegion(i);
                if (r == null) continue;
                any = true;
                sb.append("    region").append(i).append(" = ").append(Long.toUnsignedString(r.id()));
                if (r.name() != null) sb.append(" \"").append(r.name()).append('"');
                sb.append('\n');
            }
            for (int i = 0; i < st.numGlobalValues(); i++) {
                GlobalValueData g = st.globalValue(i);
                if (g == null) continue;
                any = true;
                sb.append("    gv").append(i).append(" = ");
                globalValue(sb, g);
                sb.append('\n');
            }
            for (int i = 0; i < dfg.numDynamicTypes(); i++) {
                DynamicTypeData d = dfg.dynamicType(i);
                if (d == null) continue;
                any = true;
                sb.append("    dt").append(i).append(" = ").append(d.baseVectorType()).append("*gv").append(d.dynamicScale())
                        .append('\n');
            }
            for (int i = 0; i < dfg.numSignatures(); i++) {
                Signature s = dfg.signature(i);
                if (s == null) continue;
                any = true;
                sb.append("    sig").append(i).append(" = ").append(s.text()).append('\n');
            }
            for (int i = 0; i < dfg.numExtFuncs(); i++) {
                ExtFuncData e = dfg.extFunc(i);
                if (e == null) continue;
                any = true;
                sb.append("    fn").append(i).append(" = ");
                if (e.colocated()) sb.append("colocated ");
                if (e.patchable()) sb.append("patchable ");
                externalName(sb, e.name());
                sb.append(" sig").append(e.signature()).append('\n');
            }
            for (int i = 0; i < dfg.numConstants(); i++) {
                byte[] c = dfg.constant(i);
                if (c == null) continue;
                any = true;
                sb.append("    const").append(i).append(" = ");
                ImmFormat.constantHex(sb, c);
                sb.append('\n');
            }
            if (st.stackLimit() >= 0) {
                any = true;
                sb.append("    stack_limit = gv").append(st.stackLimit()).append('\n');
            }
            return any;
        }

        void globalValue(StringBuilder sb, GlobalValueData g) {
            switch (g) {
                case GlobalValueData.VmContext v -> sb.append("vmctx");
                case GlobalValueData.Load l -> {
                    sb.append("load.").append(l.globalType());
                    memFlags(sb, l.flags());
                    sb.append(" gv").append(l.base());
                    ImmFormat.offset32(sb, l.offset());
                }
                case GlobalValueData.IAddImm a -> {
                    sb.append("iadd_imm.").append(a.globalType()).append(" gv").append(a.base()).append(", ");
                    ImmFormat.imm64(sb, a.offset());
                }
                case GlobalValueData.Symbol s -> {
                    sb.append("symbol ");
                    if (s.colocated()) sb.append("colocated ");
                    if (s.tls()) sb.append("tls ");
                    externalName(sb, s.name());
                    if (s.offset() > 0) sb.append('+');
                    if (s.offset() != 0) ImmFormat.imm64(sb, s.offset());
                }
                case GlobalValueData.DynScaleTargetConst d -> sb.append("dyn_scale_target_const.").append(d.vectorType());
            }
        }

        void externalName(StringBuilder sb, ExternalName n) {
            switch (n) {
                case ExternalName.User u -> {
                    if (u.ref() >= 0 && u.ref() < params.numUserNames()) sb.append(params.userName(u.ref()).text());
                    else sb.append("userextname").append(u.ref());
                }
                case ExternalName.TestCase t -> sb.append('%').append(t.name());
                case ExternalName.LibCall l -> sb.append('%').append(l.name());
                case ExternalName.KnownSymbol k -> sb.append('%').append(k.name());
            }
        }

        /** Memory flags in Cranelift's order, each preceded by a space. */
        static void memFlags(StringBuilder sb, MemFlags m) {
            if (m.notrap()) sb.append(" notrap");
            else if (m.trapCode() != TrapCode.HEAP_OUT_OF_BOUNDS) sb.append(' ').append(trapText(m.trapCode()));
            if ((m.bits() & MemFlags.ALIGNED) != 0) sb.append(" aligned");
            if ((m.bits() & MemFlags.READONLY) != 0) sb.append(" readonly");
            if ((m.bits() & MemFlags.CAN_MOVE) != 0) sb.append(" can_move");
            if ((m.bits() & MemFlags.BIG) != 0) sb.append(" big");
            if ((m.bits() & MemFlags.LITTLE) != 0) sb.append(" little");
            if ((m.bits() & MemFlags.CHECKED) != 0) sb.append(" checked");
            if (m.region() >= 0) sb.append(" region").append(m.region());
        }

        static String trapText(int code) {
            try {
                return TrapCode.toString(code);
            } catch (IllegalArgumentException e) {
                return "trap" + code;
            }
        }

        // ---- blocks and instructions ----

        void block(StringBuilder sb, int b, int indent) {
            spaces(sb, indent - 4);
            sb.append("block").append(b);
            int np = dfg.numBlockParams(b);
            if (np > 0) {
                sb.append('(');
                for (int i = 0; i < np; i++) {
                    if (i > 0) sb.append(", ");
                    int v = dfg.blockParam(b, i);
                    sb.append('v').append(v).append(": ").append(dfg.valueType(v));
                }
                sb.append(')');
            }
            if (layout.isCold(b)) sb.append(" cold");
            sb.append(":\n");
            for (int i = 0; i < np; i++) valueAliases(sb, dfg.blockParam(b, i), indent);
            for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) instruction(sb, i, indent);
        }

        void instruction(StringBuilder sb, int inst, int indent) {
            int[] tags = dfg.debugTags(inst);
            if (tags != null && tags.length > 0) {
                int before = sb.length();
                sb.append('<');
                for (int k = 0; k < tags.length; k++) {
                    if (k > 0) sb.append(", ");
                    if (tags[k] < 0) sb.append("ss").append(-1 - tags[k]);
                    else sb.append(tags[k]);
                }
                sb.append("> ");
                indent = Math.max(0, indent - (sb.length() - before));
            }
            int before = sb.length();
            int loc = f.srcLoc(inst);
            if (f.hasSrcLoc(inst) && loc != -1) {
                String hex = Integer.toHexString(loc);
                sb.append('@');
                for (int k = hex.length(); k < 4; k++) sb.append('0');
                sb.append(hex).append(' ');
            }
            spaces(sb, indent - (sb.length() - before));
            int lineStart = sb.length();
            try {
                results(sb, inst);
                Opcode op = dfg.opcode(inst);
                sb.append(op.textName());
                Type suffix = typeSuffix(inst);
                if (suffix != null) sb.append('.').append(suffix);
                operands(sb, inst);
            } catch (RuntimeException e) {
                // A malformed instruction (dangling table or entity reference) still prints, so a
                // verifier can show the whole function it complains about.
                sb.setLength(lineStart);
                sb.append("<malformed inst").append(inst).append('>');
            }
            sb.append('\n');
            for (int k = 0, n = dfg.numResults(inst); k < n; k++) valueAliases(sb, dfg.result(inst, k), indent);
        }

        void results(StringBuilder sb, int inst) {
            int n = dfg.numResults(inst);
            if (n == 0) return;
            for (int k = 0; k < n; k++) {
                if (k > 0) sb.append(", ");
                sb.append('v').append(dfg.result(inst, k));
            }
            sb.append(" = ");
        }

        /**
         * The controlling type is written unless the reader can infer it from the designated
         * operand, which Cranelift assumes when that value is defined in the same block. A value
         * defined later in the same block (only in malformed code) cannot be inferred from by a
         * one-pass reader, so the type is written then too, unlike Cranelift.
         */
        Type typeSuffix(int inst) {
            OpConstraints c = dfg.opcode(inst).constraints();
            if (!c.isPolymorphic()) return null;
            int tvo = c.typevarOperand();
            if (tvo >= 0 && tvo < dfg.numArgs(inst)) {
                int v = resolve(dfg.arg(inst, tvo));
                int defBlock = -1;
                if (v >= 0 && v < dfg.numValues()) {
                    byte kind = dfg.valueKind(v);
                    int def = dfg.valueDef(v);
                    if (kind == DataFlowGraph.VALUE_PARAM) defBlock = def;
                    else if (kind == DataFlowGraph.VALUE_RESULT && def >= 0) {
                        defBlock = layout.instBlock(def);
                        if (defBlock >= 0 && defBlock == layout.instBlock(inst) && !before(def, inst)) defBlock = -1;
                    }
                }
                if (defBlock >= 0 && defBlock == layout.instBlock(inst)) return null;
            }
            return dfg.ctrlType(inst);
        }

        /** Layout positions, computed on first need. */
        int[] seq;

        /** Whether {@code a} comes before {@code b} in the layout (both placed). */
        boolean before(int a, int b) {
            if (seq == null) {
                seq = new int[dfg.numInsts()];
                int n = 0;
                for (int bl = layout.firstBlock(); bl >= 0; bl = layout.nextBlock(bl)) {
                    for (int i = layout.firstInst(bl); i >= 0; i = layout.nextInst(i)) if (i < seq.length) seq[i] = n++;
                }
            }
            return a < seq.length && b < seq.length && seq[a] < seq[b];
        }

        int resolve(int v) {
            int n = 0;
            while (v >= 0 && v < dfg.numValues() && dfg.valueKind(v) == DataFlowGraph.VALUE_ALIAS && n++ <= dfg.numValues()) {
                v = dfg.valueDef(v);
            }
            return v;
        }

        /** Aliases of {@code target}, then theirs, depth first from the last, as Cranelift walks them. */
        void valueAliases(StringBuilder sb, int target, int indent) {
            if (aliasesOf == null) return;
            IntArrayList todo = new IntArrayList();
            todo.add(target);
            int guard = 0;
            while (!todo.isEmpty() && guard++ <= dfg.numValues()) {
                int t = todo.popInt();
                IntArrayList as = t < aliasesOf.length ? aliasesOf[t] : null;
                if (as == null) continue;
                for (int k = 0; k < as.size(); k++) {
                    int a = as.getInt(k);
                    spaces(sb, indent);
                    sb.append('v').append(a).append(" -> v").append(t).append('\n');
                    todo.add(a);
                }
            }
        }

        void operands(StringBuilder sb, int inst) {
            Opcode op = dfg.opcode(inst);
            Format format = op.format();
            switch (format) {
                case NULLARY -> sb.append(' ');
                case UNARY -> sb.append(' ').append('v').append(dfg.arg(inst, 0));
                case UNARY_IMM -> {
                    sb.append(' ');
                    ImmFormat.imm64(sb, unaryImm(inst));
                }
                case UNARY_IEEE16 -> ImmFormat.f16(sb.append(' '), dfg.imm(inst));
                case UNARY_IEEE32 -> ImmFormat.f32(sb.append(' '), dfg.imm(inst));
                case UNARY_IEEE64 -> ImmFormat.f64(sb.append(' '), dfg.imm(inst));
                case UNARY_CONST -> sb.append(" const").append(dfg.ref(inst));
                case UNARY_GLOBAL_VALUE -> sb.append(" gv").append(dfg.ref(inst));
                case BINARY -> args(sb.append(' '), inst, 0, 2);
                case BINARY_IMM8 -> args(sb.append(' '), inst, 0, 1).append(", ").append(dfg.imm(inst) & 0xff);
                case TERNARY -> args(sb.append(' '), inst, 0, 3);
                case TERNARY_IMM8 -> args(sb.append(' '), inst, 0, 2).append(", ").append(dfg.imm(inst) & 0xff);
                case SHUFFLE -> {
                    args(sb.append(' '), inst, 0, 2).append(", ");
                    ImmFormat.constantHex(sb, dfg.immediate(dfg.ref(inst)));
                }
                case MULTIARY -> {
                    if (dfg.numArgs(inst) > 0) args(sb.append(' '), inst, 0, dfg.numArgs(inst));
                }
                case INT_COMPARE -> args(sb.append(' ').append(IntCC.of(dfg.aux(inst)).text()).append(' '), inst, 0, 2);
                case FLOAT_COMPARE -> args(sb.append(' ').append(FloatCC.of(dfg.aux(inst)).text()).append(' '), inst, 0, 2);
                case INT_ADD_TRAP -> args(sb.append(' '), inst, 0, 2).append(", ").append(trapText(dfg.aux(inst)));
                case TRAP -> sb.append(' ').append(trapText(dfg.aux(inst)));
                case COND_TRAP -> args(sb.append(' '), inst, 0, 1).append(", ").append(trapText(dfg.aux(inst)));
                case JUMP -> blockCall(sb.append(' '), dfg.dest(inst, 0));
                case BRIF -> {
                    args(sb.append(' '), inst, 0, 1).append(", ");
                    blockCall(sb, dfg.dest(inst, 0));
                    blockCall(sb.append(", "), dfg.dest(inst, 1));
                }
                case BRANCH_TABLE -> {
                    int[] jt = dfg.jumpTable(dfg.ref(inst));
                    args(sb.append(' '), inst, 0, 1).append(", ");
                    blockCall(sb, jt[0]);
                    sb.append(", [");
                    for (int k = 1; k < jt.length; k++) {
                        if (k > 1) sb.append(", ");
                        blockCall(sb, jt[k]);
                    }
                    sb.append(']');
                }
                case CALL -> {
                    sb.append(" fn").append(dfg.ref(inst)).append('(');
                    args(sb, inst, 0, dfg.numArgs(inst)).append(')');
                    stackMap(sb, inst);
                }
                case CALL_INDIRECT -> {
                    sb.append(" sig").append(dfg.ref(inst)).append(", v").append(dfg.arg(inst, 0)).append('(');
                    args(sb, inst, 1, dfg.numArgs(inst)).append(')');
                    stackMap(sb, inst);
                }
                case TRY_CALL -> {
                    sb.append(" fn").append(dfg.ref(inst)).append('(');
                    args(sb, inst, 0, dfg.numArgs(inst)).append("), ");
                    exceptionTable(sb, dfg.exceptionTable(dfg.aux(inst)));
                    stackMap(sb, inst);
                }
                case TRY_CALL_INDIRECT -> {
                    sb.append(" v").append(dfg.arg(inst, 0)).append('(');
                    args(sb, inst, 1, dfg.numArgs(inst)).append("), ");
                    exceptionTable(sb, dfg.exceptionTable(dfg.ref(inst)));
                    stackMap(sb, inst);
                }
                case FUNC_ADDR -> sb.append(" fn").append(dfg.ref(inst));
                case LOAD -> {
                    memFlags(sb, dfg.memFlags(dfg.aux(inst)));
                    args(sb.append(' '), inst, 0, 1);
                    ImmFormat.offset32(sb, (int) dfg.imm(inst));
                }
                case STORE -> {
                    memFlags(sb, dfg.memFlags(dfg.aux(inst)));
                    args(sb.append(' '), inst, 0, 2);
                    ImmFormat.offset32(sb, (int) dfg.imm(inst));
                }
                case LOAD_NO_OFFSET -> {
                    memFlags(sb, dfg.memFlags(dfg.aux(inst)));
                    args(sb.append(' '), inst, 0, 1);
                }
                case STORE_NO_OFFSET -> {
                    memFlags(sb, dfg.memFlags(dfg.aux(inst)));
                    args(sb.append(' '), inst, 0, 2);
                }
                case ATOMIC_RMW -> {
                    memFlags(sb, dfg.memFlags(dfg.aux(inst)));
                    sb.append(' ').append(AtomicRmwOp.of((int) dfg.imm(inst)).text()).append(' ');
                    args(sb, inst, 0, 2);
                }
                case ATOMIC_CAS -> {
                    memFlags(sb, dfg.memFlags(dfg.aux(inst)));
                    args(sb.append(' '), inst, 0, 3);
                }
                case STACK_LOAD -> {
                    sb.append(" ss").append(dfg.ref(inst));
                    ImmFormat.offset32(sb, (int) dfg.imm(inst));
                }
                case DYNAMIC_STACK_LOAD -> sb.append(" dss").append(dfg.ref(inst));
                case DYNAMIC_STACK_STORE -> args(sb.append(' '), inst, 0, 1).append(", dss").append(dfg.ref(inst));
                case EXCEPTION_HANDLER_ADDRESS -> {
                    sb.append(" block").append(dfg.ref(inst)).append(", ");
                    ImmFormat.imm64(sb, dfg.imm(inst));
                }
                default -> {
                    sb.append(' ');
                    args(sb, inst, 0, dfg.numArgs(inst));
                }
            }
            constantAnnotations(sb, inst);
        }

        /** An iconst's immediate as Cranelift shows it: sign-extended from the controlling type. */
        long unaryImm(int inst) {
            Type t = dfg.ctrlType(inst);
            long imm = dfg.imm(inst);
            return t == null ? imm : ImmFormat.signExtend(imm, t.bits());
        }

        StringBuilder args(StringBuilder sb, int inst, int from, int to) {
            for (int k = from; k < to; k++) {
                if (k > from) sb.append(", ");
                sb.append('v').append(dfg.arg(inst, k));
            }
            return sb;
        }

        void blockCall(StringBuilder sb, int bc) {
            sb.append("block").append(dfg.blockCallBlock(bc));
            int n = dfg.blockCallNumArgs(bc);
            if (n == 0) return;
            sb.append('(');
            for (int k = 0; k < n; k++) {
                if (k > 0) sb.append(", ");
                int a = dfg.blockCallArg(bc, k);
                if (DataFlowGraph.blockArgIsValue(a)) sb.append('v').append(a);
                else if (DataFlowGraph.blockArgIsRet(a)) sb.append("ret").append(DataFlowGraph.blockArgIndex(a));
                else sb.append("exn").append(DataFlowGraph.blockArgIndex(a));
            }
            sb.append(')');
        }

        void exceptionTable(StringBuilder sb, ExceptionTableData et) {
            sb.append("sig").append(et.signature()).append(", ");
            blockCall(sb, et.normalReturn());
            sb.append(", [");
            boolean first = true;
            int[] ctx = et.contexts(), pos = et.contextPositions();
            boolean[] done = new boolean[ctx.length];
            for (int h = 0; h <= et.handlers().length; h++) {
                for (int c = 0; c < ctx.length; c++) {
                    if (done[c] || (pos[c] > h && h < et.handlers().length)) continue;
                    done[c] = true;
                    sb.append(first ? " " : ", ");
                    first = false;
                    sb.append("context v").append(ctx[c]);
                }
                if (h == et.handlers().length) break;
                sb.append(first ? " " : ", ");
                first = false;
                long tag = et.tags()[h];
                if (tag == ExceptionTableData.DEFAULT_TAG) sb.append("default: ");
                else sb.append("tag").append(tag).append(": ");
                blockCall(sb, et.handlers()[h]);
            }
            sb.append(first ? "]" : " ]");
        }

        void stackMap(StringBuilder sb, int inst) {
            List<DataFlowGraph.UserStackMapEntry> entries = dfg.userStackMap(inst);
            if (entries == null) return;
            sb.append(", stack_map=[");
            for (int k = 0; k < entries.size(); k++) {
                if (k > 0) sb.append(", ");
                DataFlowGraph.UserStackMapEntry e = entries.get(k);
                sb.append(e.type()).append(" @ ss").append(e.slot()).append('+').append(Integer.toUnsignedString(e.offset()));
            }
            sb.append(']');
        }

        /**
         * Cranelift follows an instruction with {@code ; vN = <constant>} for each operand (and
         * branch argument, and exception context) defined by a constant instruction.
         */
        void constantAnnotations(StringBuilder sb, int inst) {
            boolean first = true;
            for (int k = 0, n = dfg.numArgs(inst); k < n; k++) first = annotate(sb, dfg.arg(inst, k), first);
            Format format = dfg.opcode(inst).format();
            switch (format) {
                case JUMP, BRIF -> {
                    for (int d = 0, n = dfg.numDests(inst); d < n; d++) first = annotateBlockCall(sb, dfg.dest(inst, d), first);
                }
                case BRANCH_TABLE -> {
                    for (int bc : dfg.jumpTable(dfg.ref(inst))) first = annotateBlockCall(sb, bc, first);
                }
                case TRY_CALL, TRY_CALL_INDIRECT -> {
                    ExceptionTableData et = dfg.exceptionTable(format == Format.TRY_CALL ? dfg.aux(inst) : dfg.ref(inst));
                    // Cranelift keeps the normal return after the handlers.
                    for (int bc : et.handlers()) first = annotateBlockCall(sb, bc, first);
                    first = annotateBlockCall(sb, et.normalReturn(), first);
                    for (int c : et.contexts()) first = annotate(sb, c, first);
                }
                default -> { }
            }
        }

        boolean annotateBlockCall(StringBuilder sb, int bc, boolean first) {
            for (int k = 0, n = dfg.blockCallNumArgs(bc); k < n; k++) {
                int a = dfg.blockCallArg(bc, k);
                if (DataFlowGraph.blockArgIsValue(a)) first = annotate(sb, a, first);
            }
            return first;
        }

        boolean annotate(StringBuilder sb, int v, boolean first) {
            int r = resolve(v);
            if (r < 0 || r >= dfg.numValues() || dfg.valueKind(r) != DataFlowGraph.VALUE_RESULT) return first;
            int src = dfg.valueDef(r);
            if (src < 0 || src >= dfg.numInsts()) return first;
            Opcode op = dfg.opcode(src);
            int mark = sb.length();
            sb.append(first ? "  ; " : ", ").append('v').append(v).append(" = ");
            switch (op.format()) {
                case UNARY_IMM -> ImmFormat.imm64(sb, unaryImm(src));
                case UNARY_IEEE16 -> ImmFormat.f16(sb, dfg.imm(src));
                case UNARY_IEEE32 -> ImmFormat.f32(sb, dfg.imm(src));
                case UNARY_IEEE64 -> ImmFormat.f64(sb, dfg.imm(src));
                case UNARY_CONST -> {
                    byte[] c = dfg.constant(dfg.ref(src));
                    if (op.textName().equals("f128const") && c != null && c.length == 16) {
                        long lo = 0, hi = 0;
                        for (int k = 7; k >= 0; k--) {
                            lo = lo << 8 | (c[k] & 0xff);
                            hi = hi << 8 | (c[8 + k] & 0xff);
                        }
                        ImmFormat.f128(sb, lo, hi);
                    } else {
                        sb.append("const").append(dfg.ref(src));
                    }
                }
                default -> {
                    sb.setLength(mark);
                    return first;
                }
            }
            return false;
        }

        static void spaces(StringBuilder sb, int n) {
            for (int i = 0; i < n; i++) sb.append(' ');
        }
    }
}

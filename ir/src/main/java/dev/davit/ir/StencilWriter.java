package dev.davit.ir;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Canonical serialization of a {@link FunctionStencil}: the bytes depend only on what compilation
 * reads, never on Java identity, hash order, or how the function was built. Blocks and values are
 * renumbered in layout order (first appearance), aliases are resolved, memory flags are written by
 * content rather than table index, and instructions not in the layout are left out. Everything of
 * {@link FunctionParameters} stays out: a user external name is written as its ref, a source
 * location as its offset from the base.
 *
 * <p>Format: magic {@code DVST}, a format version, then sections as LEB128 varints and raw bytes.
 */
final class StencilWriter {
    private static final int VERSION = 2; // 2: block cold flags

    private StencilWriter() {}

    static byte[] canonicalBytes(FunctionStencil s) {
        return new StencilWriter.Run(s).write();
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** A growable byte buffer with varint encoding. */
    static final class Sink {
        byte[] buf = new byte[256];
        int len;

        void byte1(int b) {
            if (len == buf.length) buf = Arrays.copyOf(buf, len * 2);
            buf[len++] = (byte) b;
        }

        void uvar(long v) {
            while ((v & ~0x7FL) != 0) {
                byte1((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            byte1((int) v);
        }

        /** Zig-zag signed varint. */
        void svar(long v) { uvar((v << 1) ^ (v >> 63)); }

        void bytes(byte[] b) {
            uvar(b.length);
            if (len + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void str(String s) { bytes(s.getBytes(StandardCharsets.UTF_8)); }

        void type(Type t) { uvar(t == null ? 0 : t.code() + 1); }

        byte[] toArray() { return Arrays.copyOf(buf, len); }
    }

    private static final class Run {
        final FunctionStencil s;
        final DataFlowGraph dfg;
        final Layout layout;
        final Sink out = new Sink();
        final Int2IntOpenHashMap valueNum = new Int2IntOpenHashMap();
        final Int2IntOpenHashMap blockNum = new Int2IntOpenHashMap();

        Run(FunctionStencil s) {
            this.s = s;
            this.dfg = s.dfg();
            this.layout = s.layout();
            valueNum.defaultReturnValue(-1);
            blockNum.defaultReturnValue(-1);
        }

        int value(int v) {
            if (v >= 0 && v < dfg.numValues()) v = dfg.resolveAliases(v);
            int n = valueNum.get(v);
            if (n < 0) {
                n = valueNum.size();
                valueNum.put(v, n);
            }
            return n;
        }

        int block(int b) {
            int n = blockNum.get(b);
            if (n < 0) {
                n = blockNum.size();
                blockNum.put(b, n);
            }
            return n;
        }

        byte[] write() {
            out.byte1('D'); out.byte1('V'); out.byte1('S'); out.byte1('T');
            out.uvar(VERSION);
            signature(s.signature());
            preamble();
            // Number blocks in layout order first so block calls see stable numbers.
            for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) block(b);
            out.uvar(layout.numLayoutBlocks());
            for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
                out.byte1(layout.isCold(b) ? 1 : 0); // cold blocks are laid out differently
                int np = dfg.numBlockParams(b);
                out.uvar(np);
                for (int i = 0; i < np; i++) {
                    int v = dfg.blockParam(b, i);
                    out.uvar(value(v));
                    out.type(dfg.valueType(v));
                }
                int count = 0;
                for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) count++;
                out.uvar(count);
                for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) inst(i);
            }
            return out.toArray();
        }

        void signature(Signature sig) {
            if (sig == null) { out.uvar(0); return; }
            out.uvar(1);
            params(sig.params());
            params(sig.returns());
            out.uvar(sig.callConv().ordinal());
        }

        void params(List<AbiParam> ps) {
            out.uvar(ps.size());
            for (AbiParam p : ps) {
                out.type(p.type());
                out.uvar(p.extension().ordinal());
                out.uvar(p.purpose().ordinal());
                out.uvar(p.size());
            }
        }

        void memFlags(MemFlags f) {
            out.uvar(f.bits());
            out.svar(f.trapCode());
            out.svar(f.region());
        }

        void externalName(ExternalName n) {
            switch (n) {
                case ExternalName.User u -> { out.uvar(0); out.uvar(u.ref()); }
                case ExternalName.TestCase t -> { out.uvar(1); out.str(t.name()); }
                case ExternalName.LibCall l -> { out.uvar(2); out.str(l.name()); }
                case ExternalName.KnownSymbol k -> { out.uvar(3); out.str(k.name()); }
                case null -> out.uvar(4);
            }
        }

        void preamble() {
            out.uvar(s.numStackSlots());
            for (int i = 0; i < s.numStackSlots(); i++) {
                StackSlotData d = s.stackSlot(i);
                if (d == null) { out.uvar(0); continue; }
                out.uvar(1);
                out.uvar(d.size());
                out.uvar(d.alignShift());
                out.svar(d.key());
            }
            out.uvar(s.numDynamicStackSlots());
            for (int i = 0; i < s.numDynamicStackSlots(); i++) {
                DynamicStackSlotData d = s.dynamicStackSlot(i);
                out.svar(d == null ? -1 : d.dynamicType());
            }
            out.uvar(s.numGlobalValues());
            for (int i = 0; i < s.numGlobalValues(); i++) {
                switch (s.globalValue(i)) {
                    case GlobalValueData.VmContext v -> out.uvar(1);
                    case GlobalValueData.Load l -> {
                        out.uvar(2); out.uvar(l.base()); out.svar(l.offset()); out.type(l.globalType()); memFlags(l.flags());
                    }
                    case GlobalValueData.IAddImm a -> {
                        out.uvar(3); out.uvar(a.base()); out.svar(a.offset()); out.type(a.globalType());
                    }
                    case GlobalValueData.Symbol sym -> {
                        out.uvar(4); externalName(sym.name()); out.svar(sym.offset());
                        out.uvar((sym.colocated() ? 1 : 0) | (sym.tls() ? 2 : 0));
                    }
                    case GlobalValueData.DynScaleTargetConst d -> { out.uvar(5); out.type(d.vectorType()); }
                    case null -> out.uvar(0);
                }
            }
            out.uvar(s.numAliasRegions());
            for (int i = 0; i < s.numAliasRegions(); i++) {
                AliasRegionData r = s.aliasRegion(i);
                out.svar(r == null ? -1 : r.id());
            }
            out.svar(s.stackLimit());
            out.uvar(dfg.numSignatures());
            for (int i = 0; i < dfg.numSignatures(); i++) signature(dfg.signature(i));
            out.uvar(dfg.numExtFuncs());
            for (int i = 0; i < dfg.numExtFuncs(); i++) {
                ExtFuncData f = dfg.extFunc(i);
                if (f == null) { out.uvar(0); continue; }
                out.uvar(1);
                externalName(f.name());
                out.svar(f.signature());
                out.uvar((f.colocated() ? 1 : 0) | (f.patchable() ? 2 : 0));
            }
            out.uvar(dfg.numConstants());
            for (int i = 0; i < dfg.numConstants(); i++) {
                byte[] c = dfg.constant(i);
                out.bytes(c == null ? new byte[0] : c);
            }
            out.uvar(dfg.numDynamicTypes());
            for (int i = 0; i < dfg.numDynamicTypes(); i++) {
                DynamicTypeData d = dfg.dynamicType(i);
                out.type(d == null ? null : d.baseVectorType());
                out.svar(d == null ? -1 : d.dynamicScale());
            }
        }

        void blockCall(int bc) {
            out.uvar(block(dfg.blockCallBlock(bc)));
            int n = dfg.blockCallNumArgs(bc);
            out.uvar(n);
            for (int k = 0; k < n; k++) {
                int a = dfg.blockCallArg(bc, k);
                if (DataFlowGraph.blockArgIsValue(a)) out.uvar((long) value(a) << 1);
                else out.uvar(((long) -a << 1) | 1);
            }
        }

        void inst(int i) {
            Opcode op = dfg.opcode(i);
            out.uvar(op.ordinal());
            out.type(dfg.ctrlType(i));
            int n = dfg.numArgs(i);
            out.uvar(n);
            for (int k = 0; k < n; k++) out.uvar(value(dfg.arg(i, k)));
            out.svar(dfg.imm(i));
            switch (op.format()) {
                case LOAD, STORE, LOAD_NO_OFFSET, STORE_NO_OFFSET, ATOMIC_RMW, ATOMIC_CAS -> memFlags(dfg.memFlags(dfg.aux(i)));
                case TRY_CALL -> exceptionTable(dfg.exceptionTable(dfg.aux(i)));
                default -> out.svar(dfg.aux(i));
            }
            switch (op.format()) {
                case BRANCH_TABLE -> {
                    int[] jt = dfg.jumpTable(dfg.ref(i));
                    out.uvar(jt.length);
                    for (int bc : jt) blockCall(bc);
                }
                case TRY_CALL_INDIRECT -> exceptionTable(dfg.exceptionTable(dfg.ref(i)));
                case SHUFFLE -> out.bytes(dfg.immediate(dfg.ref(i)));
                case EXCEPTION_HANDLER_ADDRESS -> out.uvar(block(dfg.ref(i)));
                default -> out.svar(dfg.ref(i));
            }
            int nd = dfg.numDests(i);
            out.uvar(nd);
            for (int k = 0; k < nd; k++) blockCall(dfg.dest(i, k));
            int nr = dfg.numResults(i);
            out.uvar(nr);
            for (int k = 0; k < nr; k++) {
                int v = dfg.result(i, k);
                out.uvar(value(v));
                out.type(dfg.valueType(v));
            }
            out.svar(s.relSrcLoc(i));
            List<DataFlowGraph.UserStackMapEntry> sm = dfg.userStackMap(i);
            if (sm == null) out.uvar(0);
            else {
                out.uvar(sm.size() + 1);
                for (DataFlowGraph.UserStackMapEntry e : sm) { out.type(e.type()); out.uvar(e.slot()); out.svar(e.offset()); }
            }
            int[] tags = dfg.debugTags(i);
            if (tags == null) out.uvar(0);
            else {
                out.uvar(tags.length + 1);
                for (int t : tags) out.svar(t);
            }
        }

        void exceptionTable(ExceptionTableData et) {
            out.svar(et.signature());
            blockCall(et.normalReturn());
            out.uvar(et.contexts().length);
            for (int c : et.contexts()) out.uvar(value(c));
            out.uvar(et.handlers().length);
            for (int k = 0; k < et.handlers().length; k++) {
                out.svar(et.tags()[k]);
                blockCall(et.handlers()[k]);
            }
        }
    }
}

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
    private static final byte[] NO_BYTES = new byte[0];

    private StencilWriter() {}

    /**
     * One writer per thread, reused: a hit of the compile cache writes a stencil straight into a
     * digest, and a fresh writer (numbering tables, buffer) per call cost more than the writing.
     */
    private static final ThreadLocal<Run> RUNS = ThreadLocal.withInitial(Run::new);

    static byte[] canonicalBytes(FunctionStencil s) {
        Run r = RUNS.get();
        if (r.busy) r = new Run(); // only if a sink re-entered the writer
        return r.toBytes(s);
    }

    static long writeCanonical(FunctionStencil s, FunctionStencil.CanonicalSink sink) {
        Run r = RUNS.get();
        if (r.busy) r = new Run();
        return r.stream(s, sink);
    }

    static byte[] sha256(byte[] data) {
        org.bouncycastle.crypto.Digest d = SHA256Digest.newInstance(); // native where it loads
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /**
     * A byte buffer with varint encoding. Without a sink it grows and holds everything written;
     * with one, every full chunk goes to the sink and the buffer is reused.
     */
    static final class Sink {
        static final int CHUNK = 2048;

        byte[] buf = new byte[CHUNK];
        int len;
        /** Bytes already handed to {@link #sink}. */
        long flushed;
        FunctionStencil.CanonicalSink sink;

        /** Room for {@code n} more bytes ({@code n <= CHUNK} when streaming). */
        private void room(int n) {
            if (len + n <= buf.length) return;
            if (sink != null && n <= buf.length) flush();
            else buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }

        /** Room for {@code n} more bytes, so that the {@code put} functions below may write unchecked. */
        void reserve(int n) {
            if (len + n > buf.length) room(n);
        }

        void flush() {
            if (len > 0) {
                sink.write(buf, 0, len);
                flushed += len;
                len = 0;
            }
        }

        void byte1(int b) {
            if (len == buf.length) room(1);
            buf[len++] = (byte) b;
        }

        void uvar(long v) {
            if ((v & ~0x7FL) == 0 && len < buf.length) { // most numbers in a stencil are small
                buf[len++] = (byte) v;
                return;
            }
            if (len + 10 > buf.length) room(10);
            byte[] b = buf;
            int n = len;
            while ((v & ~0x7FL) != 0) {
                b[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
            len = n;
        }

        /** Zig-zag signed varint. */
        void svar(long v) { uvar((v << 1) ^ (v >> 63)); }

        void bytes(byte[] b) {
            uvar(b.length);
            if (sink != null && b.length > CHUNK) {
                flush();
                sink.write(b, 0, b.length);
                flushed += b.length;
                return;
            }
            room(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void str(String s) { bytes(s.getBytes(StandardCharsets.UTF_8)); }

        void type(Type t) { uvar(t == null ? 0 : t.code() + 1); }

        byte[] toArray() { return Arrays.copyOf(buf, len); }
    }

    /** The most bytes one varint takes: a negative int is written sign-extended, as a long. */
    static final int MAX_VAR = 10;

    // The writer's hot loops write through these into a buffer they reserved room in, keeping the
    // position in a local, where calls through the Sink (each checking room) cost more than the
    // bytes. Each is under the JIT's 35-byte limit for inlining a call it has not seen run often,
    // with the rare case out of line: a stencil is mostly numbers under 128.
    static int putU(byte[] b, int p, long v) {
        if ((v & ~0x7FL) != 0) return putUMore(b, p, v);
        b[p] = (byte) v;
        return p + 1;
    }

    private static int putUMore(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p] = (byte) v;
        return p + 1;
    }

    static int putS(byte[] b, int p, long v) { return putU(b, p, (v << 1) ^ (v >> 63)); }

    static int putType(byte[] b, int p, Type t) { return putU(b, p, t == null ? 0 : t.code() + 1); }

    /**
     * The writer's state, kept between runs. Values and blocks are numbered through arrays indexed
     * by entity that are never cleared: a run stores {@code base + number}, and {@code base} then
     * moves past every number the run gave, so whatever earlier runs left is below it and reads as
     * "not numbered yet". An out-of-range entity, which only an invalid function has, goes through
     * a map.
     */
    private static final class Run {
        /** Tables larger than this are not kept for the next run. */
        private static final int KEEP = 1 << 16;

        FunctionStencil s;
        DataFlowGraph dfg;
        Layout layout;
        final Sink out = new Sink();
        int[] valueNum = new int[256];
        int[] blockNum = new int[64];
        /** Entries below these are from earlier runs; starts above the zero of a new array. */
        int valueBase = 1, blockBase = 1;
        int numValues, numBlocks, nextValue, nextBlock;
        Int2IntOpenHashMap otherValues, otherBlocks;
        boolean stackMaps, debugTags, busy;

        private void begin(FunctionStencil st, FunctionStencil.CanonicalSink sink) {
            busy = true;
            s = st;
            dfg = st.dfg();
            layout = st.layout();
            numValues = dfg.numValues();
            numBlocks = dfg.numBlocks();
            if (valueNum.length < numValues) valueNum = new int[Math.max(numValues, valueNum.length * 2)];
            if (blockNum.length < numBlocks) blockNum = new int[Math.max(numBlocks, blockNum.length * 2)];
            // A run gives at most one number per entity it meets, and meets fewer than 2^31 - 2^30.
            if (valueBase > 1 << 30) {
                Arrays.fill(valueNum, 0);
                valueBase = 1;
            }
            if (blockBase > 1 << 30) {
                Arrays.fill(blockNum, 0);
                blockBase = 1;
            }
            nextValue = 0;
            nextBlock = 0;
            if (otherValues != null) otherValues.clear();
            if (otherBlocks != null) otherBlocks.clear();
            stackMaps = dfg.hasUserStackMaps();
            debugTags = dfg.hasDebugTags();
            out.len = 0;
            out.flushed = 0;
            out.sink = sink;
        }

        private void end() {
            valueBase += nextValue; // also after an exception: the numbers given stay below the base
            blockBase += nextBlock;
            s = null;
            dfg = null;
            layout = null;
            out.sink = null;
            if (out.buf.length > KEEP) out.buf = new byte[Sink.CHUNK];
            if (valueNum.length > KEEP) {
                valueNum = new int[256];
                valueBase = 1;
            }
            if (blockNum.length > KEEP) {
                blockNum = new int[64];
                blockBase = 1;
            }
            busy = false;
        }

        byte[] toBytes(FunctionStencil st) {
            try {
                begin(st, null);
                write();
                return out.toArray();
            } finally {
                end();
            }
        }

        long stream(FunctionStencil st, FunctionStencil.CanonicalSink sink) {
            try {
                begin(st, sink);
                write();
                out.flush();
                return out.flushed;
            } finally {
                end();
            }
        }

        int value(int v) {
            if (v < 0 || v >= numValues) return otherValue(v);
            v = dfg.resolveAliases(v);
            int n = valueNum[v] - valueBase;
            return n >= 0 ? n : number(v);
        }

        /** Numbers {@code v}, which has none yet: the next number in order of first appearance. */
        private int number(int v) {
            int n = nextValue++;
            valueNum[v] = valueBase + n;
            return n;
        }

        /** The number of a value handle out of range, which only an invalid function has. */
        private int otherValue(int v) {
            if (otherValues == null) {
                otherValues = new Int2IntOpenHashMap();
                otherValues.defaultReturnValue(-1);
            }
            int n = otherValues.get(v);
            if (n < 0) {
                n = nextValue++;
                otherValues.put(v, n);
            }
            return n;
        }

        int block(int b) {
            if (b >= 0 && b < numBlocks) {
                int n = blockNum[b] - blockBase;
                if (n < 0) {
                    n = nextBlock++;
                    blockNum[b] = blockBase + n;
                }
                return n;
            }
            if (otherBlocks == null) {
                otherBlocks = new Int2IntOpenHashMap();
                otherBlocks.defaultReturnValue(-1);
            }
            int n = otherBlocks.get(b);
            if (n < 0) {
                n = nextBlock++;
                otherBlocks.put(b, n);
            }
            return n;
        }

        void write() {
            out.byte1('D'); out.byte1('V'); out.byte1('S'); out.byte1('T');
            out.uvar(VERSION);
            signature(s.signature());
            preamble();
            // Number blocks in layout order first so block calls see stable numbers.
            for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) block(b);
            out.uvar(layout.numLayoutBlocks());
            Sink o = out;
            for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
                int np = dfg.numBlockParams(b);
                o.reserve(MAX_VAR * (3 + 2 * np));
                byte[] buf = o.buf;
                int p = o.len;
                buf[p++] = (byte) (layout.isCold(b) ? 1 : 0); // cold blocks are laid out differently
                p = putU(buf, p, np);
                for (int i = 0; i < np; i++) {
                    int v = dfg.blockParam(b, i);
                    p = putU(buf, p, value(v));
                    p = putType(buf, p, dfg.valueType(v));
                }
                int count = 0;
                for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) count++;
                p = putU(buf, p, count);
                o.len = p;
                for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) inst(i);
            }
        }

        void signature(Signature sig) {
            if (sig == null) { out.uvar(0); return; }
            out.uvar(1);
            params(sig.params());
            params(sig.returns());
            out.uvar(sig.callConv().ordinal());
        }

        void params(List<AbiParam> ps) {
            int n = ps.size();
            out.uvar(n);
            for (int i = 0; i < n; i++) {
                AbiParam p = ps.get(i);
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
                out.bytes(c == null ? NO_BYTES : c);
            }
            out.uvar(dfg.numDynamicTypes());
            for (int i = 0; i < dfg.numDynamicTypes(); i++) {
                DynamicTypeData d = dfg.dynamicType(i);
                out.type(d == null ? null : d.baseVectorType());
                out.svar(d == null ? -1 : d.dynamicScale());
            }
        }

        void blockCall(int bc) {
            int n = dfg.blockCallNumArgs(bc);
            Sink o = out;
            o.reserve(MAX_VAR * (2 + n));
            byte[] b = o.buf;
            int p = putU(b, o.len, block(dfg.blockCallBlock(bc)));
            p = putU(b, p, n);
            for (int k = 0; k < n; k++) {
                int a = dfg.blockCallArg(bc, k);
                p = putU(b, p, DataFlowGraph.blockArgIsValue(a) ? (long) value(a) << 1 : ((long) -a << 1) | 1);
            }
            o.len = p;
        }

        /**
         * One instruction. The common parts are written through {@code put*} into room reserved for
         * them, the rare variable-length ones (jump and exception tables, shuffle masks, stack maps,
         * debug tags) through the {@link Sink}.
         */
        void inst(int i) {
            Opcode op = dfg.opcode(i);
            Format format = op.format();
            int n = dfg.numArgs(i);
            Sink o = out;
            // opcode, type, count, args, imm, and three for aux or memory flags
            o.reserve(MAX_VAR * (7 + n));
            byte[] b = o.buf;
            int p = o.len;
            p = putU(b, p, op.ordinal());
            p = putType(b, p, dfg.ctrlType(i));
            p = putU(b, p, n);
            for (int k = 0; k < n; k++) p = putU(b, p, value(dfg.arg(i, k)));
            p = putS(b, p, dfg.imm(i));
            switch (format) {
                case LOAD, STORE, LOAD_NO_OFFSET, STORE_NO_OFFSET, ATOMIC_RMW, ATOMIC_CAS -> {
                    MemFlags f = dfg.memFlags(dfg.aux(i));
                    p = putU(b, p, f.bits());
                    p = putS(b, p, f.trapCode());
                    o.len = putS(b, p, f.region());
                }
                case TRY_CALL -> {
                    o.len = p;
                    exceptionTable(dfg.exceptionTable(dfg.aux(i)));
                }
                default -> o.len = putS(b, p, dfg.aux(i));
            }
            switch (format) {
                case BRANCH_TABLE -> {
                    int[] jt = dfg.jumpTable(dfg.ref(i));
                    o.uvar(jt.length);
                    for (int bc : jt) blockCall(bc);
                }
                case TRY_CALL_INDIRECT -> exceptionTable(dfg.exceptionTable(dfg.ref(i)));
                case SHUFFLE -> o.bytes(dfg.immediate(dfg.ref(i)));
                case EXCEPTION_HANDLER_ADDRESS -> o.uvar(block(dfg.ref(i)));
                default -> o.svar(dfg.ref(i));
            }
            int nd = dfg.numDests(i);
            o.uvar(nd);
            for (int k = 0; k < nd; k++) blockCall(dfg.dest(i, k));
            int nr = dfg.numResults(i);
            // count, results with their types, source location, and the two counts below
            o.reserve(MAX_VAR * (4 + 2 * nr));
            b = o.buf;
            p = putU(b, o.len, nr);
            for (int k = 0; k < nr; k++) {
                int v = dfg.result(i, k);
                p = putU(b, p, value(v));
                p = putType(b, p, dfg.valueType(v));
            }
            p = putS(b, p, s.relSrcLoc(i));
            List<DataFlowGraph.UserStackMapEntry> sm = stackMaps ? dfg.userStackMap(i) : null;
            int[] tags = debugTags ? dfg.debugTags(i) : null;
            if (sm == null && tags == null) {
                b[p++] = 0;
                b[p++] = 0;
                o.len = p;
                return;
            }
            o.len = p;
            if (sm == null) o.uvar(0);
            else {
                int n2 = sm.size();
                o.uvar(n2 + 1);
                for (int k = 0; k < n2; k++) {
                    DataFlowGraph.UserStackMapEntry e = sm.get(k);
                    o.type(e.type()); o.uvar(e.slot()); o.svar(e.offset());
                }
            }
            if (tags == null) o.uvar(0);
            else {
                o.uvar(tags.length + 1);
                for (int t : tags) o.svar(t);
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

package dev.davit.jit.isolated;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.jit.RelocTarget;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor–worker wire format, big-endian through {@link DataOutputStream}. The worker first
 * writes {@link #MAGIC} and a flag telling whether its trap handlers are in place; then every
 * request gets exactly one response.
 *
 * <pre>
 * request  := 'L' id:int image | 'U' id:int | 'C' id:int function:int signature args:values
 *           | 'B' id:int function:int signature args:values n:int (type:utf)^n | 'Q'
 * response := 'K' | 'R' values | 'E' message:utf
 * image    := code:bytes data:bytes n:int (name:utf offset:int)^n n:int reloc^n
 * reloc    := offset:int kind:byte ('F' index:int | 'S' name:utf | 'D' offset:int) addend:long
 * values   := n:int (type:utf lo:long hi:long)^n
 * </pre>
 *
 * <p>{@code 'B'} calls a function whose first parameter (an i64, not among {@code args}) is the
 * address of a zeroed buffer of {@link #RESULT_SLOT} bytes per listed type, which the function
 * fills; the response is the buffer read back as values of those types.
 */
final class Protocol {
    static final int MAGIC = 0x44564a54; // "DVJT"
    static final byte LOAD = 'L', UNLOAD = 'U', CALL = 'C', CALL_BUFFER = 'B', QUIT = 'Q';
    /** Bytes per result in a result buffer: wide enough for an i128, so every slot is at 16 * index. */
    static final int RESULT_SLOT = 16;
    static final byte OK = 'K', RESULT = 'R', ERROR = 'E';

    private Protocol() {}

    static void writeImage(DataOutputStream out, ModuleImage m) throws IOException {
        writeBytes(out, m.code());
        writeBytes(out, m.data());
        out.writeInt(m.functions().size());
        for (ModuleImage.Entry e : m.functions()) {
            out.writeUTF(e.name());
            out.writeInt(e.offset());
        }
        out.writeInt(m.relocs().size());
        for (Reloc r : m.relocs()) {
            out.writeInt(r.offset());
            out.writeByte(r.kind().ordinal());
            switch (r.target()) {
                case RelocTarget.Function f -> { out.writeByte('F'); out.writeInt(f.index()); }
                case RelocTarget.Symbol s -> { out.writeByte('S'); out.writeUTF(s.name()); }
                case RelocTarget.Data d -> { out.writeByte('D'); out.writeInt(d.offset()); }
            }
            out.writeLong(r.addend());
        }
    }

    static ModuleImage readImage(DataInputStream in) throws IOException {
        byte[] code = readBytes(in);
        byte[] data = readBytes(in);
        int nf = in.readInt();
        List<ModuleImage.Entry> fs = new ArrayList<>(nf);
        for (int i = 0; i < nf; i++) fs.add(new ModuleImage.Entry(in.readUTF(), in.readInt()));
        int nr = in.readInt();
        List<Reloc> rs = new ArrayList<>(nr);
        RelocKind[] kinds = RelocKind.values();
        for (int i = 0; i < nr; i++) {
            int offset = in.readInt();
            RelocKind kind = kinds[in.readUnsignedByte()];
            int tag = in.readUnsignedByte();
            RelocTarget target = switch (tag) {
                case 'F' -> new RelocTarget.Function(in.readInt());
                case 'S' -> new RelocTarget.Symbol(in.readUTF());
                case 'D' -> new RelocTarget.Data(in.readInt());
                default -> throw new IOException("bad relocation target tag " + tag);
            };
            rs.add(new Reloc(offset, kind, target, in.readLong()));
        }
        return new ModuleImage(code, data, fs, rs);
    }

    static void writeSignature(DataOutputStream out, Signature sig) throws IOException {
        writeParams(out, sig.params());
        writeParams(out, sig.returns());
        out.writeByte(sig.callConv().ordinal());
    }

    static Signature readSignature(DataInputStream in) throws IOException {
        List<AbiParam> ps = readParams(in);
        List<AbiParam> rs = readParams(in);
        return new Signature(ps, rs, CallConv.of(in.readUnsignedByte()));
    }

    private static void writeParams(DataOutputStream out, List<AbiParam> ps) throws IOException {
        out.writeInt(ps.size());
        for (AbiParam p : ps) {
            out.writeUTF(p.type().toString());
            out.writeByte(p.extension().ordinal());
            out.writeByte(p.purpose().ordinal());
            out.writeInt(p.size());
        }
    }

    private static List<AbiParam> readParams(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<AbiParam> ps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Type t = type(in.readUTF());
            AbiParam.Extension ext = AbiParam.Extension.values()[in.readUnsignedByte()];
            AbiParam.Purpose purpose = AbiParam.Purpose.values()[in.readUnsignedByte()];
            ps.add(new AbiParam(t, ext, purpose, in.readInt()));
        }
        return ps;
    }

    static void writeValues(DataOutputStream out, List<DataValue> vs) throws IOException {
        out.writeInt(vs.size());
        for (DataValue v : vs) {
            out.writeUTF(v.type().toString());
            out.writeLong(v.lo());
            out.writeLong(v.hi());
        }
    }

    static List<DataValue> readValues(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<DataValue> vs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) vs.add(new DataValue(type(in.readUTF()), in.readLong(), in.readLong()));
        return vs;
    }

    static void writeTypes(DataOutputStream out, List<Type> ts) throws IOException {
        out.writeInt(ts.size());
        for (Type t : ts) out.writeUTF(t.toString());
    }

    static List<Type> readTypes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("negative count");
        List<Type> ts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ts.add(type(in.readUTF()));
        return ts;
    }

    private static Type type(String name) throws IOException {
        Type t = Type.parse(name);
        if (t == null) throw new IOException("bad type " + name);
        return t;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("negative length");
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new java.io.EOFException();
        return b;
    }
}

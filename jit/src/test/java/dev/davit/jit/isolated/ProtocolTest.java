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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wire-format round trips; no process involved. */
class ProtocolTest {
    interface Writer { void write(DataOutputStream out) throws IOException; }

    private static DataInputStream roundTrip(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Property(tries = 200)
    void imagesSurvive(@ForAll @Size(min = 8, max = 200) byte[] code, @ForAll @Size(max = 40) byte[] data,
                       @ForAll @Size(max = 10) List<Long> addends) throws IOException {
        List<Reloc> relocs = new ArrayList<>();
        RelocKind[] kinds = RelocKind.values();
        for (int i = 0; i < addends.size(); i++) {
            RelocTarget t = switch (i % 3) {
                case 0 -> new RelocTarget.Function(0);
                case 1 -> new RelocTarget.Symbol("sym" + i + "é");
                default -> new RelocTarget.Data(Math.min(i, data.length));
            };
            relocs.add(new Reloc(i % (code.length - 7), kinds[i % kinds.length], t, addends.get(i)));
        }
        ModuleImage img = new ModuleImage(code, data, List.of(new ModuleImage.Entry("f", 0),
                new ModuleImage.Entry("g", code.length / 2)), relocs);
        ModuleImage back = Protocol.readImage(roundTrip(out -> Protocol.writeImage(out, img)));
        assertArrayEquals(img.code(), back.code());
        assertArrayEquals(img.data(), back.data());
        assertEquals(img.functions(), back.functions());
        assertEquals(img.relocs(), back.relocs());
    }

    @Property(tries = 200)
    void valuesSurvive(@ForAll long lo, @ForAll long hi) throws IOException {
        List<DataValue> vs = List.of(DataValue.ofInt(Type.I8, lo), DataValue.ofInt(Type.I32, lo), DataValue.ofInt(Type.I64, lo),
                DataValue.ofI128(lo, hi), new DataValue(Type.F64, lo, 0), new DataValue(Type.F32, lo, 0));
        List<DataValue> back = Protocol.readValues(roundTrip(out -> Protocol.writeValues(out, vs)));
        assertEquals(vs.size(), back.size());
        for (int i = 0; i < vs.size(); i++) assertTrue(vs.get(i).bitsEqual(back.get(i)), vs.get(i) + " vs " + back.get(i));
    }

    @Test
    void signaturesSurvive() throws IOException {
        Signature sig = new Signature(List.of(new AbiParam(Type.I8, AbiParam.Extension.SEXT, AbiParam.Purpose.NORMAL, 0),
                new AbiParam(Type.I64, AbiParam.Extension.NONE, AbiParam.Purpose.VMCTX, 0), new AbiParam(Type.F32)),
                List.of(new AbiParam(Type.I16, AbiParam.Extension.UEXT, AbiParam.Purpose.NORMAL, 0)), CallConv.TAIL);
        assertEquals(sig, Protocol.readSignature(roundTrip(out -> Protocol.writeSignature(out, sig))));
    }

    @Test
    void typesSurvive() throws IOException {
        List<Type> ts = List.of(Type.I8, Type.I32, Type.I128, Type.F64);
        assertEquals(ts, Protocol.readTypes(roundTrip(out -> Protocol.writeTypes(out, ts))));
    }
}

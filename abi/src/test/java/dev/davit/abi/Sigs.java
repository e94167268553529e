package dev.davit.abi;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.List;

/** Small helpers to write signatures in tests. */
final class Sigs {
    private Sigs() {}

    static AbiParam p(Type t) {
        return new AbiParam(t);
    }

    static AbiParam ext(Type t, AbiParam.Extension e) {
        return new AbiParam(t, e, AbiParam.Purpose.NORMAL, 0);
    }

    static AbiParam sret() {
        return new AbiParam(Type.I64, AbiParam.Extension.NONE, AbiParam.Purpose.STRUCT_RETURN, 0);
    }

    static AbiParam sarg(int size) {
        return new AbiParam(Type.I64, AbiParam.Extension.NONE, AbiParam.Purpose.STRUCT_ARGUMENT, size);
    }

    static List<AbiParam> of(Object... typesOrParams) {
        List<AbiParam> l = new ArrayList<>();
        for (Object o : typesOrParams) l.add(o instanceof Type t ? p(t) : (AbiParam) o);
        return l;
    }

    static List<AbiParam> repeat(Type t, int n) {
        List<AbiParam> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(p(t));
        return l;
    }

    static Signature sig(CallConv cc, List<AbiParam> params, List<AbiParam> returns) {
        return new Signature(params, returns, cc);
    }

    /** The locations of every parameter, spelled with the convention's register names. */
    static List<String> params(AbiSig s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.paramCount(); i++) out.add(AbiLocation.toString(s.paramLoc(i), s::regName));
        return out;
    }

    static List<String> returns(AbiSig s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.returnCount(); i++) out.add(AbiLocation.toString(s.returnLoc(i), s::regName));
        return out;
    }
}

package dev.davit.jit;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Test helpers: machine code from hex, signatures from types, host checks. */
public final class Hex {
    private Hex() {}

    /** Bytes from space-separated hex pairs, e.g. {@code "8d 04 37 c3"}. */
    public static byte[] bytes(String hex) {
        String[] parts = hex.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        return b;
    }

    /** {@code sig(List.of(I32, I32), I32)}: system_v, no extensions; {@code ret} null for none. */
    public static Signature sig(List<Type> params, Type ret) {
        List<AbiParam> ps = new ArrayList<>();
        for (Type t : params) ps.add(new AbiParam(t));
        return new Signature(ps, ret == null ? List.of() : List.of(new AbiParam(ret)), CallConv.SYSTEM_V);
    }

    public static boolean isX86_64Linux() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return (arch.equals("amd64") || arch.equals("x86_64")) && os.startsWith("linux");
    }
}

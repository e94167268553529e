package dev.davit.jit;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls machine code with a CLIF {@link Signature} through the platform's C calling convention,
 * which is what {@code system_v} (and, in this backend, {@code fast}) functions follow on Linux.
 *
 * <p>Java types per CLIF type: i8 {@code byte}, i16 {@code short}, i32 {@code int}, i64 (and
 * pointers) {@code long}, f32 {@code float}, f64 {@code double}. A narrow integer parameter marked
 * {@code uext} or {@code sext} is passed as a {@code long} already extended to 64 bits: the callee
 * may rely on the extension, and the linker makes no promise about the upper bits of a narrow
 * argument's register.
 */
// Restricted FFM methods (raw addresses, downcalls) are what this class is for.
@SuppressWarnings("restricted")
public final class NativeCall {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final ConcurrentHashMap<FunctionDescriptor, MethodHandle> HANDLES = new ConcurrentHashMap<>();
    private static final boolean AARCH64 = arch().equals("aarch64");
    /** Argument registers of the host's C convention: integer, float. */
    private static final int INT_ARG_REGS = AARCH64 ? 8 : 6, FLOAT_ARG_REGS = 8;

    private NativeCall() {}

    private static String arch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return a.equals("arm64") ? "aarch64" : a.equals("x86_64") ? "amd64" : a;
    }

    /** Why {@code sig} cannot be called directly, or null if it can. */
    public static String unsupportedReason(Signature sig) {
        if (sig.returns().size() > 1)
            return "multiple return values (" + sig.returns().size() + ") need a trampoline";
        CallConv cc = sig.callConv();
        switch (cc) {
            case SYSTEM_V, FAST, PRESERVE_ALL -> { }
            case TAIL -> {
                int ints = 0, floats = 0;
                for (AbiParam p : sig.params()) if (p.type().isFloat()) floats++; else ints++;
                if (ints > INT_ARG_REGS || floats > FLOAT_ARG_REGS)
                    return "tail-convention function with stack arguments (the callee pops them)";
            }
            default -> { return "calling convention " + cc + " is not the host's"; }
        }
        for (AbiParam p : sig.params()) {
            String why = unsupported(p, "parameter");
            if (why != null) return why;
        }
        for (AbiParam p : sig.returns()) {
            String why = unsupported(p, "return");
            if (why != null) return why;
        }
        return null;
    }

    private static String unsupported(AbiParam p, String what) {
        if (p.purpose() == AbiParam.Purpose.STRUCT_ARGUMENT) return "struct argument " + p.text();
        Type t = p.type();
        if (t == Type.I128) return "i128 " + what + " needs a trampoline";
        if (!(t == Type.I8 || t == Type.I16 || t == Type.I32 || t == Type.I64 || t == Type.F32 || t == Type.F64))
            return what + " of type " + t + " is not supported by the native linker";
        return null;
    }

    /** The linker's descriptor for {@code sig}; throws {@link UnsupportedSignatureException} when there is none. */
    public static FunctionDescriptor descriptor(Signature sig) {
        String why = unsupportedReason(sig);
        if (why != null) throw new UnsupportedSignatureException("cannot call " + sig.text() + ": " + why);
        MemoryLayout[] params = new MemoryLayout[sig.params().size()];
        for (int i = 0; i < params.length; i++) params[i] = paramLayout(sig.params().get(i));
        return sig.returns().isEmpty() ? FunctionDescriptor.ofVoid(params)
                : FunctionDescriptor.of(layout(sig.returns().getFirst().type()), params);
    }

    private static boolean widened(AbiParam p) {
        return p.type().isInt() && p.type().bits() < 64 && p.extension() != AbiParam.Extension.NONE;
    }

    private static ValueLayout paramLayout(AbiParam p) {
        return widened(p) ? ValueLayout.JAVA_LONG : layout(p.type());
    }

    private static ValueLayout layout(Type t) {
        if (t == Type.I8) return ValueLayout.JAVA_BYTE;
        if (t == Type.I16) return ValueLayout.JAVA_SHORT;
        if (t == Type.I32) return ValueLayout.JAVA_INT;
        if (t == Type.I64) return ValueLayout.JAVA_LONG;
        if (t == Type.F32) return ValueLayout.JAVA_FLOAT;
        if (t == Type.F64) return ValueLayout.JAVA_DOUBLE;
        throw new UnsupportedSignatureException("type " + t);
    }

    /**
     * A handle of type {@code (MemorySegment target, args...) -> result} for {@code sig}, shared by
     * all functions with the same descriptor.
     */
    public static MethodHandle downcall(Signature sig) {
        return HANDLES.computeIfAbsent(descriptor(sig), LINKER::downcallHandle);
    }

    /** Calls {@code target} with {@code args} (their types must match the parameters) and returns its results. */
    public static List<DataValue> invoke(MemorySegment target, Signature sig, List<DataValue> args) {
        MethodHandle mh = downcall(sig);
        List<AbiParam> params = sig.params();
        if (args.size() != params.size())
            throw new IllegalArgumentException(sig.text() + " takes " + params.size() + " arguments, got " + args.size());
        List<Object> boxed = new ArrayList<>(args.size() + 1);
        boxed.add(target);
        for (int i = 0; i < args.size(); i++) boxed.add(toJava(params.get(i), args.get(i)));
        Object r;
        try {
            r = mh.invokeWithArguments(boxed);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new JitException("call failed", t);
        }
        if (sig.returns().isEmpty()) return Collections.emptyList();
        return List.of(fromJava(sig.returns().getFirst().type(), r));
    }

    private static Object toJava(AbiParam p, DataValue v) {
        Type t = p.type();
        if (v.type() != t) throw new IllegalArgumentException("argument " + v + " is not of parameter type " + t);
        if (widened(p)) return p.extension() == AbiParam.Extension.SEXT ? v.signed() : v.unsigned();
        if (t == Type.I8) return (byte) v.lo();
        if (t == Type.I16) return (short) v.lo();
        if (t == Type.I32) return (int) v.lo();
        if (t == Type.I64) return v.lo();
        if (t == Type.F32) return v.asF32();
        if (t == Type.F64) return v.asF64();
        throw new UnsupportedSignatureException("type " + t);
    }

    private static DataValue fromJava(Type t, Object r) {
        if (t == Type.I8) return DataValue.ofInt(t, (Byte) r);
        if (t == Type.I16) return DataValue.ofInt(t, (Short) r);
        if (t == Type.I32) return DataValue.ofInt(t, (Integer) r);
        if (t == Type.I64) return DataValue.ofInt(t, (Long) r);
        // Raw bits, so a NaN's payload survives.
        if (t == Type.F32) return new DataValue(t, Float.floatToRawIntBits((Float) r) & 0xffffffffL, 0);
        if (t == Type.F64) return new DataValue(t, Double.doubleToRawLongBits((Double) r), 0);
        throw new UnsupportedSignatureException("type " + t);
    }
}

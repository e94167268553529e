package dev.davit.ir.interpreter;

import dev.davit.ir.AbiParam;
import dev.davit.ir.DataValue;
import dev.davit.ir.ExternalName;
import dev.davit.ir.Function;
import dev.davit.ir.Signature;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import dev.davit.ir.UserFuncName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs CLIF functions with Cranelift's semantics: the reference that compiled code is checked
 * against.
 *
 * <p>An interpreter holds a set of functions (typically all functions of one .clif file); calls
 * between them resolve by name, test-case names ({@code %name}) and user names ({@code u0:1})
 * alike. The runtime library calls Cranelift's interpreter provides (rounding, fma, memory
 * routines) are built in. Each {@link #call} starts with an empty stack and returns the values or
 * the trap; anything the interpreter cannot model raises an {@link InterpreterException} naming it
 * instead of giving a possibly wrong answer.
 *
 * <p>Memory is a simulated address space: stack slots live in a stack region at addresses below
 * 2^32, every function has a fake code address for {@code func_addr}, and hosts can
 * {@link #mapMemory map} further regions (for example a vmctx structure).
 */
public final class Interpreter {
    /** Default step limit: enough for any runtest, small enough that a runaway loop ends in seconds. */
    public static final long DEFAULT_FUEL = 500_000_000L;
    /** Calls nested deeper than this trap with {@code stk_ovf}. */
    public static final int MAX_CALL_DEPTH = 4_000;

    static final long FUNCTION_BASE = 0x7000_0000L;
    private static final Set<String> LIBCALLS = Set.of("CeilF32", "CeilF64", "FloorF32", "FloorF64", "TruncF32",
            "TruncF64", "NearestF32", "NearestF64", "FmaF32", "FmaF64", "Memcpy", "Memset", "Memmove", "Memcmp");

    private final List<FunctionEntry> entries = new ArrayList<>();
    private final Map<String, FunctionEntry> byName = new LinkedHashMap<>();
    private final Map<Long, FunctionEntry> byAddress = new HashMap<>();
    private final List<long[]> mappedBases = new ArrayList<>();
    private final List<byte[]> mappedData = new ArrayList<>();
    private long fuel = DEFAULT_FUEL;
    private long lastSteps;

    public Interpreter(List<Function> functions) {
        for (Function f : functions) {
            String name = nameOf(f);
            FunctionEntry e = add(f, null, f.name().text());
            byName.putIfAbsent(name, e);
            if (f.name() instanceof UserFuncName.TestCase) byName.putIfAbsent("%" + name, e);
        }
    }

    public Interpreter(Function... functions) { this(List.of(functions)); }

    private static String nameOf(Function f) {
        return switch (f.name()) {
            case UserFuncName.TestCase tc -> tc.name();
            case UserFuncName.User u -> u.name().text();
        };
    }

    private FunctionEntry add(Function f, String libcall, String name) {
        long addr = FUNCTION_BASE + 16L * entries.size();
        FunctionEntry e = new FunctionEntry(f, libcall, name, addr);
        entries.add(e);
        byAddress.put(addr, e);
        return e;
    }

    /** Sets the step limit for each {@link #call}. */
    public Interpreter withFuel(long steps) {
        this.fuel = steps;
        return this;
    }

    /** Maps {@code data} at {@code base}: loads and stores there read and write the array. */
    public Interpreter mapMemory(long base, byte[] data) {
        mappedBases.add(new long[] {base});
        mappedData.add(data);
        return this;
    }

    /** The fake code address of a function or supported libcall, as {@code func_addr} yields it. */
    public long functionAddress(String name) {
        FunctionEntry e = lookup(name);
        if (e == null) throw new IllegalArgumentException("no function " + name);
        return e.address;
    }

    /** Instructions executed by the last {@link #call}. */
    public long lastStepCount() { return lastSteps; }

    /** The names callable with {@link #call}, in declaration order. */
    public List<String> functionNames() {
        List<String> out = new ArrayList<>();
        for (FunctionEntry e : entries) if (e.function != null) out.add(e.name);
        return out;
    }

    /** The function called {@code name} ({@code name}, {@code %name} or {@code u0:1}), or null. */
    public Function function(String name) {
        FunctionEntry e = lookup(name);
        return e == null ? null : e.function;
    }

    private FunctionEntry lookup(String name) {
        FunctionEntry e = byName.get(name);
        if (e == null && name.startsWith("%")) e = byName.get(name.substring(1));
        if (e == null) {
            String lib = name.startsWith("%") ? name.substring(1) : name;
            if (LIBCALLS.contains(lib)) e = libcall(lib);
        }
        return e;
    }

    private FunctionEntry libcall(String name) {
        FunctionEntry e = byName.get("%" + name + "#libcall");
        if (e == null) {
            e = add(null, name, "%" + name);
            byName.put("%" + name + "#libcall", e);
        }
        return e;
    }

    /** Resolves a callee named in {@code caller}; null if unknown. */
    FunctionEntry resolve(Function caller, ExternalName name) {
        return switch (name) {
            case ExternalName.TestCase tc -> {
                FunctionEntry e = byName.get(tc.name());
                yield e != null ? e : LIBCALLS.contains(tc.name()) ? libcall(tc.name()) : null;
            }
            case ExternalName.User u -> u.ref() < caller.params().numUserNames()
                    ? byName.get(caller.params().userName(u.ref()).text()) : null;
            case ExternalName.LibCall lc -> LIBCALLS.contains(lc.name()) ? libcall(lc.name()) : null;
            case ExternalName.KnownSymbol ks -> null;
        };
    }

    String describe(Function caller, ExternalName name) {
        return switch (name) {
            case ExternalName.TestCase tc -> "%" + tc.name();
            case ExternalName.User u -> u.ref() < caller.params().numUserNames()
                    ? caller.params().userName(u.ref()).text() : "userextname" + u.ref();
            case ExternalName.LibCall lc -> "%" + lc.name();
            case ExternalName.KnownSymbol ks -> "%" + ks.name();
        };
    }

    FunctionEntry byAddress(long addr) { return byAddress.get(addr); }

    /**
     * Calls function {@code name} with {@code args}, which must match its signature's parameter
     * types. Returns the returned values (typed by the signature) or the trap.
     *
     * @throws InterpreterException if the function uses something the interpreter does not model,
     *                              or runs out of fuel
     */
    public InterpreterResult call(String name, DataValue... args) {
        FunctionEntry e = lookup(name);
        if (e == null || e.function == null) throw new IllegalArgumentException("no function " + name + " to call");
        return call(e, args);
    }

    /** Calls {@code function}, which must be one of this interpreter's functions. */
    public InterpreterResult call(Function function, DataValue... args) {
        for (FunctionEntry e : entries) if (e.function == function) return call(e, args);
        throw new IllegalArgumentException("function " + function.name().text() + " is not part of this interpreter");
    }

    private InterpreterResult call(FunctionEntry e, DataValue[] args) {
        Signature sig = e.function.signature();
        List<AbiParam> params = sig.params();
        if (args.length != params.size()) {
            throw new IllegalArgumentException(e.name + " takes " + params.size() + " arguments, got " + args.length);
        }
        long[] lo = new long[args.length], hi = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            Type want = params.get(i).type();
            if (args[i].type() != want && !(want.isVector() && args[i].type().bits() == want.bits())) {
                throw new IllegalArgumentException("argument " + i + " of " + e.name + " must be " + want + ", got " + args[i].type());
            }
            lo[i] = args[i].lo();
            hi[i] = args[i].hi();
        }
        Machine m = new Machine(this, fuel);
        for (int i = 0; i < mappedData.size(); i++) m.mem.map(mappedBases.get(i)[0], mappedData.get(i));
        try {
            m.invoke(e, lo, hi, args.length);
        } catch (Trap t) {
            lastSteps = fuel - m.fuel;
            return new InterpreterResult.Trapped(t.code, t.getMessage() + " (in " + m.where() + ")");
        } catch (StackOverflowError so) {
            lastSteps = fuel - m.fuel;
            return new InterpreterResult.Trapped(TrapCode.STACK_OVERFLOW, "stk_ovf: Java stack exhausted");
        }
        lastSteps = fuel - m.fuel;
        List<AbiParam> rets = sig.returns();
        if (m.retCount != rets.size()) {
            throw new InterpreterException(e.name + " returned " + m.retCount + " values, its signature has " + rets.size());
        }
        DataValue[] out = new DataValue[rets.size()];
        for (int i = 0; i < out.length; i++) out[i] = new DataValue(rets.get(i).type(), m.retLo[i], m.retHi[i]);
        return new InterpreterResult.Returned(out);
    }
}

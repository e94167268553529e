package dev.davit.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The type constraints of one opcode, compiled from its spec string in the {@link Opcode} table.
 *
 * <p>Spec syntax: {@code TYPEVARS ; OPERANDS -> RESULTS}. TYPEVARS is a comma list of
 * {@code NAME=typeset} ({@link TypeSet#parse}); the first is the controlling type variable. Each
 * operand/result is a type variable name, a derived type {@code NAME.fn} (fn: lane, truthy, int,
 * half, double, halfvec, doublevec, split, merge, dyn2vec; narrower and wider: any strictly
 * narrower or wider scalar of the same kind), a concrete type ({@code i8}, {@code i64}, ...), or {@code *} (any number of values of any type; only last). Results may be
 * {@code sig} (from the call's signature). The controlling type is inferred from the first operand
 * whose constraint is exactly the controlling variable; if there is none, it must be written
 * explicitly ({@code iconst.i32}).
 */
public final class OpConstraints {
    /** Constraint kinds. */
    public static final byte CTRL = 0, DERIVED = 1, FREE = 2, CONCRETE = 3, VARARGS = 4, SIG = 5;
    /** Derivation functions. */
    public static final byte D_LANE = 0, D_TRUTHY = 1, D_INT = 2, D_HALF = 3, D_DOUBLE = 4, D_HALFVEC = 5,
            D_DOUBLEVEC = 6, D_SPLIT = 7, D_MERGE = 8, D_DYN2VEC = 9,
            D_NARROWER = 10, D_WIDER = 11;
    private static final String[] DERIVE_NAMES = {"lane", "truthy", "int", "half", "double", "halfvec",
            "doublevec", "split", "merge", "dyn2vec", "narrower", "wider"};

    final TypeSet[] typeVars;
    final String[] typeVarNames;
    final byte[] operandKind;
    final int[] operandArg; // derive fn, free typevar index, or type code
    final Type[] operandType;
    final byte[] resultKind;
    final int[] resultArg;
    final Type[] resultType;
    final int typevarOperand; // -1 when the controlling type must be explicit
    final boolean varargs;
    final boolean sigResults;

    private OpConstraints(TypeSet[] tv, String[] names, byte[] ok, int[] oa, Type[] ot, byte[] rk, int[] ra, Type[] rt,
                          int tvIndex) {
        typeVars = tv; typeVarNames = names;
        operandKind = ok; operandArg = oa; operandType = ot;
        resultKind = rk; resultArg = ra; resultType = rt;
        // As in Cranelift, the format names one value operand that may carry the controlling type;
        // only if that operand's type is exactly the controlling variable is the type inferred.
        int tvo = tvIndex < ok.length && ok[tvIndex] == CTRL ? tvIndex : -1;
        boolean va = false;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == VARARGS) va = true;
        }
        typevarOperand = tv.length == 0 ? -1 : tvo;
        varargs = va;
        boolean sig = false;
        for (byte k : rk) if (k == SIG) sig = true;
        sigResults = sig;
    }

    /**
     * Parses a spec; {@code tvIndex} is the format's typevar operand: the value operand from which
     * the controlling type is inferred when its constraint is the controlling variable.
     */
    static OpConstraints parse(String spec, int tvIndex) {
        int semi = spec.indexOf(';');
        int arrow = spec.indexOf("->");
        if (semi < 0 || arrow < semi) throw new IllegalArgumentException("bad spec: " + spec);
        List<String> names = new ArrayList<>();
        List<TypeSet> sets = new ArrayList<>();
        String tvs = spec.substring(0, semi).trim();
        if (!tvs.isEmpty()) {
            for (String part : tvs.split(",")) {
                int eq = part.indexOf('=');
                names.add(part.substring(0, eq).trim());
                sets.add(TypeSet.parse(part.substring(eq + 1)));
            }
        }
        String[] nm = names.toArray(new String[0]);
        List<String> ops = split(spec.substring(semi + 1, arrow));
        List<String> res = split(spec.substring(arrow + 2));
        byte[] ok = new byte[ops.size()]; int[] oa = new int[ops.size()]; Type[] ot = new Type[ops.size()];
        for (int i = 0; i < ops.size(); i++) entry(ops.get(i), nm, ok, oa, ot, i, spec);
        byte[] rk = new byte[res.size()]; int[] ra = new int[res.size()]; Type[] rt = new Type[res.size()];
        for (int i = 0; i < res.size(); i++) entry(res.get(i), nm, rk, ra, rt, i, spec);
        return new OpConstraints(sets.toArray(new TypeSet[0]), nm, ok, oa, ot, rk, ra, rt, tvIndex);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) if (!p.isBlank()) out.add(p.trim());
        return out;
    }

    private static void entry(String e, String[] names, byte[] kind, int[] arg, Type[] type, int i, String spec) {
        if (e.equals("*")) { kind[i] = VARARGS; return; }
        if (e.equals("sig")) { kind[i] = SIG; return; }
        Type t = Type.parse(e);
        if (t != null) { kind[i] = CONCRETE; type[i] = t; return; }
        int dot = e.indexOf('.');
        String var = dot < 0 ? e : e.substring(0, dot);
        int idx = -1;
        for (int k = 0; k < names.length; k++) if (names[k].equals(var)) idx = k;
        if (idx < 0) throw new IllegalArgumentException("unknown type variable " + var + " in " + spec);
        if (dot < 0) {
            kind[i] = idx == 0 ? CTRL : FREE;
            arg[i] = idx;
            return;
        }
        if (idx != 0) throw new IllegalArgumentException("only the controlling variable derives: " + spec);
        String fn = e.substring(dot + 1);
        for (int k = 0; k < DERIVE_NAMES.length; k++) {
            if (DERIVE_NAMES[k].equals(fn)) { kind[i] = DERIVED; arg[i] = k; return; }
        }
        throw new IllegalArgumentException("unknown derivation " + fn + " in " + spec);
    }

    /** Applies derivation {@code fn} to {@code ctrl}; null when the derived type does not exist. */
    public static Type derive(int fn, Type ctrl) {
        return switch (fn) {
            case D_LANE -> ctrl.laneType();
            case D_TRUTHY -> ctrl.asTruthy();
            case D_INT -> ctrl.asInt();
            case D_HALF -> ctrl.halfWidth();
            case D_DOUBLE -> ctrl.doubleWidth();
            case D_HALFVEC -> ctrl.halfVector();
            case D_DOUBLEVEC -> ctrl.doubleVector();
            case D_SPLIT -> ctrl.splitLanes();
            case D_MERGE -> ctrl.mergeLanes();
            case D_DYN2VEC -> ctrl.dynamicToVector();
            // Any strictly narrower / wider scalar of the same kind: no single type, so the verifier
            // checks the relation itself (Cranelift's WiderOrEq constraint, made strict as its verifier is).
            case D_NARROWER, D_WIDER -> null;
            default -> throw new IllegalArgumentException("derivation " + fn);
        };
    }

    /** Whether this opcode is polymorphic (has a controlling type variable). */
    public boolean isPolymorphic() { return typeVars.length > 0; }

    /** Index of the operand the controlling type is inferred from, or -1 if it must be explicit. */
    public int typevarOperand() { return typevarOperand; }

    /** Whether the controlling type must be written explicitly ({@code op.type}). */
    public boolean requiresExplicitType() { return isPolymorphic() && typevarOperand < 0; }

    /** Whether the controlling type variable accepts {@code t}. */
    public boolean ctrlAllows(Type t) { return typeVars.length > 0 && typeVars[0].contains(t); }

    /** Number of fixed value operands (before any varargs). */
    public int fixedOperands() { return varargs ? operandKind.length - 1 : operandKind.length; }

    public boolean hasVarargs() { return varargs; }

    /** Whether results come from the call signature. */
    public boolean resultsFromSignature() { return sigResults; }

    /** Number of fixed results (0 when results come from a signature). */
    public int fixedResults() { return sigResults ? 0 : resultKind.length; }

    /** Type of result {@code i} given the controlling type; null if the derivation does not exist. */
    public Type resultType(int i, Type ctrl) {
        return typeOf(resultKind[i], resultArg[i], resultType[i], ctrl);
    }

    /** Expected type of fixed operand {@code i}, or null if it is free (check with {@link #operandAllows}). */
    public Type operandType(int i, Type ctrl) {
        return typeOf(operandKind[i], operandArg[i], operandType[i], ctrl);
    }

    /** Whether a free operand {@code i} may have type {@code t}. */
    public boolean operandAllows(int i, Type t) {
        return operandKind[i] == FREE && typeVars[operandArg[i]].contains(t);
    }

    /** Name of the constraint of operand {@code i}, for error messages. */
    public String operandConstraintName(int i) {
        return switch (operandKind[i]) {
            case CTRL, FREE -> typeVarNames[operandArg[i]];
            case DERIVED -> typeVarNames[0] + "." + DERIVE_NAMES[operandArg[i]];
            case CONCRETE -> operandType[i].toString();
            default -> "*";
        };
    }

    private static Type typeOf(byte kind, int arg, Type concrete, Type ctrl) {
        return switch (kind) {
            case CTRL -> ctrl;
            case DERIVED -> ctrl == null ? null : derive(arg, ctrl);
            case CONCRETE -> concrete;
            default -> null;
        };
    }
}

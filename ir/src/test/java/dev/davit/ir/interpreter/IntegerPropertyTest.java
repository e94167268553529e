package dev.davit.ir.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Opcode;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Integer operations of every width against a BigInteger model written from Cranelift's opcode
 * definitions: both the lane helpers directly and, where the opcode table has the opcode, whole
 * functions through the interpreter.
 */
class IntegerPropertyTest {
    static final String[] BINARY = {"iadd", "isub", "imul", "udiv", "sdiv", "urem", "srem", "ishl", "ushr", "sshr",
            "rotl", "rotr", "umulhi", "smulhi", "band", "bor", "bxor", "band_not", "bor_not", "bxor_not", "smin",
            "smax", "umin", "umax"};
    static final String[] UNARY = {"ineg", "iabs", "bnot", "clz", "cls", "ctz", "popcnt", "bswap", "bitrev"};

    @Provide Arbitrary<Integer> widths() { return Arbitraries.of(8, 16, 32, 64, 128); }

    @Provide Arbitrary<String> binaryOps() { return Arbitraries.of(BINARY); }

    @Provide Arbitrary<String> unaryOps() { return Arbitraries.of(UNARY); }

    /** The opcodes the table already has ("none" while it has none of them: that try passes). */
    static Arbitrary<String> inTable(String[] names) {
        java.util.List<String> have = new java.util.ArrayList<>();
        for (String n : names) if (Opcode.byName(n) != null) have.add(n);
        return have.isEmpty() ? Arbitraries.just("none") : Arbitraries.of(have);
    }

    @Provide Arbitrary<String> tableBinaryOps() { return inTable(BINARY); }

    @Provide Arbitrary<String> tableUnaryOps() { return inTable(UNARY); }

    /** Edge values mixed with random ones: 0, 1, -1, MIN, MAX and their neighbours get hit often. */
    @Provide Arbitrary<Long> words() {
        return Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, 1L, -1L, 2L, Long.MIN_VALUE, Long.MAX_VALUE, 0x80L, 0x7fL, 0xffL, 0x8000L,
                        0x7fffffffL, 0x80000000L, 0xffffffffL, 63L, 64L, 127L, 128L));
    }

    static BigInteger mod(int bits) { return BigInteger.ONE.shiftLeft(bits); }

    static BigInteger unsigned(long lo, long hi, int bits) {
        return Wide.unsigned(lo, hi).mod(mod(bits));
    }

    static BigInteger signed(BigInteger u, int bits) {
        return u.testBit(bits - 1) ? u.subtract(mod(bits)) : u;
    }

    /** The model: returns the unsigned result, or a trap code as a negative Long via exception. */
    static BigInteger model(String op, BigInteger a, BigInteger b, int bits) {
        BigInteger sa = signed(a, bits), sb = signed(b, bits), m = mod(bits);
        int s = b.mod(BigInteger.valueOf(bits)).intValue();
        BigInteger r = switch (op) {
            case "iadd" -> a.add(b);
            case "isub" -> a.subtract(b);
            case "imul" -> a.multiply(b);
            case "udiv", "urem" -> {
                if (b.signum() == 0) throw new ModelTrap(TrapCode.INTEGER_DIVISION_BY_ZERO);
                yield op.equals("udiv") ? a.divide(b) : a.remainder(b);
            }
            case "sdiv" -> {
                if (b.signum() == 0) throw new ModelTrap(TrapCode.INTEGER_DIVISION_BY_ZERO);
                if (sb.equals(BigInteger.ONE.negate()) && sa.equals(mod(bits - 1).negate())) {
                    throw new ModelTrap(TrapCode.INTEGER_OVERFLOW);
                }
                yield sa.divide(sb);
            }
            case "srem" -> {
                if (b.signum() == 0) throw new ModelTrap(TrapCode.INTEGER_DIVISION_BY_ZERO);
                yield sa.remainder(sb);
            }
            case "ishl" -> a.shiftLeft(s);
            case "ushr" -> a.shiftRight(s);
            case "sshr" -> sa.shiftRight(s);
            case "rotl" -> a.shiftLeft(s).or(a.shiftRight(bits - s));
            case "rotr" -> a.shiftRight(s).or(a.shiftLeft(bits - s));
            case "umulhi" -> a.multiply(b).shiftRight(bits);
            case "smulhi" -> sa.multiply(sb).shiftRight(bits);
            case "band" -> a.and(b);
            case "bor" -> a.or(b);
            case "bxor" -> a.xor(b);
            case "band_not" -> a.andNot(b);
            case "bor_not" -> a.or(b.not().mod(m));
            case "bxor_not" -> a.xor(b.not().mod(m));
            case "smin" -> sa.min(sb);
            case "smax" -> sa.max(sb);
            case "umin" -> a.min(b);
            case "umax" -> a.max(b);
            default -> throw new IllegalArgumentException(op);
        };
        return r.mod(m);
    }

    static BigInteger modelUnary(String op, BigInteger a, int bits) {
        BigInteger m = mod(bits), sa = signed(a, bits);
        BigInteger r = switch (op) {
            case "ineg" -> a.negate();
            case "iabs" -> sa.abs();
            case "bnot" -> a.not();
            case "clz" -> BigInteger.valueOf(bits - a.bitLength());
            case "cls" -> BigInteger.valueOf(bits - 1 - (sa.signum() < 0 ? sa.not() : sa).bitLength());
            case "ctz" -> BigInteger.valueOf(a.signum() == 0 ? bits : a.getLowestSetBit());
            case "popcnt" -> BigInteger.valueOf(a.bitCount());
            case "bswap", "bitrev" -> {
                BigInteger out = BigInteger.ZERO;
                int unit = op.equals("bswap") ? 8 : 1;
                for (int i = 0; i < bits / unit; i++) {
                    BigInteger piece = a.shiftRight(i * unit).mod(BigInteger.ONE.shiftLeft(unit));
                    out = out.or(piece.shiftLeft(bits - (i + 1) * unit));
                }
                yield out;
            }
            default -> throw new IllegalArgumentException(op);
        };
        return r.mod(m);
    }

    static final class ModelTrap extends RuntimeException {
        final int code;
        ModelTrap(int code) { super(TrapCode.toString(code), null, false, false); this.code = code; }
    }

    static int intOp(String op) { return Ops.sub(op); }

    /** Runs the lane helper (IntOps for <= 64 bits, Wide for 128) and returns the unsigned result. */
    static BigInteger helper(String op, BigInteger a, BigInteger b, int bits, boolean unary) {
        int code = intOp(op);
        if (bits <= 64) {
            long r = unary ? IntOps.unary(code, a.longValue(), bits) : IntOps.bin(code, a.longValue(), b.longValue(), bits);
            return unsigned(r, 0, bits);
        }
        Wide w = new Wide();
        if (unary) w.unary(code, a.longValue(), a.shiftRight(64).longValue());
        else w.bin(code, a.longValue(), a.shiftRight(64).longValue(), b.longValue(), b.shiftRight(64).longValue());
        return unsigned(w.lo, w.hi, 128);
    }

    @Property(tries = 3000)
    void binaryHelpersMatchModel(@ForAll("binaryOps") String op, @ForAll("widths") int bits,
                                 @ForAll("words") long a0, @ForAll("words") long a1,
                                 @ForAll("words") long b0, @ForAll("words") long b1) {
        BigInteger a = unsigned(a0, a1, bits), b = unsigned(b0, b1, bits);
        Object expected, actual;
        try { expected = model(op, a, b, bits); } catch (ModelTrap t) { expected = "trap " + t.getMessage(); }
        try { actual = helper(op, a, b, bits, false); } catch (Trap t) { actual = "trap " + Trap.describe(t.code); }
        assertEquals(expected, actual, op + "." + bits + "(" + a + ", " + b + ")");
    }

    @Property(tries = 2000)
    void unaryHelpersMatchModel(@ForAll("unaryOps") String op, @ForAll("widths") int bits,
                                @ForAll("words") long a0, @ForAll("words") long a1) {
        BigInteger a = unsigned(a0, a1, bits);
        assertEquals(modelUnary(op, a, bits), helper(op, a, BigInteger.ZERO, bits, true), op + "." + bits + "(" + a + ")");
    }

    private static final Map<String, Interpreter> CACHE = new HashMap<>();

    static Interpreter interp(String op, int bits, boolean unary) {
        Type t = Type.intType(bits);
        return CACHE.computeIfAbsent(op + bits + unary, k -> new Interpreter(
                unary ? FnBuilder.unary(op, t, t) : FnBuilder.binary(op, t)));
    }

    static DataValue dv(BigInteger v, int bits) {
        return new DataValue(Type.intType(bits), v.longValue(), v.shiftRight(64).longValue());
    }

    /** The same, end to end through the interpreter, for the opcodes the table already has. */
    @Property(tries = 2000)
    void interpretedBinaryMatchesModel(@ForAll("tableBinaryOps") String op, @ForAll("widths") int bits,
                                       @ForAll("words") long a0, @ForAll("words") long a1,
                                       @ForAll("words") long b0, @ForAll("words") long b1) {
        if (op.equals("none")) return;
        BigInteger a = unsigned(a0, a1, bits), b = unsigned(b0, b1, bits);
        InterpreterResult r = interp(op, bits, false).call(op, dv(a, bits), dv(b, bits));
        try {
            BigInteger e = model(op, a, b, bits);
            InterpreterResult.Returned ret = assertInstanceOf(InterpreterResult.Returned.class, r);
            assertEquals(dv(e, bits), ret.values()[0]);
        } catch (ModelTrap t) {
            InterpreterResult.Trapped tr = assertInstanceOf(InterpreterResult.Trapped.class, r);
            assertEquals(t.code, tr.trapCode());
        }
    }

    @Property(tries = 1000)
    void interpretedUnaryMatchesModel(@ForAll("tableUnaryOps") String op, @ForAll("widths") int bits,
                                      @ForAll("words") long a0, @ForAll("words") long a1) {
        if (op.equals("none") || (op.equals("bswap") && bits == 8)) return;
        BigInteger a = unsigned(a0, a1, bits);
        InterpreterResult r = interp(op, bits, true).call(op, dv(a, bits));
        InterpreterResult.Returned ret = assertInstanceOf(InterpreterResult.Returned.class, r);
        assertEquals(dv(modelUnary(op, a, bits), bits), ret.values()[0]);
    }

    /** Overflow flags against exact arithmetic. */
    @Property(tries = 2000)
    void overflowFlags(@ForAll("widths") int bits, @ForAll("words") long a0, @ForAll("words") long a1,
                       @ForAll("words") long b0, @ForAll("words") long b1) {
        BigInteger a = unsigned(a0, a1, bits), b = unsigned(b0, b1, bits);
        BigInteger sa = signed(a, bits), sb = signed(b, bits);
        BigInteger umax = mod(bits), smax = mod(bits - 1), smin = smax.negate();
        check("uadd_overflow", bits, a, b, a.add(b), a.add(b).compareTo(umax) >= 0);
        check("usub_overflow", bits, a, b, a.subtract(b), a.compareTo(b) < 0);
        check("umul_overflow", bits, a, b, a.multiply(b), a.multiply(b).compareTo(umax) >= 0);
        BigInteger s = sa.add(sb), d = sa.subtract(sb), p = sa.multiply(sb);
        check("sadd_overflow", bits, a, b, s, s.compareTo(smin) < 0 || s.compareTo(smax) >= 0);
        check("ssub_overflow", bits, a, b, d, d.compareTo(smin) < 0 || d.compareTo(smax) >= 0);
        check("smul_overflow", bits, a, b, p, p.compareTo(smin) < 0 || p.compareTo(smax) >= 0);
    }

    private static void check(String op, int bits, BigInteger a, BigInteger b, BigInteger exact, boolean ovf) {
        if (Opcode.byName(op) == null) return;
        Type t = Type.intType(bits);
        FnBuilder fb = new FnBuilder(op, java.util.List.of(t, t), java.util.List.of(t, Type.I8));
        int b0 = fb.block(t, t);
        int i = fb.inst(op, t, new Type[] {t, Type.I8}, new int[] {fb.param(b0, 0), fb.param(b0, 1)}, 0, 0, 0);
        fb.ret(fb.dfg.result(i, 0), fb.dfg.result(i, 1));
        Function f = fb.fn;
        InterpreterResult.Returned r = (InterpreterResult.Returned) new Interpreter(f).call(op, dv(a, bits), dv(b, bits));
        assertEquals(dv(exact.mod(mod(bits)), bits), r.values()[0], op);
        assertEquals(ovf ? 1 : 0, r.values()[1].lo(), op + "." + bits + "(" + a + ", " + b + ") flag");
    }
}

package dev.davit.ir.interpreter;

import dev.davit.ir.AbiParam;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ; run:} comment bound to the called function's signature: the arguments typed by its
 * parameters, the expected values by its returns. A stand-in for the reader's run commands so the
 * interpreter's checks need nothing but the comment text; literals follow Cranelift's syntax
 * (decimal or {@code 0x} integers, hex floats such as {@code -0x1.8p3}, {@code Inf}, {@code NaN},
 * {@code NaN:0x1}, {@code sNaN:0x1}, vectors as {@code [1 2 3 4]} or one 128-bit hex literal).
 *
 * @param function the callee's name without {@code %}
 * @param equals   false for {@code !=}
 */
public record RunLine(String function, DataValue[] args, boolean equals, DataValue[] expected) {
    private static final Pattern RUN = Pattern.compile(";*\\s*run:\\s*%([\\w.]+)\\((.*?)\\)\\s*(?:(==|!=)\\s*(.*))?");

    /**
     * Parses {@code text} (with or without the leading {@code ;}) if it is a run line, typing
     * values by {@code sig}. A bare {@code run: %f()} expects {@code 1} ({@code true}). Returns
     * null if the text is not a run line.
     *
     * @throws IllegalArgumentException if it is a run line that does not fit the signature
     */
    public static RunLine parse(String text, Signature sig) {
        Matcher m = RUN.matcher(text.trim());
        if (!m.matches()) return null;
        List<Type> pt = new ArrayList<>(), rt = new ArrayList<>();
        for (AbiParam p : sig.params()) pt.add(p.type());
        for (AbiParam p : sig.returns()) rt.add(p.type());
        DataValue[] args = values(m.group(2), pt, false);
        boolean eq = !"!=".equals(m.group(3));
        DataValue[] exp = m.group(4) == null || m.group(4).isBlank()
                ? new DataValue[] {DataValue.ofInt(rt.isEmpty() ? Type.I8 : rt.get(0), 1)}
                : values(m.group(4), rt, true);
        return new RunLine(m.group(1), args, eq, exp);
    }

    /** The function name a run line calls, or null if {@code text} is not a run line. */
    public static String calledFunction(String text) {
        Matcher m = RUN.matcher(text.trim());
        return m.matches() ? m.group(1) : null;
    }

    private static DataValue[] values(String text, List<Type> types, boolean results) {
        text = text.trim();
        List<String> parts;
        if (text.isEmpty()) parts = List.of();
        else if (results && types.size() == 1) parts = List.of(text);
        else if (results && text.startsWith("[") && text.endsWith("]")) parts = split(text.substring(1, text.length() - 1));
        else parts = split(text);
        if (parts.size() != types.size()) {
            throw new IllegalArgumentException("expected " + types.size() + " values, got '" + text + "'");
        }
        DataValue[] out = new DataValue[parts.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = value(parts.get(i), types.get(i));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + parts.get(i) + "' is not a " + types.get(i) + " value");
            }
        }
        return out;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[' || c == '(') depth++;
            else if (c == ']' || c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!s.substring(start).isBlank()) out.add(s.substring(start).trim());
        return out;
    }

    /** A literal of type {@code t}. */
    public static DataValue value(String s, Type t) {
        s = s.trim();
        BigInteger v;
        if (t.isVector()) {
            if (s.startsWith("[")) {
                String[] lanes = s.substring(1, s.length() - 1).trim().split("[\\s,]+");
                if (lanes.length != t.lanes()) throw new IllegalArgumentException(t + " needs " + t.lanes() + " lanes: " + s);
                v = BigInteger.ZERO;
                int lb = t.laneBits();
                for (int i = 0; i < lanes.length; i++) {
                    BigInteger lane = t.hasFloatLanes() ? floatBits(lanes[i], lb)
                            : integer(lanes[i]).mod(BigInteger.ONE.shiftLeft(lb));
                    v = v.or(lane.shiftLeft(i * lb));
                }
            } else {
                v = integer(s);
            }
        } else if (t.isFloat()) {
            v = floatBits(s, t.bits());
        } else {
            v = s.equals("true") ? BigInteger.ONE : s.equals("false") ? BigInteger.ZERO : integer(s);
        }
        return new DataValue(t, v.longValue(), v.shiftRight(64).longValue());
    }

    private static BigInteger integer(String s) {
        s = s.replace("_", "").trim();
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) s = s.substring(1);
        BigInteger v = s.startsWith("0x") || s.startsWith("0X") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        return neg ? v.negate() : v;
    }

    /** The bits of a float literal, correctly rounded if it is not exactly representable. */
    static BigInteger floatBits(String s, int bits) {
        SoftFloat.Fmt f = SoftFloat.of(bits);
        s = s.trim().replace("_", "");
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) s = s.substring(1);
        BigInteger r;
        if (s.equals("Inf")) {
            r = SoftFloat.inf(f, false);
        } else if (s.startsWith("NaN") || s.startsWith("sNaN")) {
            int c = s.indexOf(':');
            BigInteger payload = c < 0 ? BigInteger.ZERO : integer(s.substring(c + 1));
            r = f.expMask.or(payload);
            if (!s.startsWith("s")) r = r.or(f.quietBit);
        } else if (s.startsWith("0x")) {
            String body = s.substring(2);
            int p = body.indexOf('p');
            int exp = p < 0 ? 0 : Integer.parseInt(body.substring(p + 1).replace("+", ""));
            String mant = p < 0 ? body : body.substring(0, p);
            int dot = mant.indexOf('.');
            int fracDigits = dot < 0 ? 0 : mant.length() - dot - 1;
            String digits = mant.replace(".", "");
            BigInteger m = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
            r = m.signum() == 0 ? BigInteger.ZERO : SoftFloat.round(f, false, m, exp - 4 * fracDigits, false);
        } else {
            BigDecimal d = new BigDecimal(s);
            BigInteger un = d.unscaledValue();
            int scale = d.scale();
            if (un.signum() == 0) {
                r = BigInteger.ZERO;
            } else if (scale <= 0) {
                r = SoftFloat.fromInt(f, un.multiply(BigInteger.TEN.pow(-scale)));
            } else {
                BigInteger den = BigInteger.TEN.pow(scale);
                int k = Math.max(0, f.fracBits + 6 + den.bitLength() - un.bitLength());
                BigInteger[] qr = un.shiftLeft(k).divideAndRemainder(den);
                r = SoftFloat.round(f, false, qr[0], -k, qr[1].signum() != 0);
            }
        }
        return neg ? r.or(f.signBit) : r;
    }
}

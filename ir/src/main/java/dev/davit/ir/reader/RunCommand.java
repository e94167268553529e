package dev.davit.ir.reader;

import dev.davit.ir.AbiParam;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code run:} or {@code print:} comment of a run test, with its values typed by the called
 * function's signature, as Cranelift's {@code parse_run_command} reads it.
 *
 * <ul>
 *   <li>{@code run: %f(1, 2) == 3} and {@code != 3}; several results in brackets
 *       ({@code == [1, 2]}), none as {@code []}.</li>
 *   <li>{@code run} alone, for a function {@code () -> iN}: holds when the result is not zero
 *       (comparison {@code NOT_EQUALS} against 0 of the return type, {@code function} null).</li>
 *   <li>{@code print: %f(1)} and {@code print} alone (no arguments): print the results.</li>
 * </ul>
 *
 * <p>Values: integers in decimal or {@code 0x} hex (i8..i32 accept the unsigned range too, e.g.
 * {@code 255} for i8), i128 likewise, floats in Cranelift's hex form or {@code 0.0}, {@code Inf},
 * {@code NaN}, {@code NaN:0x1}, {@code sNaN:0x1} with optional sign, vectors as {@code [1 2 3 4]}
 * or one hex number.
 *
 * @param kind       run or print
 * @param function   the called function's name without {@code %}, or null for "this function"
 * @param args       the arguments, typed by the signature's parameters
 * @param comparison for {@code run}; null for {@code print}
 * @param expected   the expected results, typed by the signature's returns (empty for print)
 * @param line       1-based line of the comment
 */
public record RunCommand(Kind kind, String function, List<DataValue> args, Comparison comparison,
                         List<DataValue> expected, int line) {
    public enum Kind { RUN, PRINT }

    public enum Comparison { EQUALS, NOT_EQUALS }

    public RunCommand {
        args = List.copyOf(args);
        expected = List.copyOf(expected);
    }

    /** Whether the comment text is a run or print command (after optional leading {@code ;} and spaces). */
    public static boolean isRunCommand(String text) {
        String t = strip(text);
        return startsWord(t, "run") || startsWord(t, "print");
    }

    /**
     * The name of the function a run/print command calls (without {@code %}), so the caller can
     * find its signature; null for a bare {@code run}/{@code print} (the function the comment is
     * in) and for text that is not a run command.
     */
    public static String calledFunction(String text) {
        String t = strip(text);
        int i;
        if (startsWord(t, "run")) i = 3;
        else if (startsWord(t, "print")) i = 5;
        else return null;
        while (i < t.length() && t.charAt(i) == ' ') i++;
        if (i >= t.length() || t.charAt(i) != ':') return null;
        i++;
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) i++;
        if (i >= t.length() || t.charAt(i) != '%') return null;
        int b = ++i;
        while (i < t.length() && (t.charAt(i) == '_' || (t.charAt(i) < 0x80 && Character.isLetterOrDigit(t.charAt(i))))) i++;
        return t.substring(b, i);
    }

    /** {@link #parse(String, int, int, Signature)} for text starting at column 1. */
    public static RunCommand parse(String text, int line, Signature sig) throws ParseError {
        return parse(text, line, 1, sig);
    }

    /**
     * Parses a run/print command typed by {@code sig} (the called function's signature).
     *
     * @param text   the comment text, with or without its leading semicolons
     * @param line   the comment's line, for the result and for error positions
     * @param column the column where {@code text} starts in the file, for error positions
     * @return the command, or null if the text is not a run or print command
     */
    public static RunCommand parse(String text, int line, int column, Signature sig) throws ParseError {
        int skip = 0;
        while (skip < text.length() && (text.charAt(skip) == ' ' || text.charAt(skip) == ';')) skip++;
        String t = text.substring(skip);
        if (!startsWord(t, "run") && !startsWord(t, "print")) return null;
        Reader r = new Reader(t, line, column + skip);
        try {
            return r.command(sig);
        } catch (ParseError e) {
            throw e;
        } catch (RuntimeException e) {
            throw r.err("internal error: " + e);
        }
    }

    private static String strip(String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ';')) i++;
        return text.substring(i);
    }

    private static boolean startsWord(String t, String w) {
        if (!t.startsWith(w)) return false;
        if (t.length() == w.length()) return true;
        char c = t.charAt(w.length());
        return !(c == '_' || Character.isLetterOrDigit(c));
    }

    /** Reads one command with the CLIF lexer; positions are shifted to the file. */
    private static final class Reader {
        final Lexer lex;
        final int line, column;
        int tok;

        Reader(String text, int line, int column) {
            this.lex = new Lexer(text);
            this.line = line;
            this.column = column;
        }

        ParseError err(String message) {
            return new ParseError(null, line + lex.tokLine - 1, column + lex.tokCol - 1, message);
        }

        void advance() throws ParseError {
            try {
                do tok = lex.next(); while (tok == Lexer.COMMENT);
            } catch (ParseError e) {
                throw e.shifted(line - 1, column - 1);
            }
        }

        boolean optional(int kind) throws ParseError {
            if (tok != kind) return false;
            advance();
            return true;
        }

        void expect(int kind, String message) throws ParseError {
            if (tok != kind) throw err(message);
            advance();
        }

        RunCommand command(Signature sig) throws ParseError {
            advance();
            boolean run = lex.textIs("run");
            advance();
            if (run) {
                if (optional(Lexer.COLON)) {
                    String name = invocationName();
                    List<DataValue> args = invocationArgs(sig);
                    Comparison cmp;
                    if (optional(Lexer.EQUAL)) {
                        expect(Lexer.EQUAL, "expected another =");
                        cmp = Comparison.EQUALS;
                    } else if (optional(Lexer.BANG)) {
                        expect(Lexer.EQUAL, "expected a =");
                        cmp = Comparison.NOT_EQUALS;
                    } else {
                        throw err("unable to parse a valid comparison operator");
                    }
                    List<DataValue> expected = returns(sig);
                    return new RunCommand(Kind.RUN, name, args, cmp, expected, line);
                }
                if (sig.params().isEmpty() && sig.returns().size() == 1 && sig.returns().get(0).type().isInt()) {
                    Type rt = sig.returns().get(0).type();
                    return new RunCommand(Kind.RUN, null, List.of(), Comparison.NOT_EQUALS,
                            List.of(DataValue.ofInt(rt, 0)), line);
                }
                throw err("unable to parse the run command");
            }
            if (optional(Lexer.COLON)) {
                String name = invocationName();
                List<DataValue> args = invocationArgs(sig);
                return new RunCommand(Kind.PRINT, name, args, null, List.of(), line);
            }
            if (sig.params().isEmpty()) return new RunCommand(Kind.PRINT, null, List.of(), null, List.of(), line);
            throw err("unable to parse the print command");
        }

        String invocationName() throws ParseError {
            if (tok != Lexer.NAME) throw err("expected a function name, e.g. %my_fn");
            String name = new String(lex.src, lex.start + 1, lex.end - lex.start - 1);
            advance();
            expect(Lexer.LPAR, "expected invocation parentheses, e.g. %fn(...)");
            return name;
        }

        List<DataValue> invocationArgs(Signature sig) throws ParseError {
            List<DataValue> args = values(types(sig.params()));
            expect(Lexer.RPAR, "expected invocation parentheses, e.g. %fn(...)");
            return args;
        }

        List<DataValue> returns(Signature sig) throws ParseError {
            boolean bracketed = sig.returns().size() != 1;
            if (bracketed) expect(Lexer.LBRACKET, "expected a left bracket [");
            List<DataValue> out = values(types(sig.returns()));
            if (bracketed) expect(Lexer.RBRACKET, "expected a right bracket ]");
            return out;
        }

        static List<Type> types(List<AbiParam> ps) {
            List<Type> out = new ArrayList<>(ps.size());
            for (AbiParam p : ps) out.add(p.type());
            return out;
        }

        List<DataValue> values(List<Type> types) throws ParseError {
            List<DataValue> out = new ArrayList<>(types.size());
            for (int i = 0; i < types.size(); i++) {
                if (i > 0) expect(Lexer.COMMA, "expected a comma between invocation arguments");
                out.add(value(types.get(i)));
            }
            return out;
        }

        DataValue value(Type t) throws ParseError {
            try {
                if (t == Type.I8) return DataValue.ofInt(t, integer(8, "expected a i8"));
                if (t == Type.I16) return DataValue.ofInt(t, integer(16, "expected an i16"));
                if (t == Type.I32) return DataValue.ofInt(t, integer(32, "expected an i32"));
                if (t == Type.I64) return DataValue.ofInt(t, integer(64, "expected an i64"));
                if (t == Type.I128) {
                    if (tok != Lexer.INTEGER) throw err("expected an i128");
                    long[] v = Literals.parseI128(lex.src, lex.start, lex.end);
                    advance();
                    return new DataValue(t, v[0], v[1]);
                }
                if (t == Type.F16) return floatValue(t, 5, 10, "expected an f16");
                if (t == Type.F32) return floatValue(t, 8, 23, "expected an f32");
                if (t == Type.F64) return floatValue(t, 11, 52, "expected an f64");
                if (t == Type.F128) return floatValue(t, 15, 112, "expected an f128");
                if (t.isVector()) {
                    if (t.bits() > 128) throw err("vectors larger than 128 bits are not currently supported");
                    byte[] b = vector(t);
                    long lo = 0, hi = 0;
                    for (int k = Math.min(8, b.length) - 1; k >= 0; k--) lo = lo << 8 | (b[k] & 0xff);
                    for (int k = b.length - 1; k >= 8; k--) hi = hi << 8 | (b[k] & 0xff);
                    return new DataValue(t, lo, hi);
                }
            } catch (Literals.Bad b) {
                throw err(b.getMessage());
            }
            throw err("don't know how to parse data values of: " + t);
        }

        long integer(int bits, String message) throws ParseError, Literals.Bad {
            if (tok != Lexer.INTEGER) throw err(message);
            long v = bits == 64 ? Literals.parseImm64(lex.src, lex.start, lex.end)
                    : Literals.parseSized(lex.src, lex.start, lex.end, bits);
            advance();
            return v;
        }

        DataValue floatValue(Type t, int w, int bits, String message) throws ParseError, Literals.Bad {
            if (tok != Lexer.FLOAT) throw err(message);
            long[] v = Literals.parseFloat(lex.src, lex.start, lex.end, w, bits);
            advance();
            return new DataValue(t, v[0], v[1]);
        }

        /** Lanes in brackets or one hex number, as little-endian bytes of the vector's size. */
        byte[] vector(Type t) throws ParseError, Literals.Bad {
            int size = t.bytes();
            if (optional(Lexer.LBRACKET)) {
                Type lane = t.laneType();
                int lb = lane.bytes();
                byte[] data = new byte[size];
                for (int i = 0; i < t.lanes(); i++) {
                    long v;
                    if (lane == Type.I8) v = integer(8, "Expected an 8-bit integer");
                    else if (lane == Type.I16) v = integer(16, "Expected a 16-bit integer");
                    else if (lane == Type.I32) v = integer(32, "Expected a 32-bit integer");
                    else if (lane == Type.I64) v = integer(64, "Expected a 64-bit integer");
                    else if (lane == Type.F32) v = floatValue(lane, 8, 23, "Expected a 32-bit float").lo();
                    else if (lane == Type.F64) v = floatValue(lane, 11, 52, "Expected a 64-bit float").lo();
                    else throw err("Expected a type of: float, int, bool");
                    for (int k = 0; k < lb; k++) data[i * lb + k] = (byte) (v >>> (8 * k));
                }
                expect(Lexer.RBRACKET, "expected a terminating right bracket");
                return data;
            }
            if (tok != Lexer.INTEGER) throw err("expected an immediate hexadecimal operand");
            byte[] raw;
            try {
                raw = Literals.parseHexConstant(lex.src, lex.start, lex.end);
            } catch (Literals.Bad b) {
                throw err("expected hexadecimal immediate, failed to parse: " + b.getMessage());
            }
            if (raw.length > size) throw err("expected parsed constant to have " + size + " bytes");
            advance();
            return Arrays.copyOf(raw, size);
        }
    }
}

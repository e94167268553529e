package dev.davit.ir.reader;

import dev.davit.ir.Type;

/**
 * Splits CLIF text into tokens, one at a time, over the source's char array. A token is described
 * by the lexer's public fields (kind, source range, position and decoded number or type) rather
 * than by an object, so scanning a file allocates nothing per token; the parser copies out the few
 * fields it keeps.
 *
 * <p>Numbered entities ({@code v12}, {@code block3}, {@code ss0}, {@code ret1}, ...) and types
 * ({@code i32x4}) are recognised here, as Cranelift's lexer does, so the parser switches on kinds.
 * Numbers are only delimited here; their value is decoded by the parser in context, because the
 * same text means different things as an {@code Imm64}, a lane index or a float.
 */
final class Lexer {
    static final int EOF = 0, COMMENT = 1, LPAR = 2, RPAR = 3, LBRACE = 4, RBRACE = 5, LBRACKET = 6,
            RBRACKET = 7, LANGLE = 8, RANGLE = 9, MINUS = 10, PLUS = 11, STAR = 12, COMMA = 13, DOT = 14,
            COLON = 15, EQUAL = 16, BANG = 17, ARROW = 18, AT = 19, FLOAT = 20, INTEGER = 21, TYPE = 22,
            VALUE = 23, BLOCK = 24, SS = 25, DSS = 26, DT = 27, GV = 28, CONST = 29, FN = 30, SIG = 31,
            REGION = 32, TAG = 33, RET = 34, EXN = 35, USERREF = 36, USERNAMEREF = 37, NAME = 38,
            STRING = 39, HEXSEQ = 40, IDENT = 41, SRCLOC = 42;

    private static final String[] KIND_NAMES = {"end of file", "comment", "'('", "')'", "'{'", "'}'", "'['",
            "']'", "'<'", "'>'", "'-'", "'+'", "'*'", "','", "'.'", "':'", "'='", "'!'", "'->'", "'@'",
            "float", "integer", "type", "value", "block", "stack slot", "dynamic stack slot", "dynamic type",
            "global value", "constant", "function reference", "signature", "alias region", "exception tag",
            "try_call return", "try_call exception", "user name", "user name reference", "name", "string",
            "hex sequence", "identifier", "source location"};

    static String kindName(int kind) { return KIND_NAMES[kind]; }

    final char[] src;
    final int length;
    private int pos;
    private int line = 1;
    private int lineStart;

    // ---- the current token ----
    int kind;
    int start, end;
    int tokLine, tokCol;
    /** The entity number of an entity token. */
    long num;
    /** The type of a {@link #TYPE} token. */
    Type type;

    /** For error messages only. */
    private final String fileName;

    Lexer(String text, String fileName) {
        this.src = text.toCharArray();
        this.length = src.length;
        this.fileName = fileName;
    }

    Lexer(String text) {
        this(text, null);
    }

    int line() { return line; }

    /** The text of the current token (allocates; for messages and rare cases). */
    String text() { return new String(src, start, end - start); }

    /** Whether the current token's text is exactly {@code s}. */
    boolean textIs(String s) {
        int n = end - start;
        if (n != s.length()) return false;
        for (int i = 0; i < n; i++) if (src[start + i] != s.charAt(i)) return false;
        return true;
    }

    /** Whether the current token's text starts with {@code s}. */
    boolean textStartsWith(String s) {
        int n = s.length();
        if (end - start < n) return false;
        for (int i = 0; i < n; i++) if (src[start + i] != s.charAt(i)) return false;
        return true;
    }

    /**
     * The rest of the current line after the current token, up to (not including) the newline and
     * any comment; the next token is read from the following line. Used for {@code test},
     * {@code set} and {@code target} lines whose words are not CLIF tokens.
     */
    String restOfLine() {
        int b = pos;
        while (pos < length && src[pos] != '\n' && src[pos] != ';') pos++;
        return new String(src, b, pos - b);
    }

    /** Reads the next token into the fields; returns its kind. */
    int next() throws ParseError {
        while (true) {
            if (pos >= length) {
                setTok(EOF, pos, pos);
                return kind;
            }
            char c = src[pos];
            switch (c) {
                case '\n' -> { pos++; line++; lineStart = pos; continue; }
                case ' ', '\t', '\r', '\f', 0x0b -> { pos++; continue; }
                case ';' -> {
                    int b = pos;
                    while (pos < length && src[pos] != '\n') pos++;
                    int e = pos;
                    if (e > b && src[e - 1] == '\r') e--;
                    return token(COMMENT, b, e);
                }
                case '(' -> { return single(LPAR); }
                case ')' -> { return single(RPAR); }
                case '{' -> { return single(LBRACE); }
                case '}' -> { return single(RBRACE); }
                case '[' -> { return single(LBRACKET); }
                case ']' -> { return single(RBRACKET); }
                case '<' -> { return single(LANGLE); }
                case '>' -> { return single(RANGLE); }
                case '*' -> { return single(STAR); }
                case ',' -> { return single(COMMA); }
                case '.' -> { return single(DOT); }
                case ':' -> { return single(COLON); }
                case '=' -> { return single(EQUAL); }
                case '!' -> { return single(BANG); }
                case '-' -> {
                    if (pos + 1 < length && src[pos + 1] == '>') {
                        int b = pos;
                        pos += 2;
                        return token(ARROW, b, pos);
                    }
                    return scanNumber();
                }
                case '+' -> { return scanNumber(); }
                case '%' -> { return scanName(); }
                case '"' -> { return scanString(); }
                case '#' -> { return scanWhile(HEXSEQ, 1); }
                case '@' -> {
                    if (pos + 1 < length && isHex(src[pos + 1])) return scanWhile(SRCLOC, 1);
                    return single(AT);
                }
                default -> {
                    if (c >= '0' && c <= '9') return scanNumber();
                    if (c == '_' || Character.isLetter(c)) {
                        if (lookingAt(pos, "NaN") || lookingAt(pos, "Inf") || lookingAt(pos, "sNaN")) return scanNumber();
                        return scanWord();
                    }
                    int col = pos - lineStart + 1;
                    throw new ParseError(fileName, line, col, "invalid character" + describe(c));
                }
            }
        }
    }

    private static String describe(char c) {
        if (c < 0x20 || c > 0x7e) return String.format(" U+%04X", (int) c);
        return " '" + c + "'";
    }

    private void setTok(int k, int b, int e) {
        kind = k;
        start = b;
        end = e;
        tokLine = line;
        tokCol = b - lineStart + 1;
    }

    private int token(int k, int b, int e) {
        setTok(k, b, e);
        return k;
    }

    private int single(int k) {
        int b = pos++;
        return token(k, b, pos);
    }

    private boolean lookingAt(int at, String s) {
        int n = s.length();
        if (at + n > length) return false;
        for (int i = 0; i < n; i++) if (src[at + i] != s.charAt(i)) return false;
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c > 0x7f && Character.isLetterOrDigit(c));
    }

    private int scanWhile(int k, int skip) {
        int b = pos;
        pos += skip;
        while (pos < length && isHex(src[pos])) pos++;
        return token(k, b, pos);
    }

    /** Whether a sign at {@code at - 1} starts a number rather than standing alone. */
    private boolean numericAt(int at) {
        if (at >= length) return false;
        char c = src[at];
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || lookingAt(at, "NaN")
                || lookingAt(at, "Inf") || lookingAt(at, "sNaN");
    }

    /**
     * Delimits a number: an optional sign, then digits, letters, '_', '-' and '.' (a '.' or a
     * NaN/Inf spelling makes it a float). The value is checked later, in context.
     */
    private int scanNumber() {
        int b = pos;
        boolean isFloat = false;
        char c = src[pos];
        if (c == '-' || c == '+') {
            pos++;
            if (!numericAt(pos)) return token(c == '-' ? MINUS : PLUS, b, pos);
        }
        if (lookingAt(pos, "NaN:") || lookingAt(pos, "sNaN:")) {
            while (src[pos] != ':') pos++;
            pos++;
            isFloat = true;
        } else if (lookingAt(pos, "NaN") || lookingAt(pos, "Inf") || lookingAt(pos, "sNaN")) {
            isFloat = true;
        }
        while (pos < length) {
            char d = src[pos];
            if (d == '.') isFloat = true;
            else if (d != '-' && d != '_' && !isAlnum(d)) break;
            pos++;
        }
        return token(isFloat ? FLOAT : INTEGER, b, pos);
    }

    private int scanName() {
        int b = pos++;
        while (pos < length) {
            char c = src[pos];
            if (!(c == '_' || (c < 0x80 && isAlnum(c)))) break;
            pos++;
        }
        return token(NAME, b, pos);
    }

    private int scanString() throws ParseError {
        int b = pos;
        int l = line, ls = lineStart;
        pos++;
        while (pos < length && src[pos] != '"') {
            if (src[pos] == '\n') { line++; lineStart = pos + 1; }
            pos++;
        }
        if (pos >= length) throw new ParseError(fileName, l, b - ls + 1, "unterminated string");
        pos++;
        kind = STRING;
        start = b;
        end = pos;
        tokLine = l;
        tokCol = b - ls + 1;
        return kind;
    }

    private int scanWord() {
        int b = pos;
        while (pos < length && (src[pos] == '_' || isAlnum(src[pos]))) pos++;
        int e = pos;
        setTok(IDENT, b, e);
        classifyWord(b, e);
        return kind;
    }

    /** Turns a word into an entity or type token when it is one (sets {@link #kind}). */
    private void classifyWord(int b, int e) {
        // A trailing "xN" marks a dynamic vector type such as i32x4xN.
        if (e - b >= 4 && src[e - 1] == 'N' && src[e - 2] == 'x') {
            Type t = parseType(b, e - 2);
            if (t != null && t.isVector()) {
                type = t.toDynamic();
                kind = TYPE;
            }
            return;
        }
        int d = e;
        while (d > b && src[d - 1] >= '0' && src[d - 1] <= '9') d--;
        if (d == e) return;
        // Entity numbers are canonical: no leading zeros.
        if (e - d > 1 && src[d] == '0') return;
        if (e - d > 10) return;
        long n = 0;
        for (int i = d; i < e; i++) n = n * 10 + (src[i] - '0');
        if (n > 0xffff_ffffL) return;
        int k = entityKind(b, d - b);
        if (k >= 0) {
            if ((k == VALUE || k == BLOCK) && n == 0xffff_ffffL) return;
            kind = k;
            num = n;
            return;
        }
        Type t = parseType(b, e);
        if (t != null) {
            kind = TYPE;
            type = t;
        }
    }

    private int entityKind(int b, int len) {
        switch (len) {
            case 1:
                if (src[b] == 'v') return VALUE;
                if (src[b] == 'u') return USERREF;
                return -1;
            case 2:
                if (is(b, "ss")) return SS;
                if (is(b, "dt")) return DT;
                if (is(b, "gv")) return GV;
                if (is(b, "fn")) return FN;
                return -1;
            case 3:
                if (is(b, "dss")) return DSS;
                if (is(b, "sig")) return SIG;
                if (is(b, "tag")) return TAG;
                if (is(b, "ret")) return RET;
                if (is(b, "exn")) return EXN;
                return -1;
            case 5:
                if (is(b, "block")) return BLOCK;
                if (is(b, "const")) return CONST;
                return -1;
            case 6:
                return is(b, "region") ? REGION : -1;
            case 11:
                return is(b, "userextname") ? USERNAMEREF : -1;
            default:
                return -1;
        }
    }

    private boolean is(int b, String s) {
        for (int i = 0; i < s.length(); i++) if (src[b + i] != s.charAt(i)) return false;
        return true;
    }

    /** Parses {@code i32}, {@code f64x2} etc. from a char range; null if it is not a type. */
    private Type parseType(int b, int e) {
        if (e - b < 2) return null;
        char k = src[b];
        if (k != 'i' && k != 'f') return null;
        int i = b + 1;
        int bits = 0;
        while (i < e && src[i] >= '0' && src[i] <= '9' && bits < 1000) bits = bits * 10 + (src[i++] - '0');
        if (i == b + 1) return null;
        if (src[b + 1] == '0') return null;
        Type lane = k == 'i' ? Type.intType(bits) : Type.floatType(bits);
        if (lane == null) return null;
        if (i == e) return lane;
        if (src[i] != 'x') return null;
        i++;
        int lanesStart = i;
        int lanes = 0;
        while (i < e && src[i] >= '0' && src[i] <= '9' && lanes < 100000) lanes = lanes * 10 + (src[i++] - '0');
        if (i != e || i == lanesStart || src[lanesStart] == '0') return null;
        Type v = lane.by(lanes);
        return v != null && v.isVector() ? v : null;
    }
}

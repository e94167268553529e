package dev.davit.filetests.filecheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A list of filecheck directives, matched in order against a text with the semantics of the
 * {@code filecheck} crate that Cranelift's filetests use:
 * <ul>
 *   <li>{@code check:} matches after the previous ordered match;
 *   <li>{@code sameln:} on the line the previous match ended on; {@code nextln:} on the line after;
 *   <li>{@code unordered:} anywhere between the previous and the next ordered match, in any order;
 *   <li>{@code not:} must not occur between the previous and the next ordered match;
 *   <li>{@code regex: VAR=re} defines {@code $VAR} as a regex.
 * </ul>
 * Patterns are literal text except for {@code $VAR} / {@code $(VAR)} (a variable's value, or the
 * regex of a {@code regex:} variable), {@code $(VAR=re)} (matches {@code re} and binds its text to
 * {@code VAR} for later directives), {@code $()} (nothing) and {@code $$} (a dollar sign). A run of
 * blanks matches any run of blanks, and a pattern that begins or ends with a word character only
 * matches at a word boundary, so {@code check: v1} does not match {@code v10}.
 */
public final class Checker {
    enum Kind { CHECK, SAMELN, NEXTLN, UNORDERED, NOT, REGEX }

    /** One directive; {@code parts} is the parsed pattern (empty for {@code regex:}). */
    record Directive(Kind kind, String source, List<Part> parts, String regexVar, String regex) {}

    sealed interface Part {}

    record Literal(String text) implements Part {}

    record VarRef(String name) implements Part {}

    record VarDef(String name, String regex) implements Part {}

    private static final String[] NAMES = {"check", "sameln", "nextln", "unordered", "not", "regex"};

    private final List<Directive> directives;

    private Checker(List<Directive> directives) { this.directives = directives; }

    /**
     * Extracts the directives from comment texts (leading semicolons and blanks are ignored, as
     * Cranelift's {@code match_directive} does); other comments are skipped.
     */
    public static Checker parse(List<String> comments) throws FileCheckException {
        List<Directive> out = new ArrayList<>();
        for (String c : comments) {
            int i = 0;
            while (i < c.length() && c.charAt(i) == ';') i++;
            String text = c.substring(i).stripLeading();
            for (int k = 0; k < NAMES.length; k++) {
                String name = NAMES[k];
                if (text.startsWith(name) && text.length() > name.length() && text.charAt(name.length()) == ':') {
                    out.add(directive(Kind.values()[k], text.substring(name.length() + 1).strip(), text));
                    break;
                }
            }
        }
        return new Checker(out);
    }

    /** Whether there is nothing to check (only {@code regex:} definitions, or nothing at all). */
    public boolean isEmpty() {
        for (Directive d : directives) if (d.kind != Kind.REGEX) return false;
        return true;
    }

    private static Directive directive(Kind kind, String body, String source) throws FileCheckException {
        if (kind == Kind.REGEX) {
            int eq = body.indexOf('=');
            if (eq <= 0 || !isIdent(body.substring(0, eq).strip()))
                throw new FileCheckException("expected 'regex: NAME=regex' in '" + source + "'");
            String re = body.substring(eq + 1).strip();
            compileCheck(re, source);
            return new Directive(kind, source, List.of(), body.substring(0, eq).strip(), re);
        }
        return new Directive(kind, source, parsePattern(body, source), null, null);
    }

    private static void compileCheck(String re, String source) throws FileCheckException {
        try {
            Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new FileCheckException("invalid regex '" + re + "' in '" + source + "': " + e.getDescription());
        }
    }

    static List<Part> parsePattern(String p, String source) throws FileCheckException {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < p.length() && p.charAt(i + 1) == '$') {
                lit.append('$');
                i += 2;
                continue;
            }
            if (lit.length() > 0) {
                parts.add(new Literal(lit.toString()));
                lit.setLength(0);
            }
            if (i + 1 < p.length() && p.charAt(i + 1) == '(') {
                int depth = 1, j = i + 2;
                while (j < p.length() && depth > 0) {
                    char d = p.charAt(j);
                    if (d == '\\') j++;
                    else if (d == '(') depth++;
                    else if (d == ')') depth--;
                    j++;
                }
                if (depth != 0) throw new FileCheckException("unclosed '$(' in '" + source + "'");
                String inner = p.substring(i + 2, j - 1);
                i = j;
                if (inner.isEmpty()) continue;
                int eq = inner.indexOf('=');
                if (eq < 0) {
                    if (!isIdent(inner)) throw new FileCheckException("bad variable name '" + inner + "' in '" + source + "'");
                    parts.add(new VarRef(inner));
                } else {
                    String name = inner.substring(0, eq);
                    if (!isIdent(name)) throw new FileCheckException("bad variable name '" + name + "' in '" + source + "'");
                    String re = inner.substring(eq + 1);
                    compileCheck(re, source);
                    parts.add(new VarDef(name, re));
                }
                continue;
            }
            int j = i + 1;
            while (j < p.length() && (Character.isLetterOrDigit(p.charAt(j)) || p.charAt(j) == '_')) j++;
            if (j == i + 1) throw new FileCheckException("'$' must be followed by a variable name, '(' or '$' in '" + source + "'");
            parts.add(new VarRef(p.substring(i + 1, j)));
            i = j;
        }
        if (lit.length() > 0) parts.add(new Literal(lit.toString()));
        return parts;
    }

    private static boolean isIdent(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }

    /** Variable values during one check: bound text, or a regex from {@code regex:}. */
    private static final class Env {
        final Map<String, String> values = new HashMap<>();
        final Map<String, String> regexes = new HashMap<>();
    }

    /** A directive's pattern compiled against the current variables, with the groups that bind. */
    private record Compiled(Pattern pattern, List<String> bindNames) {}

    private static Compiled compile(Directive d, Env env) throws FileCheckException {
        StringBuilder re = new StringBuilder();
        List<String> binds = new ArrayList<>();
        Map<String, String> local = new HashMap<>();
        List<Part> parts = d.parts;
        for (int k = 0; k < parts.size(); k++) {
            Part part = parts.get(k);
            switch (part) {
                case Literal l -> {
                    String t = l.text;
                    if (k == 0 && !t.isEmpty() && isWordChar(t.charAt(0))) re.append("\\b");
                    appendLiteral(re, t);
                    if (k == parts.size() - 1 && !t.isEmpty() && isWordChar(t.charAt(t.length() - 1))) re.append("\\b");
                }
                case VarRef v -> {
                    String g = local.get(v.name);
                    if (g != null) re.append("\\k<").append(g).append('>');
                    else if (env.values.containsKey(v.name)) re.append(Pattern.quote(env.values.get(v.name)));
                    else if (env.regexes.containsKey(v.name)) re.append("(?:").append(env.regexes.get(v.name)).append(')');
                    else throw new FileCheckException("undefined variable $" + v.name + " in '" + d.source + "'");
                }
                case VarDef v -> {
                    String g = "d" + binds.size();
                    binds.add(v.name);
                    local.put(v.name, g);
                    re.append("(?<").append(g).append('>').append(v.regex).append(')');
                }
            }
        }
        try {
            return new Compiled(Pattern.compile(re.toString()), binds);
        } catch (PatternSyntaxException e) {
            throw new FileCheckException("invalid pattern in '" + d.source + "': " + e.getDescription());
        }
    }

    private static boolean isWordChar(char c) { return Character.isLetterOrDigit(c) || c == '_'; }

    private static void appendLiteral(StringBuilder re, String t) {
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == ' ' || c == '\t') {
                while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i++;
                re.append("[ \\t]+");
                continue;
            }
            int j = i;
            while (j < t.length() && t.charAt(j) != ' ' && t.charAt(j) != '\t') j++;
            re.append(Pattern.quote(t.substring(i, j)));
            i = j;
        }
    }

    /** A match of one directive: its span. */
    private record Span(int start, int end) {}

    private static Span find(Compiled c, String text, int from, int to, Env env) {
        if (from > to) return null;
        Matcher m = c.pattern.matcher(text);
        m.region(from, to);
        m.useTransparentBounds(true); // word boundaries see the text outside the region
        m.useAnchoringBounds(false);
        if (!m.find()) return null;
        for (int g = 0; g < c.bindNames.size(); g++) env.values.put(c.bindNames.get(g), m.group("d" + g));
        return new Span(m.start(), m.end());
    }

    /**
     * Matches the directives against {@code text}. {@code variables} are predefined values for
     * {@code $NAME} references.
     */
    public CheckResult check(String text, Map<String, String> variables) {
        Env env = new Env();
        env.values.putAll(variables);
        int pos = 0; // end of the last ordered match
        List<Directive> pendingNot = new ArrayList<>();
        List<Directive> pendingUnordered = new ArrayList<>();
        try {
            for (Directive d : directives) {
                switch (d.kind) {
                    case REGEX -> env.regexes.put(d.regexVar, d.regex);
                    case NOT -> pendingNot.add(d);
                    case UNORDERED -> pendingUnordered.add(d);
                    case CHECK, SAMELN, NEXTLN -> {
                        int from = pos, to = text.length();
                        if (d.kind == Kind.SAMELN) {
                            to = lineEnd(text, pos);
                        } else if (d.kind == Kind.NEXTLN) {
                            int eol = text.indexOf('\n', pos);
                            if (eol < 0) return fail(d, "there is no line after the previous match", text, pos);
                            from = eol + 1;
                            to = lineEnd(text, from);
                        }
                        Compiled c = compile(d, env);
                        Span s = find(c, text, from, to, env);
                        if (s == null) return fail(d, "no match", text, from);
                        CheckResult r = settle(pendingUnordered, pendingNot, text, pos, s.start, env);
                        if (r != null) return r;
                        pos = s.end;
                    }
                }
            }
            CheckResult r = settle(pendingUnordered, pendingNot, text, pos, text.length(), env);
            return r != null ? r : CheckResult.OK;
        } catch (FileCheckException e) {
            return CheckResult.fail(e.getMessage());
        }
    }

    /** Checks the unordered and not directives waiting for the range [from, to); clears them. */
    private static CheckResult settle(List<Directive> unordered, List<Directive> nots, String text, int from, int to, Env env)
            throws FileCheckException {
        // Unordered matches may not overlap each other: each claims its span, later ones search around it.
        List<Span> used = new ArrayList<>();
        for (Directive u : unordered) {
            Compiled c = compile(u, env);
            int at = from;
            Span s;
            while (true) {
                s = find(c, text, at, to, env);
                if (s == null) break;
                Span clash = null;
                for (Span o : used) if (s.start < o.end && o.start < s.end) clash = o;
                if (clash == null) break;
                at = Math.max(at + 1, clash.end);
            }
            if (s == null) return fail(u, "no match between the surrounding ordered matches", text, from);
            used.add(s);
        }
        for (Directive n : nots) {
            Compiled c = compile(n, env);
            Span s = find(c, text, from, to, new Env());
            if (s != null) return fail(n, "matched at line " + lineOf(text, s.start) + " but must not", text, s.start);
        }
        unordered.clear();
        nots.clear();
        return null;
    }

    private static int lineEnd(String text, int pos) {
        int eol = text.indexOf('\n', pos);
        return eol < 0 ? text.length() : eol;
    }

    private static int lineOf(String text, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private static CheckResult fail(Directive d, String why, String text, int from) {
        return CheckResult.fail(d.source + ": " + why + " (searching from output line " + lineOf(text, from) + ")");
    }
}

package dev.davit.filetests.filecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private static CheckResult run(String text, String... directives) throws FileCheckException {
        return Checker.parse(List.of(directives)).check(text, Map.of());
    }

    private static final String TEXT = """
            block0(v0: i32):
                v1 = iconst.i32 1
                v2 = iadd v0, v1
                return v2
            """;

    @Test
    void checkMatchesInOrder() throws Exception {
        assertTrue(run(TEXT, "check: iconst", "check: iadd", "check: return").passed());
        assertFalse(run(TEXT, "check: iadd", "check: iconst").passed());
    }

    @Test
    void samelnStaysOnTheLineAndNextlnMovesOne() throws Exception {
        assertTrue(run(TEXT, "check: v2 =", "sameln: iadd v0, v1", "nextln: return v2").passed());
        assertFalse(run(TEXT, "check: v1 =", "sameln: iadd").passed());
        assertFalse(run(TEXT, "check: block0", "nextln: iadd").passed());
    }

    @Test
    void patternsMatchWholeWordsAndAnyBlanks() throws Exception {
        assertFalse(run("v10 = iconst.i32 3", "check: v1 =").passed());
        assertTrue(run("v1   =\ticonst.i32 3", "check: v1 = iconst").passed());
    }

    @Test
    void notMustNotOccurBetweenMatches() throws Exception {
        assertTrue(run(TEXT, "check: iconst", "not: return", "check: iadd").passed());
        assertFalse(run(TEXT, "check: iconst", "not: iadd", "check: return").passed());
        assertFalse(run(TEXT, "not: trap", "not: return").passed());
    }

    @Test
    void unorderedMatchesAnywhereUpToTheNextCheck() throws Exception {
        assertTrue(run(TEXT, "unordered: iadd", "unordered: iconst", "check: return").passed());
        assertFalse(run(TEXT, "check: iadd", "unordered: iconst", "check: return").passed());
        // Two unordered directives may not claim the same text.
        assertFalse(run("a x b", "unordered: x", "unordered: x").passed());
        assertTrue(run("a x b x", "unordered: x", "unordered: x").passed());
    }

    @Test
    void variablesBindAndSubstitute() throws Exception {
        assertTrue(run(TEXT, "check: $(V=v\\d+) = iconst", "check: iadd v0, $V").passed());
        assertFalse(run(TEXT, "check: $(V=v\\d+) = iconst", "check: return $V").passed());
        assertTrue(run(TEXT, "regex: VAL=v\\d+", "check: return $VAL").passed());
        assertTrue(run("cost $5", "check: cost $$5").passed());
        assertTrue(Checker.parse(List.of("check: iadd v0, $X")).check(TEXT, Map.of("X", "v1")).passed());
    }

    @Test
    void undefinedVariableIsAFailureNotAnException() throws Exception {
        CheckResult r = run(TEXT, "check: $NOPE");
        assertFalse(r.passed());
        assertTrue(r.explanation().contains("undefined variable $NOPE"), r.explanation());
    }

    @Test
    void badDirectivesAreRejectedAtParse() {
        assertThrows(FileCheckException.class, () -> Checker.parse(List.of("check: $(V=[)")));
        assertThrows(FileCheckException.class, () -> Checker.parse(List.of("check: $(V=x")));
        assertThrows(FileCheckException.class, () -> Checker.parse(List.of("regex: =x")));
        assertThrows(FileCheckException.class, () -> Checker.parse(List.of("check: $ x")));
    }

    @Test
    void commentsThatAreNotDirectivesAreIgnored() throws Exception {
        Checker c = Checker.parse(List.of("just a comment", "run: %f() == 1", ";; check: iadd"));
        assertFalse(c.isEmpty());
        assertTrue(c.check(TEXT, Map.of()).passed());
        assertTrue(Checker.parse(List.of("nothing here")).isEmpty());
    }

    @Test
    void failureNamesTheDirective() throws Exception {
        CheckResult r = run(TEXT, "check: iconst", "check: fadd");
        assertFalse(r.passed());
        assertTrue(r.explanation().startsWith("check: fadd"), r.explanation());
    }

    /** Any line of a text, checked on its own, is found; its following line is its nextln. */
    @Property(tries = 200)
    void everyLineIsFoundAndFollowedByTheNext(@ForAll @IntRange(min = 2, max = 30) int n,
                                              @ForAll @IntRange(min = 0, max = 28) int k) throws Exception {
        int i = k % (n - 1);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < n; j++) sb.append("line").append(j).append(" = op").append(j * 7).append('\n');
        String text = sb.toString();
        CheckResult r = run(text, "check: line" + i + " = op" + i * 7, "nextln: line" + (i + 1));
        assertTrue(r.passed(), r.explanation());
        assertEquals(false, run(text, "check: line" + (i + 1), "nextln: line" + i).passed());
    }
}

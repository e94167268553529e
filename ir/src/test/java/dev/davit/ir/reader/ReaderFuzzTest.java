package dev.davit.ir.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.ir.Function;
import dev.davit.ir.writer.FunctionWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the input, the reader either returns or throws {@link ParseError} (and not its
 * last-resort "internal error" either); and whatever it accepts prints to text it reads back to
 * the same printout. Inputs are conformance files with random bytes deleted, inserted or
 * replaced, lines duplicated or dropped, and digits changed.
 */
class ReaderFuzzTest {
    private static final List<Path> FILES = Conformance.clifFiles();
    private static final String ALPHABET = " \n\t;:,.=()[]{}<>@%+-*!\"#0123456789abcdefvxipN_";

    @Property(tries = 600)
    void mutatedFilesFailCleanly(@ForAll @IntRange(min = 0, max = 1_000_000) int fileIndex, @ForAll long seed,
                                 @ForAll @IntRange(min = 1, max = 8) int mutations) {
        if (FILES.isEmpty()) return;
        Path p = FILES.get(fileIndex % FILES.size());
        String text = mutate(Conformance.read(p), new Random(seed), mutations);
        TestFile tf;
        try {
            tf = ClifParser.parseTestFile(text, "fuzz.clif");
        } catch (ParseError e) {
            assertFalse(e.message().startsWith("internal error"), () -> e.getMessage() + "\n--- input ---\n" + text);
            return;
        } catch (Throwable t) {
            fail("non-ParseError escaped: " + t + "\n--- input ---\n" + text, t);
            return;
        }
        for (ParsedFunction pf : tf.functions()) {
            String s1;
            try {
                s1 = FunctionWriter.write(pf.function());
            } catch (RuntimeException e) {
                // The reader accepts some functions that are malformed (the verifier's business);
                // printing those is allowed to fail, but not silently differently.
                continue;
            }
            Function f2;
            try {
                f2 = ClifParser.parseFunction(s1);
            } catch (ParseError e) {
                fail("accepted function prints unreadably: " + e.getMessage() + "\n" + s1);
                return;
            }
            assertEquals(s1, FunctionWriter.write(f2));
        }
    }

    @Property(tries = 300)
    void randomTextFailsCleanly(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int length) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("function %f(i32) -> i32 {\nblock0(v0: i32):\n");
        for (int i = 0; i < length; i++) {
            sb.append(r.nextInt(10) == 0 ? (char) r.nextInt(0x3000) : ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        String text = sb.toString();
        try {
            ClifParser.parseTestFile(text, null);
        } catch (ParseError e) {
            assertFalse(e.message().startsWith("internal error"), () -> e.getMessage() + "\n--- input ---\n" + text);
        } catch (Throwable t) {
            fail("non-ParseError escaped: " + t + "\n--- input ---\n" + text, t);
        }
    }

    static String mutate(String text, Random r, int n) {
        StringBuilder sb = new StringBuilder(text);
        for (int k = 0; k < n && !sb.isEmpty(); k++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(7)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 2 -> sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 3 -> sb.setCharAt(at, (char) r.nextInt(0x10000));
                case 4 -> {
                    // Change a digit run: entity numbers and immediates are where limits live.
                    int d = at;
                    while (d < sb.length() && !Character.isDigit(sb.charAt(d))) d++;
                    if (d < sb.length()) sb.insert(d, (char) ('0' + r.nextInt(10)));
                }
                case 5 -> {
                    int b = sb.lastIndexOf("\n", at) + 1;
                    int e = sb.indexOf("\n", b);
                    if (e < 0) e = sb.length();
                    sb.insert(b, sb.substring(b, e) + "\n");
                }
                default -> {
                    int b = sb.lastIndexOf("\n", at) + 1;
                    int e = sb.indexOf("\n", b);
                    if (e < 0) e = sb.length();
                    sb.delete(b, e);
                }
            }
        }
        return sb.toString();
    }
}

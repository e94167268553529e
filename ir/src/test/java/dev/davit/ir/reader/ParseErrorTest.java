package dev.davit.ir.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** Bad input is reported as a ParseError at the right line and column, with a useful message. */
class ParseErrorTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unknown opcode", """
                        function %f() {
                        block0:
                            v0 = frobnicate.i32 1
                        }
                        """, 3, 10, "Unknown opcode: 'frobnicate'"),
                Arguments.of("undefined operand", """
                        function %f() -> i32 {
                        block0:
                            return v7
                        }
                        """, 3, 5, "undefined operand value v7"),
                Arguments.of("missing brace", """
                        function %f()
                        block0:
                        """, 2, 1, "expected '{' before function body"),
                Arguments.of("iconst out of range", """
                        function %f() {
                        block0:
                            v0 = iconst.i8 300
                            return
                        }
                        """, 3, 20, "expected decimal immediate"),
                Arguments.of("negative too small", """
                        function %f() {
                        block0:
                            v0 = iconst.i8 -129
                            return
                        }
                        """, 3, 20, "negative number too small"),
                Arguments.of("duplicate value", """
                        function %f(i32) {
                        block0(v0: i32):
                            v0 = iconst.i32 1
                            return
                        }
                        """, 3, 5, "duplicate entity: v0"),
                Arguments.of("duplicate block", """
                        function %f() {
                        block0:
                            return
                        block0:
                            return
                        }
                        """, 4, 1, "duplicate entity: block0"),
                Arguments.of("undefined function reference", """
                        function %f() {
                        block0:
                            call fn3()
                            return
                        }
                        """, 3, 10, "undefined function fn3"),
                Arguments.of("result count", """
                        function %f(i32) {
                        block0(v0: i32):
                            v1, v2 = iadd v0, v0
                            return
                        }
                        """, 3, 5, "instruction produces 1 result values, 2 given"),
                Arguments.of("iconst needs a type", """
                        function %f() {
                        block0:
                            v0 = iconst 1
                            return
                        }
                        """, 3, 17, "expected one of the following type: i8, i16, i32 or i64"),
                Arguments.of("uninferable type", """
                        function %f() {
                        block0:
                            v1 = iadd v1, v1
                            return
                        }
                        """, 3, 5, "type variable required for polymorphic opcode, e.g. 'iadd.i32'; "
                                + "can't infer from v1 which is not yet resolved"),
                Arguments.of("invalid typevar", """
                        function %f(f32) {
                        block0(v0: f32):
                            v1 = iadd.f32 v0, v0
                            return
                        }
                        """, 3, 10, "f32 is not a valid typevar for iadd"),
                Arguments.of("not polymorphic", """
                        function %f() {
                        block0:
                            jump.i32 block0
                        }
                        """, 3, 5, "jump does not take a typevar"),
                Arguments.of("invalid character", """
                        function %f() {
                        block0:
                            v0 = iconst.i32 $5
                        }
                        """, 3, 21, "invalid character '$'"),
                Arguments.of("unexpected end", """
                        function %f() {
                        block0:
                            return
                        """, 4, 1, "expected block header"),
                Arguments.of("bad parameter type", """
                        function %f(i33) {
                        }
                        """, 1, 13, "expected parameter type"),
                Arguments.of("unknown calling convention", """
                        function %f() fastcall {
                        }
                        """, 1, 15, "unknown calling convention: fastcall"),
                Arguments.of("alias to undefined", """
                        function %f() {
                        block0:
                            v1 -> v9
                            return
                        }
                        """, 3, 5, "value v9 is not yet defined"),
                Arguments.of("odd hex constant", """
                        function %f() {
                            const0 = 0x123
                        block0:
                            return
                        }
                        """, 2, 14, "expected hexadecimal immediate, failed to parse: "
                                + "Hexadecimal string must have an even number of digits"),
                Arguments.of("bad trap code", """
                        function %f() {
                        block0:
                            trap user999
                        }
                        """, 3, 10, "expected trap code"),
                Arguments.of("too many blocks", """
                        function %f() {
                        block100000:
                            return
                        }
                        """, 2, 1, "too many blocks"),
                Arguments.of("dangling set", """
                        test compile
                        target x86_64
                        set opt_level=speed
                        function %f() {
                        }
                        """, 3, 1, "dangling 'set' command after ISA specification has no effect."),
                Arguments.of("unterminated string", """
                        function %f() {
                            region0 = 1 "abc
                        """, 2, 17, "unterminated string"),
                Arguments.of("missing comma", """
                        function %f(i32) -> i32 {
                        block0(v0: i32):
                            v1 = iadd v0 v0
                            return v1
                        }
                        """, 3, 18, "expected ',' between operands"),
                Arguments.of("offset without sign is not an offset", """
                        function %f() {
                            ss0 = explicit_slot 8, align = 3
                        block0:
                            return
                        }
                        """, 2, 36, "stack slot alignment is not a power of two"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsPositionAndMessage(String name, String text, int line, int column, String message) {
        ParseError e = assertThrows(ParseError.class, () -> ClifParser.parseTestFile(text, "t.clif"));
        assertEquals(message, e.message(), name);
        assertEquals(line, e.line(), name + ": line");
        assertEquals(column, e.column(), name + ": column");
        assertEquals("t.clif:" + line + ":" + column + ": " + message, e.getMessage());
        assertEquals("t.clif", e.fileName());
    }
}
